"""The protocol's rules, each a named unit citing its source document."""

import datetime as dt
from dataclasses import dataclass

from divert.core.roles import Role

from .access import SECTION_OVERRIDE_ROLES

FTE_MIN_AGE, FTE_MAX_AGE = 10, 17


def age_on(date_of_birth: dt.date, on: dt.date) -> int:
    return on.year - date_of_birth.year - ((on.month, on.day) < (date_of_birth.month, date_of_birth.day))


def may_fill_section(role: str | None, owner_role: str) -> bool:
    """A section contributor fills only their own section; the CiC officer who runs the case (and an
    administrator) may fill any.

    Source: National protocol on reducing unnecessary criminalisation of looked-after children (DfE/HO/MoJ,
    2018): the home, the social worker, youth justice and the police each contribute what they know.
    """
    return role is not None and (role == owner_role or role in SECTION_OVERRIDE_ROLES)


def section_applies(requirement: str, state: str) -> bool:
    """Whether a section must be complete before a case is sent: mandatory sections always; conditional sections
    unless marked as not applying; optional sections never.

    Source: Director's Guidance on Charging, 6th edition (CPS, 2025): the Child Information Form has mandatory
    and conditional sections.
    """
    if requirement == "mandatory":
        return True
    if requirement == "conditional":
        return state != "not_applicable"
    return False


def missing_before_sending(responses) -> list[str]:
    """The sections still to complete before a case may go to the prosecutor or the panel, as
    "Form: section (owner)" strings. `responses` yields SectionResponse rows with their section and form.

    Source: Director's Guidance on Charging, 6th edition (CPS, 2025): a charging decision for a looked-after
    child is sought only with the completed Child Information Form.
    """
    missing = []
    for r in responses:
        if section_applies(r.section.requirement, r.state) and r.state != "complete":
            missing.append(f"{r.form.version.template.title}: {r.section.title} ({Role(r.owner_role).label})")
    return missing


@dataclass(frozen=True)
class FteAssessment:
    first_time_entrant: bool
    possible_if_convicted: bool
    reason: str


def first_time_entrant(*, outcome, date_of_birth: dt.date, on: dt.date, previous_outcomes) -> FteAssessment:
    """Would this decision make the child a first-time entrant to the youth justice system?

    An FTE is a child aged 10-17 receiving their first youth caution, youth conditional caution or court
    conviction. Community resolution, outcomes 21, 22 and 23 and no further action do not count. A referral for
    charge makes an FTE only if it ends in a conviction, so it is flagged as possible.

    Source: MoJ/YJB Youth Justice Statistics: first-time entrants.
    """
    age = age_on(date_of_birth, on)
    if not FTE_MIN_AGE <= age <= FTE_MAX_AGE:
        return FteAssessment(False, False, f"the child is {age}, outside the 10-17 age range")
    before = [o for o in previous_outcomes if o.makes_first_time_entrant]
    if before:
        return FteAssessment(False, False, f"the child already has a {before[0].label.lower()}")
    if outcome.makes_first_time_entrant:
        return FteAssessment(True, False, f"a first {outcome.label.lower()} for a child aged {age}")
    if outcome.leads_to_court:
        return FteAssessment(False, True, "a first conviction, if the charge leads to one")
    return FteAssessment(False, False, f"{outcome.label} does not make a first-time entrant")


def departs_from_gravity_score(*, gravity_score: int, outcome) -> bool:
    """A decision departs from the gravity score when the outcome's usual score differs from the panel's score
    (1 no further action, 2 informal disposal, 3 youth caution, 4 youth conditional caution, 5 normally charge).
    Outcomes with no usual score (outcome 21, 23) are departures only from scores 3-5.

    Source: NPCC Child Gravity Matrix (2023, updated 2025): a departure needs a recorded rationale.
    """
    if not 1 <= gravity_score <= 5:
        raise ValueError("A gravity score is 1 to 5.")
    if outcome.gravity_score is None:
        return gravity_score >= 3
    return outcome.gravity_score != gravity_score


def review_due(review_on: dt.date | None, *, meeting_on: dt.date, last_meeting_on: dt.date | None) -> bool:
    """A case returns to the panel when its review date falls after the last panel and on or before this one.

    Source: NPCC Child Gravity Matrix (2023, updated 2025) and the Youth out-of-court disposals guide for police
    and youth justice services: interventions are reviewed.
    """
    if review_on is None or review_on > meeting_on:
        return False
    return last_meeting_on is None or review_on > last_meeting_on


SECTION_DUE_DAYS = 10


def section_overdue(*, opened_on: dt.date, today: dt.date, due_days: int = SECTION_DUE_DAYS) -> bool:
    """A case-file section still to complete is overdue once the case has been open `due_days` days (default
    10, a local setting): the weekly panel should see a case within two panels of the offence.

    Source: National protocol on reducing unnecessary criminalisation of looked-after children (DfE/HO/MoJ,
    2018): the agencies share what the decision-maker needs without delay; the 10 days are a Divert default.
    """
    return (today - opened_on).days >= due_days


OUTCOMES_WITH_CONDITIONS = frozenset({"youth_conditional_caution", "outcome_22"})


def needs_conditions(outcome_code: str) -> bool:
    """A youth conditional caution carries its conditions, and an outcome 22 the diversionary, educational or
    intervention activity the child is to complete: the panel records them with the decision.

    Source: Youth OOCD guide (Youth out-of-court disposals guide for police and youth justice services); Home
    Office Counting Rules (outcome 22).
    """
    return outcome_code in OUTCOMES_WITH_CONDITIONS
