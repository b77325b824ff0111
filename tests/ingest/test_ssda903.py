"""The SSDA903 importer: code lists, named rules, collection years, homes by URN."""

import pytest

from divert.ingest.actions import import_file
from divert.ingest.models import ImportRun
from divert.registers.models import Child, OC2Record, Placement, SSDA903Missing

from .conftest import (
    EPISODES,
    EPISODES_HEADER,
    HEADER,
    HEADER_HEADER,
    HOMES,
    HOMES_HEADER,
    MISSING,
    MISSING_HEADER,
    OC2,
    OC2_HEADER,
    write_csv,
)


def write_year(root, year=2026, *, header=HEADER, episodes=EPISODES, missing=MISSING, oc2=OC2):
    ydir = root / str(year)
    write_csv(ydir / "header.csv", HEADER_HEADER, header)
    write_csv(ydir / "episodes.csv", EPISODES_HEADER, episodes)
    write_csv(ydir / "missing.csv", MISSING_HEADER, missing)
    write_csv(ydir / "oc2.csv", OC2_HEADER, oc2)
    return ydir


def problems_of(run):
    return {(p["file"].split("/")[-1], p["row"], p["column"], p["rule"]) for p in run.problems}


def test_year_folder_loads_all_tables(tmp_path, db):
    run = import_file(kind="ssda903", path=write_year(tmp_path))
    assert run.status == ImportRun.Status.LOADED, run.problems
    assert run.options["collection_year"] == 2026 and run.file_name.endswith("/2026")
    c1 = Child.objects.get(child_id="C001")
    assert (c1.sex, c1.ethnicity, c1.upn) == ("F", "WBRI", "A123456789012")
    assert Placement.objects.count() == 3 and SSDA903Missing.objects.get().missing_type == "M"
    oc2 = OC2Record.objects.get()
    assert (oc2.convicted, oc2.sdq_score, oc2.extra["health_check"]) == (False, 12, True)


@pytest.mark.parametrize("col, value, rule", [
    ("PLACE", "Q9", "field_format"),
    ("LS", "Z9", "field_format"),
    ("RNE", "", "mandatory_field"),
    ("PLACE_PROVIDER", "PR9", "field_format"),
    ("REC", "E99", "field_format"),
    ("DECOM", "2025-13-01", "field_format"),
])
def test_bad_episode_codes(tmp_path, db, col, value, rule):
    episodes = [list(r) for r in EPISODES]
    episodes[2][EPISODES_HEADER.index(col)] = value
    run = import_file(kind="ssda903", path=write_year(tmp_path, episodes=episodes))
    assert run.status == ImportRun.Status.REFUSED
    assert ("episodes.csv", 3, col, rule) in problems_of(run)
    assert not Child.objects.exists()  # the good header rows were not loaded either


def test_episode_date_rules(tmp_path, db):
    episodes = [list(r) for r in EPISODES]
    episodes[0][7] = "01/04/2025"  # DEC before DECOM
    episodes[1][1] = "01/01/2009"  # DECOM before DOB (and out of order)
    episodes[2][1] = "01/05/2026"  # after the collection year
    run = import_file(kind="ssda903", path=write_year(tmp_path, episodes=episodes))
    found = problems_of(run)
    assert ("episodes.csv", 1, "DEC", "end_not_before_start") in found
    assert ("episodes.csv", 2, "DECOM", "born_before_event") in found
    assert ("episodes.csv", 3, "DECOM", "within_collection_year") in found


def test_dates_in_the_future(tmp_path, db):
    header = [list(r) for r in HEADER]
    header[1][2] = "01/01/2099"
    run = import_file(kind="ssda903", path=write_year(tmp_path, header=header, episodes=EPISODES[:2]))
    assert ("header.csv", 2, "DOB", "date_not_in_future") in problems_of(run)


def test_dec_without_rec(tmp_path, db):
    episodes = [list(r) for r in EPISODES]
    episodes[0][8] = ""
    run = import_file(kind="ssda903", path=write_year(tmp_path, episodes=episodes))
    assert ("episodes.csv", 1, "REC", "ended_episode_has_reason") in problems_of(run)


def test_missing_and_sex_codes(tmp_path, db):
    missing = [["C001", "02/03/2010", "X", "03/10/2025", "01/10/2025"]]
    header = [list(r) for r in HEADER]
    header[0][1] = "9"
    run = import_file(kind="ssda903", path=write_year(tmp_path, header=header, missing=missing))
    found = problems_of(run)
    assert ("missing.csv", 1, "MISSING", "field_format") in found
    assert ("missing.csv", 1, "MIS_END", "end_not_before_start") in found
    assert ("header.csv", 1, "SEX", "field_format") in found


