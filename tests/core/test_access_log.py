"""The access log: who saw which child, and the administrators' page that reads it."""

import datetime as dt

import pytest
from django.urls import reverse

from divert.core.audit import log_access
from divert.core.models import AccessLog
from divert.core.roles import Role


@pytest.mark.parametrize("role", [r for r in Role if r != Role.ADMINISTRATOR])
def test_access_log_page_is_for_administrators_only(role, client, world, user_for):
    client.force_login(user_for(role))
    assert client.get(reverse("core:access_log")).status_code == 403


def test_access_log_page_requires_sign_in(client, db):
    response = client.get(reverse("core:access_log"))
    assert response.status_code == 302 and "/sign-in/" in response["Location"]


def test_access_log_page_lists_and_filters(client, world, user_for):
    admin = user_for(Role.ADMINISTRATOR)
    officer = user_for(Role.CICPO)
    worker = user_for(Role.SOCIAL_WORKER)
    log_access(user=officer, children=world.a_now, channel="page", what="daily list 2026-12-02", path="/x/")
    log_access(user=worker, children=[world.b_now, world.a_past], channel="api", what="children list")
    client.force_login(admin)
    html = client.get(reverse("core:access_log")).content.decode()
    assert "3 rows" in html
    assert "daily list 2 December 2026" in html and "2026-12-02" not in html  # stored ISO, shown the UK way
    html = client.get(reverse("core:access_log"), {"user": officer.username}).content.decode()
    assert "1 row" in html and world.a_now.child_id in html
    html = client.get(reverse("core:access_log"), {"child": world.b_now.child_id}).content.decode()
    assert "1 row" in html and worker.username in html
    html = client.get(reverse("core:access_log"), {"channel": "api"}).content.decode()
    assert "2 rows" in html
    tomorrow = (dt.date.today() + dt.timedelta(days=2)).isoformat()
    html = client.get(reverse("core:access_log"), {"from": tomorrow}).content.decode()
    assert "No access-log rows match" in html
    html = client.get(reverse("core:access_log"), {"from": "not-a-date"}).content.decode()
    assert "Enter dates as YYYY-MM-DD" in html
    # Reading the access log shows 903 ids, not records: it is not itself a view of a child.
    assert not AccessLog.objects.filter(user=admin).exists()


def test_administrator_sees_who_viewed_a_child(client, world, user_for):
    officer = user_for(Role.CICPO)
    client.force_login(officer)
    client.get(reverse("registers:child", args=[world.a_now.pk]))
    admin = user_for(Role.ADMINISTRATOR)
    client.force_login(admin)
    html = client.get(reverse("registers:child", args=[world.a_now.pk])).content.decode()
    assert "Who has viewed this record" in html
    assert officer.username in html
    assert AccessLog.objects.filter(child=world.a_now).count() == 2


def test_log_access_one_row_per_child_and_a_row_for_an_empty_list(world, user_for):
    user = user_for(Role.ANALYST)
    assert log_access(user=user, children=[world.a_now, world.a_now, world.b_now], channel="export", what="x") == 2
    assert log_access(user=user, children=[], channel="export", what="empty") == 1
    assert AccessLog.objects.filter(user=user, child__isnull=True).count() == 1
