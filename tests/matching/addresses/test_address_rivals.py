"""Review and missed classes of public UK data, as general cases: rivals the words cannot tell apart, a location
typed exactly as one listed address, a different flat, numbers at the end of a range, flats before a block's name.

Every register here is invented; each case has the shape of a class, not of a row of any file.
"""

import pytest

from divert.matching.addresses.decide import Thresholds
from divert.matching.addresses.matcher import AddressMatcher
from divert.matching.addresses.normalise import parse_address
from divert.matching.addresses.records import make_record


def _match(rows, text, postcode="", *, one_place=False):
    matcher = AddressMatcher([make_record(k, a, p) for k, a, p in rows], Thresholds(same_address_one_place=one_place))
    decision = matcher.match_one(make_record("m", text, postcode))
    return decision.outcome, matcher.key_of(decision.best)


# --- the typed postcode decides between places the words cannot tell apart ------------------------------------
LONG_ROAD = [("north", "MALTHOUSE ROAD EASTLEY SHIRE", "XE5 2NJ"),
             ("south", "MALTHOUSE ROAD EASTLEY SHIRE", "XE5 2NW"),
             ("elsewhere", "MALTHOUSE ROAD WESTLEY SHIRE", "XF6 1AA")]


@pytest.mark.parametrize(("postcode", "expected"), [("XE5 2NJ", "north"), ("xe52nw", "south")])
def test_the_typed_postcode_picks_one_of_a_road_listed_under_two_postcodes(postcode, expected):
    assert _match(LONG_ROAD, "malthouse rd eastley", postcode) == ("linked", expected)


def test_without_a_postcode_a_road_listed_twice_stays_a_choice_for_a_person():
    outcome, best = _match(LONG_ROAD, "malthouse rd eastley")
    assert outcome == "review" and best in {"north", "south"}


def test_a_rival_elsewhere_whose_words_agree_better_stays_a_rival():
    rows = [("pub", "THE PLOUGH INN MALTHOUSE ROAD EASTLEY SHIRE", "XE5 2NW"),
            ("road", "MALTHOUSE ROAD EASTLEY SHIRE", "XE5 2NJ")]
    # the words name the inn, the postcode (one slip from the inn's) the road: not decided by the postcode alone
    outcome, best = _match(rows, "the plough inn malthouse road eastley", "XE5 2NJ")
    assert best == "pub" and outcome != "none"


# --- a location typed word for word as one listed address --------------------------------------------------------
def test_typed_exactly_as_one_address_links_although_a_longer_one_contains_its_words():
    rows = [("chase", "GRANGE HALL CHASE FENWICK SHIRE", "XG7 9EE"),
            ("hall", "GRANGE HALL GRANGE HALL CHASE FENWICK SHIRE", "XG7 9EE")]
    assert _match(rows, "Grange Hall Chase Fenwick Shire", "XG7 9EE") == ("linked", "chase")
    assert _match(rows, "grange hall, grange hall chase, fenwick, shire", "xg79ee") == ("linked", "hall")


def test_typed_exactly_as_a_building_whose_unit_is_also_listed_stays_a_review():
    rows = [("estate", "ELMSTEAD PARK BARROW ROAD FENWICK SHIRE", "XG7 1DX"),
            ("unit", "UNIT 3 ELMSTEAD PARK BARROW ROAD FENWICK SHIRE", "XG7 1DX")]
    # "Elmstead Park" may be unit 3 with its unit left out: a person chooses
    assert _match(rows, "ELMSTEAD PARK BARROW RD FENWICK SHIRE", "XG7 1DX")[0] == "review"


def test_typed_exactly_but_at_another_postcode_is_not_the_exact_stage():
    rows = [("a", "GRANGE HALL CHASE FENWICK SHIRE", "XG7 9EE"),
            ("b", "GRANGE HALL CHASE FENWICK SHIRE", "XG7 9EF")]
    outcome, _ = _match(rows, "GRANGE HALL CHASE FENWICK SHIRE")
    assert outcome == "review"


# --- a different flat of the same building is a near miss -------------------------------------------------------
FLATS = [("f2", "FLAT 2 41 KINGS AVENUE OAKHAM SHIRE", "XB2 8KA"),
         ("house", "39 KINGS AVENUE OAKHAM SHIRE", "XB2 8KA")]


@pytest.mark.parametrize("typed", ["Flat 5, 41 Kings Ave, Oakham", "flat 12 41 kings avenue"])
def test_another_flat_number_in_the_same_building_is_none_not_review(typed):
    assert _match(FLATS, typed, "XB2 8KA")[0] == "none"


def test_the_same_flat_still_links_and_a_left_out_flat_is_still_a_review():
    assert _match(FLATS, "Flat 2, 41 Kings Ave, Oakham", "XB2 8KA") == ("linked", "f2")
    assert _match(FLATS, "41 Kings Avenue Oakham", "XB2 8KA") == ("review", "f2")


# --- ranges -----------------------------------------------------------------------------------------------------
RANGE = [("range", "Ash House, 65-67 Newgate Road, Lindale", "XH8 7AW"),
         ("next", "69 Newgate Road, Lindale", "XH8 7AW")]


