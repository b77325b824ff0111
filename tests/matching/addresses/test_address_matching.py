"""Hand-made edge cases for the address matcher: flats, annexes, house names, 14A vs 14C, abbreviations, postcodes,
UPRNs, distance, homes opening and closing, two homes in one building."""

import datetime as dt

import pytest

from divert.matching.addresses.matcher import AddressMatcher
from divert.matching.addresses.records import make_record

HOMES = [
    make_record("oak", "14 Oak Lane, Lenton, Nottingham", "NG7 1AB", uprn="100031234567", easting=455210,
                northing=339870),
    make_record("willows", "The Willows, 3 Elm Road, Beeston, Nottingham", "NG9 2CD"),
    make_record("flat1", "Flat 1, 20 High Street, Hucknall", "NG15 7AA"),
    make_record("flat2", "Flat 2, 20 High Street, Hucknall", "NG15 7AA"),
    make_record("birch", "14A Birch Avenue, Carlton", "NG4 5EF", name="Sunrise House"),
    make_record("annex", "The Annexe, 8 Mill Road, Bakewell", "DE45 1AA"),
    make_record("rose", "Rose Cottage, Church Lane, Southwell", "NG25 0HQ", easting=470000, northing=353800),
    make_record("stann", "31 St Ann's Well Road, Nottingham", "NG3 1EH"),
    make_record("closed", "9 Ash Grove, Sherwood", "NG5 4GH", opened_on=dt.date(2015, 1, 1),
                closed_on=dt.date(2025, 3, 31)),
    make_record("new", "5 Ash Grove, Sherwood", "NG5 4GH", opened_on=dt.date(2026, 6, 1)),
]


@pytest.fixture(scope="module")
def matcher():
    return AddressMatcher(HOMES)


def match(matcher, text, postcode="", **kw):
    decision = matcher.match_one(make_record("m", text, postcode, **kw))
    return decision.outcome, matcher.key_of(decision.best) if decision.outcome != "none" else ""


@pytest.mark.parametrize(("text", "postcode", "expected"), [
    ("14 Oak Lane", "NG7 1AB", ("linked", "oak")),
    ("14 OAK LN LENTON", "ng71ab", ("linked", "oak")),  # abbreviation, case, no space
    ("14 Oak Lane, Nottingham", "NG7 1BA", ("linked", "oak")),  # swapped letters in the postcode
    ("14 Oak Lane, Nottingham NG7 1AB", "", ("linked", "oak")),  # postcode typed into the address
    ("31 Saint Anns Well Rd", "NG3 1EH", ("linked", "stann")),
    ("The Willows, Elm Rd", "NG9 2CD", ("linked", "willows")),  # house name instead of number
    ("The Willows 3 Elm Road Beeston", "NG9 2CD", ("linked", "willows")),
    ("14 Oak Lane, Lenton", "", ("linked", "oak")),  # street, number and locality: one address
    ("Sunrise House, Birch Ave", "NG4 5EF", ("linked", "birch")),  # the home's own name
    ("14A Birch Avenue", "NG4 5EF", ("linked", "birch")),
    ("Flat 2, 20 High St", "NG15 7AA", ("linked", "flat2")),
    ("2/20 High Street", "NG15 7AA", ("linked", "flat2")),
    ("Annex, 8 Mill Rd", "DE45 1AA", ("linked", "annex")),
])
def test_confident_links(matcher, text, postcode, expected):
    assert match(matcher, text, postcode) == expected


@pytest.mark.parametrize(("text", "postcode", "expected"), [
    ("20 High Street", "NG15 7AA", "review"),  # two homes in one building, no flat given
    ("Flat 3, 20 High Street", "NG15 7AA", "none"),  # a flat that agrees with neither home: another flat
    ("14 Birch Avenue", "NG4 5EF", "review"),  # 14 vs 14A
    ("Flat 2, 14 Oak Lane", "NG7 1AB", "review"),  # the home is the whole house; a flat in it may not be
    ("8 Mill Road", "DE45 1AA", "review"),  # the house, where the home is its annexe
    ("Outside 14 Oak Lane", "NG7 1AB", "review"),  # next to, not at
    ("14 Oak Lane", "", "review"),  # no postcode, no town, no grid reference: a person checks
    ("14 Oak Lane, Nottingham", "", "review"),  # only the post town: street names repeat across its districts
])
def test_doubtful_cases_go_to_review(matcher, text, postcode, expected):
    assert match(matcher, text, postcode)[0] == expected


@pytest.mark.parametrize(("text", "postcode"), [
    ("14C Birch Avenue", "NG4 5EF"),  # another building
    ("12 Oak Lane", "NG7 1AB"),  # the neighbours
    ("16 Oak Lane, Lenton", "NG7 1AB"),
    ("14 Elm Road", "NG7 1AB"),  # another street in the same postcode
    ("Tesco Express, Derby Road", "NG7 2AA"),
    ("Bus station", ""),
    ("", ""),
])
def test_not_a_home(matcher, text, postcode):
    assert match(matcher, text, postcode)[0] == "none"


