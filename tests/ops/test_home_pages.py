"""Every role's home page: its own work waiting, with counts, and every link on it opens for that role."""

import re

import pytest

from divert.core.roles import Role

LINK = re.compile(r'<a class="govuk-link" href="(/[^"]*)"')


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
def test_every_home_page_link_opens_for_the_role(client, user_for, role):
    user = user_for(role)
    client.force_login(user)
    page = client.get("/")
    assert page.status_code == 200
    links = set(LINK.findall(page.content.decode()))
    assert links, "the home page lists some work"
    for href in sorted(links):
        response = client.get(href)
        assert response.status_code not in (403, 404), (role, href, response.status_code)


@pytest.mark.django_db
def test_home_page_counts_the_officers_work_waiting(client, user_for, world):
    from divert.incidents.models import ArrestAlert
    from divert.police.models import CustodyRecord

    custody = CustodyRecord.objects.get(child=world.a_now)
    ArrestAlert.objects.create(custody=custody, child=world.a_now, subject="Arrest", body="")
    client.force_login(user_for(Role.CICPO))
    html = client.get("/").content.decode()
    assert "1 waiting" in html  # the open arrest alert
    # The three incidents of the world were reported six hours ago: on today's list unless the window has moved on.
    assert "not reviewed" in html


@pytest.mark.django_db
def test_home_page_counts_the_coordinators_children_missing_now(client, user_for, world):
    from django.utils import timezone

    from divert.missing.models import MissingEpisode

    MissingEpisode.objects.create(child=world.a_now, started_at=timezone.now(), home=world.a1)
    client.force_login(user_for(Role.MFH_COORDINATOR))
    assert "1 missing now" in client.get("/").content.decode()


@pytest.mark.django_db
def test_the_django_admin_is_named_for_what_it_is(client, user_for):
    admin = user_for(Role.ADMINISTRATOR)
    admin.is_staff = admin.is_superuser = True  # as `divert users create --role administrator` makes them
    admin.save()
    client.force_login(admin)
    home = client.get("/").content.decode()
    assert "Site administration (Django admin)" in home and "User administration" not in home
    admin_index = client.get("/admin/").content.decode()
    assert "Divert site administration (Django admin)" in admin_index
