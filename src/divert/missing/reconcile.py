"""Build missing episodes from police missing-person reports and SSDA903 Missing rows.

Rules (APP missing persons):
- One episode per absence: sources about the same child whose periods overlap become one episode, and every
  source stays attached (`EpisodeSource`), so both the police and the council record can be traced.
- Missing (903 `M`) and away without authorisation (903 `A`) are kept apart: two 903 rows of different codes never
  share an episode. A police report (APP has had no "absent" category since 2017) joins the overlapping 903 row,
  preferring an `M` row; a police report with no 903 row makes a missing (`M`) episode.
- 903 rows carry dates only: a row runs from 00:00 on MIS_START to 23:59:59 on MIS_END, Europe/London.
  Police times are preferred where present. Two 903 rows that only touch (one ends the day the next starts) are
  two absences; a police report joins the 903 row starting the same day, else the one it overlaps most. A 903 row
  with no MIS_END reaches only to the day before the child's next 903 row.
- Idempotent: sources attached to one episode stay together; a rerun changes nothing unless a source changed.
  Episodes that a new source joins together are merged into the oldest (state `merged`, never deleted).
- Only police reports linked to a child in care (`child` set, status `linked`, by matching) take part. A report
  relinked to another child moves to that child's episode; an unlinked one leaves its episode, and an episode
  left with no source is `withdrawn` (docs/adr/0002: links can be undone).
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction

from divert.core.audit import record_audit
from divert.police.models import LinkStatus, MissingReport
from divert.registers.models import Placement, SSDA903Missing

from .models import Category, EpisodeSource, MissingEpisode, ReturnInterview, RiskReview

LONDON = ZoneInfo("Europe/London")
RETURN_INTERVIEW_DUE = dt.timedelta(hours=72)  # DfE statutory guidance (Jan 2014), APP missing persons
FOREVER = dt.datetime.max.replace(tzinfo=dt.UTC)


@dataclass
class Src:
    key: tuple[str, int]
    obj: Any  # a MissingReport (category None) or an SSDA903Missing row
    start: dt.datetime
    end: dt.datetime | None
    category: str | None  # None for police reports
    episode_id: int | None
    cap: dt.datetime | None = None  # for an open-ended 903 row: just before the child's next 903 row

    @property
    def reach(self) -> dt.datetime:
        return self.end or self.cap or FOREVER


@dataclass
class Result:
    created: int = 0
    updated: int = 0
    merged: int = 0
    sources_attached: int = 0
    interviews_created: int = 0
    withdrawn: int = 0
    touched_children: set = field(default_factory=set)

    def as_dict(self) -> dict[str, int]:
        return {"episodes_created": self.created, "episodes_updated": self.updated, "episodes_merged": self.merged,
                "sources_attached": self.sources_attached, "return_interviews_created": self.interviews_created,
                "episodes_withdrawn": self.withdrawn}


def day_start(d: dt.date) -> dt.datetime:
    return dt.datetime.combine(d, dt.time(0, 0), tzinfo=LONDON).astimezone(dt.UTC)


def day_end(d: dt.date) -> dt.datetime:
    return dt.datetime.combine(d, dt.time(23, 59, 59), tzinfo=LONDON).astimezone(dt.UTC)


def overlaps(a: Src, b: Src) -> bool:
    return a.start <= b.reach and b.start <= a.reach


def rows_overlap(a: Src, b: Src) -> bool:
    """903 rows carry dates only: rows that merely touch (one ends the day the next starts) are two absences."""
    return a.start < b.reach - dt.timedelta(days=1) and b.start < a.reach - dt.timedelta(days=1)


def _overlap_seconds(a: Src, b: Src) -> float:
    return (min(a.reach, b.reach) - max(a.start, b.start)).total_seconds()


class _Union:
    def __init__(self, keys):
        self.parent = {k: k for k in keys}

    def find(self, k):
        while self.parent[k] != k:
            self.parent[k] = self.parent[self.parent[k]]
            k = self.parent[k]
        return k

    def union(self, a, b):
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def cluster_sources(srcs: list[Src]) -> list[list[Src]]:
    """Group one child's sources into absences (the rules in the module docstring)."""
    uf = _Union([s.key for s in srcs])
    police = [s for s in srcs if s.category is None]
    rows = [s for s in srcs if s.category is not None]
    by_episode: dict[int, list[Src]] = defaultdict(list)
    for s in srcs:
        if s.episode_id is not None:
            by_episode[s.episode_id].append(s)
    for group in by_episode.values():
        for s in group[1:]:
            uf.union(group[0].key, s.key)
    for i, a in enumerate(rows):
        for b in rows[i + 1:]:
            if a.category == b.category and rows_overlap(a, b):
                uf.union(a.key, b.key)
    for i, a in enumerate(police):
        for b in police[i + 1:]:
            if overlaps(a, b):
                uf.union(a.key, b.key)
        candidates = [r for r in rows if overlaps(a, r)]
        if candidates:
            same_day = a.start.astimezone(LONDON).date()
            best = sorted(candidates, key=lambda r: (r.category != Category.MISSING, r.obj.start != same_day,
                                                     -_overlap_seconds(a, r), r.start))[0]
            uf.union(a.key, best.key)
    groups: dict = defaultdict(list)
    for s in srcs:
        groups[uf.find(s.key)].append(s)
    return sorted(groups.values(), key=lambda g: min(s.start for s in g))


