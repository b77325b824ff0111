import pytest

from divert.ingest.actions import import_file
from divert.ingest.importers.police import KNOWN_FIELDS
from divert.ingest.mapping import MappingError, parse_mapping
from divert.ingest.models import ImportRun
from divert.police.models import Incident, Involvement

from .conftest import write_csv

MAPPING = """
[force]
name = "Demo Constabulary"

[formats]
datetime = "%d/%m/%Y %H:%M"
date = "%d/%m/%Y"

[incidents.columns]
"Incident No" = "reference"
"Date/Time Reported" = "reported_at"
"Location" = "location"
"Surname" = "person_last_name"
"Forename" = "person_first_name"
"DOB" = "person_date_of_birth"
"Role" = "person_role"
"Crime?" = "crime_recorded"

[incidents.values.person_role]
"SUSP" = "suspect"
"VICT" = "victim"

[incidents.values.crime_recorded]
"Yes" = "Y"
"No" = "N"
"""


def test_force_layout_is_mapped(tmp_path, db):
    mapping = tmp_path / "mapping.toml"
    mapping.write_text(MAPPING)
    path = write_csv(tmp_path / "incidents.csv",
                     ["Incident No", " date/time reported ", "Location", "Surname", "Forename", "DOB", "Role",
                      "Crime?", "Officer"],
                     [["N/1", "28/03/2026 01:30", "1 Oak Road", "Adams", "Zoe", "02/03/2010", "SUSP", "Yes", "PC 1"],
                      ["N/1", "28/03/2026 01:30", "1 Oak Road", "Brown", "Liam", "15/07/2011", "vict", "Yes", "PC 1"]])
    run = import_file(kind="incidents", path=path, mapping=mapping)
    assert run.status == ImportRun.Status.LOADED, run.problems
    inc = Incident.objects.get(reference="N/1")
    assert inc.crime_recorded is True
    assert inc.reported_at.isoformat() == "2026-03-28T01:30:00+00:00"  # GMT before the clocks change
    assert sorted(Involvement.objects.values_list("role", flat=True)) == ["suspect", "victim"]
    assert run.options["mapping"]["force"] == "Demo Constabulary"
    assert any("Officer" in w["column"] for w in run.warnings)  # an unused column is reported, not fatal


def test_summer_time_is_converted_to_utc(tmp_path, db):
    mapping = tmp_path / "mapping.toml"
    mapping.write_text(MAPPING)
    path = write_csv(tmp_path / "incidents.csv", ["Incident No", "Date/Time Reported"], [["N/2", "01/07/2025 12:00"]])
    import_file(kind="incidents", path=path, mapping=mapping)
    assert Incident.objects.get(reference="N/2").reported_at.hour == 11


def test_missing_mapped_column_refuses_with_one_problem(tmp_path, db):
    mapping = tmp_path / "mapping.toml"
    mapping.write_text(MAPPING)
    path = write_csv(tmp_path / "incidents.csv", ["Ref", "When"], [["N/1", "28/03/2026 01:30"]])
    run = import_file(kind="incidents", path=path, mapping=mapping)
    assert run.status == ImportRun.Status.REFUSED
    assert len(run.problems) == 1
    assert "reference" in run.problems[0]["reason"] and "reported_at" in run.problems[0]["reason"]


@pytest.mark.parametrize("text, reason", [
    ("[incidents.columns\n", "not valid TOML"),
    ('[incidents.columns]\n"X" = "no_such_field"\n', "not a Divert incidents field"),
    ('[incidents.columns]\n"X" = "reference"\n"Y" = "reference"\n', "more than one column"),
    ('[formats]\ndatetime = "dd/mm/yyyy"\n', "strptime"),
    ('[custody.values.nope]\n"a" = "b"\n', "does not have"),
])
def test_bad_mapping_files(text, reason):
    with pytest.raises(MappingError) as exc:
        parse_mapping(text.encode(), file_name="m.toml", known_fields=KNOWN_FIELDS)
    assert reason in exc.value.reason


def test_bad_mapping_refuses_the_import(tmp_path, db):
    mapping = tmp_path / "mapping.toml"
    mapping.write_text("[incidents.columns\n")
    path = write_csv(tmp_path / "incidents.csv", ["reference", "reported_at"], [["A", "2025-01-01T10:00"]])
    run = import_file(kind="incidents", path=path, mapping=mapping)
    assert run.status == ImportRun.Status.REFUSED
    assert run.problems[0]["file"] == "mapping.toml"
    assert not Incident.objects.exists()
