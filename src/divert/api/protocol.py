"""Protocol cases and the OOCD panel API. Thin: every write calls divert.protocol.actions, so the sending and
first-time-entrant rules hold here as on the page and the CLI."""

import datetime as dt
from enum import StrEnum
from functools import wraps

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from divert.api.pagination import IsoDate, PageParams, paged
from divert.core.audit import log_access
from divert.core.scoping import check_roles
from divert.core.versioning import StaleEdit
from divert.police.access import incidents_visible_to
from divert.police.models import CustodyRecord
from divert.protocol import actions
from divert.protocol.models import Outcome, PanelMeeting, SectionResponse
from divert.protocol.rules import first_time_entrant
from divert.protocol.selectors import (
    agenda_of,
    case_file,
    cases_visible_to,
    get_case_for,
    interventions_for,
    previous_decisions,
)
from divert.registers.access import children_visible_to

router = Router(tags=["protocol"])


class ProtocolProblem(Schema):
    detail: str
    missing: list[str] = []
    first_time_entrant: bool = False


Problem = ProtocolProblem  # OpenAPI names schemas by class: each needs a name of its own


class SectionOut(Schema):
    id: int
    version: int
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
    version: int
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
    version: int = 0  # the section's version from the last read; a stale one is refused (409)


class SendIn(Schema):
    to: str


class InterventionIn(Schema):
    description: str
    owner: str = Field(description="the owner's username: an active user who may see the case; overdue "
                                   "reminders go to them")
    owner_note: str = Field("", max_length=200, description="anything more about the owner (a team, a second worker)")
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
    conditions: str = ""
    first_time_entrant_confirmed: bool = False


class PanelDecisionOut(Schema):
    id: int
    case_id: int
    outcome: str
    first_time_entrant: bool


DecisionOut = PanelDecisionOut  # OpenAPI names schemas by class: each needs a name of its own


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
        except StaleEdit as exc:
            return 409, {"detail": exc.messages[0]}
        except PermissionDenied as exc:
            return 403, {"detail": str(exc) or "Forbidden"}
        except ValidationError as exc:
            return 400, {"detail": "; ".join(exc.messages)}

    return wrapper


def _case_out(case) -> dict:
    f = case_file(case)
    sections = [{"id": r.pk, "version": r.version,
                 "form": form.version.template.slug, "key": r.section.key, "title": r.section.title,
                 "requirement": r.section.requirement, "owner_role": r.owner_role, "state": r.state,
                 "text": r.text, "prefilled": r.prefilled} for form, rs in f.forms for r in rs]
    return {"id": case.pk, "version": case.version,
            "child_id": case.child.child_id, "home_urn": case.home.urn if case.home else None,
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
             response={200: CaseOut, 400: Problem, 403: Problem, 404: Problem, 409: Problem})
@_guard
def fill_section(request, case_id: int, section_id: int, payload: SectionIn):
    case = _case(request, case_id)
    response = get_object_or_404(SectionResponse, pk=section_id, form__case=case)
    actions.fill_section(actor=request.user, response=response, text=payload.text, state=payload.state,
                         version=payload.version)
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


def _owner(username: str):
    """The user a username names (any active user: the action checks that they may own the intervention)."""
    owner = get_user_model().objects.filter(username=username, is_active=True).first()
    if owner is None:
        raise ValidationError(f"No active user {username!r} to own the intervention.")
    return owner


@router.post("/protocol/cases/{case_id}/decision",
             response={201: DecisionOut, 400: Problem, 403: Problem, 404: Problem, 409: Problem})
@_guard
def record_decision(request, case_id: int, payload: DecisionIn):
    case = _case(request, case_id)
    data = payload.dict()
    outcome = get_object_or_404(Outcome, code=data.pop("outcome"))
    data["interventions"] = [{**iv, "owner": _owner(iv["owner"]), "note": iv.pop("owner_note")}
                             for iv in data["interventions"]]
    d = actions.record_panel_decision(actor=request.user, case=case, outcome=outcome, **data)
    return 201, {"id": d.pk, "case_id": case.pk, "outcome": outcome.code, "first_time_entrant": d.first_time_entrant}


