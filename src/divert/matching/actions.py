"""Writes that make, confirm, reject and undo links (docs/adr/0002).

The matchers hand their results to `record_machine_links`; people act on the review queue through
`confirm_review_item`, `reject_review_item`, `mark_not_sure`, and on any link through `undo_link` and
`link_manually`. Each writes LinkDecision rows and an audit row; none deletes anything.
A person's decision always wins: the machine never relinks a subject a person decided, and never proposes a
pair a person rejected (Divert product decision).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from divert.core.audit import record_audit
from divert.core.versioning import save_edit
from divert.police.models import CustodyRecord, Incident, Involvement, LinkStatus, MissingReport

from .models import LinkDecision, RejectedPair, ReviewItem, SubjectType

HUMAN_OUTCOMES = (LinkDecision.Outcome.CONFIRMED, LinkDecision.Outcome.REJECTED, LinkDecision.Outcome.UNDONE)

# type[Any]: the subject models share no base class, and each caller reads the fields its subject type has.
SUBJECT_MODELS: dict[SubjectType, type[Any]] = {
    SubjectType.INCIDENT_LOCATION: Incident,
    SubjectType.MISSING_LOCATION: MissingReport,
    SubjectType.INVOLVEMENT: Involvement,
    SubjectType.CUSTODY: CustodyRecord,
    SubjectType.MISSING_REPORT: MissingReport,
}
HOME_SUBJECTS = (SubjectType.INCIDENT_LOCATION, SubjectType.MISSING_LOCATION)


@dataclass
class Candidate:
    target_id: int  # a Child pk for people, a Home pk for locations
    score: float
    evidence: dict[str, Any] = field(default_factory=dict)


@dataclass
class LinkResult:
    """One matcher's verdict on one subject: linked (to `best`), review (candidates) or none."""

    subject_id: int
    outcome: str  # LinkStatus.LINKED | REVIEW | NONE
    best: Candidate | None = None
    method: str = ""
    candidates: list[Candidate] = field(default_factory=list)


def _target_kwargs(subject_type: str, target_id: int | None) -> dict[str, int | None]:
    return {"home_id": target_id} if subject_type in HOME_SUBJECTS else {"child_id": target_id}


def _apply_to_subject(subject_type: str, obj, *, target_id: int | None, status: str, score: float | None,
                      method: str) -> list[str]:
    if subject_type == SubjectType.INCIDENT_LOCATION:
        obj.home_id, obj.home_match_status, obj.home_match_score, obj.home_match_method = (
            target_id, status, score, method[:32])
        return ["home", "home_match_status", "home_match_score", "home_match_method"]
    if subject_type == SubjectType.MISSING_LOCATION:
        obj.home_id = target_id
        return ["home"]
    obj.child_id, obj.link_status, obj.link_probability = target_id, status, score
    return ["child", "link_status", "link_probability"]


def subjects_decided_by_people(subject_type: str, ids: Iterable[int]) -> set[int]:
    """Subjects whose latest decision was a person's: the machine leaves them alone."""
    latest = (
        LinkDecision.objects.filter(subject_type=subject_type, subject_id__in=list(ids), superseded_by__isnull=True)
        .values_list("subject_id", "outcome")
    )
    return {sid for sid, outcome in latest if outcome in HUMAN_OUTCOMES}


def rejected_pairs(subject_type: str, ids: Iterable[int]) -> set[tuple[int, int]]:
    target = "home_id" if subject_type in HOME_SUBJECTS else "child_id"
    return set(
        RejectedPair.objects.filter(subject_type=subject_type, subject_id__in=list(ids)).values_list(
            "subject_id", target
        )
    )


