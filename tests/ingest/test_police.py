"""Police importers: people in incidents, soft dates of birth, the after-import hook."""

from divert.ingest.actions import import_file
from divert.ingest.models import ImportRun
from divert.police.models import CustodyRecord, Incident, Involvement

from .conftest import CUSTODY, CUSTODY_HEADER, INCIDENTS, INCIDENTS_HEADER, write_csv


def test_incident_without_people_and_with_two(tmp_path, db):
    run = import_file(kind="incidents", path=write_csv(tmp_path / "i.csv", INCIDENTS_HEADER, INCIDENTS))
    assert run.status == ImportRun.Status.LOADED
    assert Incident.objects.get(reference="INC-2").involvements.count() == 0
    inc = Incident.objects.get(reference="INC-1")
    assert inc.crime_recorded and inc.reported_by == "home_staff" and inc.location_postcode == "NG7 1AA"
    assert inc.reported_at.isoformat() == "2025-10-01T21:15:00+00:00"  # BST read as local time
    assert inc.import_run == run and inc.source_row == 1


def test_person_without_role_is_a_problem(tmp_path, db):
    rows = [list(r) for r in INCIDENTS]
    rows[1][18] = ""
    run = import_file(kind="incidents", path=write_csv(tmp_path / "i.csv", INCIDENTS_HEADER, rows))
    assert run.status == ImportRun.Status.REFUSED
    assert (run.problems[0]["row"], run.problems[0]["rule"]) == (2, "mandatory_field")


def test_exact_duplicate_person_row_is_a_warning(tmp_path, db):
    rows = [*INCIDENTS, INCIDENTS[0]]
    run = import_file(kind="incidents", path=write_csv(tmp_path / "i.csv", INCIDENTS_HEADER, rows))
    assert run.status == ImportRun.Status.LOADED
    assert Involvement.objects.count() == 2
    assert any(w["rule"] == "duplicate_row" and w["row"] == 4 for w in run.warnings)


def test_a_mistyped_date_of_birth_never_drops_an_arrest(tmp_path, db):
    rows = [list(CUSTODY[0]), list(CUSTODY[0]), list(CUSTODY[0])]
    rows[1][0], rows[1][4] = "CU-2", "2099-01-01"  # in the future
    rows[2][0], rows[2][4] = "CU-3", "31/02/2010"  # not a date
    run = import_file(kind="custody", path=write_csv(tmp_path / "c.csv", CUSTODY_HEADER, rows))
    assert run.status == ImportRun.Status.LOADED
    assert CustodyRecord.objects.count() == 3
    assert CustodyRecord.objects.get(custody_reference="CU-2").date_of_birth.year == 2099
    assert CustodyRecord.objects.get(custody_reference="CU-3").date_of_birth is None
    rules = {(w["row"], w["rule"]) for w in run.warnings}
    assert {(2, "date_not_in_future"), (2, "born_before_event"), (3, "field_format")} <= rules


def test_arrest_in_the_future_is_refused(tmp_path, db):
    rows = [list(CUSTODY[0])]
    rows[0][1] = "2099-01-01T10:00"
    run = import_file(kind="custody", path=write_csv(tmp_path / "c.csv", CUSTODY_HEADER, rows))
    assert run.status == ImportRun.Status.REFUSED and run.problems[0]["rule"] == "date_not_in_future"


def test_after_import_runs_once_committed(tmp_path, db, monkeypatch, django_capture_on_commit_callbacks):
    from divert.ingest import hooks

    calls = []
    monkeypatch.setattr(hooks, "_after_import", [lambda *, kind, run=None: calls.append((kind, run.pk))])
    path = write_csv(tmp_path / "c.csv", CUSTODY_HEADER, CUSTODY)
    with django_capture_on_commit_callbacks(execute=True):
        run = import_file(kind="custody", path=path)
    assert calls == [("custody", run.pk)]
    with django_capture_on_commit_callbacks(execute=True):
        import_file(kind="custody", path=path)  # unchanged: nothing to hand on
    assert len(calls) == 1


def test_after_import_failure_does_not_undo_the_import(tmp_path, db, monkeypatch,
                                                       django_capture_on_commit_callbacks):
    from divert.ingest import hooks

    def broken(*, kind, run=None):
        raise RuntimeError("matcher down")

    monkeypatch.setattr(hooks, "_after_import", [broken])
    with django_capture_on_commit_callbacks(execute=True):
        run = import_file(kind="custody", path=write_csv(tmp_path / "c.csv", CUSTODY_HEADER, CUSTODY))
    assert run.status == ImportRun.Status.LOADED and CustodyRecord.objects.count() == 1
