"""The files match docs/data-formats.md (the contract the importers read)."""

import json
import re
import tomllib
from pathlib import Path

from tests.synth.helpers import read_header, read_rows

CONTRACT = Path(__file__).resolve().parents[2] / "docs" / "data-formats.md"


def _documented_columns(heading_or_label: str) -> list[str]:
    """The backticked comma-separated column list that follows a heading or a `file.csv`: label."""
    text = CONTRACT.read_text(encoding="utf-8")
    start = text.index(heading_or_label)
    match = re.search(r"`([A-Za-z_0-9]+(?:,[A-Za-z_0-9]+)+)`", text[start:])
    assert match, heading_or_label
    return match.group(1).split(",")


def _documented_police_fields(label: str) -> list[str]:
    text = CONTRACT.read_text(encoding="utf-8")
    start = text.index(f"**{label}**")
    block = text[start:text.index("\n\n", start)]
    fields = re.findall(r"([a-z_]+)(?: \([^)]*\))?(?:,|`|$)", block.split(":", 1)[1].replace("\n", " "))
    return [f for f in fields if f]


def test_register_headers(city_dir):
    assert read_header(city_dir / "homes.csv") == _documented_columns("## homes.csv")
    assert read_header(city_dir / "children.csv") == _documented_columns("## children.csv")


def test_ssda903_headers(city_dir):
    for year in ("2026", "2027"):
        folder = city_dir / "ssda903" / year
        assert read_header(folder / "header.csv") == _documented_columns("`header.csv`")
        assert read_header(folder / "episodes.csv") == _documented_columns("`episodes.csv`")
        assert read_header(folder / "missing.csv") == _documented_columns("`missing.csv`")
        assert read_header(folder / "oc2.csv") == _documented_columns("`oc2.csv`")


def test_truth_headers(city_dir):
    text = CONTRACT.read_text(encoding="utf-8")
    for name in ("incident_homes", "incident_people", "custody_people", "missing_people", "missing_homes"):
        documented = re.search(rf"{name}\.csv\s+([a-z_,]+)", text).group(1).split(",")
        assert read_header(city_dir / "truth" / f"{name}.csv") == documented


def test_mapping_file_maps_every_force_header_onto_documented_fields(city_dir):
    mapping = tomllib.loads((city_dir / "police" / "mapping.toml").read_text(encoding="utf-8"))
    assert mapping["force"]["name"]
    assert mapping["formats"] == {"datetime": "%d/%m/%Y %H:%M", "date": "%d/%m/%Y"}
    for section, file, label in (("incidents", "incidents.csv", "incidents"), ("custody", "custody.csv", "custody"),
                                 ("missing", "missing.csv", "missing")):
        columns = mapping[section]["columns"]
        header = read_header(city_dir / "police" / file)
        assert header == list(columns), section
        assert [h for h in header if h == columns.get(h)] == []  # the force's own names, not Divert's
        assert sorted(columns.values()) == sorted(_documented_police_fields(label)), section


def test_mapped_values_are_divert_values(city_dir):
    mapping = tomllib.loads((city_dir / "police" / "mapping.toml").read_text(encoding="utf-8"))
    values = mapping["incidents"]["values"]
    assert set(values["person_role"].values()) == {"suspect", "victim", "missing_person", "reporting_person",
                                                   "witness"}
    assert set(values["reported_by"].values()) <= {"home_staff", "public", "child", "other"}
    assert set(mapping["missing"]["values"]["risk_grade"].values()) == {"no_apparent_risk", "low", "medium", "high"}
    rows = read_rows(city_dir / "police" / "incidents.csv")
    roles = {r["Involvement"] for r in rows} - {""}
    assert roles <= set(values["person_role"])
    assert {r["Reported By"] for r in rows} <= set(values["reported_by"])
    assert {r["Gender"] for r in rows} - {""} <= set(values["person_sex"])
    assert {r["Crime Recorded"] for r in rows} <= {"Y", "N"}
    risks = {r["Risk Level"] for r in read_rows(city_dir / "police" / "missing.csv")}
    assert risks <= set(mapping["missing"]["values"]["risk_grade"])


def test_dates_parse_in_the_mapped_formats(city_dir):
    from datetime import datetime

    for row in read_rows(city_dir / "police" / "incidents.csv")[:2000]:
        datetime.strptime(row["Date/Time Reported"], "%d/%m/%Y %H:%M")
        if row["DOB"]:
            datetime.strptime(row["DOB"], "%d/%m/%Y")


def test_manifest(city_dir):
    manifest = json.loads((city_dir / "manifest.json").read_text())
    assert manifest["profile"] == "city" and manifest["seed"] == 1
    assert manifest["generated_at"].startswith("2026-11-23T09:30")
    assert manifest["counts"]["police"]["incidents"] > 0
