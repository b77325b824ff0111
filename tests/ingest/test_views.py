"""The upload page, the ledger and a run's report (analysts and administrators only)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from divert.ingest.models import ImportRun
from divert.registers.models import Home, Placement

from .conftest import EPISODES, EPISODES_HEADER, HEADER, HEADER_HEADER, HOMES, HOMES_HEADER, csv_bytes


@pytest.fixture
def analyst_client(client, make_user):
    client.force_login(make_user("analyst"))
    return client


@pytest.mark.parametrize("role", ["cicpo", "social_worker", "provider_manager", "prosecutor"])
def test_other_roles_get_403(client, make_user, role):
    client.force_login(make_user(role))
    for name, args in (("ingest:upload", []), ("ingest:list", []), ("ingest:detail", [1])):
        assert client.get(reverse(name, args=args)).status_code == 403


def test_signed_out_users_are_sent_to_sign_in(client, db):
    assert client.get(reverse("ingest:upload")).status_code == 302


def test_upload_page_and_good_file(analyst_client):
    page = analyst_client.get(reverse("ingest:upload"))
    assert b"govuk-file-upload" in page.content
    upload = SimpleUploadedFile("homes.csv", csv_bytes(HOMES_HEADER, HOMES), content_type="text/csv")
    response = analyst_client.post(reverse("ingest:upload"), {"kind": "homes", "file": upload})
    run = ImportRun.objects.get()
    assert response.status_code == 302 and response.url == reverse("ingest:detail", args=[run.pk])
    assert run.file_name == "homes.csv" and run.status == "loaded" and Home.objects.count() == 2
    detail = analyst_client.get(response.url)
    assert b"The file was loaded" in detail.content
    ledger = analyst_client.get(reverse("ingest:list"))
    assert b"homes.csv" in ledger.content


def test_refused_upload_shows_each_problem(analyst_client):
    rows = [list(r) for r in HOMES]
    rows[1][4] = "castle"
    upload = SimpleUploadedFile("homes.csv", csv_bytes(HOMES_HEADER, rows))
    response = analyst_client.post(reverse("ingest:upload"), {"kind": "homes", "file": upload}, follow=True)
    assert b"nothing was loaded" in response.content and b"govuk-error-summary" in response.content
    assert b"castle" in response.content and b"setting_type" in response.content
    assert not Home.objects.exists()
    run = ImportRun.objects.get()
    csv_report = analyst_client.get(reverse("ingest:problems_csv", args=[run.pk]))
    assert b"unknown setting type code" in csv_report.content


def test_form_errors_use_an_error_summary(analyst_client):
    response = analyst_client.post(reverse("ingest:upload"), {"kind": "ssda903"})
    assert response.status_code == 200
    assert b"govuk-error-summary" in response.content and b"Select a CSV or XLSX file" in response.content
    assert b"Enter the collection year" in response.content


def test_ssda903_tables_uploaded_together(analyst_client):
    files = [SimpleUploadedFile("header.csv", csv_bytes(HEADER_HEADER, HEADER)),
             SimpleUploadedFile("episodes.csv", csv_bytes(EPISODES_HEADER, EPISODES))]
    analyst_client.post(reverse("ingest:upload"), {"kind": "ssda903", "year": "2026", "file": files})
    run = ImportRun.objects.get()
    assert run.status == "loaded", run.problems
    assert Placement.objects.count() == 3


def test_ssda903_xml_upload(analyst_client):
    from .test_ssda903_xml import to_xml

    xml = to_xml(HEADER, EPISODES, [], []).encode()
    analyst_client.post(reverse("ingest:upload"), {"kind": "ssda903", "year": "2026",
                                                   "file": SimpleUploadedFile("return.xml", xml)})
    run = ImportRun.objects.get()
    assert run.status == "loaded", run.problems
    assert Placement.objects.count() == 3
    analyst_client.post(reverse("ingest:upload"), {"kind": "homes", "file": SimpleUploadedFile("homes.xml", xml)})
    assert ImportRun.objects.count() == 1  # XML only for the 903: the form refuses it


def test_problems_csv_neutralises_formulas_echoed_from_the_file(analyst_client):
    import csv
    import io

    rows = [list(r) for r in HOMES]
    rows[1][4] = '=HYPERLINK("http://evil.invalid","x")'
    upload = SimpleUploadedFile("homes.csv", csv_bytes(HOMES_HEADER, rows))
    analyst_client.post(reverse("ingest:upload"), {"kind": "homes", "file": upload})
    run = ImportRun.objects.get()
    report = analyst_client.get(reverse("ingest:problems_csv", args=[run.pk])).content.decode()
    cells = [c for row in csv.reader(io.StringIO(report)) for c in row]
    assert "'=HYPERLINK(\"http://evil.invalid\",\"x\")" in cells
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@"))]


def test_an_unfinished_import_shows_as_started_and_a_failed_one_as_failed(analyst_client):
    from divert.ingest.models import ImportRun

    started = ImportRun.objects.create(kind="incidents", file_name="killed.csv", file_hash="a", status="started")
    failed = ImportRun.objects.create(kind="incidents", file_name="crashed.csv", file_hash="b", status="failed")
    ledger = analyst_client.get(reverse("ingest:list")).content.decode()
    assert "Started, not finished" in ledger and ">Failed<" in ledger
    page = analyst_client.get(reverse("ingest:detail", args=[started.pk])).content.decode()
    assert "has not finished" in page and "nothing of it was loaded" in page
    page = analyst_client.get(reverse("ingest:detail", args=[failed.pk])).content.decode()
    assert "stopped with an unexpected error: nothing was loaded" in page
