"""Writes for outcomes: resolve a reconciliation difference, load published comparators, write the board
report's own sections. Each owns its transaction and writes an audit row; pages, the API and the CLI call these."""

import csv
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from divert.core.audit import record_audit
from divert.core.scoping import role_of

from .access import IMPACT_ROLES, RECONCILE_ROLES, REFERENCE_ROLES, REPORT_ROLES, UNIT_COST_EDIT_ROLES
from .models import BoardReportText, ImpactActivity, PublishedFigure, ReconciliationResolution, UnitCost
from .rules import unit_cost_problem
from .selectors import difference_for


def _require(actor, roles, what: str) -> None:
    if role_of(actor) not in roles:
        raise PermissionDenied(f"Your role may not {what}.")


@transaction.atomic
def resolve_difference(*, actor, year: int, child, right: str, note: str) -> ReconciliationResolution:
    """Record which source is right for one child's difference (the return, or Divert's record), with a note.
    Appended: an earlier resolution stays in the history and the audit trail."""
    _require(actor, RECONCILE_ROLES, "resolve a reconciliation difference")
    if right not in ReconciliationResolution.Right.values:
        raise ValidationError("Say which source is right: the return or Divert's record.")
    if not note.strip():
        raise ValidationError("Give a note: what you checked and why this source is right.")
    diff = difference_for(actor, year, child.pk)
    if diff is None:
        raise ValidationError("The return and Divert's record agree for this child this year: nothing to resolve.")
    res = ReconciliationResolution.objects.create(
        collection_year=year, child=child, right=right, note=note.strip(), return_flag=diff.return_flag,
        divert_status=diff.divert_status, resolved_by=actor)
    record_audit(actor=actor, action="outcomes.reconciliation.resolved", obj=res,
                 detail={"year": year, "child_id": child.pk, "kind": diff.kind, "right": right})
    return res


# The explore-education-statistics CSV ("CLA on 31 March for 12 months - conviction and health outcomes - by
# local authority"): these columns, one row per area, year and breakdown.
EES_COLUMNS = {"time_period", "geographic_level", "country_code", "region_code", "region_name", "new_la_code",
               "la_name"}


def _is_conviction_row(row: dict, breakdown: str) -> bool:
    label = (row.get("breakdown") or row.get("characteristic") or "").strip()
    if breakdown:
        return label.lower() == breakdown.lower()
    return label.lower().startswith("convicted")


