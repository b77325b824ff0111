"""Review queue and undo over the API: /api/v1/review-items, /api/v1/links/undo."""

import pytest

from divert.core.models import AccessLog
from divert.matching.models import RejectedPair, ReviewItem
from divert.police.models import LinkStatus
from tests.matching.test_review import analyst_client, queued  # noqa: F401

pytestmark = pytest.mark.django_db


def test_list_review_items(analyst_client, queued):  # noqa: F811
    resp = analyst_client.get("/api/v1/review-items")
    assert resp.status_code == 200
    data = resp.json()
    assert [d["candidate_child_id"] for d in data] == [queued["jack"].child_id, queued["harry"].child_id]
    assert data[0]["disagree"] == ["first_name"] and data[0]["fields"]["dob"]["kind"] == "agree"
    assert AccessLog.objects.filter(channel="api", what="review items").count() == 2
    assert analyst_client.get("/api/v1/review-items?state=bogus").status_code == 422


def test_confirm_reject_not_sure(analyst_client, queued):  # noqa: F811
    jack_item, harry_item = queued["items"]
    resp = analyst_client.post(f"/api/v1/review-items/{harry_item.pk}/not-sure")
    assert resp.status_code == 200 and resp.json()["state"] == "not_sure"
    resp = analyst_client.post(f"/api/v1/review-items/{harry_item.pk}/reject")
    assert resp.json()["state"] == "rejected"
    assert RejectedPair.objects.filter(child=queued["harry"]).exists()
    resp = analyst_client.post(f"/api/v1/review-items/{jack_item.pk}/confirm")
    assert resp.status_code == 200 and resp.json()["state"] == "confirmed"
    queued["inv"].refresh_from_db()
    assert queued["inv"].child_id == queued["jack"].pk
    assert analyst_client.post(f"/api/v1/review-items/{jack_item.pk}/reject").status_code == 409
    assert analyst_client.post("/api/v1/review-items/999999/confirm").status_code == 404


def test_undo(analyst_client, queued):  # noqa: F811
    inv = queued["inv"]
    body = {"subject_type": "involvement", "subject_id": inv.pk, "reason": "wrong"}
    assert analyst_client.post("/api/v1/links/undo", body, content_type="application/json").status_code == 409
    analyst_client.post(f"/api/v1/review-items/{queued['items'][0].pk}/confirm")
    resp = analyst_client.post("/api/v1/links/undo", body, content_type="application/json")
    assert resp.status_code == 200 and resp.json()["outcome"] == "undone"
    inv.refresh_from_db()
    assert inv.child_id is None and inv.link_status == LinkStatus.NONE
    bad = {"subject_type": "nope", "subject_id": 1}
    assert analyst_client.post("/api/v1/links/undo", bad, content_type="application/json").status_code == 422


def test_manual_link(analyst_client, queued):  # noqa: F811
    inv, jack = queued["inv"], queued["jack"]
    body = {"subject_type": "involvement", "subject_id": inv.pk, "reference": "nobody"}
    assert analyst_client.post("/api/v1/links/manual", body, content_type="application/json").status_code == 404
    body["reference"] = jack.child_id
    resp = analyst_client.post("/api/v1/links/manual", body, content_type="application/json")
    assert resp.status_code == 200 and resp.json()["outcome"] == "confirmed"
    inv.refresh_from_db()
    assert inv.child_id == jack.pk and inv.link_status == LinkStatus.LINKED
    assert AccessLog.objects.filter(what="manual link", child=jack, channel="api").exists()
    assert analyst_client.post("/api/v1/links/manual", body, content_type="application/json").status_code == 409


@pytest.mark.parametrize("role", ["social_worker", "provider_manager"])
def test_other_roles_are_refused(client, make_user, queued, role):  # noqa: F811
    client.force_login(make_user(role))
    assert client.get("/api/v1/review-items").status_code == 403
    assert client.post(f"/api/v1/review-items/{queued['items'][0].pk}/confirm").status_code == 403
    assert ReviewItem.objects.filter(state="open").count() == 2


def test_token_auth(client, make_user, queued):  # noqa: F811
    from divert.core.models import ApiToken

    user = make_user("cicpo")
    _obj, token = ApiToken.issue(user=user, name="tests")
    resp = client.get("/api/v1/review-items", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert resp.status_code == 200
