"""Named domain rules for missing from care, each citing its source.

Rules are pure: functions of plain values and objects already read, with no query. The reads they need, and the
daily compliance checks that pair each read with its rule, are in `selectors.py`.

Thresholds marked [unverified] in docs/sources.md are read from settings.DIVERT with the defaults below, never
hard-wired: MISSING_RISK_GRADE_HOURS, MISSING_RISK_REVIEW_HOURS, MISSING_LOOKBACK_DAYS, MISSING_NEAR_METRES.
"""

import datetime as dt
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import NamedTuple
from zoneinfo import ZoneInfo

from django.conf import settings

from divert.registers.benchmarks import Point, funnel

LONDON = ZoneInfo("Europe/London")

# Divert product decision (our product decision): repeat missing is three or more episodes in 90 days.
REPEAT_MISSING_THRESHOLD = 3
REPEAT_MISSING_WINDOW_DAYS = 90

DEFAULTS = {
    # APP: grade on report, "review continually" (APP missing persons). Intervals are local policy [unverified].
    "MISSING_RISK_GRADE_HOURS": 2,
    "MISSING_RISK_REVIEW_HOURS": {"high": 6, "medium": 12, "low": 24, "no_apparent_risk": 24},
    "MISSING_LOOKBACK_DAYS": 30,
    "MISSING_NEAR_METRES": 100,
    "MISSING_PROVIDER_WINDOW_DAYS": 90,
}


def setting(name: str):
    return getattr(settings, "DIVERT", {}).get(name, DEFAULTS[name])


def is_repeat_missing(missing_in_90_days: int) -> bool:
    """Divert product decision: a child missing three or more times in 90 days is flagged as repeat missing."""
    return missing_in_90_days >= REPEAT_MISSING_THRESHOLD


def finalisation_blockers(episode, interview) -> list[str]:
    """Howard League 2019 (Nottinghamshire): "records cannot be finalised without completion" of the return interview,
    and
    "follow up referrals and multi-agency action" take place. An episode can be finalised only when the child has
    returned, the return interview is completed, declined (with reason) or not possible (with reason), and its
    follow-up referrals are recorded (or recorded as none needed, with a reason). `interview` is the episode's
    return interview, or None (read by `selectors.finalisation_blockers`)."""
    from .models import MissingEpisode, ReturnInterview

    blockers = []
    if episode.state == MissingEpisode.State.FINALISED:
        return ["The episode is already finalised."]
    if episode.state == MissingEpisode.State.MERGED:
        return ["The episode was merged into another episode."]
    if episode.ended_at is None:
        blockers.append("The child has not been recorded as returned.")
    if interview is None or interview.state not in ReturnInterview.CLOSED_STATES:
        blockers.append("The return interview is not completed, declined or marked not possible.")
    if episode.referrals_recorded_at is None:
        blockers.append("Follow-up referrals have not been recorded.")
    return blockers


# --- Daily compliance rules (Howard League 2019: MFH coordinators check policy compliance daily) ---


@dataclass
class Finding:
    subject_key: str
    episode_id: int | None = None
    home_id: int | None = None
    detail: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Rule:
    """A daily compliance rule: its name (stored on each finding), the page's title and plain-English source, and
    the named rule in this module that decides it (`selectors.COMPLIANCE_CHECKS` pairs it with its read)."""
    name: str
    title: str
    source: str
    predicate: Callable[..., object]


def run_time(run_date: dt.date) -> dt.datetime:
    """Rules look at the state of things at 07:00 Europe/London on the run date (Divert product decision, daily
    window)."""
    return dt.datetime.combine(run_date, dt.time(7, 0), tzinfo=LONDON)


def lookback_start(as_of: dt.datetime) -> dt.datetime:
    """Divert product decision: the daily compliance list shows the current work, episodes and interviews of the
    last MISSING_LOOKBACK_DAYS, not the whole backlog."""
    return as_of - dt.timedelta(days=setting("MISSING_LOOKBACK_DAYS"))


def return_interview_overdue(*, due_at: dt.datetime, as_of: dt.datetime) -> bool:
    """DfE statutory guidance on children who run away or go missing from home or care (DfE missing guidance 2014):
    a return interview is offered within 72 hours of return. Overdue: an interview still due or offered (the
    selector reads only those, due within MISSING_LOOKBACK_DAYS) whose due time has passed."""
    return due_at < as_of


def risk_not_graded(*, risk_grade: str, started_at: dt.datetime, as_of: dt.datetime) -> bool:
    """APP missing persons (College of Policing), risk assessment: every report is graded (no apparent
    risk, low, medium, high). Holds for an episode with a police report and no grade after
    MISSING_RISK_GRADE_HOURS."""
    return not risk_grade and started_at <= as_of - dt.timedelta(hours=setting("MISSING_RISK_GRADE_HOURS"))


def risk_review_due(*, risk_grade: str, risk_graded_at: dt.datetime) -> dt.datetime:
    """When the grade is next to be reviewed: MISSING_RISK_REVIEW_HOURS for the grade [unverified] (APP missing
    persons)."""
    return risk_graded_at + dt.timedelta(hours=setting("MISSING_RISK_REVIEW_HOURS").get(risk_grade, 24))