@transaction.atomic
def load_published_figures(*, actor, path: Path, source: str, source_url: str = "",
                           breakdown: str = "") -> int:
    """Load the published offending-indicator figures (England, regions, local authorities) from the DfE's
    explore-education-statistics CSV, each with its source. Idempotent (a figure is replaced by a newer load);
    all-or-nothing; every refused row is named with its row number and reason."""
    _require(actor, REFERENCE_ROLES, "load published figures")
    if not source.strip():
        raise ValidationError("Name the source of the published figures (publication and release).")
    with open(path, newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        missing = EES_COLUMNS - set(reader.fieldnames or [])
        count_col = next((c for c in ("children_count", "number") if c in (reader.fieldnames or [])), None)
        pct_col = next((c for c in ("children_percent", "percentage") if c in (reader.fieldnames or [])), None)
        if missing or not count_col or not pct_col:
            need = sorted(missing) + ([] if count_col else ["children_count"]) + ([] if pct_col else
                                                                                  ["children_percent"])
            raise ValidationError(f"{path.name}: not the published CSV: missing column(s) {', '.join(need)}.")
        errors, rows = [], []
        for n, row in enumerate(reader, start=2):
            if not _is_conviction_row(row, breakdown):
                continue
            level = row["geographic_level"].strip()
            if level not in PublishedFigure.Level.values:
                continue
            period = row["time_period"].strip()
            if not (period.isdigit() and len(period) in (4, 6)):
                errors.append(f"{path.name}, row {n}, time_period: {period!r} is not a year")
                continue
            year = int(period[-4:]) if len(period) == 4 else int(period[:4]) + 1  # "202324" -> 2024
            code = {"National": row["country_code"], "Regional": row["region_code"],
                    "Local authority": row["new_la_code"]}[level].strip()
            name = {"National": row.get("country_name", "England"), "Regional": row["region_name"],
                    "Local authority": row["la_name"]}[level].strip()
            rows.append((year, level, code, name, row[count_col].strip()[:12], row[pct_col].strip()[:12], n))
        if errors:
            raise ValidationError(errors)
    for year, level, code, name, count, pct, n in rows:
        PublishedFigure.objects.update_or_create(
            collection_year=year, level=level, area_code=code,
            defaults={"area_name": name[:100], "count": count, "percent": pct, "source": source.strip()[:300],
                      "source_url": source_url[:500], "source_file": path.name[:255], "source_row": n})
    record_audit(actor=actor, action="outcomes.published_figures.loaded", object_type="outcomes.PublishedFigure",
                 detail={"file": path.name, "rows": len(rows), "source": source[:200]})
    return len(rows)


@transaction.atomic
def save_report_text(*, actor, year: int, recommendations: str, finance_comments: str) -> BoardReportText:
    """Save the board report's author-written sections for a year."""
    _require(actor, REPORT_ROLES, "write the board report")
    text, _ = BoardReportText.objects.select_for_update().get_or_create(collection_year=year)
    text.recommendations, text.finance_comments, text.updated_by = recommendations, finance_comments, actor
    text.save()
    record_audit(actor=actor, action="outcomes.report_text.saved", obj=text, detail={"year": year})
    return text


@transaction.atomic
def record_impact_activity(*, actor, kind: str, title: str, held_on, partner: str = "", homes=(),
                           participants: int = 0, evaluation: str = "", feedback: str = "", quote: str = "",
                           quote_consent: bool = False) -> ImpactActivity:
    """Add one child-centred activity to the impact log."""
    _require(actor, IMPACT_ROLES, "add to the impact log")
    if kind not in ImpactActivity.Kind.values:
        raise ValidationError(f"Unknown kind of activity {kind!r}.")
    if not title.strip() or held_on is None:
        raise ValidationError("Give the activity's title and date.")
    if participants < 0:
        raise ValidationError("Participants cannot be negative.")
    act = ImpactActivity.objects.create(kind=kind, title=title.strip()[:200], held_on=held_on,
                                        partner=partner.strip()[:200], participants=participants,
                                        evaluation=evaluation, feedback=feedback, quote=quote,
                                        quote_consent=quote_consent, recorded_by=actor)
    act.homes_reached.set(list(homes))
    record_audit(actor=actor, action="outcomes.impact.recorded", obj=act,
                 detail={"kind": kind, "held_on": str(held_on), "homes": len(list(homes))})
    return act


@transaction.atomic
def set_unit_cost(*, actor, key: str, label: str, low: Decimal, high: Decimal, unit: str, price_year: int,
                  source: str, note: str = "") -> UnitCost:
    """Add or change one unit cost of the value-for-money table (administrators), with its source and price
    year. The page, the API and `divert outcomes unit-costs set` call this; the audit row keeps the figures
    before and after."""
    _require(actor, UNIT_COST_EDIT_ROLES, "change the unit costs")
    key = (key or "").strip()
    low, high = Decimal(low).quantize(Decimal("0.01")), Decimal(high).quantize(Decimal("0.01"))
    problem = unit_cost_problem(key=key, label=label, low=low, high=high, unit=unit, price_year=price_year,
                                source=source, today=timezone.localdate())
    if problem:
        raise ValidationError(problem)
    cost = UnitCost.objects.select_for_update().filter(key=key).first()
    fields = ("label", "low", "high", "unit", "price_year", "source", "note")
    before = {f: str(getattr(cost, f)) for f in fields} if cost else None
    cost = cost or UnitCost(key=key)
    cost.label, cost.low, cost.high, cost.unit = label.strip()[:200], low, high, unit.strip()[:60]
    cost.price_year, cost.source, cost.note = price_year, source.strip()[:300], (note or "").strip()[:300]
    cost.updated_at, cost.updated_by = timezone.now(), actor
    cost.save()
    record_audit(actor=actor, action="outcomes.unit_cost.set", obj=cost,
                 detail={"key": key, "before": before, "after": {f: str(getattr(cost, f)) for f in fields}})
    return cost
