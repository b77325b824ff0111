"""Parsing UK addresses and postcodes into comparable parts."""

import pytest

from divert.matching.addresses.normalise import normalise_postcode, parse_address


@pytest.mark.parametrize(("typed", "unit"), [
    ("NG7 1AB", "NG7 1AB"), ("ng71ab", "NG7 1AB"), (" NG7  1AB ", "NG7 1AB"), ("NG7 IAB", "NG7 1AB"),
    ("0L9 1AB", "OL9 1AB"), ("S0I5 1AB", "SO15 1AB"), ("SW1A2AA", "SW1A 2AA"), ("W1A 0AX", "W1A 0AX"),
    ("M1 1AE", "M1 1AE"), ("EC1A 1BB", "EC1A 1BB"), ("NGI0 5AB", "NG10 5AB"), ("N G 7 1 A B", "NG7 1AB"),
])
def test_postcodes_are_normalised_and_common_slips_fixed(typed, unit):
    assert normalise_postcode(typed).unit == unit


@pytest.mark.parametrize("typed", ["", "NG7", "NOT A POSTCODE", "12345", "NG7 1A"])
def test_invalid_postcodes_are_none(typed):
    assert normalise_postcode(typed) is None


def test_postcode_parts():
    pc = normalise_postcode("ng7 1ab")
    assert (pc.sector, pc.district, pc.area) == ("NG7 1", "NG7", "NG")


@pytest.mark.parametrize(("text", "unit", "number"), [
    ("Flat 2, 14 Oak Lane", "2", "14"),
    ("Flat B, 14 Oak Lane", "B", "14"),
    ("Apt 2 14 Oak Lane", "2", "14"),
    ("Apartment 2A, 14 Oak Lane", "2A", "14"),
    ("2, 14 Oak Lane", "2", "14"),
    ("F2, 14 Oak Lane", "2", "14"),
    ("2nd Floor Flat, 14 Oak Lane", "FL2", "14"),
    ("Ground floor flat 14 Oak Lane", "FL0", "14"),
    ("GFF 14 Oak Lane", "FL0", "14"),
    ("Flat 3, 2nd Floor, 14 Oak Lane", "3", "14"),
    ("The Annexe, 14 Oak Lane", "ANNEX", "14"),
    ("14 Oak Lane (annex)", "ANNEX", "14"),
    ("14A Oak Lane", "", "14A"),
    ("14 a Oak Lane", "", "14A"),
    ("14-16 Oak Lane", "", "14-16"),
    ("14 Oak Lane", "", "14"),
])
def test_units_and_building_numbers(text, unit, number):
    parsed = parse_address(text)
    assert (parsed.unit, parsed.number) == (unit, number)


def test_house_name_street_and_locality():
    parsed = parse_address("Flat 2, The Willows, 3 Oak Lane, Lenton, Nottingham")
    assert parsed.name == "WILLOWS"
    assert parsed.street == ("OAK", "LN")
    assert parsed.locality == ("LENTON", "NOTTINGHAM")


def test_house_name_without_number():
    parsed = parse_address("Rose Cottage, Mill Road, Bakewell")
    assert (parsed.number, parsed.name, parsed.street) == ("", "ROSE COTT", ("MILL", "RD"))


@pytest.mark.parametrize(("a", "b"), [
    ("14 Oak Road", "14 OAK RD."), ("3 St Ann's Well Rd", "3 Saint Anns Well Road"), ("2 Park Ave", "2 Park Avenue"),
    ("5 High St", "5 High Street"), ("7 Mill Ln", "7 Mill Lane"), ("9 The Crescent", "9 The Cres"),
])
def test_abbreviations_fold_to_one_form(a, b):
    assert parse_address(a).tokens == parse_address(b).tokens


def test_postcode_in_the_text_is_taken_out():
    parsed = parse_address("14 Oak Lane, Nottingham NG7 1AB")
    assert parsed.postcode.unit == "NG7 1AB"
    assert "NG7" not in parsed.tokens


@pytest.mark.parametrize("town", ["IPSWICH", "Abswick"])
def test_a_town_name_at_the_end_is_not_read_as_a_postcode_with_slips(town):
    parsed = parse_address(f"Clay Farm, Back Road, {town}")
    assert parsed.postcode is None
    assert town.upper() in parsed.tokens
    assert parse_address(f"Clay Farm, Back Road, {town}", "IP7 7QP").postcode.unit == "IP7 7QP"
    assert parse_address(f"Clay Farm, {town} IP7 7QP").postcode.unit == "IP7 7QP"


@pytest.mark.parametrize("text", ["Stoke By Nayland Primary School", "EXPRESS BY HOLIDAY INN, WILSTEAD ROAD"])
def test_by_inside_a_name_is_part_of_the_name_not_a_qualifier(text):
    parsed = parse_address(text)
    assert parsed.qualifier == "" and "BY" in parsed.tokens


def test_by_at_the_start_or_after_a_comma_is_a_qualifier():
    assert parse_address("By the war memorial, High Street").qualifier == "BY"
    assert parse_address("14 Oak Lane, by the shop").qualifier == "BY"


@pytest.mark.parametrize(("text", "number"), [("Horse and Groom 35 East Street", "35"),
                                              ("MANOR FARM 2 MILL LANE", "2"), ("Community 5 Hall Road", "5")])
def test_a_unit_word_inside_another_word_is_not_a_flat(text, number):
    parsed = parse_address(text)
    assert parsed.unit == "" and parsed.number == number


def test_qualifiers_are_kept_apart():
    assert parse_address("Outside 14 Oak Lane").qualifier == "OUTSIDE"
    assert parse_address("Near 14 Oak Lane").qualifier == "NEAR"
    assert parse_address("14 Oak Lane").qualifier == ""


def test_slash_numbers_keep_both_readings():
    parsed = parse_address("2/14 Oak Lane")
    other = parsed.other_reading()
    assert {(parsed.number, parsed.unit), (other.number, other.unit)} == {("2", "14"), ("14", "2")}
