"""The review queue page, the item page and the undo page."""

import datetime as dt

import pytest
from django.urls import reverse

from divert.core.models import AccessLog
from divert.matching.actions import Candidate, LinkResult, record_machine_links
from divert.matching.models import LinkDecision, RejectedPair, ReviewItem
from divert.police.models import LinkStatus
from tests.factories import ChildFactory, InvolvementFactory

pytestmark = pytest.mark.django_db

EVIDENCE = {"fields": {"first_name": {"level": "different", "kind": "disagree"},
                       "surname": {"level": "exact", "kind": "agree"}, "dob": {"level": "exact", "kind": "agree"},
                       "sex": {"level": "exact", "kind": "agree"}, "postcode": {"level": "missing", "kind": "missing"}},
            "agree": ["surname", "dob", "sex"], "disagree": ["first_name"], "reason": "forename disagrees"}


@pytest.fixture
def queued():
    """One involvement in review with two candidate children (twins)."""
    dob = dt.date(2012, 3, 14)
    jack = ChildFactory(first_name="Jack", last_name="Smith", date_of_birth=dob)
    harry = ChildFactory(first_name="Harry", last_name="Smith", date_of_birth=dob)
    inv = InvolvementFactory(first_name="Oliver", last_name="Smith", date_of_birth=dob)
    record_machine_links(subject_type="involvement", label="test model", results=[LinkResult(
        subject_id=inv.pk, outcome=LinkStatus.REVIEW, method="splink",
        candidates=[Candidate(jack.pk, 0.97, EVIDENCE), Candidate(harry.pk, 0.96, EVIDENCE)])])
    items = list(ReviewItem.objects.order_by("-score"))
    return {"inv": inv, "jack": jack, "harry": harry, "items": items}


@pytest.fixture
def analyst_client(client, make_user):
    user = make_user("analyst")
    client.force_login(user)
    client.user = user
    return client


def test_queue_lists_open_items(analyst_client, queued):
    resp = analyst_client.get(reverse("matching:review"))
    assert resp.status_code == 200
    body = resp.content.decode()
    assert "Review queue" in body and "Jack Smith" in body and "born 14 March 2012" in body
    table = body.split('id="queue"')[1]
    assert queued["jack"].child_id not in table and "first_name" not in table and "0.970" not in table
    assert "Very likely the same person (about 97 in 100)" in table and "First name" in table
    assert reverse("matching:review_item", args=[queued["items"][0].pk]) in body


def test_item_page_side_by_side_with_highlighting_and_keys(analyst_client, queued):
    item = queued["items"][0]
    resp = analyst_client.get(reverse("matching:review_item", args=[item.pk]))
    body = resp.content.decode()
    assert resp.status_code == 200
    assert "Oliver" in body and "Jack" in body
    assert 'class="govuk-table__row divert-disagree"' in body and 'class="govuk-table__row divert-agree"' in body
    assert body.count("divert-agree") == 3 and body.count("divert-disagree") == 1
    for key in ("c", "r", "n"):
        assert f'accesskey="{key}"' in body and f'data-key="{key}"' in body
    assert "Keyboard shortcuts" in body and "/static/divert/review-keys.js" in body  # a static file (CSP)
    assert "Disagrees: different" in body  # not by colour alone


def test_item_page_explains_the_evidence_beyond_the_fields(analyst_client):
    child = ChildFactory(first_name="Jack", last_name="Smith")
    inv = InvolvementFactory(first_name="Jack", last_name="Smith", date_of_birth=None)
    evidence = {**EVIDENCE, "splink_probability": 0.61,
                "name_population": {"records": 6, "agreeing": 4, "same_dob": None, "name_probability": 0.7},
                "placement": {"level": "placed at the record's home", "kind": "agree", "bayes_factor": 893.4},
                "role": {"bayes_factor": 2.84}}
    record_machine_links(subject_type="involvement", label="test model", results=[LinkResult(
        subject_id=inv.pk, outcome=LinkStatus.REVIEW, method="splink",
        candidates=[Candidate(child.pk, 0.9, evidence)])])
    body = analyst_client.get(reverse("matching:review_item", args=[ReviewItem.objects.get().pk])).content.decode()
    assert "From the names, date of birth, sex and postcode alone" in body and "0.61" not in body
    assert "Possibly the same person (about 61 in 100)" in body
    assert "Very likely the same person (about 90 in 100)" in body
    assert "Why a person decides: The first names differ." in body
    assert "6 other police records with this name and a date of birth; 4 give this child&#x27;s date of birth" in body
    assert "Placed at the record&#x27;s home: about 893 times more likely to be the same person, because" in body
    assert "Role in the incident" in body and "About 3 times more likely to be the same person, because" in body
    assert "Weighs" not in body and "2.84" not in body


