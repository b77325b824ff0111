"""Named domain rules for missing from care, each citing its source.

Thresholds marked [unverified] in docs/sources.md are read from settings.DIVERT with the defaults below, never
hard-wired: MISSING_RISK_GRADE_HOURS, MISSING_RISK_REVIEW_HOURS, MISSING_LOOKBACK_DAYS, MISSING_NEAR_METRES.
"""

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, Q

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


def finalisation_blockers(episode) -> list[str]:
    """Howard League 2019 (Nottinghamshire): "records cannot be finalised without completion" of the return interview,
    and
    "follow up referrals and multi-agency action" take place. An episode can be finalised only when the child has
    returned, the return interview is completed, declined (with reason) or not possible (with reason), and its
    follow-up referrals are recorded (or recorded as none needed, with a reason)."""
    from .models import MissingEpisode, ReturnInterview

    blockers = []
    if episode.state == MissingEpisode.State.FINALISED:
        return ["The episode is already finalised."]
    if episode.state == MissingEpisode.State.MERGED:
        return ["The episode was merged into another episode."]
    if episode.ended_at is None:
        blockers.append("The child has not been recorded as returned.")
    interview = ReturnInterview.objects.filter(episode=episode).first()
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
    name: str
    title: str
    source: str
    check: Callable[..., list[Finding]]


def run_time(run_date: dt.date) -> dt.datetime:
    """Rules look at the state of things at 07:00 Europe/London on the run date (Divert product decision, daily
    window)."""
    return dt.datetime.combine(run_date, dt.time(7, 0), tzinfo=LONDON)


def _active_episodes(as_of: dt.datetime):
    from .models import MissingEpisode

    since = as_of - dt.timedelta(days=setting("MISSING_LOOKBACK_DAYS"))
    return MissingEpisode.objects.filter(
        state__in=[MissingEpisode.State.OPEN, MissingEpisode.State.RETURNED], started_at__lte=as_of
    ).filter(Q(ended_at__isnull=True) | Q(ended_at__gte=since))


def return_interview_overdue(*, as_of: dt.datetime) -> list[Finding]:
    """DfE statutory guidance on children who run away or go missing from home or care (DfE missing guidance 2014):
    a return interview is offered within 72 hours of return. Overdue: still due or offered after its due time
    (and due within MISSING_LOOKBACK_DAYS, so the daily list shows the current work, not the whole backlog)."""
    from .models import ReturnInterview

    since = as_of - dt.timedelta(days=setting("MISSING_LOOKBACK_DAYS"))
    overdue = ReturnInterview.objects.filter(
        state__in=[ReturnInterview.State.DUE, ReturnInterview.State.OFFERED], due_at__lt=as_of, due_at__gte=since,
        episode__state__in=["open", "returned"],
    ).select_related("episode")
    return [Finding(f"episode:{ri.episode_id}", ri.episode_id, ri.episode.home_id, {
        "due_at": ri.due_at.isoformat(), "hours_overdue": round((as_of - ri.due_at).total_seconds() / 3600)})
        for ri in overdue]


def risk_not_graded(*, as_of: dt.datetime) -> list[Finding]:
    """APP missing persons (College of Policing), risk assessment: every report is graded (no apparent
    risk, low, medium, high). Flags episodes with a police report and no grade after MISSING_RISK_GRADE_HOURS."""
    limit = as_of - dt.timedelta(hours=setting("MISSING_RISK_GRADE_HOURS"))
    qs = _active_episodes(as_of).filter(risk_grade="", started_at__lte=limit, sources__missing_report__isnull=False)
    return [Finding(f"episode:{e.pk}", e.pk, e.home_id, {"started_at": e.started_at.isoformat()})
            for e in qs.distinct()]


def risk_not_reviewed(*, as_of: dt.datetime) -> list[Finding]:
    """APP risk assessment (APP missing persons): the grade is reviewed continually while the child is missing. Flags a
    child still missing whose last review is older than MISSING_RISK_REVIEW_HOURS for their grade [unverified]."""
    hours = setting("MISSING_RISK_REVIEW_HOURS")
    found = []
    for e in _active_episodes(as_of).filter(ended_at__isnull=True).exclude(risk_grade=""):
        due = e.risk_graded_at + dt.timedelta(hours=hours.get(e.risk_grade, 24))
        if due < as_of:
            found.append(Finding(f"episode:{e.pk}", e.pk, e.home_id,
                                 {"grade": e.risk_grade, "review_due_at": due.isoformat()}))
    return found


