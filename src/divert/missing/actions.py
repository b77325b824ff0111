"""Writes for missing from care. Keyword-only, atomic, role-checked, audited.

The page, the API and the CLI all call these functions, so the finalisation rule (rules.finalisation_blockers,
Howard League 2019) holds whichever front door is used.
"""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from divert.core.audit import record_audit
from divert.core.scoping import check_roles
from divert.core.versioning import check_version, save_edit

from . import rules, selectors
from .access import ESCALATION_ROLES, FINALISE_ROLES, INTERVIEW_ROLES, RISK_ROLES
from .models import (
    ComplianceItem,
    Escalation,
    FollowUpReferral,
    MissingEpisode,
    ReturnInterview,
    RiskGrade,
    RiskReview,
)


class FinalisationBlocked(ValidationError):
    """Raised when an episode is finalised before its return interview and referrals are done (Howard League 2019)."""

    def __init__(self, blockers: list[str]):
        super().__init__(blockers)
        self.blockers = blockers


def _lock(model, pk):
    return model.objects.select_for_update().get(pk=pk)


def _check_visible(user, episode) -> None:
    from .selectors import episodes_visible_to

    if not episodes_visible_to(user).filter(pk=episode.pk).exists():
        raise PermissionDenied("You cannot see this episode.")


def finalise_episode(*, episode: MissingEpisode, user, version: int | None = None) -> MissingEpisode:
    """Finalise an episode; refused (FinalisationBlocked) until rules.finalisation_blockers is empty.

    The refusal is audited in its own transaction, so it survives the rollback of the attempted finalisation."""
    check_roles(user, *FINALISE_ROLES)
    blockers: list[str] = []
    with transaction.atomic():
        episode = _lock(MissingEpisode, episode.pk)
        if version is not None:
            check_version(episode, version)
        blockers = selectors.finalisation_blockers(episode)
        if not blockers:
            save_edit(episode, actor=user, action="missing.episode.finalise", expected_version=episode.version,
                      values={"state": MissingEpisode.State.FINALISED, "finalised_at": timezone.now(),
                              "finalised_by": user})
            return episode
    with transaction.atomic():
        record_audit(actor=user, action="missing.episode.finalise_refused", obj=episode, detail={"blockers": blockers})
    raise FinalisationBlocked(blockers)


@transaction.atomic
def record_return_details(*, episode: MissingEpisode, user, found_by: str, found_location: str = "",
                          found_postcode: str = "", version: int | None = None) -> MissingEpisode:
    """Who found the child and where. Police reports give the place; this adds who."""
    check_roles(user, *INTERVIEW_ROLES)
    _check_visible(user, episode)
    if found_by not in MissingEpisode.FoundBy.values:
        raise ValidationError("Unknown value for who found the child.")
    episode = _lock(MissingEpisode, episode.pk)
    values: dict = {"found_by": found_by}
    if found_location:
        values["found_location"] = found_location[:300]
    if found_postcode:
        values["found_postcode"] = found_postcode[:10]
    save_edit(episode, actor=user, action="missing.episode.return_details", expected_version=version, values=values)
    return episode


@transaction.atomic
def record_risk_review(*, episode: MissingEpisode, user, grade: str, supervisor_review: bool = False,
                       information_used: str = "", supplied_by: str = "",
                       reviewed_at: dt.datetime | None = None, version: int | None = None) -> RiskReview:
    """Grade or re-grade the risk (APP levels; record the information used, who supplied it and when)."""
    check_roles(user, *RISK_ROLES)
    _check_visible(user, episode)
    if grade not in RiskGrade.values:
        raise ValidationError("Unknown risk grade.")
    episode = _lock(MissingEpisode, episode.pk)
    check_version(episode, version)
    review = RiskReview.objects.create(
        episode=episode, grade=grade, reviewed_at=reviewed_at or timezone.now(), reviewed_by=user,
        supervisor_review=supervisor_review, information_used=information_used, supplied_by=supplied_by)
    values = {}
    if episode.risk_graded_at is None or review.reviewed_at >= episode.risk_graded_at:
        values = {"risk_grade": grade, "risk_graded_at": review.reviewed_at}
    save_edit(episode, actor=user, action="missing.risk.review", expected_version=version, values=values,
              detail={"risk_review": review.pk, "grade": grade, "supervisor": supervisor_review,
                      "information_used": information_used, "supplied_by": supplied_by})
    return review