def test_item_page_writes_an_access_log_row(analyst_client, queued):
    item = queued["items"][0]
    url = reverse("matching:review_item", args=[item.pk])
    analyst_client.get(url)
    rows = AccessLog.objects.filter(what="review item")
    # The item's candidate and the other candidate the page names (the twin) each have a row.
    assert {r.child_id for r in rows} == {queued["jack"].pk, queued["harry"].pk}
    assert all(r.user == analyst_client.user and r.path == url and r.channel == "page" for r in rows)


@pytest.mark.parametrize("role", ["social_worker", "provider_manager", "prosecutor", "mfh_coordinator"])
def test_roles_without_access_get_403(client, make_user, queued, role):
    client.force_login(make_user(role))
    assert client.get(reverse("matching:review")).status_code == 403
    assert client.get(reverse("matching:review_item", args=[queued["items"][0].pk])).status_code == 403
    assert client.post(reverse("matching:review_item", args=[queued["items"][0].pk]),
                       {"decision": "confirm"}).status_code == 403


@pytest.mark.parametrize("role", ["analyst", "cicpo", "administrator"])
def test_roles_with_access(client, make_user, queued, role):
    client.force_login(make_user(role))
    assert client.get(reverse("matching:review")).status_code == 200


def test_signed_out_is_sent_to_sign_in(client, queued):
    resp = client.get(reverse("matching:review"))
    assert resp.status_code == 302 and "/sign-in/" in resp["Location"]


def test_confirm_links_and_moves_on(analyst_client, queued):
    jack_item, harry_item = queued["items"]
    resp = analyst_client.post(reverse("matching:review_item", args=[jack_item.pk]), {"decision": "confirm"})
    assert resp.status_code == 302
    inv = queued["inv"]
    inv.refresh_from_db()
    assert inv.child_id == queued["jack"].pk and inv.link_status == LinkStatus.LINKED
    harry_item.refresh_from_db()
    assert harry_item.state == ReviewItem.State.REJECTED
    decision = LinkDecision.objects.get(subject_type="involvement", subject_id=inv.pk, superseded_by__isnull=True)
    assert decision.outcome == "confirmed" and decision.decided_by == analyst_client.user


def test_reject_remembers_the_pair(analyst_client, queued):
    jack_item, harry_item = queued["items"]
    resp = analyst_client.post(reverse("matching:review_item", args=[jack_item.pk]), {"decision": "reject"})
    assert resp.status_code == 302 and resp["Location"] == reverse("matching:review_item", args=[harry_item.pk])
    assert RejectedPair.objects.filter(subject_id=queued["inv"].pk, child=queued["jack"]).exists()
    analyst_client.post(reverse("matching:review_item", args=[harry_item.pk]), {"decision": "reject"})
    inv = queued["inv"]
    inv.refresh_from_db()
    assert inv.link_status == LinkStatus.NONE and inv.child_id is None


def test_not_sure_keeps_it_on_the_not_sure_list(analyst_client, queued):
    item = queued["items"][0]
    analyst_client.post(reverse("matching:review_item", args=[item.pk]), {"decision": "not_sure"})
    item.refresh_from_db()
    assert item.state == ReviewItem.State.NOT_SURE
    body = analyst_client.get(reverse("matching:review") + "?state=not_sure").content.decode()
    assert reverse("matching:review_item", args=[item.pk]) in body
    # a not-sure item can still be decided later
    analyst_client.post(reverse("matching:review_item", args=[item.pk]), {"decision": "confirm"})
    item.refresh_from_db()
    assert item.state == ReviewItem.State.CONFIRMED


