"""import_file and import_directory: round trips, all-or-nothing, skip-invalid, idempotency, updates, crashes."""

import csv
import hashlib

import pytest

from divert.core.models import AuditEvent
from divert.ingest.actions import ImportFailed, import_directory, import_file
from divert.ingest.models import ImportRun
from divert.police.models import CustodyRecord, Incident, Involvement, LinkStatus, MissingReport
from divert.registers.models import Child, ChildAlias, Home, OC2Record, Placement, Provider, SSDA903Missing

from .conftest import (
    CHILDREN,
    CHILDREN_HEADER,
    CUSTODY,
    CUSTODY_HEADER,
    EPISODES,
    EPISODES_HEADER,
    HOMES,
    HOMES_HEADER,
    INCIDENTS,
    INCIDENTS_HEADER,
    POLICE_MISSING,
    POLICE_MISSING_HEADER,
    counts,
    csv_bytes,
    snapshot,
    write_csv,
)


def test_directory_round_trip_and_reimport_changes_nothing(city, db, make_user):
    user = make_user("analyst")
    runs = import_directory(path=city, user=user)
    assert [r.kind for r in runs] == ["homes", "children", "ssda903", "incidents", "custody", "missing"]
    assert all(r.status == ImportRun.Status.LOADED for r in runs), [r.problems for r in runs]
    first = counts()
    assert first == {"Provider": 2, "Home": 2, "Child": 2, "ChildAlias": 2, "Placement": 3, "SSDA903Missing": 1,
                     "OC2Record": 1, "Incident": 2, "Involvement": 2, "CustodyRecord": 1, "MissingReport": 1}
    before = snapshot()
    again = import_directory(path=city, user=user)
    assert all(r.status == ImportRun.Status.UNCHANGED for r in again)
    assert snapshot() == before
    assert ImportRun.objects.count() == 12
    assert AuditEvent.objects.filter(action__startswith="ingest.import").count() == 12


def test_traceability_on_every_row(city, db):
    import_directory(path=city)
    for model in (Provider, Home, Child, ChildAlias, Placement, SSDA903Missing, OC2Record, Incident, CustodyRecord,
                  MissingReport):
        for obj in model.objects.all():
            assert obj.import_run_id and obj.source_file and obj.source_row, model
    assert Placement.objects.get(child__child_id="C002").source_file == "2026/episodes.csv"
    assert sorted(Involvement.objects.values_list("source_row", flat=True)) == [1, 2]


def test_placements_resolve_homes_by_urn(city, db):
    import_directory(path=city)
    c1 = Placement.objects.filter(child__child_id="C001").order_by("decom")
    assert [p.home.urn for p in c1] == ["SC100001", "SC100002"]
    assert Placement.objects.get(child__child_id="C002").home is None


def test_ledger_records_hash_user_and_counts(tmp_path, db, make_user):
    user = make_user("administrator")
    path = write_csv(tmp_path / "homes.csv", HOMES_HEADER, HOMES)
    run = import_file(kind="homes", path=path, user=user)
    assert run.file_hash == hashlib.sha256(path.read_bytes()).hexdigest()
    assert (run.imported_by, run.rows_read, run.rows_loaded, run.rows_rejected) == (user, 2, 2, 0)
    assert run.rows_created == 4  # two providers, two homes
    event = AuditEvent.objects.get(object_id=str(run.pk))
    assert event.actor == user and event.detail["sha256"] == run.file_hash


def test_bad_row_refuses_whole_file_and_names_it(tmp_path, db):
    rows = [list(r) for r in HOMES] + [list(HOMES[0])]
    rows[2][0], rows[2][4], rows[2][10] = "SC9", "castle", ""
    path = write_csv(tmp_path / "homes.csv", HOMES_HEADER, rows)
    run = import_file(kind="homes", path=path)
    assert run.status == ImportRun.Status.REFUSED
    assert not Home.objects.exists() and not Provider.objects.exists()
    found = {(p["row"], p["column"], p["reason"].split(" (")[0]) for p in run.problems}
    assert (3, "setting_type", "unknown setting type code") in found
    assert (3, "postcode", "missing mandatory field") in found
    assert run.rows_rejected == 1 and run.rows_loaded == 0
    assert all(p["file"] == "homes.csv" for p in run.problems)
    assert AuditEvent.objects.filter(action="ingest.import.refused", object_id=str(run.pk)).exists()