@transaction.atomic
def offer_return_interview(*, interview: ReturnInterview, user, offered_at: dt.datetime | None = None,
                           version: int | None = None) -> ReturnInterview:
    check_roles(user, *INTERVIEW_ROLES)
    _check_visible(user, interview.episode)
    interview = _lock(ReturnInterview, interview.pk)
    if interview.is_closed:
        raise ValidationError("This return interview is already closed.")
    save_edit(interview, actor=user, action="missing.return_interview.offer", expected_version=version,
              values={"state": ReturnInterview.State.OFFERED, "offered_at": offered_at or timezone.now()})
    return interview


@transaction.atomic
def record_return_interview(*, interview: ReturnInterview, user, outcome: str, reason: str = "",
                            conducted_by: str = "", completed_at: dt.datetime | None = None,
                            harm_suffered: bool | None = None, push_factors: list[str] | None = None,
                            pull_factors: list[str] | None = None, exploitation_concerns: list[str] | None = None,
                            where_text: str = "", with_whom_text: str = "", notes: str = "",
                            version: int | None = None) -> ReturnInterview:
    """Record the interview's outcome: completed (with answers), declined or not possible (each with a reason)."""
    check_roles(user, *INTERVIEW_ROLES)
    _check_visible(user, interview.episode)
    interview = _lock(ReturnInterview, interview.pk)
    if outcome not in ReturnInterview.CLOSED_STATES:
        raise ValidationError("Outcome must be completed, declined or not possible.")
    if outcome in (ReturnInterview.State.DECLINED, ReturnInterview.State.NOT_POSSIBLE) and not reason.strip():
        raise ValidationError("Give a reason when the interview was declined or not possible.")
    if interview.episode.state == MissingEpisode.State.FINALISED:
        raise ValidationError("The episode is finalised.")
    done_at = completed_at or timezone.now()
    values = {"state": outcome, "completed_at": done_at, "reason": reason.strip(), "conducted_by": conducted_by,
              "recorded_by": user, "harm_suffered": harm_suffered, "push_factors": list(push_factors or []),
              "pull_factors": list(pull_factors or []), "exploitation_concerns": list(exploitation_concerns or []),
              "where_text": where_text, "with_whom_text": with_whom_text, "notes": notes}
    if interview.offered_at is None:
        values["offered_at"] = done_at
    save_edit(interview, actor=user, action="missing.return_interview.record", expected_version=version,
              values=values, detail={"outcome": outcome})
    return interview


@transaction.atomic
def record_referrals(*, episode: MissingEpisode, user, referrals: list[tuple[str, str]] | tuple = (),
                     none_needed_reason: str = "", made_on: dt.date | None = None,
                     version: int | None = None) -> MissingEpisode:
    """Record the follow-up referrals (agency, note), or that none were needed and why (Howard League 2019)."""
    check_roles(user, *INTERVIEW_ROLES)
    _check_visible(user, episode)
    episode = _lock(MissingEpisode, episode.pk)
    check_version(episode, version)
    if not referrals and not none_needed_reason.strip():
        raise ValidationError("Record at least one referral, or why none was needed.")
    valid = dict(FollowUpReferral.Agency.choices)
    for agency, note in referrals:
        if agency not in valid:
            raise ValidationError(f"Unknown agency {agency!r}.")
        FollowUpReferral.objects.create(episode=episode, agency=agency, note=note[:300],
                                        made_on=made_on or timezone.localdate(), recorded_by=user)
    save_edit(episode, actor=user, action="missing.referrals.record", expected_version=version,
              values={"referrals_recorded_at": timezone.now(),
                      "no_referral_reason": none_needed_reason.strip()[:300] if not referrals else ""},
              detail={"agencies": [a for a, _ in referrals], "notes": [n[:300] for _, n in referrals],
                      "none_needed": not referrals})
    return episode


