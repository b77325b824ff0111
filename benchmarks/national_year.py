"""A national year (or N days) matched to homes and linked to children end to end, measured, per engine.

    uv run python benchmarks/national_year.py --days 365          # a year: ~15 M incidents, ~24 M person records
    uv run python benchmarks/national_year.py --days 30           # a month
    uv run python benchmarks/national_year.py --days 7 --engines duckdb spark --spark-days 1

1. Generates (or reuses, in --data) `divert synth --profile national --days N --fast`.
2. Converts it, streaming, to the generic files: people (left.csv: every named person in incidents, custody and
   missing reports; right.csv: the children's register with aliases) and addresses (messy.csv: one row per
   incident; canonical.csv: the homes register), keeping only the truth's positives in memory.
3. Runs the batch commands as separate processes - `divert match addresses --workers W` and `divert link people
   --chunk-rows R` (DuckDB memory limit 3 GB) - and prints, per step and engine: wall and CPU time, peak memory
   (the process and its workers), records per second, and accuracy on the generator's truth.
4. Spark (if pyspark and a Java runtime are present): `divert link people --engine spark` with the model DuckDB
   trained, on the first --spark-days of records, and DuckDB on the same records for the ratio.

Prints counts and figures only (no personal data). The machine's load average is printed at the start and end.
"""

import argparse
import csv
import os
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
NOW = "2026-11-23T09:30"
PEOPLE = {  # file, id prefix, id column (None: the row number), person fields (Divert names), the record's date
    "incidents": ("incidents.csv", "inc", None, ("person_first_name", "person_last_name", "person_date_of_birth",
                                                 "person_sex", None, "reported_at")),
    "custody": ("custody.csv", "cus", "custody_reference", ("first_name", "last_name", "date_of_birth", "sex",
                                                             "postcode", "arrested_at")),
    "missing": ("missing.csv", "mis", "reference", ("first_name", "last_name", "date_of_birth", "sex",
                                                     "missing_from_postcode", "reported_missing_at")),
}
HEADER = ["id", "first_name", "last_name", "date_of_birth", "sex", "postcode"]
LEFT_HEADER = [*HEADER, "date"]  # the record's own date (ISO), for --care-register
CHUNK = 1_000_000


def load() -> str:
    return "load average " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


def run(cmd: list[str], log: Path) -> dict:
    """Run a command as a child process; its wall and CPU seconds and peak memory (with its own children)."""
    m = try_run(cmd, log)
    if m is None:
        raise SystemExit(f"{' '.join(cmd[:4])}... failed: see {log}")
    return m


def try_run(cmd: list[str], log: Path) -> dict | None:
    """run(), or None if the command fails."""
    started = time.monotonic()
    with open(log, "w", encoding="utf-8") as fh:
        proc = subprocess.Popen(cmd, stdout=fh, stderr=subprocess.STDOUT, cwd=ROOT)
        _pid, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - started
    if os.waitstatus_to_exitcode(status) != 0:
        return None
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "peak_mb": usage.ru_maxrss / 1024}


def divert(*args: str) -> list[str]:
    return [sys.executable, "-m", "divert.cli", *args]


def generate(data: Path, days: int, seed: int) -> dict | None:
    if (data / "manifest.json").exists():
        return None
    data.parent.mkdir(parents=True, exist_ok=True)
    return run(divert("synth", "--profile", "national", "--days", str(days), "--fast", "--seed", str(seed),
                      "--now", NOW, "--out", str(data), "--quiet"), data.parent / f"{data.name}-synth.log")


def _mapping(data: Path) -> dict:
    return tomllib.loads((data / "police" / "mapping.toml").read_text(encoding="utf-8"))


def _chunks(path: Path, kind: str, mapping: dict):
    columns = mapping.get(kind, {}).get("columns", {})
    values = mapping.get(kind, {}).get("values", {})
    for df in pd.read_csv(path, dtype=str, keep_default_na=False, chunksize=CHUNK):
        df = df.rename(columns=columns)
        for field, table in values.items():
            if field in df:
                df[field] = df[field].map(table).fillna(df[field])
        yield df


