"""Reads for the daily incident list, the incident page, follow-ups, alerts and the child page.

`daily_list` runs a fixed number of queries whatever the number of entries (no N+1): the incidents, their
people, the child context (90-day incidents, 90-day missing reports, criminal record), the homes' call-outs this
month, the triage state and open follow-ups; the entries are then built in Python on plain values (`entries`).
"""

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from divert.core import child_facts
from divert.core.roles import ALL_CHILDREN_ROLES, Role
from divert.core.scoping import role_of
from divert.police.access import incidents_visible_to
from divert.police.models import Incident, Involvement, LinkStatus, MissingReport
from divert.registers.access import children_visible_to
from divert.registers.models import Home, OC2Record, home_label

from . import rules
from .access import ALL_ALERTS_ROLES
from .entries import DailyList, build_entry, group_by_home
from .models import ArrestAlert, ExploitationTerm, FollowUp, Triage

CONTEXT_DAYS = 90
PERSON_LINKS = (LinkStatus.LINKED, LinkStatus.REVIEW)


CHUNK = 2000  # ids per IN list: well under SQLite's parameter limit, few queries for a national day


def _chunks(ids) -> list[list[int]]:
    ids = list(ids)
    return [ids[i:i + CHUNK] for i in range(0, len(ids), CHUNK)] or [[]]


def children_with_record(child_ids) -> set[int]:
    """Children who have ever had a caution or conviction: the 903 OC2 CONVICTED flag in any year (DfE SSDA903
    guidance; DfE CLA statistics),
    plus the sources registered in `divert.core.child_facts` (youth cautions, conditional cautions and convictions
    recorded at the out-of-court disposal panel, registered by the protocol app)."""
    found = set(OC2Record.objects.filter(child_id__in=child_ids, convicted=True).values_list("child_id", flat=True))
    return found | child_facts.children_with_record(child_ids)


def exploitation_pattern():
    """The active indicator terms; the seeded defaults if the table was never filled (County lines guidance 2023)."""
    from .defaults import EXPLOITATION_TERMS

    rows = list(ExploitationTerm.objects.values_list("term", "active"))
    terms = [t for t, active in rows if active] if rows else [t for ts in EXPLOITATION_TERMS.values() for t in ts]
    return rules.compile_indicators(terms)


def incidents_in_window(*, user, start: dt.datetime, end: dt.datetime, home_id: int | None = None,
                        provider_id: int | None = None):
    """Incidents reported in [start, end) at a home, or with a person linked (or in review) to a child in care."""
    person = Involvement.objects.filter(incident=OuterRef("pk"), link_status__in=PERSON_LINKS)
    qs = incidents_visible_to(user).filter(reported_at__gte=start, reported_at__lt=end)
    qs = qs.filter(Q(home__isnull=False) | Exists(person))
    if home_id:
        qs = qs.filter(home_id=home_id)
    if provider_id:
        qs = qs.filter(home__provider_id=provider_id)
    return qs


INCIDENT_FIELDS = ("id", "reference", "reported_at", "opening_category", "closing_category", "crime_recorded",
                   "crime_type", "narrative", "reported_by", "home_id", "location_text")
PERSON_FIELDS = ("id", "incident_id", "role", "first_name", "last_name", "date_of_birth", "child_id",
                 "link_status", "child__first_name", "child__last_name", "child__child_id")


