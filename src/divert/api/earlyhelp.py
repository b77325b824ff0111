"""Early help API: the caseload, families not in care, a referral and its work, reassigning it, the cohort
report. Thin: every write calls divert.earlyhelp.actions, so the named-worker rule holds here as on the page and
the CLI."""

import datetime as dt
from functools import wraps
from typing import Literal

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from ninja import Field, Query, Router, Schema
from pydantic import StrictBool

from divert.api.pagination import IsoDate, PageParams, paged
from divert.core.audit import get_visible_or_404, log_access
from divert.core.scoping import check_roles
from divert.earlyhelp import actions
from divert.earlyhelp.access import (
    CASE_ROLES,
    COHORT_ROLES,
    REFER_ROLES,
    WORK_ROLES,
    families_visible_to,
    log_family_access,
    log_referrals_shown,
    referrals_visible_to,
    refuse_referral_or_family,
    visible_or_404,
)
from divert.earlyhelp.models import Family, InterventionType
from divert.earlyhelp.selectors import CaseRow, caseload, cohort_report, referral_detail
from divert.registers.access import children_visible_to

router = Router(tags=["early help"])


class EarlyHelpProblem(Schema):
    detail: str


Problem = EarlyHelpProblem  # OpenAPI names schemas by class: each needs a name of its own


class ContactOut(Schema):
    on: dt.date
    intervention: str
    child_engaged: bool
    note: str


class ReviewOut(Schema):
    reviewed_on: dt.date
    risk: str
    note: str


class ReferralOut(Schema):
    id: int
    child_id: str | None  # the 903 CHILD id of a child on the register
    family: str | None  # the case reference of a family not in care
    referred_on: dt.date
    source: str
    concern: str
    reason: str
    worker: str
    initial_risk: str
    latest_risk: str | None
    trajectory: str
    review_due: bool
    earlier_referrals: int
    closed_on: dt.date | None
    closure: str
    contacts: list[ContactOut]
    reviews: list[ReviewOut]


Risk = Literal["none", "low", "medium", "high"]


class FamilyReferralIn(Schema):
    worker: str  # the PCSO's username
    source: Literal["school", "police", "social_care", "health", "family", "other"]
    concern: Literal["asb", "exploitation", "missing", "family", "school"]
    reason: str = Field(min_length=1, pattern=r"\S")
    initial_risk: Risk
    referred_on: IsoDate | None = None


class ReferralIn(Schema):
    child_pk: int
    worker: str  # the PCSO's username
    source: Literal["school", "police", "social_care", "health", "family", "other"]
    concern: Literal["asb", "exploitation", "missing", "family", "school"]
    reason: str = Field(min_length=1, pattern=r"\S")
    initial_risk: Risk
    referred_on: IsoDate | None = None


_THIS_YEAR = dt.date.today().year


class FamilyIn(Schema):
    """Pseudonymous details only (earlyhelp.rules.family_details_problem checks them again on save)."""

    reference: str = Field(pattern=r"^\S{1,40}$")  # the service's case reference, not a name
    initials: str = Field("", pattern=r"^[A-Za-z]{0,3}$")
    birth_year: int | None = Field(None, ge=_THIS_YEAR - 18, le=_THIS_YEAR)
    # The first half of the postcode only (A9, A99, A9A, AA9, AA99, AA9A).
    postcode_district: str = Field("", pattern=r"^([A-Za-z][0-9][A-Za-z0-9]{0,2}|[A-Za-z]{2}[0-9][A-Za-z0-9]?|"
                                             r"[A-Za-z]{3}[0-9])?$")


class FamilyOut(Schema):
    id: int
    reference: str
    initials: str
    birth_year: int | None
    postcode_district: str


class ReassignIn(Schema):
    worker: str  # the new PCSO's username
    reason: str = ""


class ContactIn(Schema):
    intervention: str  # the intervention's code
    on: IsoDate
    child_engaged: StrictBool = True
    note: str = ""


class ReviewIn(Schema):
    risk: Risk
    reviewed_on: IsoDate | None = None
    note: str = ""


class CloseIn(Schema):
    closure: Literal["needs_met", "stepped_down", "stepped_up", "declined", "moved"]
    closed_on: IsoDate | None = None
    note: str = ""


class CohortOut(Schema):
    year: int
    label: str
    referrals: int
    children: int  # children and families, each counted once
    in_care: int
    not_in_care: int
    closed: int
    open: int
    closures_followed_up: int
    re_referred: int
    re_referral_percent: int | None
    closures_pending: int
    trajectories: dict[str, int]
    concerns: dict[str, int]
    interventions: dict[str, int]


