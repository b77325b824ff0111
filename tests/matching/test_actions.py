"""Link-decision actions (docs/adr/0002): auditable, reversible, people win."""

import pytest

from divert.core.models import AuditEvent
from divert.matching import actions
from divert.matching.actions import Candidate, LinkResult, record_machine_links
from divert.matching.models import LinkDecision, RejectedPair, ReviewItem
from divert.police.models import LinkStatus
from tests.factories import ChildFactory, CustodyRecordFactory, InvolvementFactory

pytestmark = pytest.mark.django_db


def _link(subject_type, subject_id, child, outcome=LinkStatus.LINKED, score=0.99, candidates=None):
    best = Candidate(child.pk, score, {"agree": ["dob"]}) if child else None
    return record_machine_links(subject_type=subject_type, label="model v1", results=[LinkResult(
        subject_id=subject_id, outcome=outcome, best=best, method="splink", candidates=candidates or [])])


def test_machine_link_writes_decision_and_audit():
    child, inv = ChildFactory(), InvolvementFactory()
    counts = _link("involvement", inv.pk, child)
    assert counts["linked"] == 1
    inv.refresh_from_db()
    assert inv.child_id == child.pk and inv.link_status == LinkStatus.LINKED and inv.link_probability == 0.99
    d = LinkDecision.objects.get()
    assert d.outcome == "linked" and d.decided_by_label == "model v1" and d.evidence["best"] == {"agree": ["dob"]}
    assert AuditEvent.objects.filter(action="matching.record_machine_links").exists()


def test_relinking_supersedes_the_previous_decision():
    a, b, rec = ChildFactory(), ChildFactory(), CustodyRecordFactory()
    _link("custody", rec.pk, a)
    _link("custody", rec.pk, b)
    first, second = LinkDecision.objects.order_by("pk")
    assert first.superseded_by_id == second.pk and second.superseded_by_id is None
    rec.refresh_from_db()
    assert rec.child_id == b.pk


def test_machine_leaves_people_decisions_alone(make_user):
    a, b, inv = ChildFactory(), ChildFactory(), InvolvementFactory()
    actions.link_manually(subject_type="involvement", subject_id=inv.pk, user=make_user("analyst"), target_id=a.pk)
    counts = _link("involvement", inv.pk, b)
    assert counts["skipped"] == 1
    inv.refresh_from_db()
    assert inv.child_id == a.pk


def test_rejected_pair_is_never_proposed_again(make_user):
    a, inv = ChildFactory(), InvolvementFactory()
    _link("involvement", inv.pk, None, outcome=LinkStatus.REVIEW, candidates=[Candidate(a.pk, 0.8)])
    item = ReviewItem.objects.get()
    actions.reject_review_item(item=item, user=make_user("cicpo"))
    # a later machine run (a new model) proposes the same pair: it is dropped
    RejectedPair.objects.get(subject_id=inv.pk, child=a)
    LinkDecision.objects.filter(subject_id=inv.pk).update(outcome="review")  # pretend no person decided
    counts = _link("involvement", inv.pk, a)
    inv.refresh_from_db()
    assert inv.child_id is None and counts["none"] == 1
    assert ReviewItem.objects.filter(state="open").count() == 0


def test_review_items_are_not_duplicated_on_rerun():
    a, b, inv = ChildFactory(), ChildFactory(), InvolvementFactory()
    cands = [Candidate(a.pk, 0.8), Candidate(b.pk, 0.7)]
    _link("involvement", inv.pk, None, outcome=LinkStatus.REVIEW, candidates=cands)
    _link("involvement", inv.pk, None, outcome=LinkStatus.REVIEW, candidates=cands)
    assert ReviewItem.objects.count() == 2


def test_undo_restores_the_record_and_is_logged(make_user):
    user = make_user("cicpo")
    a, inv = ChildFactory(), InvolvementFactory()
    _link("involvement", inv.pk, a)
    decision = actions.undo_link(subject_type="involvement", subject_id=inv.pk, user=user, reason="twin")
    inv.refresh_from_db()
    assert inv.child_id is None and inv.link_status == LinkStatus.NONE and inv.link_probability is None
    assert decision.outcome == "undone" and decision.child_id == a.pk and decision.decided_by == user
    assert AuditEvent.objects.filter(action="matching.undo_link", actor=user).exists()
    assert LinkDecision.objects.count() == 2  # nothing deleted


def test_link_manually_clears_an_earlier_rejection(make_user):
    user = make_user("analyst")
    a, inv = ChildFactory(), InvolvementFactory()
    _link("involvement", inv.pk, a)
    actions.undo_link(subject_type="involvement", subject_id=inv.pk, user=user)
    assert RejectedPair.objects.filter(child=a).exists()
    actions.link_manually(subject_type="involvement", subject_id=inv.pk, user=user, target_id=a.pk)
    inv.refresh_from_db()
    assert inv.child_id == a.pk and not RejectedPair.objects.filter(child=a).exists()


def test_mark_not_sure(make_user):
    a, inv = ChildFactory(), InvolvementFactory()
    _link("involvement", inv.pk, None, outcome=LinkStatus.REVIEW, candidates=[Candidate(a.pk, 0.8)])
    item = ReviewItem.objects.get()
    actions.mark_not_sure(item=item, user=make_user("analyst"))
    item.refresh_from_db()
    assert item.state == "not_sure"
    inv.refresh_from_db()
    assert inv.link_status == LinkStatus.REVIEW
