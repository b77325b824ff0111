"""Audit and access-log writers used by every action, view, API endpoint and export."""

from collections.abc import Iterable
from typing import Any

from django.db import models

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
