"""SSDA903 code lists by collection year, as data (standards/ssda903_codes/YEAR.json)."""

import pytest

from divert.ingest.actions import import_file
from divert.ingest.models import ImportRun
from divert.standards.ssda903_codes import code_lists, source, years

from .conftest import EPISODES, EPISODES_HEADER, HEADER, HEADER_HEADER, write_csv


def test_a_list_for_every_year_2017_to_2026():
    assert years() == tuple(range(2017, 2027))
    for year in years():
        lists = code_lists(year)
        assert {"Episodes.PLACE", "Episodes.REC", "Episodes.LS", "Header.ETHNIC", "Missing.MISSING"} <= set(lists)
        assert "SSDA903" in source(year)


def test_place_codes_change_with_the_year():
    place = {y: code_lists(y)["Episodes.PLACE"] for y in (2018, 2024, 2025, 2026)}
    assert "K3" not in place[2024] and "K3" in place[2025] and "K3" in place[2026]
    assert {"Z1", "P2", "H5"} <= place[2025] and not {"Z1", "P2", "H5"} & place[2026]
    assert {"Z11", "Z12", "Z13", "Z14"} <= place[2026] and "Z11" not in place[2025]
    assert place[2018] == place[2024]


def test_rec_codes_follow_the_specification():
    assert {"E43", "E44"} <= code_lists(2017)["Episodes.REC"] and "E45" not in code_lists(2017)["Episodes.REC"]
    assert "E45" in code_lists(2024)["Episodes.REC"] and "E43" not in code_lists(2024)["Episodes.REC"]


def test_years_outside_the_lists_use_the_nearest():
    assert code_lists(2010) == code_lists(2017) and code_lists(2031) == code_lists(2026)


@pytest.mark.parametrize("year, place, ok", [(2026, "Z11", True), (2025, "Z11", False), (2026, "P2", False),
                                             (2025, "P2", True), (2026, "Z1", False), (2024, "K3", False),
                                             (2025, "K3", True), (2026, "H5", False)])
def test_importer_uses_the_returns_year(tmp_path, db, year, place, ok):
    episodes = [list(r) for r in EPISODES]
    for r in episodes:
        r[1] = r[1][:-4] + str(year - 1)  # dates inside the collection year
        if r[7]:
            r[7] = r[7][:-4] + str(year - 1)
    episodes[2][EPISODES_HEADER.index("PLACE")] = place
    ydir = tmp_path / str(year)
    write_csv(ydir / "header.csv", HEADER_HEADER, HEADER)
    write_csv(ydir / "episodes.csv", EPISODES_HEADER, episodes)
    run = import_file(kind="ssda903", path=ydir)
    assert (run.status == ImportRun.Status.LOADED) is ok, run.problems
    if not ok:
        [p] = run.problems
        assert p["column"] == "PLACE" and f"{year - 1}-{str(year)[2:]}" in p["reason"]
