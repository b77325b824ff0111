"""Reads for the core pages and commands: register counts (no personal data) and the access log."""

import datetime as dt

from django.db.models import QuerySet

from .models import AccessLog


def register_counts() -> dict[str, int]:
    """How many rows each register holds. Counts only: safe to print and to publish to any signed-in role."""
    from divert.incidents.models import CustodyRecord, Incident, Involvement, MissingReport
    from divert.ingest.models import ImportRun
    from divert.matching.models import ReviewItem
    from divert.registers.models import Child, Home, Placement, Provider

    return {
        "children": Child.objects.count(),
        "placements": Placement.objects.count(),
        "homes": Home.objects.count(),
        "providers": Provider.objects.count(),
        "incidents": Incident.objects.count(),
        "involvements": Involvement.objects.count(),
        "custody_records": CustodyRecord.objects.count(),
        "missing_reports": MissingReport.objects.count(),
        # Files whose data was loaded; re-importing a file already loaded adds a ledger row, not an import.
        "imports": ImportRun.objects.filter(
            status__in=[ImportRun.Status.LOADED, ImportRun.Status.LOADED_WITH_REJECTIONS]).count(),
        "import_attempts": ImportRun.objects.count(),
        "review_items_open": ReviewItem.objects.filter(state=ReviewItem.State.OPEN).count(),
    }


def access_log(*, username: str = "", child: str = "", date_from: dt.date | None = None,
               date_to: dt.date | None = None, channel: str = "") -> QuerySet:
    """Access-log rows, newest first. `child` is a 903 child id (exact) or a database id."""
    qs = AccessLog.objects.select_related("user", "child").order_by("-at", "-pk")
    if username:
        qs = qs.filter(user__username__iexact=username)
    if child:
        qs = qs.filter(child__child_id=child) if not child.isdigit() else (
            qs.filter(child__child_id=child) | qs.filter(child_id=int(child)))
    if channel:
        qs = qs.filter(channel=channel)
    if date_from:
        qs = qs.filter(at__date__gte=date_from)
    if date_to:
        qs = qs.filter(at__date__lte=date_to)
    return qs
