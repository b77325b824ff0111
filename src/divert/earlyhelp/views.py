"""Early-help pages: thin front doors onto actions.py and selectors.py; every child shown is access-logged."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone

from divert.core.audit import channel_of, get_visible_or_404, render_shown, show
from divert.core.scoping import require_roles, role_of
from divert.registers.access import children_visible_to

from . import actions, rules
from .access import (
    CASE_ROLES,
    COHORT_ROLES,
    REFER_ROLES,
    WORK_ROLES,
    families_visible_to,
    log_family_access,
    log_referrals_shown,
    may_work_on,
    referrals_visible_to,
    visible_or_404,
)
from .forms import CloseForm, ContactForm, FamilyReferralForm, ReassignForm, ReferralForm, ReviewForm
from .models import Family, Referral
from .selectors import caseload as caseload_rows
from .selectors import cohort_report, pcsos, referral_detail, starting_risk


def _shown(request, template: str, context: dict, *, referrals, what: str):
    """Render a page showing these referrals' children and families, writing their access-log rows first."""
    request.divert_access_logged = True
    log_referrals_shown(user=request.user, referrals=referrals, channel=channel_of(request), what=what,
                        path=request.get_full_path())
    return render(request, template, context)


@require_roles(*CASE_ROLES)
def caseload(request):
    show_closed = request.GET.get("show") == "all"
    rows = caseload_rows(user=request.user, open_only=not show_closed)
    return _shown(request, "earlyhelp/caseload.html",
                  {"rows": rows, "show_closed": show_closed, "mine": role_of(request.user) == "pcso",
                   "can_refer": role_of(request.user) in REFER_ROLES},
                  referrals=[r.referral for r in rows], what="early-help caseload")


def _referral(request, pk: int) -> Referral:
    return visible_or_404(request, referrals_visible_to(request.user), kind="referral", what="early-help referral",
                          pk=pk)


@require_roles(*CASE_ROLES)
def referral(request, pk):
    r = _referral(request, pk)
    row = referral_detail(user=request.user, pk=r.pk)
    return _shown(request, "earlyhelp/referral.html",
                  {"row": row, "r": row.referral if row else r, "can_work": may_work_on(request.user, r),
                   "can_reassign": role_of(request.user) in REFER_ROLES,
                   "risk_points": [(row.referral.referred_on, row.referral.get_initial_risk_display(),
                                    "At referral", "")]
                   + [(v.reviewed_on, v.get_risk_display(), "Review",
                       rules.TRAJECTORY_LABELS[rules.risk_trajectory(row.referral.initial_risk, v.risk)])
                      for v in row.referral.reviews.all()]
                   if row else []},
                  referrals=[r], what="early-help referral")


@require_roles(*REFER_ROLES)
def refer(request, pk):
    child = get_visible_or_404(request, children_visible_to(request.user), what="early-help referral",
                               child_field="pk", pk=pk)
    form = ReferralForm(request.POST or None, workers=pcsos(),
                        initial={"referred_on": timezone.localdate().isoformat()})
    if request.method == "POST" and form.is_valid():
        done = _refer(request, form, child=child)
        if done is not None:
            return done
    return render_shown(request, "earlyhelp/form.html",
                        {"subject": child, "child": child, "form": form, "title": "Refer to early help",
                         "button": "Make referral", "back": None}, children=child, what="early-help referral form")


def _refer(request, form, *, child=None, family: Family | None = None, new_family: bool = False):
    """Refer the child or the family from the form (recording the family first when it is new, in the same
    transaction) and go to the referral; or None, with the refusal put back on the form."""
    d = form.cleaned_data
    try:
        with transaction.atomic():
            if new_family:
                family = actions.record_family(actor=request.user, reference=d["reference"],
                                               initials=d["initials"], birth_year=d["birth_year"],
                                               postcode_district=d["postcode_district"])
            r = actions.refer(actor=request.user, child=child, family=family, worker=d["worker"],
                              source=d["source"], concern=d["concern"], reason=d["reason"],
                              initial_risk=d["initial_risk"], referred_on=d["referred_on"])
    except (ValidationError, PermissionDenied) as exc:
        form.add_error(None, exc.messages if isinstance(exc, ValidationError) else str(exc))
        return None
    messages.success(request, "Referral made. The named worker sees it in their early-help caseload.")
    return redirect("earlyhelp:referral", pk=r.pk)