def test_skip_invalid_loads_good_rows_and_writes_rejects(tmp_path, db):
    rows = [list(r) for r in CHILDREN] + [["C003", "Amy", "Cole", "", "31/02/2012", "F", "", "", ""],
                                          ["C004", "Ben", "Dale", "", "01/01/2099", "X", "", "", ""]]
    path = write_csv(tmp_path / "children.csv", CHILDREN_HEADER, rows)
    rejects = tmp_path / "out" / "rejects.csv"
    run = import_file(kind="children", path=path, skip_invalid=True, rejects_out=rejects)
    assert run.status == ImportRun.Status.LOADED_WITH_REJECTIONS
    assert (run.rows_read, run.rows_loaded, run.rows_rejected) == (4, 2, 2)
    assert sorted(Child.objects.values_list("child_id", flat=True)) == ["C001", "C002"]
    with rejects.open(encoding="utf-8") as fh:
        written = list(csv.DictReader(fh))
    assert [r["child_id"] for r in written] == ["C003", "C004"]
    assert "date_of_birth: is not a date" in written[0]["rejected_reasons"]
    assert "in the future" in written[1]["rejected_reasons"] and "sex" in written[1]["rejected_reasons"]
    assert written[0]["rejected_row"] == "3"


def test_rejects_file_can_be_fixed_and_imported(tmp_path, db):
    rows = [["C009", "Amy", "Cole", "", "31/02/2012", "F", "", "", ""]]
    path = write_csv(tmp_path / "children.csv", CHILDREN_HEADER, rows)
    rejects = tmp_path / "rejects.csv"
    import_file(kind="children", path=path, rejects_out=rejects)
    text = rejects.read_text(encoding="utf-8").replace("31/02/2012", "28/02/2012")
    rejects.write_text(text, encoding="utf-8")
    run = import_file(kind="children", path=rejects)
    assert run.status == ImportRun.Status.LOADED
    assert Child.objects.get(child_id="C009").date_of_birth.day == 28


def test_same_file_twice_is_unchanged(tmp_path, db):
    path = write_csv(tmp_path / "incidents.csv", INCIDENTS_HEADER, INCIDENTS)
    first = import_file(kind="incidents", path=path)
    before = snapshot()
    second = import_file(kind="incidents", path=path)
    assert second.status == ImportRun.Status.UNCHANGED and second.pk != first.pk
    assert second.file_hash == first.file_hash
    assert snapshot() == before


def test_refused_file_can_be_imported_after_it_is_fixed(tmp_path, db):
    bad = [list(INCIDENTS[0])]
    bad[0][1] = "yesterday"
    path = write_csv(tmp_path / "incidents.csv", INCIDENTS_HEADER, bad)
    assert import_file(kind="incidents", path=path).status == ImportRun.Status.REFUSED
    assert import_file(kind="incidents", path=path).status == ImportRun.Status.REFUSED  # refusals are not "loaded"
    write_csv(path, INCIDENTS_HEADER, INCIDENTS)
    assert import_file(kind="incidents", path=path).status == ImportRun.Status.LOADED


def test_newer_homes_extract_updates_by_urn(tmp_path, db):
    path = write_csv(tmp_path / "homes.csv", HOMES_HEADER, HOMES)
    import_file(kind="homes", path=path)
    newer = [list(r) for r in HOMES]
    newer[1][1] = "Elm Lodge (renamed)"
    newer[1][15] = "31/10/2025"
    run = import_file(kind="homes", path=write_csv(tmp_path / "homes2.csv", HOMES_HEADER, newer))
    assert (run.status, run.rows_created, run.rows_updated) == (ImportRun.Status.LOADED, 0, 1)
    home = Home.objects.get(urn="SC100002")
    assert home.name == "Elm Lodge (renamed)" and home.closed_on.month == 10
    assert home.import_run == run and home.source_file == "homes2.csv"
    assert Home.objects.get(urn="SC100001").import_run != run  # unchanged rows keep their source