class FamilyTest(StrEnum):
    """The family test's answer (blank: not answered)."""

    UNANSWERED = ""
    YES = "yes"
    NO = "no"
    UNSURE = "unsure"


class QuestionsOut(Schema):
    """The protocol's questions on a case (National protocol on reducing unnecessary criminalisation, 2018)."""

    case_id: int
    version: int
    family_test: FamilyTest
    family_test_reasons: str
    behaviour_policy_followed: bool | None = None
    why_police_involved: str
    restorative_action_taken: str
    victim_wishes: str
    exploitation_indicators: str
    duress_indicators: str
    modern_slavery_s45: bool | None = None
    childs_account: str
    in_the_home: bool | None = None


class QuestionsIn(Schema):
    """Answers to change; a field left out keeps its answer. `version` is the case's version from the last read
    (a stale one is refused with 409)."""

    version: int = 0
    family_test: FamilyTest | None = None
    family_test_reasons: str | None = None
    behaviour_policy_followed: bool | None = None
    why_police_involved: str | None = None
    restorative_action_taken: str | None = None
    victim_wishes: str | None = None
    exploitation_indicators: str | None = None
    duress_indicators: str | None = None
    modern_slavery_s45: bool | None = None
    childs_account: str | None = None
    in_the_home: bool | None = None


QUESTION_FIELDS = tuple(f for f in QuestionsOut.model_fields if f not in ("case_id", "version"))
TRI_STATE = ("behaviour_policy_followed", "modern_slavery_s45", "in_the_home")  # null means "not known"


def _questions_out(case) -> dict:
    return {"case_id": case.pk, "version": case.version, **{f: getattr(case, f) for f in QUESTION_FIELDS}}


@router.get("/protocol/cases/{case_id}/questions", response={200: QuestionsOut, 404: Problem})
@_guard
def get_questions(request, case_id: int):
    """The family test and its reasons, the home's behaviour policy, restorative action, the victim's wishes,
    exploitation and duress indicators, a possible s.45 defence and the child's own account."""
    return 200, _questions_out(_case(request, case_id))


@router.put("/protocol/cases/{case_id}/questions",
            response={200: QuestionsOut, 400: Problem, 403: Problem, 404: Problem, 409: Problem})
@_guard
def answer_questions(request, case_id: int, payload: QuestionsIn):
    """Record answers to the protocol's questions (the same action as the page): the family-test answer needs its
    reasons. Only the fields sent change; send null for a yes/no question to make it "not known" again."""
    case = _case(request, case_id)
    sent = payload.model_dump(exclude_unset=True)
    version = sent.pop("version", 0)
    answers = {f: (v if f in TRI_STATE else (v.value if isinstance(v, FamilyTest) else v) or "")
               for f, v in sent.items()}
    case = actions.answer_protocol_questions(actor=request.user, case=case, version=version, **answers)
    return 200, _questions_out(case)


class ChargingIn(Schema):
    decision: str
    reasons: str


@router.post("/protocol/cases/{case_id}/charging-decision",
             response={200: CaseOut, 400: Problem, 403: Problem, 404: Problem})
@_guard
def record_charging(request, case_id: int, payload: ChargingIn):
    """The prosecutor's charging decision and reasons (cases referred to the CPS only)."""
    case = actions.record_charging_decision(actor=request.user, case=_case(request, case_id),
                                            decision=payload.decision, reasons=payload.reasons)
    return 200, _case_out(case)


class MemberIn(Schema):
    name: str
    role: str
    agency: str


class AgendaItemOut(Schema):
    position: int
    case_id: int
    reason: str
    state: str


class PanelOut(Schema):
    held_on: dt.date
    members: list[dict]
    agenda: list[AgendaItemOut]


class PanelIn(Schema):
    held_on: IsoDate


class AddCaseIn(Schema):
    case_id: int


class OrderIn(Schema):
    case_ids: list[int]


class InterventionOut(Schema):
    id: int
    case_id: int
    description: str
    owner: str | None = Field(None, description="the owner's username (none for interventions recorded before "
                                                "owners were users: see owner_note)")
    owner_name: str = ""
    owner_note: str = ""
    due_on: dt.date
    done_on: dt.date | None = None


