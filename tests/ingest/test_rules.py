"""One test per named validation rule (rules.py)."""

import datetime as dt

from divert.ingest import rules

D = dt.date


def test_date_not_in_future():
    today = D(2026, 1, 10)
    assert rules.date_not_in_future(D(2026, 1, 10), today=today) is None
    assert rules.date_not_in_future(D(2026, 1, 11), today=today) == "the date is in the future"
    assert rules.date_not_in_future(dt.datetime(2026, 1, 10, 23, 0, tzinfo=dt.UTC), today=today) is None
    assert rules.date_not_in_future(None, today=today) is None


def test_end_not_before_start():
    assert rules.end_not_before_start(D(2025, 5, 1), D(2025, 4, 30)) == "the end is before the start"
    assert rules.end_not_before_start(D(2025, 5, 1), D(2025, 5, 1)) is None
    assert rules.end_not_before_start(D(2025, 5, 1), None) is None


def test_born_before_event():
    assert "before the child's date of birth" in rules.born_before_event(D(2012, 1, 1), D(2011, 1, 1), what="DECOM")
    assert rules.born_before_event(D(2012, 1, 1), D(2012, 1, 1), what="DECOM") is None


def test_ended_episode_has_reason():
    assert "no reason" in rules.ended_episode_has_reason(D(2025, 1, 1), "")
    assert "no end date" in rules.ended_episode_has_reason(None, "E9")
    assert rules.ended_episode_has_reason(D(2025, 1, 1), "X1") is None
    assert rules.ended_episode_has_reason(None, "") is None


def test_within_collection_year():
    assert rules.within_collection_year(D(2026, 3, 31), year=2026) is None
    assert "2025-26" in rules.within_collection_year(D(2026, 4, 1), year=2026)


def test_same_content():
    assert rules.same_content({"a": 1, "b": 2}, {"a": 1, "b": 3}, ["a", "b"]) == "b"
    assert rules.same_content({"a": 1}, {"a": 1}, ["a"]) is None


def test_opened_before_closed():
    assert rules.opened_before_closed(D(2020, 1, 1), D(2019, 1, 1)) is not None
    assert rules.opened_before_closed(D(2020, 1, 1), None) is None


def test_end_not_before_start_slack_for_the_clock_change():
    start = dt.datetime(2025, 10, 26, 1, 50, tzinfo=dt.UTC)
    end = dt.datetime(2025, 10, 26, 1, 10, tzinfo=dt.UTC)
    assert rules.end_not_before_start(start, end) is not None
    assert rules.end_not_before_start(start, end, slack=dt.timedelta(hours=1)) is None


def test_spring_gap_times_are_read_as_summer_time():
    from divert.ingest.fields import datetime as parse

    reported = parse("29/03/2026 01:24", "%d/%m/%Y %H:%M")
    closed = parse("29/03/2026 02:21", "%d/%m/%Y %H:%M")
    assert reported.isoformat() == "2026-03-29T00:24:00+00:00"
    assert closed > reported