def test_uprn_alone_links(matcher):
    assert match(matcher, "100031234567", "", uprn="100031234567") == ("linked", "oak")


def test_easting_northing_support_a_match_without_postcode(matcher):
    assert match(matcher, "14 Oak Lane", "", easting=455214, northing=339866) == ("linked", "oak")


def test_easting_northing_far_away_count_against(matcher):
    assert match(matcher, "14 Oak Lane", "", easting=400000, northing=300000)[0] == "none"


def test_a_house_name_near_the_home_goes_to_review_by_distance(matcher):
    outcome, key = match(matcher, "Rose Cottage", "", easting=470010, northing=353795)
    assert (outcome, key) in {("review", "rose"), ("linked", "rose")}


def test_a_closed_home_does_not_catch_later_incidents(matcher):
    assert match(matcher, "9 Ash Grove", "NG5 4GH", on_date=dt.date(2025, 3, 30)) == ("linked", "closed")
    assert match(matcher, "9 Ash Grove", "NG5 4GH", on_date=dt.date(2025, 4, 1))[0] == "none"


def test_a_new_home_catches_incidents_from_its_opening_date(matcher):
    assert match(matcher, "5 Ash Grove", "NG5 4GH", on_date=dt.date(2026, 5, 31))[0] == "none"
    assert match(matcher, "5 Ash Grove", "NG5 4GH", on_date=dt.date(2026, 6, 1)) == ("linked", "new")


def test_each_decision_carries_method_score_and_runner_up(matcher):
    decision = matcher.match_one(make_record("m", "Flat 2, 20 High St", "NG15 7AA"))
    assert decision.method == "postcode+number"
    assert decision.score > 0.9
    assert matcher.key_of(decision.runner_up) == "flat1"
    assert decision.runner_up.score < decision.score


def test_identical_homes_are_never_linked_automatically():
    twins = AddressMatcher([make_record("a", "7 Park Road, Leeds", "LS6 2AB"),
                            make_record("b", "7 Park Road, Leeds", "LS6 2AB")])
    decision = twins.match_one(make_record("m", "7 Park Rd", "LS6 2AB"))
    assert decision.outcome == "review"
    assert {twins.key_of(c) for c in decision.candidates} == {"a", "b"}


def test_flat_letter_for_number(monkeypatch):
    from divert.matching.addresses import score

    flats = AddressMatcher([make_record("f5", "Flat 5, 36 Alfreton Close, Leicester", "LE2 7YQ", uprn="200000000005")])
    assert match(flats, "Flat E, 36 Alfreton Cl", "LE2 7YQ") == ("linked", "f5")  # E is the fifth letter
    assert match(flats, "Flat C, 36 Alfreton Cl", "LE2 7YQ")[0] == "review"  # C is not
    monkeypatch.setattr(score, "LETTER_NUMBER_FLATS_AGREE", False)
    assert match(flats, "Flat E, 36 Alfreton Cl", "LE2 7YQ")[0] == "review"
    assert match(flats, "Flat E, 36 Alfreton Cl", "LE2 7YQ", uprn="200000000005") == ("linked", "f5")


def _with_sightings(street_postcodes):
    from divert.matching.addresses.areas import StreetAreas

    canonical = [make_record("wren", "87 Wren Drive, Leicester", "LE3 9AB")]
    matcher = AddressMatcher(canonical, areas=StreetAreas.from_records(canonical))
    matcher.learn(make_record(str(i), text, pc) for i, (text, pc) in enumerate(street_postcodes))
    return matcher


def test_a_street_found_in_one_district_only_identifies_an_address_without_postcode():
    matcher = _with_sightings([(f"{n} Wren Drive", "LE3 9AD") for n in (2, 5, 9, 40)])
    assert match(matcher, "87 Wren Dr") == ("linked", "wren")


def test_a_street_found_in_several_districts_does_not():
    matcher = _with_sightings([("2 Wren Drive", "LE3 9AD"), ("5 Wren Drive", "LE11 2XY"), ("9 Wren Drive", "LE3 9AE"),
                               ("4 Wren Drive", "LE11 2XZ")])
    assert match(matcher, "87 Wren Dr")[0] == "review"


def test_a_rarely_seen_street_does_not():
    assert match(_with_sightings([]), "87 Wren Dr")[0] == "review"


def test_a_house_name_sharing_a_word_with_its_street():
    named = AddressMatcher([make_record("hb", "Holly Bank, 66A Holly Lane, Lindenford", "NG3 7LF")])
    assert match(named, "Holly Bank, Holly Ln", "NG3 7LF") == ("linked", "hb")
    assert match(named, "HOLLY BANK HOLLY LANE", "NG3 7LF") == ("linked", "hb")
