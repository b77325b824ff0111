"""Pages for the protocol and the OOCD panel: thin front doors onto actions.py and selectors.py."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from divert.core.audit import log_access
from divert.core.forms import show_stale
from divert.core.roles import Agency
from divert.core.scoping import require_roles, role_of
from divert.core.versioning import StaleEdit
from divert.police.access import incidents_visible_to
from divert.police.models import CustodyRecord, Involvement
from divert.registers.access import children_visible_to

from . import actions
from .access import CASE_ROLES, QUESTION_ROLES
from .forms import (
    AddCaseForm,
    ChargingForm,
    DecisionForm,
    MemberFormSet,
    OpenForm,
    PanelForm,
    QuestionsForm,
    SectionForm,
)
from .models import PanelMeeting, SectionResponse
from .rules import first_time_entrant, may_fill_section
from .selectors import (
    agenda_of,
    case_file,
    cases_visible_to,
    get_case_for,
    intervention_owner_choices,
    interventions_for,
    panel_papers,
    previous_decisions,
)

PER_PAGE = 50  # cases or interventions to a page (every one reachable through the page numbers)


def _log(request, children, what):
    log_access(user=request.user, children=children, channel="page", what=what, path=request.path)


@require_roles(*CASE_ROLES)
def case_list(request):
    page = Paginator(cases_visible_to(request.user), PER_PAGE).get_page(request.GET.get("page"))
    cases = list(page.object_list)
    _log(request, [c.child for c in cases], "protocol case list")
    return render(request, "protocol/case_list.html", {"cases": cases, "page": page, "role": role_of(request.user)})


@require_roles(*actions.OPEN_ROLES)
def case_open(request):
    """Open a case from a daily-list entry (?incident=), a custody record or arrest alert (?custody=), or by
    hand (?child=)."""
    incident = custody = None
    child = None
    opened_from = "by_hand"
    if request.GET.get("incident"):
        incident = get_object_or_404(incidents_visible_to(request.user), pk=request.GET["incident"])
        suspects = Involvement.objects.filter(incident=incident, role="suspect", child__isnull=False)
        inv = suspects.filter(child_id=request.GET.get("child")).first() if request.GET.get("child") else None
        inv = inv or suspects.first()
        if inv is None:
            raise PermissionDenied("No child in care is a suspect in this incident.")
        child, opened_from = inv.child, "daily_list"
    elif request.GET.get("custody"):
        custody = get_object_or_404(CustodyRecord, pk=request.GET["custody"], child__isnull=False)
        child = custody.child
        if not children_visible_to(request.user).filter(pk=child.pk).exists():
            raise Http404("No such custody record")
        opened_from = "arrest_alert" if request.GET.get("from") == "alert" else "custody_record"
    else:
        child = get_object_or_404(children_visible_to(request.user), pk=request.GET.get("child") or 0)
    form = OpenForm(request.POST or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            case, created = actions.open_case(actor=request.user, child=child, opened_from=opened_from,
                                              incident=incident, custody_record=custody,
                                              suspected_offence=form.cleaned_data["suspected_offence"],
                                              offence_on=form.cleaned_data["offence_on"])
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(request, "Case opened" if created else "This offence already has a case")
            return redirect("protocol:case", pk=case.pk)
    _log(request, child, "open protocol case")
    return render(request, "protocol/case_open.html", {"child": child, "incident": incident, "custody": custody,
                                                       "form": form, "errors": errors},
                  status=400 if errors else 200)


@require_roles(*CASE_ROLES)
def case_detail(request, pk, *, errors=None, status=200):
    case = get_case_for(request.user, pk)
    _log(request, case.child, f"protocol case {pk}")
    role = role_of(request.user)
    f = case_file(case)
    return render(request, "protocol/case_detail.html", {
        "case": case, "file": f, "errors": errors or [], "role": role,
        "can_send": role in actions.SEND_ROLES and case.state == "open",
        "can_decide": role in actions.PANEL_ROLES and case.state == "sent_to_panel",
        "fillable": {r.pk for _, rs in f.forms for r in rs if may_fill_section(role, r.owner_role)}},
        status=status)


@require_roles(*CASE_ROLES)
def section_edit(request, pk, response_pk):
    case = get_case_for(request.user, pk)
    response = get_object_or_404(SectionResponse.objects.select_related("section"), pk=response_pk, form__case=case)
    if not may_fill_section(role_of(request.user), response.owner_role):
        raise PermissionDenied(f"Only a {response.get_owner_role_display().lower()} may fill this section.")
    form = SectionForm(request.POST or None, initial={"text": response.text, "state": response.state
                                                      if response.state != "not_started" else "complete",
                                                      "version": response.version})
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            actions.fill_section(actor=request.user, response=response, text=form.cleaned_data["text"],
                                 state=form.cleaned_data["state"], version=form.cleaned_data["version"])
        except StaleEdit as exc:
            show_stale(form, exc, message=False)
            errors = exc.messages
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(request, f"Saved: {response.section.title}")
            return redirect("protocol:case", pk=case.pk)
    _log(request, case.child, f"protocol case {pk} section")
    return render(request, "protocol/section_edit.html", {"case": case, "response": response, "form": form,
                                                          "errors": errors}, status=400 if errors else 200)


@require_POST
@require_roles(*actions.SEND_ROLES)
def case_send(request, pk):
    case = get_case_for(request.user, pk)
    to = request.POST.get("to", "")
    try:
        actions.send_case(actor=request.user, case=case, to=to)
    except actions.CaseIncomplete as exc:
        return case_detail(request, pk, errors=exc.missing, status=400)
    except ValidationError as exc:
        return case_detail(request, pk, errors=exc.messages, status=400)
    messages.success(request, "Sent to the prosecutor" if to == "cps" else "Sent to the panel")
    return redirect("protocol:case", pk=pk)


@require_roles(*actions.PANEL_ROLES)
def panel_list(request):
    form = PanelForm(request.POST or None, initial={"held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        meeting, _ = actions.create_panel(actor=request.user, held_on=form.cleaned_data["held_on"])
        return redirect("protocol:panel", held_on=meeting.held_on.isoformat())
    _log(request, None, "panel list")
    return render(request, "protocol/panel_list.html", {"meetings": PanelMeeting.objects.all()[:50], "form": form})


@require_roles(*actions.PANEL_ROLES)
def panel_agenda(request, held_on):
    meeting = get_object_or_404(PanelMeeting, held_on=_day(held_on))
    add_form = AddCaseForm(request.POST if request.POST.get("add") else None)
    if request.method == "POST":
        if request.POST.get("rebuild"):
            actions.build_agenda(actor=request.user, meeting=meeting)
        elif request.POST.get("add"):
            if not add_form.is_valid():
                messages.error(request, "Give the number of a case to add.")
            else:
                case = cases_visible_to(request.user).filter(pk=add_form.cleaned_data["case"]).first()
                if case is None:
                    messages.error(request, f"There is no case {add_form.cleaned_data['case']} you may see.")
                else:
                    try:
                        actions.add_to_agenda(actor=request.user, meeting=meeting, case=case)
                    except ValidationError as exc:
                        messages.error(request, "; ".join(exc.messages))
                    else:
                        messages.success(request, f"Case {case.pk} added to the agenda")
        elif request.POST.get("order"):
            ids = [int(x) for x in request.POST["order"].replace(" ", "").split(",") if x]
            try:
                actions.reorder_agenda(actor=request.user, meeting=meeting, case_ids=ids)
            except ValidationError as exc:
                messages.error(request, "; ".join(exc.messages))
        return redirect("protocol:panel", held_on=held_on)
    items = agenda_of(meeting)
    _log(request, [i.case.child for i in items], f"panel {meeting.pk} agenda")
    return render(request, "protocol/panel_agenda.html", {"meeting": meeting, "items": items,
                                                          "papers": panel_papers(meeting),
                                                          "add_form": AddCaseForm(),
                                                          "agencies": Agency.choices})


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise Http404("No such panel") from exc


@require_roles(*actions.PANEL_ROLES)
def panel_members(request, held_on):
    """The panel's members (names, the roles they sit in, agencies): the chair keeps the list."""
    meeting = get_object_or_404(PanelMeeting, held_on=_day(held_on))
    formset = MemberFormSet(request.POST or None, initial=meeting.members)
    errors: list[str] = []
    if request.method == "POST" and formset.is_valid():
        try:
            actions.set_panel_members(actor=request.user, meeting=meeting,
                                      members=[f.cleaned_data for f in formset.forms if f.cleaned_data])
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(request, "Panel members saved")
            return redirect("protocol:panel", held_on=held_on)
    return render(request, "protocol/panel_members.html", {"meeting": meeting, "formset": formset,
                                                           "errors": errors}, status=400 if errors else 200)


