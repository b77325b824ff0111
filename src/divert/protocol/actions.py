"""Writes for the protocol: open a case, fill a section, send it, run the panel. Each owns its transaction and
writes an audit row; pages, the API and the CLI call these and nothing else."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from divert.core.audit import record_audit
from divert.core.roles import Agency, Role
from divert.core.scoping import role_of
from divert.core.versioning import check_version, save_edit

from .access import CHARGING_ROLES, OPEN_ROLES, PANEL_ROLES, QUESTION_ROLES, SEND_ROLES
from .models import (
    AgendaItem,
    FilledForm,
    FormTemplate,
    Intervention,
    Outcome,
    PanelDecision,
    PanelMeeting,
    ProtocolCase,
    SectionResponse,
)
from .rules import departs_from_gravity_score, first_time_entrant, may_fill_section, needs_conditions
from .selectors import agenda_candidates, cases_visible_to, missing_sections, prefill_values, previous_decisions

FORM_SLUGS = ("child-information-form", "ten-point-checklist")


class CaseIncomplete(ValidationError):
    """Refused: the mandatory sections are not complete. `.missing` lists them."""

    def __init__(self, missing: list[str]):
        self.missing = missing
        super().__init__("The case cannot be sent until these sections are complete: " + "; ".join(missing))


class FirstTimeEntrantNotConfirmed(ValidationError):
    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(f"This decision would make the child a first-time entrant ({reason}). "
                         "Confirm it with the child's history in front of you.")


def require_role(actor, roles, what: str) -> None:
    if role_of(actor) not in roles:
        raise PermissionDenied(f"Your role may not {what}.")


_require = require_role


def _placement_on(child, on: dt.date):
    from django.db.models import Q

    return (child.placements.filter(decom__lte=on).filter(Q(dec__isnull=True) | Q(dec__gte=on))
            .select_related("home").order_by("-decom").first())


def may_own_intervention(user, case: ProtocolCase) -> bool:
    """An intervention's owner is an active user who may see the case (the reminders name its case)."""
    return bool(getattr(user, "is_active", False)) and cases_visible_to(user).filter(pk=case.pk).exists()


def offence_key_for(*, incident=None, custody_record=None, suspected_offence: str = "",
                    offence_on: dt.date | None = None) -> str:
    """What identifies one suspected offence: its incident, else its custody record, else what and when."""
    if incident is not None:
        return f"incident:{incident.reference}"
    if custody_record is not None:
        return f"custody:{custody_record.custody_reference}"
    if not suspected_offence.strip() or offence_on is None:
        raise ValidationError("A case opened by hand needs the suspected offence and its date.")
    return f"hand:{offence_on.isoformat()}:{' '.join(suspected_offence.lower().split())}"[:80]


@transaction.atomic
def open_case(*, actor, child, opened_from: str, suspected_offence: str = "", incident=None, custody_record=None,
              offence_on: dt.date | None = None) -> tuple[ProtocolCase, bool]:
    """Open the protocol case for one suspected offence (idempotent: the same offence returns the same case),
    with the placement and home at the time, both case-file forms at their current versions, and prefill."""
    _require(actor, OPEN_ROLES, "open a protocol case")
    if opened_from not in ProtocolCase.OpenedFrom.values:
        raise ValidationError(f"Unknown way of opening a case: {opened_from!r}.")
    if offence_on is None:
        if incident is not None:
            offence_on = timezone.localdate(incident.reported_at)
        elif custody_record is not None:
            offence_on = timezone.localdate(custody_record.arrested_at)
    if not suspected_offence:
        suspected_offence = (getattr(custody_record, "offence", "") or getattr(incident, "crime_type", "")
                             or getattr(incident, "opening_category", ""))
    key = offence_key_for(incident=incident, custody_record=custody_record, suspected_offence=suspected_offence,
                          offence_on=offence_on)
    existing = ProtocolCase.objects.filter(child=child, offence_key=key).first()
    if existing is not None:
        if incident is not None:
            existing.incidents.add(incident)
        return existing, False
    placement = _placement_on(child, offence_on or timezone.localdate())
    home = placement.home if placement else None
    try:
        with transaction.atomic():
            case = ProtocolCase.objects.create(
                child=child, offence_key=key, suspected_offence=suspected_offence[:200] or "Not stated",
                offence_on=offence_on, opened_from=opened_from, opened_by=actor, placement=placement, home=home,
                custody_record=custody_record,
                in_the_home=(incident.home_id == home.pk) if (incident is not None and home is not None) else None)
    except IntegrityError:  # opened at the same moment by someone else
        return ProtocolCase.objects.get(child=child, offence_key=key), False
    if incident is not None:
        case.incidents.add(incident)
    for slug in FORM_SLUGS:
        template = FormTemplate.objects.filter(slug=slug).first()
        version = template.current_version() if template else None
        if version is None:
            continue
        form = FilledForm.objects.create(case=case, version=version)
        SectionResponse.objects.bulk_create([
            SectionResponse(form=form, section=s, owner_role=s.owner_role,
                            prefilled=prefill_values(case, s.prefill) if s.prefill else [])
            for s in version.sections.all()
        ])
    record_audit(actor=actor, action="protocol.case_opened", obj=case,
                 detail={"child_id": child.pk, "opened_from": opened_from, "offence_key": key})
    return case, True


