"""SSDA903 codes are valid (DfE SSDA903 guidance)."""

from datetime import datetime

from tests.synth.helpers import read_rows

# PLACE from 2025-26 (DfE SSDA903 guidance; validator rule 146): H5, P2 and Z1 are gone, Z11-Z14 are new.
PLACE_2026 = {"A3", "A4", "A5", "A6", "K1", "K2", "K3", "P1", "P3", "R1", "R2", "R3", "R5", "S1", "T0", "T1", "T2",
              "T3", "T4", "U1", "U2", "U3", "U4", "U5", "U6", "Z11", "Z12", "Z13", "Z14"}
LS = {"C1", "C2", "D1", "E1", "V2", "V3", "V4", "J1", "J2", "J3", "L1", "L2", "L3"}
RNE = {"S", "P", "L", "T", "U", "B"}
PROVIDER = {"PR0", "PR1", "PR2", "PR3", "PR4", "PR5"}
REASON = {"", "CARPL", "CLOSE", "ALLEG", "STAND", "APPRR", "CREQB", "CREQO", "CHILD", "LAREQ", "PLACE", "CUSTOD",
          "OTHER"}
CIN = {f"N{i}" for i in range(1, 9)}
REC = {"", "X1", "E11", "E12", "E13", "E14", "E15", "E16", "E17", "E2", "E3", "E41", "E45", "E46", "E47", "E48",
       "E4A", "E4B", "E5", "E6", "E7", "E8", "E9"}


def _date(text: str):
    return datetime.strptime(text, "%d/%m/%Y").date()


def test_episode_codes(city_dir):
    homes = {r["urn"]: r for r in read_rows(city_dir / "homes.csv")}
    for year in ("2026", "2027"):
        rows = read_rows(city_dir / "ssda903" / year / "episodes.csv")
        assert rows
        for r in rows:
            assert r["PLACE"] in PLACE_2026 and r["LS"] in LS and r["RNE"] in RNE and r["CIN"] in CIN
            assert r["PLACE_PROVIDER"] in PROVIDER and r["REC"] in REC and r["REASON_PLACE_CHANGE"] in REASON
            assert len(r["HOME_POST"]) <= 5 and len(r["PL_POST"]) <= 5
            assert bool(r["DEC"]) == bool(r["REC"])
            if r["DEC"]:
                assert _date(r["DEC"]) >= _date(r["DECOM"])
            if r["REC"] in ("E11", "E12"):
                assert r["PLACE"] in {"A3", "A4", "A5", "A6"}
            if r["PLACE"] in ("K2", "K3") and r["URN"] in homes:
                setting = homes[r["URN"]]["setting_type"]
                assert (setting == "supported_accommodation") == (r["PLACE"] == "K3")
            if r["PLACE"].startswith("U"):
                assert r["URN"] == "XXXXXXX"


def test_episodes_are_contiguous_and_x1_means_care_continues(city_dir):
    rows = read_rows(city_dir / "ssda903" / "2026" / "episodes.csv")
    by_child: dict[str, list] = {}
    for r in rows:
        by_child.setdefault(r["CHILD"], []).append(r)
    for episodes in by_child.values():
        episodes.sort(key=lambda r: _date(r["DECOM"]))
        for before, after in zip(episodes, episodes[1:], strict=False):
            assert before["REC"] == "X1" and before["DEC"] == after["DECOM"]
            assert after["RNE"] != "S"


def test_header_missing_and_oc2_codes(city_dir):
    for year in ("2026", "2027"):
        folder = city_dir / "ssda903" / year
        header = read_rows(folder / "header.csv")
        assert {r["SEX"] for r in header} <= {"1", "2"}
        dob = {r["CHILD"]: _date(r["DOB"]) for r in header}
        for r in read_rows(folder / "missing.csv"):
            assert r["MISSING"] in {"M", "A"} and r["CHILD"] in dob
            if r["MIS_END"]:
                assert _date(r["MIS_END"]) >= _date(r["MIS_START"])
        as_of = datetime(int(year), 3, 31).date()
        for r in read_rows(folder / "oc2.csv"):
            age = (as_of - dob[r["CHILD"]]).days / 365.25
            if year == "2026":
                assert (r["CONVICTED"] == "") == (age < 10)
            assert r["CONVICTED"] in {"", "0", "1"}


def test_place_code_is_valid_for_the_year_written():
    from divert.synth.children import Episode
    from divert.synth.clock import CollectionYear
    from divert.synth.ssda903 import place_code

    def ep(place):
        e = Episode.__new__(Episode)
        e.place = place
        return e

    at = datetime(2026, 12, 1).date()
    y2024, y2025, y2026 = (CollectionYear.of(y, at) for y in (2024, 2025, 2026))
    assert [place_code(ep("K3"), y) for y in (y2024, y2025, y2026)] == ["H5", "K3", "K3"]
    assert [place_code(ep("Z1"), y) for y in (y2024, y2025, y2026)] == ["Z1", "Z1", "Z11"]
    assert [place_code(ep("P2"), y) for y in (y2025, y2026)] == ["P2", "Z11"]
    assert place_code(ep("U4"), y2026) == "U4"