def risk_not_reviewed(*, risk_grade: str, risk_graded_at: dt.datetime, as_of: dt.datetime) -> bool:
    """APP risk assessment (APP missing persons): the grade is reviewed continually while the child is missing. Holds
    for a graded child still missing whose last review is older than MISSING_RISK_REVIEW_HOURS for their grade
    [unverified]."""
    return bool(risk_grade) and risk_review_due(risk_grade=risk_grade, risk_graded_at=risk_graded_at) < as_of


class Review(NamedTuple):
    """One risk review of an episode, as the high-risk rule needs it."""
    grade: str
    supervisor_review: bool
    reviewed_at: dt.datetime


def first_high_grading(reviews: Iterable[Review]) -> dt.datetime | None:
    """When the episode was first graded high (None if never)."""
    return min((r.reviewed_at for r in reviews if r.grade == "high"), default=None)


def high_risk_without_supervisor_review(*, reviews: list[Review]) -> bool:
    """APP risk assessment (APP missing persons): a high-risk grading needs a supervisor's review. Holds for an
    episode graded high at any point with no supervisor review at or after the first high grading."""
    first_high = first_high_grading(reviews)
    return first_high is not None and not any(r.supervisor_review and r.reviewed_at >= first_high for r in reviews)


MIN_SIMILAR_HOMES = 3  # fewer homes of a setting type are not compared with each other


def provider_reporting_outlier(*, homes: list[tuple[str, str, int, float]]) -> tuple[float, list[Point]]:
    """Howard League 2019: a provider "had numerous reporting issues for the few children they housed". Compares each
    home's
    missing episodes per registered place over MISSING_PROVIDER_WINDOW_DAYS with similar homes (same setting
    type) using funnel-plot 99.8% limits (registers/benchmarks.py), so small homes are not unfairly singled out.
    `homes`: (key, name, episodes, registered places) of the homes of one setting type. Returns the similar-homes
    rate and the homes above (reporting far more) or below (far less) the limits; none with fewer than three
    homes."""
    if len(homes) < MIN_SIMILAR_HOMES:
        return 0.0, []
    theta, points = funnel(homes)
    return theta, [p for p in points if p.position in ("above", "below")]


def _norm_postcode(pc: str) -> str:
    return "".join(pc.split()).upper()


def found_at_same_place(a: dict, b: dict, *, near: float) -> bool:
    """Two found locations are the same place: the same postcode, or within `near` metres (both have coordinates).
    `a` and `b` carry found_postcode, found_easting, found_northing."""
    pc = _norm_postcode(a["found_postcode"])
    same_pc = pc and _norm_postcode(b["found_postcode"]) == pc
    close = (a["found_easting"] is not None and b["found_easting"] is not None
             and a["found_northing"] is not None and b["found_northing"] is not None
             and math.dist((a["found_easting"], a["found_northing"]), (b["found_easting"], b["found_northing"]))
             <= near)
    return bool(same_pc or close)


def found_at_linked_location(*, episode: dict, history: list[dict]) -> set[tuple[int, int]]:
    """Howard League 2019 (patterns and inter-dependencies between missing episodes) and APP missing persons (return
    interviews give
    intelligence on hotspots): a child found, in the day to 07:00, at a place (same postcode, or within
    MISSING_NEAR_METRES) where other children were found in the previous 365 days. Returns the other children's
    (child, episode) found there; the rule holds when there is any."""
    near = setting("MISSING_NEAR_METRES")
    return {(h["child_id"], h["id"]) for h in history
            if h["child_id"] != episode["child_id"] and found_at_same_place(episode, h, near=near)}


RULES: list[Rule] = [
    Rule("return_interview_overdue", "Return interview overdue",
         "A return interview must be offered within 72 hours of a child coming back (DfE statutory guidance on "
         "children who run away or go missing from home or care, 2014)", return_interview_overdue),
    Rule("risk_not_graded", "Risk not graded",
         "Every missing report is graded for risk when it is made (College of Policing APP: missing persons)",
         risk_not_graded),
    Rule("risk_not_reviewed", "Risk not reviewed on time",
         "The risk grade is reviewed while the child is still missing (College of Policing APP: missing persons)",
         risk_not_reviewed),
    Rule("high_risk_without_supervisor_review", "High risk without a supervisor review",
         "A high-risk grade needs a supervisor's review (College of Policing APP: missing persons)",
         high_risk_without_supervisor_review),
    Rule("provider_reporting_outlier", "Home reports far more (or fewer) missing episodes than similar homes",
         "Homes with many reports for few children are looked at together (Howard League, Good policing practice "
         "with children's homes in Nottinghamshire, 2019)", provider_reporting_outlier),
    Rule("found_at_linked_location", "Found at a location linked to other children's episodes",
         "Places where several children are found point to patterns between episodes (Howard League, Good policing "
         "practice with children's homes in Nottinghamshire, 2019)", found_at_linked_location),
]
RULES_BY_NAME = {r.name: r for r in RULES}