def _panel_out(request, meeting) -> dict:
    items = agenda_of(meeting)
    log_access(user=request.user, children=[i.case.child for i in items], channel="api",
               what=f"panel {meeting.pk}", path=request.path)
    return {"held_on": meeting.held_on, "members": meeting.members,
            "agenda": [{"position": i.position, "case_id": i.case_id, "reason": i.reason, "state": i.case.state}
                       for i in items]}


def _meeting(request, held_on: dt.date):
    check_roles(request.user, *actions.PANEL_ROLES)
    return get_object_or_404(PanelMeeting, held_on=held_on)


@router.post("/protocol/panels", response={200: PanelOut, 201: PanelOut, 403: Problem})
@_guard
def create_panel(request, payload: PanelIn):
    """Create the panel for a date (idempotent) and build its agenda from referrals and reviews due."""
    meeting, created = actions.create_panel(actor=request.user, held_on=payload.held_on)
    return (201 if created else 200), _panel_out(request, meeting)


@router.get("/protocol/panels/{held_on}", response={200: PanelOut, 403: Problem, 404: Problem})
@_guard
def get_panel(request, held_on: dt.date):
    return 200, _panel_out(request, _meeting(request, held_on))


@router.put("/protocol/panels/{held_on}/members", response={200: PanelOut, 400: Problem, 403: Problem,
                                                            404: Problem})
@_guard
def set_members(request, held_on: dt.date, payload: list[MemberIn]):
    meeting = actions.set_panel_members(actor=request.user, meeting=_meeting(request, held_on),
                                        members=[m.dict() for m in payload])
    return 200, _panel_out(request, meeting)


@router.post("/protocol/panels/{held_on}/agenda", response={200: PanelOut, 400: Problem, 403: Problem,
                                                            404: Problem})
@_guard
def add_case(request, held_on: dt.date, payload: AddCaseIn):
    meeting = _meeting(request, held_on)
    actions.add_to_agenda(actor=request.user, meeting=meeting, case=get_case_for(request.user, payload.case_id))
    return 200, _panel_out(request, meeting)


@router.put("/protocol/panels/{held_on}/agenda", response={200: PanelOut, 400: Problem, 403: Problem,
                                                           404: Problem})
@_guard
def reorder(request, held_on: dt.date, payload: OrderIn):
    meeting = _meeting(request, held_on)
    actions.reorder_agenda(actor=request.user, meeting=meeting, case_ids=payload.case_ids)
    return 200, _panel_out(request, meeting)


def _intervention_out(i) -> dict:
    return {"id": i.pk, "case_id": i.decision.case_id, "description": i.description,
            "owner": i.owner.username if i.owner_id else None,
            "owner_name": (i.owner.get_full_name() or i.owner.username) if i.owner_id else "",
            "owner_note": i.owner_note, "due_on": i.due_on, "done_on": i.done_on}


@router.get("/protocol/interventions", response={200: list[InterventionOut], 403: Problem})
@_guard
def list_interventions(request, response: HttpResponse, page: Query[PageParams], open_only: bool = True):
    """Panel interventions, soonest due first, one page at a time (`X-Total-Count` gives how many in all)."""
    check_roles(request.user, *actions.PANEL_ROLES)
    items = paged(interventions_for(request.user, open_only=open_only), page, response)
    log_access(user=request.user, children=[i.decision.case.child for i in items], channel="api",
               what="panel interventions", path=request.path)
    return 200, [_intervention_out(i) for i in items]


@router.post("/protocol/interventions/{intervention_id}/done",
             response={200: InterventionOut, 400: Problem, 403: Problem, 404: Problem})
@_guard
def intervention_done(request, intervention_id: int):
    check_roles(request.user, *actions.PANEL_ROLES)
    item = get_object_or_404(interventions_for(request.user, open_only=False), pk=intervention_id)
    log_access(user=request.user, children=item.decision.case.child, channel="api",
               what=f"intervention {item.pk}", path=request.path)
    return 200, _intervention_out(actions.complete_intervention(actor=request.user, intervention=item))