def test_newer_children_extract_updates_names_and_aliases(tmp_path, db):
    import_file(kind="children", path=write_csv(tmp_path / "c1.csv", CHILDREN_HEADER, CHILDREN))
    newer = [list(r) for r in CHILDREN]
    newer[0][3] = "Zoe Smith;Zee Adams"
    newer[1][2] = "Browne"
    run = import_file(kind="children", path=write_csv(tmp_path / "c2.csv", CHILDREN_HEADER, newer))
    assert run.status == ImportRun.Status.LOADED
    assert Child.objects.get(child_id="C002").last_name == "Browne"
    aliases = sorted(ChildAlias.objects.filter(child__child_id="C001").values_list("first_name", "last_name"))
    assert aliases == [("Zee", "Adams"), ("Zoe", "Smith")]


def _linked_incident():
    inc = Incident.objects.get(reference="INC-1")
    home = Home.objects.first()
    Incident.objects.filter(pk=inc.pk).update(home=home, home_match_status=LinkStatus.LINKED)
    child = Child.objects.get(child_id="C001")
    Involvement.objects.filter(incident=inc).update(child=child, link_status=LinkStatus.LINKED)
    return home, child


def test_update_keeps_links_when_matching_fields_unchanged(city, db):
    import_directory(path=city)
    home, child = _linked_incident()
    rows = [list(r) for r in INCIDENTS]
    rows[0][9] = rows[1][9] = "Theft"  # closing category: not used by matching
    run = import_file(kind="incidents", path=write_csv(city / "inc2.csv", INCIDENTS_HEADER, rows))
    assert run.rows_updated == 1
    inc = Incident.objects.get(reference="INC-1")
    assert (inc.closing_category, inc.home, inc.home_match_status) == ("Theft", home, LinkStatus.LINKED)
    assert set(Involvement.objects.filter(incident=inc).values_list("link_status", flat=True)) == {"linked"}


def test_update_resets_link_status_when_location_changes(city, db):
    import_directory(path=city)
    _linked_incident()
    rows = [list(r) for r in INCIDENTS]
    rows[0][4] = rows[1][4] = "NG7 1AB"
    import_file(kind="incidents", path=write_csv(city / "inc2.csv", INCIDENTS_HEADER, rows))
    inc = Incident.objects.get(reference="INC-1")
    assert inc.home_match_status == LinkStatus.UNMATCHED


def test_incident_people_follow_the_newer_extract(city, db):
    import_directory(path=city)
    _linked_incident()
    rows = [list(r) for r in INCIDENTS]
    rows[1][14:19] = ["Kim", "Lee", "2009-01-01", "F", "witness"]
    rows[0][17] = "U"  # the suspect's sex changed: matched again
    import_file(kind="incidents", path=write_csv(city / "inc2.csv", INCIDENTS_HEADER, rows))
    people = {(i.first_name, i.role): i for i in Involvement.objects.filter(incident__reference="INC-1")}
    assert set(people) == {("Zoe", "suspect"), ("Kim", "witness")}
    assert people[("Zoe", "suspect")].link_status == LinkStatus.UNMATCHED


def test_custody_and_missing_updates_reset_links_only_for_matching_fields(tmp_path, db):
    import_file(kind="custody", path=write_csv(tmp_path / "cu.csv", CUSTODY_HEADER, CUSTODY))
    import_file(kind="missing", path=write_csv(tmp_path / "mi.csv", POLICE_MISSING_HEADER, POLICE_MISSING))
    CustodyRecord.objects.update(link_status=LinkStatus.LINKED)
    MissingReport.objects.update(link_status=LinkStatus.LINKED)
    cu = [list(CUSTODY[0])]
    cu[0][8] = "Theft"
    import_file(kind="custody", path=write_csv(tmp_path / "cu2.csv", CUSTODY_HEADER, cu))
    assert CustodyRecord.objects.get().link_status == LinkStatus.LINKED
    cu[0][3] = "Adams-Smith"
    import_file(kind="custody", path=write_csv(tmp_path / "cu3.csv", CUSTODY_HEADER, cu))
    assert CustodyRecord.objects.get().link_status == LinkStatus.UNMATCHED
    mi = [list(POLICE_MISSING[0])]
    mi[0][8] = "2 Elm Street"
    import_file(kind="missing", path=write_csv(tmp_path / "mi2.csv", POLICE_MISSING_HEADER, mi))
    assert MissingReport.objects.get().link_status == LinkStatus.UNMATCHED


