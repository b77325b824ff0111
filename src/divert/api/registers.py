"""Register reads over the API: children, homes, one incident, register counts.

Same scoping as the pages (divert.core.scoping via divert.registers.selectors), same access log (channel "api"):
every response that shows a child writes one AccessLog row per child shown. Out-of-scope records are 404.
"""

import datetime as dt
from typing import NoReturn

from django.http import Http404
from ninja import Field, Query, Router, Schema

from divert.core.audit import log_access, refuse_404
from divert.police import selectors as police_selectors
from divert.registers import selectors

from .pagination import MAX_LIMIT, PageParams

router = Router(tags=["registers"])

__all__ = ["MAX_LIMIT", "router"]


# --- schemas ---------------------------------------------------------------------------------------------------

class ChildSummary(Schema):
    id: int
    child_id: str = Field(description="SSDA903 CHILD identifier")
    first_name: str
    last_name: str
    date_of_birth: dt.date
    sex: str


class ChildPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[ChildSummary]


class PlacementOut(Schema):
    decom: dt.date = Field(description="episode start (903 DECOM)")
    dec: dt.date | None = Field(description="episode end (903 DEC); null while open")
    rne: str
    legal_status: str
    cin: str
    place: str
    place_provider: str
    rec: str
    home_id: int | None
    home_name: str | None


class ChildIncidentOut(Schema):
    incident_id: int
    reference: str
    reported_at: dt.datetime
    role: str = Field(description="the child's role in the incident: suspect, victim, missing_person, ...")
    category: str
    home_id: int | None


class ChildCustodyOut(Schema):
    custody_reference: str
    arrested_at: dt.datetime
    offence: str


CustodyOut = ChildCustodyOut  # OpenAPI names schemas by class: each needs a name of its own


class MissingReportOut(Schema):
    reference: str
    reported_missing_at: dt.datetime
    found_at: dt.datetime | None
    risk_grade: str
    home_id: int | None


class ChildDetail(ChildSummary):
    social_worker_name: str
    social_worker_email: str
    placements: list[PlacementOut]
    incidents: list[ChildIncidentOut]
    custody_records: list[CustodyOut]
    missing_reports: list[MissingReportOut]


class HomeOut(Schema):
    id: int
    urn: str = Field(description="Ofsted URN")
    name: str
    provider_id: int
    provider_name: str
    setting_type: str
    registered_places: int | None
    address: str
    postcode: str
    uprn: str
    opened_on: dt.date | None
    closed_on: dt.date | None


class HomePage(Schema):
    count: int
    limit: int
    offset: int
    items: list[HomeOut]


class HomeIncidentOut(Schema):
    id: int
    reference: str
    reported_at: dt.datetime
    category: str
    reported_by: str
    children_named: int


class HomeDetail(HomeOut):
    children_placed_now: list[ChildSummary]
    incidents_last_90_days: int
    recent_incidents: list[HomeIncidentOut]
    callouts_this_month: int
    callouts_per_place: float | None


class InvolvementOut(Schema):
    role: str
    first_name: str
    last_name: str
    date_of_birth: dt.date | None
    sex: str
    child_id: int | None = Field(description="database id of the linked child in care, if linked")
    link_status: str


class IncidentDetail(Schema):
    id: int
    reference: str
    reported_at: dt.datetime
    closed_at: dt.datetime | None
    location_text: str
    location_postcode: str
    opening_category: str
    closing_category: str
    crime_recorded: bool
    crime_type: str
    narrative: str
    reported_by: str
    home_id: int | None
    home_name: str | None
    home_match_status: str
    involvements: list[InvolvementOut]


class StatusOut(Schema):
    children: int
    placements: int
    homes: int
    providers: int
    incidents: int
    involvements: int
    custody_records: int
    missing_reports: int
    imports: int
    import_attempts: int
    review_items_open: int


class ListFilters(PageParams):
    q: str = Field("", max_length=100, description="words that must all match a name or id")


# --- helpers ---------------------------------------------------------------------------------------------------

def _child_summary(c) -> dict:
    return {"id": c.pk, "child_id": c.child_id, "first_name": c.first_name, "last_name": c.last_name,
            "date_of_birth": c.date_of_birth, "sex": c.sex}


def _home(h) -> dict:
    return {"id": h.pk, "urn": h.urn, "name": h.name, "provider_id": h.provider_id, "provider_name": h.provider.name,
            "setting_type": h.setting_type, "registered_places": h.registered_places, "address": h.address,
            "postcode": h.postcode, "uprn": h.uprn, "opened_on": h.opened_on, "closed_on": h.closed_on}


def _refuse(request, *, what: str, child_pk: int | None = None) -> NoReturn:
    refuse_404(request, what=what, child=child_pk)


# --- endpoints -------------------------------------------------------------------------------------------------

