"""Missing from care API: episodes, return interviews, referrals, finalisation, compliance, escalations.

Thin: every write calls divert.missing.actions, so the finalisation rule holds here as on the page and the CLI.
"""

import datetime as dt
from functools import wraps

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema

from divert.api.pagination import IsoDate, PageParams, paged
from divert.core.audit import get_visible_or_404, log_access, show
from divert.core.scoping import check_roles
from divert.core.versioning import StaleEdit
from divert.missing import actions
from divert.missing.access import COMPLIANCE_ROLES, EPISODE_ROLES, ESCALATION_ROLES
from divert.missing.models import ComplianceItem, Escalation, ReturnInterview
from divert.missing.selectors import compliance_items, episodes_visible_to, finalisation_blockers

router = Router(tags=["missing"])


class MissingProblem(Schema):
    detail: str
    blockers: list[str] = []


Problem = MissingProblem  # OpenAPI names schemas by class: each needs a name of its own


class Stale(Schema):
    """A save refused because the record changed since the caller read it (send `version` again to overwrite)."""

    detail: str
    version: int
    changes: list[dict]


class InterviewOut(Schema):
    version: int
    state: str
    due_at: dt.datetime
    offered_at: dt.datetime | None = None
    completed_at: dt.datetime | None = None
    reason: str = ""
    exploitation_concerns: list[str] = []


class EpisodeOut(Schema):
    id: int
    version: int
    child_id: str
    category: str
    state: str
    started_at: dt.datetime
    ended_at: dt.datetime | None = None
    risk_grade: str
    home_urn: str | None = None
    found_postcode: str = ""
    return_interview: InterviewOut | None = None
    referrals_recorded: bool
    blockers: list[str] = []


class InterviewIn(Schema):
    outcome: str
    reason: str = ""
    conducted_by: str = ""
    harm_suffered: bool | None = None
    push_factors: list[str] = []
    pull_factors: list[str] = []
    exploitation_concerns: list[str] = []
    where_text: str = ""
    with_whom_text: str = ""
    notes: str = ""
    version: int = 0  # the return interview's version, from GET (optimistic concurrency)


class ReferralsIn(Schema):
    agencies: list[str] = []
    note: str = ""
    none_needed_reason: str = ""
    version: int = 0  # the episode's version, from GET


class ItemOut(Schema):
    id: int
    rule: str
    run_date: dt.date
    episode_id: int | None = None
    home_urn: str | None = None
    detail: dict


class EscalationIn(Schema):
    item_id: int
    to: str
    owner: str  # username
    due_on: dt.date
    note: str = ""


class EscalationOut(Schema):
    id: int
    version: int
    item_id: int
    to: str
    owner: str
    state: str
    due_on: dt.date
    note: str
    resolution: str = ""


class EscalationStateIn(Schema):
    state: str
    note: str = ""
    version: int = 0  # the escalation's version, from GET: a move made from an older one is refused (409)


def _guard(view):
    """Turn the actions' PermissionDenied and ValidationError into 403 and 400 answers."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except actions.FinalisationBlocked as exc:
            return 409, {"detail": "The episode cannot be finalised yet.", "blockers": exc.blockers}
        except StaleEdit as exc:
            return 409, exc.as_dict()
        except PermissionDenied as exc:
            return 403, {"detail": str(exc) or "Forbidden"}
        except ValidationError as exc:
            return 400, {"detail": "; ".join(exc.messages)}

    return wrapper


def _episode_out(e) -> dict:
    ri = ReturnInterview.objects.filter(episode=e).first()
    return {
        "id": e.pk, "version": e.version, "child_id": e.child.child_id, "category": e.category, "state": e.state,
        "started_at": e.started_at, "ended_at": e.ended_at, "risk_grade": e.risk_grade,
        "home_urn": e.home.urn if e.home else None, "found_postcode": e.found_postcode,
        "return_interview": None if ri is None else {
            "version": ri.version, "state": ri.state, "due_at": ri.due_at, "offered_at": ri.offered_at,
            "completed_at": ri.completed_at,
            "reason": ri.reason, "exploitation_concerns": ri.exploitation_concerns},
        "referrals_recorded": e.referrals_recorded_at is not None, "blockers": finalisation_blockers(e)}


def _shown(request, e, *, refresh: bool = False):
    """Answer with one episode (read again after a write, when `refresh`), writing its child's access-log row."""
    if refresh:
        e.refresh_from_db()
    show(request, e.child, what=f"missing episode {e.pk}")
    return 200, _episode_out(e)


def _get_episode(request, episode_id: int):
    check_roles(request.user, *EPISODE_ROLES)
    return get_visible_or_404(request, episodes_visible_to(request.user), what=f"missing episode {episode_id}",
                              pk=episode_id)


@router.get("/missing/episodes", response={200: list[EpisodeOut], 403: Problem})
@_guard
def list_episodes(request, response: HttpResponse, page: Query[PageParams], state: str = ""):
    check_roles(request.user, *EPISODE_ROLES)
    qs = episodes_visible_to(request.user)
    if state:
        qs = qs.filter(state=state)
    episodes = paged(qs.order_by("-started_at", "-pk"), page, response)
    show(request, [e.child for e in episodes], what="missing episodes")
    return 200, [_episode_out(e) for e in episodes]


