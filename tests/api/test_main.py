"""The API's validation errors in plain words."""

import pytest

from divert.core.actions import issue_api_token
from divert.core.roles import Role

pytestmark = pytest.mark.django_db


def test_a_bad_date_gets_a_plain_422(client, make_user):
    _token, secret = issue_api_token(actor=None, user=make_user(Role.CICPO), name="dates")
    r = client.get("/api/v1/daily-list", {"date": "25/11/2026"}, HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert r.status_code == 422
    body = r.json()
    assert body["message"] == "date: Give a date as YYYY-MM-DD, for example 2026-11-25."
    assert "invalid character" not in body["message"]