@require_roles(*actions.PANEL_ROLES)
def intervention_list(request):
    """Open interventions agreed at the panel, soonest due first, each to mark done."""
    show_all = request.GET.get("all") == "1"
    page = Paginator(interventions_for(request.user, open_only=not show_all), PER_PAGE).get_page(
        request.GET.get("page"))
    items = list(page.object_list)
    _log(request, [i.decision.case.child for i in items], "panel interventions")
    return render(request, "protocol/interventions.html", {"items": items, "show_all": show_all, "page": page,
                                                           "query": "all=1" if show_all else "",
                                                           "today": timezone.localdate()})


@require_POST
@require_roles(*actions.PANEL_ROLES)
def intervention_done(request, pk):
    item = get_object_or_404(interventions_for(request.user, open_only=False), pk=pk)
    try:
        actions.complete_intervention(actor=request.user, intervention=item)
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages))
    else:
        messages.success(request, f"Marked done: {item.description}")
    return redirect("protocol:interventions")


@require_roles(*actions.PANEL_ROLES)
def panel_pdf(request, held_on, kind):
    from .render import panel_pdf as render_pdf

    if kind not in ("agenda", "minutes"):
        raise Http404("No such paper")
    meeting = get_object_or_404(PanelMeeting, held_on=_day(held_on))
    log_access(user=request.user, children=[i.case.child for i in agenda_of(meeting)], channel="export",
               what=f"panel {meeting.pk} {kind} PDF", path=request.path)
    response = HttpResponse(render_pdf(meeting, minutes=kind == "minutes"), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="oocd-panel-{held_on}-{kind}.pdf"'
    return response


@require_roles(*actions.PANEL_ROLES)
def panel_decision(request, pk):
    """The panel's decision. A first-time-entrant decision is shown as such, with the child's history, and is
    refused until confirmed."""
    case = get_case_for(request.user, pk)
    history = previous_decisions(case.child_id, exclude_case=case.pk)
    form = DecisionForm(request.POST or None, owners=intervention_owner_choices(case))
    errors: list[str] = []
    fte = None
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        fte = first_time_entrant(outcome=d["outcome"], date_of_birth=case.child.date_of_birth,
                                 on=timezone.localdate(), previous_outcomes=[h.outcome for h in history])
        interventions = [{"description": d[k], "owner": d[f"{k}_owner"], "due_on": d[f"{k}_due_on"]}
                         for k in ("intervention", "intervention_2")
                         if d[k] or d[f"{k}_owner"] or d[f"{k}_due_on"]]
        meeting = PanelMeeting.objects.filter(items__case=case).order_by("-held_on").first()
        try:
            actions.record_panel_decision(
                actor=request.user, case=case, meeting=meeting, outcome=d["outcome"],
                gravity_score=d["gravity_score"], conditions=d["conditions"],
                aggravating_factors=d["aggravating_factors"],
                mitigating_factors=d["mitigating_factors"], departure_rationale=d["departure_rationale"],
                admission={"yes": True, "no": False}.get(d["admission"]), victim_views=d["victim_views"],
                victim_consents_to_restorative=d["victim_consents_to_restorative"], child_views=d["child_views"],
                carer_views=d["carer_views"], decided_by=d["decided_by"], interventions=interventions,
                review_on=d["review_on"], first_time_entrant_confirmed=d["first_time_entrant_confirmed"])
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(request, "Decision recorded")
            return redirect("protocol:case", pk=case.pk)
    elif request.method == "POST":
        errors = [f"{form.fields[k].label}: {' '.join(v)}" if k in form.fields else " ".join(v)
                  for k, v in form.errors.items()]
    _log(request, case.child, f"protocol case {pk} decision")
    return render(request, "protocol/panel_decision.html", {"case": case, "form": form, "errors": errors,
                                                            "fte": fte, "history": history},
                  status=400 if errors else 200)


_TRI = {"yes": True, "no": False}


@require_roles(*QUESTION_ROLES)
def case_questions(request, pk):
    case = get_case_for(request.user, pk)
    tri = ("behaviour_policy_followed", "modern_slavery_s45")
    initial = {f: getattr(case, f) for f in QuestionsForm.base_fields}
    for f in tri:
        initial[f] = {True: "yes", False: "no"}.get(initial[f], "")
    form = QuestionsForm(request.POST or None, initial=initial)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        answers = dict(form.cleaned_data)
        for f in tri:
            answers[f] = _TRI.get(answers[f])
        try:
            actions.answer_protocol_questions(actor=request.user, case=case, **answers)
        except StaleEdit as exc:
            show_stale(form, exc, message=False)
            errors = exc.messages
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(request, "Protocol questions saved")
            return redirect("protocol:case", pk=case.pk)
    _log(request, case.child, f"protocol case {pk} questions")
    return render(request, "protocol/simple_form.html", {"case": case, "form": form, "errors": errors,
                                                         "title": "The protocol's questions", "button": "Save"},
                  status=400 if errors else 200)


@require_roles(*actions.CHARGING_ROLES)
def charging_decision(request, pk):
    case = get_case_for(request.user, pk)
    form = ChargingForm(request.POST or None, initial={"version": case.version})
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_charging_decision(actor=request.user, case=case, decision=form.cleaned_data["decision"],
                                             reasons=form.cleaned_data["reasons"],
                                             version=form.cleaned_data["version"])
        except StaleEdit as exc:
            show_stale(form, exc, message=False)
            errors = exc.messages
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(request, "Charging decision recorded")
            return redirect("protocol:case", pk=case.pk)
    _log(request, case.child, f"protocol case {pk} charging decision")
    return render(request, "protocol/simple_form.html", {"case": case, "form": form, "errors": errors,
                                                         "title": "Record the charging decision",
                                                         "button": "Record the decision"},
                  status=400 if errors else 200)
