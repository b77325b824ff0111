import datetime as dt

from django.urls import reverse
from django.utils import timezone

from divert.core.models import AuditEvent
from divert.core.roles import Role
from divert.incidents.models import FollowUp, Triage

from .conftest import DAY


def test_record_triage_through_the_page_is_audited_and_shows_on_the_list(city, make_user, client):
    cicpo = make_user(Role.CICPO)
    client.force_login(cicpo)
    inc = city["incidents"]["damage"]
    url = reverse("incidents:detail", args=[inc.pk])
    assert "Save triage" in client.get(url).content.decode()
    response = client.post(url, {"form": "triage", "reviewed": "on", "advice_to_officer": "Consider outcome 21",
                                 "recommended_route": "home", "home_contacted": "yes",
                                 "home_contact_notes": "Spoke to manager"})
    assert response.status_code == 302
    triage = Triage.objects.get(incident=inc)
    assert triage.reviewed and triage.reviewed_by == cicpo and triage.recommended_route == "home"
    assert triage.home_contacted
    assert AuditEvent.objects.filter(action="incidents.record_triage", actor=cicpo).count() == 1
    body = client.get(reverse("incidents:daily"), {"date": DAY.isoformat()}).content.decode()
    assert "Reviewed" in body and "Handled by the home, as a family would" in body


def test_triage_validation_shows_an_error_summary(city, make_user, client):
    client.force_login(make_user(Role.CICPO))
    url = reverse("incidents:detail", args=[city["incidents"]["damage"].pk])
    response = client.post(url, {"form": "triage", "reviewed": "on", "home_contacted": "no"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body and 'href="#id_recommended_route"' in body
    assert not Triage.objects.exists()


def test_only_cicpos_triage(city, make_user, client):
    client.force_login(make_user(Role.SOCIAL_WORKER))
    url = reverse("incidents:detail", args=[city["incidents"]["damage"].pk])
    assert client.post(url, {"form": "triage", "home_contacted": "no"}).status_code == 403


def test_followups_overdue_first_and_done(city, make_user, client):
    cicpo = make_user(Role.CICPO)
    other = make_user(Role.CICPO)
    client.force_login(cicpo)
    today = timezone.localdate()
    url = reverse("incidents:detail", args=[city["incidents"]["damage"].pk])
    for desc, due in [("Later thing", today + dt.timedelta(days=3)), ("Late thing", today - dt.timedelta(days=2)),
                      ("Today thing", today)]:
        assert client.post(url, {"form": "followup", "description": desc, "due_on": due.isoformat(),
                                 "owner": cicpo.pk}).status_code == 302
    client.post(url, {"form": "followup", "description": "Not mine", "due_on": today.isoformat(), "owner": other.pk})
    response = client.get(reverse("incidents:followups"))
    body = response.content.decode()
    assert [f.description for f in response.context["overdue"]] == ["Late thing"]
    assert [f.description for f in response.context["upcoming"]] == ["Today thing", "Later thing"]
    assert body.index("Late thing") < body.index("Today thing") < body.index("Later thing")
    assert "Not mine" not in body
    late = FollowUp.objects.get(description="Late thing")
    client.post(reverse("incidents:followup_done", args=[late.pk]))
    late.refresh_from_db()
    assert late.done_at and late.done_by == cicpo
    assert AuditEvent.objects.filter(action="incidents.add_followup").count() == 4
    assert AuditEvent.objects.filter(action="incidents.complete_followup").count() == 1


def test_followup_validation(city, make_user, client):
    client.force_login(make_user(Role.CICPO))
    url = reverse("incidents:detail", args=[city["incidents"]["damage"].pk])
    response = client.post(url, {"form": "followup", "description": "", "due_on": "not a date"})
    body = response.content.decode()
    assert "Enter what needs to happen" in body and "Enter a real date" in body and not FollowUp.objects.exists()
