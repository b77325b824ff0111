"""UK-wide word counts and abbreviations from uk_address_matcher, and the evidence they give."""

from divert.matching.addresses import uk_reference
from divert.matching.addresses.matcher import AddressMatcher
from divert.matching.addresses.normalise import ABBREVIATIONS, parse_address
from divert.matching.addresses.records import make_record
from divert.matching.addresses.score import UK_RARE_SHARE


def test_the_national_table_orders_common_and_rare_words():
    assert uk_reference.uk_share("RD") > uk_reference.uk_share("HIGH") > uk_reference.uk_share("COVENTRY")
    assert uk_reference.uk_share("COVENTRY") > UK_RARE_SHARE
    # a word the table does not keep is rarer than its floor
    assert uk_reference.uk_count("QXZWVTROLL") == uk_reference.MIN_COUNT - 1
    assert uk_reference.uk_share("QXZWVTROLL") <= UK_RARE_SHARE


def test_abbreviations_adopted_only_where_they_fit_divert_folding():
    assert ABBREVIATIONS["STN"] == "STATION" and ABBREVIATIONS["WKS"] == "WORKS"
    assert ABBREVIATIONS["HSE"] == ABBREVIATIONS["HOUSE"]  # folded to Divert's own short form
    assert ABBREVIATIONS.get("GR", "GR") == "GR"  # Grove stays Grove (uk_address_matcher: Green)
    assert ABBREVIATIONS["GROVE"] == "GR" and "PEN" not in ABBREVIATIONS and "CO" not in ABBREVIATIONS
    assert parse_address("Old Stn Yard, Mill Wks").tokens == parse_address("OLD STATION YARD, MILL WORKS").tokens


def _matcher():
    rows = [("rare", "14 QUILLANBY DRIVE ASHFORD SHIRE", "XK1 2QD"),
            ("common", "14 STATION ROAD ASHFORD SHIRE", "XK1 3SR"),
            ("common2", "14 STATION ROAD BRIDGEND SHIRE", "XL2 4SR")]
    return AddressMatcher([make_record(k, a, p) for k, a, p in rows])


def test_no_postcode_number_and_a_street_name_rare_in_the_uk_links():
    matcher = _matcher()
    decision = matcher.match_one(make_record("m", "14 Quillanby Dr"))
    assert decision.outcome == "linked" and matcher.key_of(decision.best) == "rare"
    assert decision.best.evidence["street_area"] == "uk_rare"


def test_no_postcode_number_and_a_common_street_name_is_not_linked():
    matcher = _matcher()
    assert matcher.match_one(make_record("m", "14 Station Rd")).outcome != "linked"


def test_a_rare_street_with_another_number_is_not_linked():
    matcher = _matcher()
    assert matcher.match_one(make_record("m", "16 Quillanby Drive")).outcome == "none"


def test_a_rare_street_typed_in_another_town_still_counts_against():
    matcher = AddressMatcher([make_record("rare", "14 QUILLANBY DRIVE ASHFORD SHIRE", "XK1 2QD"),
                              make_record("x", "2 MARKET PLACE DORVILLE SHIRE", "XM1 1AA")])
    assert matcher.match_one(make_record("m", "14 Quillanby Drive Dorville")).outcome != "linked"


def test_no_postcode_no_number_and_a_word_rare_in_the_uk_links_but_a_common_name_does_not():
    rows = [("hall", "QUILLANBY HALL MILL LANE ASHFORD SHIRE", "XK1 2QH"),
            ("pub", "THE PLOUGH MILL LANE BRIDGEND SHIRE", "XL2 4PL"),
            ("pub2", "THE PLOUGH CHURCH STREET DORVILLE SHIRE", "XM1 1PL"),
            ("road", "2 QUILLANBY ROAD ASHFORD SHIRE", "XK1 2QR")]  # the word is in two register addresses
    matcher = AddressMatcher([make_record(k, a, p) for k, a, p in rows])
    decision = matcher.match_one(make_record("m", "quillanby hall mill lane"))
    assert decision.outcome == "linked" and matcher.key_of(decision.best) == "hall"
    assert decision.best.evidence["text_unique"] == "uk_rare"
    assert matcher.match_one(make_record("m", "The Plough Mill Lane")).outcome != "linked"