@require_roles(*REFER_ROLES)
def refer_new_family(request):
    """Record a child and family who are not looked after (pseudonymous) and refer them to early help."""
    form = FamilyReferralForm(request.POST or None, workers=pcsos(),
                              initial={"referred_on": timezone.localdate().isoformat()})
    if request.method == "POST" and form.is_valid():
        done = _refer(request, form, new_family=True)
        if done is not None:
            return done
    show(request, None, what="early-help referral form: a family not in care")
    return render(request, "earlyhelp/form.html",
                  {"subject": None, "form": form, "title": "Refer a child or family not in care",
                   "button": "Make referral", "back": None})


def _family(request, pk: int) -> Family:
    return visible_or_404(request, families_visible_to(request.user), kind="family",
                          what="early-help family not in care", pk=pk)


@require_roles(*CASE_ROLES)
def family(request, pk):
    """A family not in care: its pseudonymous details and its referrals (each opened from here)."""
    f = _family(request, pk)
    refs = list(referrals_visible_to(request.user).filter(family=f).select_related("worker")
                .order_by("-referred_on", "-id"))
    request.divert_access_logged = True
    log_family_access(user=request.user, families=[f], channel=channel_of(request), what="early-help family",
                      path=request.get_full_path())
    return render(request, "earlyhelp/family.html",
                  {"family": f, "referrals": refs, "has_open": any(r.is_open for r in refs),
                   "can_refer": role_of(request.user) in REFER_ROLES})


@require_roles(*REFER_ROLES)
def refer_family(request, pk):
    """Refer a family not in care already recorded (a new referral after an earlier one closed)."""
    f = _family(request, pk)
    form = ReferralForm(request.POST or None, workers=pcsos(),
                        initial={"referred_on": timezone.localdate().isoformat()})
    if request.method == "POST" and form.is_valid():
        done = _refer(request, form, family=f)
        if done is not None:
            return done
    request.divert_access_logged = True
    log_family_access(user=request.user, families=[f], channel=channel_of(request),
                      what="early-help referral form", path=request.get_full_path())
    return render(request, "earlyhelp/form.html",
                  {"subject": f, "form": form, "title": "Refer to early help", "button": "Make referral",
                   "back": None, "back_family": f})


@require_roles(*REFER_ROLES)
def reassign(request, pk):
    """Name another PCSO as the worker on an open referral (the early help service)."""
    r = _referral(request, pk)
    form = ReassignForm(request.POST or None, workers=pcsos().exclude(pk=r.worker_id))
    if request.method == "POST" and form.is_valid():
        try:
            actions.reassign(actor=request.user, referral=r, worker=form.cleaned_data["worker"],
                             reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Referral reassigned. The new named worker sees it in their caseload; the "
                                      "officer named before no longer does.")
            return redirect("earlyhelp:referral", pk=r.pk)
    return _shown(request, "earlyhelp/form.html",
                  {"subject": r.subject, "form": form, "title": "Reassign the referral", "button": "Reassign",
                   "back": r}, referrals=[r], what="early-help reassign form")


def _work_form(request, pk, form_class, initial, title, button, save):
    r = _referral(request, pk)
    if not may_work_on(request.user, r):
        raise PermissionDenied("You are not the named worker on this referral.")
    form = form_class(request.POST or None, initial=initial(r) if callable(initial) else initial)
    if request.method == "POST" and form.is_valid():
        try:
            msg = save(r, form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, msg)
            return redirect("earlyhelp:referral", pk=r.pk)
    return _shown(request, "earlyhelp/form.html",
                  {"subject": r.subject, "form": form, "title": title, "button": button, "back": r},
                  referrals=[r], what=f"early-help {title.lower()}")


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

    # The form starts from the risk found last (the latest review's, else the referral's): the worker changes it
    # only when it moved.
    return _work_form(request, pk, ReviewForm,
                      lambda r: {"reviewed_on": timezone.localdate().isoformat(), "risk": starting_risk(r)},
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
