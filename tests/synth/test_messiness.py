"""The named messiness functions, and messy variants present in the police files."""

import random
import re
from datetime import date

from divert.synth import messiness as m
from divert.synth.names import NICKNAME_TO_FORMAL, NICKNAMES
from tests.synth.helpers import read_rows


def test_typos_change_one_thing():
    rng = random.Random(1)
    assert m.transpose_letters(rng, "Jordan") != "Jordan" and sorted(m.transpose_letters(rng, "Jordan")) == sorted(
        "Jordan")
    assert len(m.delete_letter(rng, "Phillips")) == 7
    assert len(m.substitute_letter(rng, "Kelly")) == 5
    assert len(m.insert_letter(rng, "Tyler")) == 6


def test_dates_of_birth():
    assert m.swap_day_month(date(2010, 3, 5)) == date(2010, 5, 3)
    assert m.swap_day_month(date(2010, 3, 25)) == date(2010, 3, 25)  # day > 12: impossible
    assert m.year_off_by_one(random.Random(1), date(2012, 2, 29)).year in (2011, 2013)


def test_postcodes_and_addresses():
    rng = random.Random(2)
    assert m.drop_postcode_space("NG7 1AB") == "NG71AB"
    assert m.mistype_postcode(rng, "NG7 1AB") != "NG7 1AB"
    assert m.abbreviate_street(rng, "Acacia Road") in {"Acacia Rd", "Acacia Rd.", "Acacia RD"}
    assert {m.flat_variant(random.Random(i), 2) for i in range(60)} >= {"Flat 2", "2", "Flat B", "2/"}


def test_nickname_table_is_plain_data_both_ways():
    assert "Bob" in NICKNAMES["Robert"] and "Liam" in NICKNAMES["William"] and "Beth" in NICKNAMES["Elizabeth"]
    assert "William" in NICKNAME_TO_FORMAL["Billy"]


def test_messy_variants_present_in_police_files(city_dir):
    incidents = read_rows(city_dir / "police" / "incidents.csv")
    locations = [r["Location"] for r in incidents]
    assert any(r["Post Code"] == "" for r in incidents)
    assert any(re.fullmatch(r"[A-Z]{2}\d[0-9][A-Z]{2}", r["Post Code"]) for r in incidents)  # space dropped
    assert any(re.fullmatch(r"\d{12}", loc) for loc in locations)  # the location is only a UPRN
    assert any(r["UPRN"] for r in incidents)
    assert any(" Rd" in loc for loc in locations) and any(" Road" in loc for loc in locations)
    assert any(loc.isupper() for loc in locations)
    assert any(re.match(r"(Flat [A-Z]|\d+/|Apt |F\d)", loc) for loc in locations)
    assert any("annex" in loc.lower() for loc in locations)
    assert any(r["DOB"] == "" and r["Forename"] for r in incidents)


def test_people_in_care_recorded_with_nicknames_aliases_and_wrong_dates(city_dir):
    children = {r["child_id"]: r for r in read_rows(city_dir / "children.csv")}
    incidents = read_rows(city_dir / "police" / "incidents.csv")
    differ_name = differ_dob = exact = 0
    for t in read_rows(city_dir / "truth" / "incident_people.csv"):
        row, child = incidents[int(t["source_row"]) - 1], children[t["child_id"]]
        if (row["Forename"], row["Surname"]) != (child["first_name"], child["last_name"]):
            differ_name += 1
        elif row["DOB"] != child["date_of_birth"]:
            differ_dob += 1
        else:
            exact += 1
    assert exact > differ_name > 0 and differ_dob > 0


