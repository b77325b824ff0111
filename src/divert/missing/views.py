"""Pages for missing from care: thin front doors onto actions.py and selectors.py."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from divert.core.audit import get_visible_or_404, log_access, render_shown
from divert.core.forms import show_stale
from divert.core.scoping import require_roles, role_of
from divert.core.versioning import StaleEdit

from . import actions
from .access import COMPLIANCE_ROLES, EPISODE_ROLES, INTERVIEW_ROLES, PACK_NAME_ROLES, PACK_ROLES, RISK_ROLES
from .compliance_text import RULE_WEIGHT, describe, escalation_label
from .forms import (
    EscalationForm,
    EscalationUpdateForm,
    OfferForm,
    ReferralsForm,
    ReturnDetailsForm,
    ReturnInterviewForm,
    RiskReviewForm,
    at_london,
)
from .models import ComplianceItem, Escalation, ReturnInterview
from .pack.data import build_pack, parse_month, previous_month
from .rules import RULES_BY_NAME, run_time
from .selectors import compliance_items, episodes_visible_to, finalisation_blockers, repeat_counts


def _episode(request, pk):
    """The episode within the user's scope, or a refused access-log row and 404."""
    return get_visible_or_404(request, episodes_visible_to(request.user), what=f"missing episode {pk}", pk=pk)


def _version(request) -> int | None:
    try:
        return int(request.POST["version"])
    except (KeyError, ValueError):
        return None


EPISODES_PER_PAGE = 50


@require_roles(*EPISODE_ROLES)
def episode_list(request):
    from django.core.paginator import Paginator

    from divert.registers.access import homes_visible_to
    from divert.registers.models import Home

    from .models import Category, MissingEpisode
    from .selectors import episode_settings

    f = {"state": request.GET.get("state", "")[:12], "category": request.GET.get("category", "")[:1],
         "home": request.GET.get("home", "")[:12], "q": request.GET.get("q", "").strip()[:100]}
    qs = episodes_visible_to(request.user)
    if f["state"] in MissingEpisode.State.values:
        qs = qs.filter(state=f["state"])
    if f["category"] in Category.values:
        qs = qs.filter(category=f["category"])
    if f["home"].isdigit():
        qs = qs.filter(home_id=int(f["home"]))
    for word in f["q"].split()[:3]:
        qs = qs.filter(Q(child__first_name__icontains=word) | Q(child__last_name__icontains=word)
                       | Q(child__child_id__iexact=word))
    page = Paginator(qs.select_related("placement__home").order_by("-started_at", "-pk"),
                     EPISODES_PER_PAGE).get_page(request.GET.get("page"))
    episodes = list(page.object_list)
    settings_ = episode_settings(episodes)
    for e in episodes:
        where = settings_.get(e.pk)
        e.shown_home = where if isinstance(where, Home) else None
        e.shown_placement = None if where is None or e.shown_home else where
    query = request.GET.copy()
    query.pop("page", None)
    return render_shown(request, "missing/episode_list.html", {
        "episodes": episodes, "page": page, "filters": f, "query": query.urlencode(),
        "states": [(v, lab) for v, lab in MissingEpisode.State.choices if v not in MissingEpisode.GONE_STATES],
        "categories": Category.choices,
        "homes": list(homes_visible_to(request.user).select_related("provider").order_by("name", "postcode"))},
        children=[e.child for e in episodes], what="missing episode list")


@require_roles(*EPISODE_ROLES)
def episode_detail(request, pk, *, errors=None, status=200):
    episode = _episode(request, pk)
    interview = ReturnInterview.objects.filter(episode=episode).first()
    return render_shown(request, "missing/episode_detail.html", {
        "episode": episode, "interview": interview, "sources": episode.sources.select_related(
            "missing_report", "ssda903_missing"), "reviews": episode.risk_reviews.all(),
        "referrals": episode.referrals.all(), "blockers": finalisation_blockers(episode), "errors": errors or [],
        "counts": repeat_counts(episode.child, episodes=episodes_visible_to(request.user)),
        "role": role_of(request.user)}, status=status, children=episode.child, what=f"missing episode {pk}")


@require_POST
@require_roles(*EPISODE_ROLES)
def finalise(request, pk):
    episode = _episode(request, pk)
    try:
        actions.finalise_episode(episode=episode, user=request.user, version=_version(request))
    except actions.FinalisationBlocked as exc:
        return episode_detail(request, pk, errors=exc.blockers, status=400)
    except StaleEdit as exc:
        return episode_detail(request, pk, errors=exc.messages, status=409)
    messages.success(request, "Episode finalised.")
    return redirect("missing:episode", pk=pk)


