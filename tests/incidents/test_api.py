import pytest
from django.utils import timezone

from divert.core.models import AccessLog, ApiToken
from divert.core.roles import Role
from divert.incidents.models import Triage

from .conftest import DAY


@pytest.fixture
def api(client):
    def _call(user, method, path, data=None):
        _, token = ApiToken.issue(user=user, name="t")
        fn = getattr(client, method)
        kw = {"content_type": "application/json"} if method == "post" else {}
        return fn(f"/api/v1{path}", data, headers={"Authorization": f"Bearer {token}"}, **kw)

    return _call


def test_daily_list_api_scoped_and_logged(city, make_user, api):
    cicpo = make_user(Role.CICPO)
    data = api(cicpo, "get", "/daily-list", {"date": DAY.isoformat()}).json()
    assert data["total"] == 4 and data["flag_counts"]["family_test"] == 1
    assert AccessLog.objects.filter(user=cicpo, channel="api").count() == 3
    manager = make_user(Role.PROVIDER_MANAGER, provider=city["providers"][1])
    data = api(manager, "get", "/daily-list", {"date": DAY.isoformat()}).json()
    assert [g["home"] for g in data["groups"]] == ["River View"]


def test_incident_and_triage_api(city, make_user, api):
    cicpo = make_user(Role.CICPO)
    inc = city["incidents"]["damage"]
    assert api(cicpo, "get", f"/incidents/{inc.pk}/entry").json()["reference"] == inc.reference
    response = api(cicpo, "post", f"/incidents/{inc.pk}/triage", {"reviewed": True, "recommended_route": "outcome_22"})
    assert response.status_code == 200 and Triage.objects.get(incident=inc).recommended_route == "outcome_22"
    assert api(cicpo, "post", f"/incidents/{inc.pk}/triage", {"reviewed": True, "recommended_route": "jail"}
               ).status_code == 422
    manager = make_user(Role.PROVIDER_MANAGER, provider=city["providers"][1])
    assert api(manager, "get", f"/incidents/{inc.pk}/entry").status_code == 404
    assert api(manager, "post", f"/incidents/{inc.pk}/triage", {"reviewed": True}).status_code == 403


def test_followups_and_alerts_api(city, make_user, api, smtp_server):
    from divert.incidents import screening

    from . import helpers as h

    cicpo = make_user(Role.CICPO)
    amy = city["children"][0]
    h.custody(amy, arrested_at=timezone.now())
    screening.run()
    alerts = api(cicpo, "get", "/alerts").json()
    assert len(alerts) == 1 and alerts[0]["child_id"] == amy.pk
    ack = api(cicpo, "post", f"/alerts/{alerts[0]['id']}/acknowledge")
    assert ack.status_code == 200 and ack.json()["acknowledged_at"]
    assert api(cicpo, "get", "/follow-ups").json() == []
