"""The SSDA903 importer: code lists, named rules, collection years, homes by URN."""

from pathlib import Path

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
    assert (oc2.convicted, oc2.sdq_score, oc2.extra["health_check"]) == (None, 12, True)


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
    write_csv(ydir / "notes.csv", ["whatever", "else"], [["a", "b"]])
    run = import_file(kind="ssda903", path=ydir)
    assert run.status == ImportRun.Status.LOADED
    skipped = {w["file"].split("/")[-1]: w["reason"] for w in run.warnings if w["rule"] == "table_not_stored"}
    assert set(skipped) == {"reviews.csv", "uasc.csv"}
    assert "Reviews table (1 rows)" in skipped["reviews.csv"] and "UASC table" in skipped["uasc.csv"]
    assert [w["file"].split("/")[-1] for w in run.warnings if w["rule"] == "unknown_table"] == ["notes.csv"]


def test_missing_mandatory_column(tmp_path, db):
    ydir = write_year(tmp_path)
    write_csv(ydir / "episodes.csv", [h for h in EPISODES_HEADER if h != "LS"], [r[:3] + r[4:] for r in EPISODES])
    run = import_file(kind="ssda903", path=ydir)
    assert run.status == ImportRun.Status.REFUSED
    [p] = run.problems
    assert p["row"] is None and p["column"] == "ls" and "mandatory" in p["reason"]


# --- the return as the DfE defines it: tables by their columns, one return of several files -------------------