def _placement_at(child_id: int, when: dt.datetime, placements: dict[int, list[Placement]]) -> Placement | None:
    d = when.astimezone(LONDON).date()
    for p in sorted(placements.get(child_id, []), key=lambda p: p.decom, reverse=True):
        if p.decom <= d and (p.dec is None or p.dec >= d):
            return p
    return None


def _derive(group: list[Src], placements) -> dict:
    police = [s for s in group if s.category is None]
    rows = [s for s in group if s.category is not None]
    base = police or rows
    started = min(s.start for s in base)
    ended = None
    for candidates in (police, rows):
        if candidates and all(s.end is not None for s in candidates):
            ended = max(s.end for s in candidates if s.end is not None)
            break
    category = Category.MISSING if (not rows or any(r.category == Category.MISSING for r in rows)) else Category.ABSENT
    child_id = (police[0].obj if police else rows[0].obj).child_id
    placement = _placement_at(child_id, started, placements)
    home_id = None
    reports = sorted((s.obj for s in police), key=lambda r: r.reported_missing_at)
    for r in reports:
        home_id = r.home_id or home_id
    if home_id is None and placement is not None:
        home_id = placement.home_id
    values = {"child_id": child_id, "category": category, "started_at": started, "ended_at": ended,
              "home_id": home_id, "placement_id": placement.pk if placement else None}
    found = [r for r in reports if r.found_at is not None]
    if found:
        last = max(found, key=lambda r: r.found_at)
        values.update(found_location=last.location_found, found_postcode=last.found_postcode,
                      found_easting=last.found_easting, found_northing=last.found_northing)
    return values


def _load(child_ids):
    reports = MissingReport.objects.filter(child__isnull=False, link_status=LinkStatus.LINKED)
    rows = SSDA903Missing.objects.all()
    if child_ids is not None:
        reports, rows = reports.filter(child_id__in=child_ids), rows.filter(child_id__in=child_ids)
    # A report attached to another child's episode was relinked by matching: it leaves that episode.
    attached_reports = {rid: eid for rid, eid, ep_child, r_child in EpisodeSource.objects.filter(
        missing_report__isnull=False).values_list("missing_report_id", "episode_id", "episode__child_id",
                                                  "missing_report__child_id") if ep_child == r_child}
    attached_rows = dict(EpisodeSource.objects.filter(ssda903_missing__isnull=False)
                         .values_list("ssda903_missing_id", "episode_id"))
    by_child: dict[int, list[Src]] = defaultdict(list)
    for r in reports:
        by_child[r.child_id].append(Src(("r", r.pk), r, r.reported_missing_at, r.found_at, None,
                                        attached_reports.get(r.pk)))
    for m in rows:
        by_child[m.child_id].append(Src(("m", m.pk), m, day_start(m.start), day_end(m.end) if m.end else None,
                                        m.missing_type, attached_rows.get(m.pk)))
    for srcs in by_child.values():
        starts = sorted(s.obj.start for s in srcs if s.category is not None)
        for s in srcs:
            if s.category is not None and s.end is None:
                later = [d for d in starts if d > s.obj.start]
                s.cap = day_start(later[0]) - dt.timedelta(seconds=1) if later else None
    return by_child


@transaction.atomic
def build_episodes(*, child_ids=None, actor=None) -> Result:
    """Reconcile sources into episodes; create return interviews for returned episodes. Idempotent."""
    result = Result()
    by_child = _load(child_ids)
    placements: dict[int, list[Placement]] = defaultdict(list)
    for p in Placement.objects.filter(child_id__in=list(by_child)):
        placements[p.child_id].append(p)
    episodes = {e.pk: e for e in MissingEpisode.objects.filter(sources__isnull=False).distinct()
                .filter(child_id__in=list(by_child))}
    known = _Known(episodes)
    for srcs in by_child.values():
        for group in cluster_sources(srcs):
            _apply_group(group, episodes, placements, result, actor, known)
    if child_ids is None:
        _withdraw_unlinked(result, actor)
    return result


