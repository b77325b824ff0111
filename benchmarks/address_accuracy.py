"""Address matching: accuracy and throughput on the generator's truth files.

    uv run python benchmarks/address_accuracy.py --profile city --seeds 1 2 3
    uv run python benchmarks/address_accuracy.py --profile national --days 1 [--repeat 10]
    uv run python benchmarks/address_accuracy.py --data DIR          (an existing `divert synth` directory)

For each seed it generates the profile with `divert synth`, converts homes.csv and police/incidents.csv (through
police/mapping.toml) into the generic command's canonical and messy formats, runs the generic matcher (the same
code path as `divert match addresses`) and compares with truth/incident_homes.csv. Printed: precision, recall, F1,
review share, every wrong automatic link (by incident reference), precision at 90% and 98% recall (ranking by
score), the exact postcode + house-number baseline and a fuzzy-text baseline, the gain ratio, throughput and peak
memory. Only references, home URNs and counts are printed, never an incident location.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
import tomllib
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "divert.settings.base")

from divert.matching.addresses.generic import match_files, read_rows  # noqa: E402

INCIDENT_FIELDS = ("reference", "reported_at", "location", "postcode", "uprn", "easting", "northing")


def generate(profile: str, seed: int, out: Path, extra: list[str]) -> None:
    cmd = [sys.executable, "-m", "divert.cli", "synth", "--profile", profile, "--seed", str(seed), "--out", str(out),
           *extra]
    subprocess.run(cmd, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- conversion to the generic formats -----------------------------------------------------------------------
def write_canonical(data: Path, out: Path) -> int:
    n = 0
    with open(out, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "address", "postcode", "uprn", "easting", "northing", "name", "opened_on", "closed_on"])
        for row in read_rows_any(data / "homes.csv"):
            address = ", ".join(row.get(k, "") for k in ("address_line1", "address_line2", "address_line3", "town")
                                if row.get(k))
            w.writerow([row["urn"], address, row.get("postcode", ""), row.get("uprn", ""), row.get("easting", ""),
                        row.get("northing", ""), row.get("name", ""), row.get("opened_on", ""),
                        row.get("closed_on", "")])
            n += 1
    return n


def read_rows_any(path: Path):
    """Rows of any CSV as {lower-cased header: value} (read_rows needs the generic columns, these files differ)."""
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        header = [" ".join(h.split()).lower() for h in next(reader)]
        for cells in reader:
            yield dict(zip(header, (c.strip() for c in cells), strict=False))


def incident_columns(data: Path) -> tuple[dict[str, str], str]:
    """Force header -> Divert field for incidents, and the date-time format, from police/mapping.toml."""
    mapping_file = data / "police" / "mapping.toml"
    if not mapping_file.exists():
        return {f: f for f in INCIDENT_FIELDS}, "%Y-%m-%dT%H:%M"
    mapping = tomllib.loads(mapping_file.read_text())
    columns = {" ".join(k.split()).lower(): v for k, v in mapping.get("incidents", {}).get("columns", {}).items()}
    return columns, mapping.get("formats", {}).get("datetime", "%d/%m/%Y %H:%M")


def write_messy(data: Path, out: Path) -> int:
    columns, dt_format = incident_columns(data)
    seen: set[str] = set()
    with open(out, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "address", "postcode", "uprn", "easting", "northing", "date"])
        for row in read_rows_any(data / "police" / "incidents.csv"):
            f = {columns.get(k, k): v for k, v in row.items()}
            ref = f.get("reference", "")
            if not ref or ref in seen:
                continue  # one row per person: the incident fields repeat
            seen.add(ref)
            try:
                day = dt.datetime.strptime(f.get("reported_at", ""), dt_format).date().isoformat()
            except ValueError:
                day = f.get("reported_at", "")[:10]
            w.writerow([ref, f.get("location", ""), f.get("postcode", ""), f.get("uprn", ""), f.get("easting", ""),
                        f.get("northing", ""), day])
    return len(seen)


def load_truth(data: Path) -> dict[str, str]:
    return {r["reference"]: r.get("home_urn", "") for r in read_rows_any(data / "truth" / "incident_homes.csv")}


# --- metrics ---------------------------------------------------------------------------------------------------
def metrics(pred: dict[str, str], truth: dict[str, str]) -> dict:
    """Precision, recall, F1 of automatic links against the truth (a link to the wrong home is a false positive)."""
    positives = sum(1 for v in truth.values() if v)
    tp = sum(1 for k, v in pred.items() if v and truth.get(k) == v)
    fp = sum(1 for k, v in pred.items() if v and truth.get(k) != v)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / positives if positives else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"tp": tp, "fp": fp, "positives": positives, "precision": precision, "recall": recall, "f1": f1}


def precision_at_recall(ranked: list[tuple[float, bool]], positives: int, target: float) -> float | None:
    """Precision at the first cut of the score ranking that reaches `target` recall (None if never reached)."""
    tp = fp = 0
    for _score, correct in ranked:
        tp, fp = tp + correct, fp + (not correct)
        if positives and tp / positives >= target:
            return tp / (tp + fp)
    return None


HOUSE_NUMBER = re.compile(r"\b(\d+[A-Za-z]?)\b")


def exact_key(address: str, postcode: str) -> tuple[str, str] | None:
    """Baseline key: the postcode as typed (spaces and case ignored) and the first house number in the text."""
    pc = re.sub(r"\s", "", postcode or "").upper()
    m = HOUSE_NUMBER.search(address or "")
    if not m:
        return None
    if not pc:
        tail = re.search(r"([A-Za-z]{1,2}\d[A-Za-z\d]?\s*\d[A-Za-z]{2})\s*$", address or "")
        pc = re.sub(r"\s", "", tail.group(1)).upper() if tail else ""
    return (pc, m.group(1).upper()) if pc else None


def baseline_exact(canonical: Path, messy: Path) -> dict[str, str]:
    index: dict[tuple[str, str], list[str]] = defaultdict(list)
    for row in read_rows(canonical):
        key = exact_key(row["address"], row["postcode"])
        if key:
            index[key].append(row["id"])
    pred = {}
    for row in read_rows(messy):
        key = exact_key(row["address"], row["postcode"])
        hits = index.get(key, []) if key else []
        pred[row["id"]] = hits[0] if len(hits) == 1 else ""
    return pred


def baseline_fuzzy(canonical: Path, messy: Path, cutoff: float = 90) -> dict[str, str]:
    """Baseline 2: best token-set similarity of the whole text within the same postcode district, above `cutoff`."""
    from rapidfuzz import fuzz, process

    by_district: dict[str, list[tuple[str, str]]] = defaultdict(list)

    def district(pc: str) -> str:
        pc = re.sub(r"\s", "", pc or "").upper()
        return pc[:-3] if len(pc) >= 5 else ""

    for row in read_rows(canonical):
        by_district[district(row["postcode"])].append((row["id"], row["address"].upper()))
    pred = {}
    for row in read_rows(messy):
        block = by_district.get(district(row["postcode"]), [])
        best = process.extractOne(row["address"].upper(), [a for _, a in block], scorer=fuzz.token_set_ratio,
                                  score_cutoff=cutoff) if block else None
        pred[row["id"]] = block[best[2]][0] if best else ""
    return pred


def same_address(canonical: Path, messy: Path, pairs: list[tuple[str, str]]) -> set[str]:
    """Messy ids of (messy, canonical) pairs that are literally the same address: the same UPRN, or the same
    postcode, building number and flat, or the same number and flat within 15 m. A wrong link there is the truth
    file's word against the address's."""
    from divert.matching.addresses.generic import canonical_record, messy_record

    wanted_m, wanted_c = {m for m, _ in pairs}, {c for _, c in pairs}
    homes = {row["id"]: canonical_record(row) for row in read_rows(canonical) if row["id"] in wanted_c}
    out = set()
    for row in read_rows(messy):
        if row["id"] not in wanted_m:
            continue
        m = messy_record(row)
        c = homes[dict(pairs)[row["id"]]]
        mp, cp = m.parsed, c.parsed
        same_uprn = bool(m.uprn) and m.uprn == c.uprn
        same_parts = (mp.postcode is not None and cp.postcode is not None and mp.postcode.unit == cp.postcode.unit
                      and mp.number == cp.number and mp.unit == cp.unit)
        near = (m.has_point and c.has_point and mp.number == cp.number and mp.unit == cp.unit
                and abs(m.easting - c.easting) + abs(m.northing - c.northing) <= 15)  # type: ignore[operator]
        if same_uprn or same_parts or near:
            out.add(row["id"])
    return out


def cpu_seconds() -> float:
    """CPU time of this process and its finished workers: throughput that a busy shared machine does not skew."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def evaluate(data: Path, work: Path, repeat: int = 1, workers: int = 1) -> dict:
    canonical, messy, out = work / "canonical.csv", work / "messy.csv", work / "out.csv"
    n_homes = write_canonical(data, canonical)
    n_messy = write_messy(data, messy)
    if repeat > 1:  # throughput at scale: the same day's records many times over
        rows = messy.read_text(encoding="utf-8").splitlines()
        with open(messy, "w", encoding="utf-8") as fh:
            fh.write(rows[0] + "\n")
            for i in range(repeat):
                fh.writelines((f"r{i}-" if i else "") + r + "\n" for r in rows[1:])
    truth = load_truth(data)
    start, cpu_start = time.perf_counter(), cpu_seconds()
    counts = match_files(canonical, messy, out, workers=workers)
    elapsed, cpu = time.perf_counter() - start, cpu_seconds() - cpu_start
    result_rows = list(read_rows_any(out))
    if repeat > 1:
        result_rows = [r for r in result_rows if not r["messy_id"].startswith("r")]
    pred = {r["messy_id"]: r["canonical_id"] if r["decision"] == "linked" else "" for r in result_rows}
    m = metrics(pred, truth)
    on_homes = [r for r in result_rows if truth.get(r["messy_id"])]
    ranked = sorted(((float(r["score"] or 0), bool(r["candidate_id"]) and truth.get(r["messy_id"]) == r["candidate_id"])
                     for r in result_rows if r["candidate_id"]), reverse=True)
    wrong = [(r["messy_id"], truth.get(r["messy_id"]) or "-", r["canonical_id"], r["score"], r["method"])
             for r in result_rows if r["decision"] == "linked" and truth.get(r["messy_id"]) != r["canonical_id"]]
    same_place = same_address(canonical, messy, [(w[0], w[2]) for w in wrong])
    missed = Counter(r["decision"] for r in on_homes if r["decision"] != "linked" or r["canonical_id"] !=
                     truth.get(r["messy_id"]))
    review_right = sum(1 for r in on_homes if r["decision"] == "review" and r["canonical_id"] == truth[r["messy_id"]])
    return {
        "homes": n_homes, "incidents": n_messy, "at_homes": m["positives"], "counts": counts, **m,
        "review_share": sum(1 for r in result_rows if r["decision"] == "review") / max(len(result_rows), 1),
        "review_right": review_right, "missed": dict(missed),
        "p_at_90": precision_at_recall(ranked, m["positives"], 0.90),
        "p_at_98": precision_at_recall(ranked, m["positives"], 0.98),
        "wrong": wrong, "same_place": same_place,
        "methods": Counter(r["method"] for r in result_rows if r["decision"] == "linked"),
        "seconds": elapsed, "throughput": n_messy * repeat / elapsed if elapsed else 0.0, "cpu": cpu,
        "per_cpu_second": n_messy * repeat / cpu if cpu else 0.0, "matched": n_messy * repeat, "workers": workers,
        "exact": metrics(baseline_exact(canonical, messy), truth),
        "fuzzy": metrics(baseline_fuzzy(canonical, messy), truth) if repeat == 1 else None,
        "peak_mb": peak_rss_mb(),
    }


