"""API: custody records in (arrest screening), the daily list, triage, follow-ups and alerts out."""

import time

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from divert.api.errors import also
from divert.api.pagination import IsoDate, IsoDateTime, PageParams, paged
from divert.core.audit import get_visible_or_404, log_access, show
from divert.core.scoping import check_roles
from divert.core.versioning import StaleEdit
from divert.incidents.access import ACK_ROLES, ALERT_ROLES, CUSTODY_ROLES, LIST_ROLES, TRIAGE_ROLES
from divert.police.access import incidents_visible_to

router = Router(tags=["incidents"])


class CustodyIn(Schema):
    """A custody record as the force's system sends it; lengths as Divert stores them (police.CustodyRecord)."""
    custody_reference: str = Field(max_length=40)
    arrested_at: IsoDateTime
    first_name: str = Field("", max_length=100)
    last_name: str = Field("", max_length=100)
    date_of_birth: IsoDate | None = None
    sex: str = Field("", max_length=10)
    address_given: str = ""
    postcode: str = Field("", max_length=10)
    offence: str = Field("", max_length=200)


class CustodyOut(Schema):
    id: int
    custody_reference: str
    link_status: str
    alert_id: int | None
    alert_doubtful: bool | None
    screened_in_seconds: float


class TriageIn(Schema):
    reviewed: bool
    advice_to_officer: str = ""
    recommended_route: str = ""
    home_contacted: bool = False
    home_contact_notes: str = ""
    version: int = 0  # the triage's version from the last read (0: none saved yet); a stale one is refused (409)


def _guard(user, *roles):
    try:
        check_roles(user, *roles)
    except PermissionDenied as exc:
        raise HttpError(403, str(exc)) from exc


@router.post("/custody", response={201: CustodyOut}, openapi_extra=also(409))
def post_custody(request, payload: CustodyIn):
    """Create a custody/arrest record, link it to a child in care and screen it, before answering."""
    from divert.incidents.actions import create_custody_record
    from divert.incidents.models import ArrestAlert
    from divert.ingest.hooks import after_import

    _guard(request.user, *CUSTODY_ROLES)
    started = time.monotonic()
    data = payload.dict()
    if data["arrested_at"].tzinfo is None:
        data["arrested_at"] = timezone.make_aware(data["arrested_at"])
    try:
        record = create_custody_record(user=request.user, **data)
    except IntegrityError as exc:
        raise HttpError(409, "A custody record with this reference already exists") from exc
    after_import(kind="custody")
    record.refresh_from_db()
    alert = ArrestAlert.objects.filter(custody=record).first()
    return 201, {"id": record.pk, "custody_reference": record.custody_reference, "link_status": record.link_status,
                 "alert_id": alert.pk if alert else None, "alert_doubtful": alert.doubtful if alert else None,
                 "screened_in_seconds": round(time.monotonic() - started, 3)}


def _entry_out(e: dict) -> dict:
    return {
        "id": e["id"], "reference": e["reference"], "reported_at": e["reported_at"].isoformat(),
        "category": e["category"], "crime_recorded": e["crime_recorded"], "crime_type": e["crime_type"],
        "reported_by": e["reported_by"], "narrative": e["narrative"], "home_id": e["home_id"],
        "people": [{"role": p["role"], "name": p["name"], "child_id": p["child_id"], "child_ref": p["child_ref"],
                    "in_review": p["in_review"], "context": p["context"]} for p in e["people"]],
        "flags": [f.code for f in e["flags"]], "priority": e["priority"],
        "triage": {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in (e.get("triage") or {}).items()},
        "open_followups": e.get("open_followups", 0),
    }


@router.get("/daily-list")
def get_daily(request, date: IsoDate | None = None, home: int | None = None, provider: int | None = None,
              flag: str = ""):
    """The daily list as JSON, scoped to the caller's role."""
    from divert.incidents.selectors import daily_list

    _guard(request.user, *LIST_ROLES)
    daily = daily_list(user=request.user, day=date or timezone.localdate(), home_id=home, provider_id=provider,
                       flag=flag)
    log_access(user=request.user, children=daily.child_ids, channel="api", what=f"daily list {daily.day}",
               path=request.get_full_path())
    return {"date": daily.day.isoformat(), "start": daily.start.isoformat(), "end": daily.end.isoformat(),
            "total": daily.total, "flag_counts": daily.flag_counts,
            "groups": [{"home_id": (g.home or {}).get("id"), "home": (g.home or {}).get("name"),
                        "callouts_month": g.callouts_month, "entries": [_entry_out(e) for e in g.entries]}
                       for g in daily.groups]}