def daily_list(*, user, day: dt.date, home_id: int | None = None, provider_id: int | None = None,
               flag: str = "", incident_ids: list[int] | None = None) -> DailyList:
    start, end = rules.daily_window(day)
    qs = incidents_in_window(user=user, start=start, end=end, home_id=home_id, provider_id=provider_id)
    if incident_ids is not None:
        qs = qs.filter(pk__in=incident_ids)
    incidents = list(qs.order_by("-reported_at", "-pk").values(*INCIDENT_FIELDS))
    # A city day is one short id list; a long list costs more to prepare than the database spends on a subquery.
    chunks = _chunks(i["id"] for i in incidents) if len(incidents) <= CHUNK else [qs.values("pk")]
    people = defaultdict(list)
    for ids in chunks:
        for p in Involvement.objects.filter(incident__in=ids).order_by("pk").values(*PERSON_FIELDS):
            people[p["incident_id"]].append(p)
    child_ids = {p["child_id"] for ps in people.values() for p in ps if p["child_id"]}
    context = child_context(child_ids, end=end, query=None if len(child_ids) <= CHUNK else Involvement.objects.filter(
        incident__in=qs.values("pk"), child__isnull=False).values("child_id"))
    home_ids = {i["home_id"] for i in incidents if i["home_id"]}
    homes: dict[int, dict] = {h["id"]: dict(h) for h in Home.objects.filter(pk__in=home_ids).values(
        "id", "name", "postcode", "registered_places", "setting_type", "provider_id", "provider__name")}
    for h in homes.values():
        h["label"] = home_label(h["name"], h["postcode"])
    # From the 1st of the month, or from the window's start when the window began in the month before (the list of
    # the 1st holds the last evening of the previous month): never fewer call-outs than the list itself shows.
    callouts_since = min(_month_start(day), start)
    callouts = home_callouts(home_ids, month_start=callouts_since, end=end)
    triage: dict[int, dict] = {}
    open_followups: dict[int, int] = {}
    for ids in chunks:
        triage.update({t["incident_id"]: dict(t) for t in Triage.objects.filter(incident__in=ids).values(
            "incident_id", "reviewed", "recommended_route", "home_contacted", "reviewed_at")})
        open_followups.update(FollowUp.objects.filter(incident__in=ids, done_at__isnull=True)  # type: ignore[arg-type]
                              .values("incident_id").annotate(n=Count("id")).values_list("incident_id", "n"))
    visible_children = _visible_child_ids(user, child_ids, day)
    ordered, counts = group_by_home(incidents, people, context=context, pattern=exploitation_pattern(),
                                    visible_children=visible_children, triage=triage,
                                    open_followups=open_followups, homes=homes, callouts=callouts, flag=flag)
    shown = {p["child_id"] for g in ordered for e in g.entries for p in e["people"] if p["child_id"] and p["visible"]}
    return DailyList(day=day, start=start, end=end, groups=ordered, flag_counts=counts, child_ids=shown,
                     callouts_since=callouts_since)


def _visible_child_ids(user, child_ids: set[int], day: dt.date) -> set[int] | None:
    """None means every child. Provider managers see only the children placed at their homes that day; roles scoped
    to a caseload (leaving-care advisers, PCSOs) only the children the scoping rule gives them."""
    role = role_of(user)
    if role in ALL_CHILDREN_ROLES:
        return None
    on = day if role == Role.PROVIDER_MANAGER else None
    return set(children_visible_to(user, on=on).filter(pk__in=child_ids).values_list("pk", flat=True))


def _month_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day.replace(day=1), dt.time(0), tzinfo=rules.LONDON)


def home_callouts(home_ids, *, month_start: dt.datetime, end: dt.datetime) -> dict[int, int]:
    """Police call-outs (incidents matched to the home) from the start of the month to the end of the window."""
    return dict(Incident.objects.filter(home_id__in=home_ids, reported_at__gte=month_start, reported_at__lt=end)
                .values("home_id").annotate(n=Count("id")).values_list("home_id", "n"))


def child_context(child_ids: set[int], *, end: dt.datetime, query=None) -> dict[int, dict[str, Any]]:
    """What a CiCPO would look up by hand: incidents and missing reports in the last 90 days, any caution or
    conviction. Three grouped queries (per 2,000 children, or once with `query`, the same ids as a subquery)."""
    since = end - dt.timedelta(days=CONTEXT_DAYS)
    incidents, missing, record = {}, {}, set()
    for ids in [query] if query is not None else _chunks(child_ids):
        i, m, r = _child_context_chunk(ids, since=since, end=end)
        incidents.update(i)
        missing.update(m)
        record |= r
    return {cid: {"incidents_90": incidents.get(cid, 0), "missing_90": missing.get(cid, 0),
                  "has_record": cid in record} for cid in child_ids}


def _child_context_chunk(ids: list[int], *, since: dt.datetime, end: dt.datetime):
    incidents = dict(
        Involvement.objects.filter(child_id__in=ids, link_status=LinkStatus.LINKED, incident__reported_at__gte=since,
                                   incident__reported_at__lt=end)
        .values("child_id").annotate(n=Count("incident_id", distinct=True)).values_list("child_id", "n"))
    missing = dict(
        MissingReport.objects.filter(child_id__in=ids, link_status=LinkStatus.LINKED, reported_missing_at__gte=since,
                                     reported_missing_at__lt=end)
        .values("child_id").annotate(n=Count("id")).values_list("child_id", "n"))
    return incidents, missing, children_with_record(ids)


