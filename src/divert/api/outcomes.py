"""The offending indicator, its reconciliation and the board report's figures. Thin: reads call
divert.outcomes.selectors, the one write calls divert.outcomes.actions."""

from typing import Annotated

from django.core.exceptions import PermissionDenied, ValidationError
from ninja import Path, Router, Schema

from divert.core.audit import log_access
from divert.core.scoping import check_roles
from divert.outcomes import actions
from divert.outcomes.access import INDICATOR_ROLES, RECONCILE_ROLES
from divert.outcomes.rules import suppress_count
from divert.outcomes.selectors import (
    board_report,
    indicator_page,
    reconciliation,
)
from divert.registers.access import children_visible_to

# A collection year of the SSDA903 return (the year ending 31 March): a real year, not any integer.
Year = Annotated[int, Path(ge=1990, le=2100)]

router = Router(tags=["outcomes"])


class OutcomesProblem(Schema):
    detail: str


Problem = OutcomesProblem  # OpenAPI names schemas by class: each needs a name of its own


class OffendingIndicatorOut(Schema):
    year: int
    cohort: int
    numerator: int
    percentage: int | str
    suppressed: dict
    excluded: dict
    trend: list[dict]


IndicatorOut = OffendingIndicatorOut  # OpenAPI names schemas by class: each needs a name of its own


class DifferenceOut(Schema):
    child_id: str
    kind: str
    explanation: str
    return_flag: bool | None
    divert_status: str
    evidence: list[str]
    resolved: str | None = None
    note: str | None = None


class ReconciliationOut(Schema):
    year: int
    agreed: int
    numerator: int
    corrected_numerator: int
    differences: list[DifferenceOut]


class ResolveIn(Schema):
    child_id: str
    right: str
    note: str


def _forbid(user, roles):
    try:
        check_roles(user, *roles)
    except PermissionDenied:
        return True
    return False


@router.get("/outcomes/indicator/{year}", response={200: IndicatorOut, 403: Problem})
def indicator(request, year: Year):
    if _forbid(request.user, INDICATOR_ROLES):
        return 403, {"detail": "Your role does not allow this."}
    d = indicator_page(year)
    log_access(user=request.user, children=None, channel="api", what=f"offending indicator {year}",
               path=request.path)
    ind = d["indicator"]
    return {"year": year, "cohort": ind.denominator, "numerator": ind.numerator, "percentage": d["percentage"],
            "suppressed": d["suppressed"], "excluded": d["excluded"], "trend": d["trend"]}


def _rec_out(request, year: int) -> dict:
    rec = reconciliation(request.user, year)
    log_access(user=request.user, children=[d.child for d in rec.differences], channel="api",
               what=f"offending indicator reconciliation {year}", path=request.path)
    return {"year": year, "agreed": rec.agreed, "numerator": rec.indicator.numerator,
            "corrected_numerator": rec.corrected_numerator,
            "differences": [{"child_id": d.child.child_id, "kind": d.kind, "explanation": d.explanation,
                             "return_flag": d.return_flag, "divert_status": d.divert_status, "evidence": d.evidence,
                             "resolved": d.resolution.right if d.resolution else None,
                             "note": d.resolution.note if d.resolution else None} for d in rec.differences]}


@router.get("/outcomes/reconciliation/{year}", response={200: ReconciliationOut, 403: Problem})
def reconciliation_get(request, year: Year):
    if _forbid(request.user, RECONCILE_ROLES):
        return 403, {"detail": "Your role does not allow this."}
    return _rec_out(request, year)


@router.post("/outcomes/reconciliation/{year}/resolve",
             response={200: ReconciliationOut, 400: Problem, 403: Problem, 404: Problem})
def resolve(request, year: Year, payload: ResolveIn):
    child = children_visible_to(request.user).filter(child_id=payload.child_id).first()
    if child is None:
        return 404, {"detail": "No such child."}
    try:
        actions.resolve_difference(actor=request.user, year=year, child=child, right=payload.right,
                                   note=payload.note)
    except PermissionDenied as exc:
        return 403, {"detail": str(exc)}
    except ValidationError as exc:
        return 400, {"detail": " ".join(exc.messages)}
    return _rec_out(request, year)


@router.get("/outcomes/report/{year}", response={200: dict, 403: Problem})
def report(request, year: Year):
    """The board report's figures, suppressed as they leave the system."""
    if _forbid(request.user, INDICATOR_ROLES):
        return 403, {"detail": "Your role does not allow this."}
    data = board_report(year)
    log_access(user=request.user, children=None, channel="api", what=f"board report {year}", path=request.path)
    data["comparators"] = [{"area": f.area_name, "level": f.level, "count": f.count, "percent": f.percent,
                            "source": f.source} for f in data["comparators"]]
    data["generated_on"] = data["generated_on"].isoformat()
    data["value"] = {"quote": data["value"]["quote"], "rows": [
        {"measure": r["measure"], "count": suppress_count(r["count"]), "unit_cost_low": str(r["cost"].low),
         "unit_cost_high": str(r["cost"].high), "unit": r["cost"].unit, "price_year": r["cost"].price_year,
         "source": r["cost"].source} for r in data["value"]["rows"]]}
    return data

