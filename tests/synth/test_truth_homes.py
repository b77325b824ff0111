"""Truth about homes agrees with the homes register: an incident or missing report at an open home's own address
is labelled at that home, and nothing is labelled at a home outside its open period (opened_on to closed_on,
both inclusive)."""

import re
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import numpy as np
import pytest

from divert.synth.clock import parse_now
from divert.synth.generate import generate, make_profile
from divert.synth.geography import HOUSES_PER_STREET, build_gazetteer
from tests.synth.conftest import NOW
from tests.synth.helpers import read_rows


@pytest.fixture(scope="session")
def dense_dir(tmp_path_factory) -> Path:
    """A small city with few streets (so houses drawn at random often fall on a home's address) and a two-year
    window with homes closing and opening inside it."""
    out = tmp_path_factory.mktemp("dense")
    profile = replace(make_profile("city", scale=0.3, days=730), streets_per_town=25, homes_closed_last_year=6)
    generate(out, profile=profile, seed=1, now=parse_now(NOW))
    return out


def _day(text: str) -> date:
    return datetime.strptime(text[:10], "%d/%m/%Y").date()


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


class Register:
    def __init__(self, root: Path):
        self.homes = {h["urn"]: h for h in read_rows(root / "homes.csv")}
        self.by_uprn: dict[str, list[dict]] = {}
        self.by_text: dict[tuple[str, str], list[dict]] = {}
        for h in self.homes.values():
            self.by_uprn.setdefault(h["uprn"], []).append(h)
            lines = [h[k] for k in ("address_line1", "address_line2", "address_line3") if h[k]]
            for text in {_norm(" ".join(lines)), _norm(" ".join([*lines, h["town"]]))}:
                self.by_text.setdefault((text, _norm(h["postcode"]).replace(" ", "")), []).append(h)

    @staticmethod
    def open_on(home: dict, day: date) -> bool:
        opened = _day(home["opened_on"]) if home["opened_on"] else None
        closed = _day(home["closed_on"]) if home["closed_on"] else None
        return (opened is None or opened <= day) and (closed is None or day <= closed)

    def open_home_at(self, *, uprn: str, text: str, postcode: str, day: date) -> str:
        """The URN of a home open on `day` whose UPRN, or exact address and postcode, this location is."""
        candidates = list(self.by_uprn.get(uprn, ())) if uprn else []
        candidates += self.by_text.get((_norm(text), _norm(postcode).replace(" ", "")), ())
        return next((h["urn"] for h in candidates if self.open_on(h, day)), "")


@pytest.fixture(params=["city_dir", "dense_dir"])
def generated(request) -> Path:
    return request.getfixturevalue(request.param)


def test_incidents_at_an_open_homes_address_are_labelled_at_a_home(generated):
    register = Register(generated)
    truth = {r["reference"]: r["home_urn"] for r in read_rows(generated / "truth" / "incident_homes.csv")}
    wrong, checked = [], set()
    for r in read_rows(generated / "police" / "incidents.csv"):
        ref = r["Incident No"]
        if ref in checked or truth[ref]:
            continue
        checked.add(ref)
        urn = register.open_home_at(uprn=r["UPRN"], text=r["Location"], postcode=r["Post Code"],
                                    day=_day(r["Date/Time Reported"]))
        if urn:
            wrong.append((ref, urn))
    assert wrong == []


def test_missing_reports_at_an_open_homes_address_are_labelled_at_a_home(generated):
    register = Register(generated)
    truth = {r["reference"]: r["home_urn"] for r in read_rows(generated / "truth" / "missing_homes.csv")}
    wrong = []
    for r in read_rows(generated / "police" / "missing.csv"):
        if truth[r["MFH Ref"]]:
            continue
        urn = register.open_home_at(uprn="", text=r["Missing From"], postcode=r["Missing From Post Code"],
                                    day=_day(r["Reported Missing"]))
        if urn:
            wrong.append((r["MFH Ref"], urn))
    assert wrong == []


def test_nothing_is_labelled_at_a_home_outside_its_open_period(generated):
    register = Register(generated)
    when = {r["Incident No"]: _day(r["Date/Time Reported"]) for r in read_rows(generated / "police" / "incidents.csv")}
    when |= {r["MFH Ref"]: _day(r["Reported Missing"]) for r in read_rows(generated / "police" / "missing.csv")}
    wrong = []
    for name in ("incident_homes.csv", "missing_homes.csv"):
        for r in read_rows(generated / "truth" / name):
            home = register.homes.get(r["home_urn"])
            if home is not None and not register.open_on(home, when[r["reference"]]):
                wrong.append((r["reference"], r["home_urn"], when[r["reference"]]))
    assert wrong == []


def test_dense_profile_exercises_closed_homes_and_collisions(dense_dir):
    """The dense fixture is worth running: homes close inside its window and random houses are few."""
    homes = read_rows(dense_dir / "homes.csv")
    window_start = _day("23/11/2024")
    assert any(h["closed_on"] and _day(h["closed_on"]) > window_start for h in homes)
    truth = read_rows(dense_dir / "truth" / "incident_homes.csv")
    assert sum(1 for r in truth if r["home_urn"]) > 100


def test_903_episodes_at_a_home_end_by_its_closure(generated):
    homes = {h["urn"]: h for h in read_rows(generated / "homes.csv")}
    wrong = []
    for year in ("2026", "2027"):
        for ep in read_rows(generated / "ssda903" / year / "episodes.csv"):
            home = homes.get(ep["URN"])
            if home is None or not home["closed_on"]:
                continue
            closed = _day(home["closed_on"])
            if _day(ep["DECOM"]) >= closed or not ep["DEC"] or _day(ep["DEC"]) > closed:
                wrong.append((ep["CHILD"], ep["URN"], ep["DECOM"], ep["DEC"], home["closed_on"]))
    assert wrong == []


def test_random_addresses_avoid_reserved_addresses():
    gazetteer = build_gazetteer(np.random.default_rng(1), towns=1, streets_per_town=2)
    reserved = [gazetteer.address(0, n) for n in range(1, HOUSES_PER_STREET)]
    gazetteer.reserve(reserved)
    uprns = {a.uprn for a in reserved}
    rng = np.random.default_rng(2)
    drawn = [gazetteer.random_address(rng) for _ in range(500)]
    assert not {a.uprn for a in drawn} & uprns
    assert {a.street.index for a in drawn} == {1}
