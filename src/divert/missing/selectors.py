"""Reads for missing from care: scoped episode lists, repeat counts, a child's missing history, and the reads of
the daily compliance checks (each paired with its named rule in `rules.py`)."""

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet, prefetch_related_objects
from django.utils import timezone

from divert.registers.access import child_records_visible_to
from divert.registers.models import Home

from . import rules
from .models import Category, ComplianceItem, Escalation, MissingEpisode, ReturnInterview, RiskReview
from .rules import REPEAT_MISSING_THRESHOLD, REPEAT_MISSING_WINDOW_DAYS, Finding, is_repeat_missing, setting

LIVE_STATES = (MissingEpisode.State.OPEN, MissingEpisode.State.RETURNED, MissingEpisode.State.FINALISED)


def compliance_items(*, run_date: dt.date) -> list[ComplianceItem]:
    """The stored findings of the daily compliance check for one day, with episode, child, home and escalations.

    A read only: the check itself is run by actions.run_daily_compliance (CLI, pipeline, or an explicit POST)."""
    return list(ComplianceItem.objects.filter(run_date=run_date)
                .select_related("episode__child", "episode__home", "home")
                .prefetch_related("escalations").order_by("pk"))


def episode_settings(episodes) -> dict:
    """Where each episode's child was living when it started: a registered Home where there is one, else the
    SSDA903 placement of that day (a foster or other placement with no registered home) as `reconcile` stored it
    on the episode (`MissingEpisode.placement`, found once there by `reconcile._placement_at` and kept current on
    each rebuild). An episode with neither (no placement on the register that day, or one `reconcile` never
    built) is left out: the page says there was no placement that day rather than look it up a second way.

    No query when the episodes were read with `select_related("placement__home")` (as the episode list is); else
    the stored placements and their homes are fetched for the page's episodes at once."""
    episodes = list(episodes)
    prefetch_related_objects([e for e in episodes if not e.home_id and e.placement_id], "placement__home")
    found: dict = {}
    for e in episodes:
        if e.home_id:
            found[e.pk] = e.home
        elif e.placement_id:
            found[e.pk] = e.placement.home or e.placement
    return found


def episodes_visible_to(user) -> QuerySet:
    """Live episodes the user may see: `registers.access.child_records_visible_to` (provider managers: children
    placed at their homes today, episodes from their own homes)."""
    qs = MissingEpisode.objects.filter(state__in=LIVE_STATES).select_related("child", "home", "return_interview")
    return child_records_visible_to(user, qs)


@dataclass
class RepeatCounts:
    missing_30: int
    missing_90: int
    missing_365: int
    absent_90: int
    absent_365: int

    @property
    def repeat_flag(self) -> bool:
        return is_repeat_missing(self.missing_90)


def repeat_counts(child, *, on: dt.datetime | None = None, episodes: QuerySet | None = None) -> RepeatCounts:
    """Episodes started in the 30/90/365 days up to `on` (Divert product decision: three or more missing in 90 days)."""
    on = on or timezone.now()
    qs = (episodes if episodes is not None else MissingEpisode.objects.filter(state__in=LIVE_STATES)).filter(
        child=child, started_at__lte=on, started_at__gt=on - dt.timedelta(days=365))
    starts = list(qs.values_list("started_at", "category"))

    def count(days: int, cat: str) -> int:
        since = on - dt.timedelta(days=days)
        return sum(1 for s, c in starts if s > since and c == cat)

    return RepeatCounts(count(30, Category.MISSING), count(REPEAT_MISSING_WINDOW_DAYS, Category.MISSING),
                        count(365, Category.MISSING), count(90, Category.ABSENT), count(365, Category.ABSENT))


def child_missing_summary(child, user) -> dict:
    # The page already has the child and shows no home here: only the interview is joined.
    episodes = list(episodes_visible_to(user).filter(child=child).select_related(None)
                    .select_related("return_interview").order_by("-started_at")[:50])
    return {
        "episodes": episodes,
        "counts": repeat_counts(child, episodes=episodes_visible_to(user)),
        "threshold": REPEAT_MISSING_THRESHOLD,
        "window": REPEAT_MISSING_WINDOW_DAYS,
    }