def convert(data: Path, work: Path, left_limit_days: float | None = None) -> dict:
    """Stream the synth directory into the generic files; return counts and the truth's positives."""
    work.mkdir(parents=True, exist_ok=True)
    mapping = _mapping(data)
    n_left = 0
    with open(work / "left.csv", "w", newline="", encoding="utf-8") as fh:
        fh.write(",".join(LEFT_HEADER) + "\r\n")
        for kind, (fname, prefix, id_field, person) in PEOPLE.items():
            row0 = 1
            for df in _chunks(data / "police" / fname, kind, mapping):
                ids = (prefix + ":" + (pd.RangeIndex(row0, row0 + len(df)).astype(str).to_series(index=df.index)
                                       if id_field is None else df[id_field]))
                row0 += len(df)
                out = pd.DataFrame({"id": ids})
                for col, field in zip(LEFT_HEADER[1:-1], person[:-1], strict=True):
                    out[col] = df[field] if field else ""
                when = df[person[-1]]  # dd/mm/yyyy hh:mm
                out["date"] = when.str.slice(6, 10) + "-" + when.str.slice(3, 5) + "-" + when.str.slice(0, 2)
                out = out[(out["first_name"] != "") | (out["last_name"] != "") | (out["date_of_birth"] != "")]
                out.to_csv(fh, header=False, index=False, lineterminator="\r\n")
                n_left += len(out)
    truth: dict[str, str] = {}
    for kind, fname, key in (("incidents", "incident_people.csv", "source_row"),
                             ("custody", "custody_people.csv", "custody_reference"),
                             ("missing", "missing_people.csv", "reference")):
        t = pd.read_csv(data / "truth" / fname, dtype=str, keep_default_na=False)
        t = t[t["child_id"] != ""]
        truth.update(zip(PEOPLE[kind][1] + ":" + t[key], t["child_id"], strict=True))
    children = pd.read_csv(data / "children.csv", dtype=str, keep_default_na=False)
    with open(work / "right.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(HEADER)
        for row in children.itertuples(index=False):
            w.writerow([row.child_id, row.first_name, row.last_name, row.date_of_birth, row.sex, row.postcode])
            for alias in filter(None, (a.strip() for a in str(getattr(row, "aliases", "")).split(";"))):
                first, _, last = alias.partition(" ")
                w.writerow([row.child_id, first, last or row.last_name, row.date_of_birth, row.sex, row.postcode])
    homes = pd.read_csv(data / "homes.csv", dtype=str, keep_default_na=False)
    address = homes[["address_line1", "address_line2", "address_line3", "town"]].apply(
        lambda r: ", ".join(p for p in r if p), axis=1)
    pd.DataFrame({"id": homes["urn"], "address": address, "postcode": homes["postcode"], "uprn": homes["uprn"],
                  "easting": homes["easting"], "northing": homes["northing"], "name": homes["name"],
                  "opened_on": homes["opened_on"], "closed_on": homes["closed_on"]}).to_csv(
        work / "canonical.csv", index=False)
    n_messy = 0
    with open(work / "messy.csv", "w", newline="", encoding="utf-8") as fh:
        fh.write("id,address,postcode,uprn,easting,northing,date\r\n")
        last_ref = None
        for df in _chunks(data / "police" / "incidents.csv", "incidents", mapping):
            df = df[df["reference"] != df["reference"].shift()]  # one row per person: keep each incident's first
            if last_ref is not None and len(df) and df["reference"].iloc[0] == last_ref:
                df = df.iloc[1:]
            if len(df):
                last_ref = df["reference"].iloc[-1]
            day = df["reported_at"].str.slice(6, 10) + "-" + df["reported_at"].str.slice(3, 5) + "-" + \
                df["reported_at"].str.slice(0, 2)
            pd.DataFrame({"id": df["reference"], "address": df["location"], "postcode": df["postcode"],
                          "uprn": df["uprn"], "easting": df["easting"], "northing": df["northing"],
                          "date": day}).to_csv(fh, header=False, index=False, lineterminator="\r\n")
            n_messy += len(df)
    homes_truth = pd.read_csv(data / "truth" / "incident_homes.csv", dtype=str, keep_default_na=False)
    homes_truth = homes_truth[homes_truth["home_urn"] != ""]
    return {"left": n_left, "messy": n_messy, "truth_people": truth,
            "truth_homes": dict(zip(homes_truth["reference"], homes_truth["home_urn"], strict=True))}


def head(src: Path, dst: Path, rows: int) -> None:
    with open(src, encoding="utf-8") as fin, open(dst, "w", encoding="utf-8") as fout:
        for n, line in enumerate(fin):
            if n > rows:
                break
            fout.write(line)


def people_accuracy(out: Path, truth: dict[str, str], left_ids: int | None = None) -> dict:
    tp = fp = review_cic = 0
    seen_cic = set()
    for df in pd.read_csv(out, dtype=str, keep_default_na=False, chunksize=CHUNK):
        linked = df[df["decision"] == "linked"]
        good = linked["left_id"].map(truth) == linked["right_id"]
        tp += int(good.sum())
        fp += int((~good).sum())
        rev = df[(df["decision"] == "review") & df["left_id"].isin(truth.keys())]["left_id"]
        seen_cic.update(rev)
    review_cic = len(seen_cic)
    positives = len(truth) if left_ids is None else left_ids
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / positives if positives else 1.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "tp": tp, "fp": fp,
            "positives": positives, "review_share_of_children": review_cic / positives if positives else 0.0}


