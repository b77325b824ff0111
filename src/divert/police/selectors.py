"""Reads of police records for the child and home pages (scoped through `police.access`).

`PoliceConfig.ready()` adds them to the register pages through `divert.registers.sections`.
"""

import datetime as dt

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from divert.registers.selectors import RECENT_INCIDENT_DAYS

from .access import incidents_visible_to
from .models import CustodyRecord, Incident, Involvement, MissingReport


def get_incident_for(user, pk: int):
    incident = incidents_visible_to(user).select_related("home").filter(pk=pk).first()
    if incident is None:
        raise Http404("No such incident")
    return incident


def child_incidents(user, child) -> QuerySet:
    """Incidents in which the child was named (linked involvements), within the user's scope."""
    return (
        Involvement.objects.filter(child=child, incident__in=incidents_visible_to(user))
        .select_related("incident", "incident__home")
        .order_by("-incident__reported_at")
    )


def child_custody(user, child) -> QuerySet:
    return CustodyRecord.objects.filter(child=child).order_by("-arrested_at")


def child_missing_reports(user, child) -> QuerySet:
    return MissingReport.objects.filter(child=child).select_related("home").order_by("-reported_missing_at")


def child_police_records(user, child) -> dict[str, list]:
    """The child's part of the child page: incidents they were named in, custody records, missing reports."""
    return {
        "involvements": list(child_incidents(user, child)),
        "custody": list(child_custody(user, child)),
        "missing_reports": list(child_missing_reports(user, child)),
    }


def home_police_figures(user, home, *, today: dt.date) -> dict[str, object]:
    """The home page's police figures: incidents in the last 90 days, call-outs this month and per place."""
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
    return {
        "recent_incidents": list(recent[:100]),
        "recent_incident_count": recent.count(),
        "callouts_this_month": callouts,
        "callouts_per_place": round(callouts / places, 2) if places else None,
    }


def with_recent_incident_counts(qs: QuerySet) -> QuerySet:
    """Annotate homes with the number of incidents in the last 90 days (a subquery, so it multiplies nothing)."""
    from django.db.models import IntegerField, OuterRef, Subquery
    from django.db.models.functions import Coalesce

    since = timezone.now() - dt.timedelta(days=RECENT_INCIDENT_DAYS)
    recent = (
        Incident.objects.filter(home=OuterRef("pk"), reported_at__gte=since)
        .order_by().values("home").annotate(n=Count("pk")).values("n")
    )
    return qs.annotate(recent_incidents=Coalesce(Subquery(recent, output_field=IntegerField()), 0))