def test_decided_item_cannot_be_decided_again(analyst_client, queued):
    item = queued["items"][0]
    analyst_client.post(reverse("matching:review_item", args=[item.pk]), {"decision": "confirm"})
    analyst_client.post(reverse("matching:review_item", args=[item.pk]), {"decision": "reject"})
    item.refresh_from_db()
    assert item.state == ReviewItem.State.CONFIRMED
    assert "See or undo" in analyst_client.get(reverse("matching:review_item", args=[item.pk])).content.decode()


def test_undo_page_unlinks_and_logs(analyst_client, queued):
    item = queued["items"][0]
    analyst_client.post(reverse("matching:review_item", args=[item.pk]), {"decision": "confirm"})
    inv = queued["inv"]
    url = reverse("matching:undo", args=["involvement", inv.pk])
    body = analyst_client.get(url).content.decode()
    assert "Undo this link" in body and "Jack Smith, born 14 March 2012" in body and "Confirmed by a person" in body
    assert queued["jack"].child_id not in body.split("<main")[1]
    assert AccessLog.objects.filter(what="link history", child=queued["jack"]).exists()
    resp = analyst_client.post(url, {"reason": "different person"})
    assert resp.status_code == 302
    inv.refresh_from_db()
    assert inv.child_id is None and inv.link_status == LinkStatus.NONE
    assert "This record is not linked" in analyst_client.get(url).content.decode()
    assert analyst_client.get(reverse("matching:undo", args=["nonsense", 1])).status_code == 404


def test_a_record_with_no_link_can_be_linked_by_hand(analyst_client, queued):
    inv, harry = queued["inv"], queued["harry"]
    url = reverse("matching:undo", args=["involvement", inv.pk])
    assert "Link it by hand" in analyst_client.get(url).content.decode()
    bad = analyst_client.post(url, {"action": "link", "reference": "NO-SUCH-CHILD"})
    assert bad.status_code == 200 and "There is no such record that you can see" in bad.content.decode()
    inv.refresh_from_db()
    assert inv.child_id is None
    resp = analyst_client.post(url, {"action": "link", "reference": f" {harry.child_id} "})
    assert resp.status_code == 302
    inv.refresh_from_db()
    assert inv.child_id == harry.pk and inv.link_status == LinkStatus.LINKED
    decision = LinkDecision.objects.filter(subject_type="involvement", subject_id=inv.pk).latest("pk")
    assert decision.decided_by == analyst_client.user and decision.evidence == {"manual": True}
    # the record's review items are closed: a person has decided
    assert set(ReviewItem.objects.values_list("state", flat=True)) == {ReviewItem.State.SUPERSEDED}
    assert "Undo this link" in analyst_client.get(url).content.decode()


def test_review_item_page_works_without_candidate_evidence(analyst_client):
    child = ChildFactory()
    inv = InvolvementFactory()
    record_machine_links(subject_type="involvement", label="t", results=[LinkResult(
        subject_id=inv.pk, outcome=LinkStatus.REVIEW, candidates=[Candidate(child.pk, 0.7, {})])])
    item = ReviewItem.objects.get()
    resp = analyst_client.get(reverse("matching:review_item", args=[item.pk]))
    assert resp.status_code == 200 and "Is this the same person?" in resp.content.decode()


