"""Small builders for missing-from-care tests (objects created directly; no personal data is real)."""

import datetime as dt
import itertools
import random
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")
_seq = itertools.count(1)


def at(y, m, d, hh=12, mm=0) -> dt.datetime:
    return dt.datetime(y, m, d, hh, mm, tzinfo=LONDON)


def provider(name=None):
    from divert.registers.models import Provider

    return Provider.objects.create(name=name or f"Provider {next(_seq)}")


def home(*, prov=None, places=4, setting_type="private_childrens_home", postcode=None, easting=None, northing=None,
         name=None):
    from divert.registers.models import Home

    n = next(_seq)
    return Home.objects.create(urn=f"SC{n:06d}", name=name or f"Home {n}", provider=prov or provider(),
                               setting_type=setting_type, registered_places=places, address_line1=f"{n} Road",
                               town="Demo City", postcode=postcode or f"NG{n % 9 + 1} {n % 9}AA",
                               easting=easting, northing=northing)


def child(*, first="Test", last=None, placed_at=None, since=dt.date(2024, 1, 1)):
    from divert.registers.models import Child, Placement

    n = next(_seq)
    c = Child.objects.create(child_id=f"C{n:05d}", first_name=first, last_name=last or f"Child{n}",
                             date_of_birth=dt.date(2010, 1, 1), sex="M")
    if placed_at is not None:
        Placement.objects.create(child=c, decom=since, rne="S", legal_status="C2", cin="N1", place="K2",
                                 place_provider="PR4", urn=placed_at.urn, home=placed_at, collection_year=2026)
    return c


def report(c, start, end=None, *, grade="medium", home=None, found_postcode="", found_e=None, found_n=None,
           found_location=""):
    from divert.police.models import LinkStatus, MissingReport

    n = next(_seq)
    return MissingReport.objects.create(
        reference=f"MP{n:06d}", reported_missing_at=start, found_at=end, risk_grade=grade, child=c,
        link_status=LinkStatus.LINKED, first_name=c.first_name, last_name=c.last_name, home=home,
        found_postcode=found_postcode, found_easting=found_e, found_northing=found_n, location_found=found_location)


def row903(c, start: dt.date, end: dt.date | None = None, kind="M"):
    from divert.registers.models import SSDA903Missing

    return SSDA903Missing.objects.create(child=c, missing_type=kind, start=start, end=end, collection_year=2026)


def demo_city_month(*, year=2026, month=10, homes=12, children=40, seed=1):
    """A demo-city-like month: homes of varied size, children placed in them, reports over six months."""
    rnd = random.Random(seed)
    provs = [provider(f"Demo provider {i}") for i in range(4)]
    hs = [home(prov=provs[i % 4], places=rnd.choice([1, 2, 3, 4, 6, 8]), easting=455000 + rnd.randint(0, 8000),
               northing=340000 + rnd.randint(0, 8000), name=f"Demo home {i}") for i in range(homes)]
    kids = [child(first=f"Demo{i}", last=f"Person{i}", placed_at=hs[i % homes]) for i in range(children)]
    hotspots = [("NG1 1AA", 456000, 341000), ("NG7 2BB", 458000, 343000), ("NG5 3CC", 460000, 345000)]
    for month_back in range(6):
        y, m = (year, month - month_back) if month - month_back > 0 else (year - 1, month - month_back + 12)
        for c_i, c in enumerate(kids):
            for _ in range(rnd.choice([0, 0, 0, 1, 1, 2, 4]) if c_i % 3 else rnd.choice([0, 1])):
                day, hour = rnd.randint(1, 27), rnd.randint(0, 23)
                start = at(y, m, day, hour)
                end = start + dt.timedelta(hours=rnd.randint(2, 60))
                pc, e, n = rnd.choice(hotspots) if rnd.random() < 0.6 else (f"NG9 {rnd.randint(1, 9)}ZZ", None, None)
                report(c, start, end, grade=rnd.choice(["low", "medium", "medium", "high"]), home=hs[c_i % homes],
                       found_postcode=pc, found_e=e, found_n=n, found_location="Found location")
    return hs, kids
