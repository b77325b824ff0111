"""Person-linkage accuracy on the generator's truth files.

    uv run python benchmarks/people_accuracy.py --profile city --seeds 1 2 3 [--data DIR] [--scale 1]
    uv run python benchmarks/people_accuracy.py --profile city --seeds 1 2 --pipeline   # database path

For each seed: generate (or reuse) a `divert synth` directory, convert it to the generic people files, run the
generic code path (`divert link people`: train on the files without labels, predict, decide at the default
thresholds), and print precision / recall / F1, the review share among records of children in care, precision at
90% and 98% recall, and the same figures for two baselines: exact matching (forename + surname + date of birth)
and plain splink with its default comparisons. Prints counts and figures only (no personal data).
"""

import argparse
import csv
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "divert.settings.base")
sys.path.insert(0, str(Path(__file__).resolve().parent))

import django  # noqa: E402

django.setup()

import pandas as pd  # noqa: E402
from people_data import convert  # noqa: E402

from divert.matching.people import model as people_model  # noqa: E402
from divert.matching.people.decide import Thresholds, decide  # noqa: E402
from divert.matching.people.generic import link_files, read_people, to_frame  # noqa: E402
from divert.matching.people.predict import best_per_target, score_pairs  # noqa: E402


def generate(profile: str, seed: int, out: Path, scale: float | None, days: int | None) -> Path:
    if (out / "manifest.json").exists():
        return out
    cmd = ["divert", "synth", "--profile", profile, "--seed", str(seed), "--out", str(out), "--quiet"]
    if scale:
        cmd += ["--scale", str(scale)]
    if days:
        cmd += ["--days", str(days)]
    subprocess.run(cmd, check=True)
    return out


def scores_from_decisions(rows: list[tuple[str, str, str]], truth: dict[str, str], left_ids: list[str]) -> dict:
    """rows: (left_id, right_id, decision). Precision/recall/F1 of `link` rows; review share."""
    linked = {lid: rid for lid, rid, d in rows if d == "linked"}
    review = {lid for lid, _rid, d in rows if d == "review"}
    tp = sum(1 for lid, rid in linked.items() if truth.get(lid) == rid)
    fp = len(linked) - tp
    positives = sum(1 for lid in left_ids if lid in truth)
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / positives if positives else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    cic_review = sum(1 for lid in review if lid in truth)
    return {"precision": p, "recall": r, "f1": f1, "tp": tp, "fp": fp, "fn": positives - tp,
            "review": len(review), "review_share_cic": len(review) / positives if positives else 0.0,
            "review_cic": cic_review, "positives": positives}


def precision_at_recall(best: pd.DataFrame, truth: dict[str, str], positives: int, targets=(0.90, 0.98)) -> dict:
    """Rank each record's best candidate by probability; precision where recall first reaches each target."""
    ordered = best.sort_values("match_probability", ascending=False)
    correct = [truth.get(lid) == rid for lid, rid in zip(ordered["left_id"], ordered["right_id"], strict=True)]
    out, tp = {}, 0
    remaining = sorted(targets)
    for n, ok in enumerate(correct, start=1):
        tp += ok
        while remaining and tp / positives >= remaining[0]:
            out[remaining.pop(0)] = tp / n
    for t in remaining:
        out[t] = None  # recall never reached (pairs missed by blocking or below the floor)
    return out


def exact_baseline(left_df: pd.DataFrame, right_df: pd.DataFrame) -> list[tuple[str, str, str]]:
    """Link when forename, surname and date of birth match exactly (trimmed, case-folded) one right entity."""
    def key(df):
        return (df["first_name"].str.strip().str.lower() + "|" + df["last_name"].str.strip().str.lower() + "|"
                + df["date_of_birth"].str.strip())
    rk = pd.DataFrame({"key": key(right_df), "id": right_df["id"]}).drop_duplicates()
    rk = rk[~rk["key"].str.startswith("|") & ~rk["key"].str.endswith("|")]
    groups = rk.groupby("key")["id"].agg(lambda s: sorted(set(s)))
    rows = []
    for lid, k in zip(left_df["id"], key(left_df), strict=True):
        ids = groups.get(k)
        if ids and len(ids) == 1:
            rows.append((lid, ids[0], "linked"))
    return rows


def plain_splink(left: pd.DataFrame, right: pd.DataFrame) -> pd.DataFrame:
    """Splink with its default comparisons, trained the textbook way; best candidate per left record."""
    import logging

    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    def prep(df):
        return pd.DataFrame({"unique_id": df["unique_id"], "record_id": df["record_id"],
                             "first_name": df["first_name"], "surname": df["surname"], "dob": df["dob"],
                             "sex": df["sex"],
                             "postcode": df["pc_sector"].where(df["pc_sector"].isna(),
                                                               df["pc_district"] + " " + df["postcode"].str[-3:])})
    settings = SettingsCreator(
        link_type="link_only", unique_id_column_name="unique_id",
        comparisons=[cl.NameComparison("first_name"), cl.NameComparison("surname"),
                     cl.DateOfBirthComparison("dob", input_is_string=True), cl.ExactMatch("sex"),
                     cl.PostcodeComparison("postcode")],
        blocking_rules_to_generate_predictions=[block_on("dob"), block_on("surname", "first_name")],
        additional_columns_to_retain=["record_id"])
    db = DuckDBAPI()
    sl, sr = db.register(prep(left), table_name="bl"), db.register(prep(right), table_name="br")
    linker = Linker([sl, sr], settings, log_level=logging.WARNING)
    linker.training.estimate_probability_two_random_records_match([block_on("first_name", "surname", "dob")],
                                                                  recall=0.7)
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("dob"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("first_name", "surname"))
    df = linker.inference.predict(threshold_match_probability=0.01).as_pandas_dataframe()
    pairs = pd.DataFrame({"left_id": df["record_id_l"], "right_id": df["record_id_r"],
                          "match_probability": df["match_probability"]})
    return pairs.sort_values("match_probability", ascending=False).drop_duplicates(["left_id", "right_id"])


