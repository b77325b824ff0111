"""Per-page server cost on a loaded database: queries per request, database time and server time, one user.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/divert_load uv run python benchmarks/page_queries.py [--repeat 5]

Signs in each demo account that benchmarks/load.py uses (CiCPO, MFH coordinator, analyst, provider manager) with
Django's test client (no network, no other users), requests each page of the load test that the role may open, and
prints per page and role: the number of SQL queries, the median server time and database time over --repeat
requests, and the least process CPU time of those requests (the least is the figure other work on the machine
disturbs least). With `--slowest N`
it also prints the N slowest statements (SQL text only: the parameters, which may hold personal data, are never
printed). Run on demand against a database with a demo city and the demo accounts (`divert demo load`).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
ROLES = ["cicpo", "mfh-coordinator", "analyst", "provider-manager"]
PAGES = {
    "daily list": "/incidents/daily/",
    "child page": "/registers/children/{pk}/",
    "compliance list": "/missing/compliance/",
    "review queue": "/matching/review/",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--slowest", type=int, default=0, help="print the N slowest SQL statements per page")
    parser.add_argument("--profile", type=int, default=0, metavar="N",
                        help="profile one more request per page and print the N functions with most own time")
    parser.add_argument("--only", default=None, help="only this page (e.g. 'daily list')")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "divert.settings.base")
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("Set DATABASE_URL=postgres://... (a database of your own with a demo city loaded)")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from divert.ops.actions import DEMO_USERNAME_PREFIX
    from divert.registers.access import children_visible_to

    settings.ALLOWED_HOSTS = ["testserver"]
    from django.contrib.auth import get_user_model

    print(f"{'role':<18}{'page':<17}{'status':>7}{'queries':>8}{'server s':>10}{'db s':>8}{'cpu s':>8}"
          f"  (load average {os.getloadavg()[0]:.1f})")
    for role in ROLES:
        user = get_user_model().objects.get(username=f"{DEMO_USERNAME_PREFIX}{role}")
        client = Client()
        client.force_login(user)
        child = children_visible_to(user).order_by("pk").values_list("pk", flat=True)[:1]
        for page, path in PAGES.items():
            if args.only and page != args.only:
                continue
            if "{pk}" in path:
                if not child:
                    continue
                path = path.format(pk=child[0])
            walls, dbs, cpus, counts, status = [], [], [], [], 0
            slow: list[tuple[float, str]] = []
            for _ in range(args.repeat):
                reset_queries()
                with CaptureQueriesContext(connection) as ctx:
                    c0, t0 = time.process_time(), time.perf_counter()
                    status = client.get(path).status_code
                    walls.append(time.perf_counter() - t0)
                    cpus.append(time.process_time() - c0)
                counts.append(len(ctx.captured_queries))
                dbs.append(sum(float(q["time"]) for q in ctx.captured_queries))
                slow = [(float(q["time"]), q["sql"]) for q in ctx.captured_queries]
            if status == 403:
                continue
            print(f"{role:<18}{page:<17}{status:>7}{max(counts):>8}{statistics.median(walls):>10.3f}"
                  f"{statistics.median(dbs):>8.3f}{min(cpus):>8.3f}")
            for seconds, sql in sorted(slow, reverse=True)[:args.slowest]:
                print(f"      {seconds:.3f}s  {sql.split(' WHERE ')[0][:160]} ... ")
            if args.profile:
                print_profile(lambda path=path, client=client: client.get(path), args.profile)


def print_profile(request, top: int) -> None:
    """Own time per function for one request (function names and files only: no data)."""
    import cProfile
    import io
    import pstats

    profiler = cProfile.Profile()
    profiler.runcall(request)
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(top)
    lines = out.getvalue().splitlines()
    start = next((i for i, line in enumerate(lines) if line.strip().startswith("ncalls")), 0)
    print("\n".join("      " + line for line in lines[start:start + top + 1]))


if __name__ == "__main__":
    main()
