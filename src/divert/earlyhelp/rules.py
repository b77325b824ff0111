"""The early-help rules, each a named unit citing its source document (docs/sources.md)."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

RE_REFERRAL_DAYS = 365

# The risk trajectory of a referral, from the risk at referral to the latest review.
ELIMINATED = "eliminated"
REDUCED_TO_LOW = "reduced_to_low"
REDUCED = "reduced"
UNCHANGED = "unchanged"
RAISED = "raised"
NOT_REVIEWED = "not_reviewed"
TRAJECTORY_LABELS = {
    ELIMINATED: "Risk eliminated (no concerns)",
    REDUCED_TO_LOW: "Risk reduced to low",
    REDUCED: "Risk reduced, not yet low",
    UNCHANGED: "Risk unchanged",
    RAISED: "Risk raised",
    NOT_REVIEWED: "Not yet reviewed",
}
TRAJECTORIES = tuple(TRAJECTORY_LABELS)
_ORDER = {"none": 0, "low": 1, "medium": 2, "high": 3}


def risk_trajectory(first: str, latest: str | None) -> str:
    """How a child's exploitation risk moved from the referral to the latest review: eliminated (no concerns
    now, after some), reduced to low, reduced but not yet low, unchanged, or raised; "not reviewed" before the
    first review. A referral with no concerns that still has none is unchanged.

    Source: Portsmouth PCSO minute (the risk of exploitation "either eliminated or reduced to low")."""
    if latest is None:
        return NOT_REVIEWED
    a, b = _ORDER[first], _ORDER[latest]
    if b > a:
        return RAISED
    if b == a:
        return UNCHANGED
    if b == 0:
        return ELIMINATED
    if b == 1:
        return REDUCED_TO_LOW
    return REDUCED


def re_referred(*, closed_on: dt.date, next_referred_on: dt.date | None) -> bool:
    """Whether a closed referral was followed by a new referral of the same child within 12 months of its
    closure.

    Source: Portsmouth PCSO minute (re-referrals as the outcome measure); the 12-month window is Divert's stated
    definition."""
    return next_referred_on is not None and closed_on < next_referred_on <= closed_on + dt.timedelta(
        days=RE_REFERRAL_DAYS)


def followed_up(*, closed_on: dt.date, today: dt.date) -> bool:
    """Whether a closure is old enough (12 months) for its re-referral to be counted either way.

    Source: Portsmouth PCSO minute (re-referrals); Divert's definition of the rate."""
    return closed_on + dt.timedelta(days=RE_REFERRAL_DAYS) <= today


@dataclass(frozen=True)
class ReReferralRate:
    closed: int  # closures whose 12 months have passed
    re_referred: int
    pending: int  # closures less than 12 months ago (not yet counted)

    @property
    def percent(self) -> int | None:
        return None if not self.closed else round(100 * self.re_referred / self.closed)


def re_referral_rate(closures: Iterable[tuple[dt.date, dt.date | None]], *, today: dt.date) -> ReReferralRate:
    """The re-referral rate: of the referrals closed at least 12 months ago, the share followed by a new referral
    of the same child within 12 months of closure. Closures under 12 months old are counted apart (pending), so
    that a recent cohort does not look better than it is.

    Source: Portsmouth PCSO minute (re-referrals "decreased dramatically"); the definition is Divert's."""
    closed = again = pending = 0
    for closed_on, next_on in closures:
        if not followed_up(closed_on=closed_on, today=today):
            pending += 1
            continue
        closed += 1
        again += re_referred(closed_on=closed_on, next_referred_on=next_on)
    return ReReferralRate(closed=closed, re_referred=again, pending=pending)


def cohort_of(day: dt.date) -> int:
    """The cohort of a referral: the year (1 April to 31 March) it was made in, named by the year it ends.

    Source: Portsmouth PCSO minute (outcomes reported by cohort); the council's year from 1 April (DfE SSDA903
    guidance)."""
    return day.year + 1 if day.month >= 4 else day.year


def review_date_problem(*, referred_on: dt.date, reviewed_on: dt.date, today: dt.date) -> str:
    """Why a review date is not acceptable ("" when it is): not before the referral, not in the future.

    Source: Divert product decision (a review records what was found on that day)."""
    if reviewed_on < referred_on:
        return "A review cannot be before the referral."
    if reviewed_on > today:
        return "A review date cannot be in the future."
    return ""


def family_details_problem(*, reference: str, initials: str, birth_year: int | None, postcode_district: str,
                           today: dt.date) -> str:
    """Why the details of a family not in care are not acceptable ("" when they are). Divert keeps them
    pseudonymous: a case reference (not a name: no spaces), initials of at most three letters, a year of birth
    that makes the child 0 to 18 (early help is for children), and a postcode district only (e.g. PO4), never
    a full postcode.

    Source: Portsmouth PCSO minute (children and families referred to early help); Divert product decision
    (hold no more of a family outside care than the work needs)."""
    ref = (reference or "").strip()
    if not ref or len(ref) > 40 or any(ch.isspace() for ch in ref):
        return "Give the early help service's case reference (no spaces, at most 40 characters), not a name."
    ini = (initials or "").strip()
    if ini and (len(ini) > 3 or not ini.isalpha()):
        return "Initials are at most three letters."
    if birth_year is not None and not (today.year - 18 <= birth_year <= today.year):
        return f"A child referred to early help is born between {today.year - 18} and {today.year}."
    district = (postcode_district or "").strip().upper()
    if district and not (2 <= len(district) <= 4 and district[0].isalpha() and district.isalnum()
                         and any(ch.isdigit() for ch in district)):
        return "Give the postcode district only (the first part, e.g. PO4), not a full postcode."
    return ""
