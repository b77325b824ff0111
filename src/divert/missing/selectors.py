"""Reads for missing from care: scoped episode lists, repeat counts, a child's missing history."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from divert.registers.access import child_records_visible_to

from .models import Category, ComplianceItem, Escalation, MissingEpisode
from .rules import REPEAT_MISSING_THRESHOLD, REPEAT_MISSING_WINDOW_DAYS, is_repeat_missing

LIVE_STATES = (MissingEpisode.State.OPEN, MissingEpisode.State.RETURNED, MissingEpisode.State.FINALISED)


def compliance_items(*, run_date: dt.date) -> list[ComplianceItem]:
    """The stored findings of the daily compliance check for one day, with episode, child, home and escalations.

    A read only: the check itself is run by actions.run_daily_compliance (CLI, pipeline, or an explicit POST)."""
    return list(ComplianceItem.objects.filter(run_date=run_date)
                .select_related("episode__child", "episode__home", "home")
                .prefetch_related("escalations").order_by("pk"))


def episode_homes(episodes) -> dict:
    """The home each episode was missing from: the episode's own home, else the home of the child's placement on the
    day the episode started (one query for the page's episodes)."""

    from divert.registers.models import Placement

    found = {e.pk: e.home for e in episodes if e.home_id}
    rest = [e for e in episodes if not e.home_id]
    if not rest:
        return found
    placements: dict[int, list] = {}
    for p in (Placement.objects.filter(child_id__in={e.child_id for e in rest}, home__isnull=False)
              .select_related("home").order_by("decom")):
        placements.setdefault(p.child_id, []).append(p)
    for e in rest:
        day = timezone.localtime(e.started_at).date()
        for p in placements.get(e.child_id, []):
            if p.decom <= day and (p.dec is None or p.dec >= day):
                found[e.pk] = p.home
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
    episodes = list(episodes_visible_to(user).filter(child=child).order_by("-started_at")[:50])
    return {
        "episodes": episodes,
        "counts": repeat_counts(child, episodes=episodes_visible_to(user)),
        "threshold": REPEAT_MISSING_THRESHOLD,
        "window": REPEAT_MISSING_WINDOW_DAYS,
    }


def open_escalations() -> QuerySet:
    return Escalation.objects.filter(state__in=Escalation.OPEN_STATES).select_related("item", "owner", "item__home")


def finalisation_blockers(episode: MissingEpisode) -> list[str]:
    """Why an episode cannot yet be finalised (Howard League 2019: records cannot be finalised without the
    interview)."""
    from .rules import finalisation_blockers as rule

    return rule(episode)