def test_duplicate_child_with_different_content(tmp_path, db):
    header = [*HEADER, ["C001", "1", "02/03/2010", "WBRI", "", "", ""]]
    run = import_file(kind="ssda903", path=write_year(tmp_path, header=header))
    assert ("header.csv", 3, "CHILD", "same_content") in problems_of(run)


def test_unknown_urn_is_a_warning_not_a_problem(tmp_path, db):
    run = import_file(kind="ssda903", path=write_year(tmp_path))
    assert run.status == ImportRun.Status.LOADED
    assert {w["value"] for w in run.warnings if w["rule"] == "home_known"} == {"SC100001", "SC100002"}
    assert not Placement.objects.filter(home__isnull=False).exists()


def test_homes_first_then_placements_have_homes(tmp_path, db):
    import_file(kind="homes", path=write_csv(tmp_path / "homes.csv", HOMES_HEADER, HOMES))
    run = import_file(kind="ssda903", path=write_year(tmp_path))
    assert not [w for w in run.warnings if w["rule"] == "home_known"]
    assert Placement.objects.filter(home__isnull=False).count() == 2


def test_newer_year_updates_an_open_episode_and_older_never_overwrites(tmp_path, db):
    import_file(kind="ssda903", path=write_year(tmp_path / "a", 2026))
    later = [list(r) for r in EPISODES]
    later[2][7], later[2][8] = "01/05/2026", "E9"
    run = import_file(kind="ssda903", path=write_year(tmp_path / "a", 2027, episodes=later, missing=[]))
    assert run.status == ImportRun.Status.LOADED, run.problems
    p = Placement.objects.get(child__child_id="C002")
    assert (p.rec, p.collection_year) == ("E9", 2027)
    assert import_file(kind="ssda903", path=write_year(tmp_path / "b", 2026)).status == "unchanged"
    corrected = [["C001", "02/03/2010", "M", "03/10/2025", "05/10/2025"]]  # a corrected 2026 return
    again = import_file(kind="ssda903", path=write_year(tmp_path / "c", 2026, missing=corrected))
    assert again.status == ImportRun.Status.LOADED
    assert SSDA903Missing.objects.get().end.day == 5
    p.refresh_from_db()
    assert (p.rec, p.collection_year) == ("E9", 2027)


def test_year_must_be_known(tmp_path, db):
    path = write_csv(tmp_path / "extract" / "header.csv", HEADER_HEADER, HEADER)
    run = import_file(kind="ssda903", path=path)
    assert run.status == ImportRun.Status.REFUSED and run.problems[0]["rule"] == "collection_year"
    assert import_file(kind="ssda903", path=path, year=2026).status == ImportRun.Status.LOADED


def test_single_files_identify_their_table(tmp_path, db):
    h = write_csv(tmp_path / "x" / "a.csv", HEADER_HEADER, HEADER)
    e = write_csv(tmp_path / "x" / "b.csv", EPISODES_HEADER, EPISODES)
    assert import_file(kind="ssda903", path=h, year=2026).status == ImportRun.Status.LOADED
    assert import_file(kind="ssda903", path=e, year=2026).status == ImportRun.Status.LOADED
    assert Placement.objects.count() == 3


def test_unknown_table_is_a_warning(tmp_path, db):
    ydir = write_year(tmp_path)
    write_csv(ydir / "reviews.csv", ["CHILD", "DOB", "REVIEW", "REVIEW_CODE"], [["C001", "02/03/2010", "", ""]])
    write_csv(ydir / "uasc.csv", ["CHILD", "SEX", "DOB", "DUC"], [["C001", "2", "02/03/2010", ""]])
    run = import_file(kind="ssda903", path=ydir)
    assert run.status == ImportRun.Status.LOADED
    assert {w["file"].split("/")[-1] for w in run.warnings if w["rule"] == "unknown_table"} == {"reviews.csv",
                                                                                              "uasc.csv"}


def test_missing_mandatory_column(tmp_path, db):
    ydir = write_year(tmp_path)
    write_csv(ydir / "episodes.csv", [h for h in EPISODES_HEADER if h != "LS"], [r[:3] + r[4:] for r in EPISODES])
    run = import_file(kind="ssda903", path=ydir)
    assert run.status == ImportRun.Status.REFUSED
    [p] = run.problems
    assert p["row"] is None and p["column"] == "ls" and "mandatory" in p["reason"]