def test_review_queue_is_paginated_most_useful_first_and_filtered_by_kind(analyst_client):
    from divert.matching import views
    from tests.factories import HomeFactory

    home = HomeFactory(name="Beacon House", postcode="NG5 1AA")
    ReviewItem.objects.bulk_create([ReviewItem(subject_type="incident_location", subject_id=i, candidate_home=home,
                                               score=0.5) for i in range(views.QUEUE_PAGE + 5)])
    child = ChildFactory(first_name="Cara", last_name="Custody")
    ReviewItem.objects.create(subject_type="custody", subject_id=1, candidate_child=child, score=0.6)
    body = analyst_client.get(reverse("matching:review")).content.decode()
    total = views.QUEUE_PAGE + 6
    assert f"Open ({total})" in body and f"{total} items" in body
    assert "Page 1 of 2" in body
    assert body.index("Cara Custody") < body.index("Beacon House")  # the custody record first
    assert home.urn not in body.split("<table")[1] and home.address in body  # homes by name and address, not URN
    only = analyst_client.get(reverse("matching:review"), {"kind": "custody"}).content.decode()
    assert "Open (1)" in only and "Beacon House" not in only
    page2 = analyst_client.get(reverse("matching:review"), {"page": 2}).content.decode()
    assert page2.split('id="queue"')[1].count("Beacon House") == 6


def test_a_date_of_birth_a_year_apart_is_not_one_digit_off(analyst_client):
    child = ChildFactory(first_name="Jack", last_name="Smith", date_of_birth=dt.date(2011, 3, 14))
    inv = InvolvementFactory(first_name="Jack", last_name="Smith", date_of_birth=dt.date(2012, 3, 14))
    evidence = {**EVIDENCE, "fields": {**EVIDENCE["fields"], "dob": {"level": "one digit off", "kind": "agree"}}}
    record_machine_links(subject_type="involvement", label="test model", results=[LinkResult(
        subject_id=inv.pk, outcome=LinkStatus.REVIEW, method="splink",
        candidates=[Candidate(child.pk, 0.9, evidence)])])
    body = analyst_client.get(reverse("matching:review_item", args=[ReviewItem.objects.get().pk])).content.decode()
    assert "one digit off" not in body
    assert "Partly agrees: 1 year apart" in body and "14 March 2011" in body and "14 March 2012" in body


def test_likelihood_words():
    from divert.matching.selectors import likelihood_words

    assert likelihood_words(3.8233) == "about 4 times more likely to be the same person"
    assert likelihood_words(0.25) == "about 4 times less likely to be the same person"
    assert likelihood_words(1.0) == "makes no real difference"


def test_address_item_in_words_with_the_home_by_name_and_address(analyst_client):
    from tests.factories import HomeFactory, IncidentFactory

    home = HomeFactory(name="Beacon House", postcode="NG5 1AA")
    inc = IncidentFactory(location_text="Flat 2, 10 Oak Road", location_postcode="NG5 1AA")
    evidence = {"uprn": "none", "postcode": "exact", "number": "exact", "street": 1.0, "unit": "messy_only",
                "reason": "unit_messy_only; qualifier"}
    record_machine_links(subject_type="incident_location", label="test", results=[LinkResult(
        subject_id=inc.pk, outcome=LinkStatus.REVIEW, candidates=[Candidate(home.pk, 0.55, evidence)])])
    item = ReviewItem.objects.get()
    queue = analyst_client.get(reverse("matching:review")).content.decode().split('id="queue"')[1]
    assert f"Incident {inc.reference}" in queue and "Flat 2, 10 Oak Road, NG5 1AA" in queue
    assert "Beacon House" in queue and home.address in queue and home.urn not in queue
    assert "Possibly the same place (about 55 in 100)" in queue
    assert "The police record gives a flat or unit number the home&#x27;s address does not." in queue
    body = analyst_client.get(reverse("matching:review_item", args=[item.pk])).content.decode()
    assert "Is this the same place?" in body and "Agrees: the same" in body and "Not given" in body
    assert "near or outside the address" in body and f"Item {item.pk}" not in body


def test_dob_difference():
    from divert.matching.selectors import dob_difference

    d = dt.date
    assert dob_difference(d(2011, 3, 14), d(2012, 3, 14)) == "1 year apart"
    assert dob_difference(d(2012, 3, 4), d(2012, 4, 3)) == "day and month swapped"
    assert dob_difference(d(2012, 3, 14), d(2012, 3, 15)) == "a different day"
    assert dob_difference(d(2012, 3, 14), d(2012, 3, 14)) == "" and dob_difference(None, d(2012, 3, 14)) == ""


