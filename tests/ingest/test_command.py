"""The `import` management command (divert import ...)."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from divert.ingest.models import ImportRun
from divert.registers.models import Child, Home

from .conftest import (
    CHILDREN,
    CHILDREN_HEADER,
    EPISODES,
    EPISODES_HEADER,
    HEADER,
    HEADER_HEADER,
    HOMES,
    HOMES_HEADER,
    counts,
    write_csv,
)


def run(*args) -> str:
    out = io.StringIO()
    call_command("import", *map(str, args), stdout=out)
    return out.getvalue()


def test_dir_twice_leaves_counts_unchanged(city, db):
    out = run("dir", city)
    assert "loaded" in out
    first = counts()
    out = run("dir", city)
    assert "already imported" in out
    assert counts() == first


def test_refused_file_exits_non_zero_with_report(tmp_path, db):
    rows = [list(r) for r in CHILDREN]
    rows[1][4] = "15/13/2011"
    path = write_csv(tmp_path / "children.csv", CHILDREN_HEADER, rows)
    out = io.StringIO()
    with pytest.raises(CommandError) as exc:
        call_command("import", "children", str(path), stdout=out)
    assert exc.value.returncode == 1
    text = out.getvalue()
    assert "REFUSED" in text and "children.csv" in text and "date_of_birth" in text and "15/13/2011" in text
    assert not Child.objects.exists()


def test_skip_invalid_with_rejects_and_user(tmp_path, db, make_user):
    make_user("analyst", username="ana")
    rows = [list(r) for r in HOMES]
    rows[1][4] = "castle"
    path = write_csv(tmp_path / "homes.csv", HOMES_HEADER, rows)
    rejects = tmp_path / "rejects.csv"
    out = run("homes", path, "--skip-invalid", "--rejects", rejects, "--user", "ana")
    assert "bad rows skipped" in out and rejects.exists()
    assert Home.objects.count() == 1
    assert ImportRun.objects.get().imported_by.username == "ana"


def test_unknown_user(tmp_path, db):
    path = write_csv(tmp_path / "homes.csv", HOMES_HEADER, HOMES)
    with pytest.raises(CommandError, match="no user"):
        run("homes", path, "--user", "nobody")


def test_ssda903_parent_folder_imports_years_in_order(city, db):
    run("homes", city / "homes.csv")
    write_csv(city / "ssda903" / "2027" / "header.csv", ["CHILD", "SEX", "DOB"], [["C003", "1", "01/01/2012"]])
    out = run("ssda903", city / "ssda903")
    assert out.index("ssda903/2026") < out.index("ssda903/2027")
    assert list(ImportRun.objects.filter(kind="ssda903").order_by("pk").values_list("options__collection_year",
                                                                                    flat=True)) == [2026, 2027]


def test_ssda903_files_given_together_are_one_return(tmp_path, db):
    bad = [list(r) for r in EPISODES]
    bad[0][EPISODES_HEADER.index("CIN")] = "N99"
    e = write_csv(tmp_path / "sw" / "episodes.csv", EPISODES_HEADER, bad)
    h = write_csv(tmp_path / "sw" / "header.csv", HEADER_HEADER, HEADER)
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 of 1 import"):
        call_command("import", "ssda903", str(e), str(h), "--year", "2026", stdout=out)
    assert "REFUSED: nothing was loaded" in out.getvalue()
    assert ImportRun.objects.get().file_name == "sw/episodes.csv + header.csv"
    assert not Child.objects.exists()
    write_csv(e, EPISODES_HEADER, EPISODES)
    text = run("ssda903", e, h, "--year", "2026")
    assert "child 2 created, placement 3 created" in text


def test_skip_invalid_that_loads_nothing_exits_non_zero(tmp_path, db):
    rows = [[*r[:1], "9", *r[2:]] for r in HEADER]  # SEX 9 on every row
    h = write_csv(tmp_path / "x" / "header.csv", HEADER_HEADER, rows)
    out = io.StringIO()
    with pytest.raises(CommandError, match="loaded 0 rows") as exc:
        call_command("import", "ssda903", str(h), "--year", "2026", "--skip-invalid", stdout=out)
    assert exc.value.returncode == 1
    assert "NOTHING LOADED: every row was rejected" in out.getvalue() and "loaded, bad" not in out.getvalue()
    assert not Child.objects.exists()


@pytest.mark.parametrize("sub", ["ssda903", "children", "homes", "incidents", "custody", "missing", "dir"])
def test_help_for_every_subcommand(sub, capsys):
    with pytest.raises(SystemExit):
        call_command("import", sub, "--help")
    assert "--skip-invalid" in capsys.readouterr().out


def test_problems_give_the_spreadsheets_line_number(tmp_path, db):
    rows = [list(r) for r in CHILDREN]
    rows[1][4] = "15/13/2011"  # the second data row: line 3 of the spreadsheet (the header is line 1)
    path = write_csv(tmp_path / "children.csv", CHILDREN_HEADER, rows)
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import", "children", str(path), stdout=out)
    table = [line for line in out.getvalue().splitlines() if "15/13/2011" in line]
    assert table and table[0].split("│")[2].strip() == "3", out.getvalue()
    assert "Line" in out.getvalue()


def test_a_police_file_without_its_mapping_gets_a_hint(tmp_path, db):
    path = write_csv(tmp_path / "custody.csv", ["Custody Ref", "Arrest Date/Time", "Forename", "Surname", "DOB"],
                     [["CU1", "24/11/2026 21:00", "Amy", "Archer", "01/05/2010"]])
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import", "custody", str(path), stdout=out)
    assert "without its mapping" in " ".join(out.getvalue().split()) and "--mapping" in out.getvalue()


def test_a_police_file_uses_the_configured_mapping_when_none_is_given(tmp_path, db, settings):
    # The refusal's hint says "--mapping FILE.toml (or set DIVERT_POLICE_MAPPING)": the setting must work here too.
    mapping = tmp_path / "force.toml"
    mapping.write_text('[formats]\ndatetime = "%d/%m/%Y %H:%M"\ndate = "%d/%m/%Y"\n\n[custody.columns]\n'
                       '"Custody Ref" = "custody_reference"\n"Arrest Date/Time" = "arrested_at"\n'
                       '"Forename" = "first_name"\n"Surname" = "last_name"\n"DOB" = "date_of_birth"\n')
    path = write_csv(tmp_path / "custody.csv", ["Custody Ref", "Arrest Date/Time", "Forename", "Surname", "DOB"],
                     [["CU1", "24/11/2026 21:00", "Amy", "Archer", "01/05/2010"]])
    with pytest.raises(CommandError):
        run("custody", path)  # no mapping anywhere: refused
    settings.DIVERT = {**settings.DIVERT, "POLICE_MAPPING": str(mapping)}
    run("custody", path)
    assert ImportRun.objects.filter(kind=ImportRun.Kind.CUSTODY, status=ImportRun.Status.LOADED).count() == 1