def open_escalations() -> QuerySet:
    return Escalation.objects.filter(state__in=Escalation.OPEN_STATES).select_related("item", "owner", "item__home")


def finalisation_blockers(episode: MissingEpisode) -> list[str]:
    """Why an episode cannot yet be finalised (`rules.finalisation_blockers`, Howard League 2019: records cannot be
    finalised without the interview)."""
    return rules.finalisation_blockers(episode, ReturnInterview.objects.filter(episode=episode).first())


# --- The daily compliance checks: one read per rule, a fixed number of queries each ---


def _active_episodes(as_of: dt.datetime):
    """Open or returned episodes started by `as_of` and still missing or back within the lookback."""
    return MissingEpisode.objects.filter(
        state__in=[MissingEpisode.State.OPEN, MissingEpisode.State.RETURNED], started_at__lte=as_of
    ).filter(Q(ended_at__isnull=True) | Q(ended_at__gte=rules.lookback_start(as_of)))


def return_interview_overdue_findings(*, as_of: dt.datetime) -> list[Finding]:
    """Interviews still due or offered, due within the lookback, of live episodes: `rules.return_interview_overdue`."""
    due = ReturnInterview.objects.filter(
        state__in=[ReturnInterview.State.DUE, ReturnInterview.State.OFFERED], due_at__gte=rules.lookback_start(as_of),
        episode__state__in=["open", "returned"],
    ).select_related("episode")
    return [Finding(f"episode:{ri.episode_id}", ri.episode_id, ri.episode.home_id, {
        "due_at": ri.due_at.isoformat(), "hours_overdue": round((as_of - ri.due_at).total_seconds() / 3600)})
        for ri in due if rules.return_interview_overdue(due_at=ri.due_at, as_of=as_of)]


def risk_not_graded_findings(*, as_of: dt.datetime) -> list[Finding]:
    """Active episodes with a police missing report: `rules.risk_not_graded`."""
    qs = _active_episodes(as_of).filter(sources__missing_report__isnull=False).distinct()
    return [Finding(f"episode:{e.pk}", e.pk, e.home_id, {"started_at": e.started_at.isoformat()})
            for e in qs if rules.risk_not_graded(risk_grade=e.risk_grade, started_at=e.started_at, as_of=as_of)]


def risk_not_reviewed_findings(*, as_of: dt.datetime) -> list[Finding]:
    """Active episodes of children still missing: `rules.risk_not_reviewed`."""
    found = []
    for e in _active_episodes(as_of).filter(ended_at__isnull=True):
        if rules.risk_not_reviewed(risk_grade=e.risk_grade, risk_graded_at=e.risk_graded_at, as_of=as_of):
            due = rules.risk_review_due(risk_grade=e.risk_grade, risk_graded_at=e.risk_graded_at)
            found.append(Finding(f"episode:{e.pk}", e.pk, e.home_id,
                                 {"grade": e.risk_grade, "review_due_at": due.isoformat()}))
    return found


def high_risk_without_supervisor_review_findings(*, as_of: dt.datetime) -> list[Finding]:
    """Active episodes graded high by `as_of`, with all their risk reviews (three queries):
    `rules.high_risk_without_supervisor_review`."""
    ids = set(RiskReview.objects.filter(grade="high", episode__in=_active_episodes(as_of), reviewed_at__lte=as_of)
              .values_list("episode_id", flat=True))
    reviews: dict[int, list[rules.Review]] = defaultdict(list)
    for episode_id, grade, supervisor_review, reviewed_at in RiskReview.objects.filter(episode_id__in=ids).values_list(
            "episode_id", "grade", "supervisor_review", "reviewed_at"):
        reviews[episode_id].append(rules.Review(grade, supervisor_review, reviewed_at))
    homes = dict(MissingEpisode.objects.filter(pk__in=ids).values_list("pk", "home_id"))
    found = []
    for episode_id in sorted(ids):
        first_high = rules.first_high_grading(reviews[episode_id])
        if first_high is not None and rules.high_risk_without_supervisor_review(reviews=reviews[episode_id]):
            found.append(Finding(f"episode:{episode_id}", episode_id, homes[episode_id],
                                 {"graded_high_at": first_high.isoformat()}))
    return found


