"""Optimistic concurrency (divert.core.versioning): two editors on one record, the second save refused."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from divert.core.models import AuditEvent
from divert.core.roles import Role
from divert.incidents.models import Triage
from divert.missing.models import MissingEpisode, ReturnInterview


def _version_in(html: str) -> str:
    return re.search(r'name="version" value="(\d+)"', html).group(1)


def _triage_post(version: str, advice: str) -> dict:
    return {"form": "triage", "version": version, "reviewed": "on", "advice_to_officer": advice,
            "recommended_route": "restorative", "home_contacted": "no", "home_contact_notes": ""}


def test_second_triage_save_from_a_stale_page_is_refused(client, world, make_user):
    first, second = make_user(Role.CICPO), make_user(Role.CICPO)
    url = f"/incidents/{world.at_a1.pk}/"
    client.force_login(first)
    seen_by_first = _version_in(client.get(url).content.decode())
    client.force_login(second)
    seen_by_second = _version_in(client.get(url).content.decode())
    client.force_login(first)
    assert client.post(url, _triage_post(seen_by_first, "Advise a restorative meeting at the home")).status_code == 302
    client.force_login(second)
    refused = client.post(url, _triage_post(seen_by_second, "Charge advice"))
    html = refused.content.decode()
    assert refused.status_code == 409
    assert "your changes were not saved" in html and "Advise a restorative meeting at the home" in html
    triage = Triage.objects.get(incident=world.at_a1)
    assert triage.advice_to_officer == "Advise a restorative meeting at the home" and triage.version == 1
    # The refused page carries the current version and keeps what the second editor typed: a deliberate save wins.
    assert _version_in(html) == "1" and "Charge advice" in html
    assert client.post(url, _triage_post("1", "Charge advice")).status_code == 302
    assert Triage.objects.get(incident=world.at_a1).advice_to_officer == "Charge advice"


def test_audit_row_keeps_every_changed_field_before_and_after(world, make_user):
    from divert.incidents.actions import record_triage

    officer = make_user(Role.CICPO)
    record_triage(incident=world.at_a1, user=officer, reviewed=False, advice_to_officer="First advice",
                  home_contact_notes="Spoke to the manager", version=0)
    record_triage(incident=world.at_a1, user=officer, reviewed=True, advice_to_officer="Second advice",
                  recommended_route="nfa", home_contact_notes="Spoke to the manager", version=1)
    last = AuditEvent.objects.filter(action="incidents.record_triage").order_by("pk").last()
    changes = last.detail["changes"]
    assert changes["advice_to_officer"] == {"before": "First advice", "after": "Second advice"}
    assert changes["recommended_route"] == {"before": "", "after": "nfa"}
    assert changes["reviewed"] == {"before": False, "after": True}
    assert "home_contact_notes" not in changes  # unchanged fields are not listed
    assert last.detail["version"] == 2


def test_stale_triage_over_the_api_is_409_with_what_changed(client, world, make_user):
    client.force_login(make_user(Role.CICPO))
    url = f"/api/v1/incidents/{world.at_a1.pk}/triage"
    body = {"reviewed": False, "advice_to_officer": "From the first client", "version": 0}
    first = client.post(url, body, content_type="application/json")
    assert first.status_code == 200 and first.json()["version"] == 1
    stale = client.post(url, {**body, "advice_to_officer": "From the second client"},
                        content_type="application/json")
    assert stale.status_code == 409
    answer = stale.json()
    assert answer["version"] == 1
    assert {c["field"]: c["after"] for c in answer["changes"]}["advice_to_officer"] == "From the first client"
    assert Triage.objects.get(incident=world.at_a1).advice_to_officer == "From the first client"
    entry = client.get(f"/api/v1/incidents/{world.at_a1.pk}/entry").json()
    assert entry["triage"]["version"] == 1


@pytest.fixture
def interview(world):
    started = timezone.now() - dt.timedelta(days=2)
    episode = MissingEpisode.objects.create(child=world.a_now, home=world.a1, started_at=started,
                                            ended_at=started + dt.timedelta(hours=5),
                                            state=MissingEpisode.State.RETURNED)
    return ReturnInterview.objects.create(episode=episode, due_at=started + dt.timedelta(hours=77))


def test_second_return_interview_save_is_refused_on_the_page(client, interview, make_user):
    first, second = make_user(Role.MFH_COORDINATOR), make_user(Role.SOCIAL_WORKER)
    url = f"/missing/episodes/{interview.episode_id}/return-interview/"
    held = timezone.localtime(timezone.now() - dt.timedelta(hours=1))
    form = {"outcome": "completed", "conducted_by": "Independent worker", "harm_suffered": "no",
            "where_text": "With friends in town", "notes": "", "held_on": held.strftime("%d/%m/%Y"),
            "held_time": held.strftime("%H:%M")}
    client.force_login(first)
    v1 = _version_in(client.get(url).content.decode().split('name="offer"')[-1])
    client.force_login(second)
    v2 = _version_in(client.get(url).content.decode().split('name="offer"')[-1])
    client.force_login(first)
    assert client.post(url, {**form, "version": v1}).status_code == 302
    client.force_login(second)
    refused = client.post(url, {**form, "version": v2, "where_text": "At a party"})
    assert refused.status_code == 409 and "With friends in town" in refused.content.decode()
    assert ReturnInterview.objects.get(pk=interview.pk).where_text == "With friends in town"


def test_stale_return_interview_over_the_api_is_409(client, interview, make_user):
    client.force_login(make_user(Role.MFH_COORDINATOR))
    url = f"/api/v1/missing/episodes/{interview.episode_id}/return-interview"
    got = client.get(f"/api/v1/missing/episodes/{interview.episode_id}").json()
    version = got["return_interview"]["version"]
    ok = client.post(url, {"outcome": "declined", "reason": "Did not want to talk", "version": version},
                     content_type="application/json")
    assert ok.status_code == 200 and ok.json()["return_interview"]["version"] == version + 1
    stale = client.post(url, {"outcome": "completed", "notes": "Talked", "version": version},
                        content_type="application/json")
    assert stale.status_code == 409 and "Did not want to talk" in stale.json()["detail"]
    assert ReturnInterview.objects.get(pk=interview.pk).state == "declined"


def test_stale_referrals_on_the_episode_page_are_refused(client, interview, make_user):
    coordinator = make_user(Role.MFH_COORDINATOR)
    client.force_login(coordinator)
    url = f"/missing/episodes/{interview.episode_id}/referrals/"
    version = _version_in(client.get(url).content.decode())
    saved = client.post(url, {"agencies": ["mase"], "note": "MASE panel on Tuesday", "version": version})
    assert saved.status_code == 302
    refused = client.post(url, {"none_needed_reason": "Nothing needed", "version": version})
    assert refused.status_code == 409
    assert MissingEpisode.objects.get(pk=interview.episode_id).no_referral_reason == ""
