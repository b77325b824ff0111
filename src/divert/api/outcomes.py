"""The offending indicator, its reconciliation, the board report's figures and the impact log. Thin: reads call
divert.outcomes.selectors, writes call divert.outcomes.actions."""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from ninja import Field, Path, Query, Router, Schema
from pydantic import BeforeValidator, StrictBool, StrictFloat, StrictInt

from divert.api.pagination import IsoDate, PageParams, paged
from divert.core.audit import log_access
from divert.core.scoping import check_roles
from divert.outcomes import actions
from divert.outcomes.access import INDICATOR_ROLES, RECONCILE_ROLES, UNIT_COST_EDIT_ROLES, UNIT_COST_READ_ROLES
from divert.outcomes.rules import quarter_of, quote_may_be_shown, suppress_count
from divert.outcomes.selectors import (
    board_report,
    default_year,
    impact_log,
    indicator_page,
    reconciliation,
    unit_costs,
)
from divert.registers.access import children_visible_to, homes_visible_to


def _integral_float_to_int(value):
    return int(value) if isinstance(value, float) and value.is_integer() else value


# A whole number as JSON Schema's "integer" means it: 12 and 12.0 alike; never "12", true or 12.5.
WholeNumber = Annotated[StrictInt, BeforeValidator(_integral_float_to_int)]

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
    data["value"] = {"quote": data["value"]["quote"], "avoided": data["value"]["avoided"], "rows": [
        {"measure": r["measure"], "count": suppress_count(r["count"]), "unit_cost_low": str(r["cost"].low),
         "unit_cost_high": str(r["cost"].high), "unit": r["cost"].unit, "price_year": r["cost"].price_year,
         "source": r["cost"].source} for r in data["value"]["rows"]]}
    return data



# --- The impact log ---------------------------------------------------------------------------------------

class ImpactActivityOut(Schema):
    id: int
    quarter: int
    kind: str
    title: str
    held_on: dt.date
    partner: str
    homes_reached: list[str]  # Ofsted URNs
    participants: int
    evaluation: str
    feedback: str
    quote: str  # only when the person quoted consented


class ImpactActivityIn(Schema):
    kind: Literal["forum", "training", "diversionary", "campaign"]
    title: str = Field(min_length=1, max_length=200, pattern=r"\S")
    held_on: IsoDate
    partner: str = Field("", max_length=200)
    homes_reached: list[str] = []  # Ofsted URNs
    participants: WholeNumber = Field(0, ge=0, le=1_000_000)
    evaluation: str = ""
    feedback: str = ""
    quote: str = ""
    quote_consent: StrictBool = False


def _impact_out(r: dict) -> dict:
    a = r["activity"]
    return {"id": a.pk, "quarter": r["quarter"], "kind": a.kind, "title": a.title, "held_on": a.held_on,
            "partner": a.partner, "homes_reached": [h.urn for h in a.homes_reached.all()],
            "participants": a.participants, "evaluation": a.evaluation, "feedback": a.feedback, "quote": r["quote"]}


@router.get("/outcomes/impact", response={200: list[ImpactActivityOut], 403: Problem})
def impact_list(request, response: HttpResponse, page: Query[PageParams],
                year: Annotated[int | None, Query(ge=1990, le=2100)] = None,
                quarter: Annotated[int | None, Query(ge=1, le=4)] = None):
    """The impact log's activities in a collection year (default: the latest with a return), or one quarter of
    it (1 = April-June), newest first; quotes only where the person quoted consented."""
    if _forbid(request.user, actions.IMPACT_ROLES):
        return 403, {"detail": "Your role does not allow this."}
    y = year or default_year()
    rows = paged(impact_log(y, quarter), page, response)
    log_access(user=request.user, children=None, channel="api", what=f"impact log {y}", path=request.path)
    return 200, [_impact_out(r) for r in rows]


@router.post("/outcomes/impact", response={201: ImpactActivityOut, 400: Problem, 403: Problem, 404: Problem})
def impact_add(request, payload: ImpactActivityIn):
    """Add an activity to the impact log (the same action as the page). A home URN that names no home the caller
    may see is a 404 naming it."""
    homes = list(homes_visible_to(request.user).filter(urn__in=payload.homes_reached))
    unknown = sorted(set(payload.homes_reached) - {h.urn for h in homes})
    if unknown:
        return 404, {"detail": f"Unknown home URN(s): {', '.join(unknown)}"}
    try:
        a = actions.record_impact_activity(
            actor=request.user, kind=payload.kind, title=payload.title, held_on=payload.held_on,
            partner=payload.partner, homes=homes, participants=payload.participants, evaluation=payload.evaluation,
            feedback=payload.feedback, quote=payload.quote, quote_consent=payload.quote_consent)
    except PermissionDenied as exc:
        return 403, {"detail": str(exc)}
    except ValidationError as exc:
        return 400, {"detail": " ".join(exc.messages)}
    return 201, _impact_out({"activity": a, "quarter": quarter_of(a.held_on)[1],
                             "quote": a.quote if quote_may_be_shown(a.quote, consent=a.quote_consent) else ""})


class UnitCostOut(Schema):
    key: str
    label: str
    low: float
    high: float
    unit: str
    price_year: int
    source: str
    note: str


class UnitCostIn(Schema):
    label: str = Field(min_length=1, max_length=200, pattern=r"\S")
    low: StrictFloat = Field(ge=0, le=99_999_999)  # GBP; stored to the penny
    high: StrictFloat = Field(ge=0, le=99_999_999)  # GBP; the same as low for a single cost (low above high: 400)
    unit: str = Field(min_length=1, max_length=60, pattern=r"\S")
    price_year: WholeNumber = Field(ge=1990, le=dt.date.today().year)  # not in the future (checked again on save)
    source: str = Field(min_length=1, max_length=300, pattern=r"\S")
    note: str = Field("", max_length=300)


# A unit cost's key: lower-case letters, digits, "-" and "_" (rules.unit_cost_problem).
UnitCostKey = Annotated[str, Path(pattern=r"^[a-z0-9_-]{1,40}$")]


def _cost_out(c) -> dict:
    return {"key": c.key, "label": c.label, "low": float(c.low), "high": float(c.high), "unit": c.unit,
            "price_year": c.price_year, "source": c.source, "note": c.note}


@router.get("/outcomes/unit-costs", response={200: list[UnitCostOut], 403: Problem})
def unit_cost_list(request):
    """The unit costs of the value-for-money table, each with its source and price year."""
    if _forbid(request.user, UNIT_COST_READ_ROLES):
        return 403, {"detail": "Your role does not allow this."}
    log_access(user=request.user, children=None, channel="api", what="unit costs", path=request.path)
    return 200, [_cost_out(c) for c in unit_costs()["costs"]]


@router.put("/outcomes/unit-costs/{key}", response={200: UnitCostOut, 400: Problem, 403: Problem})
def unit_cost_set(request, key: UnitCostKey, payload: UnitCostIn):
    """Add or change one unit cost (administrators): the same audited action as the page and the CLI."""
    if _forbid(request.user, UNIT_COST_EDIT_ROLES):
        return 403, {"detail": "Your role may not change the unit costs."}
    try:
        c = actions.set_unit_cost(actor=request.user, key=key, label=payload.label, low=Decimal(str(payload.low)),
                                  high=Decimal(str(payload.high)), unit=payload.unit, price_year=payload.price_year,
                                  source=payload.source, note=payload.note)
    except ValidationError as exc:
        return 400, {"detail": "; ".join(exc.messages)}
    return 200, _cost_out(c)
