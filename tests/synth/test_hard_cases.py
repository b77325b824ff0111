"""Matching hard cases exist (twins, siblings, aliases, lookalikes, near-home addresses, closed/new homes)."""

from collections import Counter

from tests.synth.helpers import read_rows


def test_twins_siblings_and_aliases(city_dir):
    children = read_rows(city_dir / "children.csv")
    by_family = Counter((c["last_name"], c["date_of_birth"]) for c in children)
    assert any(n >= 2 for n in by_family.values()), "twins"
    by_surname_postcode = Counter((c["last_name"], c["postcode"]) for c in children)
    assert any(n >= 2 for n in by_surname_postcode.values()), "siblings at one address"
    assert any(c["aliases"].count(";") >= 1 for c in children), "a child with two aliases"
    assert all(c["social_worker_email"].endswith("@example.org") for c in children)


def test_lookalikes_not_in_care(city_dir):
    children = {(c["first_name"], c["last_name"]): c for c in read_rows(city_dir / "children.csv")}
    in_care_rows = {int(r["source_row"]) for r in read_rows(city_dir / "truth" / "incident_people.csv")}
    lookalikes = 0
    for i, row in enumerate(read_rows(city_dir / "police" / "incidents.csv"), start=1):
        child = children.get((row["Forename"], row["Surname"]))
        if child and i not in in_care_rows and row["DOB"] != child["date_of_birth"]:
            lookalikes += 1
    assert lookalikes >= 1


def test_near_home_addresses_are_not_homes(city_dir):
    homes = read_rows(city_dir / "homes.csv")
    truth = {r["reference"]: r["home_urn"] for r in read_rows(city_dir / "truth" / "incident_homes.csv")}
    streets = {[v for k in ("address_line1", "address_line2", "address_line3") if (v := h[k])][-1].split(" ", 1)[1]
               for h in homes}
    near = [r for r in read_rows(city_dir / "police" / "incidents.csv")
            if not truth[r["Incident No"]] and any(s.split(" ")[0] in r["Location"] for s in streets)]
    assert len(near) > 10
    flats = [h for h in homes if h["address_line1"].startswith("Flat")]
    assert flats, "supported accommodation flats in multi-occupancy buildings"


def test_a_child_in_care_was_arrested_in_the_last_two_days(tmp_path):
    """So the demo's arrest screening has something to show (events.ensure_recent_activity): even in a small
    city with no offending at all, one child in care is arrested in the last two days."""
    import datetime as dt
    from dataclasses import replace

    from divert.synth.clock import parse_now
    from divert.synth.generate import generate, make_profile
    from tests.synth.conftest import NOW

    profile = replace(make_profile("city", scale=0.2, days=10), offending_rate=0.0, diverted_arrests_per_conviction=0.0)
    generate(tmp_path, profile=profile, seed=3, now=parse_now(NOW))
    in_care = {r["custody_reference"] for r in read_rows(tmp_path / "truth" / "custody_people.csv") if r["child_id"]}
    now = dt.datetime.fromisoformat(NOW)
    recent = [r for r in read_rows(tmp_path / "police" / "custody.csv") if r["Custody Ref"] in in_care
              and now - dt.datetime.strptime(r["Arrest Date/Time"], "%d/%m/%Y %H:%M") <= dt.timedelta(days=2)]
    assert len(recent) == 1


def test_every_list_day_has_incidents_a_family_would_handle_by_a_child_placed_there(city_dir):
    """The family test has something to flag on each daily list of the last four weeks: a low-level crime at a home
    (damage, a push without injury, food from the kitchen), reported by staff, with a child of the LA placed there
    as the suspect (events.FAMILY_TEST_DAYS)."""
    import datetime as dt
    from collections import Counter

    from divert.synth.clock import LONDON
    from divert.synth.events import FAMILY_TEST_DAYS, FAMILY_TEST_PER_DAY
    from tests.synth.conftest import NOW

    homes = {r["reference"]: r["home_urn"] for r in read_rows(city_dir / "truth" / "incident_homes.csv")}
    in_care = {r["source_row"] for r in read_rows(city_dir / "truth" / "incident_people.csv")}
    now = dt.datetime.fromisoformat(NOW).replace(tzinfo=LONDON)
    seven = now.replace(hour=7, minute=0)
    per_window: Counter[int] = Counter()
    seen: set[str] = set()
    for row_no, r in enumerate(read_rows(city_dir / "police" / "incidents.csv"), start=1):
        if (r["Involvement"] != "SUSP" or str(row_no) not in in_care or not homes[r["Incident No"]]
                or r["Crime Recorded"] not in ("Y", "Yes", "1", "True") or r["Reported By"] != "Care Staff"
                or r["Crime Type"] not in ("Criminal damage", "Common assault", "Theft - other")
                or r["Incident No"] in seen):
            continue
        seen.add(r["Incident No"])
        when = dt.datetime.strptime(r["Date/Time Reported"], "%d/%m/%Y %H:%M").replace(tzinfo=LONDON)
        k = int((seven - when).total_seconds() // 86400)
        per_window[k] += 1
    assert all(per_window[k] >= FAMILY_TEST_PER_DAY for k in range(FAMILY_TEST_DAYS)), per_window


def test_some_children_in_care_are_missing_now(city_dir):
    """Reported missing in the last two days and not found yet (events.MISSING_NOW)."""
    from divert.synth.events import MISSING_NOW

    in_care = {r["reference"] for r in read_rows(city_dir / "truth" / "missing_people.csv")}
    open_reports = [r for r in read_rows(city_dir / "police" / "missing.csv")
                    if r["MFH Ref"] in in_care and not r["Date/Time Found"]]
    assert len(open_reports) >= MISSING_NOW