@router.get("/children", response=ChildPage, summary="Children in care the caller may see")
def list_children(request, filters: Query[ListFilters]):
    qs = selectors.search_children(request.user, q=filters.q)
    count = qs.count()
    items = list(qs[filters.offset:filters.offset + filters.limit])
    log_access(user=request.user, children=items, channel="api", what="children list", path=request.path)
    return {"count": count, "limit": filters.limit, "offset": filters.offset,
            "items": [_child_summary(c) for c in items]}


@router.get("/children/{child_pk}", response=ChildDetail, summary="One child: placements, incidents, custody, missing")
def get_child(request, child_pk: int):
    try:
        child = selectors.get_child_for(request.user, child_pk)
    except Http404:
        from divert.registers.models import Child

        _refuse(request, what="child", child_pk=child_pk if Child.objects.filter(pk=child_pk).exists() else None)
    record = selectors.child_record(request.user, child)
    log_access(user=request.user, children=child, channel="api", what="child record", path=request.path)
    return {
        **_child_summary(child),
        "social_worker_name": child.social_worker_name,
        "social_worker_email": child.social_worker_email,
        "placements": [
            {"decom": p.decom, "dec": p.dec, "rne": p.rne, "legal_status": p.legal_status, "cin": p.cin,
             "place": p.place, "place_provider": p.place_provider, "rec": p.rec, "home_id": p.home_id,
             "home_name": p.home.name if p.home else None}
            for p in record.placements
        ],
        "incidents": [
            {"incident_id": i.incident_id, "reference": i.incident.reference, "reported_at": i.incident.reported_at,
             "role": i.role, "category": i.incident.closing_category or i.incident.opening_category,
             "home_id": i.incident.home_id}
            for i in record.involvements
        ],
        "custody_records": [
            {"custody_reference": c.custody_reference, "arrested_at": c.arrested_at, "offence": c.offence}
            for c in record.custody
        ],
        "missing_reports": [
            {"reference": m.reference, "reported_missing_at": m.reported_missing_at, "found_at": m.found_at,
             "risk_grade": m.risk_grade, "home_id": m.home_id}
            for m in record.missing_reports
        ],
    }


@router.get("/homes", response=HomePage, summary="Homes and settings the caller may see")
def list_homes(request, filters: Query[ListFilters]):
    qs = selectors.search_homes(request.user, q=filters.q)
    count = qs.count()
    items = list(qs[filters.offset:filters.offset + filters.limit])
    return {"count": count, "limit": filters.limit, "offset": filters.offset, "items": [_home(h) for h in items]}


@router.get("/homes/{home_pk}", response=HomeDetail, summary="One home: children placed now, recent incidents")
def get_home(request, home_pk: int):
    try:
        home = selectors.get_home_for(request.user, home_pk)
    except Http404:
        _refuse(request, what=f"home {home_pk}")
    record = selectors.home_record(request.user, home)
    if record.children:
        log_access(user=request.user, children=record.children, channel="api", what=f"home {home.pk}",
                   path=request.path)
    return {
        **_home(home),
        "children_placed_now": [_child_summary(c) for c in record.children],
        "incidents_last_90_days": record.recent_incident_count,
        "recent_incidents": [
            {"id": i.pk, "reference": i.reference, "reported_at": i.reported_at,
             "category": i.closing_category or i.opening_category, "reported_by": i.reported_by,
             "children_named": i.children_named}
            for i in record.recent_incidents
        ],
        "callouts_this_month": record.callouts_this_month,
        "callouts_per_place": record.callouts_per_place,
    }


@router.get("/incidents/{incident_pk}", response=IncidentDetail, summary="One police incident and the people in it")
def get_incident(request, incident_pk: int):
    try:
        incident = police_selectors.get_incident_for(request.user, incident_pk)
    except Http404:
        _refuse(request, what=f"incident {incident_pk}")
    involvements = list(incident.involvements.order_by("pk"))
    linked = [i.child_id for i in involvements if i.child_id]
    if linked:
        log_access(user=request.user, children=linked, channel="api", what=f"incident {incident.reference}",
                   path=request.path)
    return {
        "id": incident.pk, "reference": incident.reference, "reported_at": incident.reported_at,
        "closed_at": incident.closed_at, "location_text": incident.location_text,
        "location_postcode": incident.location_postcode, "opening_category": incident.opening_category,
        "closing_category": incident.closing_category, "crime_recorded": incident.crime_recorded,
        "crime_type": incident.crime_type, "narrative": incident.narrative, "reported_by": incident.reported_by,
        "home_id": incident.home_id, "home_name": incident.home.name if incident.home else None,
        "home_match_status": incident.home_match_status,
        "involvements": [
            {"role": i.role, "first_name": i.first_name, "last_name": i.last_name, "date_of_birth": i.date_of_birth,
             "sex": i.sex, "child_id": i.child_id, "link_status": i.link_status}
            for i in involvements
        ],
    }


@router.get("/status", response=StatusOut, summary="Row counts of every register (no personal data)")
def status(request):
    from divert.ops.selectors import register_counts

    return register_counts()