@router.get("/incidents/{pk}/entry")
def get_incident(request, pk: int):
    from divert.incidents.models import Triage
    from divert.incidents.selectors import incident_entry

    _guard(request.user, *LIST_ROLES)
    incident = get_visible_or_404(request, incidents_visible_to(request.user), what=f"incident {pk} entry",
                                  child_field=None, pk=pk)
    entry = incident_entry(user=request.user, incident=incident)
    triage = Triage.objects.filter(incident=incident).first()
    entry["triage"] = {"version": triage.version if triage else 0, "reviewed": bool(triage and triage.reviewed),
                       "recommended_route": triage.recommended_route if triage else "",
                       "advice_to_officer": triage.advice_to_officer if triage else ""}
    show(request, {p["child_id"] for p in entry["people"] if p["child_id"] and p["visible"]},
         what=f"incident {incident.reference}")
    return _entry_out(entry)


@router.post("/incidents/{pk}/triage")
def post_triage(request, pk: int, payload: TriageIn):
    from divert.incidents.actions import record_triage
    from divert.incidents.models import Route

    _guard(request.user, *TRIAGE_ROLES)
    incident = get_visible_or_404(request, incidents_visible_to(request.user), what=f"incident {pk} triage",
                                  child_field=None, pk=pk)
    if payload.recommended_route and payload.recommended_route not in Route.values:
        raise HttpError(422, f"recommended_route must be one of {', '.join(Route.values)}")
    try:
        triage = record_triage(incident=incident, user=request.user, **payload.dict())
    except StaleEdit as exc:
        return api_stale(request, exc)
    return {"incident": pk, "version": triage.version, "reviewed": triage.reviewed,
            "recommended_route": triage.recommended_route, "home_contacted": triage.home_contacted}


def api_stale(request, exc: StaleEdit):
    """409 Conflict: the record changed since the caller read it; the body says what changed."""
    from django.http import JsonResponse

    return JsonResponse(exc.as_dict(), status=409)


@router.get("/follow-ups")
def get_followups(request, response: HttpResponse, page: Query[PageParams]):
    from divert.incidents.selectors import my_followups

    _guard(request.user, *LIST_ROLES)
    today = timezone.localdate()
    return [{"id": f.pk, "incident": f.incident_id, "reference": f.incident.reference, "description": f.description,
             "due_on": f.due_on.isoformat(), "overdue": f.due_on < today}
            for f in paged(my_followups(user=request.user), page, response)]


@router.get("/alerts")
def get_alerts(request, response: HttpResponse, page: Query[PageParams]):
    from divert.incidents.selectors import alerts_for

    _guard(request.user, *ALERT_ROLES)
    items = paged(alerts_for(user=request.user), page, response)
    log_access(user=request.user, children=[a.child_id for a in items if a.child_id], channel="api",
               what="arrest alerts", path=request.path)
    return [{"id": a.pk, "custody_reference": a.custody.custody_reference, "child_id": a.child_id,
             "doubtful": a.doubtful, "created_at": a.created_at.isoformat(),
             "acknowledged_at": a.acknowledged_at.isoformat() if a.acknowledged_at else None,
             "escalated": bool(a.escalated_at), "withdrawn": bool(a.withdrawn_at)} for a in items]


@router.post("/alerts/{pk}/acknowledge")
def post_acknowledge(request, pk: int):
    from divert.incidents.actions import acknowledge_alert
    from divert.incidents.selectors import alerts_for

    _guard(request.user, *ACK_ROLES)
    alert = get_object_or_404(alerts_for(user=request.user), pk=pk)
    alert = acknowledge_alert(alert=alert, user=request.user)
    return {"id": alert.pk, "acknowledged_at": alert.acknowledged_at.isoformat() if alert.acknowledged_at else None}
