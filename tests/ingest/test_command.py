"""The `import` management command (divert import ...)."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from divert.ingest.models import ImportRun
from divert.registers.models import Child, Home

from .conftest import CHILDREN, CHILDREN_HEADER, HOMES, HOMES_HEADER, counts, write_csv


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


@pytest.mark.parametrize("sub", ["ssda903", "children", "homes", "incidents", "custody", "missing", "dir"])
def test_help_for_every_subcommand(sub, capsys):
    with pytest.raises(SystemExit):
        call_command("import", sub, "--help")
    assert "--skip-invalid" in capsys.readouterr().out
