"""Every write to early help: record a family not in care, refer a child or family and name the PCSO, record a
contact, review the risk, close, reassign.
Keyword-only, atomic, audited; the pages, the API and the CLI call these."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from divert.core.audit import record_audit
from divert.core.roles import Role
from divert.core.scoping import check_roles, role_of
from divert.registers.access import can_see_child
from divert.registers.models import Child

from . import rules
from .access import REFER_ROLES, WORK_ROLES, may_work_on
from .models import Contact, Family, InterventionType, Referral, Review, Risk


def _check_worker(worker) -> None:
    if worker is None or not worker.is_active or role_of(worker) != Role.PCSO:
        raise ValidationError("The named worker must be an active police community support officer.")


def _not_future(day: dt.date, what: str) -> None:
    if day > timezone.localdate():
        raise ValidationError(f"The {what} date cannot be in the future.")


def _may_work(actor, referral: Referral) -> None:
    if actor is None:
        return
    check_roles(actor, *WORK_ROLES)
    if not may_work_on(actor, referral):
        raise PermissionDenied("You are not the named worker on this referral.")


@transaction.atomic
def record_family(*, actor, reference: str, initials: str = "", birth_year: int | None = None,
                  postcode_district: str = "") -> Family:
    """Record a child and family who are not looked after (pseudonymous: the service's case reference, the
    child's initials, year of birth and postcode district), so they can be referred to early help. A reference
    already recorded is refused: refer that family instead."""
    if actor is not None:
        check_roles(actor, *REFER_ROLES)
    problem = rules.family_details_problem(reference=reference, initials=initials, birth_year=birth_year,
                                           postcode_district=postcode_district, today=timezone.localdate())
    if problem:
        raise ValidationError(problem)
    reference = reference.strip().upper()
    if Family.objects.filter(reference=reference).exists():
        raise ValidationError(f"A family with the case reference {reference} is already recorded.")
    f = Family.objects.create(reference=reference, initials=initials.strip().upper(), birth_year=birth_year,
                              postcode_district=postcode_district.strip().upper(), created_by=actor)
    record_audit(actor=actor, action="earlyhelp.family.create", obj=f, detail={"reference": reference})
    return f


@transaction.atomic
def refer(*, actor, worker, source: str, concern: str, reason: str, initial_risk: str, child=None,
          family: Family | None = None, referred_on: dt.date | None = None) -> Referral:
    """Refer a child on the register, or a family not in care, to early help with a PCSO as the named worker.
    A child or family has at most one open referral."""
    if (child is None) == (family is None):
        raise ValidationError("Refer either a child on the register or a family not in care.")
    if actor is not None:
        check_roles(actor, *REFER_ROLES)
        if child is not None and not can_see_child(actor, child):
            raise PermissionDenied("You cannot see this child.")
    referred_on = referred_on or timezone.localdate()
    _not_future(referred_on, "referral")
    _check_worker(worker)
    if source not in Referral.Source.values:
        raise ValidationError(f"Unknown source of referral {source!r}.")
    if concern not in Referral.Concern.values:
        raise ValidationError(f"Unknown concern {concern!r}.")
    if initial_risk not in Risk.values:
        raise ValidationError(f"Unknown risk level {initial_risk!r}.")
    if not (reason or "").strip():
        raise ValidationError("Say why the child is referred.")
    # Lock the child (or family), not the referrals: with no open referral there is no row to lock, and two
    # people referring the same child at once would both pass the check (the constraint is the last word).
    if child is not None:
        Child.objects.select_for_update().filter(pk=child.pk).first()
        if Referral.objects.filter(child=child, closed_on__isnull=True).exists():
            raise ValidationError("This child already has an open early-help referral: record the work there.")
    else:
        Family.objects.select_for_update().filter(pk=family.pk).first()  # type: ignore[union-attr]
        if Referral.objects.filter(family=family, closed_on__isnull=True).exists():
            raise ValidationError("This family already has an open early-help referral: record the work there.")
    r = Referral.objects.create(child=child, family=family, referred_on=referred_on, source=source,
                                concern=concern, reason=reason.strip(), initial_risk=initial_risk, worker=worker,
                                created_by=actor)
    subject = {"child": child.pk} if child is not None else {"family": family.pk}  # type: ignore[union-attr]
    record_audit(actor=actor, action="earlyhelp.referral.create", obj=r,
                 detail={**subject, "worker": worker.pk, "source": source, "concern": concern,
                         "risk": initial_risk})
    return r


@transaction.atomic
def record_contact(*, actor, referral: Referral, intervention: InterventionType, on: dt.date,
                   child_engaged: bool = True, note: str = "") -> Contact:
    """Record one piece of the worker's work (a visit, an engagement activity...) on an open referral."""
    _may_work(actor, referral)
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if not referral.is_open:
        raise ValidationError("The referral is closed: reopen it with a new referral.")
    if not intervention.active:
        raise ValidationError("That intervention is no longer in use.")
    _not_future(on, "contact")
    if on < referral.referred_on:
        raise ValidationError("A contact cannot be before the referral.")
    c = Contact.objects.create(referral=referral, on=on, intervention=intervention, child_engaged=child_engaged,
                               note=(note or "").strip(), recorded_by=actor)
    record_audit(actor=actor, action="earlyhelp.contact.record", obj=c,
                 detail={"referral": referral.pk, "intervention": intervention.code, "engaged": child_engaged})
    return c


@transaction.atomic
def record_review(*, actor, referral: Referral, risk: str, reviewed_on: dt.date | None = None,
                  note: str = "") -> Review:
    """Review an open referral: the child's exploitation risk now (the trajectory's next point)."""
    _may_work(actor, referral)
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if not referral.is_open:
        raise ValidationError("The referral is closed.")
    if risk not in Risk.values:
        raise ValidationError(f"Unknown risk level {risk!r}.")
    reviewed_on = reviewed_on or timezone.localdate()
    problem = rules.review_date_problem(referred_on=referral.referred_on, reviewed_on=reviewed_on,
                                        today=timezone.localdate())
    if problem:
        raise ValidationError(problem)
    v = Review.objects.create(referral=referral, reviewed_on=reviewed_on, risk=risk, note=(note or "").strip(),
                              reviewed_by=actor)
    latest = referral.reviews.order_by("reviewed_on", "id").last()
    record_audit(actor=actor, action="earlyhelp.review.record", obj=v,
                 detail={"referral": referral.pk, "risk": risk,
                         "trajectory": rules.risk_trajectory(referral.initial_risk, latest.risk if latest else risk)})
    return v


@transaction.atomic
def close_referral(*, actor, referral: Referral, closure: str, closed_on: dt.date | None = None,
                   note: str = "") -> Referral:
    """Close a referral with its reason. A later referral of the same child within 12 months counts as a
    re-referral (rules.re_referred)."""
    _may_work(actor, referral)
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if not referral.is_open:
        raise ValidationError("The referral is already closed.")
    if closure not in Referral.Closure.values:
        raise ValidationError(f"Unknown reason for closing {closure!r}.")
    closed_on = closed_on or timezone.localdate()
    _not_future(closed_on, "closing")
    if closed_on < referral.referred_on:
        raise ValidationError("A referral cannot close before it was made.")
    referral.closed_on, referral.closure, referral.closure_note = closed_on, closure, (note or "").strip()
    referral.save(update_fields=["closed_on", "closure", "closure_note", "updated_at"])
    record_audit(actor=actor, action="earlyhelp.referral.close", obj=referral,
                 detail={"closure": closure, "closed_on": closed_on.isoformat()})
    return referral


@transaction.atomic
def reassign(*, actor, referral: Referral, worker, reason: str = "") -> Referral:
    """Name another PCSO as the worker on an open referral (the service only). The PCSO named before no longer
    sees the referral; the reason is kept in the audit trail."""
    if actor is not None:
        check_roles(actor, *REFER_ROLES)
    _check_worker(worker)
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if not referral.is_open:
        raise ValidationError("The referral is closed: only an open referral can be reassigned.")
    if referral.worker_id == worker.pk:
        raise ValidationError("That officer is already the named worker.")
    before = referral.worker_id
    referral.worker = worker
    referral.save(update_fields=["worker", "updated_at"])
    record_audit(actor=actor, action="earlyhelp.referral.reassign", obj=referral,
                 detail={"from": before, "to": worker.pk, "reason": (reason or "").strip()[:500]})
    return referral

