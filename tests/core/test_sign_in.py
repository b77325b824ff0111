"""Signing in and out; every page needs a signed-in user."""

import pytest
from django.urls import reverse

from divert.core.roles import Role


def test_sign_in_with_password_goes_to_home(client, make_user):
    make_user(Role.CICPO, username="officer")
    response = client.post(reverse("login"), {"username": "officer", "password": "pw-for-tests-1"})
    assert response.status_code == 302 and response["Location"] == reverse("core:home")
    html = client.get("/").content.decode()
    assert "Children in care police officer" in html
    assert "Sign out" in html


def test_wrong_password_shows_an_error(client, make_user):
    make_user(Role.CICPO, username="officer")
    response = client.post(reverse("login"), {"username": "officer", "password": "wrong"})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert client.get("/").status_code != 200


def test_sign_in_returns_to_next(client, make_user):
    make_user(Role.ANALYST, username="analyst")
    response = client.post(reverse("login") + "?next=/registers/homes/",
                           {"username": "analyst", "password": "pw-for-tests-1", "next": "/registers/homes/"})
    assert response["Location"] == "/registers/homes/"


def test_sign_out(client, make_user):
    client.force_login(make_user(Role.CICPO))
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get("/").status_code == 302


@pytest.mark.parametrize("url", ["/", "/registers/children/", "/registers/homes/", "/registers/children/1/",
                                 "/registers/homes/1/", "/access-log/"])
def test_pages_need_sign_in(client, db, url):
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/sign-in/")


def test_production_hasher_is_argon2():
    from divert.settings import base

    assert base.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


@pytest.mark.parametrize("role", list(Role))
def test_navigation_per_role(role, client, make_user, db):
    from divert.ops.menus import NAV

    user = make_user(role, provider=None)
    client.force_login(user)
    html = client.get("/").content.decode()
    for _label, task in NAV[role]:
        assert f'href="{task.url}"' in html


def test_admin_pages_load_for_administrator(client, make_user, db):
    from tests.factories import HomeFactory

    HomeFactory()
    admin = make_user(Role.ADMINISTRATOR)
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    for url in ("/admin/", "/admin/auth/user/", f"/admin/auth/user/{admin.pk}/change/", "/admin/core/apitoken/",
                "/admin/core/accesslog/", "/admin/core/auditevent/", "/admin/registers/home/",
                "/admin/registers/provider/"):
        assert client.get(url).status_code == 200, url


@pytest.mark.urls("tests.core.signin_urls")
def test_sign_in_locks_out_after_repeated_failures(client, make_user):
    from divert.core.models import AuditEvent

    make_user(Role.CICPO, username="officer")
    for _ in range(5):
        assert client.post(reverse("login"), {"username": "officer", "password": "wrong"}).status_code == 200
    assert AuditEvent.objects.filter(action="sign_in.failed", object_id="officer").count() == 5
    locked = client.post(reverse("login"), {"username": "Officer", "password": "pw-for-tests-1"})
    assert locked.status_code == 429
    assert "Too many failed attempts" in locked.content.decode()
    assert client.get("/").status_code == 302  # not signed in
    # Another user is not affected.
    make_user(Role.ANALYST, username="analyst")
    response = client.post(reverse("login"), {"username": "analyst", "password": "pw-for-tests-1"})
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="sign_in.succeeded").count() == 1


@pytest.mark.urls("tests.core.signin_urls")
def test_lockout_expires(client, make_user):
    import datetime as dt

    from django.utils import timezone

    from divert.core.models import AuditEvent

    make_user(Role.CICPO, username="officer")
    for _ in range(5):
        client.post(reverse("login"), {"username": "officer", "password": "wrong"})
    AuditEvent.objects.filter(action="sign_in.failed").update(at=timezone.now() - dt.timedelta(minutes=16))
    assert client.post(reverse("login"), {"username": "officer", "password": "pw-for-tests-1"}).status_code == 302


def test_a_signed_in_request_reads_the_user_and_their_role_in_one_query(client, make_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from divert.core.roles import Role

    client.force_login(make_user(Role.CICPO))
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/missing/compliance/").status_code in (200, 403)
    user_reads = [q["sql"] for q in ctx.captured_queries if 'FROM "auth_user"' in q["sql"]]
    profile_reads = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith('SELECT "core_profile"')]
    assert len(user_reads) == 1 and "core_profile" in user_reads[0] and not profile_reads
