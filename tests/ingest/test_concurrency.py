"""Two imports of the same file at the same moment (docs/importing.md): they run one after the other, the second
finds the file loaded by the first, and nothing is loaded twice. Real threads, real database connections."""

import threading

import pytest
from django.db import connection

from divert.ingest import actions
from divert.ingest.actions import import_file
from divert.ingest.models import ImportRun

from .conftest import INCIDENTS, INCIDENTS_HEADER, counts, write_csv


@pytest.mark.django_db(transaction=True)
def test_the_same_file_imported_twice_at_once_loads_once(tmp_path, monkeypatch):
    if connection.vendor == "sqlite" and "memory" in str(connection.settings_dict["NAME"]):
        pytest.skip("SQLite's shared in-memory test database cannot hold two writers; PostgreSQL (CI) runs this")
    path = write_csv(tmp_path / "incidents.csv", INCIDENTS_HEADER, INCIDENTS)
    # Both imports must pass the first "loaded before?" check before either commits: hold each at the start of its
    # load until both have checked.
    both_checked = threading.Barrier(2, timeout=20)
    checks = {"n": 0}
    original = actions._loaded_before

    def loaded_before(kind, file_hash, options):
        result = original(kind, file_hash, options)
        checks["n"] += 1
        if checks["n"] <= 2:
            both_checked.wait()
        return result

    monkeypatch.setattr(actions, "_loaded_before", loaded_before)
    runs, errors = [], []

    def work():
        try:
            runs.append(import_file(kind="incidents", path=path, after_import=False))
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    assert sorted(r.status for r in runs) == sorted([ImportRun.Status.LOADED, ImportRun.Status.UNCHANGED])
    assert ImportRun.objects.filter(status=ImportRun.Status.LOADED).count() == 1
    assert counts()["Incident"] == len({row[0] for row in INCIDENTS})