def high_risk_without_supervisor_review(*, as_of: dt.datetime) -> list[Finding]:
    """APP risk assessment (APP missing persons): a high-risk grading needs a supervisor's review. Flags episodes graded
    high at any point with no supervisor review at or after the first high grading."""
    from .models import RiskReview

    found = []
    highs = (RiskReview.objects.filter(grade="high", episode__in=_active_episodes(as_of), reviewed_at__lte=as_of)
             .values("episode_id").annotate(n=Count("id")))
    for row in highs:
        first_high = RiskReview.objects.filter(episode_id=row["episode_id"], grade="high").order_by("reviewed_at")[0]
        supervised = RiskReview.objects.filter(episode_id=row["episode_id"], supervisor_review=True,
                                               reviewed_at__gte=first_high.reviewed_at).exists()
        if not supervised:
            found.append(Finding(f"episode:{row['episode_id']}", row["episode_id"], first_high.episode.home_id,
                                 {"graded_high_at": first_high.reviewed_at.isoformat()}))
    return found


def provider_reporting_outlier(*, as_of: dt.datetime) -> list[Finding]:
    """Howard League 2019: a provider "had numerous reporting issues for the few children they housed". Compares each
    home's
    missing episodes per registered place over MISSING_PROVIDER_WINDOW_DAYS with similar homes (same setting
    type) using funnel-plot 99.8% limits (registers/benchmarks.py), so small homes are not unfairly singled out. Flags
    homes above (reporting far more) or below (far less) the limits."""
    from divert.registers.benchmarks import funnel
    from divert.registers.models import Home

    from .models import MissingEpisode

    since = as_of - dt.timedelta(days=setting("MISSING_PROVIDER_WINDOW_DAYS"))
    counts = dict(MissingEpisode.objects.filter(started_at__gt=since, started_at__lte=as_of, home__isnull=False)
                  .exclude(state__in=GONE).values("home_id").annotate(n=Count("id")).values_list("home_id", "n"))
    found = []
    homes = Home.objects.filter(registered_places__gt=0).filter(Q(closed_on__isnull=True) | Q(closed_on__gte=since))
    groups: dict[str, list] = {}
    for h in homes:
        groups.setdefault(h.setting_type, []).append(h)
    for setting_type, members in groups.items():
        if len(members) < 3:
            continue
        theta, points = funnel([(str(h.pk), h.name, counts.get(h.pk, 0), float(h.registered_places))
                                for h in members])
        for p in points:
            if p.position in ("above", "below"):
                found.append(Finding(f"home:{p.key}", None, int(p.key), {
                    "position": p.position, "episodes": p.observed, "places": p.exposure,
                    "rate": round(p.rate, 3), "similar_rate": round(theta, 3), "setting_type": setting_type}))
    return found


GONE = ("merged", "withdrawn")  # MissingEpisode.GONE_STATES


def _norm_postcode(pc: str) -> str:
    return "".join(pc.split()).upper()


def found_at_linked_location(*, as_of: dt.datetime) -> list[Finding]:
    """Howard League 2019 (patterns and inter-dependencies between missing episodes) and APP missing persons (return
    interviews give
    intelligence on hotspots): a child found, in the day to 07:00, at a place (same postcode, or within
    MISSING_NEAR_METRES) where other children were found in the previous 365 days."""
    from .models import MissingEpisode

    window_start = as_of - dt.timedelta(days=1)
    near = setting("MISSING_NEAR_METRES")
    recent = MissingEpisode.objects.filter(ended_at__gte=window_start, ended_at__lt=as_of).exclude(state__in=GONE)
    history = list(MissingEpisode.objects.filter(ended_at__gte=as_of - dt.timedelta(days=365), ended_at__lt=as_of)
                   .exclude(state__in=GONE).values("id", "child_id", "found_postcode", "found_easting",
                                                   "found_northing"))
    found = []
    for e in recent:
        pc = _norm_postcode(e.found_postcode)
        others = set()
        for h in history:
            if h["child_id"] == e.child_id:
                continue
            same_pc = pc and _norm_postcode(h["found_postcode"]) == pc
            close = (e.found_easting is not None and h["found_easting"] is not None
                     and e.found_northing is not None and h["found_northing"] is not None
                     and math.dist((e.found_easting, e.found_northing), (h["found_easting"], h["found_northing"]))
                     <= near)
            if same_pc or close:
                others.add((h["child_id"], h["id"]))
        if others:
            found.append(Finding(f"episode:{e.pk}", e.pk, e.home_id, {
                "other_children": len({c for c, _ in others}), "other_episode_ids": sorted(i for _, i in others)}))
    return found


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
