import pytest

from divert.core.models import AccessLog, ApiToken
from divert.core.roles import Role

pytestmark = pytest.mark.django_db


def _auth(user):
    _token, raw = ApiToken.issue(user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_api_finalise_obeys_the_rule(client, returned_episode, coordinator):
    h = _auth(coordinator)
    base = f"/api/v1/missing/episodes/{returned_episode.pk}"
    refused = client.post(f"{base}/finalise", **h)
    assert refused.status_code == 409 and len(refused.json()["blockers"]) == 2
    r = client.post(f"{base}/return-interview", {"outcome": "not_possible"}, content_type="application/json", **h)
    assert r.status_code == 400  # a reason is required
    r = client.post(f"{base}/return-interview", {"outcome": "completed", "exploitation_concerns": ["cse"]},
                    content_type="application/json", **h)
    assert r.status_code == 200 and r.json()["return_interview"]["state"] == "completed"
    assert client.post(f"{base}/finalise", **h).status_code == 409  # referrals still missing
    r = client.post(f"{base}/referrals", {"agencies": ["social_care"], "note": "SW informed"},
                    content_type="application/json", **h)
    assert r.status_code == 200 and r.json()["blockers"] == []
    done = client.post(f"{base}/finalise", **h)
    assert done.status_code == 200 and done.json()["state"] == "finalised"


def test_api_lists_episodes_with_access_log_and_roles(client, returned_episode, coordinator, make_user):
    r = client.get("/api/v1/missing/episodes", **_auth(coordinator))
    assert r.status_code == 200 and r.json()[0]["child_id"] == returned_episode.child.child_id
    assert AccessLog.objects.filter(channel="api", child=returned_episode.child).exists()
    analyst = _auth(make_user(Role.ANALYST))
    assert client.post(f"/api/v1/missing/episodes/{returned_episode.pk}/finalise", **analyst).status_code == 403
    assert client.get("/api/v1/missing/compliance?date=2026-10-06", **analyst).status_code == 403


def test_api_compliance_and_escalations(client, returned_episode, coordinator):
    h = _auth(coordinator)
    assert client.post("/api/v1/missing/compliance/run?date=2026-10-06", **h).status_code == 200
    items = client.get("/api/v1/missing/compliance?date=2026-10-06", **h).json()
    overdue = [i for i in items if i["rule"] == "return_interview_overdue"]
    assert overdue and overdue[0]["episode_id"] == returned_episode.pk
    r = client.post("/api/v1/missing/escalations", {"item_id": overdue[0]["id"], "to": "provider",
                                                     "owner": "coord", "due_on": "2026-10-09"},
                    content_type="application/json", **h)
    assert r.status_code == 201 and r.json()["state"] == "open"
    x = r.json()["id"]
    r = client.post(f"/api/v1/missing/escalations/{x}/state", {"state": "resolved", "note": "done"},
                    content_type="application/json", **h)
    assert r.status_code == 200 and r.json()["state"] == "resolved"
    assert client.get("/api/v1/missing/escalations?state=resolved", **h).json()[0]["id"] == x


def test_api_refuses_roles_without_access(client, returned_episode, make_user):
    h = _auth(make_user(Role.PROSECUTOR))
    assert client.get("/api/v1/missing/episodes", **h).status_code == 403
    assert client.get(f"/api/v1/missing/episodes/{returned_episode.pk}", **h).status_code == 403
    other = _auth(make_user(Role.PROVIDER_MANAGER, provider=None))
    assert client.get(f"/api/v1/missing/episodes/{returned_episode.pk}", **other).status_code == 404


def test_api_compliance_get_writes_nothing(client, returned_episode, coordinator):
    from divert.core.models import AuditEvent
    from divert.missing.models import ComplianceItem, Escalation

    h = _auth(coordinator)
    before = (ComplianceItem.objects.count(), Escalation.objects.count(), AuditEvent.objects.count())
    r = client.get("/api/v1/missing/compliance?date=2026-10-06", **h)
    assert r.status_code == 200 and r.json() == []
    assert client.get("/api/v1/missing/compliance", **h).status_code == 200
    assert (ComplianceItem.objects.count(), Escalation.objects.count(), AuditEvent.objects.count()) == before


def test_api_compliance_run_is_a_post(client, returned_episode, coordinator, make_user):
    h = _auth(coordinator)
    r = client.post("/api/v1/missing/compliance/run?date=2026-10-06", **h)
    assert r.status_code == 200 and [i["rule"] for i in r.json()] == ["return_interview_overdue"]
    listed = client.get("/api/v1/missing/compliance?date=2026-10-06", **h).json()
    assert [i["id"] for i in listed] == [i["id"] for i in r.json()]
    assert client.post("/api/v1/missing/compliance/run?date=2999-01-01", **h).status_code == 400
    analyst = _auth(make_user(Role.ANALYST))
    assert client.post("/api/v1/missing/compliance/run?date=2026-10-06", **analyst).status_code == 403


def test_api_escalation_move_carries_the_version_and_a_stale_one_is_409(client, returned_episode, coordinator):
    import datetime as dt

    from divert.missing import actions
    from divert.missing.models import ComplianceItem, Escalation

    item = ComplianceItem.objects.create(rule="return_interview_overdue", run_date=dt.date(2026, 10, 6),
                                         subject_key=f"episode:{returned_episode.pk}", episode=returned_episode)
    x = actions.escalate(item=item, user=coordinator, to="provider", owner=coordinator, due_on=dt.date(2026, 10, 9))
    h = _auth(coordinator)
    listed = client.get("/api/v1/missing/escalations", **h).json()
    assert listed[0]["version"] == 0
    url = f"/api/v1/missing/escalations/{x.pk}/state"
    r = client.post(url, {"state": "resolved", "note": "Placement confirmed", "version": 0},
                    content_type="application/json", **h)
    assert r.status_code == 200 and r.json()["version"] == 1 and r.json()["resolution"] == "Placement confirmed"
    stale = client.post(url, {"state": "open", "version": 0}, content_type="application/json", **h)
    assert stale.status_code == 409
    body = stale.json()
    assert body["version"] == 1 and {c["field"] for c in body["changes"]} >= {"state", "resolution"}
    x.refresh_from_db()
    assert (x.state, x.resolution) == (Escalation.State.RESOLVED, "Placement confirmed")
    again = client.post(url, {"state": "open", "version": 1}, content_type="application/json", **h)
    assert again.status_code == 200 and again.json()["state"] == "open"