def test_review_queue_query_count_does_not_grow_with_items(analyst_client, queued, page_queries):
    from tests.factories import HomeFactory

    url = reverse("matching:review")
    # One item of each kind first: the page reads each kind's records in one query, so kinds add queries, rows not.
    ReviewItem.objects.create(subject_type="incident_location", subject_id=999, candidate_home=HomeFactory(),
                              score=0.5)
    few = page_queries(analyst_client, url)
    for i in range(12):
        child = ChildFactory()
        inv = InvolvementFactory()
        ReviewItem.objects.create(subject_type="involvement", subject_id=inv.pk, candidate_child=child, score=0.9,
                                  evidence=EVIDENCE)
        ReviewItem.objects.create(subject_type="incident_location", subject_id=1000 + i,
                                  candidate_home=HomeFactory(), score=0.5)
    assert page_queries(analyst_client, url) == few


def test_disagreeing_fields_in_words():
    from divert.matching.selectors import disagreeing_fields

    assert disagreeing_fields({"disagree": []}) == "nothing"
    assert disagreeing_fields({}) == "nothing"
    assert disagreeing_fields({"disagree": ["first_name", "dob"]}) == "first name, date of birth"


def test_a_name_that_agrees_through_an_alias_says_so(analyst_client):
    from divert.registers.models import ChildAlias

    child = ChildFactory(first_name="Sebastian", last_name="Price", date_of_birth=dt.date(2010, 1, 19))
    ChildAlias.objects.create(child=child, first_name="Sebastian", last_name="Cooper")
    inv = InvolvementFactory(first_name="Sebastian", last_name="Cooper", date_of_birth=dt.date(2010, 1, 19))
    evidence = {**EVIDENCE, "fields": {**EVIDENCE["fields"], "first_name": {"level": "exact", "kind": "agree"}}}
    record_machine_links(subject_type="involvement", label="test model", results=[LinkResult(
        subject_id=inv.pk, outcome=LinkStatus.REVIEW, method="splink",
        candidates=[Candidate(child.pk, 0.9, evidence)])])
    body = analyst_client.get(reverse("matching:review_item", args=[ReviewItem.objects.get().pk])).content.decode()
    surname_row = body.split(">Last name<")[1].split("</tr>")[0]
    assert "Price (also known as Cooper)" in surname_row
    assert "Agrees: the same as a name the child is also known by" in surname_row
    first_row = body.split(">First name<")[1].split("</tr>")[0]
    assert "Agrees: the same" in first_row and "also known" not in first_row


def test_the_queue_counts_a_date_of_birth_years_apart_as_disagreeing(analyst_client):
    # The matcher scores 2005 against 2025 as "two digits off" (partial); the item page says "20 years apart" and
    # "Disagrees", so the queue's "What disagrees" column must say so too.
    child = ChildFactory(first_name="Sebastian", last_name="Price", date_of_birth=dt.date(2025, 1, 19))
    inv = InvolvementFactory(first_name="Sebastian", last_name="Price", date_of_birth=dt.date(2005, 1, 15))
    evidence = {"fields": {**EVIDENCE["fields"], "first_name": {"level": "exact", "kind": "agree"},
                           "dob": {"level": "two digits off", "kind": "partial"},
                           "postcode": {"level": "different", "kind": "disagree"}},
                "agree": ["first_name", "surname", "sex"], "disagree": ["postcode"], "reason": "review band"}
    record_machine_links(subject_type="involvement", label="test model", results=[LinkResult(
        subject_id=inv.pk, outcome=LinkStatus.REVIEW, method="splink",
        candidates=[Candidate(child.pk, 0.85, evidence)])])
    table = analyst_client.get(reverse("matching:review")).content.decode().split('id="queue"')[1]
    assert "Postcode, date of birth" in table
    item = analyst_client.get(reverse("matching:review_item", args=[ReviewItem.objects.get().pk])).content.decode()
    assert "Disagrees: 20 years apart, a different day" in item