@transaction.atomic
def record_machine_links(*, subject_type: str, results: list[LinkResult], label: str) -> dict[str, int]:
    """Apply a matcher's results in bulk. Returns counts per outcome (and `skipped` for people's decisions)."""
    model = SUBJECT_MODELS[SubjectType(subject_type)]
    counts = {LinkStatus.LINKED: 0, LinkStatus.REVIEW: 0, LinkStatus.NONE: 0, "skipped": 0}
    ids = [r.subject_id for r in results]
    human = subjects_decided_by_people(subject_type, ids)
    rejected = rejected_pairs(subject_type, ids)
    objects = model.objects.in_bulk(ids)
    decisions, reviews, changed, fields = [], [], [], set()
    for result in results:
        obj = objects.get(result.subject_id)
        if obj is None or result.subject_id in human:
            counts["skipped"] += 1
            continue
        candidates = [c for c in result.candidates if (result.subject_id, c.target_id) not in rejected]
        best = result.best if result.best and (result.subject_id, result.best.target_id) not in rejected else None
        outcome = result.outcome
        if outcome == LinkStatus.LINKED and best is None:
            outcome = LinkStatus.REVIEW if candidates else LinkStatus.NONE
        if outcome == LinkStatus.REVIEW and not candidates:
            candidates = [best] if best else []
            if not candidates:
                outcome = LinkStatus.NONE
        target = best.target_id if outcome == LinkStatus.LINKED and best else None
        score = best.score if best else (candidates[0].score if candidates else None)
        fields.update(_apply_to_subject(subject_type, obj, target_id=target, status=outcome, score=score,
                                        method=result.method))
        changed.append(obj)
        decisions.append(LinkDecision(
            subject_type=subject_type, subject_id=result.subject_id, outcome=outcome, score=score,
            method=result.method[:40], decided_by_label=label[:100],
            evidence={"best": best.evidence if best else {}, "candidates": [
                {"id": c.target_id, "score": c.score, "evidence": c.evidence} for c in candidates[:5]]},
            **_target_kwargs(subject_type, target if outcome == LinkStatus.LINKED else
                             (candidates[0].target_id if candidates else None)),
        ))
        if outcome == LinkStatus.REVIEW:
            for c in candidates[:3]:
                reviews.append(ReviewItem(
                    subject_type=subject_type, subject_id=result.subject_id, score=c.score, evidence=c.evidence,
                    candidate_child_id=None if subject_type in HOME_SUBJECTS else c.target_id,
                    candidate_home_id=c.target_id if subject_type in HOME_SUBJECTS else None,
                ))
        counts[outcome] += 1
    if changed:
        _write_subject_fields(model, changed, sorted(fields))
    _supersede_open_decisions(subject_type, [d.subject_id for d in decisions], decisions)
    _close_stale_review_items(subject_type, decisions, reviews)
    if reviews:
        ReviewItem.objects.bulk_create(_new_review_items(subject_type, reviews), batch_size=1000,
                                       ignore_conflicts=True)
    record_audit(actor=None, actor_label=label, action="matching.record_machine_links",
                 object_type=subject_type, object_id="bulk", detail={k: int(v) for k, v in counts.items()})
    return {str(k): v for k, v in counts.items()}


def _new_review_items(subject_type: str, reviews: list[ReviewItem]) -> list[ReviewItem]:
    """Drop items for pairs already queued (in any state). The unique constraint alone does not catch them: its
    other candidate column is NULL, and NULLs never conflict in SQLite or PostgreSQL."""
    existing: set[tuple[int, int | None, int | None]] = set(
        ReviewItem.objects.filter(subject_type=subject_type, subject_id__in={r.subject_id for r in reviews})
        .values_list("subject_id", "candidate_child_id", "candidate_home_id")
    )
    fresh = []
    for r in reviews:
        key = (r.subject_id, r.candidate_child_id, r.candidate_home_id)
        if key not in existing:
            existing.add(key)
            fresh.append(r)
    return fresh


def _supersede_open_decisions(subject_type: str, subject_ids: list[int], new: list[LinkDecision]) -> None:
    previous = list(
        LinkDecision.objects.filter(subject_type=subject_type, subject_id__in=subject_ids, superseded_by__isnull=True)
    )
    created = LinkDecision.objects.bulk_create(new, batch_size=1000)
    by_subject = {d.subject_id: d for d in created}
    if not previous:
        return
    if created and created[0].pk is None:  # backends that do not return keys from bulk_create
        latest = LinkDecision.objects.filter(subject_type=subject_type, subject_id__in=subject_ids).order_by("pk")
        by_subject = {d.subject_id: d for d in latest}
    for d in previous:
        d.superseded_by = by_subject.get(d.subject_id)
    LinkDecision.objects.bulk_update([d for d in previous if d.superseded_by], ["superseded_by"], batch_size=1000)