def address_accuracy(out: Path, truth: dict[str, str]) -> dict:
    tp = fp = 0
    for df in pd.read_csv(out, dtype=str, keep_default_na=False, chunksize=CHUNK, usecols=["messy_id",
                                                                                         "canonical_id", "decision"]):
        linked = df[df["decision"] == "linked"]
        good = linked["messy_id"].map(truth) == linked["canonical_id"]
        tp += int(good.sum())
        fp += int((~good).sum())
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / len(truth) if truth else 1.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "tp": tp, "fp": fp,
            "positives": len(truth)}


def show(name: str, m: dict, records: int) -> None:
    rates = (f", {records / max(m['wall'], 1e-9):,.0f} records/s (wall), {records / max(m['cpu'], 1e-9):,.0f} per "
             "CPU second") if records else ""
    print(f"  {name}: wall {m['wall']:.0f} s, CPU {m['cpu']:.0f} s, peak {m['peak_mb']:.0f} MB{rates}", flush=True)


def spark_missing() -> str | None:
    import importlib.util

    if importlib.util.find_spec("pyspark") is None:
        return "pyspark is not installed (uv sync --group spark)"
    if not (os.environ.get("JAVA_HOME") or shutil.which("java")):
        return "no Java runtime (java -version)"
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--data", type=Path, default=None, help="synth directory (default: a temporary one, kept)")
    parser.add_argument("--engines", nargs="+", default=["duckdb", "spark"], choices=["duckdb", "spark"])
    parser.add_argument("--spark-days", type=float, default=1.0, help="days of records linked on Spark (default 1)")
    parser.add_argument("--chunk-rows", type=int, default=500_000)
    parser.add_argument("--workers", type=int, default=2, help="address-matching processes (default 2)")
    parser.add_argument("--skip-addresses", action="store_true")
    parser.add_argument("--care-register", action="store_true",
                        help="link people with --care-register (records too old for the register not scored)")
    args = parser.parse_args()
    import tempfile

    data = args.data or Path(tempfile.gettempdir()) / "divert-bench" / f"national-{args.days}d"
    work = data.parent / f"{data.name}-batch"
    print(f"national, {args.days} day(s); {os.cpu_count()} CPUs; {load()}", flush=True)
    gen = generate(data, args.days, args.seed)
    if gen:
        show("generate (divert synth --fast)", gen, 0)
    else:
        print(f"  reusing {data}")
    t = time.monotonic()
    conv = convert(data, work)
    print(f"  converted to the generic files in {time.monotonic() - t:.0f} s: {conv['left']:,} person records, "
          f"{conv['messy']:,} incidents, {len(conv['truth_people']):,} records of children in care, "
          f"{len(conv['truth_homes']):,} incidents at homes", flush=True)
    total = {"wall": 0.0, "cpu": 0.0, "peak_mb": 0.0}
    if not args.skip_addresses:
        m = run(divert("match", "addresses", "--canonical", str(work / "canonical.csv"), "--messy",
                       str(work / "messy.csv"), "--out", str(work / "addresses-out.csv"), "--workers",
                       str(args.workers)), work / "addresses.log")
        show("addresses (divert match addresses)", m, conv["messy"])
        acc = address_accuracy(work / "addresses-out.csv", conv["truth_homes"])
        print(f"    accuracy: precision {acc['precision']:.4f}, recall {acc['recall']:.4f}, F1 {acc['f1']:.4f} "
              f"({acc['tp']} of {acc['positives']} incidents at homes, {acc['fp']} wrong)")
        total = {k: (max(total[k], m[k]) if k == "peak_mb" else total[k] + m[k]) for k in total}
    out = work / "people-duckdb.csv"
    for f in (out, out.with_name(out.name + ".checkpoint.json")):
        f.unlink(missing_ok=True)
    shutil.rmtree(out.with_name(out.name + ".model"), ignore_errors=True)
    m = run(divert("link", "people", "--left", str(work / "left.csv"), "--right", str(work / "right.csv"), "--out",
                   str(out), "--chunk-rows", str(args.chunk_rows), "--memory-limit", "3GB", "--temp-directory",
                   str(work / "spill"), *(["--care-register"] if args.care_register else [])),
            work / "people-duckdb.log")
    show("people, DuckDB (divert link people --chunk-rows, training on the first chunk included"
         + (", --care-register" if args.care_register else "") + ")", m, conv["left"])
    summary = (work / "people-duckdb.log").read_text(encoding="utf-8").strip().splitlines()
    if summary:
        print(f"    {summary[-1]}")  # the command's counts (no personal data)
    acc = people_accuracy(out, conv["truth_people"])
    print(f"    accuracy: precision {acc['precision']:.4f}, recall {acc['recall']:.4f}, F1 {acc['f1']:.4f}, "
          f"review share of children's records {acc['review_share_of_children']:.4f} "
          f"({acc['tp']} of {acc['positives']}, {acc['fp']} wrong)")
    total = {k: (max(total[k], m[k]) if k == "peak_mb" else total[k] + m[k]) for k in total}
    print(f"  end to end (addresses + people, DuckDB): wall {total['wall']:.0f} s = {total['wall'] / 60:.1f} min, "
          f"CPU {total['cpu']:.0f} s, peak {total['peak_mb']:.0f} MB", flush=True)
    if "spark" in args.engines:
        reason = spark_missing()
        if reason:
            print(f"  Spark: skipped ({reason})")
        else:
            rows = int(conv["left"] * min(1.0, args.spark_days / args.days))
            head(work / "left.csv", work / "left-spark.csv", rows)
            model = next((out.with_name(out.name + ".model")).glob("people-*.json"))
            ids = pd.read_csv(work / "left-spark.csv", dtype=str, keep_default_na=False, usecols=["id"])["id"]
            sub_truth = {i: conv["truth_people"][i] for i in ids if i in conv["truth_people"]}
            for engine in ("duckdb", "spark"):
                sub_out = work / f"people-{engine}-subset.csv"
                sub = try_run(divert("link", "people", "--left", str(work / "left-spark.csv"), "--right",
                               str(work / "right.csv"), "--out", str(sub_out), "--model", str(model),
                               "--engine", engine, "--chunk-rows", str(args.chunk_rows), "--restart"),
                              work / f"people-{engine}-subset.log")
                if sub is None:
                    print(f"  people, {engine}: failed (see {work / f'people-{engine}-subset.log'})")
                    break
                show(f"people, {engine}, first {args.spark_days:g} day(s) ({rows:,} records, saved model)", sub, rows)
                acc = people_accuracy(sub_out, sub_truth)
                print(f"    accuracy: precision {acc['precision']:.4f}, recall {acc['recall']:.4f}, "
                      f"F1 {acc['f1']:.4f}", flush=True)
                if engine == "duckdb":
                    duck = sub
                else:
                    print(f"    Spark / DuckDB: wall {sub['wall'] / max(duck['wall'], 1e-9):.1f}x, "
                          f"CPU {sub['cpu'] / max(duck['cpu'], 1e-9):.1f}x")
    print(f"done; {load()}")


if __name__ == "__main__":
    main()
