"""Benchmark: render the Multiple Missing and Hotspots pack for a demo-city month (goal: under 10 seconds).

    uv run python benchmarks/missing_pack.py [--homes 75] [--children 300]
    DATABASE_URL=sqlite:///var/divert.sqlite3 uv run python benchmarks/missing_pack.py --existing --month 2026-10

With --existing it uses the database in DATABASE_URL as it is (e.g. after `make demo-data`: the synthetic demo
city) and only times the pack for --month.

Builds a throwaway SQLite database in a temporary folder, fills it with a demo-city-sized set of homes (10 council
and 65 private in the city), children and six months of missing reports (tests/missing/builders.py),
reconciles them into episodes, then times the pack: data, page (SVG charts), PDF (PNG charts + WeasyPrint).
"Cold" includes the once-per-process costs (imports, the Vega renderer's start); "warm" is a second render.
Prints figures only, no personal data.
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--homes", type=int, default=75)
    parser.add_argument("--children", type=int, default=300)
    parser.add_argument("--existing", action="store_true", help="use the database in DATABASE_URL as it is")
    parser.add_argument("--month", default="2026-10")
    args = parser.parse_args()
    if not args.existing:
        tmp = tempfile.mkdtemp(prefix="divert-bench-")
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "divert.settings.base")
    import django

    django.setup()
    import datetime as dt

    if not args.existing:
        generate(args)
    from divert.missing.pack.data import build_pack

    month = dt.datetime.strptime(args.month, "%Y-%m").date()
    for label in ("cold", "warm"):
        t0, c0 = time.perf_counter(), time.process_time()
        from divert.missing.pack.render import page_charts, pdf_bytes

        data = build_pack(month=month, names=True)
        t1 = time.perf_counter()
        page_charts(data)
        t2 = time.perf_counter()
        pdf = pdf_bytes(data)
        t3 = time.perf_counter()
        print(f"pack {label}: {len(data['child_ids'])} children; data {t1 - t0:.2f} s, page charts {t2 - t1:.2f} s, "
              f"PDF {t3 - t2:.2f} s ({len(pdf) // 1024} KB); page+PDF {t3 - t0:.2f} s wall, "
              f"{time.process_time() - c0:.2f} s CPU")


def generate(args) -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)

    from tests.missing.builders import demo_city_month

    from divert.missing.models import MissingEpisode
    from divert.missing.reconcile import build_episodes

    t = time.perf_counter()
    demo_city_month(year=2026, month=10, homes=args.homes, children=args.children)
    print(f"data generated: {time.perf_counter() - t:.1f} s")
    t = time.perf_counter()
    result = build_episodes()
    print(f"reconcile: {result.as_dict()} in {time.perf_counter() - t:.2f} s")
    t = time.perf_counter()
    again = build_episodes()
    print(f"reconcile rerun (idempotent): {again.as_dict()} in {time.perf_counter() - t:.2f} s")
    print(f"episodes: {MissingEpisode.objects.count()}")


if __name__ == "__main__":
    main()