def handmade() -> None:
    """The hand-made set of real-world UK conventions (tests/matching/addresses/uk_handmade.py), same code path."""
    sys.path.insert(0, str(ROOT))
    from tests.matching.addresses.uk_handmade import cases

    canonical, messy, truth, expect = cases()
    with tempfile.TemporaryDirectory() as tmp:
        c, m, o = Path(tmp, "c.csv"), Path(tmp, "m.csv"), Path(tmp, "o.csv")
        for path, rows in ((c, canonical), (m, messy)):
            with open(path, "w", newline="", encoding="utf-8") as fh:
                w = csv.DictWriter(fh, fieldnames=["id", "address", "postcode"])
                w.writeheader()
                w.writerows(rows)
        counts = match_files(c, m, o)
        rows = list(read_rows_any(o))
        exact = metrics(baseline_exact(c, m), truth)
    pred = {r["messy_id"]: r["canonical_id"] if r["decision"] == "linked" else "" for r in rows}
    r = metrics(pred, truth)
    plain = [k for k, e in expect.items() if e == "link"]
    print(f"\n== hand-made UK set: {len(canonical)} canonical, {len(messy)} messy ({r['positives']} at a place)")
    print(f"   outcomes        linked {counts['linked']}, review {counts['review']}, none {counts['none']}")
    print(f"   precision       {r['precision']:.4f}   recall {r['recall']:.4f}   F1 {r['f1']:.4f}   "
          f"wrong links {r['fp']}")
    print(f"   plain cases linked right: {sum(1 for k in plain if pred[k] == truth[k])} of {len(plain)}")
    print(f"   baseline exact postcode+number: precision {exact['precision']:.4f} recall {exact['recall']:.4f} "
          f"F1 {exact['f1']:.4f}, wrong links {exact['fp']}")


