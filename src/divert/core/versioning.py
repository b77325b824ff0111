"""Optimistic concurrency for records people edit (ADR 0019).

A form or an API call carries the `version` of the record it was shown. `save_edit` (called inside the action's
transaction, on the row it locked) saves only if the record is still at that version; otherwise it raises
`StaleEdit`, saying what changed since, who changed it and when, and nothing is written. Every saved edit bumps
the version and writes one audit row with every changed field, before and after.
"""

import datetime as dt
import decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

from divert.core.formats import uk_datetime

from .audit import record_audit
from .models import AuditEvent

SHOWN_CHARS = 200


def _plain(value: Any) -> Any:
    """A JSON-safe copy of a field value for the audit row."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def _label(model, field: str) -> str:
    try:
        return str(model._meta.get_field(field).verbose_name).capitalize()
    except Exception:  # noqa: BLE001 - a detail key that is not a field keeps its own name
        return field.replace("_", " ").capitalize()


def _shown(value: Any) -> str:
    if value in (None, "", []):
        return "(empty)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value)
    text = str(value)
    return text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS] + "..."


def changes_since(obj: models.Model, version: int) -> list[dict]:
    """The edits saved after `version`, oldest first: [{version, by, at, field, label, after}]."""
    rows = (AuditEvent.objects.filter(object_type=obj._meta.label, object_id=str(obj.pk))
            .select_related("actor").order_by("pk"))
    out = []
    for row in rows:
        v = (row.detail or {}).get("version")
        if not isinstance(v, int) or v <= version:
            continue
        by = row.actor.get_full_name() or row.actor.username if row.actor else (row.actor_label or "the system")
        for field, change in ((row.detail or {}).get("changes") or {}).items():
            out.append({"version": v, "by": by, "at": row.at, "field": field, "label": _label(type(obj), field),
                        "after": change.get("after") if isinstance(change, dict) else change})
    return out


class StaleEdit(ValidationError):
    """Refused: the record changed since the editor opened it. `.changes` lists what changed; `.current_version`
    is the version to send again once the editor has looked."""

    def __init__(self, *, obj: models.Model, expected: int, changes: list[dict]):
        self.current_version = obj.version  # type: ignore[attr-defined]
        self.expected = expected
        self.changes = changes
        parts = [f"{c['label']} (now {_shown(c['after'])}; by {c['by']}, {uk_datetime(c['at'])})" for c in changes]
        what = "; ".join(parts) if parts else "its state"
        super().__init__(
            f"Someone else saved this record after you opened it, so your changes were not saved. Changed since "
            f"then: {what}. Check the record, then save again if your answer still stands.", code="stale")

    def as_dict(self) -> dict:
        return {"detail": self.messages[0], "version": self.current_version,
                "changes": [{"field": c["field"], "after": c["after"], "by": c["by"], "at": c["at"].isoformat(),
                             "version": c["version"]} for c in self.changes]}


def check_version(obj: models.Model, expected_version: int | None) -> None:
    """Raise StaleEdit unless `obj` (locked by the caller) is still at `expected_version`. None means the caller
    read no version (a command run by hand, the pipeline): the save applies to the record as it is now. Pages
    always send the version they showed; the API sends 0 unless told ("nobody had edited it")."""
    if expected_version is None:
        return
    if obj.version != expected_version:  # type: ignore[attr-defined]
        raise StaleEdit(obj=obj, expected=expected_version, changes=changes_since(obj, expected_version))


def save_edit(obj: models.Model, *, actor: Any, action: str, expected_version: int | None, values: dict[str, Any],
              detail: dict | None = None) -> dict[str, dict]:
    """Check the version, set `values`, bump the version, save, and write the audit row with every changed field
    (before and after). Returns the changes. The caller holds the row lock (select_for_update)."""
    check_version(obj, expected_version)
    changes: dict[str, dict] = {}
    for field, new in values.items():
        old = getattr(obj, field)
        if _plain(old) != _plain(new):
            changes[field] = {"before": _plain(old), "after": _plain(new)}
        setattr(obj, field, new)
    obj.version += 1  # type: ignore[attr-defined]
    update = [*values, "version"]
    if any(f.name == "updated_at" for f in obj._meta.concrete_fields):
        update.append("updated_at")
    obj.save(update_fields=update)
    record_audit(actor=actor, action=action, obj=obj,
                 detail={**(detail or {}), "version": obj.version, "changes": changes})  # type: ignore[attr-defined]
    return changes