def test_duplicate_reference_with_different_content(tmp_path, db):
    rows = [list(r) for r in INCIDENTS]
    rows[1][12] = "A different story"
    run = import_file(kind="incidents", path=write_csv(tmp_path / "i.csv", INCIDENTS_HEADER, rows))
    assert run.status == ImportRun.Status.REFUSED
    [p] = run.problems
    assert (p["row"], p["column"]) == (2, "narrative") and "duplicate reference with different content" in p["reason"]


def test_skip_invalid_rejects_a_whole_incident(tmp_path, db):
    rows = [list(r) for r in INCIDENTS]
    rows[1][18] = "bystander"
    rejects = tmp_path / "rejects.csv"
    run = import_file(kind="incidents", path=write_csv(tmp_path / "i.csv", INCIDENTS_HEADER, rows),
                      skip_invalid=True, rejects_out=rejects)
    assert (run.rows_loaded, run.rows_rejected) == (1, 2)
    assert list(Incident.objects.values_list("reference", flat=True)) == ["INC-2"]
    written = list(csv.DictReader(rejects.open(encoding="utf-8")))
    assert [w["rejected_row"] for w in written] == ["1", "2"]
    assert "rest of its record" in written[0]["rejected_reasons"]


def test_crash_mid_import_leaves_database_as_it_was(city, db, monkeypatch):
    import_directory(path=city)
    before = snapshot()
    from divert.ingest.importers import police

    real = police._sync_involvements

    def boom(*args, **kwargs):
        real(*args, **kwargs)
        raise RuntimeError("disk full")

    monkeypatch.setattr(police, "_sync_involvements", boom)
    rows = [list(r) for r in INCIDENTS] + [["INC-3", "2025-10-05T10:00"] + [""] * 17]
    with pytest.raises(ImportFailed) as exc:
        import_file(kind="incidents", path=write_csv(city / "inc2.csv", INCIDENTS_HEADER, rows))
    assert snapshot() == before
    failed = exc.value.run
    assert failed.status == ImportRun.Status.FAILED and "RuntimeError" in failed.problems[0]["reason"]


def test_missing_file_and_unknown_kind(tmp_path, db):
    run = import_file(kind="homes", path=tmp_path / "nope.csv")
    assert run.status == ImportRun.Status.REFUSED and "does not exist" in run.problems[0]["reason"]
    with pytest.raises(ValueError):
        import_file(kind="pets", path=tmp_path / "nope.csv")


def test_episodes_without_the_child_are_refused(tmp_path, db):
    path = write_csv(tmp_path / "2026" / "episodes.csv", EPISODES_HEADER, EPISODES)
    run = import_file(kind="ssda903", path=path)
    assert run.status == ImportRun.Status.REFUSED
    assert {p["rule"] for p in run.problems} == {"child_known"}
    assert not Placement.objects.exists()


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_children_in_every_encoding(tmp_path, db, encoding):
    path = write_csv(tmp_path / "children.csv", CHILDREN_HEADER, CHILDREN, encoding=encoding)
    assert import_file(kind="children", path=path).status == ImportRun.Status.LOADED
    assert Child.objects.get(child_id="C001").first_name == "Zoë"


def test_xlsx_homes_round_trip(tmp_path, db):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append([h.upper() for h in HOMES_HEADER])  # headers are matched without regard to case
    for row in HOMES:
        ws.append([int(v) if v.isdigit() else v for v in row])
    path = tmp_path / "homes.xlsx"
    wb.save(path)
    run = import_file(kind="homes", path=path)
    assert run.status == ImportRun.Status.LOADED, run.problems
    home = Home.objects.get(urn="SC100001")
    assert (home.registered_places, home.uprn, home.easting, home.opened_on.year) == (4, "100030001", 456000, 2015)
    assert import_file(kind="homes", path=path).status == ImportRun.Status.UNCHANGED


