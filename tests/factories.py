"""factory-boy factories for the shared models (registers and police records). Reuse them in any app's tests.

Defaults are sensible and unique: `HomeFactory()` gives a private children's home of a new provider,
`PlacementFactory(child=c, home=h)` an open placement (no DEC) that started 100 days ago,
`InvolvementFactory(child=c)` a suspect involvement linked to `c` in a new incident, and so on.
"""

import datetime as dt

import factory
from django.utils import timezone

from divert.police.models import CustodyRecord, Incident, Involvement, LinkStatus, MissingReport
from divert.registers.models import Child, Home, Placement, Provider


def _days_ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)


def _collection_year(d: dt.date) -> int:
    """903 collection year (1 April - 31 March) named by the year it ends."""
    return d.year + 1 if d.month >= 4 else d.year


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provider
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Provider {n} Care Ltd")
    kind = Provider.Kind.PRIVATE
    contact_email = factory.Sequence(lambda n: f"manager{n}@provider.example")


class HomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Home

    urn = factory.Sequence(lambda n: f"SC{100000 + n}")
    name = factory.Sequence(lambda n: f"Oak House {n}")
    provider = factory.SubFactory(ProviderFactory)
    setting_type = Home.SettingType.PRIVATE_CHILDRENS_HOME
    registered_places = 4
    address_line1 = factory.Sequence(lambda n: f"{n + 1} Elm Road")
    town = "Exampleton"
    postcode = factory.Sequence(lambda n: f"EX{1 + n % 9} {1 + n % 9}AB")
    uprn = factory.Sequence(lambda n: f"{100000000 + n}")
    opened_on = dt.date(2015, 1, 1)


class ChildFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Child

    child_id = factory.Sequence(lambda n: f"C{100000 + n}")
    first_name = factory.Sequence(lambda n: f"Alex{n}")
    last_name = factory.Sequence(lambda n: f"Smith{n}")
    sex = "M"
    date_of_birth = factory.LazyFunction(lambda: _days_ago(15 * 365))
    ethnicity = "WBRI"
    social_worker_name = "Sam Worker"
    social_worker_email = "sam.worker@council.example"


class PlacementFactory(factory.django.DjangoModelFactory):
    """An open placement (no end date) by default; pass `dec=` to end it."""

    class Meta:
        model = Placement

    child = factory.SubFactory(ChildFactory)
    home = factory.SubFactory(HomeFactory)
    decom = factory.LazyFunction(lambda: _days_ago(100))
    dec = None
    rne = "S"
    legal_status = "C2"
    cin = "N1"
    place = "K2"
    place_provider = "PR4"
    urn = factory.LazyAttribute(lambda o: o.home.urn if o.home else "")
    collection_year = factory.LazyAttribute(lambda o: _collection_year(o.decom))


class IncidentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Incident

    reference = factory.Sequence(lambda n: f"INC-{n:07d}")
    reported_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(hours=6))
    location_text = "1 Elm Road, Exampleton"
    location_postcode = "EX1 1AB"
    opening_category = "Concern for welfare"
    narrative = "Staff reported a young person had damaged a door."
    reported_by = Incident.ReportedBy.HOME_STAFF
    home = None
    home_match_status = factory.LazyAttribute(lambda o: LinkStatus.LINKED if o.home else LinkStatus.UNMATCHED)


class _PersonFactory(factory.django.DjangoModelFactory):
    """A person as a police record gives them; pass `child=` to have them linked to that child in care."""

    class Meta:
        abstract = True

    child = None
    first_name = factory.LazyAttributeSequence(lambda o, n: o.child.first_name if o.child else f"Jo{n}")
    last_name = factory.LazyAttributeSequence(lambda o, n: o.child.last_name if o.child else f"Bloggs{n}")
    date_of_birth = factory.LazyAttribute(lambda o: o.child.date_of_birth if o.child else _days_ago(16 * 365))
    sex = "M"
    link_status = factory.LazyAttribute(lambda o: LinkStatus.LINKED if o.child else LinkStatus.UNMATCHED)


class InvolvementFactory(_PersonFactory):
    """A person in an incident; pass `child=` to have them linked to a child in care."""

    class Meta:
        model = Involvement

    incident = factory.SubFactory(IncidentFactory)
    role = Involvement.Role.SUSPECT


class CustodyRecordFactory(_PersonFactory):
    class Meta:
        model = CustodyRecord

    custody_reference = factory.Sequence(lambda n: f"CUS-{n:07d}")
    arrested_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(hours=2))
    address_given = "1 Elm Road, Exampleton"
    postcode = "EX1 1AB"
    offence = "Criminal damage"


class MissingReportFactory(_PersonFactory):
    class Meta:
        model = MissingReport

    reference = factory.Sequence(lambda n: f"MIS-{n:07d}")
    reported_missing_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=1))
    found_at = factory.LazyAttribute(lambda o: o.reported_missing_at + dt.timedelta(hours=8))
    risk_grade = MissingReport.RiskGrade.MEDIUM
    date_of_birth = factory.LazyAttribute(lambda o: o.child.date_of_birth if o.child else _days_ago(14 * 365))
    sex = "F"
    missing_from_address = "1 Elm Road, Exampleton"
    missing_from_postcode = "EX1 1AB"
    home = None


def make_world():
    """A small world for scoping tests: two providers, three homes, four children, three incidents.

    - provider A runs homes a1 and a2; provider B runs home b1.
    - child `a_now` is placed at a1 today; `a_past` was placed at a1 last year (ended); `b_now` is at b1 today;
      `elsewhere` is placed with no registered home (e.g. foster care).
    - incident `at_a1` is at a1 naming a_now; `at_b1` is at b1 naming b_now; `street` is at no home, naming a_now.
    """
    from types import SimpleNamespace

    provider_a = ProviderFactory(name="Alder Care Ltd")
    provider_b = ProviderFactory(name="Birch Homes Ltd")
    a1 = HomeFactory(provider=provider_a, name="Alder House")
    a2 = HomeFactory(provider=provider_a, name="Alder Lodge")
    b1 = HomeFactory(provider=provider_b, name="Birch House")
    a_now = ChildFactory(first_name="Ava", last_name="Now")
    a_past = ChildFactory(first_name="Pat", last_name="Past")
    b_now = ChildFactory(first_name="Ben", last_name="Birch")
    elsewhere = ChildFactory(first_name="Eli", last_name="Foster")
    PlacementFactory(child=a_now, home=a1)
    PlacementFactory(child=a_past, home=a1, decom=_days_ago(500), dec=_days_ago(365))
    PlacementFactory(child=a_past, home=b1, decom=_days_ago(364))
    PlacementFactory(child=b_now, home=b1)
    PlacementFactory(child=elsewhere, home=None, place="U1")
    at_a1 = IncidentFactory(home=a1)
    InvolvementFactory(incident=at_a1, child=a_now)
    at_b1 = IncidentFactory(home=b1)
    InvolvementFactory(incident=at_b1, child=b_now)
    street = IncidentFactory(home=None, location_text="High Street")
    InvolvementFactory(incident=street, child=a_now, role=Involvement.Role.VICTIM)
    CustodyRecordFactory(child=a_now)
    MissingReportFactory(child=a_now, home=a1)
    return SimpleNamespace(provider_a=provider_a, provider_b=provider_b, a1=a1, a2=a2, b1=b1, a_now=a_now,
                           a_past=a_past, b_now=b_now, elsewhere=elsewhere, at_a1=at_a1, at_b1=at_b1, street=street)
