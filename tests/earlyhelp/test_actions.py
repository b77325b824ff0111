import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from divert.core.models import AuditEvent
from divert.core.roles import Role
from divert.earlyhelp import actions
from divert.earlyhelp.models import Referral

from .conftest import days_ago, intervention, refer

pytestmark = pytest.mark.django_db


def test_the_service_refers_a_child_naming_a_pcso_and_the_audit_row_is_written(reference, child, pcso, service):
    r = refer(child, pcso, service)
    assert r.worker == pcso and r.is_open
    event = AuditEvent.objects.get(action="earlyhelp.referral.create")
    assert event.actor == service and event.detail["worker"] == pcso.pk


def test_a_pcso_cannot_make_a_referral_and_the_worker_must_be_a_pcso(reference, child, pcso, service, make_user):
    with pytest.raises(PermissionDenied):
        refer(child, pcso, pcso)
    with pytest.raises(ValidationError, match="community support officer"):
        refer(child, make_user(Role.CICPO), service)


def test_one_open_referral_per_child(reference, child, pcso, service):
    refer(child, pcso, service)
    with pytest.raises(ValidationError, match="already has an open"):
        refer(child, pcso, service, days=5)


def test_only_the_named_worker_or_the_service_records_work(reference, child, pcso, other_pcso, service):
    r = refer(child, pcso, service)
    with pytest.raises(PermissionDenied, match="named worker"):
        actions.record_contact(actor=other_pcso, referral=r, intervention=intervention(), on=days_ago(50))
    actions.record_contact(actor=pcso, referral=r, intervention=intervention(), on=days_ago(50))
    actions.record_contact(actor=service, referral=r, intervention=intervention("joint-visit"), on=days_ago(40))
    assert r.contacts.count() == 2
    assert AuditEvent.objects.filter(action="earlyhelp.contact.record").count() == 2


def test_dates_are_checked(reference, child, pcso, service):
    r = refer(child, pcso, service, days=10)
    with pytest.raises(ValidationError, match="before the referral"):
        actions.record_contact(actor=pcso, referral=r, intervention=intervention(), on=days_ago(20))
    with pytest.raises(ValidationError, match="future"):
        actions.record_review(actor=pcso, referral=r, risk="low", reviewed_on=days_ago(-1))
    with pytest.raises(ValidationError, match="before it was made"):
        actions.close_referral(actor=pcso, referral=r, closure="needs_met", closed_on=days_ago(11))


def test_review_and_close_then_no_more_work(reference, child, pcso, service):
    r = refer(child, pcso, service, risk="high")
    actions.record_review(actor=pcso, referral=r, risk="low", reviewed_on=days_ago(30))
    assert AuditEvent.objects.get(action="earlyhelp.review.record").detail["trajectory"] == "reduced_to_low"
    actions.close_referral(actor=pcso, referral=r, closure="needs_met", closed_on=days_ago(2))
    r.refresh_from_db()
    assert r.closed_on == days_ago(2) and r.closure == Referral.Closure.NEEDS_MET
    with pytest.raises(ValidationError, match="closed"):
        actions.record_contact(actor=pcso, referral=r, intervention=intervention(), on=days_ago(1))
    with pytest.raises(ValidationError, match="already closed"):
        actions.close_referral(actor=pcso, referral=r, closure="needs_met")
    refer(child, pcso, service, days=1)  # a new referral once closed


def test_reassign_is_the_service_only(reference, child, pcso, other_pcso, service):
    r = refer(child, pcso, service)
    with pytest.raises(PermissionDenied):
        actions.reassign(actor=pcso, referral=r, worker=other_pcso)
    actions.reassign(actor=service, referral=r, worker=other_pcso)
    r.refresh_from_db()
    assert r.worker == other_pcso
