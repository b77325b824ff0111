"""Reads for the core pages: the access log."""

import datetime as dt

from django.db.models import QuerySet

from .models import AccessLog


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
