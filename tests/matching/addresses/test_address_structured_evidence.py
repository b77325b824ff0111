"""ADR 0056: a unit typed as a number, a street row against a typed building number, a postcode sector that already
says the town, and words left out that never tie with words typed (numbered addresses too).

The register is invented (street and town names made up, postcodes in the published format), shaped like a
business register: streets with numbered premises, premises known by their street alone, units of an estate.
"""

import pytest

from divert.matching.addresses.decide import decide
from divert.matching.addresses.matcher import AddressMatcher
from divert.matching.addresses.records import make_record
from divert.matching.addresses.score import STREET_ROW_NUMBER_TYPED, PairScore, score_pair

from .helpers import match

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


def test_a_word_typed_that_a_tied_rival_lacks_picks_the_place_that_has_it():
    # "Grange Hall Farm, Woodside Rd" typed: the row with FARM explains every typed word, the other lacks one. The
    # points may tie (a common word weighs little in the whole-text comparison); the rival is then no rival.
    rows = [("hall", "WOODSIDE ROAD GRANGE HALL MARLOW SHIRE", "XK3 7SH"),
            ("farm", "GRANGE HALL FARM WOODSIDE ROAD MARLOW", "XK3 7SH"),
            *[(r.key, r.parsed.raw, r.parsed.postcode.unit) for r in REGISTER]]
    m = AddressMatcher([make_record(k, a, p) for k, a, p in rows])
    typed = make_record("m", "Grange Hall Farm, Woodside Rd", "XK3 7SH")
    evidence = {"number": "both_missing", "unit": "both_none"}
    tied = [PairScore(0, 12.0, 0.99, "postcode+name", evidence=dict(evidence)),  # hall ranked first on the tie
            PairScore(1, 12.0, 0.99, "postcode+name", evidence=dict(evidence))]
    kept = m.words_left_out_no_rival(tied, typed)
    assert [m.key_of(s) for s in kept] == ["farm"]
    assert decide(kept).outcome == "linked"


def test_two_places_both_typed_in_full_stay_rivals():
    rows = [("a", "THE OLD FORGE WOODSIDE ROAD MARLOW", "XK3 7SH"),
            ("b", "THE OLD FORGE WOODSIDE ROAD MARLOW", "XK3 7SJ"),
            *[(r.key, r.parsed.raw, r.parsed.postcode.unit) for r in REGISTER]]
    m = AddressMatcher([make_record(k, a, p) for k, a, p in rows])
    assert m.match_one(make_record("m", "The Old Forge, Woodside Road, Marlow")).outcome == "review"


# --- a street word left out at a postcode one keying slip away -----------------------------------------------------
def test_a_street_word_left_out_with_a_postcode_slip_and_the_number_links(matcher):
    # "121 Road, Bedford" for "121 Midland Road": only the descriptor typed, the number agreeing, one postcode slip
    assert match(matcher, "5 Road Witham", "CM1 1EQ") == ("linked", "WITHAM-1-5")  # CM1 1EQ is CHURCH ROAD's
    assert match(matcher, "5 Road Witham", "CM1 1EX")[0] == "linked"  # one slip from CM1 1EQ


def test_a_street_word_left_out_without_a_postcode_is_not_linked(matcher):
    assert match(matcher, "5 Road Witham")[0] != "linked"  # any road of the town


# --- unnumbered places: words left out at the exact postcode from the neutral band --------------------------------
def test_a_name_word_typed_with_the_rest_left_out_links_at_the_exact_postcode():
    rows = [("place", "THE PLACE NORTHLANDS PAVEMENT PITSEA ESSEX", "XS1 3DU"),
            ("four", "4 NORTHLANDS PAVEMENT PITSEA ESSEX", "XS1 3DU"),
            *[(r.key, r.parsed.raw, r.parsed.postcode.unit) for r in REGISTER]]
    m = AddressMatcher([make_record(k, a, p) for k, a, p in rows])
    decision = m.match_one(make_record("m", "The Pl Northlands", "XS1 3DU"))
    assert (decision.outcome, m.key_of(decision.best)) == ("linked", "place")
    assert decision.best.evidence["text_left_out"] < 0.65  # below the band ADR 0048 lifted from


def test_only_the_street_of_a_named_place_typed_is_not_linked():
    rows = [("hall", "VILLAGE HALL CHURCH LANE HITCHAM SHIRE", "XS2 7NF"),
            *[(r.key, r.parsed.raw, r.parsed.postcode.unit) for r in REGISTER]]
    m = AddressMatcher([make_record(k, a, p) for k, a, p in rows])
    assert m.match_one(make_record("m", "Church Lane Hitcham", "XS2 7NF")).outcome != "linked"


# --- a street found in one district counts with the town -----------------------------------------------------------
def test_a_street_found_in_one_district_and_the_town_typed_link_without_a_postcode():
    # "106 Castle, Bedford": the descriptor left out (street .93, +2), no postcode; the data show Castle Road in one
    # district only, and the town is typed: the two say where together, capped as one exact postcode would be
    rows = [("castle", "106 CASTLE ROAD WITHAM ESSEX", "CM8 3QR"),
            *[(f"c{n}", f"{n} CASTLE ROAD WITHAM ESSEX", f"CM8 3Q{'ABDEFGHJ'[n % 8]}") for n in range(1, 6)],
            *[(r.key, r.parsed.raw, r.parsed.postcode.unit) for r in REGISTER]]
    m = AddressMatcher([make_record(k, a, p) for k, a, p in rows])
    decision = m.match_one(make_record("m", "106 Castle Witham"))
    assert decision.best.evidence.get("street_area") == "unique" and decision.best.evidence.get("locality")
    assert (decision.outcome, m.key_of(decision.best)) == ("linked", "castle")


# --- a place's name is the words before its street's last descriptor -----------------------------------------------
def test_a_name_with_a_descriptor_in_it_is_read_before_the_street():
    # "Queens Park Academy, Chestnut Avenue": PARK is a descriptor, but the street is the last one (Chestnut Avenue)
    rows = [("academy", "QUEENS PARK ACADEMY CHESTNUT AVENUE OAKHAM", "CM2 4HA"),
            *[(r.key, r.parsed.raw, r.parsed.postcode.unit) for r in REGISTER]]
    m = AddressMatcher([make_record(k, a, p) for k, a, p in rows])
    decision = m.match_one(make_record("m", "Queens Park, Chestnut Ave, Oakham", "CM2 4HA"))
    assert (decision.outcome, m.key_of(decision.best)) == ("linked", "academy")
    assert "text_left_out" in decision.best.evidence
