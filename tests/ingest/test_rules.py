"""One test per named validation rule (rules.py)."""

import datetime as dt

import pytest

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


def _ep(decom, dec=None, *, rne="P", ls="C2", rec=None):
    d = dt.date.fromisoformat
    return {"decom": d(decom), "dec": d(dec) if dec else None, "rne": rne, "ls": ls,
            "rec": rec if rec is not None else ("X1" if dec else "")}


@pytest.mark.parametrize("episodes, expected", [
    ([_ep("2016-03-01", rne="S")], True),  # in care since before 1 April 2017, still open
    ([_ep("2016-03-01", "2018-03-31", rne="S")], True),  # ends X1 on 31 March: care continues
    ([_ep("2016-03-01", "2017-10-01", rne="S"), _ep("2017-10-01")], True),  # an X1 chain
    ([_ep("2017-04-01", rne="S")], False),  # began on 1 April 2017: a new period of care (RNE S) in the year
    ([_ep("2017-04-02", rne="S")], False),  # entered care in the year
    ([_ep("2016-03-01", "2017-10-01", rne="S", rec="E11")], False),  # left care in the year
    ([_ep("2016-03-01", "2017-06-01", rne="S", rec="E8"), _ep("2017-09-01", rne="S")], False),  # left, came back
    ([_ep("2016-03-01", "2018-01-01", rne="S"), _ep("2018-01-01", ls="V3")], False),  # short breaks in the year
    ([_ep("2016-03-01", "2016-09-01", rne="S", ls="V4"), _ep("2016-09-01", rne="L")], True),  # V4 before the year
    ([_ep("2016-03-01", "2016-09-01", rne="S", rec="E11")], False),  # left before the year
    ([], False),
])
def test_looked_after_continuously_12_months(episodes, expected):
    assert rules.looked_after_continuously_12_months(episodes, year=2018) is expected


def test_convicted_blank_under_10():
    march = dt.date(2008, 3, 31)
    assert rules.convicted_blank_under_10(True, march + dt.timedelta(days=1), year=2018) is not None  # 9 at 31/3
    assert rules.convicted_blank_under_10(False, dt.date(2010, 1, 1), year=2018) is not None  # 0 is not blank
    assert rules.convicted_blank_under_10(True, march, year=2018) is None  # 10 on 31 March
    assert rules.convicted_blank_under_10(None, dt.date(2014, 1, 1), year=2018) is None


def test_convicted_only_if_looked_after_12_months():
    assert rules.convicted_only_if_looked_after_12_months(True, False) is not None
    assert rules.convicted_only_if_looked_after_12_months(False, False) is not None
    assert rules.convicted_only_if_looked_after_12_months(True, True) is None
    assert rules.convicted_only_if_looked_after_12_months(None, False) is None


def test_date_within_future_horizon():
    today = dt.date(2026, 3, 1)
    assert rules.date_within_future_horizon(None, today=today, days=365) is None
    assert rules.date_within_future_horizon(dt.date(2026, 9, 1), today=today, days=365) is None
    assert rules.date_within_future_horizon(today + dt.timedelta(days=365), today=today, days=365) is None
    reason = rules.date_within_future_horizon(dt.date(2029, 4, 1), today=today, days=365)
    assert reason and "more than 365 days after today" in reason and "01/03/2027" in reason
    assert rules.date_within_future_horizon(dt.date(2026, 3, 2), today=today, days=0)
