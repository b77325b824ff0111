"""ADR 0056: a unit typed as a number, a street row against a typed building number, a postcode sector that already
says the town, and words left out that never tie with words typed (numbered addresses too).

The register is invented (street and town names made up, postcodes in the published format), shaped like a
business register: streets with numbered premises, premises known by their street alone, units of an estate.
"""

import pytest

from divert.matching.addresses.matcher import AddressMatcher
from divert.matching.addresses.records import make_record
from divert.matching.addresses.score import STREET_ROW_NUMBER_TYPED, score_pair

TOWNS = ("WITHAM", "OAKHAM", "TENBURY")
STREETS = ("HIGH STREET", "CHURCH ROAD", "MILL LANE", "STATION ROAD")


def _register() -> list:
    rows = []
    for t, town in enumerate(TOWNS):
        for s, street in enumerate(STREETS):
            for n in range(1, 9):
                rows.append((f"{town}-{s}-{n}", f"{n} {street} {town} ESSEX", f"CM{t + 1} {s}{'ABCDEFGH'[n - 1]}Q"))
    rows += [
        ("conrad", "CONRAD ROAD WITHAM ESSEX", "CM8 2TA"),  # a premises known by its street alone
        ("unit3", "UNIT 3 ELMS PARK GOLDINGTON ROAD OAKHAM", "CM9 0DX"),
        ("unit5", "UNIT 5 ELMS PARK GOLDINGTON ROAD OAKHAM", "CM9 0DX"),
        ("plain80", "80 HIGH STREET WICKFORD ESSEX", "SS12 9AT"),
        ("hut80", "HUT IN CAR PARK 80 HIGH STREET WICKFORD ESSEX", "SS12 9AT"),
    ]
    return [make_record(key, address, postcode) for key, address, postcode in rows]


REGISTER = _register()


@pytest.fixture(scope="module")
def matcher():
    return AddressMatcher(REGISTER)


def match(matcher, text, postcode=""):
    decision = matcher.match_one(make_record("m", text, postcode))
    return decision.outcome, matcher.key_of(decision.best)


# --- a street row is no building -----------------------------------------------------------------------------------
def test_a_building_number_typed_against_a_street_row_is_none(matcher):
    assert match(matcher, "5 Conrad Road, Witham", "CM8 2TA")[0] == "none"


def test_the_street_row_typed_as_it_is_still_links(matcher):
    assert match(matcher, "Conrad Road Witham", "CM8 2TA") == ("linked", "conrad")


def test_the_street_row_rule_takes_back_the_street_band_only_without_any_name():
    street_row = make_record("c", "CONRAD ROAD WITHAM ESSEX", "CM8 2TA")
    named = make_record("n", "ROSE COTTAGE CONRAD ROAD WITHAM ESSEX", "CM8 2TA")
    typed = make_record("m", "5 Conrad Road Witham", "CM8 2TA")
    bare = score_pair(typed, street_row, 0)
    assert bare.evidence.get("street_only") is True
    assert score_pair(typed, named, 1).evidence.get("street_only") is None  # a house name may stand for the number
    assert STREET_ROW_NUMBER_TYPED < 0


# --- a unit typed as a number --------------------------------------------------------------------------------------
def test_a_unit_number_typed_as_the_building_number_is_that_unit(matcher):
    assert match(matcher, "3 Elms Park, Goldington Rd", "CM9 0DX") == ("linked", "unit3")
    assert match(matcher, "5 ELMS PARK GOLDINGTON ROAD OAKHAM", "CM9 0DX") == ("linked", "unit5")


def test_a_unit_number_not_in_the_register_is_not_linked(matcher):
    assert match(matcher, "7 Elms Park, Goldington Rd", "CM9 0DX")[0] == "none"


def test_the_unit_reading_is_recorded():
    unit3 = make_record("u", "UNIT 3 ELMS PARK GOLDINGTON ROAD OAKHAM", "CM9 0DX")
    pair = score_pair(make_record("m", "3 Elms Park Goldington Road", "CM9 0DX"), unit3, 0)
    assert pair.evidence["reading"] == "unit"
    assert pair.evidence["unit"] == "exact" and pair.evidence["number"] == "both_missing"


# --- the postcode sector already says the town ---------------------------------------------------------------------
def test_another_postcode_of_the_sector_and_the_town_do_not_add_up_to_an_exact_postcode(matcher):
    # CM8 2SD is in the street row's sector (CM8 2) but no keying slip of CM8 2TA: another premises of that street
    assert match(matcher, "Conrad Road Witham", "CM8 2SD")[0] != "linked"


def test_a_postcode_slip_with_the_town_still_links(matcher):
    assert match(matcher, "Conrad Road Witham", "CM8 2TB") == ("linked", "conrad")  # one character mistyped


def test_the_sector_rule_still_counts_another_town_against(matcher):
    ok = matcher.match_one(make_record("a", "Conrad Road Witham", "CM8 2SD")).best
    other = matcher.match_one(make_record("b", "Conrad Road Tenbury", "CM8 2SD")).best
    assert other.points < ok.points


# --- words left out never tie with words typed ---------------------------------------------------------------------
def test_every_word_typed_is_not_tied_with_a_place_whose_name_was_left_out(matcher):
    assert match(matcher, "80 High St, Wickford", "SS12 9AT") == ("linked", "plain80")


def test_the_name_typed_picks_the_named_place(matcher):
    assert match(matcher, "Hut in car park, 80 High Street", "SS12 9AT") == ("linked", "hut80")


def test_a_village_left_out_is_no_word_left_out():
    register = [make_record("town", "9 MILL LANE TENBURY ESSEX", "CM3 2AQ"),
                make_record("village", "9 MILL LANE QUENBY PARVA TENBURY ESSEX", "CM3 2BQ"),
                *REGISTER]
    m = AddressMatcher(register)
    assert m.match_one(make_record("m", "9 Mill Lane Tenbury")).outcome != "linked"
