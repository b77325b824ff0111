"""Normalising people (people/prepare.py): the column-wise frame builder derives each distinct value once and gives
the same frame as normalising row by row; the day-first guess reads each distinct value once."""

import math

import pandas as pd
import pytest

from divert.matching.people.prepare import build_frame, frame, guess_dayfirst, person_row

# Repeated values (as a national file repeats names, dates and postcodes), missing ones in every form, and values
# that clean to the same thing from different spellings.
ROWS = [
    ("Mary-Jane", "Smith-Jones", "03/11/2012", "F", "ng7 2ab"),
    ("mary-jane", "SMITH JONES", "2012-11-03", "female", "NG72AB"),
    ("Mr. O'Neil", "Patel", "", "m", ""),
    ("Bob", "", None, "U", None),
    ("", "Patel", "20120311", "2", "2615"),
    (None, None, float("nan"), None, float("nan")),
    ("Mary-Jane", "Smith-Jones", "03/11/2012", "F", "ng7 2ab"),
    ("Alex", "O'Brien", "12 Mar 2013", "M", "NFA"),
    ("  Liam ", "Patel", "31/12/2011", "1", "sw1a 1aa"),
    ("Bob", "Patel", "13/01/2011", "M", "SW1A1AA"),
]


def _columns(rows):
    return [list(c) for c in zip(*rows, strict=True)]


def _row_by_row(rows, dayfirst=True):
    return frame([person_row(f"u{i}", f"r{i}", *row, dayfirst=dayfirst) for i, row in enumerate(rows)])


def _same(a: pd.DataFrame, b: pd.DataFrame) -> None:
    assert list(a.columns) == list(b.columns) and len(a) == len(b)
    for col in a.columns:
        for x, y in zip(a[col], b[col], strict=True):
            missing_x = x is None or x is pd.NA or (isinstance(x, float) and math.isnan(x))
            missing_y = y is None or y is pd.NA or (isinstance(y, float) and math.isnan(y))
            assert missing_x == missing_y, col
            if not missing_x:
                assert x == y, col


@pytest.mark.parametrize("as_series", [False, True])
def test_build_frame_gives_the_row_by_row_frame(as_series):
    first, last, dob, sex, postcode = _columns(ROWS)
    if as_series:  # as read from a CSV: pandas string columns
        first, last, sex = (pd.Series([v if v is not None else "" for v in c], dtype="str") for c in (first, last, sex))
    built = build_frame([f"u{i}" for i in range(len(ROWS))], [f"r{i}" for i in range(len(ROWS))], first, last, dob,
                        sex, postcode)
    _same(built, _row_by_row(ROWS))
    assert str(built["dob_days"].dtype) == "Int64"


def test_rows_with_the_same_value_get_the_same_derived_values_and_others_theirs():
    built = build_frame(range(len(ROWS)), range(len(ROWS)), *_columns(ROWS))
    assert built.loc[0, "first_name"] == built.loc[1, "first_name"] == "maryjane"
    assert built.loc[0, "surname_parts"] == built.loc[6, "surname_parts"] == ["smith", "jones"]
    assert built.loc[0, "dob"] == built.loc[1, "dob"] == "2012-11-03"
    assert built.loc[4, "dob"] == "2012-03-11" and built.loc[9, "dob"] == "2011-01-13"
    assert built.loc[8, "postcode"] == built.loc[9, "postcode"] == "SW1A1AA"
    assert pd.isna(built.loc[3, "surname"]) and pd.isna(built.loc[5, "first_name"]) and pd.isna(built.loc[5, "dob"])
    assert built.loc[2, "sex"] == "M" and pd.isna(built.loc[3, "sex"]) and built.loc[4, "sex"] == "F"
    assert list(built["record_id"]) == [str(i) for i in range(len(ROWS))]


def test_build_frame_of_no_rows_has_the_columns():
    built = build_frame([], [], [], [], [], [], [])
    assert built.empty and list(built.columns) == list(_row_by_row(ROWS).columns)


def test_month_first_dates_are_read_month_first_in_both_builders():
    rows = [("Ann", "Lee", "11/25/2010", "F", ""), ("Ann", "Lee", "03/04/2010", "F", "")]
    dayfirst = guess_dayfirst([r[2] for r in rows])
    assert dayfirst is False
    _same(build_frame(["u0", "u1"], ["r0", "r1"], *_columns(rows), dayfirst=dayfirst), _row_by_row(rows, dayfirst))


def test_guess_dayfirst_reads_each_distinct_value_and_still_sees_one_month_first_date():
    many = ["01/02/2010"] * 5000 + ["12/31/2010"] + ["03/04/2011"] * 5000
    assert guess_dayfirst(many) is False
    assert guess_dayfirst(pd.Series(many, dtype="str")) is False
    assert guess_dayfirst(pd.Series(["01/02/2010"] * 100 + ["31/12/2010"], dtype="str")) is True
    # both places above 12 somewhere: day first (the file's own layout cannot be month first)
    assert guess_dayfirst(pd.Series(["12/31/2010", "31/12/2010", None, ""])) is True
