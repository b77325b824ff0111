import pytest

from divert.core.models import AccessLog, ApiToken
from divert.earlyhelp.models import Referral
from tests.earlyhelp.conftest import child, days_ago, other_pcso, pcso, refer, reference, service  # noqa: F401

pytestmark = pytest.mark.django_db


def _auth(user):
    _token, raw = ApiToken.issue(user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_api_refer_then_the_named_worker_records_work(client, reference, child, pcso, service):  # noqa: F811
    body = {"child_pk": child.pk, "worker": "pcso", "source": "school", "concern": "exploitation",
            "reason": "Older associates", "initial_risk": "high", "referred_on": days_ago(50).isoformat()}
    assert client.post("/api/v1/early-help/referrals", body, content_type="application/json",
                       **_auth(pcso)).status_code == 403
    answer = client.post("/api/v1/early-help/referrals", body, content_type="application/json", **_auth(service))
    assert answer.status_code == 201 and answer.json()["trajectory"] == "not_reviewed"
    rid = answer.json()["id"]
    h = _auth(pcso)
    bad = client.post(f"/api/v1/early-help/referrals/{rid}/contacts", {"intervention": "nonsense",
                      "on": days_ago(10).isoformat()}, content_type="application/json", **h)
    assert bad.status_code == 400 and "nonsense" in bad.json()["detail"]
    assert client.post(f"/api/v1/early-help/referrals/{rid}/contacts", {"intervention": "home-visit",
                       "on": days_ago(10).isoformat()}, content_type="application/json", **h).status_code == 201
    got = client.post(f"/api/v1/early-help/referrals/{rid}/reviews", {"risk": "low"},
                      content_type="application/json", **h).json()
    assert got["trajectory"] == "reduced_to_low" and len(got["contacts"]) == 1
    listed = client.get("/api/v1/early-help/referrals", **h)
    assert [r["id"] for r in listed.json()] == [rid] and listed["X-Total-Count"] == "1"
    assert client.post(f"/api/v1/early-help/referrals/{rid}/close", {"closure": "needs_met"},
                       content_type="application/json", **h).json()["closure"] == "needs_met"
    assert AccessLog.objects.filter(user=pcso, child=child, channel="api").exists()
    cohorts = client.get("/api/v1/early-help/cohorts", **h).json()
    assert cohorts[0]["closures_pending"] == 1


def test_api_another_pcso_gets_404_and_a_refused_row(client, reference, child, pcso, other_pcso,  # noqa: F811
                                                    service):  # noqa: F811
    r = refer(child, pcso, service)
    h = _auth(other_pcso)
    assert client.get(f"/api/v1/early-help/referrals/{r.pk}", **h).status_code == 404
    assert client.post(f"/api/v1/early-help/referrals/{r.pk}/reviews", {"risk": "low"},
                       content_type="application/json", **h).status_code == 404
    assert client.get("/api/v1/early-help/referrals", **h).json() == []
    assert AccessLog.objects.filter(user=other_pcso, what__startswith="refused").exists()
    assert Referral.objects.get().reviews.count() == 0


def test_api_family_not_in_care_refer_and_reassign(client, reference, pcso, other_pcso, service):  # noqa: F811
    from divert.earlyhelp.models import FamilyAccess

    assert client.post("/api/v1/early-help/families", {"reference": "EH-5"}, content_type="application/json",
                       **_auth(pcso)).status_code == 403
    bad = client.post("/api/v1/early-help/families", {"reference": "EH-5", "postcode_district": "PO4 1AA"},
                      content_type="application/json", **_auth(service))
    assert bad.status_code == 422  # a full postcode is refused by the schema (and by the rule on save)
    made = client.post("/api/v1/early-help/families", {"reference": "EH-5", "initials": "QR"},
                       content_type="application/json", **_auth(service))
    assert made.status_code == 201
    fid = made.json()["id"]
    assert client.post("/api/v1/early-help/families", {"reference": "eh-5"}, content_type="application/json",
                       **_auth(service)).status_code == 409
    body = {"worker": "pcso", "source": "police", "concern": "asb", "reason": "Graffiti", "initial_risk": "low"}
    answer = client.post(f"/api/v1/early-help/families/{fid}/referrals", body, content_type="application/json",
                         **_auth(service))
    assert answer.status_code == 201 and (answer.json()["family"], answer.json()["child_id"]) == ("EH-5", None)
    rid = answer.json()["id"]
    again = client.post(f"/api/v1/early-help/families/{fid}/referrals", body, content_type="application/json",
                        **_auth(service))
    assert again.status_code == 400 and "already has an open" in again.json()["detail"]
    assert client.get(f"/api/v1/early-help/families/{fid}", **_auth(pcso)).status_code == 200
    assert client.get(f"/api/v1/early-help/families/{fid}", **_auth(other_pcso)).status_code == 404
    assert AccessLog.objects.filter(user=other_pcso, channel="api", what__startswith="refused:").exists()
    assert client.post(f"/api/v1/early-help/referrals/{rid}/reassign", {"worker": "pcso-2"},
                       content_type="application/json", **_auth(pcso)).status_code == 403
    moved = client.post(f"/api/v1/early-help/referrals/{rid}/reassign", {"worker": "pcso-2", "reason": "Leave"},
                        content_type="application/json", **_auth(service))
    assert moved.status_code == 200 and moved.json()["worker"] == "pcso-2"
    assert client.get(f"/api/v1/early-help/referrals/{rid}", **_auth(pcso)).status_code == 404
    assert client.get(f"/api/v1/early-help/referrals/{rid}", **_auth(other_pcso)).status_code == 200
    assert FamilyAccess.objects.filter(access__user=other_pcso, access__channel="api").exists()
    cohorts = client.get("/api/v1/early-help/cohorts", **_auth(service)).json()
    assert (cohorts[0]["not_in_care"], cohorts[0]["in_care"]) == (1, 0)


def test_api_referral_of_a_child_not_found_is_refused_and_logged(client, reference, service):  # noqa: F811
    """As on the page: an unknown child answers 404 and leaves a refused row, whoever asks."""
    from divert.core.audit import REFUSED

    body = {"child_pk": 987654, "worker": "pcso", "source": "school", "concern": "exploitation",
            "reason": "Older associates", "initial_risk": "high", "referred_on": days_ago(5).isoformat()}
    answer = client.post("/api/v1/early-help/referrals", body, content_type="application/json", **_auth(service))
    assert answer.status_code == 404
    refused = AccessLog.objects.filter(user=service, channel="api", what__startswith=REFUSED)
    assert [r.what for r in refused] == [f"{REFUSED}early-help referral"]
    assert not Referral.objects.exists()