def test_rejects_file_neutralises_formulas(tmp_path, db):
    rows = [["C010", "=cmd|' /C calc'!A0", "Cole", "", "31/02/2012", "F", "", "", ""]]
    path = write_csv(tmp_path / "children.csv", CHILDREN_HEADER, rows)
    rejects = tmp_path / "rejects.csv"
    import_file(kind="children", path=path, rejects_out=rejects)
    with rejects.open(encoding="utf-8") as fh:
        written = list(csv.DictReader(fh))
    assert written[0]["first_name"] == "'=cmd|' /C calc'!A0"


def test_row_with_fewer_values_than_the_header_is_refused_with_its_own_reason(tmp_path, db):
    """A transfer cut off mid-line: the last row stops after the town, so opened_on and the rest are missing."""
    lines = [",".join(HOMES_HEADER), *[",".join(r) for r in HOMES]]
    lines[-1] = ",".join(HOMES[-1][:10])
    path = tmp_path / "homes.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    run = import_file(kind="homes", path=path)
    assert run.status == ImportRun.Status.REFUSED and not Home.objects.exists()
    shape = [p for p in run.problems if p["reason"].startswith("the row has fewer values")]
    assert len(shape) == 1 and shape[0]["row"] == len(HOMES) and shape[0]["column"] == HOMES_HEADER[10]


KILLED_IMPORT = """
import os, sys, time
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from divert.ingest import actions
from divert.ingest.importers import police
real = police._sync_involvements
def held(*args, **kwargs):  # the incidents are written inside the load transaction; stop here until killed
    real(*args, **kwargs)
    print("LOADING", flush=True)
    time.sleep(120)
police._sync_involvements = held
actions.import_file(kind="incidents", path=sys.argv[1], after_import=False)
"""


