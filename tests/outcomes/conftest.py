"""A hand-built 2017-18 return (tests/outcomes/test_indicator.py) with outcomes recorded in Divert beside it.

Cohort A B G H J L; the return says A G J convicted or cautioned. Divert recorded, in the year:
A a youth caution (agrees), B a youth caution (the return says 0), H a charge (the return says 0),
J a referral for charge (the return says 1: agrees), L a community resolution (no OC2 row: agrees),
C a youth caution (not in the cohort: not listed). G has nothing in Divert (the return says 1).
"""

import datetime as dt
from types import SimpleNamespace

import pytest

from divert.ingest.actions import import_file
from divert.protocol.models import Outcome, PanelDecision, PanelMeeting, ProtocolCase
from divert.registers.models import Child

from .test_indicator import write_return


@pytest.fixture
def outcome_reference(db):
    """The protocol's outcome reference data (seeded again if a live-server test flushed it)."""
    import importlib

    from django.apps import apps

    if not Outcome.objects.exists():
        importlib.import_module("divert.protocol.migrations.0002_reference_data").seed(apps, None)


def decide(child_id: str, outcome_code: str, held_on: dt.date, *, fte: bool = False) -> PanelDecision:
    child = Child.objects.get(child_id=child_id)
    case, _ = ProtocolCase.objects.get_or_create(
        child=child, offence_key=f"hand:{held_on}:{outcome_code}",
        defaults={"suspected_offence": "Criminal damage", "opened_from": "by_hand", "state": "decided"})
    meeting, _ = PanelMeeting.objects.get_or_create(held_on=held_on)
    return PanelDecision.objects.create(case=case, meeting=meeting, gravity_score=3,
                                        outcome=Outcome.objects.get(code=outcome_code), first_time_entrant=fte)


@pytest.fixture
def return_2018(tmp_path, outcome_reference):
    run = import_file(kind="ssda903", path=write_return(tmp_path))
    assert run.status == "loaded", run.problems
    d = dt.date(2017, 11, 7)
    decide("A", "youth_caution", d, fte=True)
    decide("B", "youth_caution", d, fte=True)
    decide("H", "1", d)
    decide("J", "refer_for_charge", d)
    decide("L", "community_resolution", d)
    decide("C", "youth_caution", d, fte=True)
    decide("G", "youth_caution", dt.date(2018, 4, 2))  # the next year: not evidence for 2017-18
    return SimpleNamespace(year=2018, children={c.child_id: c for c in Child.objects.all()})


@pytest.fixture
def two_years(db):
    """Ten children looked after since 2014, aged 13-14, and two years of their return: 2016-17 (the baseline:
    4 convicted, 20 missing episodes, 2 children placed in a young offender institution) and 2017-18 (1 convicted,
    8 missing episodes, no custody)."""
    from divert.registers.models import OC2Record, SSDA903Missing
    from tests.factories import ChildFactory, PlacementFactory

    kids = [ChildFactory(date_of_birth=dt.date(2003, 6, 1)) for _ in range(10)]
    for i, c in enumerate(kids):
        PlacementFactory(child=c, decom=dt.date(2014, 1, 1), rne="S", legal_status="C2", place="K2",
                         collection_year=2014)
        OC2Record.objects.create(child=c, collection_year=2017, convicted=i < 4)
        OC2Record.objects.create(child=c, collection_year=2018, convicted=i < 1)
    for i in range(20):
        SSDA903Missing.objects.create(child=kids[i % 10], missing_type="M", start=dt.date(2016, 5, 1 + i),
                                      end=dt.date(2016, 5, 2 + i), collection_year=2017)
    for i in range(8):
        SSDA903Missing.objects.create(child=kids[i], missing_type="M", start=dt.date(2017, 6, 1 + i),
                                      end=dt.date(2017, 6, 2 + i), collection_year=2018)
    SSDA903Missing.objects.create(child=kids[9], missing_type="A", start=dt.date(2017, 7, 1),
                                  end=dt.date(2017, 7, 2), collection_year=2018)  # away, not missing
    for c in kids[:2]:
        PlacementFactory(child=c, home=None, decom=dt.date(2016, 10, 1), dec=dt.date(2016, 11, 1), rec="X1",
                         rne="P", legal_status="C2", place="R5", collection_year=2017)
    return kids
