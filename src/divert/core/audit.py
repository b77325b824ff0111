"""Audit and access-log writers used by every action, view, API endpoint and export.

Pages and API endpoints that show a child call `show` (or `render_shown`) for the children they show, and fetch
the record they are asked for with `get_visible_or_404`, which writes the refused row when the record is out of
scope. `RefusalLogMiddleware` (core.middleware) writes a refused row for any other 403/404 answer on a Divert
route, so a refused probe is logged even where a view forgot (ADR 0020).
"""

from collections.abc import Iterable
from typing import Any, NoReturn

from django.db import models
from django.db.models import QuerySet
from django.http import Http404

from .models import AccessLog, AuditEvent


def record_audit(*, actor: Any, action: str, obj: models.Model | None = None, object_type: str = "",
                 object_id: str = "", detail: dict | None = None, actor_label: str = "") -> AuditEvent:
    """Write one audit row. `actor` is a user or None for the system (then give `actor_label`)."""
    if obj is not None:
        object_type = object_type or obj._meta.label
        object_id = object_id or str(obj.pk)
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        actor=user,
        actor_label=actor_label or ("" if user else "system"),
        action=action,
        object_type=object_type,
        object_id=object_id,
        detail=detail or {},
    )


def log_access(*, user: Any, children: Iterable[Any] | Any | None, channel: str, what: str, path: str = "") -> int:
    """Write one access-log row per child shown (or one row with no child for a list with none)."""
    if children is None:
        kids: list[Any] = []
    elif hasattr(children, "pk"):
        kids = [children]
    else:
        kids = list(children)
    uid = user if getattr(user, "is_authenticated", False) else None
    ids = sorted({k if isinstance(k, int) else k.pk for k in kids})
    rows = [AccessLog(user=uid, child_id=cid, channel=channel, what=what[:200], path=path[:500]) for cid in ids]
    if not rows:
        rows = [AccessLog(user=uid, child=None, channel=channel, what=what[:200], path=path[:500])]
    AccessLog.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


REFUSED = "refused: "


def channel_of(request) -> str:
    """"api" for the REST API, "page" for everything else."""
    return "api" if request.path.startswith("/api/") else "page"


def show(request, children: Iterable[Any] | Any | None, *, what: str, channel: str | None = None) -> int:
    """THE access-log call of a page or API endpoint: one row per child shown to `request.user`."""
    request.divert_access_logged = True
    return log_access(user=request.user, children=children, channel=channel or channel_of(request), what=what,
                      path=request.get_full_path())


def render_shown(request, template: str, context: dict, *, children, what: str, status: int = 200):
    """Render a page that shows `children`, writing their access-log rows first."""
    from django.shortcuts import render

    show(request, children, what=what)
    return render(request, template, context, status=status)


def refuse(request, *, what: str, child: Any = None, channel: str | None = None) -> None:
    """Log a refused attempt (the user gets a plain 404 or 403). `child` is filled when the record exists."""
    request.divert_refusal_logged = True
    log_access(user=request.user, children=[child] if child else None, channel=channel or channel_of(request),
               what=f"{REFUSED}{what}", path=request.get_full_path())


def refuse_404(request, *, what: str, child: Any = None) -> NoReturn:
    refuse(request, what=what, child=child)
    raise Http404("Not found")


def get_visible_or_404(request, visible: QuerySet, *, what: str, child_field: str | None = "child_id",
                       **lookup) -> Any:
    """The record from the user's scoped queryset; else a refused row (naming the child when the record exists
    out of scope) and Http404, so the answer never tells whether the record exists."""
    obj = visible.filter(**lookup).first()
    if obj is None:
        child_id = None
        if child_field:
            child_id = visible.model._base_manager.filter(**lookup).values_list(child_field, flat=True).first()
        refuse_404(request, what=what, child=child_id)
    return obj
