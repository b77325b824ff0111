"""Candidate rules measured: pairs each rule generates and the true pairs it keeps (alone and only through it).

    uv run python benchmarks/people_blocking.py [--data DIR] [--profile national] [--days 1] [--seed 1]

Generates (or reuses) a `divert synth` directory, converts it to the generic people files with truth
(people_data.py), normalises both sides as the daily run does and, for each rule of `model.blocking_rules()`
(or of `--rules old`, the rules before ADR 0049, for comparison), counts with DuckDB: the left-right pairs it
generates, the true pairs (record, its child) it generates, and the true pairs no other rule generates. Then the
union: all pairs, true pairs kept, and their recall. Counts only, no personal data.
"""

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "divert.settings.base")
sys.path.insert(0, str(Path(__file__).resolve().parent))

import django  # noqa: E402

django.setup()

import duckdb  # noqa: E402
import pandas as pd  # noqa: E402
from people_data import convert  # noqa: E402

from divert.matching.people import model as people_model  # noqa: E402
from divert.matching.people.generic import read_people, to_frame  # noqa: E402

# The candidate rules before ADR 0049 (ADR 0032), kept here to measure against.
OLD_RULES = [
    "l.dob = r.dob",
    "l.dob_swapped = r.dob",
    "l.surname = r.surname and l.dob_year = r.dob_year",
    "l.first_name = r.first_name and l.dob_ym = r.dob_ym",
    "l.first_name = r.first_name and l.dob_md = r.dob_md",
    "l.surname_key = r.surname_key and l.fn_initial = r.fn_initial",
    "l.fn_nysiis = r.fn_nysiis and l.sn_nysiis = r.sn_nysiis",
    "l.fn_initial = r.fn_initial and l.postcode = r.postcode",
    "l.surname = r.surname and l.postcode = r.postcode",
    "l.surname_key = r.fn_key and l.fn_key = r.surname_key",
    "l.fn_initial = r.sn_initial and l.sn_initial = r.fn_initial and l.postcode = r.postcode",
]


def rule_sql(rule) -> str:
    """A blocking rule (a splink `block_on` creator or a SQL string) as SQL on `l` and `r`."""
    if isinstance(rule, str):
        return rule
    return rule.get_blocking_rule("duckdb").blocking_rule_sql


def measure(left: pd.DataFrame, right: pd.DataFrame, truth: dict[str, str], rules: list[str]) -> dict:
    con = duckdb.connect()
    con.register("l_df", left)
    con.register("r_df", right)
    con.execute("create table l as select * from l_df")
    con.execute("create table r as select * from r_df")
    true_pairs = pd.DataFrame({"record_id": list(truth), "child": list(truth.values())})
    con.register("t_df", true_pairs)
    con.execute("create table t as select * from t_df")
    # Every true (left row, right row) pair: a record against each register row (aliases) of its child.
    con.execute("create table tp as select l.unique_id as lu, r.unique_id as ru, l.record_id as lr "
                "from l join t on l.record_id = t.record_id join r on r.record_id = t.child")
    n_true_records = con.execute("select count(distinct lr) from tp").fetchone()[0]
    per_rule = []
    con.execute("create table hit (rule int, lr varchar)")
    for i, sql in enumerate(rules):
        pairs = con.execute(f"select count(*) from l join r on ({sql})").fetchone()[0]
        con.execute(f"insert into hit select distinct {i}, tp.lr from tp join l on l.unique_id = tp.lu "
                    f"join r on r.unique_id = tp.ru where ({sql})")
        kept = con.execute(f"select count(*) from hit where rule = {i}").fetchone()[0]
        per_rule.append({"rule": sql, "pairs": pairs, "true_records": kept})
    for i, row in enumerate(per_rule):
        row["only_this_rule"] = con.execute(
            f"select count(*) from (select lr from hit group by lr having min(rule) = {i} and max(rule) = {i})"
        ).fetchone()[0]
    union = " union ".join(f"select l.unique_id as lu, r.unique_id as ru from l join r on ({s})" for s in rules)
    total = con.execute(f"select count(*) from ({union})").fetchone()[0]
    kept = con.execute("select count(distinct lr) from hit").fetchone()[0]
    return {"rules": per_rule, "pairs": total, "true_records": n_true_records, "kept": kept,
            "recall": kept / n_true_records if n_true_records else 1.0}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", help="a divert synth directory (default: generated under the temp directory)")
    parser.add_argument("--profile", default="national")
    parser.add_argument("--days", type=int, default=1)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rules", choices=["current", "old"], default="current")
    args = parser.parse_args()
    base = Path(tempfile.gettempdir()) / "divert-bench"
    data = Path(args.data) if args.data else base / (
        "national-day" if args.profile == "national" else f"{args.profile}-{args.seed}")
    if not (data / "manifest.json").exists():
        cmd = ["divert", "synth", "--profile", args.profile, "--seed", str(args.seed), "--out", str(data), "--quiet"]
        if args.profile == "national":
            cmd += ["--days", str(args.days)]
        subprocess.run(cmd, check=True)
    gen = data.parent / f"{data.name}-generic"
    conv = convert(data, gen)
    left = to_frame(read_people(gen / "left.csv"), "l")
    right = to_frame(read_people(gen / "right.csv"), "r")
    rules = OLD_RULES if args.rules == "old" else [rule_sql(r) for r in people_model.blocking_rules()]
    out = measure(left.drop(columns=["fn_canon", "surname_parts"]), right.drop(columns=["fn_canon", "surname_parts"]),
                  conv["truth"], rules)
    print(f"{len(left)} records, {len(right)} register rows, {out['true_records']} records of a child in care")
    print(f"{'pairs':>10} {'true kept':>10} {'only here':>10}  rule")
    for row in out["rules"]:
        print(f"{row['pairs']:>10} {row['true_records']:>10} {row['only_this_rule']:>10}  {row['rule']}")
    print(f"all rules: {out['pairs']} pairs; true pairs kept {out['kept']} of {out['true_records']} "
          f"(recall {out['recall']:.4f})")


if __name__ == "__main__":
    main()
