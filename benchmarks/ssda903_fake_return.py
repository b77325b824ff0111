"""SSDA903 on a public fake return Divert did not write: rows read and refused per table and rule, CSV and XML.

    uv run python benchmarks/ssda903_fake_return.py [--data ../shared/data/ssda903/fake_2017_18] [--year 2018]

The folder holds the return's CSV tables and the same return as DfE XML (fake_903.xml). Each format is checked
by the 903 importer's prepare step (no writes) against an empty, throw-away database: printed are the rows read
per table, the rows refused, and the problems per (table, rule), with the set of refused (table, CHILD, rule)
compared across the formats for the children both hold. Only counts are printed, never a child's data.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
from collections import Counter
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "divert.settings.test")
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp(prefix='divert-bench-903-')}/bench.sqlite3"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from divert.ingest.importers import ssda903  # noqa: E402
from divert.ingest.importers.base import Context  # noqa: E402
from divert.ingest.readers import read_table  # noqa: E402
from divert.ingest.ssda903_xml import read_903_xml  # noqa: E402

FAKE = Path("shared") / "data" / "ssda903" / "fake_2017_18"
DEFAULT = next((p / FAKE for p in Path(__file__).resolve().parents[1:4] if (p / FAKE).is_dir()), Path("..") / FAKE)


def table_of(name: str) -> str:
    if "(" in name:
        return name.rsplit("(", 1)[1].rstrip(")")
    return {"header.csv": "Header", "episodes.csv": "Episodes", "missing.csv": "Missing", "oc2.csv": "OC2"}.get(
        Path(name).name, name)


def figures(tables: dict, year: int) -> dict:
    ctx = Context(kind="ssda903", today=dt.date.today(), year=year)
    prepared = ssda903.prepare(tables, ctx)
    read = Counter()
    bad_rows = Counter()
    by_rule = Counter()
    refused = set()
    for unit in prepared.units:
        t = table_of(unit.file)
        read[t] += 1
        if not unit.ok:
            bad_rows[t] += 1
        for p in unit.problems:
            if p.severity == "error":
                by_rule[(t, p.rule, p.column)] += 1
                if p.rule.startswith("dfe_"):
                    by_rule[(t, p.rule, f"={p.value}")] += 1
                refused.add((t, unit.data.get("child"), p.rule))
    skipped = Counter(w.rule for w in prepared.warnings)
    return {"read": read, "bad": bad_rows, "rules": by_rule, "refused": refused, "file_problems":
            [p.reason for p in prepared.file_problems], "skipped": skipped, "rows_read": prepared.rows_read,
            "children": {u.data.get("child") for u in prepared.units if table_of(u.file) == "Header"},
            "warnings": Counter(p.rule for p in prepared.all_warnings())}


def show(label: str, f: dict) -> None:
    print(f"== {label}: rows read {f['rows_read']}, refused {sum(f['bad'].values())}")
    if f["file_problems"]:
        print("   whole-return problems:", f["file_problems"])
    for t in sorted(f["read"]):
        print(f"   {t:<9} read {f['read'][t]:>6}  refused {f['bad'][t]:>5}")
    for (t, rule, col), n in sorted(f["rules"].items()):
        print(f"   problem  {t:<9} {rule:<26} {col:<10} {n:>6}")
    print("   warnings by rule:", dict(sorted(f["warnings"].items())))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT)
    parser.add_argument("--year", type=int, default=2018)
    args = parser.parse_args()
    if not args.data.is_dir():
        sys.exit(f"no fake return at {args.data}")
    call_command("migrate", verbosity=0)
    csv_tables = {}
    for path in sorted(args.data.glob("*.csv")):
        t = read_table(path)
        csv_tables[t.name] = t
    by_csv = figures(csv_tables, args.year)
    by_xml = figures(read_903_xml(args.data / "fake_903.xml"), args.year)
    show("CSV tables", by_csv)
    show("XML (fake_903.xml)", by_xml)
    both = by_csv["children"] & by_xml["children"]
    a = {r for r in by_csv["refused"] if r[1] in both}
    b = {r for r in by_xml["refused"] if r[1] in both}
    print(f"== children in both formats: {len(both)} (CSV {len(by_csv['children'])}, XML {len(by_xml['children'])});"
          f" refused (table, child, rule) for them: CSV {len(a)}, XML {len(b)}, in both {len(a & b)}, "
          f"CSV only {len(a - b)}, XML only {len(b - a)}")


if __name__ == "__main__":
    main()
