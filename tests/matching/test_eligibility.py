"""The care-register pre-filter: who can be a looked-after child or a care leaver on a record's own date."""

import datetime as dt

import pandas as pd
import pytest

from divert.matching.eligibility import (
    OLDEST_AGE_COVERED,
    age_on,
    may_be_on_care_register,
    may_be_on_care_register_frame,
)

D = dt.date


@pytest.mark.parametrize("dob,on,expected", [
    (D(2000, 6, 15), D(2026, 6, 14), True),   # 25, the day before the 26th birthday: kept
    (D(2000, 6, 15), D(2026, 6, 15), False),  # the 26th birthday: cannot be covered
    (D(2001, 6, 15), D(2026, 6, 15), True),   # the 25th birthday itself: kept
    (D(1960, 1, 1), D(2026, 1, 1), False),
    (D(2026, 1, 1), D(2026, 1, 1), True),     # born that day
    (D(2027, 1, 1), D(2026, 1, 1), True),     # born after the record's date: the date is wrong, keep
    (None, D(2026, 1, 1), True),              # no date of birth
    (D(1960, 1, 1), None, True),              # no record date
    (D(2000, 2, 29), D(2026, 2, 28), True),   # a leap-day birthday counts from 1 March
    (D(2000, 2, 29), D(2026, 3, 1), False),
])
def test_boundaries(dob, on, expected):
    assert may_be_on_care_register(dob, on) is expected


def test_age_in_whole_years():
    assert OLDEST_AGE_COVERED == 25
    assert age_on(D(2010, 12, 31), D(2026, 12, 30)) == 15
    assert age_on(D(2010, 12, 31), D(2026, 12, 31)) == 16


def test_the_vectorised_rule_agrees_with_the_rule_on_every_boundary():
    cases = [(dob, on) for dob in (D(2000, 6, 15), D(2000, 2, 29), D(2001, 1, 1), D(1990, 12, 31), None)
             for on in (D(2026, 6, 14), D(2026, 6, 15), D(2026, 2, 28), D(2026, 3, 1), D(2026, 12, 31),
                        D(2016, 12, 31), D(1999, 1, 1), None)]
    got = may_be_on_care_register_frame(pd.Series([d.isoformat() if d else None for d, _ in cases]),
                                        pd.Series([o.isoformat() if o else "" for _, o in cases]))
    assert got.tolist() == [may_be_on_care_register(d, o) for d, o in cases]


def test_unreadable_dates_are_kept():
    got = may_be_on_care_register_frame(pd.Series(["1950-01-01", "not a date", "1950-01-01"]),
                                        pd.Series(["garbage", "2026-01-01", "2026-01-01"]))
    assert got.tolist() == [True, True, False]
