"""Failure classes seen on public UK data, as general cases: one-line register addresses without commas (as a
business or food-premises register writes them), typed the way call handlers type locations.

The register is made here from invented street and village names: many High Streets and Church Roads in common
post towns, a few rare villages, businesses without a building number, units and flats. Word frequencies are
learnt from it, so the cases hold for any register with that shape, not for one file.
"""

import pytest

from divert.matching.addresses.areas import TokenFrequencies, locality_words
from divert.matching.addresses.matcher import AddressMatcher
from divert.matching.addresses.normalise import parse_address
from divert.matching.addresses.records import make_record
from divert.matching.addresses.score import text_similarity

from .helpers import match

TOWNS = [("MARLOW", "XA1"), ("OAKHAM", "XB2"), ("TENBURY", "XC3")]
STREETS = ["HIGH STREET", "CHURCH ROAD", "STATION ROAD", "MILL LANE", "LONDON ROAD"]


def _register() -> list:
    rows = []
    for town, district in TOWNS:
        for s, street in enumerate(STREETS):
            for n in range(1, 21):
                rows.append((f"{town}-{s}-{n}", f"{n} {street} {town} SHIRE", f"{district} {s}{'ABCDEFGHJK'[n % 10]}Z"))
    rows += [
        ("rare-9", "9 HIGH STREET QUENBY PARVA MARLOW SHIRE", "XA1 9QP"),
        ("clay", "12 CLAY HILL ROAD OAKHAM SHIRE", "XB2 7CH"),
        ("joinery", "UNIT 2 THE JOINERY WORKS STATION ROAD TENBURY SHIRE", "XC3 4JW"),
        ("joinery3", "UNIT 3 THE JOINERY WORKS STATION ROAD TENBURY SHIRE", "XC3 4JW"),
        ("fox", "THE FOX AND HOUNDS MILL LANE WESTLEY MARLOW SHIRE", "XA1 5FH"),
        ("post", "POST OFFICE CHAPEL STREET WESTLEY MARLOW SHIRE", "XA1 5PO"),
        ("flat2", "FLAT 2 41 KINGS AVENUE OAKHAM SHIRE", "XB2 8KA"),
    ]
    return [make_record(key, address, postcode) for key, address, postcode in rows]


REGISTER = _register()


@pytest.fixture(scope="module")
def matcher():
    return AddressMatcher(REGISTER)


def test_comma_inside_a_street_name_with_exact_postcode_links(matcher):
    assert match(matcher, "12 Clay, Hill Rd, Oakham", "XB2 7CH") == ("linked", "clay")
    assert match(matcher, "12, CLAY, HILL, RD.", "xb27ch") == ("linked", "clay")


def test_exact_postcode_and_every_word_after_folding_links_not_review(matcher):
    assert match(matcher, "Unit 2, The Joinery Works, Station Rd, Tenbury", "XC3 4JW") == ("linked", "joinery")
    assert match(matcher, "POST OFFICE, CHAPEL ST, WESTLEY MARLOW", "XA1 5PO") == ("linked", "post")


def test_no_postcode_but_number_street_and_rare_village_links(matcher):
    assert match(matcher, "9 High St Quenby Parva") == ("linked", "rare-9")


def test_no_postcode_number_street_and_common_town_only_is_not_linked(matcher):
    outcome, _ = match(matcher, "9 High Street Marlow")  # 9 High Street exists in Marlow and Quenby Parva
    assert outcome != "linked"


def test_dropped_town_lower_case_and_ampersand_for_and_link(matcher):
    assert match(matcher, "the fox & hounds mill lane", "XA1 5FH") == ("linked", "fox")


@pytest.mark.parametrize("postcode", ["", "XA1 5HF", "XA1 5FX"])
def test_missing_or_mistyped_postcode_still_finds_the_place(matcher, postcode):
    outcome, best = match(matcher, "The Fox and Hounds, Mill Lane, Westley", postcode)
    assert outcome in ("linked", "review") and best == "fox"


def test_a_different_unit_in_the_same_building_is_not_an_automatic_link(matcher):
    outcome, _ = match(matcher, "Unit 4 The Joinery Works Station Road", "XC3 4JW")
    assert outcome != "linked"
    outcome, _ = match(matcher, "Flat 5, 41 Kings Ave, Oakham", "XB2 8KA")
    assert outcome != "linked"


def test_a_missing_flat_is_not_a_conflict(matcher):
    outcome, best = match(matcher, "41 Kings Avenue Oakham", "XB2 8KA")
    assert best == "flat2" and outcome in ("linked", "review")


def test_a_range_contains_its_numbers():
    m = AddressMatcher([make_record("range", "21-23 CRITTALL ROAD WITHAM", "XD4 1CR"),
                        make_record("other", "25 CRITTALL ROAD WITHAM", "XD4 1CS")])
    decision = m.match_one(make_record("m", "23 Crittall Rd Witham", "XD4 1CR"))
    assert m.key_of(decision.best) == "range" and decision.outcome in ("linked", "review")


