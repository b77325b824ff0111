"""POST/GET /api/v1/imports."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from divert.core.models import ApiToken
from divert.registers.models import Home

from .conftest import HOMES, HOMES_HEADER, csv_bytes


def _auth(user) -> dict:
    _, token = ApiToken.issue(user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_upload_list_and_detail(client, make_user):
    headers = _auth(make_user("analyst"))
    upload = SimpleUploadedFile("homes.csv", csv_bytes(HOMES_HEADER, HOMES))
    r = client.post("/api/v1/imports", {"kind": "homes", "file": upload}, **headers)
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["status"] == "loaded" and body["rows_loaded"] == 2 and Home.objects.count() == 2
    assert client.get("/api/v1/imports", **headers).json()[0]["id"] == body["id"]
    detail = client.get(f"/api/v1/imports/{body['id']}", **headers).json()
    assert detail["file_name"] == "homes.csv" and detail["problems"] == []


def test_refused_upload_reports_problems(client, make_user):
    headers = _auth(make_user("administrator"))
    rows = [list(r) for r in HOMES]
    rows[0][13] = "north"
    upload = SimpleUploadedFile("homes.csv", csv_bytes(HOMES_HEADER, rows))
    body = client.post("/api/v1/imports", {"kind": "homes", "file": upload}, **headers).json()
    assert body["status"] == "refused"
    [p] = body["problems"]
    assert (p["row"], p["column"], p["value"]) == (1, "northing", "north")


@pytest.mark.parametrize("role", ["cicpo", "social_worker"])
def test_other_roles_forbidden(client, make_user, role):
    headers = _auth(make_user(role))
    assert client.get("/api/v1/imports", **headers).status_code == 403
    upload = SimpleUploadedFile("homes.csv", csv_bytes(HOMES_HEADER, HOMES))
    assert client.post("/api/v1/imports", {"kind": "homes", "file": upload}, **headers).status_code == 403
    assert not Home.objects.exists()


def test_bad_kind(client, make_user):
    headers = _auth(make_user("analyst"))
    upload = SimpleUploadedFile("x.csv", b"a\r\n1\r\n")
    assert client.post("/api/v1/imports", {"kind": "pets", "file": upload}, **headers).status_code == 422
