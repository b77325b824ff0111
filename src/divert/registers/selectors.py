"""Reads for the register pages and API: scoped through `registers.access`, never the raw managers.

The police records on the child and home pages come from `divert.police.selectors`, added through `sections`.

Every function takes the user asking, so scoping cannot be forgotten. Callers write the access log
(divert.core.audit.log_access) for every child they show.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from divert.core.scoping import is_provider_manager

from . import sections
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


def placements_visible_to(user, child) -> QuerySet:
    """A child's placements. Provider managers see only the placements at their own homes (data minimisation)."""
    qs = child.placements.select_related("home", "home__provider").order_by("-decom")
    if is_provider_manager(user):
        qs = qs.filter(home__in=homes_visible_to(user))
    return qs


@dataclass
class ChildRecord:
    child: object
    placements: list = field(default_factory=list)
    current_placement: object = None
    involvements: list = field(default_factory=list)
    custody: list = field(default_factory=list)
    missing_reports: list = field(default_factory=list)


def child_record(user, child, *, today: dt.date | None = None) -> ChildRecord:
    """The child's placements, plus what the apps above add in `sections.CHILD_RECORD_PARTS` (the police
    records in which the child is named)."""
    today = today or timezone.localdate()
    placements = list(placements_visible_to(user, child))
    current = next((p for p in placements if p.decom <= today and (p.dec is None or p.dec >= today)), None)
    record = ChildRecord(child=child, placements=placements, current_placement=current)
    for part in sections.CHILD_RECORD_PARTS:
        for name, value in part(user, child).items():
            setattr(record, name, value)
    return record


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
    recent_incidents: list = field(default_factory=list)
    recent_incident_count: int = 0
    callouts_this_month: int = 0
    callouts_per_place: float | None = None
    recent_days: int = RECENT_INCIDENT_DAYS


def home_record(user, home, *, today: dt.date | None = None) -> HomeRecord:
    today = today or timezone.localdate()
    record = HomeRecord(home=home, children=list(children_placed_at(user, home, on=today)))
    for part in sections.HOME_RECORD_PARTS:
        for name, value in part(user, home, today=today).items():
            setattr(record, name, value)
    return record


def homes_with_counts(qs: QuerySet, *, today: dt.date | None = None) -> QuerySet:
    """Annotate homes with the number of children placed now, and with what the apps above add in
    `sections.HOME_LIST_COUNTS` (incidents in the last 90 days); subqueries, so the counts do not multiply."""
    from django.db.models import IntegerField, OuterRef, Subquery
    from django.db.models.functions import Coalesce

    from divert.registers.models import Placement

    today = today or timezone.localdate()
    placed = (
        Placement.objects.filter(home=OuterRef("pk"), decom__lte=today)
        .filter(Q(dec__isnull=True) | Q(dec__gte=today))
        .order_by().values("home").annotate(n=Count("child", distinct=True)).values("n")
    )
    qs = qs.annotate(placed_now=Coalesce(Subquery(placed, output_field=IntegerField()), 0))
    for annotate in sections.HOME_LIST_COUNTS:
        qs = annotate(qs)
    return qs