@transaction.atomic
def answer_protocol_questions(*, actor, case, version: int | None = None, **answers) -> ProtocolCase:
    """Record the protocol's questions (family test, behaviour policy, restorative action, victim's wishes,
    exploitation, duress, s.45, the child's account)."""
    _require(actor, QUESTION_ROLES, "answer the protocol questions")
    allowed = {"family_test", "family_test_reasons", "behaviour_policy_followed", "why_police_involved",
               "restorative_action_taken", "victim_wishes", "exploitation_indicators", "duress_indicators",
               "modern_slavery_s45", "childs_account", "in_the_home"}
    unknown = set(answers) - allowed
    if unknown:
        raise ValidationError(f"Unknown question(s): {', '.join(sorted(unknown))}.")
    case = ProtocolCase.objects.select_for_update().get(pk=case.pk)
    if answers.get("family_test") and not (answers.get("family_test_reasons") or case.family_test_reasons):
        raise ValidationError("Give the reasons for the family-test answer.")
    save_edit(case, actor=actor, action="protocol.questions_answered", expected_version=version, values=answers,
              detail={"fields": sorted(answers)})
    return case


@transaction.atomic
def fill_section(*, actor, response: SectionResponse, text: str, state: str = SectionResponse.State.COMPLETE,
                 prefilled: list[dict] | None = None, version: int | None = None) -> SectionResponse:
    """Fill one section. Only its owner role (or the CiC officer, or an administrator) may."""
    response = SectionResponse.objects.select_for_update().select_related("section", "form__case").get(
        pk=response.pk)
    if not may_fill_section(role_of(actor), response.owner_role):
        raise PermissionDenied(f"Only a {Role(response.owner_role).label.lower()} may fill this section.")
    if response.form.case.state != ProtocolCase.State.OPEN:
        raise ValidationError("The case has been sent; its sections can no longer change.")
    if state not in SectionResponse.State.values:
        raise ValidationError(f"Unknown section state {state!r}.")
    if state == SectionResponse.State.NOT_APPLICABLE and response.section.requirement == "mandatory":
        raise ValidationError("A mandatory section always applies.")
    if state == SectionResponse.State.COMPLETE and not text.strip():
        raise ValidationError("A complete section needs an answer.")
    values: dict = {"text": text, "state": state, "author": actor}
    if prefilled is not None:
        values["prefilled"] = prefilled
    save_edit(response, actor=actor, action="protocol.section_filled", expected_version=version, values=values,
              detail={"case_id": response.form.case_id, "section": response.section.key, "state": state})
    return response


@transaction.atomic
def send_case(*, actor, case: ProtocolCase, to: str, version: int | None = None) -> ProtocolCase:
    """Send the case to the panel (`to="panel"`) or the prosecutor (`to="cps"`), refused with the list of what
    is missing until every mandatory (and applicable conditional) section is complete."""
    _require(actor, SEND_ROLES, "send a protocol case")
    case = ProtocolCase.objects.select_for_update().get(pk=case.pk)
    if version is not None:
        check_version(case, version)
    if to not in ("panel", "cps"):
        raise ValidationError("Send to 'panel' or 'cps'.")
    if case.state != ProtocolCase.State.OPEN:
        raise ValidationError(f"The case is already {case.get_state_display().lower()}.")
    missing = missing_sections(case)
    if missing:
        raise CaseIncomplete(missing)
    case.state = ProtocolCase.State.SENT_TO_PANEL if to == "panel" else ProtocolCase.State.SENT_TO_CPS
    case.referred_to_cps = case.referred_to_cps or to == "cps"
    case.sent_at = timezone.now()
    case.save(update_fields=["state", "referred_to_cps", "sent_at", "updated_at"])
    record_audit(actor=actor, action="protocol.case_sent", obj=case, detail={"to": to})
    return case