@router.get("/missing/episodes/{episode_id}", response={200: EpisodeOut, 403: Problem, 404: Problem})
@_guard
def get_episode(request, episode_id: int):
    e = _get_episode(request, episode_id)
    return _shown(request, e)


@router.post("/missing/episodes/{episode_id}/return-interview",
             response={200: EpisodeOut, 400: Problem, 403: Problem, 404: Problem, 409: Stale})
@_guard
def record_return_interview(request, episode_id: int, payload: InterviewIn):
    e = _get_episode(request, episode_id)
    interview = get_object_or_404(ReturnInterview, episode=e)
    actions.record_return_interview(interview=interview, user=request.user, **payload.dict())
    return _shown(request, e, refresh=True)


@router.post("/missing/episodes/{episode_id}/referrals",
             response={200: EpisodeOut, 400: Problem, 403: Problem, 404: Problem, 409: Stale})
@_guard
def record_referrals(request, episode_id: int, payload: ReferralsIn):
    e = _get_episode(request, episode_id)
    actions.record_referrals(episode=e, user=request.user, referrals=[(a, payload.note) for a in payload.agencies],
                             none_needed_reason=payload.none_needed_reason, version=payload.version)
    return _shown(request, e, refresh=True)


@router.post("/missing/episodes/{episode_id}/finalise",
             response={200: EpisodeOut, 403: Problem, 404: Problem, 409: Problem})
@_guard
def finalise(request, episode_id: int, version: int | None = None):
    e = _get_episode(request, episode_id)
    e = actions.finalise_episode(episode=e, user=request.user, version=version)
    return _shown(request, e)


def _items_out(items) -> list[dict]:
    return [{"id": i.pk, "rule": i.rule, "run_date": i.run_date, "episode_id": i.episode_id,
             "home_urn": i.home.urn if i.home else None, "detail": i.detail} for i in items]


@router.get("/missing/compliance", response={200: list[ItemOut], 403: Problem})
@_guard
def compliance(request, response: HttpResponse, page: Query[PageParams], date: IsoDate | None = None):
    """Read only: the day's stored findings. Run the check with POST /missing/compliance/run (or the CLI)."""
    from django.utils import timezone

    check_roles(request.user, *COMPLIANCE_ROLES)
    run_date = date or timezone.localdate()
    items = paged(compliance_items(run_date=run_date), page, response)
    log_access(user=request.user, children=[i.episode.child for i in items if i.episode], channel="api",
               what=f"missing compliance {run_date}", path=request.path)
    return 200, _items_out(items)


@router.post("/missing/compliance/run", response={200: list[ItemOut], 400: Problem, 403: Problem})
@_guard
def run_compliance(request, date: IsoDate | None = None):
    """Run the day's compliance check: the same action as `divert missing compliance`; answers the day's items."""
    from django.utils import timezone

    check_roles(request.user, *COMPLIANCE_ROLES)
    run_date = date or timezone.localdate()
    if run_date > timezone.localdate():
        return 400, {"detail": "The compliance check cannot run for a future date."}
    actions.run_daily_compliance(run_date=run_date, actor=request.user)
    items = compliance_items(run_date=run_date)
    log_access(user=request.user, children=[i.episode.child for i in items if i.episode], channel="api",
               what=f"missing compliance {run_date}", path=request.path)
    return 200, _items_out(items)


def _escalation_out(x) -> dict:
    return {"id": x.pk, "version": x.version, "item_id": x.item_id, "to": x.to, "owner": x.owner.username,
            "state": x.state, "due_on": x.due_on, "note": x.note, "resolution": x.resolution}


@router.get("/missing/escalations", response={200: list[EscalationOut], 403: Problem})
@_guard
def list_escalations(request, response: HttpResponse, page: Query[PageParams], state: str = ""):
    check_roles(request.user, *ESCALATION_ROLES)
    qs = Escalation.objects.select_related("owner").order_by("due_on", "pk")
    if state:
        qs = qs.filter(state=state)
    return 200, [_escalation_out(x) for x in paged(qs, page, response)]


@router.post("/missing/escalations", response={201: EscalationOut, 400: Problem, 403: Problem, 404: Problem})
@_guard
def create_escalation(request, payload: EscalationIn):
    item = get_object_or_404(ComplianceItem, pk=payload.item_id)
    owner = get_object_or_404(get_user_model(), username=payload.owner)
    x = actions.escalate(item=item, user=request.user, to=payload.to, owner=owner, due_on=payload.due_on,
                         note=payload.note)
    return 201, _escalation_out(x)


@router.post("/missing/escalations/{escalation_id}/state",
             response={200: EscalationOut, 400: Problem, 403: Problem, 404: Problem, 409: Stale})
@_guard
def update_escalation(request, escalation_id: int, payload: EscalationStateIn):
    """`version` (from GET): refused with 409, saying what changed, if someone moved the escalation after that read."""
    x = get_object_or_404(Escalation, pk=escalation_id)
    x = actions.update_escalation(escalation=x, user=request.user, state=payload.state, note=payload.note,
                                  version=payload.version)
    return 200, _escalation_out(x)
