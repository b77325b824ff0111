"""Candidate pairs (model.blocking_rules) survive any one field missing or wrong, and the usual pairs of errors:
each case below is a record of a register person that the earlier rules (date of birth; surname + year; sounding
surname + initial; initial or surname + postcode) never compared with that person."""

import datetime as dt

import pytest

from divert.matching.people.predict import score_pairs
from divert.matching.people.prepare import frame, person_row
from tests.matching.people.fixtures import synthetic_data, trained_model  # noqa: F401

REGISTER = [  # id, forename, surname, date of birth, postcode
    ("R1", "Katherine", "Phillips", dt.date(2010, 5, 17), "NG7 2AB"),
    ("R2", "Daniel", "Okafor", dt.date(2008, 11, 3), "LE1 4QP"),
    ("R3", "Amira", "Hussain", dt.date(2012, 2, 24), "S10 2TN"),
    ("R4", "Connor", "Whitfield", dt.date(2009, 7, 9), "DE22 1GB"),
]

CASES = {  # what went wrong -> (register id, forename, surname, date of birth, postcode) as recorded
    "surname missing, year of birth wrong": ("R2", "Daniel", "", dt.date(2007, 11, 3), ""),
    "surname replaced, day of birth wrong": ("R3", "Amira", "Begum", dt.date(2012, 2, 14), ""),
    "names swapped and misspelt, year of birth wrong, no postcode": ("R4", "Whitfeld", "Connor",
                                                                    dt.date(2010, 7, 9), ""),
    "names swapped, no date of birth, postcode agrees": ("R2", "Okafor", "Daniel", None, "LE1 4QP"),
    "sound-alike first letters in both names, no date of birth or postcode": ("R1", "Catherine", "Fillips", None,
                                                                              ""),
    # Sounding surname + initial, kept where the date cannot block (ADR 0049):
    "forename shortened, surname misspelt, no date of birth or postcode": ("R2", "Dan", "Okafer", None, ""),
    "forename shortened, surname misspelt, year of birth wrong": ("R4", "Con", "Whitfeld", dt.date(2019, 7, 9), ""),
    "forename shortened, surname misspelt, day and month of birth wrong": ("R4", "Con", "Whitfeld",
                                                                         dt.date(2009, 3, 28), ""),
    "surname misspelt, date of birth wrong": ("R4", "Connor", "Whitefield", dt.date(2001, 10, 30), ""),
    "forename misspelt, date of birth wrong": ("R2", "Danyel", "Okafor", dt.date(2001, 1, 30), ""),
}


@pytest.mark.parametrize("case", list(CASES))
def test_record_meets_its_person(trained_model, case):  # noqa: F811
    model, _report = trained_model
    right = frame([person_row(i, i, f, s, d, None, p) for i, f, s, d, p in REGISTER])
    target, *record = CASES[case]
    left = frame([person_row("X", "X", *record[:3], None, record[3])])
    pairs = score_pairs(left, right, model, floor=1e-12)
    assert ("X", target) in set(zip(pairs["left_id"], pairs["right_id"], strict=True))


def test_swapped_names_are_counted_once(trained_model):  # noqa: F811
    """Names typed the wrong way round are one event: with a date of birth decades apart the pair is not a match."""
    model, _report = trained_model
    right = frame([person_row(i, i, f, s, d, None, p) for i, f, s, d, p in REGISTER])
    left = frame([person_row("X", "X", "Whitfield", "Connor", dt.date(1971, 3, 28), None, "")])
    pairs = score_pairs(left, right, model, floor=1e-12)
    swapped = pairs[(pairs["left_id"] == "X") & (pairs["right_id"] == "R4")]
    assert len(swapped) == 1 and swapped["match_probability"].item() < 0.5


def test_sounding_surname_and_initial_alone_do_not_make_a_candidate(trained_model):  # noqa: F811
    """The sounding surname + initial rule applies only where the date of birth cannot block (ADR 0049): with a
    date of birth on both sides that shares nothing with the register person's, the pair is not generated (it was
    71% of a national day's comparisons, almost all of them between strangers)."""
    model, _report = trained_model
    right = frame([person_row(i, i, f, s, d, None, p) for i, f, s, d, p in REGISTER])
    left = frame([person_row("X", "X", "Dan", "Okafer", dt.date(2001, 1, 30), None, "")])
    pairs = score_pairs(left, right, model, floor=1e-12)
    assert ("X", "R2") not in set(zip(pairs["left_id"], pairs["right_id"], strict=True))
