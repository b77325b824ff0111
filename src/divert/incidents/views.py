"""The CiCPO's pages: the daily list (and its exports), the incident page with triage, follow-ups, arrest alerts,
and the provider view. Thin: selectors read, actions write, every view of a child is access-logged."""

import datetime as dt

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from divert.core.audit import get_visible_or_404, log_access, render_shown
from divert.core.forms import show_stale
from divert.core.roles import Role
from divert.core.scoping import require_roles, role_of
from divert.core.versioning import StaleEdit
from divert.matching.access import REVIEW_ROLES as LINK_REVIEW_ROLES
from divert.police.access import incidents_visible_to
from divert.police.models import LinkStatus
from divert.police.selectors import provider_figures
from divert.registers.access import homes_visible_to
from divert.registers.models import home_label

from . import actions, exports, rules, selectors
from .access import ALERT_ROLES, LIST_ROLES, PROVIDER_VIEW_ROLES, TRIAGE_ROLES
from .forms import DailyFilterForm, FollowUpForm, ProviderResponseForm, TriageForm
from .models import FollowUp, Triage
from .render import attach_rows
from .screening import guidance


def _filters(request):
    form = DailyFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    return form, {
        "day": data.get("date") or timezone.localdate(),
        "home_id": data.get("home"), "provider_id": data.get("provider"), "flag": data.get("flag") or "",
    }


def _filter_choices(user):
    """The filters' choices as plain values: a force's hundred-odd homes as model instances cost more than the rest
    of the list (one page request in six of its CPU time, benchmarks/page_queries.py)."""
    rows = list(homes_visible_to(user).order_by("name", "pk").values_list("pk", "name", "postcode", "provider_id",
                                                                          "provider__name"))
    homes = [{"pk": pk, "label": home_label(name, postcode)} for pk, name, postcode, _p, _n in rows]
    providers = sorted(({"pk": p, "name": n} for p, n in {(r[3], r[4]) for r in rows}), key=lambda p: p["name"])
    return {"homes": homes, "providers": providers, "flags": list(rules.FLAGS.values())}


def _daily_context(request, *, printing: bool = False):
    form, f = _filters(request)
    daily = attach_rows(selectors.daily_list(user=request.user, day=f["day"], home_id=f["home_id"],
                                             provider_id=f["provider_id"], flag=f["flag"]), printing=printing)
    return daily, {"daily": daily, "form": form, "filters": f, "query": request.GET.urlencode(),
                   "previous_day": f["day"] - dt.timedelta(days=1), "next_day": f["day"] + dt.timedelta(days=1),
                   "can_triage": role_of(request.user) in TRIAGE_ROLES, **_filter_choices(request.user)}


@require_roles(*LIST_ROLES)
def daily(request):
    daily_, ctx = _daily_context(request)
    log_access(user=request.user, children=daily_.child_ids, channel="page",
               what=f"daily list {daily_.day.isoformat()}", path=request.get_full_path())
    return render(request, "incidents/daily.html", ctx)


@require_roles(*LIST_ROLES)
def daily_export(request, fmt: str):
    if fmt not in ("csv", "xlsx", "pdf"):
        raise Http404
    daily_, ctx = _daily_context(request, printing=fmt == "pdf")
    name = f"daily-list-{daily_.day.isoformat()}.{fmt}"
    if fmt == "csv":
        body, ctype = exports.to_csv(daily_), "text/csv; charset=utf-8"
    elif fmt == "xlsx":
        body, ctype = exports.to_xlsx(daily_), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body, ctype = exports.to_pdf(daily_, context=ctx), "application/pdf"
    log_access(user=request.user, children=daily_.child_ids, channel="export",
               what=f"daily list {daily_.day.isoformat()} ({fmt})", path=request.get_full_path())
    response = HttpResponse(body, content_type=ctype)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def review_queue_url() -> str:
    return reverse("matching:review")