def test_non_member_gets_none(matcher):
    assert match(matcher, "The Red Lion, Ferry Lane, Upton Snodsbury")[0] == "none"
    assert match(matcher, "77 Bakers Row Tenbury", "XC3 9ZZ")[0] == "none"


def test_near_miss_with_another_number_is_not_linked(matcher):
    assert match(matcher, "14 Clay Hill Road Oakham", "XB2 7CH")[0] != "linked"


def test_token_frequencies_make_rare_words_weigh_more():
    freqs = TokenFrequencies.from_records(REGISTER)
    assert freqs.weight("QUENBY", 0.9) > freqs.weight("MARLOW", 0.9) > freqs.weight("SHIRE", 0.9)
    assert freqs.weight("SHIRE", 0.9) == 0.0  # in every address: no evidence
    assert "MARLOW" in freqs.localities


def test_text_similarity_ignores_commas_order_and_a_dropped_town():
    freqs = TokenFrequencies.from_records(REGISTER)
    c = parse_address("POST OFFICE CHAPEL STREET WESTLEY MARLOW SHIRE")
    typed = parse_address("chapel st, post office")
    other = parse_address("THE BAKERY CHAPEL STREET WESTLEY")
    droppable = frozenset(locality_words(c))
    assert text_similarity(c.tokens, typed.tokens, freqs, droppable) > 0.85
    assert text_similarity(c.tokens, other.tokens, freqs, droppable) < 0.6


def test_locality_words_are_found_without_commas():
    assert locality_words(parse_address("9 HIGH STREET QUENBY PARVA MARLOW")) == ("QUENBY", "PARVA", "MARLOW")
    assert locality_words(parse_address("14 Oak Lane, Lenton, Nottingham")) == ("LENTON", "NOTTINGHAM")


def test_rows_written_identically_are_one_place_only_when_asked():
    from divert.matching.addresses.decide import Thresholds

    rows = [make_record("a", "THE MALTINGS STATION ROAD TENBURY", "XC3 4MM"),
            make_record("b", "THE MALTINGS STATION ROAD TENBURY", "XC3 4MM"),
            make_record("c", "THE GRANARY STATION ROAD TENBURY", "XC3 4MM")]
    typed = make_record("m", "the maltings, station rd", "XC3 4MM")
    assert AddressMatcher(rows).match_one(typed).outcome == "review"  # default: a person tells the two apart
    decision = AddressMatcher(rows, Thresholds(same_address_one_place=True)).match_one(typed)
    assert decision.outcome == "linked" and decision.best.evidence["same_address"] == 1


def test_the_generic_command_treats_rows_written_identically_as_one_place_by_default():
    from divert.matching.addresses.generic import match_text

    canonical = ("id,address,postcode\na,THE MALTINGS STATION ROAD TENBURY,XC3 4MM\n"
                 "b,THE MALTINGS STATION ROAD TENBURY,XC3 4MM\nc,THE GRANARY STATION ROAD TENBURY,XC3 4MM\n")
    rows = match_text(canonical, "id,address,postcode\nm,\"the maltings, station rd\",XC3 4MM\n")
    assert rows[0]["decision"] == "linked" and rows[0]["canonical_id"] in {"a", "b"}


@pytest.mark.parametrize("typed", ["11 gardxn close", "11 GARDEN CLSOE", "11 Garden Clse"])
def test_one_keying_slip_in_a_street_word_with_exact_postcode_and_number_links(typed):
    rows = [make_record("g11", "11 GARDEN CLOSE KEMPSTON SHIRE", "XD4 8UJ"),
            make_record("g13", "13 GARDEN CLOSE KEMPSTON SHIRE", "XD4 8UJ"),
            make_record("o11", "11 ORCHARD WAY KEMPSTON SHIRE", "XD4 8UL")]
    decision = AddressMatcher(rows).match_one(make_record("m", typed, "XD4 8UJ"))
    assert decision.outcome == "linked" and decision.best.index == 0


def test_a_street_descriptor_left_out_with_exact_postcode_and_number_links():
    rows = [make_record("t207", "207 TIMBERLOG LANE BASILDON SHIRE", "XE5 1PB"),
            make_record("t209", "209 TIMBERLOG LANE BASILDON SHIRE", "XE5 1PB")]
    decision = AddressMatcher(rows).match_one(make_record("m", "207 timberlog basildon", "XE5 1PB"))
    assert decision.outcome == "linked" and decision.best.index == 0