def incident_entry(*, user, incident: Incident) -> dict:
    """The list entry for one incident (the incident page), whatever day it falls on."""
    people = list(Involvement.objects.filter(incident=incident).order_by("pk").values(*PERSON_FIELDS))
    child_ids = {p["child_id"] for p in people if p["child_id"]}
    end = max(incident.reported_at, timezone.now())
    inc = {f: getattr(incident, f) for f in INCIDENT_FIELDS}
    visible = _visible_child_ids(user, child_ids, timezone.localdate())
    return build_entry(inc, people, context=child_context(child_ids, end=end), pattern=exploitation_pattern(),
                       visible_children=visible)


def my_followups(*, user):
    """The user's open follow-ups, overdue first (then by due date)."""
    return (FollowUp.objects.filter(owner=user, done_at__isnull=True, incident__in=incidents_visible_to(user))
            .select_related("incident", "incident__home").order_by("due_on", "pk"))


def alerts_for(*, user):
    """Arrest alerts the user may see: the CiCPO team, youth justice and administrators see all; anyone else only
    the alerts sent to them."""
    qs = ArrestAlert.objects.select_related("custody", "child", "acknowledged_by").order_by(
        "acknowledged_at", "-created_at")
    if role_of(user) in ALL_ALERTS_ROLES:
        return qs
    return qs.filter(Q(recipients__user=user) | Q(recipients__email__iexact=user.email or "-")).distinct()


def alert_placements(alerts, *, on: dt.date | None = None) -> dict[int, Any]:
    """Each alerted child's current placement (with home and provider), in one query: the alerts page shows
    where the child lives as the alert email does."""
    from divert.registers.models import Placement

    on = on or timezone.localdate()
    child_ids = {a.child_id for a in alerts if a.child_id}
    found: dict[int, Any] = {}
    current = (Placement.objects.filter(child_id__in=child_ids, decom__lte=on)
               .filter(Q(dec__isnull=True) | Q(dec__gte=on)))
    for p in (current.select_related("home", "home__provider").order_by("decom")):
        found[p.child_id] = p  # the latest start wins
    return found


# What the child page's incidents section shows: its columns only (the full rows were about 70 columns a row).
CHILD_SUMMARY_FIELDS = ("role", "incident__reference", "incident__reported_at", "incident__opening_category",
                        "incident__closing_category", "incident__home__name", "incident__triage__reviewed",
                        "incident__triage__recommended_route")


def child_summary(*, user, child, limit: int | None = None) -> dict:
    """For the child page: the child's incidents (newest first, all unless `limit`), the child's role in each,
    their triage state, and arrest alerts. The incidents, roles and triage come from one read of the child's
    linked involvements (a child named twice in one incident is one row with both roles)."""
    named = (Involvement.objects.filter(child=child, link_status=LinkStatus.LINKED,
                                        incident__in=incidents_visible_to(user))
             .select_related("incident", "incident__home", "incident__triage")
             .only(*CHILD_SUMMARY_FIELDS)
             .order_by("-incident__reported_at", "-incident_id", "pk"))
    incidents: dict[int, Any] = {}
    roles: dict[int, list[str]] = {}
    for inv in named:
        if inv.incident_id not in incidents and limit and len(incidents) >= limit:
            break
        incidents.setdefault(inv.incident_id, inv.incident)
        roles.setdefault(inv.incident_id, []).append(inv.get_role_display())
    open_followups = dict(FollowUp.objects.filter(incident__in=list(incidents), done_at__isnull=True)
                          .values("incident_id").annotate(n=Count("id")).values_list("incident_id", "n"))
    rows = [{"incident": i, "triage": getattr(i, "triage", None), "open_followups": open_followups.get(i.pk, 0),
             "roles": ", ".join(sorted(set(roles[i.pk])))} for i in incidents.values()]
    alerts = []
    if role_of(user) != Role.PROVIDER_MANAGER:
        alerts = list(ArrestAlert.objects.filter(child=child).select_related("custody").order_by("-created_at")[:5])
    return {"rows": rows, "alerts": alerts}
