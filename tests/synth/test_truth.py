"""Ground-truth files agree with the police files and the registers."""

from tests.synth.helpers import read_rows


def test_every_truth_reference_exists_in_police_files(city_dir):
    incidents = read_rows(city_dir / "police" / "incidents.csv")
    refs = {r["Incident No"] for r in incidents}
    homes = {r["urn"] for r in read_rows(city_dir / "homes.csv")}
    children = {r["child_id"] for r in read_rows(city_dir / "children.csv")}

    incident_homes = read_rows(city_dir / "truth" / "incident_homes.csv")
    assert {r["reference"] for r in incident_homes} == refs
    assert {r["home_urn"] for r in incident_homes} - {""} <= homes

    for r in read_rows(city_dir / "truth" / "incident_people.csv"):
        row = incidents[int(r["source_row"]) - 1]  # 1-based data row
        assert row["Incident No"] == r["reference"]
        assert r["child_id"] in children
        assert row["Forename"] or row["Surname"]

    custody = {r["Custody Ref"] for r in read_rows(city_dir / "police" / "custody.csv")}
    for r in read_rows(city_dir / "truth" / "custody_people.csv"):
        assert r["custody_reference"] in custody and r["child_id"] in children

    missing = {r["MFH Ref"] for r in read_rows(city_dir / "police" / "missing.csv")}
    for r in read_rows(city_dir / "truth" / "missing_people.csv"):
        assert r["reference"] in missing and r["child_id"] in children
    missing_homes = read_rows(city_dir / "truth" / "missing_homes.csv")
    assert {r["reference"] for r in missing_homes} == missing
    assert {r["home_urn"] for r in missing_homes} - {""} <= homes


def test_incident_fields_agree_across_person_rows(city_dir):
    by_ref: dict[str, tuple] = {}
    for r in read_rows(city_dir / "police" / "incidents.csv"):
        fields = tuple(r[k] for k in ("Date/Time Reported", "Location", "Post Code", "Opening Category", "Narrative"))
        assert by_ref.setdefault(r["Incident No"], fields) == fields


def test_truth_is_not_in_the_police_files(city_dir):
    from tests.synth.helpers import read_header

    header = {h.lower() for h in read_header(city_dir / "police" / "incidents.csv")}
    assert not header & {"child_id", "home_urn", "urn"}


def test_most_incidents_are_not_at_homes_and_involve_no_child_in_care(city_dir):
    incident_homes = read_rows(city_dir / "truth" / "incident_homes.csv")
    at_homes = sum(1 for r in incident_homes if r["home_urn"])
    assert 0 < at_homes < 0.2 * len(incident_homes)
    with_child = {r["reference"] for r in read_rows(city_dir / "truth" / "incident_people.csv")}
    assert len(with_child) < 0.2 * len(incident_homes)
