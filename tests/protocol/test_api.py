import pytest

from divert.core.models import AccessLog, ApiToken
from divert.core.roles import Role
from divert.protocol.models import ProtocolCase

from .helpers import complete_required, suspect_at_home

pytestmark = pytest.mark.django_db


def _auth(user):
    _token, raw = ApiToken.issue(user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_api_open_fill_send_obeys_the_mandatory_sections_rule(client, users):
    child, _, incident = suspect_at_home()
    h = _auth(users[Role.CICPO])
    r = client.post("/api/v1/protocol/cases", {"child_id": child.pk, "opened_from": "daily_list",
                                               "incident_id": incident.pk}, content_type="application/json", **h)
    assert r.status_code == 201
    body = r.json()
    again = client.post("/api/v1/protocol/cases", {"child_id": child.pk, "opened_from": "daily_list",
                                                   "incident_id": incident.pk}, content_type="application/json", **h)
    assert again.status_code == 200 and again.json()["id"] == body["id"]
    base = f"/api/v1/protocol/cases/{body['id']}"
    refused = client.post(f"{base}/send", {"to": "panel"}, content_type="application/json", **h)
    assert refused.status_code == 409 and len(refused.json()["missing"]) == len(body["missing"]) > 0
    sw_section = next(s for s in body["sections"] if s["key"] == "social_worker")
    yj = _auth(users[Role.YOUTH_JUSTICE])
    assert client.post(f"{base}/sections/{sw_section['id']}", {"text": "x"}, content_type="application/json",
                       **yj).status_code == 403
    sw = _auth(users[Role.SOCIAL_WORKER])
    ok = client.post(f"{base}/sections/{sw_section['id']}", {"text": "Care plan"}, content_type="application/json",
                     **sw)
    assert ok.status_code == 200 and len(ok.json()["missing"]) == len(body["missing"]) - 1
    complete_required(ProtocolCase.objects.get(pk=body["id"]), users)
    sent = client.post(f"{base}/send", {"to": "panel"}, content_type="application/json", **h)
    assert sent.status_code == 200 and sent.json()["state"] == "sent_to_panel"
    assert AccessLog.objects.filter(channel="api", child=child).exists()


def test_api_first_time_entrant_flag_then_confirm(client, users):
    child, _, incident = suspect_at_home()
    from divert.protocol.actions import open_case, send_case

    case, _ = open_case(actor=users[Role.CICPO], child=child, opened_from="daily_list", incident=incident)
    complete_required(case, users)
    send_case(actor=users[Role.CICPO], case=case, to="panel")
    h = _auth(users[Role.YOUTH_JUSTICE])
    base = f"/api/v1/protocol/cases/{case.pk}"
    flag = client.get(f"{base}/first-time-entrant?outcome=youth_caution", **h).json()
    assert flag["first_time_entrant"] is True and flag["history"] == []
    payload = {"outcome": "youth_caution", "gravity_score": 3}
    r = client.post(f"{base}/decision", payload, content_type="application/json", **h)
    assert r.status_code == 409 and r.json()["first_time_entrant"] is True
    r = client.post(f"{base}/decision", {**payload, "first_time_entrant_confirmed": True},
                    content_type="application/json", **h)
    assert r.status_code == 201 and r.json()["first_time_entrant"] is True


def test_api_prosecutor_scoping(client, users):
    child, _, incident = suspect_at_home()
    from divert.protocol.actions import open_case

    case, _ = open_case(actor=users[Role.CICPO], child=child, opened_from="daily_list", incident=incident)
    h = _auth(users[Role.PROSECUTOR])
    assert client.get("/api/v1/protocol/cases", **h).json() == []
    assert client.get(f"/api/v1/protocol/cases/{case.pk}", **h).status_code == 404


def test_api_prosecutor_records_charging_decision(client, users):
    from .helpers import sent_case

    case = sent_case(users, to="cps")
    h = _auth(users[Role.PROSECUTOR])
    assert [c["id"] for c in client.get("/api/v1/protocol/cases", **h).json()] == [case.pk]
    url = f"/api/v1/protocol/cases/{case.pk}/charging-decision"
    assert client.post(url, {"decision": "Charge", "reasons": ""}, content_type="application/json",
                       **h).status_code == 400
    r = client.post(url, {"decision": "No further action", "reasons": "Not in the public interest"},
                    content_type="application/json", **h)
    assert r.status_code == 200 and r.json()["state"] == "decided"
    assert client.post(url, {"decision": "Charge", "reasons": "x"}, content_type="application/json",
                       **_auth(users[Role.CICPO])).status_code == 403
    # A prosecutor's register holds only this child.
    assert [c["child_id"] for c in client.get("/api/v1/children", **h).json()["items"]] == [case.child.child_id]


def test_api_panel_members_agenda_and_interventions(client, users):
    import datetime as dt

    from django.utils import timezone

    from .helpers import open_for, sent_case

    first, second = sent_case(users), sent_case(users)
    still_open = open_for(users[Role.CICPO])
    h = _auth(users[Role.YOUTH_JUSTICE])
    day = timezone.localdate().isoformat()
    r = client.post("/api/v1/protocol/panels", {"held_on": day}, content_type="application/json", **h)
    assert r.status_code == 201 and [i["case_id"] for i in r.json()["agenda"]] == [first.pk, second.pk]
    r = client.put(f"/api/v1/protocol/panels/{day}/members",
                   [{"name": "A Chair", "role": "Chair", "agency": "yjs"}], content_type="application/json", **h)
    assert r.status_code == 200 and r.json()["members"][0]["agency"] == "yjs"
    bad = client.put(f"/api/v1/protocol/panels/{day}/members", [{"name": "B", "role": "x", "agency": "mi5"}],
                     content_type="application/json", **h)
    assert bad.status_code == 400
    refused = client.post(f"/api/v1/protocol/panels/{day}/agenda", {"case_id": still_open.pk},
                          content_type="application/json", **h)
    assert refused.status_code == 400 and "not been sent" in refused.json()["detail"]
    r = client.put(f"/api/v1/protocol/panels/{day}/agenda", {"case_ids": [second.pk, first.pk]},
                   content_type="application/json", **h)
    assert [i["case_id"] for i in r.json()["agenda"]] == [second.pk, first.pk]
    due = (timezone.localdate() + dt.timedelta(days=14)).isoformat()
    def decide(owner):
        return client.post(f"/api/v1/protocol/cases/{first.pk}/decision",
                           {"outcome": "community_resolution", "gravity_score": 2,
                            "interventions": [{"description": "Apology letter", "owner": owner, "due_on": due,
                                               "owner_note": "with the home"}]},
                           content_type="application/json", **h)

    refused = decide("YJS")  # free text is no longer an owner
    assert refused.status_code == 400 and "No active user 'YJS'" in refused.json()["detail"]
    refused = decide(users[Role.PROSECUTOR].username)  # the case is not referred to the CPS: they cannot see it
    assert refused.status_code == 400 and "cannot own" in refused.json()["detail"]
    owner = users[Role.SOCIAL_WORKER]
    assert decide(owner.username).status_code == 201
    listed = client.get("/api/v1/protocol/interventions?limit=1", **h)
    assert listed["X-Total-Count"] == "1" and listed["X-Limit"] == "1"
    items = listed.json()
    assert [(i["description"], i["owner"], i["owner_note"]) for i in items] == [
        ("Apology letter", owner.username, "with the home")]
    done = client.post(f"/api/v1/protocol/interventions/{items[0]['id']}/done", **h)
    assert done.status_code == 200 and done.json()["done_on"] == timezone.localdate().isoformat()
    assert client.get("/api/v1/protocol/interventions", **h).json() == []
    assert client.get(f"/api/v1/protocol/panels/{day}", **_auth(users[Role.ANALYST])).status_code == 403


def test_api_conditions_needed_for_youth_conditional_caution(client, users):
    from .helpers import sent_case

    case = sent_case(users)
    h = _auth(users[Role.YOUTH_JUSTICE])
    payload = {"outcome": "youth_conditional_caution", "gravity_score": 4, "first_time_entrant_confirmed": True}
    url = f"/api/v1/protocol/cases/{case.pk}/decision"
    r = client.post(url, payload, content_type="application/json", **h)
    assert r.status_code == 400 and "conditions" in r.json()["detail"]
    r = client.post(url, {**payload, "conditions": "Attend 12 YJS sessions"}, content_type="application/json", **h)
    assert r.status_code == 201 and r.json()["first_time_entrant"] is True


def test_api_protocol_questions_use_the_action_reasons_version_and_scoping(client, users):
    child, _, incident = suspect_at_home()
    from divert.protocol.actions import open_case

    case, _ = open_case(actor=users[Role.CICPO], child=child, opened_from="daily_list", incident=incident)
    url = f"/api/v1/protocol/cases/{case.pk}/questions"
    sw = _auth(users[Role.SOCIAL_WORKER])
    got = client.get(url, **sw)
    assert got.status_code == 200 and got.json()["family_test"] == "" and got.json()["version"] == case.version
    refused = client.put(url, {"family_test": "no"}, content_type="application/json", **sw)
    assert refused.status_code == 400 and "reasons" in refused.json()["detail"]
    ok = client.put(url, {"version": case.version, "family_test": "no",
                          "family_test_reasons": "A parent would have mended the door",
                          "behaviour_policy_followed": False,
                          "victim_wishes": "Wants an apology"}, content_type="application/json", **sw)
    assert ok.status_code == 200
    body = ok.json()
    assert body["family_test"] == "no" and body["behaviour_policy_followed"] is False
    assert body["modern_slavery_s45"] is None and body["version"] == case.version + 1
    # Only the fields sent change; a stale version is refused with what changed.
    again = client.put(url, {"version": body["version"], "childs_account": "I was angry"},
                       content_type="application/json", **sw)
    assert again.status_code == 200 and again.json()["victim_wishes"] == "Wants an apology"
    stale = client.put(url, {"version": case.version, "victim_wishes": "No"}, content_type="application/json", **sw)
    assert stale.status_code == 409 and "Someone else saved" in stale.json()["detail"]
    case.refresh_from_db()
    assert case.victim_wishes == "Wants an apology" and case.childs_account == "I was angry"
    assert AccessLog.objects.filter(channel="api", child=child, what=f"protocol case {case.pk}").exists()
    # Roles the action refuses, and cases the caller may not see.
    assert client.put(url, {"victim_wishes": "x"}, content_type="application/json",
                      **_auth(users[Role.PROSECUTOR])).status_code == 404  # not referred to the CPS
    assert client.get(url, **_auth(users[Role.PROVIDER_MANAGER])).status_code == 404  # not their home
    assert client.put(url, {"victim_wishes": "x"}, content_type="application/json",
                      **_auth(users[Role.ANALYST])).status_code == 404
    assert client.put(url, {"family_test": "maybe"}, content_type="application/json", **sw).status_code == 422