def fmt(x: float | None) -> str:
    return "not reached" if x is None else f"{x:.4f}"


def report(label: str, r: dict) -> None:
    print(f"\n== {label}: {r['homes']} homes, {r['incidents']} incidents ({r['at_homes']} at a home)")
    print(f"   outcomes        linked {r['counts']['linked']}, review {r['counts']['review']}, "
          f"none {r['counts']['none']}")
    print(f"   precision       {r['precision']:.4f}   recall {r['recall']:.4f}   F1 {r['f1']:.4f}")
    print(f"   review share    {r['review_share']:.4f} of all incidents; at-home incidents not linked: {r['missed']} "
          f"(review with the right home first: {r['review_right']})")
    print(f"   wrong automatic links: {len(r['wrong'])}, of which {len(r['same_place'])} at the linked home's own "
          f"address (same UPRN; or same number and flat with the same postcode or within 15 m) "
          f"while the truth file says otherwise")
    for ref, true, got, score, method in r["wrong"]:
        note = "same address as the home" if ref in r["same_place"] else ""
        print(f"     {ref}: truth {true}, linked {got} (score {score}, {method}) {note}")
    print(f"   precision at 90% recall {fmt(r['p_at_90'])}; at 98% recall {fmt(r['p_at_98'])}")
    ex = r["exact"]
    print(f"   baseline exact postcode+number: precision {ex['precision']:.4f} recall {ex['recall']:.4f} "
          f"F1 {ex['f1']:.4f}; gain in recall x{r['recall'] / ex['recall'] if ex['recall'] else float('inf'):.2f}, "
          f"in F1 x{r['f1'] / ex['f1'] if ex['f1'] else float('inf'):.2f}, wrong links {ex['fp']} vs {r['fp']}")
    if r["fuzzy"]:
        fz = r["fuzzy"]
        print(f"   baseline fuzzy text in district (token-set >= 90): precision {fz['precision']:.4f} "
              f"recall {fz['recall']:.4f} F1 {fz['f1']:.4f}, wrong links {fz['fp']}")
    print(f"   methods of links {dict(r['methods'])}")
    print(f"   throughput {r['matched']:,} matched in {r['seconds']:.1f} s wall ({r['throughput']:,.0f}/s, "
          f"{r['workers']} worker(s)), {r['cpu']:.1f} CPU s ({r['per_cpu_second']:,.0f} per CPU second); "
          f"peak memory {r['peak_mb']:.0f} MB; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    year = 15_000_000 / r["per_cpu_second"] / 60 if r["per_cpu_second"] else 0
    print(f"   a year of the national profile (15 million) at this rate: {year:.0f} CPU minutes")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--profile", default="city", choices=["city", "national"])
    parser.add_argument("--seeds", type=int, nargs="+", default=[1])
    parser.add_argument("--days", type=int, default=None, help="national profile: days of incidents to generate")
    parser.add_argument("--data", type=Path, nargs="+", default=None,
                        help="use existing `divert synth` directories instead of generating")
    parser.add_argument("--repeat", type=int, default=1, help="match the messy file this many times (throughput)")
    parser.add_argument("--handmade", action="store_true", help="only the hand-made set of UK conventions")
    parser.add_argument("--workers", type=int, default=1, help="processes matching in parallel")
    parser.add_argument("--letter-flats-differ", action="store_true",
                        help="sensitivity: send Flat E against Flat 5 to review (score.LETTER_NUMBER_FLATS_AGREE off)")
    parser.add_argument("--keep", type=Path, default=None, help="keep generated data and outputs here")
    args = parser.parse_args()
    if args.handmade:
        handmade()
        return
    if args.letter_flats_differ:
        from divert.matching.addresses import score

        score.LETTER_NUMBER_FLATS_AGREE = False
    extra = ["--days", str(args.days)] if args.days else []
    with tempfile.TemporaryDirectory() as tmp:
        base = args.keep or Path(tmp)
        runs = [(f"data {d}", d) for d in args.data] if args.data else [
            (f"{args.profile} seed {s}", base / f"{args.profile}-{s}") for s in args.seeds]
        totals = Counter()
        for label, data in runs:
            if not args.data:
                generate(args.profile, int(label.rsplit(" ", 1)[1]), data, extra)
            work = base / f"work-{data.name}"
            work.mkdir(parents=True, exist_ok=True)
            r = evaluate(data, work, args.repeat, args.workers)
            report(label, r)
            totals.update({"tp": r["tp"], "fp": r["fp"], "same_place": len(r["same_place"]),
                           "positives": r["positives"], "review": r["counts"]["review"], "incidents": r["incidents"]})
        if len(runs) > 1:
            p = totals["tp"] / max(totals["tp"] + totals["fp"], 1)
            rc = totals["tp"] / max(totals["positives"], 1)
            print(f"\n== all runs: precision {p:.4f} recall {rc:.4f} F1 {2 * p * rc / (p + rc):.4f} "
                  f"wrong links {totals['fp']} ({totals['same_place']} at the home's own address) "
                  f"review share {totals['review'] / totals['incidents']:.4f}")


if __name__ == "__main__":
    main()