SW_HEADER = ["CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON"]
ALL_OTHER_TABLES = {
    "ad1.csv": ["CHILD", "DOB", "DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"],
    "oc3.csv": ["CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"],
    "placed_for_adoption.csv": ["CHILD", "DOB", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"],
    "previous_permanence.csv": ["CHILD", "DOB", "PREV_PERM", "LA_PERM", "DATE_PERM"],
    "reviews.csv": ["CHILD", "DOB", "REVIEW", "REVIEW_CODE"],
    "uasc.csv": ["CHILD", "SEX", "DOB", "DUC"],
    "sw_episodes.csv": SW_HEADER,
}


def test_folder_with_sw_episodes_imports_and_names_every_skipped_table(tmp_path, db):
    ydir = write_year(tmp_path)
    for name, header in ALL_OTHER_TABLES.items():
        write_csv(ydir / name, header, [["C001", "02/03/2010", *[""] * (len(header) - 2)]])
    run = import_file(kind="ssda903", path=ydir)
    assert run.status == ImportRun.Status.LOADED, run.problems
    assert Placement.objects.count() == 3
    skipped = {w["file"].split("/")[-1]: w["reason"] for w in run.warnings if w["rule"] == "table_not_stored"}
    assert set(skipped) == set(ALL_OTHER_TABLES)
    assert "SocialWorker table" in skipped["sw_episodes.csv"]
    assert "PlacedAdoption table" in skipped["placed_for_adoption.csv"]


def test_tables_are_identified_by_columns_not_file_names(tmp_path, db):
    ydir = tmp_path / "2026"
    write_csv(ydir / "episodes_of_header.csv", HEADER_HEADER, HEADER)  # a name that says episodes: it is the header
    write_csv(ydir / "missing.csv", EPISODES_HEADER, EPISODES)  # a name that says missing: it is the episodes
    run = import_file(kind="ssda903", path=ydir)
    assert run.status == ImportRun.Status.LOADED, run.problems
    assert Child.objects.count() == 2 and Placement.objects.count() == 3 and not SSDA903Missing.objects.exists()


def test_file_mixing_two_tables_is_refused(tmp_path, db):
    ydir = tmp_path / "2026"
    write_csv(ydir / "header.csv", [*HEADER_HEADER, "DECOM"], [[*r, ""] for r in HEADER])
    run = import_file(kind="ssda903", path=ydir)
    assert run.status == ImportRun.Status.REFUSED
    [p] = run.problems
    assert p["rule"] == "table_identified" and "Header and Episodes" in p["reason"]


def test_several_files_are_one_return_loaded_whole_or_not_at_all(tmp_path, db):
    bad = [list(r) for r in EPISODES]
    bad[1][EPISODES_HEADER.index("LS")] = "Z9"
    h = write_csv(tmp_path / "x" / "h.csv", HEADER_HEADER, HEADER)
    e = write_csv(tmp_path / "x" / "e.csv", EPISODES_HEADER, bad)
    run = import_file(kind="ssda903", path=[h, e], year=2026)
    assert run.status == ImportRun.Status.REFUSED
    assert not Child.objects.exists() and not Placement.objects.exists()  # the good header did not load alone
    assert run.file_name == "x/h.csv + e.csv" and run.options["files"] == ["h.csv", "e.csv"]
    write_csv(e, EPISODES_HEADER, EPISODES)
    run = import_file(kind="ssda903", path=[h, e], year=2026)
    assert run.status == ImportRun.Status.LOADED, run.problems
    assert run.options["created"] == {"child": 2, "placement": 3}
    assert import_file(kind="ssda903", path=[h, e], year=2026).status == ImportRun.Status.UNCHANGED


def test_rejects_of_a_multi_table_return_can_be_fixed_and_imported(tmp_path, db):
    header = [list(r) for r in HEADER] + [["C003", "7", "01/01/2012", "WBRI", "", "", ""]]  # SEX 7: no such code
    episodes = [list(r) for r in EPISODES] + [
        ["C003", "01/06/2025", "S", "C2", "N1", "U1", "PR1", "", "", "", "", "", "XXXXXXX"],
        ["C002", "01/07/2025", "S", "C2", "N1", "Q9", "PR1", "", "", "", "", "", "XXXXXXX"],  # PLACE Q9
    ]
    ydir = write_year(tmp_path, header=header, episodes=episodes)
    rejects = tmp_path / "out" / "rejects.csv"
    run = import_file(kind="ssda903", path=ydir, skip_invalid=True, rejects_out=rejects)
    assert run.status == ImportRun.Status.LOADED_WITH_REJECTIONS and run.rows_rejected == 3
    files = run.options["rejects_file"].split(", ")
    assert [f.rsplit("/", 1)[-1] for f in files] == ["rejects-episodes.csv", "rejects-header.csv"]
    fixed = []
    for f in files:
        text = Path(f).read_text(encoding="utf-8")
        text = text.replace("C003,7,", "C003,2,").replace(",Q9,", ",U1,")
        Path(f).write_text(text, encoding="utf-8")
        fixed.append(Path(f))
    again = import_file(kind="ssda903", path=fixed, year=2026)
    assert again.status == ImportRun.Status.LOADED, again.problems
    assert Child.objects.get(child_id="C003").sex == "F"
    assert Placement.objects.filter(child__child_id__in=["C002", "C003"]).count() == 3


def test_rejected_header_row_gives_the_childs_other_rows_its_reason(tmp_path, db):
    header = [list(HEADER[0]), ["C002", "9", "15/07/2011", "BCRB", "", "", ""]]
    run = import_file(kind="ssda903", path=write_year(tmp_path, header=header), skip_invalid=True)
    on_episode = [p for p in run.problems if p["file"].endswith("episodes.csv")]
    assert [p["rule"] for p in on_episode] == ["child_header_rejected"]
    assert "header.csv row 2" in on_episode[0]["reason"] and "SEX" in on_episode[0]["reason"]
    assert not any(p["rule"] == "child_known" for p in run.problems)


def test_bad_mother_is_a_warning_and_the_child_loads(tmp_path, db):
    header = [list(r) for r in HEADER]
    header[0][HEADER_HEADER.index("MOTHER")] = "1.0"
    header[0][HEADER_HEADER.index("MC_DOB")] = "sometime"
    run = import_file(kind="ssda903", path=write_year(tmp_path, header=header))
    assert run.status == ImportRun.Status.LOADED, run.problems
    assert {w["column"] for w in run.warnings if w["rule"] == "field_format"} == {"MOTHER", "MC_DOB"}
    assert Placement.objects.filter(child__child_id="C001").count() == 2


@pytest.mark.parametrize("raw, stored", [("ng71aa", "NG7 1AA"), (" NG7   1AA ", "NG7 1AA"), ("ng7  1", "NG7 1"),
                                         ("", "")])
def test_postcode_903_normalised(tmp_path, db, raw, stored):
    episodes = [list(r) for r in EPISODES]
    episodes[2][EPISODES_HEADER.index("HOME_POST")] = raw
    episodes[2][EPISODES_HEADER.index("PL_POST")] = raw
    assert import_file(kind="ssda903", path=write_year(tmp_path, episodes=episodes)).status == ImportRun.Status.LOADED
    p = Placement.objects.get(child__child_id="C002")
    assert (p.home_post, p.pl_post) == (stored, stored)


def test_rejected_open_episode_warns_the_child_would_look_as_if_they_left_care(tmp_path, db):
    episodes = [list(r) for r in EPISODES]
    episodes[1][EPISODES_HEADER.index("CIN")] = "N99"  # C001's open episode
    episodes[0][EPISODES_HEADER.index("RNE")] = "Q"  # a closed episode: no such warning
    run = import_file(kind="ssda903", path=write_year(tmp_path, episodes=episodes), skip_invalid=True)
    warned = [w for w in run.warnings if w["rule"] == "open_episode_rejected"]
    assert [(w["row"], w["value"]) for w in warned] == [(2, "C001")]
    assert "left care" in warned[0]["reason"]


# --- DfE rules on CONVICTED (542: blank under 10; 190: only for children looked after for 12 months) ----------

def _convicted_return(tmp_path, *, dob, decom, convicted, rne="S", year=2026):
    header = [["C010", "1", dob, "WBRI", "", "", ""]]
    episodes = [["C010", decom, rne, "C2", "N1", "U1", "PR1", "", "", "", "", "", "XXXXXXX"]]
    oc2 = [["C010", dob, "", "", convicted, "", "1", "1", "1", "0", "", ""]]
    return write_year(tmp_path, year, header=header, episodes=episodes, missing=[], oc2=oc2)


@pytest.mark.parametrize("dob, decom, convicted, rule", [
    ("01/04/2016", "01/01/2020", "1", "dfe_542_convicted_blank_under_10"),  # 9 at 31 March 2026
    ("01/04/2016", "01/01/2020", "0", "dfe_542_convicted_blank_under_10"),  # 0 is not blank either
    ("01/01/2012", "01/06/2025", "1", "dfe_190_convicted_only_looked_after_12_months"),  # entered care in the year
    ("01/01/2012", "01/01/2020", "1", None),  # 14, in care 6 years: CONVICTED is right
    ("31/03/2016", "01/01/2020", "1", None),  # 10 on 31 March 2026
    ("01/04/2016", "01/01/2020", "", None),  # blank under 10
])
def test_convicted_rules(tmp_path, db, dob, decom, convicted, rule):
    run = import_file(kind="ssda903", path=_convicted_return(tmp_path, dob=dob, decom=decom, convicted=convicted))
    if rule is None:
        assert run.status == ImportRun.Status.LOADED, run.problems
    else:
        assert run.status == ImportRun.Status.REFUSED
        assert [(p["file"].split("/")[-1], p["column"], p["rule"]) for p in run.problems] == [
            ("oc2.csv", "CONVICTED", rule)]


def test_convicted_of_an_oc2_only_return_is_checked_against_the_register(tmp_path, db):
    import_file(kind="ssda903", path=_convicted_return(tmp_path / "a", dob="01/01/2012", decom="01/06/2025",
                                                       convicted=""))
    oc2 = write_csv(tmp_path / "b" / "oc2.csv", OC2_HEADER,
                    [["C010", "01/01/2012", "", "", "1", "", "1", "1", "1", "0", "", ""]])
    run = import_file(kind="ssda903", path=oc2, year=2026)
    assert [p["rule"] for p in run.problems] == ["dfe_190_convicted_only_looked_after_12_months"]