@pytest.mark.parametrize("typed", ["65 Newgate Rd, Lindale", "67 newgate road", "65/67 Newgate Road",
                                   "65-67 newgate rd"])
def test_a_number_at_either_end_of_a_listed_range_or_the_range_itself_links(typed):
    assert _match(RANGE, typed, "XH8 7AW") == ("linked", "range")


def test_a_number_inside_a_range_is_still_a_review():
    rows = [("range", "13-17 NEWGATE ROAD LINDALE", "XH8 7AW")]
    assert _match(rows, "15 Newgate Road Lindale", "XH8 7AW")[0] == "review"


def test_a_single_listed_number_typed_as_a_range_it_ends_links():
    rows = [("shop", "21 CRITTON ROAD WITHLEY", "XJ9 1CR"), ("other", "27 CRITTON ROAD WITHLEY", "XJ9 1CR")]
    assert _match(rows, "21-23 Critton Rd Withley", "XJ9 1CR") == ("linked", "shop")


def test_a_slash_that_is_not_the_listed_range_keeps_its_flat_reading():
    p = parse_address("2/14 Oak Lane")
    assert (p.number, p.unit) == ("2", "14") and p.number_alt == "14"
    rows = [("flat", "Flat 2, 14 Oak Lane, Lindale", "XH8 1AB")]
    assert _match(rows, "2/14 Oak Lane, Lindale", "XH8 1AB") == ("linked", "flat")


# --- a flat number before a block's name ------------------------------------------------------------------------
def test_a_leading_number_before_a_named_block_and_a_numbered_street_is_the_flat():
    p = parse_address("6, Riverside Point, 64 Wollaton Road, Lindale")
    assert (p.unit, p.number) == ("6", "64")
    rows = [("f6", "Flat 6, Riverside Point, 64 Wollaton Road, Lindale", "XH8 8QQ"),
            ("f7", "Flat 7, Riverside Point, 64 Wollaton Road, Lindale", "XH8 8QQ")]
    assert _match(rows, "6, Riverside Point, 64 Wollaton, Road, Lindale", "XH8 8QQ") == ("linked", "f6")


def test_a_leading_number_before_a_name_without_a_numbered_street_stays_the_building_number():
    p = parse_address("6, The Willows, Oak Lane")
    assert p.number == "6" and p.unit == ""


# --- flats named by their floor, and the building listed beside its flats ---------------------------------------
@pytest.mark.parametrize(("text", "unit"), [("FLAT BASEMENT 45 BAKER STREET", "FLB"),
                                            ("Flat Ground Floor, 12 Oak Lane", "FL0"),
                                            ("FLAT FIRST FLOOR 30 SOUTH EDGE CRESCENT", "FL1"),
                                            ("first floor flat 30 south edge crescent", "FL1")])
def test_a_flat_named_by_its_floor_after_the_word_flat(text, unit):
    assert parse_address(text).unit == unit


def test_a_flat_number_and_a_floor_keep_the_flat_number():
    assert parse_address("Flat 3, 2nd Floor, 12 Oak Lane").unit == "3"


def test_basement_flat_typed_the_other_way_round_links():
    rows = [("flat", "FLAT BASEMENT 45 BAKERS STREET LINDALE", "XH8 4BS"),
            ("house", "45 BAKERS STREET LINDALE", "XH8 4BS")]
    assert _match(rows, "Basement flat, 45 Bakers St, Lindale", "XH8 4BS") == ("linked", "flat")


def test_a_typed_flat_picks_the_flat_over_the_building_listed_without_one():
    rows = [("f2", "FLAT 2 153 WEXHAM ROAD LINDALE", "XH8 9WR"),
            ("building", "153 WEXHAM ROAD LINDALE", "XH8 9WR"),
            ("f3", "FLAT 3 153 WEXHAM ROAD LINDALE", "XH8 9WR")]
    assert _match(rows, "Flat 2, 153 Wexham Rd", "XH8 9WR") == ("linked", "f2")
    assert _match(rows, "Flat B, 153 Wexham Rd", "XH8 9WR") == ("linked", "f2")  # B is the second letter
    assert _match(rows, "153 Wexham Rd", "XH8 9WR")[0] == "review"  # no flat typed: the building or a flat


# --- a slip in a word the lists abbreviate ---------------------------------------------------------------------
def test_a_slip_in_a_word_that_is_folded_when_spelt_right_still_agrees():
    from divert.matching.addresses.areas import TokenFrequencies
    from divert.matching.addresses.score import text_similarity

    listed = parse_address("UNIT 7 BRAMFORD INDUSTRIAL ESTATE PERRY ROAD LINDALE").tokens
    typed = parse_address("unit 7 bramford industrual estaet, perry road lindale").tokens
    assert text_similarity(listed, typed, TokenFrequencies()) == 1.0
    other = parse_address("unit 7 bramford business park perry road lindale").tokens
    assert text_similarity(listed, other, TokenFrequencies()) < 0.85