@transaction.atomic
def run_daily_compliance(*, run_date: dt.date, actor=None) -> list[ComplianceItem]:
    """Run every compliance rule for the day and store its findings (idempotent per rule, day and subject).

    Run again on the same day, it also withdraws that day's findings that no longer hold (the interview has been
    recorded since, the episode finalised), unless someone has escalated them: the list shows what is still due."""
    as_of = rules.run_time(run_date)
    items = []
    created = 0
    for rule in rules.RULES:
        for f in selectors.compliance_findings(rule, as_of=as_of):
            item, was_created = ComplianceItem.objects.get_or_create(
                rule=rule.name, run_date=run_date, subject_key=f.subject_key,
                defaults={"episode_id": f.episode_id, "home_id": f.home_id, "detail": f.detail})
            created += was_created
            items.append(item)
    held = {item.pk for item in items}
    stale = ComplianceItem.objects.filter(run_date=run_date, escalations__isnull=True).exclude(pk__in=held)
    withdrawn = stale.count()
    if withdrawn:
        stale.delete()
    if created or withdrawn:
        record_audit(actor=actor, action="missing.compliance.run", object_type="missing.ComplianceItem",
                     object_id=run_date.isoformat(),
                     detail={"created": created, "withdrawn": withdrawn, "items": len(items)},
                     actor_label="" if actor else "system: daily compliance")
    return items


@transaction.atomic
def escalate(*, item: ComplianceItem, user, to: str, owner, due_on: dt.date, note: str = "") -> Escalation:
    """A coordinator escalates a compliance item to the provider or social care, with an owner and due date."""
    check_roles(user, *ESCALATION_ROLES)
    if to not in Escalation.To.values:
        raise ValidationError("Escalate to the provider or social care.")
    escalation = Escalation.objects.create(item=item, to=to, owner=owner, due_on=due_on, note=note,
                                           created_by=user)
    record_audit(actor=user, action="missing.escalation.create", obj=escalation,
                 detail={"item": item.pk, "to": to, "owner": owner.pk, "due_on": due_on.isoformat()})
    return escalation


ESCALATION_MOVES: dict[str, tuple[str, ...]] = {
    Escalation.State.OPEN: (Escalation.State.ACKNOWLEDGED, Escalation.State.RESOLVED),
    Escalation.State.ACKNOWLEDGED: (Escalation.State.RESOLVED, Escalation.State.OPEN),
    Escalation.State.RESOLVED: (Escalation.State.OPEN,),
}


@transaction.atomic
def update_escalation(*, escalation: Escalation, user, state: str, note: str = "",
                      version: int | None = None) -> Escalation:
    """Move an escalation: open -> acknowledged -> resolved (a resolved one can be reopened). `version` is the one
    the editor was shown: a move made from an older version is refused (StaleEdit), so a second person's move or
    resolution text never silently replaces the first (ADR 0019)."""
    check_roles(user, *ESCALATION_ROLES)
    escalation = _lock(Escalation, escalation.pk)
    check_version(escalation, version)
    if state not in ESCALATION_MOVES.get(escalation.state, ()):
        to = Escalation.State(state).label.lower() if state in Escalation.State.values else state
        raise ValidationError(f"Cannot move an escalation from {escalation.get_state_display().lower()} to {to}.")
    values: dict = {"state": state}
    if state == Escalation.State.RESOLVED:
        values.update(resolved_at=timezone.now(), resolution=note)
    elif state == Escalation.State.OPEN:
        values["resolved_at"] = None
    save_edit(escalation, actor=user, action="missing.escalation.update", expected_version=None, values=values,
              detail={"from": escalation.state, "to": state})
    return escalation