def _person_decision(*, subject_type: str, subject_id: int, outcome: str, user, target_id: int | None,
                     score: float | None, evidence: dict | None = None) -> LinkDecision:
    decision = LinkDecision(subject_type=subject_type, subject_id=subject_id, outcome=outcome, score=score,
                            method="person", decided_by=user, evidence=evidence or {},
                            **_target_kwargs(subject_type, target_id))
    _supersede_open_decisions(subject_type, [subject_id], [decision])
    return decision


def _set_subject(subject_type: str, subject_id: int, *, target_id: int | None, status: str, score: float | None,
                 method: str) -> None:
    model = SUBJECT_MODELS[SubjectType(subject_type)]
    obj = model.objects.select_for_update().get(pk=subject_id)
    fields = _apply_to_subject(subject_type, obj, target_id=target_id, status=status, score=score, method=method)
    obj.save(update_fields=fields)


def _decide_item(item: ReviewItem, *, user, state: str, action: str, version: int | None,
                 detail: dict | None = None) -> ReviewItem:
    """Lock the item and record the person's decision on it: refused (StaleEdit) if someone decided it after
    `version` was read (None: the version the caller holds)."""
    locked = ReviewItem.objects.select_for_update().get(pk=item.pk)
    save_edit(locked, actor=user, action=action, expected_version=item.version if version is None else version,
              values={"state": state, "decided_at": timezone.now(), "decided_by": user},
              detail={"subject_type": locked.subject_type, "subject_id": locked.subject_id, **(detail or {})})
    return locked


@transaction.atomic
def confirm_review_item(*, item: ReviewItem, user, version: int | None = None) -> LinkDecision:
    """A person confirms a candidate: the subject is linked to it and its other open candidates are closed."""
    target = item.candidate_home_id if item.subject_type in HOME_SUBJECTS else item.candidate_child_id
    _decide_item(item, user=user, state=ReviewItem.State.CONFIRMED, action="matching.confirm_review_item",
                 version=version, detail={"target": target})
    _set_subject(item.subject_type, item.subject_id, target_id=target, status=LinkStatus.LINKED, score=item.score,
                 method="confirmed")
    decision = _person_decision(subject_type=item.subject_type, subject_id=item.subject_id,
                                outcome=LinkDecision.Outcome.CONFIRMED, user=user, target_id=target, score=item.score,
                                evidence={"review_item": item.pk})
    now = timezone.now()
    ReviewItem.objects.filter(subject_type=item.subject_type, subject_id=item.subject_id,
                              state=ReviewItem.State.OPEN).exclude(pk=item.pk).update(
        state=ReviewItem.State.REJECTED, decided_at=now, decided_by=user, version=F("version") + 1)
    return decision


@transaction.atomic
def reject_review_item(*, item: ReviewItem, user, version: int | None = None) -> None:
    """A person rejects a candidate: that pair never comes back. With no candidate left, the subject is unlinked."""
    _decide_item(item, user=user, state=ReviewItem.State.REJECTED, action="matching.reject_review_item",
                 version=version)
    _reject_pair(item.subject_type, item.subject_id, child_id=item.candidate_child_id,
                 home_id=item.candidate_home_id, user=user)
    still_open = ReviewItem.objects.filter(subject_type=item.subject_type, subject_id=item.subject_id,
                                           state=ReviewItem.State.OPEN).exists()
    if not still_open:
        _set_subject(item.subject_type, item.subject_id, target_id=None, status=LinkStatus.NONE, score=None,
                     method="rejected")
        _person_decision(subject_type=item.subject_type, subject_id=item.subject_id,
                         outcome=LinkDecision.Outcome.REJECTED, user=user, target_id=None, score=None,
                         evidence={"review_item": item.pk})


@transaction.atomic
def mark_not_sure(*, item: ReviewItem, user, version: int | None = None) -> None:
    _decide_item(item, user=user, state=ReviewItem.State.NOT_SURE, action="matching.mark_not_sure",
                 version=version)


def _reject_pair(subject_type: str, subject_id: int, *, child_id, home_id, user) -> None:
    if child_id is None and home_id is None:
        return
    RejectedPair.objects.get_or_create(subject_type=subject_type, subject_id=subject_id, child_id=child_id,
                                       home_id=home_id, defaults={"rejected_by": user})


