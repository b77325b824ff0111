"""Protocol cases and the OOCD panel API. Thin: every write calls divert.protocol.actions, so the sending and
first-time-entrant rules hold here as on the page and the CLI."""

import datetime as dt
from functools import wraps

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema

from divert.api.pagination import PageParams, paged
from divert.core.audit import log_access
from divert.police.access import incidents_visible_to
from divert.police.models import CustodyRecord
from divert.protocol import actions
from divert.protocol.models import Outcome, SectionResponse
from divert.protocol.rules import first_time_entrant
from divert.protocol.selectors import case_file, cases_visible_to, get_case_for, previous_decisions
from divert.registers.access import children_visible_to

router = Router(tags=["protocol"])


class Problem(Schema):
    detail: str
    missing: list[str] = []
    first_time_entrant: bool = False


class SectionOut(Schema):
    id: int
    form: str
    key: str
    title: str
    requirement: str
    owner_role: str
    state: str
    text: str
    prefilled: list[dict]


class CaseOut(Schema):
    id: int
    child_id: str
    home_urn: str | None = None
    suspected_offence: str
    offence_on: dt.date | None = None
    opened_from: str
    state: str
    referred_to_cps: bool
    missing: list[str]
    sections: list[SectionOut]


class OpenIn(Schema):
    child_id: int
    opened_from: str = "by_hand"
    incident_id: int | None = None
    custody_record_id: int | None = None
    suspected_offence: str = ""
    offence_on: dt.date | None = None


class SectionIn(Schema):
    text: str
    state: str = "complete"


class SendIn(Schema):
    to: str


class InterventionIn(Schema):
    description: str
    owner: str
    due_on: dt.date


class DecisionIn(Schema):
    outcome: str
    gravity_score: int
    departure_rationale: str = ""
    aggravating_factors: str = ""
    mitigating_factors: str = ""
    admission: bool | None = None
    victim_views: str = ""
    victim_consents_to_restorative: bool | None = None
    child_views: str = ""
    carer_views: str = ""
    decided_by: str = "joint"
    interventions: list[InterventionIn] = []
    review_on: dt.date | None = None
    first_time_entrant_confirmed: bool = False


class DecisionOut(Schema):
    id: int
    case_id: int
    outcome: str
    first_time_entrant: bool


class FteOut(Schema):
    outcome: str
    first_time_entrant: bool
    possible_if_convicted: bool
    reason: str
    history: list[str]


