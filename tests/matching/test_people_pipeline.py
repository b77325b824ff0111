"""The linkage step on police records, and people's decisions feeding back."""

import pytest

from divert.matching import actions
from divert.matching.models import LinkDecision, RejectedPair, ReviewItem
from divert.matching.people_pipeline import run
from divert.police.models import LinkStatus
from tests.matching.people.edge_cases import POLICE
from tests.matching.people.fixtures import edge_world, model_dir, subject_type_of  # noqa: F401

pytestmark = pytest.mark.django_db
ALL = (LinkStatus.UNMATCHED, LinkStatus.REVIEW, LinkStatus.NONE)


def _refresh(world):
    for rec in world["records"].values():
        rec.refresh_from_db()
    return world["records"]


def test_run_links_the_edge_cases(edge_world, model_dir):  # noqa: F811
    counts = run()
    assert counts["records"] == len(POLICE)
    assert any(model_dir.glob("people-*.json")) and (model_dir / "people-current").exists()
    recs, kids = _refresh(edge_world), edge_world["children"]
    for lid, *_rest, expected in POLICE:
        rec = recs[lid]
        if expected and not expected.endswith("?"):
            assert rec.link_status == LinkStatus.LINKED and rec.child_id == kids[expected].pk, lid
        elif expected is None:
            assert rec.link_status != LinkStatus.LINKED and rec.child_id is None, lid
    # the third sibling (not in care) goes to review with the twins as candidates, not to either twin
    triplet = recs["L9"]
    assert triplet.link_status == LinkStatus.REVIEW
    items = ReviewItem.objects.filter(subject_type="involvement", subject_id=triplet.pk)
    assert {i.candidate_child_id for i in items} == {kids["R1"].pk, kids["R2"].pk}


def test_evidence_is_recorded_per_field(edge_world, model_dir):  # noqa: F811
    run()
    rec = edge_world["records"]["L4"]  # Bob -> Robert
    decision = LinkDecision.objects.get(subject_type="involvement", subject_id=rec.pk, superseded_by__isnull=True)
    assert decision.outcome == LinkDecision.Outcome.LINKED and decision.method == "splink"
    assert decision.decided_by_label.startswith("splink people model ")
    fields = decision.evidence["best"]["fields"]
    assert fields["first_name"] == {"level": "nickname", "kind": "agree"}
    assert fields["dob"]["level"] == "exact" and "surname" in decision.evidence["best"]["agree"]
    assert decision.evidence["best"]["model"]


def test_only_unmatched_records_are_processed(edge_world, model_dir):  # noqa: F811
    run()
    assert run()["records"] == 0


def test_rejected_pair_never_comes_back(edge_world, model_dir):  # noqa: F811
    run()
    triplet = edge_world["records"]["L9"]
    for item in ReviewItem.objects.filter(subject_type="involvement", subject_id=triplet.pk):
        actions.reject_review_item(item=item, user=None)
    triplet.refresh_from_db()
    assert triplet.link_status == LinkStatus.NONE and triplet.child_id is None
    run(statuses=ALL)
    triplet.refresh_from_db()
    assert triplet.link_status == LinkStatus.NONE
    assert not ReviewItem.objects.filter(subject_type="involvement", subject_id=triplet.pk,
                                         state=ReviewItem.State.OPEN).exists()


def test_rejecting_one_candidate_keeps_it_out_on_rerun(edge_world, model_dir):  # noqa: F811
    run()
    triplet, kids = edge_world["records"]["L9"], edge_world["children"]
    item = ReviewItem.objects.get(subject_type="involvement", subject_id=triplet.pk, candidate_child=kids["R1"])
    actions.reject_review_item(item=item, user=None)
    run(statuses=ALL)
    open_items = ReviewItem.objects.filter(subject_type="involvement", subject_id=triplet.pk,
                                           state=ReviewItem.State.OPEN)
    assert list(open_items.values_list("candidate_child_id", flat=True)) == [kids["R2"].pk]
    latest = LinkDecision.objects.get(subject_type="involvement", subject_id=triplet.pk, superseded_by__isnull=True)
    assert kids["R1"].pk not in [c["id"] for c in latest.evidence["candidates"]]


def test_confirmed_link_is_kept_on_rerun(edge_world, model_dir, make_user):  # noqa: F811
    run()
    user = make_user("analyst")
    triplet, kids = edge_world["records"]["L9"], edge_world["children"]
    item = ReviewItem.objects.get(subject_type="involvement", subject_id=triplet.pk, candidate_child=kids["R2"])
    actions.confirm_review_item(item=item, user=user)
    run(statuses=ALL)
    triplet.refresh_from_db()
    assert triplet.link_status == LinkStatus.LINKED and triplet.child_id == kids["R2"].pk
    latest = LinkDecision.objects.get(subject_type="involvement", subject_id=triplet.pk, superseded_by__isnull=True)
    assert latest.outcome == LinkDecision.Outcome.CONFIRMED and latest.decided_by == user


def test_undo_removes_the_child_link_for_good(edge_world, model_dir, make_user):  # noqa: F811
    run()
    user = make_user("cicpo")
    rec, kids = edge_world["records"]["L1"], edge_world["children"]
    actions.undo_link(subject_type=subject_type_of(rec), subject_id=rec.pk, user=user, reason="wrong person")
    rec.refresh_from_db()
    assert rec.child_id is None and rec.link_status == LinkStatus.NONE
    assert RejectedPair.objects.filter(subject_type="involvement", subject_id=rec.pk, child=kids["R1"]).exists()
    run(statuses=ALL)
    rec.refresh_from_db()
    assert rec.child_id is None
    history = list(LinkDecision.objects.filter(subject_type="involvement", subject_id=rec.pk).order_by("pk"))
    assert [d.outcome for d in history] == ["linked", "undone"]
    assert history[0].superseded_by_id == history[1].pk and history[1].evidence["reason"] == "wrong person"


def test_custody_and_missing_reports_are_linked(edge_world, model_dir):  # noqa: F811
    counts = run()
    assert counts["custody"]["linked"] == 1 and counts["missing_report"]["linked"] == 1
    assert edge_world["records"]["L3"].__class__.objects.get(pk=edge_world["records"]["L3"].pk).child_id == \
        edge_world["children"]["R4"].pk


def test_never_merges_children(edge_world, model_dir):  # noqa: F811
    from divert.registers.models import Child

    before = sorted(Child.objects.values_list("pk", "child_id", "first_name", "last_name"))
    run()
    assert sorted(Child.objects.values_list("pk", "child_id", "first_name", "last_name")) == before


def test_link_commands(edge_world, model_dir, capsys):  # noqa: F811
    from django.core.management import call_command

    call_command("link", "train")
    assert "saved person model" in capsys.readouterr().out
    assert len(list(model_dir.glob("people-*.json"))) == 1
    call_command("link", "records")
    out = capsys.readouterr().out
    assert f"records: {len(POLICE)}" in out and "Smith" not in out  # counts only, no names
    call_command("link", "records", "--all", "--since", "2000-01-01")
    assert "records:" in capsys.readouterr().out