@transaction.atomic
def undo_link(*, subject_type: str, subject_id: int, user, reason: str = "") -> LinkDecision:
    """A person undoes the current link. The pair is remembered as rejected, so it is not made again."""
    model = SUBJECT_MODELS[SubjectType(subject_type)]
    obj = model.objects.select_for_update().get(pk=subject_id)
    target = obj.home_id if subject_type in HOME_SUBJECTS else obj.child_id
    _reject_pair(subject_type, subject_id, child_id=None if subject_type in HOME_SUBJECTS else target,
                 home_id=target if subject_type in HOME_SUBJECTS else None, user=user)
    _set_subject(subject_type, subject_id, target_id=None, status=LinkStatus.NONE, score=None, method="undone")
    decision = _person_decision(subject_type=subject_type, subject_id=subject_id, outcome=LinkDecision.Outcome.UNDONE,
                                user=user, target_id=target, score=None, evidence={"reason": reason})
    record_audit(actor=user, action="matching.undo_link", object_type=subject_type, object_id=str(subject_id),
                 detail={"previous_target": target, "reason": reason})
    return decision


@transaction.atomic
def link_manually(*, subject_type: str, subject_id: int, user, target_id: int) -> LinkDecision:
    """A person links a record to a child (or a location to a home) directly. Any review items still waiting for
    the record are closed as superseded: a person has decided."""
    _set_subject(subject_type, subject_id, target_id=target_id, status=LinkStatus.LINKED, score=None,
                 method="manual")
    ReviewItem.objects.filter(subject_type=subject_type, subject_id=subject_id,
                              state__in=[ReviewItem.State.OPEN, ReviewItem.State.NOT_SURE]).update(
        state=ReviewItem.State.SUPERSEDED, decided_at=timezone.now(), decided_by=user)
    RejectedPair.objects.filter(subject_type=subject_type, subject_id=subject_id,
                                **_target_kwargs(subject_type, target_id)).delete()
    decision = _person_decision(subject_type=subject_type, subject_id=subject_id,
                                outcome=LinkDecision.Outcome.CONFIRMED, user=user, target_id=target_id, score=None,
                                evidence={"manual": True})
    record_audit(actor=user, action="matching.link_manually", object_type=subject_type, object_id=str(subject_id),
                 detail={"target": target_id})
    return decision


def _write_subject_fields(model, objects: list, fields: list[str]) -> None:
    """Write the link fields of many subjects. Most results share their values (e.g. "not a home", no score), so
    rows with identical values are written with one UPDATE per group; only the rest go through bulk_update."""
    attnames = [model._meta.get_field(f).attname for f in fields]
    groups: dict[tuple, list[int]] = {}
    for obj in objects:
        groups.setdefault(tuple(getattr(obj, a) for a in attnames), []).append(obj.pk)
    singles = []
    for values, pks in groups.items():
        if len(pks) < 20:
            singles.extend(pks)
            continue
        for start in range(0, len(pks), 5000):
            model.objects.filter(pk__in=pks[start:start + 5000]).update(**dict(zip(attnames, values, strict=True)))
    if singles:
        wanted = set(singles)
        model.objects.bulk_update([o for o in objects if o.pk in wanted], fields, batch_size=1000)


def _close_stale_review_items(subject_type: str, decisions: list[LinkDecision], reviews: list[ReviewItem]) -> None:
    """A rematch that no longer proposes a queued candidate closes that item as superseded: the queue only holds
    questions the latest match still asks. Items a person already answered are left as they are."""
    still_asked = {(r.subject_id, r.candidate_child_id, r.candidate_home_id) for r in reviews}
    open_items = ReviewItem.objects.filter(subject_type=subject_type, state=ReviewItem.State.OPEN,
                                           subject_id__in=[d.subject_id for d in decisions])
    stale = [pk for pk, sid, child, home in open_items.values_list("pk", "subject_id", "candidate_child_id",
                                                                   "candidate_home_id")
             if (sid, child, home) not in still_asked]
    for start in range(0, len(stale), 5000):
        ReviewItem.objects.filter(pk__in=stale[start:start + 5000]).update(state=ReviewItem.State.SUPERSEDED,
                                                                         decided_at=timezone.now())