def _guard(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except actions.CaseIncomplete as exc:
            return 409, {"detail": "The case cannot be sent until its mandatory sections are complete.",
                         "missing": exc.missing}
        except actions.FirstTimeEntrantNotConfirmed as exc:
            return 409, {"detail": exc.messages[0], "first_time_entrant": True}
        except PermissionDenied as exc:
            return 403, {"detail": str(exc) or "Forbidden"}
        except ValidationError as exc:
            return 400, {"detail": "; ".join(exc.messages)}

    return wrapper


def _case_out(case) -> dict:
    f = case_file(case)
    sections = [{"id": r.pk, "form": form.version.template.slug, "key": r.section.key, "title": r.section.title,
                 "requirement": r.section.requirement, "owner_role": r.owner_role, "state": r.state,
                 "text": r.text, "prefilled": r.prefilled} for form, rs in f.forms for r in rs]
    return {"id": case.pk, "child_id": case.child.child_id, "home_urn": case.home.urn if case.home else None,
            "suspected_offence": case.suspected_offence, "offence_on": case.offence_on,
            "opened_from": case.opened_from, "state": case.state, "referred_to_cps": case.referred_to_cps,
            "missing": f.missing, "sections": sections}


def _case(request, case_id: int):
    case = get_case_for(request.user, case_id)
    log_access(user=request.user, children=case.child, channel="api", what=f"protocol case {case.pk}",
               path=request.path)
    return case


@router.get("/protocol/cases", response={200: list[CaseOut], 403: Problem})
@_guard
def list_cases(request, response: HttpResponse, page: Query[PageParams], state: str = ""):
    qs = cases_visible_to(request.user)
    if state:
        qs = qs.filter(state=state)
    cases = paged(qs, page, response)
    log_access(user=request.user, children=[c.child for c in cases], channel="api", what="protocol cases",
               path=request.path)
    return 200, [_case_out(c) for c in cases]


@router.post("/protocol/cases", response={200: CaseOut, 201: CaseOut, 400: Problem, 403: Problem, 404: Problem})
@_guard
def open_case(request, payload: OpenIn):
    child = get_object_or_404(children_visible_to(request.user), pk=payload.child_id)
    incident = (get_object_or_404(incidents_visible_to(request.user), pk=payload.incident_id)
                if payload.incident_id else None)
    custody = get_object_or_404(CustodyRecord, pk=payload.custody_record_id) if payload.custody_record_id else None
    case, created = actions.open_case(actor=request.user, child=child, opened_from=payload.opened_from,
                                      incident=incident, custody_record=custody,
                                      suspected_offence=payload.suspected_offence, offence_on=payload.offence_on)
    log_access(user=request.user, children=child, channel="api", what=f"protocol case {case.pk}", path=request.path)
    return (201 if created else 200), _case_out(case)


@router.get("/protocol/cases/{case_id}", response={200: CaseOut, 404: Problem})
@_guard
def get_case(request, case_id: int):
    return 200, _case_out(_case(request, case_id))


@router.post("/protocol/cases/{case_id}/sections/{section_id}",
             response={200: CaseOut, 400: Problem, 403: Problem, 404: Problem})
@_guard
def fill_section(request, case_id: int, section_id: int, payload: SectionIn):
    case = _case(request, case_id)
    response = get_object_or_404(SectionResponse, pk=section_id, form__case=case)
    actions.fill_section(actor=request.user, response=response, text=payload.text, state=payload.state)
    return 200, _case_out(case)


@router.post("/protocol/cases/{case_id}/send", response={200: CaseOut, 400: Problem, 403: Problem, 404: Problem,
                                                          409: Problem})
@_guard
def send_case(request, case_id: int, payload: SendIn):
    case = actions.send_case(actor=request.user, case=_case(request, case_id), to=payload.to)
    return 200, _case_out(case)


@router.get("/protocol/cases/{case_id}/first-time-entrant", response={200: FteOut, 400: Problem, 404: Problem})
@_guard
def check_fte(request, case_id: int, outcome: str):
    """Whether an outcome would make the child a first-time entrant, with the child's history: ask before
    recording the decision."""
    from django.utils import timezone

    case = _case(request, case_id)
    o = get_object_or_404(Outcome, code=outcome)
    history = previous_decisions(case.child_id)
    a = first_time_entrant(outcome=o, date_of_birth=case.child.date_of_birth, on=timezone.localdate(),
                           previous_outcomes=[d.outcome for d in history])
    return 200, {"outcome": o.code, "first_time_entrant": a.first_time_entrant,
                 "possible_if_convicted": a.possible_if_convicted, "reason": a.reason,
                 "history": [f"{d.outcome.label} ({d.created_at:%d %b %Y})" for d in history]}


@router.post("/protocol/cases/{case_id}/decision",
             response={201: DecisionOut, 400: Problem, 403: Problem, 404: Problem, 409: Problem})
@_guard
def record_decision(request, case_id: int, payload: DecisionIn):
    case = _case(request, case_id)
    data = payload.dict()
    outcome = get_object_or_404(Outcome, code=data.pop("outcome"))
    d = actions.record_panel_decision(actor=request.user, case=case, outcome=outcome, **data)
    return 201, {"id": d.pk, "case_id": case.pk, "outcome": outcome.code, "first_time_entrant": d.first_time_entrant}