def _withdraw_unlinked(result: Result, actor) -> None:
    """Reports no longer linked to a child leave their episode; an episode left with no source is withdrawn."""
    stale = EpisodeSource.objects.filter(missing_report__isnull=False).exclude(
        missing_report__link_status=LinkStatus.LINKED, missing_report__child__isnull=False)
    for src in stale.select_related("episode"):
        record_audit(actor=actor, action="missing.episode.source_detached", obj=src.episode,
                     detail={"missing_report": src.missing_report_id}, actor_label="" if actor else
                     "system: missing reconcile")
        src.delete()  # the link row only; the report and the episode stay
    for episode in MissingEpisode.objects.filter(sources__isnull=True, state__in=[
            MissingEpisode.State.OPEN, MissingEpisode.State.RETURNED]):
        episode.state = MissingEpisode.State.WITHDRAWN
        episode.save(update_fields=["state", "updated_at"])
        record_audit(actor=actor, action="missing.episode.withdraw", obj=episode,
                     actor_label="" if actor else "system: missing reconcile")
        result.withdrawn += 1


class _Known:
    """Risk-review labels and return interviews of the episodes in play, loaded once (keeps reruns cheap)."""

    def __init__(self, episodes: dict):
        self.labels: dict[int, set[str]] = defaultdict(set)
        for eid, label in RiskReview.objects.filter(episode_id__in=list(episodes)).values_list("episode_id",
                                                                                                "reviewer_label"):
            self.labels[eid].add(label)
        self.interviews = {ri.episode_id: ri for ri in ReturnInterview.objects.filter(episode_id__in=list(episodes))}


def _apply_group(group: list[Src], episodes: dict, placements, result: Result, actor, known: _Known) -> None:
    values = _derive(group, placements)
    existing = sorted({s.episode_id for s in group if s.episode_id is not None})
    if existing:
        episode = episodes.get(existing[0]) or MissingEpisode.objects.get(pk=existing[0])
        for other_id in existing[1:]:
            other = episodes.get(other_id) or MissingEpisode.objects.get(pk=other_id)
            EpisodeSource.objects.filter(episode=other).update(episode=episode)
            other.state, other.merged_into = MissingEpisode.State.MERGED, episode
            other.save(update_fields=["state", "merged_into", "updated_at"])
            record_audit(actor=actor, action="missing.episode.merge", obj=other, detail={"into": episode.pk})
            result.merged += 1
        changed = [k for k, v in values.items() if getattr(episode, k) != v]
        if episode.state in (MissingEpisode.State.OPEN, MissingEpisode.State.RETURNED):
            state = MissingEpisode.State.RETURNED if values["ended_at"] else MissingEpisode.State.OPEN
            if state != episode.state:
                values["state"] = state
                changed.append("state")
        if changed:
            for k in changed:
                setattr(episode, k, values[k])
            episode.save(update_fields=[*changed, "updated_at"])
            result.updated += 1
    else:
        state = MissingEpisode.State.RETURNED if values["ended_at"] else MissingEpisode.State.OPEN
        episode = MissingEpisode.objects.create(state=state, **values)
        record_audit(actor=actor, action="missing.episode.create", obj=episode, actor_label="" if actor else
                     "system: missing reconcile")
        result.created += 1
    for s in group:
        if s.episode_id != episode.pk:
            if s.episode_id is None:
                kwargs: dict[str, Any] = ({"missing_report": s.obj} if s.category is None
                                          else {"ssda903_missing": s.obj})
                EpisodeSource.objects.update_or_create(**kwargs, defaults={"episode": episode})
                result.sources_attached += 1
            s.episode_id = episode.pk
    _risk_from_reports(episode, [s.obj for s in group if s.category is None], known.labels[episode.pk])
    if _ensure_return_interview(episode, known.interviews.get(episode.pk)):
        result.interviews_created += 1


def _risk_from_reports(episode: MissingEpisode, reports: list[MissingReport], labels: set[str]) -> None:
    """The initial APP grading on each police report is the episode's first risk review (APP missing persons)."""
    added = False
    for r in reports:
        label = f"police missing report {r.reference}"
        if r.risk_grade and label not in labels:
            RiskReview.objects.create(episode=episode, grade=r.risk_grade, reviewed_at=r.reported_missing_at,
                                      reviewer_label=label, information_used="Initial grading on the police report")
            labels.add(label)
            added = True
    if not added:
        return
    latest = episode.risk_reviews.order_by("-reviewed_at", "-id").first()
    if latest and (episode.risk_grade, episode.risk_graded_at) != (latest.grade, latest.reviewed_at):
        episode.risk_grade, episode.risk_graded_at = latest.grade, latest.reviewed_at
        episode.save(update_fields=["risk_grade", "risk_graded_at", "updated_at"])


def _ensure_return_interview(episode: MissingEpisode, interview: ReturnInterview | None) -> bool:
    """Each returned episode of a child in care gets a return interview due 72 hours after return (APP missing
    persons)."""
    if episode.ended_at is None or episode.state == MissingEpisode.State.MERGED:
        return False
    due = episode.ended_at + RETURN_INTERVIEW_DUE
    if interview is None:
        interview = ReturnInterview.objects.filter(episode=episode).first()
    if interview is None:
        ReturnInterview.objects.create(episode=episode, due_at=due)
        return True
    if interview.state == ReturnInterview.State.DUE and interview.due_at != due:
        interview.due_at = due
        interview.save(update_fields=["due_at", "updated_at"])
    return False
