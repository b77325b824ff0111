"""The reconciliation of the indicator's two sources, to the child; the indicator page's and report's figures."""

import datetime as dt

import pytest

from divert.core.roles import Role
from divert.outcomes.actions import resolve_difference
from divert.outcomes.selectors import (
    CHARGE_ONLY,
    DIVERT_ONLY,
    RETURN_ONLY,
    board_report,
    indicator_page,
    oocd_breakdown,
    reconciliation,
)
from tests.factories import ProviderFactory

from .conftest import decide

pytestmark = pytest.mark.django_db


def test_reconciliation_lists_each_child_where_the_sources_disagree(return_2018, make_user):
    rec = reconciliation(make_user(Role.ANALYST), 2018)
    kinds = {d.child.child_id: d.kind for d in rec.differences}
    assert kinds == {"G": RETURN_ONLY, "B": DIVERT_ONLY, "H": CHARGE_ONLY}
    assert rec.agreed == 3  # A (caution both), J (charge, return 1), L (community resolution, no OC2)
    b = next(d for d in rec.differences if d.child.child_id == "B")
    assert b.evidence[0].startswith("SSDA903 OC2 CONVICTED = 0 (2018/oc2.csv, row 2)")
    assert any("Youth caution" in e and "7 November 2017" in e for e in b.evidence)
    g = next(d for d in rec.differences if d.child.child_id == "G")
    assert not any("Panel decision" in e for e in g.evidence)  # G's caution was in the next year
    assert rec.indicator.numerator == rec.corrected_numerator == 3 and rec.corrections == []


def test_resolutions_correct_the_numerator_and_lapse_when_a_source_changes(return_2018, make_user):
    analyst = make_user(Role.ANALYST)
    c = return_2018.children
    resolve_difference(actor=analyst, year=2018, child=c["B"], right="divert", note="Caution on the PNC")
    resolve_difference(actor=analyst, year=2018, child=c["G"], right="return", note="Convicted at court in May")
    rec = reconciliation(analyst, 2018)
    assert len(rec.resolved) == 2 and [d.child.child_id for d in rec.unresolved] == ["H"]
    assert rec.corrected_numerator == 4 and [d.child.child_id for d in rec.corrections] == ["B"]
    # G now gets a caution recorded in the year: the difference is gone; B's stays resolved.
    decide("G", "youth_caution", dt.date(2018, 1, 9))
    rec = reconciliation(analyst, 2018)
    assert {d.child.child_id for d in rec.differences} == {"B", "H"}
    # H's charge becomes a caution: the sources still disagree, differently; an old resolution would lapse.
    resolve_difference(actor=analyst, year=2018, child=c["H"], right="return", note="Charge withdrawn")
    decide("H", "youth_conditional_caution", dt.date(2018, 2, 1))
    h = next(d for d in reconciliation(analyst, 2018).differences if d.child.child_id == "H")
    assert h.kind == DIVERT_ONLY and h.resolution is None


def test_reconciliation_lists_only_children_the_user_may_see(return_2018, make_user):
    manager = make_user(Role.PROVIDER_MANAGER, provider=ProviderFactory())
    assert reconciliation(manager, 2018).differences == []


def test_oocd_breakdown_counts_each_outcome_by_provider(return_2018):
    b = oocd_breakdown(2018)
    assert b["total"] == 6 and b["by_outcome"]["Youth caution (outcome 2)"] == 3
    assert b["criminalised"] == 3 and b["diverted"] == 3 and b["first_time_entrants"] == 3
    assert b["by_provider"] == {"Not placed in a registered home": b["by_outcome"]}


def test_indicator_page_figures(return_2018):
    page = indicator_page(2018)
    assert (page["indicator"].numerator, page["indicator"].denominator, page["percentage"]) == (3, 6, 50)
    assert page["suppressed"] == {"cohort": 6, "numerator": "c", "percentage": "c"}
    assert [t["year"] for t in page["trend"]] == [2018] and page["trend"][0]["first_time_entrants"] == 3


def test_board_report_is_suppressed(return_2018):
    r = board_report(2018)
    assert r["indicator"] == {"cohort": 6, "numerator": "c", "percentage": "c"}
    assert r["first_time_entrants"] == "c" and r["panel_total"] == 6
    # Youth caution 3 is small; with the total shown the next smallest (1) goes too: all cells are small here.
    assert set(r["panel_outcomes"].values()) == {"c"}


def test_trend_stops_at_the_chosen_year(return_2018, make_user):
    from divert.registers.models import OC2Record

    OC2Record.objects.create(child=return_2018.children["A"], collection_year=2019, convicted=False)
    assert [t["year"] for t in indicator_page(2018)["trend"]] == [2018]
    assert [t["year"] for t in board_report(2019)["trend"]] == [2018, 2019]