@pytest.mark.slow
def test_a_killed_import_leaves_a_started_row_and_no_data(tmp_path):
    """A real `kill -9` of the process while it loads: the ledger keeps the attempt as started and never finished,
    and nothing it wrote before the kill is in the database."""
    import os
    import signal
    import sqlite3
    import subprocess
    import sys

    db_file = tmp_path / "killed.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db_file}", "DJANGO_SETTINGS_MODULE": "divert.settings.base",
           "DIVERT_VAR_DIR": str(tmp_path)}
    csv_path = write_csv(tmp_path / "incidents.csv", INCIDENTS_HEADER, INCIDENTS)
    proc = subprocess.Popen([sys.executable, "-c", KILLED_IMPORT, str(csv_path)], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline() if proc.stdout else ""
        assert line.strip() == "LOADING", proc.stderr.read() if proc.stderr else ""
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(30)
    finally:
        if proc.poll() is None:
            proc.kill()
    with sqlite3.connect(db_file) as con:
        runs = con.execute("SELECT kind, status, finished_at FROM ingest_importrun").fetchall()
        incidents = con.execute("SELECT COUNT(*) FROM incidents_incident").fetchone()[0]
    assert runs == [("incidents", "started", None)]
    assert incidents == 0


# --- bad input, each with its own reason: file, row, column --------------------------------------------------

def _only_problem(run):
    assert run.status == ImportRun.Status.REFUSED, run.problems
    assert len(run.problems) == 1, run.problems
    return run.problems[0]


def test_a_home_opening_years_ahead_is_refused(tmp_path, db, settings):
    import datetime as dt

    from django.utils import timezone

    ahead = (timezone.localdate() + dt.timedelta(days=3 * 365)).strftime("%d/%m/%Y")
    soon = (timezone.localdate() + dt.timedelta(days=60)).strftime("%d/%m/%Y")
    rows = [list(r) for r in HOMES]
    rows[0][HOMES_HEADER.index("opened_on")] = ahead
    rows[1][HOMES_HEADER.index("opened_on")] = soon  # a home about to open is fine
    p = _only_problem(import_file(kind="homes", path=write_csv(tmp_path / "homes.csv", HOMES_HEADER, rows)))
    assert (p["file"], p["row"], p["column"], p["value"], p["rule"]) == (
        "homes.csv", 1, "opened_on", ahead, "date_within_future_horizon")
    assert "more than 365 days after today" in p["reason"]
    assert not Home.objects.exists()
    settings.DIVERT = {**settings.DIVERT, "IMPORT_FUTURE_DAYS": 30}  # the horizon is a setting
    rows[0][HOMES_HEADER.index("opened_on")] = "01/04/2015"
    p = _only_problem(import_file(kind="homes", path=write_csv(tmp_path / "homes2.csv", HOMES_HEADER, rows)))
    assert (p["row"], p["column"]) == (2, "opened_on") and "more than 30 days" in p["reason"]


def test_an_incident_next_year_is_refused(tmp_path, db):
    from django.utils import timezone

    next_year = f"{timezone.localdate().year + 1}-06-01T10:00"
    rows = [list(r) for r in INCIDENTS]
    rows[2][INCIDENTS_HEADER.index("reported_at")] = next_year
    p = _only_problem(import_file(kind="incidents", path=write_csv(tmp_path / "inc.csv", INCIDENTS_HEADER, rows)))
    assert (p["file"], p["row"], p["column"], p["rule"]) == ("inc.csv", 3, "reported_at", "date_not_in_future")
    assert p["reason"] == "the date is in the future"


def test_an_unclosed_quote_is_refused_with_its_row_and_column(tmp_path, db):
    text = csv_bytes(CHILDREN_HEADER, CHILDREN).decode()
    lines = text.split("\r\n")
    lines[1] = lines[1].replace("Adams", '"Adams', 1)  # opens a quote in last_name of row 1, never closed
    path = tmp_path / "children.csv"
    path.write_text("\r\n".join(lines), encoding="utf-8")
    p = _only_problem(import_file(kind="children", path=path))
    assert (p["file"], p["row"], p["column"], p["rule"]) == ("children.csv", 1, "last_name", "readable")
    assert "quote" in p["reason"] and "never closed" in p["reason"]
    assert "mandatory" not in p["reason"]
    assert not Child.objects.exists()


def test_a_quoted_value_with_line_breaks_is_not_an_unclosed_quote(tmp_path, db):
    rows = [list(r) for r in CHILDREN]
    rows[1][CHILDREN_HEADER.index("social_worker_name")] = "Sam\nWorker"  # quoted by the writer, closed
    run = import_file(kind="children", path=write_csv(tmp_path / "children.csv", CHILDREN_HEADER, rows))
    assert run.status == ImportRun.Status.LOADED, run.problems


def _xlsx(path, header, rows):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def test_a_formula_cell_is_refused_with_its_own_reason(tmp_path, db):
    rows = [list(r) for r in CHILDREN]
    rows[1][CHILDREN_HEADER.index("first_name")] = '=CONCATENATE("Li","am")'  # a formula with no saved value
    run = import_file(kind="children", path=_xlsx(tmp_path / "children.xlsx", CHILDREN_HEADER, rows))
    p = _only_problem(run)
    assert (p["file"], p["row"], p["column"], p["rule"]) == ("children.xlsx", 2, "first_name", "formula_cell")
    assert "formula" in p["reason"] and "mandatory" not in p["reason"]
    assert p["value"].startswith("=CONCATENATE")


def test_a_macro_enabled_workbook_is_refused(tmp_path, db):
    import zipfile

    path = _xlsx(tmp_path / "children.xlsm", CHILDREN_HEADER, CHILDREN)
    with zipfile.ZipFile(path, "a") as z:
        z.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 not really a VBA project")
    p = _only_problem(import_file(kind="children", path=path))
    assert (p["file"], p["row"], p["rule"]) == ("children.xlsm", None, "readable")
    assert "macros" in p["reason"] and ".xlsx" in p["reason"]
    assert not Child.objects.exists()
