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


# --- Value for money against a baseline, first-time entrants per 100,000 ------------------------------------

def test_cost_avoided_against_the_earliest_year_as_baseline(two_years):
    from decimal import Decimal

    from divert.outcomes.selectors import value_for_money

    table = value_for_money(2018)["avoided"]
    assert table["baseline"] == 2017 and table["baseline_label"] == "2016-17"
    rows = {r["key"]: r for r in table["rows"]}
    crim, missing, custody = rows["criminalised"], rows["missing"], rows["custody"]
    assert (crim["baseline_count"], crim["baseline_population"], crim["count"], crim["avoided"]) == (4, 10, 1, 3)
    assert crim["money"] is None and crim["costs"] == []  # no unit cost for a criminalised child is loaded
    assert (missing["baseline_count"], missing["count"], missing["avoided"]) == (20, 8, 12)  # "away" not counted
    assert missing["money"] == (Decimal(15900), Decimal(28980))
    assert (custody["baseline_count"], custody["count"], custody["avoided"]) == (2, 0, 2)
    assert custody["money"] == (Decimal(65000), Decimal(212000))  # half a year each, YOI to secure home
    assert any("0.5 of a year in custody" in a for a in table["assumptions"])
    assert value_for_money(2017)["avoided"]["baseline"] is None  # nothing before the first year


def test_a_configured_baseline_year_is_used(two_years, settings):
    from divert.outcomes.selectors import baseline_year, value_for_money

    settings.DIVERT = {**settings.DIVERT, "VFM_BASELINE_YEAR": 2018}
    assert baseline_year(2018) is None  # not before the report's year
    assert baseline_year(2019) == 2018
    settings.DIVERT = {**settings.DIVERT, "VFM_BASELINE_YEAR": 2017, "VFM_CUSTODY_YEARS": "1"}
    table = value_for_money(2018)["avoided"]
    assert "set for this council" in table["assumptions"][0]
    custody = next(r for r in table["rows"] if r["key"] == "custody")
    assert custody["money"][0] == 130000


def test_first_time_entrants_per_100000(two_years, outcome_reference, settings):
    from divert.outcomes.selectors import first_time_entrants

    from .conftest import decide

    for c in two_years[:3]:
        decide(c.child_id, "youth_caution", dt.date(2017, 11, 7), fte=True)
    decide(two_years[3].child_id, "community_resolution", dt.date(2017, 11, 7))
    f = first_time_entrants(2018)
    assert (f["entrants"], f["in_care"], str(f["rate_in_care"])) == (3, 10, "30000.0")
    assert f["rate_population"] is None and f["comparators"] == []
    settings.DIVERT = {**settings.DIVERT, "POPULATION_10_17": 24_000, "POPULATION_10_17_SOURCE": "ONS 2017"}
    assert str(first_time_entrants(2018)["rate_population"]) == "12.5"


def test_no_cost_avoided_for_a_year_not_yet_over(two_years):
    from django.utils import timezone

    from divert.outcomes.rules import collection_year_of
    from divert.outcomes.selectors import value_for_money

    table = value_for_money(collection_year_of(timezone.localdate()))["avoided"]
    assert table["baseline"] is None and table["rows"] == [] and "not over" in table["assumptions"][0]


def test_first_time_entrants_avoided_against_the_baseline(two_years, outcome_reference):
    """3 of the 10 children became first-time entrants in 2016-17 (the baseline), 1 in 2017-18: 2 avoided; a
    community resolution is not a first-time entrant."""
    from divert.outcomes.selectors import value_for_money

    from .conftest import decide

    for c in two_years[:3]:
        decide(c.child_id, "youth_caution", dt.date(2016, 11, 7), fte=True)
    decide(two_years[5].child_id, "youth_caution", dt.date(2017, 11, 7), fte=True)
    decide(two_years[6].child_id, "community_resolution", dt.date(2017, 11, 7))
    table = value_for_money(2018)["avoided"]
    fte = next(r for r in table["rows"] if r["key"] == "first_time_entrants")
    assert (fte["baseline_count"], fte["baseline_population"], fte["count"], fte["population"]) == (3, 10, 1, 10)
    assert str(fte["avoided"]) == "2.0" and fte["money"] is None and fte["comparable"]
    assert any(a.startswith("First-time entrants: the children in care") for a in table["assumptions"])


def test_first_time_entrants_not_compared_when_divert_has_no_baseline_decisions(two_years, outcome_reference,
                                                                                settings):
    """Divert was not used in 2016-17 (no decision recorded): its zero is not that year's figure, so nothing is
    avoided and the reason is stated; the row leaves the system as z."""
    from divert.outcomes.selectors import _suppressed_value, value_for_money

    from .conftest import decide

    decide(two_years[5].child_id, "youth_caution", dt.date(2017, 11, 7), fte=True)
    v = value_for_money(2018)
    fte = next(r for r in v["avoided"]["rows"] if r["key"] == "first_time_entrants")
    assert fte["avoided"] is None and not fte["comparable"]
    assert any("not compared" in a for a in v["avoided"]["assumptions"])
    settings.DIVERT = {**settings.DIVERT, "SUPPRESS_BELOW": 1}  # nothing suppressed, to read the figures
    out = next(r for r in _suppressed_value(v)["avoided"]["rows"] if r["measure"].startswith("First-time"))
    assert (out["baseline_rate"], out["avoided"]) == ("z", "z")
