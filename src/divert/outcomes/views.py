"""Pages for outcomes: the indicator, its reconciliation and the board report. Thin: they call selectors.py,
actions.py and render.py, and write the access log for every child shown."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from divert.core.audit import log_access
from divert.core.scoping import require_roles, role_of
from divert.registers.access import children_visible_to

from . import actions
from .access import (
    IMPACT_ROLES,
    INDICATOR_ROLES,
    RECONCILE_ROLES,
    REPORT_ROLES,
    UNIT_COST_EDIT_ROLES,
    UNIT_COST_READ_ROLES,
)
from .forms import ImpactForm, ReportTextForm, ResolveForm, UnitCostForm
from .models import UnitCost
from .rules import UNIT_COST_KEYS
from .selectors import (
    IMPACT_CSV_HEADER,
    board_report,
    default_year,
    difference_for,
    impact_export_rows,
    impact_log,
    indicator_page,
    reconciliation,
    unit_costs,
    year_label,
)


def _year(request, year=None) -> int:
    raw = year if year is not None else request.GET.get("year")
    if raw in (None, ""):
        return default_year()
    try:
        y = int(raw)
    except (TypeError, ValueError) as exc:
        raise Http404("No such year") from exc
    if not 2000 <= y <= 2100:
        raise Http404("No such year")
    return y


@require_roles(*INDICATOR_ROLES)
def indicator(request):
    year = _year(request)
    data = indicator_page(year)
    log_access(user=request.user, children=None, channel="page", what=f"offending indicator {year}",
               path=request.path)
    return render(request, "outcomes/indicator.html", {**data, "can_reconcile": role_of(request.user) in
                                                       RECONCILE_ROLES})


@require_roles(*RECONCILE_ROLES)
def reconciliation_list(request):
    year = _year(request)
    rec = reconciliation(request.user, year)
    log_access(user=request.user, children=[d.child for d in rec.differences], channel="page",
               what=f"offending indicator reconciliation {year}", path=request.path)
    return render(request, "outcomes/reconciliation.html", {"rec": rec, "label": year_label(year)})


@require_roles(*RECONCILE_ROLES)
def reconciliation_resolve(request, year, child_pk):
    year = _year(request, year)
    child = get_object_or_404(children_visible_to(request.user), pk=child_pk)
    diff = difference_for(request.user, year, child.pk)
    if diff is None:
        raise Http404("No difference to resolve for this child and year")
    form = ResolveForm(request.POST or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            actions.resolve_difference(actor=request.user, year=year, child=child, right=form.cleaned_data["right"],
                                       note=form.cleaned_data["note"])
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(request, f"Difference resolved for {child.child_id}")
            return redirect(f"{reverse('outcomes:reconciliation')}?year={year}")
    elif request.method == "POST":
        errors = [f"{form.fields[k].label}: {' '.join(v)}" for k, v in form.errors.items()]
    log_access(user=request.user, children=child, channel="page", what=f"reconciliation {year}",
               path=request.path)
    return render(request, "outcomes/resolve.html", {"diff": diff, "form": form, "errors": errors, "year": year,
                                                     "label": year_label(year)}, status=400 if errors else 200)


@require_roles(*INDICATOR_ROLES)
def report(request):
    year = _year(request)
    can_write = role_of(request.user) in REPORT_ROLES
    data = board_report(year)
    form = ReportTextForm(request.POST or None, initial={"recommendations": data["recommendations"],
                                                       "finance_comments": data["finance_comments"]})
    if request.method == "POST":
        if not can_write:
            raise Http404("Not found")
        if form.is_valid():
            actions.save_report_text(actor=request.user, year=year, **form.cleaned_data)
            messages.success(request, "Report sections saved")
            return redirect(f"{reverse('outcomes:report')}?year={year}")
    log_access(user=request.user, children=None, channel="page", what=f"board report {year}", path=request.path)
    from . import render as report_render  # charts and documents: loaded only when a report is drawn

    ctx = report_render.report_context(data, pdf=False)
    return render(request, "outcomes/report.html", {**ctx, "sections": report_render.sections(data), "form": form,
                                                    "can_write": can_write})


@require_POST
@require_roles(*INDICATOR_ROLES)
def report_file(request, year, fmt):
    """The report as a file that leaves the system (POST: generating it is logged)."""
    from . import render as report_render  # charts and documents: loaded only when a report is drawn

    year = _year(request, year)
    data = board_report(year)
    if fmt == "pdf":
        body, ctype = report_render.report_pdf(data), "application/pdf"
    elif fmt == "docx":
        body = report_render.report_docx(data)
        ctype = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    else:
        raise Http404("No such format")
    log_access(user=request.user, children=None, channel="export", what=f"board report {year} {fmt}",
               path=request.path)
    resp = HttpResponse(body, content_type=ctype)
    resp["Content-Disposition"] = f'attachment; filename="board-report-{year_label(year)}.{fmt}"'
    return resp


def index(request):
    return redirect("outcomes:indicator")


@require_roles(*IMPACT_ROLES)
def impact(request):
    """The impact log for a year (or one quarter), the form to add an activity, and the CSV export."""
    year = _year(request)
    quarter = request.GET.get("quarter") or None
    q = int(quarter) if quarter in ("1", "2", "3", "4") else None
    form = ImpactForm(request.POST or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            actions.record_impact_activity(actor=request.user, kind=d["kind"], title=d["title"], held_on=d["held_on"],
                                           partner=d["partner"], homes=d["homes"], participants=d["participants"],
                                           evaluation=d["evaluation"], feedback=d["feedback"], quote=d["quote"],
                                           quote_consent=d["quote_consent"])
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(request, "Activity added to the impact log")
            return redirect(f"{reverse('outcomes:impact')}?year={year}")
    elif request.method == "POST":
        errors = [f"{form.fields[k].label}: {' '.join(v)}" for k, v in form.errors.items()]
    rows = impact_log(year, q)
    log_access(user=request.user, children=None, channel="page", what=f"impact log {year}", path=request.path)
    if request.GET.get("format") == "csv":
        return _impact_csv(request, rows, year)
    return render(request, "outcomes/impact.html", {"rows": rows, "form": form, "errors": errors, "year": year,
                                                    "quarter": q, "label": year_label(year)},
                  status=400 if errors else 200)


def _impact_csv(request, rows, year):
    import io

    from divert.core.spreadsheets import csv_writer

    buf = io.StringIO()
    w = csv_writer(buf)
    w.writerow(IMPACT_CSV_HEADER)
    w.writerows(impact_export_rows(rows))
    log_access(user=request.user, children=None, channel="export", what=f"impact log {year} csv", path=request.path)
    resp = HttpResponse(buf.getvalue(), content_type="text/csv")
    resp["Content-Disposition"] = f'attachment; filename="impact-log-{year_label(year)}.csv"'
    return resp


@require_roles(*UNIT_COST_READ_ROLES)
def unit_cost_list(request):
    """The unit costs of the value-for-money table, with their sources and price years (no child shown)."""
    log_access(user=request.user, children=None, channel="page", what="unit costs", path=request.path)
    return render(request, "outcomes/unit_costs.html",
                  {**unit_costs(), "can_edit": role_of(request.user) in UNIT_COST_EDIT_ROLES})


@require_roles(*UNIT_COST_EDIT_ROLES)
def unit_cost_edit(request, key):
    """Add or change one unit cost (administrators): every save is one audited action."""
    cost = UnitCost.objects.filter(key=key).first()
    if cost is None and key not in UNIT_COST_KEYS:
        raise Http404("No such unit cost")
    initial = ({f: getattr(cost, f) for f in ("label", "low", "high", "unit", "price_year", "source", "note")}
               if cost else {"label": UNIT_COST_KEYS.get(key, "")})
    form = UnitCostForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            actions.set_unit_cost(actor=request.user, key=key, label=d["label"], low=d["low"], high=d["high"],
                                  unit=d["unit"], price_year=d["price_year"], source=d["source"], note=d["note"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Unit cost saved. The value-for-money table uses it from now on.")
            return redirect("outcomes:unit_costs")
    log_access(user=request.user, children=None, channel="page", what=f"unit cost {key}", path=request.path)
    return render(request, "outcomes/unit_cost_form.html", {"form": form, "cost": cost, "key": key},
                  status=400 if request.method == "POST" else 200)