@require_roles(*LIST_ROLES)
def detail(request, pk: int):
    incident = get_visible_or_404(request, incidents_visible_to(request.user).select_related("home", "home__provider"),
                                  what=f"incident {pk}", child_field=None, pk=pk)
    triage = Triage.objects.filter(incident=incident).select_related("reviewed_by").first()
    status = 200
    can_triage = role_of(request.user) in TRIAGE_ROLES
    triage_form = TriageForm(initial=_triage_initial(triage))
    followup_form = FollowUpForm(initial={"owner": request.user.pk})
    can_respond = (role_of(request.user) == Role.PROVIDER_MANAGER and incident.home_id is not None
                   and homes_visible_to(request.user).filter(pk=incident.home_id).exists())
    response_form = ProviderResponseForm()
    if request.method == "POST" and request.POST.get("form") == "provider_response":
        if not can_respond:
            return HttpResponse("Only the home's provider can respond to this incident.", status=403)
        response_form = ProviderResponseForm(request.POST)
        if response_form.is_valid():
            actions.record_provider_response(actor=request.user, incident=incident,
                                             kind=response_form.cleaned_data["kind"],
                                             text=response_form.cleaned_data["text"])
            messages.success(request, "Your response is recorded")
            return redirect("incidents:detail", pk=incident.pk)
    elif request.method == "POST":
        if not can_triage:
            return HttpResponse("Your role cannot record triage.", status=403)
        if request.POST.get("form") == "followup":
            followup_form = FollowUpForm(request.POST)
            if followup_form.is_valid():
                d = followup_form.cleaned_data
                actions.add_followup(incident=incident, user=request.user, description=d["description"],
                                     due_on=d["due_on"], owner=d["owner"])
                messages.success(request, "Follow-up added")
                return redirect("incidents:detail", pk=incident.pk)
        else:
            triage_form = TriageForm(request.POST)
            if triage_form.is_valid():
                d = triage_form.cleaned_data
                try:
                    actions.record_triage(incident=incident, user=request.user, reviewed=d["reviewed"],
                                          advice_to_officer=d["advice_to_officer"],
                                          recommended_route=d["recommended_route"],
                                          home_contacted=d["home_contacted"] == "yes",
                                          home_contact_notes=d["home_contact_notes"], version=d["version"])
                except StaleEdit as exc:
                    show_stale(triage_form, exc)
                    triage = Triage.objects.filter(incident=incident).select_related("reviewed_by").first()
                    status = 409
                else:
                    messages.success(request, "Triage saved")
                    return redirect("incidents:detail", pk=incident.pk)
    entry = selectors.incident_entry(user=request.user, incident=incident)
    in_review = incident.home_match_status == LinkStatus.REVIEW or any(p["in_review"] for p in entry["people"])
    shown = {p["child_id"] for p in entry["people"] if p["child_id"] and p["visible"]}
    followups = incident.followups.select_related("owner").order_by("done_at", "due_on")
    return render_shown(request, "incidents/detail.html", {
        "incident": incident, "entry": entry, "triage": triage, "triage_form": triage_form,
        "followup_form": followup_form, "followups": followups, "can_triage": can_triage, "in_review": in_review,
        "can_review_links": role_of(request.user) in LINK_REVIEW_ROLES,
        "review_url": review_queue_url(), "today": timezone.localdate(),
        "can_respond": can_respond, "response_form": response_form,
        "provider_responses": incident.provider_responses.select_related("author"),
    }, children=shown, what=f"incident {incident.reference}", status=status)


def _triage_initial(triage):
    if triage is None:
        return {"home_contacted": "no", "version": 0}
    return {"version": triage.version, "reviewed": triage.reviewed, "advice_to_officer": triage.advice_to_officer,
            "recommended_route": triage.recommended_route, "home_contacted": "yes" if triage.home_contacted else "no",
            "home_contact_notes": triage.home_contact_notes}


@require_roles(*LIST_ROLES)
def followups(request):
    items = list(selectors.my_followups(user=request.user))
    today = timezone.localdate()
    log_access(user=request.user, children=None, channel="page", what="my follow-ups", path=request.path)
    return render(request, "incidents/followups.html", {
        "overdue": [f for f in items if f.due_on < today], "upcoming": [f for f in items if f.due_on >= today],
        "today": today})


@require_POST
@require_roles(*LIST_ROLES)
def followup_done(request, pk: int):
    followup = get_object_or_404(FollowUp.objects.filter(incident__in=incidents_visible_to(request.user)), pk=pk)
    if followup.owner_id != request.user.pk and role_of(request.user) not in TRIAGE_ROLES:
        return HttpResponse("Only the follow-up's owner, a CiCPO or an administrator can mark it done.", status=403)
    actions.complete_followup(followup=followup, user=request.user)
    messages.success(request, "Follow-up marked as done")
    return redirect(request.POST.get("next") if request.POST.get("next", "").startswith("/incidents/")
                    else "incidents:followups")


@require_roles(*ALERT_ROLES)
def alerts(request):
    items = list(selectors.alerts_for(user=request.user)[:200])
    log_access(user=request.user, children=[a.child_id for a in items if a.child_id], channel="page",
               what="arrest alerts", path=request.path)
    placements = selectors.alert_placements(items)
    for a in items:
        a.placement = placements.get(a.child_id)
    return render(request, "incidents/alerts.html", {
        "guidance": guidance(),
        "open": [a for a in items if not a.acknowledged_at and not a.withdrawn_at],
        "done": [a for a in items if a.acknowledged_at or a.withdrawn_at], "review_url": review_queue_url()})


@require_POST
@require_roles(*ALERT_ROLES)
def alert_acknowledge(request, pk: int):
    alert = get_object_or_404(selectors.alerts_for(user=request.user), pk=pk)
    actions.acknowledge_alert(alert=alert, user=request.user)
    messages.success(request, f"Alert {alert.custody.custody_reference} acknowledged")
    return redirect("incidents:alerts")


@require_roles(*PROVIDER_VIEW_ROLES)
def provider(request):
    form, f = _filters(request)
    daily_ = attach_rows(selectors.daily_list(user=request.user, day=f["day"], home_id=f["home_id"], flag=f["flag"]))
    log_access(user=request.user, children=daily_.child_ids, channel="page",
               what=f"provider list {daily_.day.isoformat()}", path=request.get_full_path())
    return render(request, "incidents/provider.html", {
        "daily": daily_, "form": form, "filters": f, "guidance": guidance("provider-guidance"),
        "figures": provider_figures(user=request.user, day=f["day"]),
        "homes": list(homes_visible_to(request.user).order_by("name")), "flags": list(rules.FLAGS.values()),
        "query": request.GET.urlencode(), "can_triage": False})