def test_another_descriptor_typed_is_not_a_slip():
    rows = [make_record("oak", "14 OAKWOOD LANE BASILDON SHIRE", "XE5 1PC")]
    oak_road = AddressMatcher(rows).score_candidates(make_record("m", "14 OAKWOOD ROAD BASILDON", "XE5 1PC"))[0]
    oak_left_out = AddressMatcher(rows).score_candidates(make_record("m", "14 OAKWOOD BASILDON", "XE5 1PC"))[0]
    assert oak_road.points < oak_left_out.points


def test_a_short_word_one_letter_off_is_another_street_not_a_slip():
    rows = [make_record("oak", "14 OAK LANE BASILDON SHIRE", "XE5 1PD")]
    oat = AddressMatcher(rows).score_candidates(make_record("m", "14 OAT LANE", "XE5 1PD"))[0]
    assert oat.evidence["street"] < 0.85


def test_a_town_typed_with_one_slip_is_the_town_not_another_place():
    rows = [make_record("roff", "28 ROFF AVENUE BEDFORD", "XF6 7TQ"),
            *[make_record(f"b{n}", f"{n} QUEENS ROAD BEDFORD", "XF6 1AA") for n in range(1, 30)],
            *[make_record(f"c{n}", f"{n} KINGS ROAD BEDFORDSHIRE", "XF7 1AA") for n in range(1, 5)]]
    matcher = AddressMatcher(rows)
    matcher.learn([make_record("x", "3 ELM ROAD BEDFOLD", "")])  # the slip is also seen as a typed town
    pair = matcher.score_candidates(make_record("m", "28 ROFF AVENUE, BEDFOLD", ""))[0]
    assert pair.evidence.get("locality") == "specific" and "locality_extra" not in pair.evidence


def test_no_postcode_but_words_found_in_one_register_address_only_link():
    rows = [make_record("thorpe", "THORPE CABINS THORPE FOREST HARLING SHIRE", "XG7 2RX"),
            make_record("forest", "FOREST LODGE MILL LANE HARLING SHIRE", "XG7 2RY"),
            *[make_record(f"h{n}", f"{n} HIGH STREET HARLING SHIRE", "XG7 1AA") for n in range(1, 30)]]
    decision = AddressMatcher(rows).match_one(make_record("m", "Thorpe Cabins Thorpe Forest", ""))
    assert decision.outcome == "linked" and decision.best.index == 0


def test_no_postcode_and_only_common_words_agreeing_is_not_linked():
    rows = [make_record("p1", "POST OFFICE CHURCH ROAD HARLING SHIRE", "XG7 2PA"),
            make_record("p2", "POST OFFICE CHURCH ROAD WESTON SHIRE", "XG8 2PA")]
    assert AddressMatcher(rows).match_one(make_record("m", "post office church road", "")).outcome != "linked"


def test_a_street_without_descriptor_typed_without_its_town_links_on_postcode_and_number():
    rows = [make_record(f"h{n}", f"{n} HARPUR CENTRE BEDFORD", "XF6 1TP") for n in (19, 20, 21)]
    rows += [make_record(f"q{n}", f"{n} QUEENS ROAD BEDFORD", "XF6 1AA") for n in range(1, 10)]
    decision = AddressMatcher(rows).match_one(make_record("m", "20 HARPUR CENTRE", "XF6 1TP"))
    assert decision.outcome == "linked" and decision.best.index == 1


@pytest.mark.parametrize("typed", ["31 Heath Rd", "31 ROAD, KELSO", "31 holly road"])
def test_a_street_word_left_out_with_exact_postcode_and_number_links(typed):
    rows = [make_record("h31", "31 HOLLY HEATH ROAD KELSO SHIRE", "XH8 3HH"),
            make_record("h33", "33 HOLLY HEATH ROAD KELSO SHIRE", "XH8 3HH"),
            *[make_record(f"q{n}", f"{n} QUEENS ROAD KELSO SHIRE", "XH8 1AA") for n in range(1, 10)]]
    decision = AddressMatcher(rows).match_one(make_record("m", typed, "XH8 3HH"))
    assert decision.outcome == "linked" and decision.best.index == 0


def test_another_street_typed_at_the_postcode_and_number_is_not_a_word_left_out():
    rows = [make_record("h31", "31 HOLLY HEATH ROAD KELSO SHIRE", "XH8 3HH")]
    matcher = AddressMatcher(rows)
    other = matcher.score_candidates(make_record("m", "31 Mill Road", "XH8 3HH"))[0]
    assert "street_left_out" not in other.evidence
    assert matcher.match_one(make_record("m", "31 Mill Road", "XH8 3HH")).outcome != "linked"
    no_postcode = matcher.score_candidates(make_record("m", "31 Heath Road Kelso", ""))[0]
    assert "street_left_out" not in no_postcode.evidence