@transaction.atomic
def record_charging_decision(*, actor, case: ProtocolCase, decision: str, reasons: str,
                             version: int | None = None) -> ProtocolCase:
    _require(actor, CHARGING_ROLES, "record a charging decision")
    case = ProtocolCase.objects.select_for_update().get(pk=case.pk)
    if not case.referred_to_cps:
        raise PermissionDenied("This case was not referred to the prosecutor.")
    if case.charging_decision:
        raise ValidationError("A charging decision is already recorded on this case.")
    if not decision.strip() or not reasons.strip():
        raise ValidationError("Give the charging decision and its reasons.")
    save_edit(case, actor=actor, action="protocol.charging_decision", expected_version=version,
              values={"charging_decision": decision.strip(), "charging_reasons": reasons.strip(),
                      "state": ProtocolCase.State.DECIDED})
    return case


@transaction.atomic
def create_panel(*, actor, held_on: dt.date, members: list[dict] | None = None) -> tuple[PanelMeeting, bool]:
    """Create the panel for a date (idempotent) and build its agenda from referrals and reviews due."""
    _require(actor, PANEL_ROLES, "run the panel")
    meeting, created = PanelMeeting.objects.get_or_create(held_on=held_on, defaults={"chair": actor,
                                                                                      "members": members or []})
    build_agenda(actor=actor, meeting=meeting)
    if created:
        record_audit(actor=actor, action="panel.created", obj=meeting, detail={"held_on": held_on.isoformat()})
    return meeting, created


@transaction.atomic
def build_agenda(*, actor, meeting: PanelMeeting) -> list[AgendaItem]:
    """Add the cases referred since the last panel and the reviews due; items already there are kept."""
    _require(actor, PANEL_ROLES, "run the panel")
    pos = meeting.items.aggregate(m=Max("position"))["m"] or 0
    present = set(meeting.items.values_list("case_id", flat=True))
    added = []
    for case, reason in agenda_candidates(meeting):
        if case.pk in present:
            continue
        pos += 1
        added.append(AgendaItem.objects.create(meeting=meeting, case=case, reason=reason, position=pos))
    if added:
        record_audit(actor=actor, action="panel.agenda_built", obj=meeting,
                     detail={"added": [a.case_id for a in added]})
    return added


@transaction.atomic
def add_to_agenda(*, actor, meeting: PanelMeeting, case: ProtocolCase) -> AgendaItem:
    _require(actor, PANEL_ROLES, "change the agenda")
    if case.state == ProtocolCase.State.OPEN:
        raise ValidationError(f"Case {case.pk} has not been sent to the panel: its case file is not complete.")
    pos = meeting.items.aggregate(m=Max("position"))["m"] or 0
    item, created = AgendaItem.objects.get_or_create(
        meeting=meeting, case=case, defaults={"reason": AgendaItem.Reason.ADDED, "position": pos + 1})
    if created:
        record_audit(actor=actor, action="panel.case_added", obj=meeting, detail={"case_id": case.pk})
    return item


@transaction.atomic
def reorder_agenda(*, actor, meeting: PanelMeeting, case_ids: list[int]) -> None:
    _require(actor, PANEL_ROLES, "change the agenda")
    items = {i.case_id: i for i in meeting.items.select_for_update()}
    if sorted(case_ids) != sorted(items):
        raise ValidationError("Give every case on the agenda exactly once.")
    for n, cid in enumerate(case_ids, start=1):
        items[cid].position = n
    AgendaItem.objects.bulk_update(items.values(), ["position"])
    record_audit(actor=actor, action="panel.agenda_reordered", obj=meeting, detail={"order": case_ids})


