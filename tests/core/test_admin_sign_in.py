"""The admin sign-in page shares the site's lockout and audit."""

import pytest

from divert.core.actions import SIGN_IN_MAX_FAILURES
from divert.core.roles import Role


@pytest.fixture
def administrator(make_user):
    user = make_user(Role.ADMINISTRATOR, username="admin-1")
    user.is_staff = user.is_superuser = True
    user.save()
    return user


def test_admin_sign_in_locks_out_after_the_same_number_of_failures(client, administrator):
    from divert.core.models import AuditEvent

    for _ in range(SIGN_IN_MAX_FAILURES):
        assert client.post("/admin/login/", {"username": "admin-1", "password": "wrong"}).status_code == 200
    failures = AuditEvent.objects.filter(action="sign_in.failed", object_id="admin-1")
    assert failures.count() == SIGN_IN_MAX_FAILURES
    assert set(failures.values_list("actor_label", flat=True)) == {"admin sign-in page"}
    locked = client.post("/admin/login/", {"username": "admin-1", "password": "pw-for-tests-1"})
    assert locked.status_code == 429
    assert "Too many failed attempts" in locked.content.decode()
    assert client.get("/admin/").status_code == 302  # still not signed in


def test_admin_and_site_failures_count_together(client, administrator):
    for _ in range(SIGN_IN_MAX_FAILURES - 1):
        client.post("/sign-in/", {"username": "admin-1", "password": "wrong"})
    client.post("/admin/login/", {"username": "admin-1", "password": "wrong"})
    assert client.post("/admin/login/", {"username": "admin-1", "password": "pw-for-tests-1"}).status_code == 429


def test_admin_sign_in_success_is_audited(client, administrator):
    from divert.core.models import AuditEvent

    response = client.post("/admin/login/?next=/admin/", {"username": "admin-1", "password": "pw-for-tests-1",
                                                          "next": "/admin/"})
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="sign_in.succeeded", actor=administrator).count() == 1
    assert client.get("/admin/").status_code == 200


def test_non_staff_user_at_admin_sign_in_is_a_failure(client, make_user):
    from divert.core.models import AuditEvent

    make_user(Role.CICPO, username="officer")
    assert client.post("/admin/login/", {"username": "officer", "password": "pw-for-tests-1"}).status_code == 200
    assert AuditEvent.objects.filter(action="sign_in.failed", object_id="officer").count() == 1
