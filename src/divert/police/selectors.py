"""Reads of police records for the child and home pages (scoped through `police.access`), and the provider
view's call-outs against similar homes.

`PoliceConfig.ready()` adds the first to the register pages through `divert.registers.sections`.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from divert.registers.access import homes_visible_to
from divert.registers.benchmarks import rate_per_place, similar_homes_median
from divert.registers.models import Home, home_label
from divert.registers.selectors import RECENT_INCIDENT_DAYS

from .access import incidents_visible_to
from .models import CustodyRecord, Incident, Involvement, MissingReport

LONDON = ZoneInfo("Europe/London")


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


def child_police_records(user, child) -> dict[str, QuerySet]:
    """The child's part of the child page: incidents they were named in, custody records, missing reports. Each is
    a query not yet run: a page that does not show a part never reads it (the child page shows its incidents
    through the incidents section instead), and one that does reads it once."""
    return {
        "involvements": child_incidents(user, child),
        "custody": child_custody(user, child),
        "missing_reports": child_missing_reports(user, child),
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


def provider_figures(*, user, day: dt.date, days: int = 30) -> list[dict]:
    """Call-outs per registered place in the last `days` for each of the user's homes, against the median of homes
    of the same setting type (other providers are never named; `registers.benchmarks`, ADR 0036)."""
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), tzinfo=LONDON)
    start = end - dt.timedelta(days=days)
    rows = list(Home.objects.filter(closed_on__isnull=True).annotate(
        n=Count("incidents", filter=Q(incidents__reported_at__gte=start, incidents__reported_at__lt=end)))
        .values("id", "name", "postcode", "setting_type", "registered_places", "provider_id", "n"))
    similar = similar_homes_median([(r["setting_type"], r["n"], r["registered_places"]) for r in rows])
    mine = set(homes_visible_to(user).values_list("pk", flat=True))
    labels = dict(Home.SettingType.choices)
    out = []
    for r in rows:
        if r["id"] not in mine:
            continue
        rate = rate_per_place(r["n"], r["registered_places"])
        similar_median, similar_count = similar.get(r["setting_type"], (None, 0))
        out.append({"home": r["name"], "label": home_label(r["name"], r["postcode"]),
                    "home_id": r["id"], "setting": labels.get(r["setting_type"], ""),
                    "callouts": r["n"], "places": r["registered_places"],
                    "rate": None if rate is None else round(rate, 2),
                    "similar_median": None if similar_median is None else round(similar_median, 2),
                    "similar_count": similar_count})
    return sorted(out, key=lambda x: x["home"])