@require_roles(*INTERVIEW_ROLES)
def return_interview(request, pk):
    episode = _episode(request, pk)
    interview = ReturnInterview.objects.filter(episode=episode).first()
    if interview is None:
        raise Http404("This episode has no return interview yet (the child has not returned).")
    offering = request.method == "POST" and "offer" in request.POST
    form = ReturnInterviewForm(request.POST if request.method == "POST" and not offering else None,
                               initial={"version": interview.version})
    offer_form = OfferForm(request.POST if offering else None, initial={"offered_on": timezone.localdate()})
    status = 200
    if offering and offer_form.is_valid():
        d = offer_form.cleaned_data
        try:
            actions.offer_return_interview(interview=interview, user=request.user,
                                           offered_at=at_london(d["offered_on"], d["offered_time"]),
                                           version=_version(request))
        except StaleEdit as exc:
            form = ReturnInterviewForm(initial={"version": exc.current_version})
            messages.error(request, exc.messages[0])
            status = 409
        else:
            messages.success(request, f"Return interview marked as offered on {d['offered_on']:%-d %B %Y}.")
            return redirect("missing:episode", pk=pk)
    if request.method == "POST" and not offering and form.is_valid():
        d = form.cleaned_data
        try:
            actions.record_return_interview(
                interview=interview, user=request.user, outcome=d["outcome"], reason=d["reason"],
                conducted_by=d["conducted_by"], completed_at=form.held_at(), harm_suffered=form.harm(),
                push_factors=d["push_factors"],
                pull_factors=d["pull_factors"], exploitation_concerns=d["exploitation_concerns"],
                where_text=d["where_text"], with_whom_text=d["with_whom_text"], notes=d["notes"],
                version=d["version"])
        except StaleEdit as exc:
            show_stale(form, exc)
            status = 409
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Return interview recorded.")
            return redirect("missing:episode", pk=pk)
    interview.refresh_from_db()
    return render_shown(request, "missing/return_interview.html", {"episode": episode, "interview": interview,
                                                                    "form": form, "offer_form": offer_form},
                        children=episode.child, what=f"return interview {pk}", status=status)


@require_roles(*INTERVIEW_ROLES)
def referrals(request, pk):
    episode = _episode(request, pk)
    form = ReferralsForm(request.POST or None, initial={"version": episode.version})
    return _episode_form(request, episode, form, lambda d: actions.record_referrals(
        episode=episode, user=request.user, referrals=[(a, d["note"]) for a in d["agencies"]],
        none_needed_reason=d["none_needed_reason"], version=d["version"]),
        title="Record follow-up referrals", button="Save referrals", done="Follow-up referrals recorded.",
        what=f"missing episode {pk} referrals")


def _episode_form(request, episode, form, save, *, title: str, button: str, done: str, what: str):
    """One of the episode's small forms: save through the action (refused if the episode changed since the form
    was opened), or show the form, access-logged."""
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except StaleEdit as exc:
            show_stale(form, exc)
            status = 409
        except ValidationError as exc:
            form.add_error(None, exc)
            status = 400
        else:
            messages.success(request, done)
            return redirect("missing:episode", pk=episode.pk)
    return render_shown(request, "missing/simple_form.html", {
        "episode": episode, "form": form, "title": title, "button": button}, children=episode.child, what=what,
        status=status)


@require_roles(*INTERVIEW_ROLES)
def return_details(request, pk):
    episode = _episode(request, pk)
    form = ReturnDetailsForm(request.POST or None, initial={"found_location": episode.found_location,
                                                            "found_postcode": episode.found_postcode,
                                                            "found_by": episode.found_by, "version": episode.version})
    return _episode_form(request, episode, form, lambda d: actions.record_return_details(
        episode=episode, user=request.user, **d), title="Record who found the child", button="Save return details",
        done="Return details recorded.", what=f"missing episode {pk} return details")


@require_roles(*RISK_ROLES)
def risk_review(request, pk):
    episode = _episode(request, pk)
    form = RiskReviewForm(request.POST or None, initial={"version": episode.version})
    return _episode_form(request, episode, form, lambda d: actions.record_risk_review(
        episode=episode, user=request.user, **d), title="Review the risk grade", button="Save risk review",
        done="Risk review recorded.", what=f"missing episode {pk} risk review")


def _date(text: str | None) -> dt.date:
    try:
        return dt.date.fromisoformat(text) if text else timezone.localdate()
    except ValueError:
        return timezone.localdate()


