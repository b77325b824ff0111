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
