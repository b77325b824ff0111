"""Reads for the register pages and API: scoped through divert.core.scoping, never the raw managers.

Every function takes the user asking, so scoping cannot be forgotten. Callers write the access log
(divert.core.audit.log_access) for every child they show.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from divert.core.scoping import is_provider_manager
from divert.police.access import incidents_visible_to

from .access import children_visible_to, homes_visible_to

RECENT_INCIDENT_DAYS = 90


def search_children(user, *, q: str = "") -> QuerySet:
    """Children the user may see, filtered by name or 903 id (every word must match)."""
    qs = children_visible_to(user)
    for word in q.split():
        qs = qs.filter(
            Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(child_id__icontains=word)
            | Q(aliases__first_name__icontains=word) | Q(aliases__last_name__icontains=word)
        )
    if q.strip():
        qs = qs.distinct()
    return qs.order_by("last_name", "first_name", "pk")


def search_homes(user, *, q: str = "") -> QuerySet:
    qs = homes_visible_to(user).select_related("provider")
    for word in q.split():
        qs = qs.filter(
            Q(name__icontains=word) | Q(urn__icontains=word) | Q(postcode__icontains=word)
            | Q(provider__name__icontains=word) | Q(town__icontains=word)
        )
    return qs.order_by("name", "pk")


def get_child_for(user, pk: int):
    """The child, or Http404 when it does not exist or the user may not see it (no difference shown)."""
    child = children_visible_to(user).filter(pk=pk).first()
    if child is None:
        raise Http404("No such child")
    return child


def get_home_for(user, pk: int):
    home = homes_visible_to(user).select_related("provider").filter(pk=pk).first()
    if home is None:
        raise Http404("No such home")
    return home


def get_incident_for(user, pk: int):
    incident = incidents_visible_to(user).select_related("home").filter(pk=pk).first()
    if incident is None:
        raise Http404("No such incident")
    return incident


def placements_visible_to(user, child) -> QuerySet:
    """A child's placements. Provider managers see only the placements at their own homes (data minimisation)."""
    qs = child.placements.select_related("home", "home__provider").order_by("-decom")
    if is_provider_manager(user):
        qs = qs.filter(home__in=homes_visible_to(user))
    return qs


def child_incidents(user, child) -> QuerySet:
    """Incidents in which the child was named (linked involvements), within the user's scope."""
    from divert.police.models import Involvement

    return (
        Involvement.objects.filter(child=child, incident__in=incidents_visible_to(user))
        .select_related("incident", "incident__home")
        .order_by("-incident__reported_at")
    )


def child_custody(user, child) -> QuerySet:
    from divert.police.models import CustodyRecord

    return CustodyRecord.objects.filter(child=child).order_by("-arrested_at")


def child_missing_reports(user, child) -> QuerySet:
    from divert.police.models import MissingReport

    return MissingReport.objects.filter(child=child).select_related("home").order_by("-reported_missing_at")


@dataclass
class ChildRecord:
    child: object
    placements: list = field(default_factory=list)
    current_placement: object = None
    involvements: list = field(default_factory=list)
    custody: list = field(default_factory=list)
    missing_reports: list = field(default_factory=list)


def child_record(user, child, *, today: dt.date | None = None) -> ChildRecord:
    today = today or timezone.localdate()
    placements = list(placements_visible_to(user, child))
    current = next((p for p in placements if p.decom <= today and (p.dec is None or p.dec >= today)), None)
    return ChildRecord(
        child=child,
        placements=placements,
        current_placement=current,
        involvements=list(child_incidents(user, child)),
        custody=list(child_custody(user, child)),
        missing_reports=list(child_missing_reports(user, child)),
    )


def children_placed_at(user, home, *, on: dt.date | None = None) -> QuerySet:
    """Children placed at the home on `on` (default today), within the user's scope."""
    on = on or timezone.localdate()
    return (
        children_visible_to(user, on=on)
        .filter(Q(placements__home=home, placements__decom__lte=on)
                & (Q(placements__dec__isnull=True) | Q(placements__dec__gte=on)))
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )


@dataclass
class HomeRecord:
    home: object
    children: list
    recent_incidents: list
    recent_incident_count: int
    callouts_this_month: int
    callouts_per_place: float | None
    recent_days: int = RECENT_INCIDENT_DAYS


def home_record(user, home, *, today: dt.date | None = None) -> HomeRecord:
    today = today or timezone.localdate()
    now = timezone.now()
    since = now - dt.timedelta(days=RECENT_INCIDENT_DAYS)
    incidents = incidents_visible_to(user).filter(home=home)
    recent = incidents.filter(reported_at__gte=since).annotate(
        people=Count("involvements"),
        children_named=Count("involvements", filter=Q(involvements__child__isnull=False)),
    ).order_by("-reported_at")
    month_start = timezone.make_aware(dt.datetime(today.year, today.month, 1))
    callouts = incidents.filter(reported_at__gte=month_start).count()
    places = home.registered_places
    return HomeRecord(
        home=home,
        children=list(children_placed_at(user, home, on=today)),
        recent_incidents=list(recent[:100]),
        recent_incident_count=recent.count(),
        callouts_this_month=callouts,
        callouts_per_place=round(callouts / places, 2) if places else None,
    )


def homes_with_counts(qs: QuerySet, *, today: dt.date | None = None) -> QuerySet:
    """Annotate homes with the number of children placed now and incidents in the last 90 days (subqueries, so
    the two counts do not multiply each other)."""
    from django.db.models import IntegerField, OuterRef, Subquery
    from django.db.models.functions import Coalesce

    from divert.police.models import Incident
    from divert.registers.models import Placement

    today = today or timezone.localdate()
    since = timezone.now() - dt.timedelta(days=RECENT_INCIDENT_DAYS)
    placed = (
        Placement.objects.filter(home=OuterRef("pk"), decom__lte=today)
        .filter(Q(dec__isnull=True) | Q(dec__gte=today))
        .order_by().values("home").annotate(n=Count("child", distinct=True)).values("n")
    )
    recent = (
        Incident.objects.filter(home=OuterRef("pk"), reported_at__gte=since)
        .order_by().values("home").annotate(n=Count("pk")).values("n")
    )
    return qs.annotate(
        placed_now=Coalesce(Subquery(placed, output_field=IntegerField()), 0),
        recent_incidents=Coalesce(Subquery(recent, output_field=IntegerField()), 0),
    )
