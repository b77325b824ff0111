import datetime as dt

import pytest
from django.utils import timezone

from divert.core.roles import Role
from tests.factories import ChildFactory, HomeFactory, PlacementFactory


@pytest.fixture
def reference(db):
    from divert.earlyhelp.defaults import seed_reference_data

    seed_reference_data()


@pytest.fixture
def pcso(make_user):
    return make_user(Role.PCSO, username="pcso")


@pytest.fixture
def other_pcso(make_user):
    return make_user(Role.PCSO, username="pcso-2")


@pytest.fixture
def service(make_user):
    """The early help service (a social worker in children's services)."""
    return make_user(Role.SOCIAL_WORKER, username="service")


@pytest.fixture
def child(db):
    """A 13-year-old placed at a private home."""
    c = ChildFactory(date_of_birth=timezone.localdate() - dt.timedelta(days=13 * 365 + 40))
    PlacementFactory(child=c, home=HomeFactory())
    return c


def days_ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)


def refer(child, worker, actor=None, *, risk="medium", days=100, concern="exploitation"):
    from divert.earlyhelp.actions import refer as do_refer

    return do_refer(actor=actor, child=child, worker=worker, source="school", concern=concern,
                    reason="Older associates waiting at the school gate.", initial_risk=risk,
                    referred_on=days_ago(days))


def intervention(code="home-visit"):
    from divert.earlyhelp.models import InterventionType

    return InterventionType.objects.get(code=code)


def family(actor=None, reference="EH-20391", **kw):
    from divert.earlyhelp.actions import record_family

    return record_family(actor=actor, reference=reference, initials=kw.get("initials", "JD"),
                         birth_year=kw.get("birth_year", timezone.localdate().year - 12),
                         postcode_district=kw.get("postcode_district", "PO4"))


def refer_family(fam, worker, actor=None, *, risk="medium", days=100):
    from divert.earlyhelp.actions import refer as do_refer

    return do_refer(actor=actor, family=fam, worker=worker, source="police", concern="asb",
                    reason="Stones thrown at buses with older boys.", initial_risk=risk, referred_on=days_ago(days))