@transaction.atomic
def record_panel_decision(*, actor, case: ProtocolCase, outcome: Outcome, gravity_score: int,
                          meeting: PanelMeeting | None = None, aggravating_factors: str = "",
                          mitigating_factors: str = "", departure_rationale: str = "", admission: bool | None = None,
                          victim_views: str = "", victim_consents_to_restorative: bool | None = None,
                          child_views: str = "", carer_views: str = "",
                          decided_by: str = PanelDecision.DecidedBy.JOINT,
                          interventions: list[dict] | None = None, review_on: dt.date | None = None,
                          conditions: str = "", first_time_entrant_confirmed: bool = False) -> PanelDecision:
    """Record the panel's decision on a case sent to it. A departure from the gravity score's usual outcome
    needs a rationale; a decision that makes a first-time entrant must be confirmed (after seeing the flag)."""
    _require(actor, PANEL_ROLES, "record a panel decision")
    case = ProtocolCase.objects.select_for_update().select_related("child").get(pk=case.pk)
    if case.state != ProtocolCase.State.SENT_TO_PANEL:
        raise ValidationError("Only a case sent to the panel can be decided by it.")
    if not outcome.panel_option:
        raise ValidationError(f"{outcome.label} is not an out-of-court disposal panel option.")
    if departs_from_gravity_score(gravity_score=gravity_score, outcome=outcome) and not departure_rationale.strip():
        raise ValidationError(f"{outcome.label} departs from a gravity score of {gravity_score}: record why.")
    if needs_conditions(outcome.code) and not conditions.strip():
        raise ValidationError(f"{outcome.label}: record the conditions or the activity.")
    if decided_by not in PanelDecision.DecidedBy.values:
        raise ValidationError("Record whether it was a joint or a police decision.")
    fte = first_time_entrant(outcome=outcome, date_of_birth=case.child.date_of_birth,
                             on=timezone.localdate(), previous_outcomes=[d.outcome for d in
                                                                         previous_decisions(case.child_id)])
    if fte.first_time_entrant and not first_time_entrant_confirmed:
        raise FirstTimeEntrantNotConfirmed(fte.reason)
    decision = PanelDecision.objects.create(
        case=case, meeting=meeting, gravity_score=gravity_score, aggravating_factors=aggravating_factors,
        mitigating_factors=mitigating_factors, departure_rationale=departure_rationale, admission=admission,
        victim_views=victim_views, victim_consents_to_restorative=victim_consents_to_restorative,
        child_views=child_views, carer_views=carer_views, outcome=outcome, conditions=conditions.strip(),
        decided_by=decided_by,
        first_time_entrant=fte.first_time_entrant, review_on=review_on, recorded_by=actor)
    for iv in interventions or []:
        if not (iv.get("description") and iv.get("owner") and iv.get("due_on")):
            raise ValidationError("Every intervention needs a description, an owner and a due date.")
        owner = iv["owner"]
        if not may_own_intervention(owner, case):
            raise ValidationError(f"{owner.get_full_name() or owner.username} cannot own an intervention on this "
                                  "case: the owner must be an active user who may see the case.")
        Intervention.objects.create(decision=decision, description=iv["description"], owner=owner,
                                    owner_note=str(iv.get("note") or "").strip()[:200], due_on=iv["due_on"])
    if outcome.leads_to_court:
        case.referred_to_cps = True
        case.state = ProtocolCase.State.SENT_TO_CPS
    else:
        case.state = ProtocolCase.State.DECIDED
    case.save(update_fields=["state", "referred_to_cps", "updated_at"])
    record_audit(actor=actor, action="panel.decision_recorded", obj=decision,
                 detail={"case_id": case.pk, "outcome": outcome.code, "gravity_score": gravity_score,
                         "first_time_entrant": fte.first_time_entrant})
    return decision


@transaction.atomic
def set_panel_members(*, actor, meeting: PanelMeeting, members: list[dict]) -> PanelMeeting:
    """Replace the panel's members: each a name, the role they sit in (chair, CPS youth specialist...) and an
    agency from the reference list (police, council, youth justice, CPS, provider)."""
    _require(actor, PANEL_ROLES, "change the panel's members")
    clean = []
    for n, m in enumerate(members, start=1):
        name, role, agency = (str(m.get(k, "")).strip() for k in ("name", "role", "agency"))
        if not name and not role:
            continue
        if not name or not role:
            raise ValidationError(f"Member {n}: give a name and the role they sit in.")
        if agency not in Agency.values:
            raise ValidationError(f"Member {n}: choose an agency.")
        clean.append({"name": name[:200], "role": role[:200], "agency": agency})
    meeting = PanelMeeting.objects.select_for_update().get(pk=meeting.pk)
    meeting.members = clean
    meeting.save(update_fields=["members", "updated_at"])
    record_audit(actor=actor, action="panel.members_set", obj=meeting, detail={"count": len(clean)})
    return meeting


@transaction.atomic
def complete_intervention(*, actor, intervention: Intervention, done_on: dt.date | None = None) -> Intervention:
    """Mark a panel intervention done (youth justice track them; CiC officers and administrators may too)."""
    _require(actor, PANEL_ROLES, "update an intervention")
    intervention = Intervention.objects.select_for_update().get(pk=intervention.pk)
    if intervention.done_on is not None:
        raise ValidationError("This intervention is already marked done.")
    done_on = done_on or timezone.localdate()
    if done_on > timezone.localdate():
        raise ValidationError("An intervention cannot be done in the future.")
    intervention.done_on = done_on
    intervention.save(update_fields=["done_on", "updated_at"])
    record_audit(actor=actor, action="panel.intervention_done", obj=intervention,
                 detail={"case_id": intervention.decision.case_id, "done_on": done_on.isoformat()})
    return intervention
