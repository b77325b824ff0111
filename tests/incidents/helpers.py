"""Small builders for the incidents tests and benchmarks (plain ORM: fast, and independent of other apps' factories)."""

import datetime as dt
import itertools
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")
_seq = itertools.count(1)


def at(y, m, d, hh=12, mm=0) -> dt.datetime:
    return dt.datetime(y, m, d, hh, mm, tzinfo=LONDON)


def provider(name=None, **kw):
    from divert.registers.models import Provider

    return Provider.objects.create(name=name or f"Provider {next(_seq)}", **kw)


def home(prov=None, name=None, places=4, setting_type="private_childrens_home", **kw):
    from divert.registers.models import Home

    n = next(_seq)
    return Home.objects.create(urn=kw.pop("urn", f"SC{n:06d}"), name=name or f"Home {n}", provider=prov or provider(),
                               setting_type=setting_type, registered_places=places,
                               address_line1=f"{n} Test Street", town="Nottingham",
                               postcode=kw.pop("postcode", "NG1 1AA"), **kw)


def child(first="Alex", last=None, dob=dt.date(2010, 5, 1), **kw):
    from divert.registers.models import Child

    n = next(_seq)
    return Child.objects.create(child_id=kw.pop("child_id", f"C{n:05d}"), first_name=first,
                                last_name=last or f"Test{n}", date_of_birth=dob, **kw)


def place(kid, at_home, since=dt.date(2024, 1, 1)):
    from divert.registers.models import Placement

    return Placement.objects.create(child=kid, home=at_home, decom=since, rne="P", legal_status="C2", cin="N1",
                                    place="K2", place_provider="PR4", collection_year=2026, urn=at_home.urn)


def incident(reported_at, home_=None, *, crime=False, crime_type="", category="Concern for safety", narrative="",
             reported_by="other", **kw):
    from divert.police.models import Incident

    return Incident.objects.create(
        reference=kw.pop("reference", f"INC{next(_seq):07d}"), reported_at=reported_at, home=home_,
        home_match_status="linked" if home_ else "unmatched", crime_recorded=crime, crime_type=crime_type,
        opening_category=category, closing_category=kw.pop("closing_category", category), narrative=narrative,
        reported_by=reported_by, **kw)


def involve(inc, kid=None, role="suspect", status=None, first="Pat", last="Person"):
    from divert.police.models import Involvement

    return Involvement.objects.create(
        incident=inc, role=role, child=kid, link_status=status or ("linked" if kid else "none"),
        first_name=kid.first_name if kid else first, last_name=kid.last_name if kid else last,
        date_of_birth=kid.date_of_birth if kid else None)


def custody(kid=None, *, status=None, arrested_at=None, offence="Criminal damage", **kw):
    from django.utils import timezone

    from divert.police.models import CustodyRecord

    return CustodyRecord.objects.create(
        custody_reference=kw.pop("custody_reference", f"CUS{next(_seq):06d}"),
        arrested_at=arrested_at or timezone.now(), child=kid, link_status=status or ("linked" if kid else "none"),
        first_name=kid.first_name if kid else "Sam", last_name=kid.last_name if kid else "Adult",
        date_of_birth=kid.date_of_birth if kid else dt.date(1990, 1, 1), offence=offence, **kw)
