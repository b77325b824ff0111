"""Daily incident list and arrest screening: server-time figures.

    uv run python benchmarks/daily_list.py                 # city month + national day + custody latency
    uv run python benchmarks/daily_list.py --only city --runs 21
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/divert_bench uv run python benchmarks/daily_list.py

City: 100 homes, 800 children, 10,000 incidents in the month (every one at a home or involving a child in care),
the page /incidents/daily/ rendered through the Django test client (server time: view, queries, template),
median of N runs. National: one day of 40,000 incidents (4,500 homes, 20,000 children; by default a share in
the list's scope as in the synth national profile, ~2%; `--national-in-scope 1` for the worst case) computed by
`daily_list` (queries + rules), median of N runs.
Custody: POST /api/v1/custody for a child in care to the alert email arriving at a local SMTP server.
Without DATABASE_URL a throw-away SQLite file is used. Prints counts and timings only, never personal data.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "divert.settings.test")
# Never touch the real model directory: a trained person model from benchmark data would be saved there.
os.environ["DIVERT_MODEL_DIR"] = tempfile.mkdtemp(prefix="divert-bench-models-")
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp(prefix='divert-bench-')}/bench.sqlite3"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

NARRATIVES = [
    "Young person kicked the door of their bedroom after being asked to come in; staff called police.",
    "Reported missing after not returning by curfew. Returned later with a new phone and unexplained money.",
    "Argument with a member of staff over phone use, pushed staff, no injuries.",
    "Took petty cash from the office. Staff have recovered some of it.",
    "Concern for welfare: seen getting into an unknown car with older males near the station.",
    "Neighbour reported noise and shouting from the garden late in the evening.",
    "Young person found out of area by British Transport Police, said they were visiting a friend.",
]
CATEGORIES = [("Criminal damage", True), ("Missing person", False), ("Assault without injury", True),
              ("Theft", True), ("Concern for safety", False), ("Anti-social behaviour", False),
              ("Domestic incident", False)]


def build(*, homes: int, children: int, incidents: int, start: dt.datetime, span: dt.timedelta, seed: int,
          tag: str, in_scope: float = 1.0) -> dict:
    from divert.police.models import Incident, Involvement, MissingReport
    from divert.registers.models import Child, Home, OC2Record, Placement, Provider

    rng = random.Random(seed)
    providers = Provider.objects.bulk_create([Provider(name=f"{tag} provider {i}") for i in range(max(1, homes // 6))])
    home_objs = Home.objects.bulk_create([
        Home(urn=f"{tag}{i:06d}", name=f"{tag} home {i}", provider=providers[i % len(providers)],
             setting_type=rng.choice(["private_childrens_home", "la_childrens_home", "supported_accommodation"]),
             registered_places=rng.randint(2, 8), address_line1=f"{i} Bench Street", postcode="NG1 1AA")
        for i in range(homes)], batch_size=2000)
    kids = Child.objects.bulk_create([
        Child(child_id=f"{tag}C{i:06d}", first_name=f"First{i}", last_name=f"Last{i}",
              date_of_birth=dt.date(2008 + i % 8, 1 + i % 12, 1 + i % 28)) for i in range(children)], batch_size=2000)
    Placement.objects.bulk_create([
        Placement(child=k, home=home_objs[i % homes], decom=dt.date(2024, 1, 1), rne="P", legal_status="C2",
                  cin="N1", place="K2", collection_year=2026) for i, k in enumerate(kids)], batch_size=2000)
    OC2Record.objects.bulk_create([OC2Record(child=k, collection_year=2026, convicted=True)
                                   for k in kids[::7]], batch_size=2000)
    MissingReport.objects.bulk_create([
        MissingReport(reference=f"{tag}M{i:07d}", reported_missing_at=start + span * rng.random(),
                      child=rng.choice(kids), link_status="linked") for i in range(incidents // 10)], batch_size=2000)
    rows = []
    for i in range(incidents):
        cat, crime = rng.choice(CATEGORIES)
        scoped = rng.random() < in_scope
        at_home = scoped and rng.random() < 0.8
        rows.append(Incident(
            reference=f"{tag}{i:08d}", reported_at=start + span * rng.random(), opening_category=cat,
            closing_category=cat, crime_recorded=crime, crime_type=cat if crime else "",
            narrative=rng.choice(NARRATIVES), reported_by=rng.choice(["home_staff", "home_staff", "public", "other"]),
            home=rng.choice(home_objs) if at_home else None, home_match_status="linked" if at_home else "none",
            location_text="" if at_home else ("Street" if scoped else "Out of scope")))
    objs = Incident.objects.bulk_create(rows, batch_size=2000)
    if objs[0].pk is None:
        objs = list(Incident.objects.filter(reference__startswith=tag).order_by("pk"))
    people = []
    for inc in objs:
        kid = rng.choice(kids)
        linked = inc.location_text == "Street" or (inc.home_id is not None and rng.random() < 0.6)
        people.append(Involvement(incident=inc, role=rng.choice(["suspect", "victim", "missing_person"]),
                                  first_name=kid.first_name, last_name=kid.last_name, date_of_birth=kid.date_of_birth,
                                  child=kid if linked else None, link_status="linked" if linked else "none"))
        if rng.random() < 0.4:
            people.append(Involvement(incident=inc, role="reporting_person", first_name="Staff", last_name=f"M{inc.pk}",
                                      link_status="none"))
    Involvement.objects.bulk_create(people, batch_size=5000)
    return {"homes": homes, "children": children, "incidents": incidents, "people": len(people)}


def median_ms(fn, runs: int) -> tuple[float, list[float], float]:
    """Median wall time (ms), all wall times, and median CPU time of this process (ms): on a shared, loaded
    machine the CPU figure is the steadier one (with SQLite the database work is in-process, so it counts)."""
    times, cpu = [], []
    for _ in range(runs):
        t, c = time.perf_counter(), time.process_time()
        fn()
        times.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    return statistics.median(times), times, statistics.median(cpu)


def city(runs: int) -> None:
    from django.contrib.auth import get_user_model
    from django.test import Client

    from divert.core.models import Profile

    day = dt.date(2026, 11, 25)
    t = time.perf_counter()
    counts = build(homes=100, children=800, incidents=10_000, start=dt.datetime(2026, 11, 1, tzinfo=dt.UTC),
                   span=dt.timedelta(days=30), seed=1, tag="CITY")
    built = time.perf_counter() - t
    user = get_user_model().objects.create_user("bench-cicpo", password="x")
    Profile.objects.create(user=user, role="cicpo", agency="police")
    client = Client()
    client.force_login(user)
    url = f"/incidents/daily/?date={day.isoformat()}"
    response = client.get(url)  # warm-up (templates, URL resolver)
    assert response.status_code == 200
    from divert.incidents.selectors import daily_list

    entries = daily_list(user=user, day=day).total
    queries = []
    with connection.execute_wrapper(lambda execute, sql, *a: queries.append(sql) or execute(sql, *a)):
        daily_list(user=user, day=day)  # the selector's queries (the view adds session, user and access log)
    med, times, cpu = median_ms(lambda: client.get(url), runs)
    print(f"city: {counts['incidents']:,} incidents in the month ({counts['people']:,} people, "
          f"{counts['homes']} homes) built in {built:.1f}s")
    print(f"city: /incidents/daily/ for {day} ({entries} entries): median {med:.0f} ms server time over {runs} runs "
          f"(min {min(times):.0f}, max {max(times):.0f}; CPU median {cpu:.0f} ms); "
          f"{len(queries)} selector queries"
          f" -> < 200 ms: wall {'PASS' if med < 200 else 'FAIL'}, CPU {'PASS' if cpu < 200 else 'FAIL'}")


def national(runs: int, in_scope: float) -> None:
    from divert.incidents.rules import daily_window
    from divert.incidents.selectors import daily_list

    day = dt.date(2026, 12, 2)  # a Wednesday
    start, end = daily_window(day)
    t = time.perf_counter()
    counts = build(homes=4_500, children=20_000, incidents=40_000, start=start, span=end - start, seed=2, tag="NAT",
                   in_scope=in_scope)
    built = time.perf_counter() - t

    class Reader:
        is_authenticated = True
        profile = type("P", (), {"role": "analyst", "provider": None})()

    daily = daily_list(user=Reader(), day=day)
    med, times, cpu = median_ms(lambda: daily_list(user=Reader(), day=day), runs)
    print(f"national: {counts['incidents']:,} incidents in the day ({counts['people']:,} people, "
          f"{counts['homes']:,} homes, {counts['children']:,} children) built in {built:.1f}s")
    print(f"national: daily_list computed {daily.total:,} entries in median {med / 1000:.2f} s over {runs} runs "
          f"(min {min(times) / 1000:.2f}, max {max(times) / 1000:.2f}; CPU median {cpu / 1000:.2f} s) "
          f"-> < 5 s: wall {'PASS' if med < 5000 else 'FAIL'}, "
          f"CPU {'PASS' if cpu < 5000 else 'FAIL'}")


def custody_latency(linker: str) -> None:
    from aiosmtpd.controller import Controller
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    from divert.core.models import ApiToken, Profile
    from divert.incidents import screening
    from divert.ops import pipeline
    from divert.registers.models import Child

    class Sink:
        def __init__(self):
            self.count = 0

        async def handle_DATA(self, server, session, envelope):  # noqa: N802
            self.count += 1
            return "250 OK"

    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    if linker == "fake":
        from tests.incidents import fake_linker

        pipeline.AFTER_IMPORT["custody"] = [fake_linker.run, screening.run]
    else:
        from divert.matching.people_pipeline import train_and_save

        t = time.perf_counter()
        train_and_save()
        print(f"custody: person model trained in {time.perf_counter() - t:.1f}s (not part of the latency)")
    users = []
    for i, role in enumerate(["cicpo", "cicpo", "youth_justice", "analyst"]):
        u = get_user_model().objects.create_user(f"lat-{i}", email=f"lat{i}@example.test", password="x")
        Profile.objects.create(user=u, role=role, agency="police")
        users.append(u)
    _, token = ApiToken.issue(user=users[-1], name="bench")
    kid = Child.objects.order_by("pk").first()
    kid.social_worker_email = "sw@example.test"
    kid.save()
    client = Client()
    from django.utils import timezone

    t = time.perf_counter()
    response = client.post("/api/v1/custody", {
        "custody_reference": "BENCH-1", "arrested_at": timezone.now().isoformat(), "first_name": kid.first_name,
        "last_name": kid.last_name, "date_of_birth": kid.date_of_birth.isoformat(), "offence": "Criminal damage"},
        content_type="application/json", headers={"Authorization": f"Bearer {token}"})
    answered = time.perf_counter() - t
    while sink.count < 4 and time.perf_counter() - t < 60:
        time.sleep(0.01)
    arrived = time.perf_counter() - t
    controller.stop()
    data = response.json()
    print(f"custody ({linker} linker): POST answered in {answered:.2f}s (link {data.get('link_status')}, "
          f"alert {'yes' if data.get('alert_id') else 'no'}); {sink.count} alert emails at the SMTP server after "
          f"{arrived:.2f}s -> {'PASS' if sink.count >= 4 and arrived < 60 else 'FAIL'} (< 60 s)")


def load() -> str:
    return "load average " + " ".join(f"{x:.1f}" for x in os.getloadavg()) + f" on {os.cpu_count()} CPUs"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", choices=["city", "national", "custody"])
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--national-in-scope", type=float, default=0.02,
                        help="share of the national day's incidents at a home or with a child in care. The synth "
                             "national profile gives ~1.3%% (4,500 settings x 0.07 call-outs + 84,000 children x "
                             "0.9 incidents a year elsewhere, of 41,000 a day); default 0.02; 1.0 is the worst case")
    parser.add_argument("--linker", choices=["real", "fake"], default="fake",
                        help="custody: the tests' exact-match stand-in (default), or the real person-linkage "
                             "pipeline (its model is trained first, outside the timing)")
    args = parser.parse_args()
    call_command("migrate", verbosity=0, interactive=False)
    print(f"database: {connection.vendor}; {load()}")
    if args.only in (None, "city"):
        city(args.runs)
    if args.only in (None, "custody"):
        custody_latency(args.linker)
    if args.only in (None, "national"):
        national(max(3, args.runs // 3), args.national_in_scope)


if __name__ == "__main__":
    main()
