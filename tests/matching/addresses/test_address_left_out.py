"""ADR 0053: what a location leaves out and what the register lists twice, as general cases.

- one place listed twice: the same words in another order, or with and without its town, at one postcode;
- words left out are an omission: a place whose words were all typed beats one that needs words left out;
- a unit left out stays a review (a rule linking it when no other unit was seen was measured and dropped).

Every register here is invented; each case has the shape of a class, not of a row of any file.
"""

from divert.matching.addresses.decide import Thresholds
from divert.matching.addresses.matcher import AddressMatcher
from divert.matching.addresses.records import make_record


def _matcher(rows, *, one_place=False, seen=()):
    matcher = AddressMatcher([make_record(k, a, p) for k, a, p in rows], Thresholds(same_address_one_place=one_place))
    matcher.learn(make_record(f"s{i}", a, p) for i, (a, p) in enumerate(seen))
    return matcher


def _match(matcher, text, postcode=""):
    decision = matcher.match_one(make_record("m", text, postcode))
    return decision.outcome, matcher.key_of(decision.best)


# --- a unit left out stays a review (tried and measured in ADR 0053) --------------------------------------------
def test_a_unit_left_out_stays_a_review_even_when_no_other_unit_of_the_building_is_known():
    # a day of incidents rarely shows the building's other flats: "no other flat seen" is no evidence that there is
    # none (linking such locations put 45 wrong links into the national day)
    rows = [("flat", "FLAT 2, 31 PEMBERTON AVENUE ASHFORD SHIRE", "XA9 4RT"),
            ("other", "22 HAYFIELD ROAD MARLOW SHIRE", "XK3 7QB")]
    assert _match(_matcher(rows), "31 Pemberton Ave Ashford", "XA9 4RT") == ("review", "flat")


# --- one place listed twice: the same words in another order, or with and without its town -------------------
def test_the_same_words_in_another_order_at_one_postcode_are_one_place_and_the_copy_typed_is_linked():
    rows = [("school_first", "ASHCOMBE JUNIOR SCHOOL MILLER ROAD ASHCOMBE SHIRE", "XJ4 0QQ"),
            ("road_first", "MILLER ROAD ASHCOMBE JUNIOR SCHOOL ASHCOMBE SHIRE", "XJ4 0QQ"),
            ("other", "12 MILLER ROAD ASHCOMBE SHIRE", "XJ4 0QA")]
    matcher = _matcher(rows, one_place=True)
    assert _match(matcher, "Ashcombe Junior School, Miller Rd, Ashcombe", "XJ4 0QQ") == ("linked", "school_first")
    assert _match(matcher, "miller road ashcombe junior school ashcombe", "xj4 0qq") == ("linked", "road_first")


def test_a_place_listed_with_and_without_its_town_is_one_place():
    rows = [("with_town", "CORN EXCHANGE MARKET STREET LITTLE HOLDEN BRAMLEY SHIRE", "XJ5 4SR"),
            ("without", "CORN EXCHANGE MARKET STREET LITTLE HOLDEN SHIRE", "XJ5 4SR"),
            ("elsewhere", "4 MARKET STREET BRAMLEY SHIRE", "XJ5 4AA")]
    matcher = _matcher(rows, one_place=True)
    assert _match(matcher, "corn exchange, market st, little holden", "XJ5 4SR") == ("linked", "without")


def test_a_word_of_the_name_is_not_a_town_two_places_at_one_postcode_stay_rivals():
    rows = [("hall", "GRANGE HALL WOODSIDE ROAD MARLOW", "XK3 7SH"),
            ("farm", "GRANGE HALL FARM WOODSIDE ROAD MARLOW SHIRE", "XK3 7SH"),
            ("elsewhere", "WOODSIDE FARM HAYFIELD ROAD MARLOW SHIRE", "XK3 7SJ")]
    matcher = _matcher(rows, one_place=True)
    typed = make_record("m", "Grange Hall, Woodside Rd", "XK3 7SH")
    kept = matcher.one_per_address(matcher.score_candidates(typed), typed)
    assert {"hall", "farm"} <= {matcher.key_of(s) for s in kept}  # FARM is no town: two places, not one


def test_homes_are_never_merged_the_rule_is_only_for_address_lists():
    rows = [("a", "ASHCOMBE JUNIOR SCHOOL MILLER ROAD ASHCOMBE SHIRE", "XJ4 0QQ"),
            ("b", "MILLER ROAD ASHCOMBE JUNIOR SCHOOL ASHCOMBE SHIRE", "XJ4 0QQ")]
    assert _match(_matcher(rows), "Ashcombe Junior School, Miller Rd, Ashcombe", "XJ4 0QQ")[0] == "review"


# --- words left out are an omission: a place whose words were all typed is preferred -------------------------
def test_a_place_whose_words_were_all_typed_beats_one_that_needs_words_left_out():
    rows = [("hospital", "KINGSMERE GENERAL HOSPITAL NETHER WELL BRAMLEY SHIRE", "XJ6 5NL"),
            ("centre", "TRAINING CENTRE, KINGSMERE GENERAL HOSPITAL NETHER WELL BRAMLEY SHIRE", "XJ6 5NL"),
            ("f1", "TRAINING CENTRE, 4 MILL LANE BRAMLEY SHIRE", "XJ6 5NP"),  # "training centre" is common
            ("f2", "COMMUNITY CENTRE, 9 MILL LANE BRAMLEY SHIRE", "XJ6 5NQ"),
            ("f3", "TRAINING CENTRE, 2 HIGH STREET ASHBY SHIRE", "XJ7 5NQ")]
    matcher = _matcher(rows)
    assert _match(matcher, "kingsmere general hospital nether well", "XJ6 5NL") == ("linked", "hospital")


def test_words_left_out_at_the_exact_postcode_still_link_alone():
    rows = [("centre", "TRAINING CENTRE, KINGSMERE GENERAL HOSPITAL NETHER WELL BRAMLEY SHIRE", "XJ6 5NL"),
            ("other", "14 MILL LANE BRAMLEY SHIRE", "XJ6 5NP")]
    assert _match(_matcher(rows), "kingsmere general hospital nether well", "XJ6 5NL") == ("linked", "centre")
