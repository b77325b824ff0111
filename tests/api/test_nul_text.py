"""Text holding a NUL character (which PostgreSQL cannot store) is refused as invalid input, and nothing is saved."""

import pytest
from django.db import connection

from divert.core.actions import issue_api_token
from divert.core.roles import Role

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite stores NUL; PostgreSQL refuses it")
def test_a_body_with_nul_is_a_422_and_nothing_is_saved(client, make_user):
    from divert.police.models import CustodyRecord

    _t, secret = issue_api_token(actor=None, user=make_user(Role.ADMINISTRATOR), name="nul")
    r = client.post("/api/v1/custody", {"custody_reference": "C\x001", "arrested_at": "2026-11-30T10:00",
                                        "first_name": "A", "last_name": "B", "date_of_birth": "2010-01-01"},
                    content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert r.status_code == 422 and "NUL" in r.json()["message"]
    assert not CustodyRecord.objects.exists()