def provider_reporting_outlier_findings(*, as_of: dt.datetime) -> list[Finding]:
    """Missing episodes per home over MISSING_PROVIDER_WINDOW_DAYS and the open homes with registered places, by
    setting type: `rules.provider_reporting_outlier`."""
    since = as_of - dt.timedelta(days=setting("MISSING_PROVIDER_WINDOW_DAYS"))
    counts = dict(MissingEpisode.objects.filter(started_at__gt=since, started_at__lte=as_of, home__isnull=False)
                  .exclude(state__in=MissingEpisode.GONE_STATES).values("home_id").annotate(n=Count("id"))
                  .values_list("home_id", "n"))
    homes = Home.objects.filter(registered_places__gt=0).filter(Q(closed_on__isnull=True) | Q(closed_on__gte=since))
    groups: dict[str, list] = {}
    for h in homes.values("pk", "name", "setting_type", "registered_places"):
        groups.setdefault(h["setting_type"], []).append(h)
    found = []
    for setting_type, members in groups.items():
        theta, outliers = rules.provider_reporting_outlier(homes=[
            (str(h["pk"]), h["name"], counts.get(h["pk"], 0), float(h["registered_places"])) for h in members])
        for p in outliers:
            found.append(Finding(f"home:{p.key}", None, int(p.key), {
                "position": p.position, "episodes": p.observed, "places": p.exposure,
                "rate": round(p.rate, 3), "similar_rate": round(theta, 3), "setting_type": setting_type}))
    return found


FOUND_FIELDS = ("id", "child_id", "home_id", "found_postcode", "found_easting", "found_northing")


def found_at_linked_location_findings(*, as_of: dt.datetime) -> list[Finding]:
    """Episodes ended in the day to `as_of`, and where children were found in the 365 days before (two queries):
    `rules.found_at_linked_location`."""
    live = MissingEpisode.objects.exclude(state__in=MissingEpisode.GONE_STATES)
    recent = live.filter(ended_at__gte=as_of - dt.timedelta(days=1), ended_at__lt=as_of).values(*FOUND_FIELDS)
    history = list(live.filter(ended_at__gte=as_of - dt.timedelta(days=365), ended_at__lt=as_of)
                   .values(*FOUND_FIELDS))
    found = []
    for e in recent:
        others = rules.found_at_linked_location(episode=e, history=history)
        if others:
            found.append(Finding(f"episode:{e['id']}", e["id"], e["home_id"], {
                "other_children": len({c for c, _ in others}), "other_episode_ids": sorted(i for _, i in others)}))
    return found


# Each rule's read, keyed by the rule itself (tests check that every rule in rules.RULES has one).
COMPLIANCE_CHECKS: dict[Callable[..., object], Callable[..., list[Finding]]] = {
    rules.return_interview_overdue: return_interview_overdue_findings,
    rules.risk_not_graded: risk_not_graded_findings,
    rules.risk_not_reviewed: risk_not_reviewed_findings,
    rules.high_risk_without_supervisor_review: high_risk_without_supervisor_review_findings,
    rules.provider_reporting_outlier: provider_reporting_outlier_findings,
    rules.found_at_linked_location: found_at_linked_location_findings,
}


def compliance_findings(rule: rules.Rule, *, as_of: dt.datetime) -> list[Finding]:
    """What a daily compliance rule finds at `as_of` (its read, then its rule)."""
    return COMPLIANCE_CHECKS[rule.predicate](as_of=as_of)