@require_roles(*COMPLIANCE_ROLES)
def compliance(request):
    """Read only on GET. A POST runs the day's check through the same action as `divert missing compliance`."""
    if request.method == "POST":
        run_date = _date(request.POST.get("date"))
        if run_date > timezone.localdate():
            return HttpResponseBadRequest("The compliance check cannot run for a future date.")
        actions.run_daily_compliance(run_date=run_date, actor=request.user)
        messages.success(request, f"Compliance check run for {run_date:%-d %B %Y}.")
        return redirect(f"{_compliance_url()}?date={run_date.isoformat()}")
    run_date = _date(request.GET.get("date"))
    items = compliance_items(run_date=run_date)
    log_access(user=request.user, children=[i.episode.child for i in items if i.episode], channel="page",
               what=f"missing compliance {run_date}", path=request.path)
    as_of = run_time(run_date)
    rows = [describe(i, as_of=as_of, title=RULES_BY_NAME[i.rule].title if i.rule in RULES_BY_NAME else i.rule)
            for i in items]
    order = sorted(RULES_BY_NAME, key=lambda name: -RULE_WEIGHT.get(name, 0))
    groups = [(RULES_BY_NAME[name], sorted((r for r in rows if r.item.rule == name), key=lambda r: -r.urgency))
              for name in order]
    return render(request, "missing/compliance.html", {"run_date": run_date, "groups": groups,
                                                        "total": len(items), "today": timezone.localdate()})


@require_roles(*COMPLIANCE_ROLES)
def escalate(request, item_pk):
    item = get_object_or_404(ComplianceItem.objects.select_related("episode__child", "home"), pk=item_pk)
    due = timezone.localdate() + dt.timedelta(days=3)
    form = EscalationForm(request.POST or None, initial={"due_on": due.strftime("%d/%m/%Y"), "owner": request.user.pk})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        actions.escalate(item=item, user=request.user, to=d["to"], owner=d["owner"], due_on=d["due_on"],
                         note=d["note"])
        messages.success(request, "Escalation recorded.")
        return redirect(f"{_compliance_url()}?date={item.run_date.isoformat()}")
    child = item.episode.child if item.episode else None
    return render_shown(request, "missing/escalate.html", {"item": item, "rule": RULES_BY_NAME.get(item.rule),
                                                            "form": form, "child": child},
                        children=child, what=f"escalate compliance item {item.pk}")


def _compliance_url() -> str:
    from django.urls import reverse

    return reverse("missing:compliance")


@require_roles(*COMPLIANCE_ROLES)
def escalations(request):
    status, stale = 200, None
    if request.method == "POST":
        escalation = get_object_or_404(Escalation, pk=request.POST.get("escalation"))
        form = EscalationUpdateForm(request.POST)
        if form.is_valid():
            try:
                actions.update_escalation(escalation=escalation, user=request.user, **form.cleaned_data)
            except StaleEdit as exc:  # someone moved it since the page was opened: keep this person's choice
                show_stale(form, exc, message=False)
                stale, status = {"pk": escalation.pk, "data": form.data, "message": exc.messages[0]}, 409
            except ValidationError as exc:
                messages.error(request, "; ".join(exc.messages))
            else:
                messages.success(request, "Escalation updated.")
        if stale is None:
            return redirect("missing:escalations")
    rows = list(Escalation.objects.select_related("item", "owner", "item__home", "item__episode__child")
                .order_by("state", "due_on"))
    titles = {name: rule.title for name, rule in RULES_BY_NAME.items()}
    for x in rows:
        x.label = escalation_label(x, titles)
        x.typed = stale["data"] if stale and x.pk == stale["pk"] else {"state": x.state}
    log_access(user=request.user, children=[x.item.episode.child for x in rows if x.item.episode_id],
               channel="page", what="missing escalations", path=request.path)
    return render(request, "missing/escalations.html", {"escalations": rows, "states": Escalation.State.choices,
                                                        "stale": stale}, status=status)


def _pack_args(request):
    text = request.GET.get("month") or previous_month(timezone.localdate().replace(day=1), 1).strftime("%Y-%m")
    try:
        month = parse_month(text)
    except ValueError as exc:
        raise Http404("Month must be YYYY-MM") from exc
    return month, request.GET.get("area", "").strip()[:40]


@require_roles(*PACK_ROLES)
def pack(request):
    from .pack.render import page_charts

    month, area = _pack_args(request)
    data = build_pack(month=month, area=area, names=role_of(request.user) in PACK_NAME_ROLES)
    log_access(user=request.user, children=data["child_ids"], channel="page", what=f"missing pack {data['month']}",
               path=request.path)
    return render(request, "missing/pack.html", {"pack": data, "charts": page_charts(data), "area": area})


@require_roles(*PACK_ROLES)
def pack_pdf(request):
    from .pack.render import pdf_bytes

    month, area = _pack_args(request)
    pseudonymised = request.GET.get("pseudonymise") == "1"
    data = build_pack(month=month, area=area, names=role_of(request.user) in PACK_NAME_ROLES,
                      pseudonymised=pseudonymised)
    log_access(user=request.user, children=data["child_ids"], channel="export",
               what=f"missing pack PDF {data['month']}{' pseudonymised' if pseudonymised else ''}", path=request.path)
    response = HttpResponse(pdf_bytes(data), content_type="application/pdf")
    suffix = "-pseudonymised" if pseudonymised else ""
    response["Content-Disposition"] = f'attachment; filename="missing-pack-{data["month"]}{suffix}.pdf"'
    return response
