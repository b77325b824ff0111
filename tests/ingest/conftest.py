"""Small hand-made files for the importer tests (written with tmp_path)."""

import csv
import io
from pathlib import Path

import pytest

HOMES_HEADER = ["urn", "name", "provider", "provider_type", "setting_type", "registered_places", "address_line1",
                "address_line2", "address_line3", "town", "postcode", "uprn", "easting", "northing", "opened_on",
                "closed_on"]
HOMES = [
    ["SC100001", "Oak House", "City Council", "la", "la_childrens_home", "4", "1 Oak Road", "", "", "Nottingham",
     "NG7 1AA", "100030001", "456000", "340000", "01/04/2015", ""],
    ["SC100002", "Elm Lodge", "Kind Care Ltd", "private", "private_childrens_home", "3", "2 Elm Street", "Flat 1",
     "", "Nottingham", "NG5 2BB", "", "", "", "", ""],
]
CHILDREN_HEADER = ["child_id", "first_name", "last_name", "aliases", "date_of_birth", "sex", "postcode",
                   "social_worker_name", "social_worker_email"]
CHILDREN = [
    ["C001", "Zoë", "Adams", "Zo Adams;Zoe Smith", "02/03/2010", "F", "NG7 1AA", "Sam Worker", "sam@example.test"],
    ["C002", "Liam", "Brown", "", "15/07/2011", "M", "NG5 2BB", "", ""],
]
HEADER_HEADER = ["CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"]
HEADER = [["C001", "2", "02/03/2010", "WBRI", "A123456789012", "", ""],
          ["C002", "1", "15/07/2011", "BCRB", "", "", ""]]
EPISODES_HEADER = ["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC",
                   "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN"]
EPISODES = [
    ["C001", "01/05/2025", "S", "C2", "N1", "K2", "PR1", "01/09/2025", "X1", "", "NG7 1", "NG7 1", "SC100001"],
    ["C001", "01/09/2025", "P", "C2", "N1", "K2", "PR4", "", "", "CARPL", "NG7 1", "NG5 2", "SC100002"],
    ["C002", "10/06/2025", "S", "V2", "N4", "U1", "PR1", "", "", "", "NG5 2", "", "XXXXXXX"],
]
MISSING_HEADER = ["CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"]
MISSING = [["C001", "02/03/2010", "M", "03/10/2025", "04/10/2025"]]
OC2_HEADER = ["CHILD", "DOB", "SDQ_SCORE", "SDQ_REASON", "CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS", "TEETH_CHECK",
              "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"]
OC2 = [["C001", "02/03/2010", "12", "", "", "1", "1", "1", "1", "0", "", ""]]  # CONVICTED blank: not in care 12 months

INCIDENTS_HEADER = ["reference", "reported_at", "closed_at", "location", "postcode", "uprn", "easting", "northing",
                    "opening_category", "closing_category", "crime_recorded", "crime_type", "narrative",
                    "reported_by", "person_first_name", "person_last_name", "person_date_of_birth", "person_sex",
                    "person_role"]
INCIDENTS = [
    ["INC-1", "2025-10-01T22:15", "2025-10-02T01:00", "1 Oak Road", "NG7 1AA", "100030001", "456000", "340000",
     "Disturbance", "Criminal damage", "Y", "Criminal damage", "Broke a window, staff called", "home_staff",
     "Zoe", "Adams", "2010-03-02", "F", "suspect"],
    ["INC-1", "2025-10-01T22:15", "2025-10-02T01:00", "1 Oak Road", "NG7 1AA", "100030001", "456000", "340000",
     "Disturbance", "Criminal damage", "Y", "Criminal damage", "Broke a window, staff called", "home_staff",
     "Pat", "Staff", "", "U", "reporting_person"],
    ["INC-2", "2025-10-03T10:00", "", "Market Square", "NG1 2CC", "", "", "", "ASB", "ASB", "N", "", "", "public",
     "", "", "", "", ""],
]
CUSTODY_HEADER = ["custody_reference", "arrested_at", "first_name", "last_name", "date_of_birth", "sex",
                  "address_given", "postcode", "offence"]
CUSTODY = [["CU-1", "2025-10-02T02:00", "Zoe", "Adams", "2010-03-02", "F", "1 Oak Road", "NG7 1AA",
            "Criminal damage"]]
POLICE_MISSING_HEADER = ["reference", "reported_missing_at", "found_at", "risk_grade", "first_name", "last_name",
                         "date_of_birth", "sex", "missing_from_address", "missing_from_postcode", "location_found",
                         "found_postcode", "found_easting", "found_northing"]
POLICE_MISSING = [["MIS-1", "2025-10-03T21:00", "2025-10-04T09:30", "medium", "Zoe", "Adams", "2010-03-02", "F",
                   "1 Oak Road", "NG7 1AA", "Bus station", "NG1 3DD", "457000", "341000"]]


def csv_bytes(header: list[str], rows: list[list[str]], *, encoding: str = "utf-8") -> bytes:
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue().encode(encoding)


def write_csv(path: Path, header: list[str], rows: list[list[str]], *, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(csv_bytes(header, rows, encoding=encoding))
    return path


def write_city(root: Path, *, year: int = 2026) -> Path:
    """A tiny directory in the layout `divert synth` writes (docs/data-formats.md)."""
    write_csv(root / "homes.csv", HOMES_HEADER, HOMES)
    write_csv(root / "children.csv", CHILDREN_HEADER, CHILDREN)
    ydir = root / "ssda903" / str(year)
    write_csv(ydir / "header.csv", HEADER_HEADER, HEADER)
    write_csv(ydir / "episodes.csv", EPISODES_HEADER, EPISODES)
    write_csv(ydir / "missing.csv", MISSING_HEADER, MISSING)
    write_csv(ydir / "oc2.csv", OC2_HEADER, OC2)
    write_csv(root / "police" / "incidents.csv", INCIDENTS_HEADER, INCIDENTS)
    write_csv(root / "police" / "custody.csv", CUSTODY_HEADER, CUSTODY)
    write_csv(root / "police" / "missing.csv", POLICE_MISSING_HEADER, POLICE_MISSING)
    (root / "truth").mkdir(exist_ok=True)
    (root / "truth" / "incident_homes.csv").write_text("this file must never be read\x00")
    return root


@pytest.fixture
def city(tmp_path) -> Path:
    return write_city(tmp_path / "city")


def counts() -> dict[str, int]:
    """Row counts of every table an import writes."""
    from divert.police.models import CustodyRecord, Incident, Involvement, MissingReport
    from divert.registers.models import Child, ChildAlias, Home, OC2Record, Placement, Provider, SSDA903Missing

    models = [Provider, Home, Child, ChildAlias, Placement, SSDA903Missing, OC2Record, Incident, Involvement,
              CustodyRecord, MissingReport]
    return {m.__name__: m.objects.count() for m in models}


def snapshot() -> dict:
    """Every row's values (not only counts) of the tables an import writes, to prove nothing changed."""
    from divert.police.models import CustodyRecord, Incident, Involvement, MissingReport
    from divert.registers.models import Child, ChildAlias, Home, OC2Record, Placement, Provider, SSDA903Missing

    models = [Provider, Home, Child, ChildAlias, Placement, SSDA903Missing, OC2Record, Incident, Involvement,
              CustodyRecord, MissingReport]
    return {m.__name__: sorted(map(repr, m.objects.values_list())) for m in models}
