"""The outcomes API: the indicator, the reconciliation and resolving a difference, the report's figures."""

import pytest

from divert.core.models import AccessLog, ApiToken
from divert.core.roles import Role

pytestmark = pytest.mark.django_db


def _auth(user):
    _token, raw = ApiToken.issue(user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_api_indicator_reconciliation_and_resolve(client, return_2018, make_user):
    analyst = make_user(Role.ANALYST)
    h = _auth(analyst)
    ind = client.get("/api/v1/outcomes/indicator/2018", **h).json()
    assert (ind["cohort"], ind["numerator"], ind["percentage"]) == (6, 3, 50)
    assert ind["suppressed"]["numerator"] == "c"
    rec = client.get("/api/v1/outcomes/reconciliation/2018", **h).json()
    assert sorted(d["child_id"] for d in rec["differences"]) == ["B", "G", "H"]
    assert AccessLog.objects.filter(user=analyst, channel="api", child__isnull=False).count() == 3
    bad = client.post("/api/v1/outcomes/reconciliation/2018/resolve", {"child_id": "B", "right": "divert",
                                                                       "note": ""}, content_type="application/json",
                      **h)
    assert bad.status_code == 400
    ok = client.post("/api/v1/outcomes/reconciliation/2018/resolve", {"child_id": "B", "right": "divert",
                                                                      "note": "PNC"}, content_type="application/json",
                     **h)
    assert ok.status_code == 200 and ok.json()["corrected_numerator"] == 4
    report = client.get("/api/v1/outcomes/report/2018", **h).json()
    assert report["indicator"] == {"cohort": 6, "numerator": "c", "percentage": "c"}
    assert report["value"]["rows"][0]["source"].startswith("University of Portsmouth")


def test_api_refuses_roles_without_access(client, return_2018, make_user):
    h = _auth(make_user(Role.CICPO))
    assert client.get("/api/v1/outcomes/reconciliation/2018", **h).status_code == 403
    assert client.post("/api/v1/outcomes/reconciliation/2018/resolve", {"child_id": "B", "right": "divert",
                                                                        "note": "x"},
                       content_type="application/json", **h).status_code == 403
    assert client.get("/api/v1/outcomes/indicator/2018", **_auth(make_user(Role.PROSECUTOR))).status_code == 403
