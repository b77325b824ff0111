"""Early-help pages: thin front doors onto actions.py and selectors.py; every child shown is access-logged."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone

from divert.core.audit import get_visible_or_404, render_shown, show
from divert.core.scoping import require_roles, role_of
from divert.registers.access import children_visible_to

from . import actions, rules
from .access import CASE_ROLES, COHORT_ROLES, REFER_ROLES, WORK_ROLES, may_work_on, referrals_visible_to
from .forms import CloseForm, ContactForm, ReferralForm, ReviewForm
from .models import Referral
from .selectors import caseload as caseload_rows
from .selectors import cohort_report, pcsos, referral_detail


@require_roles(*CASE_ROLES)
def caseload(request):
    show_closed = request.GET.get("show") == "all"
    rows = caseload_rows(user=request.user, open_only=not show_closed)
    return render_shown(request, "earlyhelp/caseload.html",
                        {"rows": rows, "show_closed": show_closed, "mine": role_of(request.user) == "pcso"},
                        children=[r.referral.child for r in rows], what="early-help caseload")


def _referral(request, pk: int) -> Referral:
    return get_visible_or_404(request, referrals_visible_to(request.user), what="early-help referral", pk=pk)


@require_roles(*CASE_ROLES)
def referral(request, pk):
    r = _referral(request, pk)
    row = referral_detail(user=request.user, pk=r.pk)
    return render_shown(request, "earlyhelp/referral.html",
                        {"row": row, "r": row.referral if row else r, "can_work": may_work_on(request.user, r),
                         "risk_points": [(row.referral.referred_on, row.referral.get_initial_risk_display(),
                                          "At referral")]
                         + [(v.reviewed_on, v.get_risk_display(), "Review") for v in row.referral.reviews.all()]
                         if row else []},
                        children=r.child, what="early-help referral")


@require_roles(*REFER_ROLES)
def refer(request, pk):
    child = get_visible_or_404(request, children_visible_to(request.user), what="early-help referral",
                               child_field="pk", pk=pk)
    form = ReferralForm(request.POST or None, workers=pcsos(),
                        initial={"referred_on": timezone.localdate().isoformat()})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            r = actions.refer(actor=request.user, child=child, worker=d["worker"], source=d["source"],
                              concern=d["concern"], reason=d["reason"], initial_risk=d["initial_risk"],
                              referred_on=d["referred_on"])
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, exc.messages if isinstance(exc, ValidationError) else str(exc))
        else:
            messages.success(request, "Referral made. The named worker sees it in their early-help caseload.")
            return redirect("earlyhelp:referral", pk=r.pk)
    return render_shown(request, "earlyhelp/form.html",
                        {"child": child, "form": form, "title": "Refer to early help", "button": "Make referral",
                         "back": None}, children=child, what="early-help referral form")


def _work_form(request, pk, form_class, initial, title, button, save):
    r = _referral(request, pk)
    if not may_work_on(request.user, r):
        raise PermissionDenied("You are not the named worker on this referral.")
    form = form_class(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            msg = save(r, form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, msg)
            return redirect("earlyhelp:referral", pk=r.pk)
    return render_shown(request, "earlyhelp/form.html",
                        {"child": r.child, "form": form, "title": title, "button": button, "back": r},
                        children=r.child, what=f"early-help {title.lower()}")


@require_roles(*WORK_ROLES)
def contact(request, pk):
    def save(r, d):
        actions.record_contact(actor=request.user, referral=r, intervention=d["intervention"], on=d["on"],
                               child_engaged=d["child_engaged"], note=d["note"])
        return "Contact recorded."

    return _work_form(request, pk, ContactForm, {"on": timezone.localdate().isoformat(), "child_engaged": True},
                      "Record a contact", "Save contact", save)


@require_roles(*WORK_ROLES)
def review(request, pk):
    def save(r, d):
        v = actions.record_review(actor=request.user, referral=r, risk=d["risk"], reviewed_on=d["reviewed_on"],
                                  note=d["note"])
        traj = rules.risk_trajectory(r.initial_risk, v.risk)
        return f"Review recorded: {v.get_risk_display().lower()}. {rules.TRAJECTORY_LABELS[traj]} since the referral."

    return _work_form(request, pk, ReviewForm, {"reviewed_on": timezone.localdate().isoformat()},
                      "Review the risk", "Save review", save)


@require_roles(*WORK_ROLES)
def close(request, pk):
    def save(r, d):
        actions.close_referral(actor=request.user, referral=r, closure=d["closure"], closed_on=d["closed_on"],
                               note=d["note"])
        return "Referral closed. A new referral within 12 months will count as a re-referral."

    return _work_form(request, pk, CloseForm, {"closed_on": timezone.localdate().isoformat()},
                      "Close the referral", "Close referral", save)


@require_roles(*COHORT_ROLES)
def cohorts(request):
    """The cohort report (aggregate, no child named)."""
    show(request, None, what="early-help cohort report")
    return render(request, "earlyhelp/cohorts.html", {"cohorts": cohort_report(),
                                                      "labels": rules.TRAJECTORY_LABELS})
