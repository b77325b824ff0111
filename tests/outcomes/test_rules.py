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