def run_seed(args, seed: int) -> dict:
    default = Path(tempfile.gettempdir()) / "divert-bench" / f"{args.profile}-{seed}"
    data = generate(args.profile, seed, Path(args.data) if args.data else default, args.scale, args.days)
    gen = data.parent / f"{data.name}-generic"
    conv = convert(data, gen)
    truth = conv["truth"]
    thresholds = Thresholds.from_settings()
    started = time.monotonic()
    result = link_files(gen / "left.csv", gen / "right.csv", gen / "out.csv", thresholds=thresholds)
    seconds = time.monotonic() - started
    with open(gen / "out.csv", encoding="utf-8") as fh:
        rows = [(r["left_id"], r["right_id"], r["decision"]) for r in csv.DictReader(fh)]
    left_raw, right_raw = read_people(gen / "left.csv"), read_people(gen / "right.csv")
    left_ids = list(left_raw["id"])
    ours = scores_from_decisions(rows, truth, left_ids)
    left, right = to_frame(left_raw, "l"), to_frame(right_raw, "r")
    model, _ = people_model.train(left, right)
    pairs = best_per_target(score_pairs(left, right, model, floor=0.01))
    best = pairs.drop_duplicates("left_id", keep="first")
    ours["p_at_r"] = precision_at_recall(best, truth, ours["positives"])
    if args.sweep:
        for auto in (0.8, 0.9, 0.95, 0.98, 0.99):
            ds = decide(pairs, Thresholds(auto=auto, floor=thresholds.floor), left_ids=left_ids)
            srows = [(d.left_id, d.best["right_id"] if d.best else "",
                      d.outcome) for d in ds]
            s = scores_from_decisions(srows, truth, left_ids)
            print(f"  sweep auto={auto}: P {s['precision']:.4f} R {s['recall']:.4f} F1 {s['f1']:.4f} "
                  f"review/CiC {s['review_share_cic']:.3%}")
    exact = scores_from_decisions(exact_baseline(left_raw, right_raw), truth, left_ids)
    plain_pairs = plain_splink(left, right)
    plain_best = plain_pairs.drop_duplicates("left_id", keep="first")
    plain_rows = [(lid, rid, "linked") for lid, rid, p in plain_best[["left_id", "right_id", "match_probability"]]
                  .itertuples(index=False) if p >= thresholds.auto]
    plain = scores_from_decisions(plain_rows, truth, left_ids)
    plain["p_at_r"] = precision_at_recall(plain_best, truth, plain["positives"])
    return {"seed": seed, "records": len(left_ids), "children": result.right, "seconds": seconds, "ours": ours,
            "exact": exact, "plain": plain}


def fmt(name: str, s: dict) -> str:
    par = s.get("p_at_r", {})
    pr = " ".join(f"P@R{int(k * 100)} {v:.4f}" if v is not None else f"P@R{int(k * 100)} n/a" for k, v in par.items())
    return (f"  {name:<14} P {s['precision']:.4f}  R {s['recall']:.4f}  F1 {s['f1']:.4f}  "
            f"(tp {s['tp']} fp {s['fp']} fn {s['fn']})  review {s['review']} = {s['review_share_cic']:.2%} of "
            f"{s['positives']} CiC records  {pr}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--profile", default="city", choices=["city", "national"])
    parser.add_argument("--seeds", type=int, nargs="+", default=[1])
    parser.add_argument("--data", help="reuse this synth directory (one seed)")
    parser.add_argument("--scale", type=float)
    parser.add_argument("--days", type=int)
    parser.add_argument("--sweep", action="store_true", help="also print figures at other auto thresholds")
    parser.add_argument("--pipeline", action="store_true",
                        help="database path instead: import into a throw-away SQLite database and run the people "
                             "pipeline with and without placement evidence (people_pipeline_accuracy.py)")
    args = parser.parse_args()
    if args.pipeline:
        cmd = [sys.executable, str(Path(__file__).resolve().parent / "people_pipeline_accuracy.py"),
               "--profile", args.profile, "--seeds", *map(str, args.seeds)]
        raise SystemExit(subprocess.run(cmd, check=False).returncode)
    thresholds = Thresholds.from_settings()
    print(f"person linkage accuracy, profile {args.profile}, thresholds auto {thresholds.auto} "
          f"floor {thresholds.floor}")
    for seed in args.seeds:
        r = run_seed(args, seed)
        print(f"seed {seed}: {r['records']} police person records, {r['children']} children, "
              f"generic path {r['seconds']:.1f} s")
        print(fmt("divert", r["ours"]))
        print(fmt("exact name+dob", r["exact"]))
        print(fmt("plain splink", r["plain"]))
        o, e, p = r["ours"]["f1"], r["exact"]["f1"], r["plain"]["f1"]
        print(f"  gain: F1 ratio vs exact {o / e:.3f}, vs plain splink {o / p:.3f}; "
              f"errors (1-F1) ratio exact/divert {(1 - e) / max(1 - o, 1e-9):.1f}, "
              f"plain/divert {(1 - p) / max(1 - o, 1e-9):.1f}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (this process) {peak:.0f} MB")


if __name__ == "__main__":
    main()