# --- the real world's messiness (rates from the public development sets: docs/synth-calibration.md) -------------
def test_people_recorded_with_initials_swapped_names_and_missing_forenames():
    from dataclasses import replace

    from divert.synth.profiles import MessRates

    none = MessRates(nickname=0, alias=0, first_name_typo=0, last_name_typo=0, surname_hyphenated=0,
                     name_upper_case=0, dob_missing=0, dob_day_month_swapped=0, dob_year_off_by_one=0,
                     dob_day_wrong=0, sex_missing=0, forename_initial=0, forename_missing=0, names_swapped=0)

    def person(rates):
        return m.messy_person(random.Random(5), rates, first_name="Jordan", last_name="Walsh",
                              date_of_birth=date(2010, 3, 15), sex="M")

    assert person(none) == m.PersonAsRecorded("Jordan", "Walsh", date(2010, 3, 15), "M")
    assert person(replace(none, forename_initial=1)).first_name == "J"
    assert person(replace(none, forename_missing=1)).first_name == ""
    swapped = person(replace(none, names_swapped=1))
    assert (swapped.first_name, swapped.last_name) == ("Walsh", "Jordan")
    wrong_day = person(replace(none, dob_day_wrong=1)).date_of_birth
    assert wrong_day != date(2010, 3, 15) and (wrong_day.year, wrong_day.month) == (2010, 3)


def test_address_slips_comma_in_name_range_and_lower_case():
    rng = random.Random(3)
    assert m.comma_in_name(rng, "Clay Hill Road") in ("Clay, Hill Road", "Clay Hill, Road")
    assert m.comma_in_name(rng, "Broadway") == "Broadway"
    assert m.change_case(rng, "14 Elm Road", lower_share=1) == "14 elm road"
    assert m.change_case(rng, "14 Elm Road", lower_share=0) == "14 ELM ROAD"
    assert m.initial_only("Jordan") == "J"


def test_a_range_is_typed_as_the_range_or_one_of_its_numbers():
    from divert.synth.geography import Address, Street

    street = Street(0, "Elm Road", "Lindenford", "NG1", 1, ("NG1 1AB",), 100_000_000_000, 0, 0, 1, 1)
    home = Address(street, 21, range_to=23)
    assert home.line1 == "21-23 Elm Road"
    seen = {m.range_variant(random.Random(i), home, 0.4) for i in range(200)}
    assert {"21-23", "21 - 23", "21", "23"} <= seen


def test_police_files_have_businesses_units_ranges_commas_lower_case_and_swapped_names(city_dir):
    """The demo city is not easier than reality: every kind of slip the public data shows appears."""
    rows = read_rows(city_dir / "police" / "incidents.csv")
    locations = [r["Location"] for r in rows]
    assert any(loc.startswith(m.BUSINESS_NAMES) for loc in locations)
    assert any(re.match(r"(?i)units? \d+, .* (business park|trading estate|industrial estate)", loc)
               for loc in locations)
    assert any(re.search(r"[a-z]+, [a-z]+ (rd|road|st|street|ave|avenue|lane|close|drive|way|grove)\b", loc)
               for loc in locations if loc == loc.lower())
    assert any(loc == loc.lower() and re.search("[a-z]", loc) for loc in locations)
    people = read_rows(city_dir / "truth" / "incident_people.csv")
    assert people
    forenames = [r["Forename"] for r in rows]
    assert any(len(f) == 1 for f in forenames), "initials"
    assert sum(not f for f in forenames) > 0, "missing forenames"


def test_homes_register_has_named_buildings_and_ranges(tmp_path):
    """Named multi-occupancy buildings and knocked-through houses ("21-23 Elm Road") are among the homes, and an
    incident at a number inside a home's range is labelled at that home."""
    from dataclasses import replace as dc_replace

    from divert.synth.clock import parse_now
    from divert.synth.generate import generate, make_profile

    profile = dc_replace(make_profile("city", scale=0.3, days=20), range_home_share=0.5, named_building_share=1.0)
    generate(tmp_path, profile=profile, seed=4, now=parse_now("2026-11-23T09:30"))
    homes = read_rows(tmp_path / "homes.csv")
    lines = [[h[k] for k in ("address_line1", "address_line2", "address_line3") if h[k]] for h in homes]
    assert any(re.match(r"\d+-\d+ ", ls[-1]) for ls in lines), "a home at a range"
    supported = [ls for h, ls in zip(homes, lines, strict=True) if h["setting_type"] == "supported_accommodation"
                 and ls[0].startswith("Flat")]
    assert supported and all(len(ls) == 3 for ls in supported), "flats in named buildings"