def test_an_unnumbered_place_typed_with_a_word_left_out_at_its_postcode_links():
    rows = [make_record("school", "CASTLEWOOD SCHOOL BRAMBLE DRIVE MARSTOW SHIRE", "XJ1 2AB"),
            make_record("cottage", "ROSE COTTAGE BRAMBLE DRIVE MARSTOW SHIRE", "XJ1 2AB"),
            *[make_record(f"q{n}", f"{n} QUEENS ROAD MARSTOW SHIRE", "XJ1 1AA") for n in range(1, 20)]]
    matcher = AddressMatcher(rows)
    school = matcher.match_one(make_record("m", "castlewood school dr marstow", "XJ1 2AB"))
    assert school.outcome == "linked" and school.best.index == 0
    assert "text_left_out" in matcher.score_candidates(make_record("m", "castlewood school dr marstow",
                                                                   "XJ1 2AB"))[0].evidence


def test_only_the_street_of_an_unnumbered_place_typed_is_not_a_name_left_out():
    rows = [make_record("school", "CASTLEWOOD SCHOOL BRAMBLE DRIVE MARSTOW SHIRE", "XJ1 2AB"),
            *[make_record(f"q{n}", f"{n} QUEENS ROAD MARSTOW SHIRE", "XJ1 1AA") for n in range(1, 20)]]
    matcher = AddressMatcher(rows)
    street_only = make_record("m", "bramble drive marstow", "XJ1 2AB")
    assert all("text_left_out" not in p.evidence for p in matcher.score_candidates(street_only))
    other = make_record("m", "castlewood stores bramble drive", "XJ1 2AB")  # a word the register does not have
    assert all("text_left_out" not in p.evidence for p in matcher.score_candidates(other))
    assert matcher.match_one(other).outcome != "linked"


def _streets_without_descriptor() -> list:
    rows = [make_record("long1", "1 LONG RIDING HAMBRIDGE SHIRE", "XK1 1QX"),
            make_record("gore", "THE GORE HAMBRIDGE SHIRE", "XK1 2GG")]
    # other streets with descriptors show HAMBRIDGE, SHIRE, LONG and RIDING as towns and villages in the data
    rows += [make_record(f"c{n}", f"{n} CHURCH ROAD HAMBRIDGE SHIRE", "XK1 3AA") for n in range(1, 12)]
    rows += [make_record(f"l{n}", f"{n} MILL LANE LONG RIDING SHIRE", "XK2 3AA") for n in range(1, 6)]
    return rows


def test_a_street_without_descriptor_agrees_on_its_town_without_a_postcode():
    matcher = AddressMatcher(_streets_without_descriptor())
    pair = matcher.score_candidates(make_record("m", "1 long riding hambridge", ""))[0]
    assert matcher.key_of(pair) == "long1" and pair.evidence.get("locality") == "specific"
    assert matcher.match_one(make_record("m", "1 long riding hambridge", "")).outcome == "linked"


def test_a_street_without_descriptor_is_not_reduced_to_its_town():
    matcher = AddressMatcher(_streets_without_descriptor())
    other = make_record("m", "1 EAST SQUARE HAMBRIDGE SHIRE", "XK1 1HS")  # another street, same sector
    pair = next(p for p in matcher.score_candidates(other) if matcher.key_of(p) == "long1")
    assert pair.evidence["street"] < 0.7
    assert matcher.match_one(other).outcome != "linked"


def test_a_place_known_by_its_street_typed_without_the_descriptor_at_its_postcode_links():
    rows = [make_record("rosemary", "ROSEMARY LANE HAMBRIDGE SHIRE", "XK1 5RL"),
            *[make_record(f"c{n}", f"{n} CHURCH ROAD HAMBRIDGE SHIRE", "XK1 3AA") for n in range(1, 12)],
            *[make_record(f"m{n}", f"{n} MILL LANE HAMBRIDGE SHIRE", "XK1 4AA") for n in range(1, 12)]]
    matcher = AddressMatcher(rows)
    decision = matcher.match_one(make_record("m", "ROSEMARY, HAMBRIDGE", "XK1 5RL"))
    assert decision.outcome == "linked" and matcher.key_of(decision.best) == "rosemary"


def test_a_qualifier_the_listed_address_also_carries_does_not_cap():
    rows = [make_record("rear17", "REAR OF 17 RADLEY WAY HAMBRIDGE SHIRE", "XK1 7RW"),
            make_record("w19", "19 RADLEY WAY HAMBRIDGE SHIRE", "XK1 7RW")]
    matcher = AddressMatcher(rows)
    listed = matcher.match_one(make_record("m", "rear of 17 radley way", "XK1 7RW"))
    assert listed.outcome == "linked" and matcher.key_of(listed.best) == "rear17"
    beside = AddressMatcher(rows[1:]).match_one(make_record("m", "rear of 19 radley way", "XK1 7RW"))
    assert beside.outcome == "review"  # beside a listed address, not at it
