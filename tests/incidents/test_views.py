"""The CiCPO's pages as a day's work needs them: child names are links, same-name homes told apart, call-outs
counted on the 1st, alerts carrying what the email carries, a follow-up submitted twice added once."""

import datetime as dt

import pytest
from django.urls import reverse

from divert.core.roles import Role

from . import helpers as h
from .conftest import DAY

pytestmark = pytest.mark.django_db


def test_child_names_are_links_on_the_daily_list_and_the_incident_page(city, make_user, client):
    amy = city["children"][0]
    client.force_login(make_user(Role.CICPO))
    child_url = reverse("registers:child", args=[amy.pk])
    daily = client.get(reverse("incidents:daily"), {"date": DAY.isoformat()}).content.decode()
    assert f'<a class="govuk-link" href="{child_url}">Amy Archer</a>' in daily
    detail = client.get(reverse("incidents:detail", args=[city["incidents"]["damage"].pk])).content.decode()
    assert f'<a class="govuk-link" href="{child_url}">Amy Archer</a>' in detail


def test_homes_of_the_same_name_are_told_apart_on_the_daily_list(city, make_user, client):
    p1 = city["providers"][0]
    twin = h.home(p1, name="Oak House", places=2, postcode="NG9 9ZZ")
    kid = h.child("Dee", "Dent")
    h.place(kid, twin)
    inc = h.incident(h.at(2026, 11, 24, 20, 0), twin, narrative="Dee shouted at staff.")
    h.involve(inc, kid, "suspect")
    client.force_login(make_user(Role.CICPO))
    body = client.get(reverse("incidents:daily"), {"date": DAY.isoformat()}).content.decode()
    assert ">Oak House, NG1 1AA</a>" in body and ">Oak House, NG9 9ZZ</a>" in body  # the two groups
    assert ">Oak House, NG1 1AA</option>" in body and ">Oak House, NG9 9ZZ</option>" in body  # the home filter


def test_callouts_this_month_on_the_first_count_the_lists_own_evening(db, make_user, client):
    oak = h.home(name="Oak House")
    kid = h.child("Amy", "Archer")
    h.place(kid, oak)
    for hour in (20, 22):
        h.involve(h.incident(h.at(2026, 11, 30, hour, 0), oak, narrative="Shouting"), kid, "suspect")
    client.force_login(make_user(Role.CICPO))
    response = client.get(reverse("incidents:daily"), {"date": "2026-12-01"})
    group = response.context["daily"].groups[0]
    assert group.callouts_month == 2
    assert "call-outs since 30 November 2026: <strong>2</strong>" in response.content.decode()


def test_alerts_page_shows_child_custody_home_social_worker_and_guidance(city, make_user, client):
    from divert.incidents.models import ArrestAlert
    from divert.incidents.screening import guidance
    from divert.police.models import CustodyRecord

    amy = city["children"][0]
    amy.social_worker_name, amy.social_worker_email = "Sam Worker", "sam.worker@council.example"
    amy.save()
    custody = CustodyRecord.objects.create(custody_reference="CU1", arrested_at=h.at(2026, 11, 24, 22, 0),
                                           child=amy, link_status="linked", first_name="Amy", last_name="Archer",
                                           date_of_birth=amy.date_of_birth)
    ArrestAlert.objects.create(custody=custody, child=amy, subject="Arrest", body="")
    client.force_login(make_user(Role.CICPO))
    body = client.get(reverse("incidents:alerts")).content.decode()
    child_url = reverse("registers:child", args=[amy.pk])
    assert f'href="{child_url}">Amy Archer</a>' in body
    assert f'href="{child_url}#custody-{custody.pk}">Custody record CU1</a>' in body
    oak = city["homes"][0]
    assert f'href="{reverse("registers:home", args=[oak.pk])}">Oak House, NG1 1AA</a>' in body
    assert "Sam Worker" in body and "mailto:sam.worker@council.example" in body
    assert guidance().title in body


def test_a_follow_up_submitted_twice_is_added_once(city, make_user, client):
    from divert.incidents.models import FollowUp

    officer = make_user(Role.CICPO)
    client.force_login(officer)
    url = reverse("incidents:detail", args=[city["incidents"]["damage"].pk])
    form = {"form": "followup", "description": "Call the home manager", "due_on": "2026-12-01", "owner": officer.pk}
    assert client.post(url, form).status_code == 302
    assert client.post(url, form).status_code == 302
    assert FollowUp.objects.filter(incident=city["incidents"]["damage"]).count() == 1


def test_a_social_worker_can_own_a_follow_up_and_mark_it_done(city, make_user, client):
    from divert.incidents import actions
    from divert.incidents.models import FollowUp

    officer, worker = make_user(Role.CICPO), make_user(Role.SOCIAL_WORKER)
    client.force_login(officer)
    page = client.get(reverse("incidents:detail", args=[city["incidents"]["damage"].pk]))
    assert worker in page.context["followup_form"].fields["owner"].queryset
    f = actions.add_followup(incident=city["incidents"]["damage"], user=officer, description="Review the plan",
                             due_on=dt.date(2026, 12, 1), owner=worker)
    client.force_login(worker)
    assert "Review the plan" in client.get(reverse("incidents:followups")).content.decode()
    assert client.post(reverse("incidents:followup_done", args=[f.pk])).status_code == 302
    assert FollowUp.objects.get(pk=f.pk).done_at is not None


def test_a_provider_manager_responds_about_an_incident_at_their_home(city, make_user, client):
    from divert.core.models import AuditEvent
    from divert.incidents.models import ProviderResponse

    p1, p2 = city["providers"]
    damage, river = city["incidents"]["damage"], city["incidents"]["river"]
    manager = make_user(Role.PROVIDER_MANAGER, provider=p1)
    client.force_login(manager)
    url = reverse("incidents:detail", args=[damage.pk])
    assert "Send your response" in client.get(url).content.decode()
    form = {"form": "provider_response", "kind": "action", "text": "We repaired the door and talked with Amy."}
    assert client.post(url, form).status_code == 302
    assert client.post(url, form).status_code == 302  # sent twice, kept once
    assert ProviderResponse.objects.filter(incident=damage).count() == 1
    assert AuditEvent.objects.filter(action="incidents.provider_response").count() == 1
    client.force_login(make_user(Role.CICPO))
    page = client.get(url).content.decode()
    assert "We repaired the door" in page and "What the home did" in page and "Send your response" not in page
    assert client.post(url, form).status_code == 403
    other = make_user(Role.PROVIDER_MANAGER, provider=p2)
    client.force_login(other)
    assert client.post(url, form).status_code == 404  # not their home's incident: not even visible
    assert client.post(reverse("incidents:detail", args=[river.pk]), {"form": "provider_response", "kind": "x",
                                                                       "text": ""}).status_code == 200
