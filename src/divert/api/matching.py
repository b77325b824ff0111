"""Review queue and link undo over the API: the same actions as the pages.

GET  /api/v1/review-items                      open items (or ?state=not_sure)
POST /api/v1/review-items/{id}/confirm|reject|not-sure
POST /api/v1/links/undo                        {subject_type, subject_id, reason}
POST /api/v1/links/manual                      {subject_type, subject_id, reference (child ID or home URN)}
Analysts, CiCPOs and administrators only; every response that names a child writes an access-log row.
"""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from divert.api.errors import also
from divert.api.pagination import PageParams, paged
from divert.core.audit import log_access
from divert.core.scoping import check_roles
from divert.core.versioning import StaleEdit
from divert.matching import actions, selectors
from divert.matching.access import REVIEW_ROLES
from divert.matching.models import ReviewItem, SubjectType

router = Router(tags=["matching"])


class ReviewItemOut(Schema):
    id: int
    subject_type: str
    subject_id: int
    candidate_child_id: str | None = None
    candidate_home_urn: str | None = None
    score: float | None = None
    state: str
    version: int
    agree: list[str] = []
    disagree: list[str] = []
    fields: dict = {}


class UndoIn(Schema):
    subject_type: SubjectType
    subject_id: int
    reason: str = ""


class LinkDecisionOut(Schema):
    decision_id: int
    outcome: str
    subject_type: str
    subject_id: int


DecisionOut = LinkDecisionOut  # OpenAPI names schemas by class: each needs a name of its own


def _check(request) -> None:
    try:
        check_roles(request.user, *REVIEW_ROLES)
    except PermissionDenied as exc:
        raise HttpError(403, "Only analysts, CiCPOs and administrators can use the review queue") from exc


def _out(item: ReviewItem) -> ReviewItemOut:
    ev = item.evidence or {}
    return ReviewItemOut(
        id=item.pk, subject_type=item.subject_type, subject_id=item.subject_id,
        candidate_child_id=item.candidate_child.child_id if item.candidate_child is not None else None,
        candidate_home_urn=item.candidate_home.urn if item.candidate_home is not None else None,
        score=item.score, state=item.state, version=item.version,
        agree=list(ev.get("agree", [])), disagree=list(ev.get("disagree", [])),
        fields=ev.get("fields", {}) if isinstance(ev.get("fields", {}), dict) else {},
    )


@router.get("/review-items", response=list[ReviewItemOut],
            summary="The review queue, a page at a time (X-Total-Count: all)")
def list_review_items(request, response: HttpResponse, page: Query[PageParams],
                      state: ReviewItem.State = ReviewItem.State.OPEN):
    _check(request)
    items = selectors.items_in_order(paged(selectors.review_queue_ids(state=state), page, response))
    log_access(user=request.user, children=[i.candidate_child for i in items if i.candidate_child_id],
               channel="api", what="review items", path=request.path)
    return [_out(i) for i in items]


def _decide(request, item_id: int, action, version: int | None) -> ReviewItemOut:
    _check(request)
    item = get_object_or_404(ReviewItem.objects.select_related("candidate_child", "candidate_home"), pk=item_id)
    if item.state not in selectors.QUEUE_STATES:
        raise HttpError(409, "This item has already been decided")
    try:
        action(item=item, user=request.user, version=version)
    except StaleEdit as exc:
        raise HttpError(409, exc.messages[0]) from exc
    item.refresh_from_db()
    if item.candidate_child_id:
        log_access(user=request.user, children=item.candidate_child, channel="api", what="review item",
                   path=request.path)
    return _out(item)


@router.post("/review-items/{item_id}/confirm", response=ReviewItemOut, openapi_extra=also(409))
def confirm(request, item_id: int, version: int | None = None):
    """`version` (from GET): refused with 409 if someone decided the item after that read."""
    return _decide(request, item_id, actions.confirm_review_item, version)


@router.post("/review-items/{item_id}/reject", response=ReviewItemOut, openapi_extra=also(409))
def reject(request, item_id: int, version: int | None = None):
    """`version` (from GET): refused with 409 if someone decided the item after that read."""
    return _decide(request, item_id, actions.reject_review_item, version)


@router.post("/review-items/{item_id}/not-sure", response=ReviewItemOut, openapi_extra=also(409))
def not_sure(request, item_id: int, version: int | None = None):
    """`version` (from GET): refused with 409 if someone decided the item after that read."""
    return _decide(request, item_id, actions.mark_not_sure, version)


def _linked_subject(request, subject_type: str, subject_id: int, *, linked: bool):
    """The record a link call is about, after the role check; 422/404 for a bad reference, 409 unless the
    record's link state is `linked`."""
    _check(request)
    subject = selectors.subject_of(subject_type, subject_id)
    if subject is None:
        raise HttpError(404, "No such record")
    if (selectors.current_target(subject_type, subject) is not None) != linked:
        raise HttpError(409, "This record is not linked" if linked else
                        "This record is already linked: undo the link first")
    return subject


def _decision_out(request, decision, what: str) -> DecisionOut:
    if decision.child_id:
        log_access(user=request.user, children=[decision.child_id], channel="api", what=what, path=request.path)
    return DecisionOut(decision_id=decision.pk, outcome=decision.outcome, subject_type=decision.subject_type,
                       subject_id=decision.subject_id)


@router.post("/links/undo", response=DecisionOut, openapi_extra=also(404, 409))
def undo_link(request, payload: UndoIn):
    _linked_subject(request, payload.subject_type, payload.subject_id, linked=True)
    decision = actions.undo_link(subject_type=payload.subject_type, subject_id=payload.subject_id,
                                 user=request.user, reason=payload.reason)
    return _decision_out(request, decision, "undo link")


class ManualLinkIn(Schema):
    subject_type: SubjectType
    subject_id: int
    reference: str


@router.post("/links/manual", response=DecisionOut, openapi_extra=also(404, 409))
def link_manually(request, payload: ManualLinkIn):
    """Link a record by hand to a child (by the register's child ID) or a home (by URN) the caller may see."""
    _linked_subject(request, payload.subject_type, payload.subject_id, linked=False)
    found = selectors.manual_target(payload.subject_type, request.user, payload.reference)
    if found is None:
        raise HttpError(404, "No child or home with that reference that you can see")
    decision = actions.link_manually(subject_type=payload.subject_type, subject_id=payload.subject_id,
                                     user=request.user, target_id=found[0])
    return _decision_out(request, decision, "manual link")
