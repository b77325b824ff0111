"""One test per outcomes rule, named after it."""

import datetime as dt
from types import SimpleNamespace

from divert.outcomes import rules


def test_collection_year_of():
    assert rules.collection_year_of(dt.date(2017, 4, 1)) == 2018
    assert rules.collection_year_of(dt.date(2018, 3, 31)) == 2018
    assert rules.collection_year_of(dt.date(2018, 4, 1)) == 2019


def test_counts_in_offending_indicator():
    caution = SimpleNamespace(makes_first_time_entrant=True, leads_to_court=False)
    charge = SimpleNamespace(makes_first_time_entrant=False, leads_to_court=True)
    community_resolution = SimpleNamespace(makes_first_time_entrant=False, leads_to_court=False)
    assert rules.counts_in_offending_indicator(caution) == rules.CRIMINALISED
    assert rules.counts_in_offending_indicator(charge) == rules.CHARGED
    assert rules.counts_in_offending_indicator(community_resolution) == rules.NONE


def test_suppress_count(settings):
    assert [rules.suppress_count(n, below=6) for n in (0, 1, 5, 6)] == [0, "c", "c", 6]
    assert rules.suppress_count(None) == "z"
    settings.DIVERT = {**settings.DIVERT, "SUPPRESS_BELOW": 3}
    assert [rules.suppress_count(n) for n in (2, 3)] == ["c", 3]


def test_suppress_table():
    # One small cell with a total shown: the next smallest non-zero cell goes too (secondary suppression).
    assert rules.suppress_table({"a": 3, "b": 7, "c": 20, "d": 0}, below=6) == {"a": "c", "b": "c", "c": 20, "d": 0}
    # Two small cells already hide each other; no small cell, nothing hidden.
    assert rules.suppress_table({"a": 3, "b": 2, "c": 20}, below=6) == {"a": "c", "b": "c", "c": 20}
    assert rules.suppress_table({"a": 6, "b": 20}, below=6) == {"a": 6, "b": 20}


def test_indicator_percentage():
    assert rules.indicator_percentage(1, 8) == 13  # 12.5 rounds up
    assert rules.indicator_percentage(0, 10) == 0
    assert rules.indicator_percentage(1, 300) == "k"  # 0.33%: under 0.5 but not zero
    assert rules.indicator_percentage(0, 0) == "z"


def test_suppressed_indicator():
    assert rules.suppressed_indicator(3, 40, below=6) == {"cohort": 40, "numerator": "c", "percentage": "c"}
    assert rules.suppressed_indicator(8, 40, below=6) == {"cohort": 40, "numerator": 8, "percentage": 20}
    assert rules.suppressed_indicator(0, 4, below=6) == {"cohort": "c", "numerator": "c", "percentage": "c"}
    assert rules.suppressed_indicator(0, 40, below=6) == {"cohort": 40, "numerator": 0, "percentage": 0}


def test_avoided_against_baseline():
    from decimal import Decimal

    from divert.outcomes.rules import avoided_against_baseline

    assert avoided_against_baseline(baseline_count=4, baseline_population=10, count=1, population=10) == Decimal(3)
    # this year's population is larger: the baseline rate is applied to it
    assert avoided_against_baseline(baseline_count=4, baseline_population=10, count=1, population=15) == Decimal(5)
    assert avoided_against_baseline(baseline_count=1, baseline_population=10, count=3, population=10) == Decimal(-2)
    assert avoided_against_baseline(baseline_count=1, baseline_population=3, count=0, population=10) == \
        Decimal("3.3")
    assert avoided_against_baseline(baseline_count=0, baseline_population=0, count=0, population=10) is None


def test_cost_avoided():
    from decimal import Decimal

    from divert.outcomes.rules import cost_avoided

    assert cost_avoided(Decimal(12), low=Decimal(1325), high=Decimal(2415)) == (Decimal(15900), Decimal(28980))
    assert cost_avoided(Decimal(2), low=Decimal(65000), high=Decimal(212000), per=Decimal("0.5")) == \
        (Decimal(65000), Decimal(212000))
    assert cost_avoided(Decimal(-1), low=Decimal(1), high=Decimal(2)) is None
    assert cost_avoided(None, low=Decimal(1), high=Decimal(2)) is None


def test_first_time_entrant_rate():
    from decimal import Decimal

    from divert.outcomes.rules import first_time_entrant_rate

    assert first_time_entrant_rate(3, 285) == Decimal("1052.6")
    assert first_time_entrant_rate(150, 21_000) == Decimal("714.3")
    assert first_time_entrant_rate(3, None) is None and first_time_entrant_rate(3, 0) is None
