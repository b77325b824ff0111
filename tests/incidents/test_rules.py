"""Each named rule of the daily list (src/divert/incidents/rules.py), tested on its own."""

import datetime as dt

import pytest

from divert.incidents import rules
from divert.incidents.defaults import EXPLOITATION_TERMS

LONDON = rules.LONDON


def window(day):
    start, end = rules.daily_window(day)
    return start.astimezone(LONDON), end.astimezone(LONDON)


def test_weekday_window_is_07_to_07():
    start, end = window(dt.date(2026, 11, 25))  # Wednesday
    assert (start, end) == (dt.datetime(2026, 11, 24, 7, tzinfo=LONDON), dt.datetime(2026, 11, 25, 7, tzinfo=LONDON))


def test_monday_window_covers_the_weekend():
    start, end = window(dt.date(2026, 11, 23))  # Monday
    assert start == dt.datetime(2026, 11, 20, 7, tzinfo=LONDON)  # Friday 07:00
    assert end == dt.datetime(2026, 11, 23, 7, tzinfo=LONDON)


def test_bank_holiday_monday_extends_tuesdays_window():
    assert not rules.is_working_day(dt.date(2026, 5, 25))  # spring bank holiday (England)
    start, end = window(dt.date(2026, 5, 26))  # Tuesday
    assert start == dt.datetime(2026, 5, 22, 7, tzinfo=LONDON)  # Friday
    assert end == dt.datetime(2026, 5, 26, 7, tzinfo=LONDON)


def test_easter_window_spans_good_friday_to_tuesday():
    start, _ = window(dt.date(2026, 4, 7))  # Tuesday after Easter Monday
    assert start.date() == dt.date(2026, 4, 2)  # Maundy Thursday: Good Friday is a bank holiday


def test_window_across_the_clock_change_is_in_london_time():
    # Clocks go back on Sunday 25 October 2026: Monday's window is 73 hours, not 72.
    start, end = rules.daily_window(dt.date(2026, 10, 26))
    assert end - start == dt.timedelta(hours=73)
    assert start.astimezone(LONDON).hour == 7 and end.astimezone(LONDON).hour == 7
    # Clocks go forward on Sunday 29 March 2026.
    start, end = rules.daily_window(dt.date(2026, 3, 30))
    assert end - start == dt.timedelta(hours=71)


@pytest.mark.parametrize("offence,narrative,expected", [
    ("Criminal damage", "Child kicked a door in their bedroom", "minor criminal damage"),
    ("Assault without injury", "Pushed a member of staff during an argument", "minor assault on staff without injury"),
    ("Common assault", "Slapped a support worker, no injuries", "minor assault on staff without injury"),
    ("Theft", "Took £20 petty cash from the office", "theft of the home's property"),
    ("Assault occasioning ABH", "Punched staff member, cut lip", ""),
    ("Criminal damage", "Set fire, arson suspected", ""),
    ("Theft", "Shoplifting from a supermarket", ""),
    ("Robbery", "Robbed a member of the public", ""),
])
def test_crime_a_family_would_handle(offence, narrative, expected):
    assert rules.crime_a_family_would_handle(crime_recorded=True, at_home=True, child_suspect=True, offence=offence,
                                             narrative=narrative) == expected


def test_family_test_needs_crime_at_home_with_a_child_suspect():
    kw = {"offence": "Criminal damage", "narrative": "Broke a window"}
    assert rules.crime_a_family_would_handle(crime_recorded=False, at_home=True, child_suspect=True, **kw) == ""
    assert rules.crime_a_family_would_handle(crime_recorded=True, at_home=False, child_suspect=True, **kw) == ""
    assert rules.crime_a_family_would_handle(crime_recorded=True, at_home=True, child_suspect=False, **kw) == ""


def test_staff_reported():
    assert rules.staff_reported("home_staff")
    assert not rules.staff_reported("public")


def test_exploitation_indicators_match_whole_words_from_editable_terms():
    terms = [t for ts in EXPLOITATION_TERMS.values() for t in ts]
    pattern = rules.compile_indicators(terms)
    found = rules.exploitation_indicators(
        "Returned with a new phone and unexplained money; seen with older males; talked about county lines.", pattern)
    assert set(found) == {"new phone", "unexplained money", "older males", "county lines"}
    assert rules.exploitation_indicators("Argument over the TV remote", pattern) == []
    assert rules.exploitation_indicators("hotelier", rules.compile_indicators(["hotel"])) == []
    assert rules.compile_indicators([]) is None


def test_missing_episode():
    assert rules.missing_episode(roles=["missing_person"], categories=[""])
    assert rules.missing_episode(roles=[], categories=["Missing person - child"])
    assert not rules.missing_episode(roles=["suspect"], categories=["Criminal damage"])


def test_first_time_entrant_risk():
    assert rules.first_time_entrant_risk(suspect_child_ids={1, 2}, children_with_record={1})
    assert not rules.first_time_entrant_risk(suspect_child_ids={1}, children_with_record={1})
    assert not rules.first_time_entrant_risk(suspect_child_ids=set(), children_with_record=set())


def test_priority_comes_from_the_most_urgent_flag():
    assert rules.priority([rules.STAFF_REPORTED, rules.FAMILY_TEST]) == 1
    assert rules.priority([rules.MISSING, rules.STAFF_REPORTED]) == 2
    assert rules.priority([rules.STAFF_REPORTED]) == 3
    assert rules.priority([]) == 4


def test_arrest_needs_screening():
    assert rules.arrest_needs_screening(link_status="linked", has_child=True)
    assert rules.arrest_needs_screening(link_status="review", has_child=False)
    assert not rules.arrest_needs_screening(link_status="none", has_child=False)
    assert not rules.arrest_needs_screening(link_status="linked", has_child=False)


def test_escalation_due(settings):
    settings.DIVERT = {**settings.DIVERT, "ALERT_ESCALATE_AFTER_MINUTES": 30}
    now = dt.datetime(2026, 11, 23, 12, tzinfo=dt.UTC)
    old = now - dt.timedelta(minutes=31)
    assert rules.escalation_due(created_at=old, now=now, acknowledged=False, escalated=False)
    assert not rules.escalation_due(created_at=now - dt.timedelta(minutes=5), now=now, acknowledged=False,
                                    escalated=False)
    assert not rules.escalation_due(created_at=old, now=now, acknowledged=True, escalated=False)
    assert not rules.escalation_due(created_at=old, now=now, acknowledged=False, escalated=True)


def test_same_arrest():
    import datetime as dt

    from divert.incidents.rules import SAME_ARREST_HOURS, same_arrest

    t = dt.datetime(2026, 11, 24, 22, 0, tzinfo=dt.UTC)
    assert same_arrest(arrested_at=t + dt.timedelta(hours=2), alerted_at=[t])
    assert same_arrest(arrested_at=t - dt.timedelta(hours=SAME_ARREST_HOURS), alerted_at=[t])
    assert not same_arrest(arrested_at=t + dt.timedelta(hours=SAME_ARREST_HOURS + 1), alerted_at=[t])
    assert not same_arrest(arrested_at=t, alerted_at=[])