def _guard(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as exc:
            return 403, {"detail": str(exc) or "Forbidden"}
        except ValidationError as exc:
            return 400, {"detail": "; ".join(exc.messages)}
        except Http404:
            return 404, {"detail": "Not found."}

    return wrapper


def _out(row: CaseRow) -> dict:
    r = row.referral
    return {"id": r.pk, "child_id": r.child.child_id if r.child is not None else None,
            "family": r.family.reference if r.family is not None else None, "referred_on": r.referred_on,
            "source": r.source,
            "concern": r.concern, "reason": r.reason, "worker": r.worker.get_username(),
            "initial_risk": r.initial_risk, "latest_risk": row.latest_risk, "trajectory": row.trajectory,
            "review_due": row.review_due, "earlier_referrals": row.earlier_referrals, "closed_on": r.closed_on,
            "closure": r.closure,
            "contacts": [{"on": c.on, "intervention": c.intervention.code, "child_engaged": c.child_engaged,
                          "note": c.note} for c in r.contacts.all()],
            "reviews": [{"reviewed_on": v.reviewed_on, "risk": v.risk, "note": v.note} for v in r.reviews.all()]}


def _detail(request, pk: int, what: str) -> dict:
    row = referral_detail(user=request.user, pk=pk)
    if row is None:
        refuse_referral_or_family(request, what=what, referral_pk=pk, channel="api")
        raise Http404
    log_referrals_shown(user=request.user, referrals=[row.referral], channel="api", what=what, path=request.path)
    return _out(row)


def _visible(request, pk: int):
    return visible_or_404(request, referrals_visible_to(request.user).select_related("child", "family"),
                          kind="referral", what="early-help referral", pk=pk, channel="api")


@router.get("/early-help/referrals", response={200: list[ReferralOut], 403: Problem})
@_guard
def list_referrals(request, response: HttpResponse, page: Query[PageParams], open_only: bool = True):
    """The caller's caseload: a PCSO's own referrals; the service's every referral (open ones by default)."""
    check_roles(request.user, *CASE_ROLES)
    rows = paged(caseload(user=request.user, open_only=open_only), page, response)
    log_referrals_shown(user=request.user, referrals=[r.referral for r in rows], channel="api",
                        what="early-help caseload", path=request.path)
    return 200, [_out(r) for r in rows]


@router.get("/early-help/referrals/{referral_id}", response={200: ReferralOut, 403: Problem, 404: Problem})
@_guard
def get_referral(request, referral_id: int):
    check_roles(request.user, *CASE_ROLES)
    return 200, _detail(request, referral_id, "early-help referral")


@router.post("/early-help/referrals", response={201: ReferralOut, 400: Problem, 403: Problem, 404: Problem})
@_guard
def make_referral(request, payload: ReferralIn):
    """Refer a child on the register (a family not in care: POST /early-help/families/{id}/referrals)."""
    check_roles(request.user, *REFER_ROLES)
    child = get_visible_or_404(request, children_visible_to(request.user), what="early-help referral",
                               child_field="pk", pk=payload.child_pk)
    return _refer(request, payload, child=child)


@router.post("/early-help/families/{family_id}/referrals",
             response={201: ReferralOut, 400: Problem, 403: Problem, 404: Problem})
@_guard
def refer_family(request, family_id: int, payload: FamilyReferralIn):
    """Refer a family not in care (recorded with POST /early-help/families) to early help."""
    check_roles(request.user, *REFER_ROLES)
    return _refer(request, payload, family=_visible_family(request, family_id))


def _refer(request, payload: ReferralIn | FamilyReferralIn, *, child=None, family: Family | None = None):
    """Refer the child on the register or the family not in care, then answer 201 with the referral's detail."""
    r = actions.refer(actor=request.user, child=child, family=family, worker=_pcso(payload.worker),
                      source=payload.source, concern=payload.concern, reason=payload.reason,
                      initial_risk=payload.initial_risk, referred_on=payload.referred_on)
    return 201, _detail(request, r.pk, "early-help referral made")


def _visible_family(request, family_id: int) -> Family:
    return visible_or_404(request, families_visible_to(request.user), kind="family",
                          what="early-help family not in care", pk=family_id, channel="api")


def _pcso(username: str):
    worker = get_user_model().objects.filter(username=username).first()
    if worker is None:
        raise ValidationError(f"No user {username!r}.")
    return worker


def _family_out(f: Family) -> dict:
    return {"id": f.pk, "reference": f.reference, "initials": f.initials, "birth_year": f.birth_year,
            "postcode_district": f.postcode_district}


@router.post("/early-help/families", response={201: FamilyOut, 400: Problem, 403: Problem, 409: Problem})
@_guard
def record_family(request, payload: FamilyIn):
    """Record a child and family not in care (pseudonymous: case reference, initials, year of birth, postcode
    district), to refer them with POST /early-help/families/{id}/referrals. A case reference already recorded
    is a 409."""
    check_roles(request.user, *REFER_ROLES)
    if Family.objects.filter(reference=payload.reference.strip().upper()).exists():
        return 409, {"detail": "A family with this case reference is already recorded."}
    f = actions.record_family(actor=request.user, reference=payload.reference, initials=payload.initials,
                              birth_year=payload.birth_year, postcode_district=payload.postcode_district)
    log_family_access(user=request.user, families=[f], channel="api", what="early-help family recorded",
                      path=request.path)
    return 201, _family_out(f)


@router.get("/early-help/families/{family_id}", response={200: FamilyOut, 403: Problem, 404: Problem})
@_guard
def get_family(request, family_id: int):
    check_roles(request.user, *CASE_ROLES)
    f = _visible_family(request, family_id)
    log_family_access(user=request.user, families=[f], channel="api", what="early-help family",
                      path=request.path)
    return 200, _family_out(f)


@router.post("/early-help/referrals/{referral_id}/reassign",
             response={200: ReferralOut, 400: Problem, 403: Problem, 404: Problem})
@_guard
def reassign(request, referral_id: int, payload: ReassignIn):
    """Name another PCSO as the worker on an open referral (the early help service)."""
    check_roles(request.user, *REFER_ROLES)
    r = _visible(request, referral_id)
    actions.reassign(actor=request.user, referral=r, worker=_pcso(payload.worker), reason=payload.reason)
    return 200, _detail(request, r.pk, "early-help referral reassigned")


@router.post("/early-help/referrals/{referral_id}/contacts",
             response={201: ReferralOut, 400: Problem, 403: Problem, 404: Problem})
@_guard
def record_contact(request, referral_id: int, payload: ContactIn):
    check_roles(request.user, *WORK_ROLES)
    r = _visible(request, referral_id)
    kind = InterventionType.objects.filter(code=payload.intervention).first()
    if kind is None:
        raise ValidationError(f"Unknown intervention {payload.intervention!r}.")
    actions.record_contact(actor=request.user, referral=r, intervention=kind, on=payload.on,
                           child_engaged=payload.child_engaged, note=payload.note)
    return 201, _detail(request, r.pk, "early-help contact recorded")


@router.post("/early-help/referrals/{referral_id}/reviews",
             response={201: ReferralOut, 400: Problem, 403: Problem, 404: Problem})
@_guard
def record_review(request, referral_id: int, payload: ReviewIn):
    check_roles(request.user, *WORK_ROLES)
    r = _visible(request, referral_id)
    actions.record_review(actor=request.user, referral=r, risk=payload.risk, reviewed_on=payload.reviewed_on,
                          note=payload.note)
    return 201, _detail(request, r.pk, "early-help review recorded")


@router.post("/early-help/referrals/{referral_id}/close",
             response={200: ReferralOut, 400: Problem, 403: Problem, 404: Problem})
@_guard
def close_referral(request, referral_id: int, payload: CloseIn):
    check_roles(request.user, *WORK_ROLES)
    r = _visible(request, referral_id)
    actions.close_referral(actor=request.user, referral=r, closure=payload.closure, closed_on=payload.closed_on,
                           note=payload.note)
    return 200, _detail(request, r.pk, "early-help referral closed")


@router.get("/early-help/cohorts", response={200: list[CohortOut], 403: Problem})
@_guard
def cohorts(request):
    """The cohort report: referrals by the year they were made, re-referrals within 12 months, risk trajectories
    (aggregate; no child named)."""
    check_roles(request.user, *COHORT_ROLES)
    log_access(user=request.user, children=None, channel="api", what="early-help cohort report", path=request.path)
    return 200, [{"year": c.year, "label": c.label, "referrals": c.referrals, "children": c.children,
                  "in_care": c.in_care, "not_in_care": c.not_in_care, "closed": c.closed, "open": c.open,
                  "closures_followed_up": c.re_referral.closed,
                  "re_referred": c.re_referral.re_referred, "re_referral_percent": c.re_referral.percent,
                  "closures_pending": c.re_referral.pending, "trajectories": c.trajectories,
                  "concerns": c.concerns, "interventions": c.interventions} for c in cohort_report()]
