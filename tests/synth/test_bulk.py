"""The fast path for a national year (`divert synth --fast`, synth/bulk.py): same files, same rates, deterministic,
streamed one day at a time."""

import re
from collections import Counter
from pathlib import Path

import pytest

from divert.synth.clock import parse_now
from divert.synth.generate import generate, make_profile
from divert.synth.profiles import MessRates
from tests.synth.helpers import read_header, read_rows

NOW = parse_now("2026-11-23T09:30")


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    """The same tiny national world, per record and as arrays (two days, ~1,600 background incidents a day)."""
    root = tmp_path_factory.mktemp("bulk")
    profile = make_profile("national", scale=0.01, days=2, incidents_per_day=1600)
    slow = generate(root / "slow", profile=profile, seed=3, now=NOW)
    fast = generate(root / "fast", profile=profile, seed=3, now=NOW, fast=True)
    return root, slow, fast


def test_fast_path_is_deterministic(pair, tmp_path):
    root, _slow, _fast = pair
    again = generate(tmp_path / "again", profile=make_profile("national", scale=0.01, days=2, incidents_per_day=1600),
                     seed=3, now=NOW, fast=True)
    assert again["fast"] is True
    a, b = _files(root / "fast"), _files(tmp_path / "again")
    assert a.keys() == b.keys()
    assert [name for name in a if a[name] != b[name]] == []


def test_fast_path_writes_the_same_files_and_columns(pair):
    root, slow, fast = pair
    assert _files(root / "slow").keys() == _files(root / "fast").keys()
    for name in ("police/incidents.csv", "police/custody.csv", "police/missing.csv", "truth/incident_homes.csv"):
        assert read_header(root / "fast" / name) == read_header(root / "slow" / name)
    # the registers and the children's events do not depend on the path
    assert (root / "fast" / "children.csv").read_bytes() == (root / "slow" / "children.csv").read_bytes()
    assert fast["counts"]["police"]["incident_people_in_care"] == slow["counts"]["police"]["incident_people_in_care"]
    assert abs(fast["counts"]["police"]["incidents"] - slow["counts"]["police"]["incidents"]) < 0.1 * \
        slow["counts"]["police"]["incidents"]


def _shares(rows: list[dict[str, str]]) -> dict[str, float]:
    named = [r for r in rows if r["Forename"] or r["Surname"]]
    n, m = len(rows), len(named)
    return {
        "no postcode": sum(not r["Post Code"] for r in rows) / n,
        "postcode without a space": sum(bool(r["Post Code"]) and " " not in r["Post Code"] for r in rows) / n,
        "UPRN given": sum(bool(r["UPRN"]) for r in rows) / n,
        "coordinates": sum(bool(r["Grid Easting"]) for r in rows) / n,
        "location in capitals": sum(r["Location"].isupper() for r in rows) / n,
        "people per incident": m / len({r["Incident No"] for r in rows}),
        "names in capitals": sum(r["Forename"].isupper() and len(r["Forename"]) > 1 for r in named) / m,
        "no forename": sum(not r["Forename"] for r in named) / m,
        "initial only": sum(len(r["Forename"]) == 1 for r in named) / m,
        "no date of birth": sum(not r["DOB"] for r in named) / m,
        "hyphenated surname": sum("-" in r["Surname"] for r in named) / m,
    }


def test_fast_path_keeps_the_messiness_rates(pair):
    root, _slow, _fast = pair
    slow = _shares(read_rows(root / "slow" / "police" / "incidents.csv"))
    fast = _shares(read_rows(root / "fast" / "police" / "incidents.csv"))
    for name, value in slow.items():
        assert fast[name] == pytest.approx(value, abs=max(0.02, 0.25 * value)), name


def test_fast_path_rates_match_the_profile(pair):
    root, _slow, _fast = pair
    rows = read_rows(root / "fast" / "police" / "incidents.csv")
    rates = MessRates()
    shares = _shares(rows)
    assert shares["no date of birth"] == pytest.approx(rates.dob_missing, abs=0.02)
    assert shares["names in capitals"] == pytest.approx(rates.name_upper_case, abs=0.025)


def test_fast_path_streams_days_in_time_order_with_unique_references(pair):
    root, _slow, _fast = pair
    rows = read_rows(root / "fast" / "police" / "incidents.csv")
    refs = [r["Incident No"] for r in rows]
    firsts = list(dict.fromkeys(refs))
    assert Counter(refs).most_common(1)[0][1] <= 6  # one row per person
    numbers = [int(re.sub(r"^INC\d{6}", "", ref)) for ref in firsts]
    assert numbers == list(range(1, len(firsts) + 1))
    homes = {r["reference"]: r["home_urn"] for r in read_rows(root / "fast" / "truth" / "incident_homes.csv")}
    assert set(homes) == set(firsts)
    assert any(homes.values()), "incidents at homes keep their truth label"


def test_synth_command_takes_fast(tmp_path):
    import json

    from django.core.management import call_command

    call_command("synth", "--profile", "national", "--scale", "0.005", "--days", "1", "--fast", "--quiet",
                 "--now", "2026-11-23T09:30", "--out", str(tmp_path))
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert manifest["fast"] is True and manifest["counts"]["police"]["incidents"] > 100
