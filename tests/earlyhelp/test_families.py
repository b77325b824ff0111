"""Families not in care: recorded pseudonymously, referred like a child, scoped and access-logged."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from divert.core.models import AccessLog, AuditEvent
from divert.core.roles import Role
from divert.earlyhelp.access import families_visible_to, referrals_visible_to
from divert.earlyhelp.actions import close_referral, reassign, record_family, record_review, refer
from divert.earlyhelp.models import Family, FamilyAccess, Referral
from divert.earlyhelp.rules import cohort_of, family_details_problem
from divert.earlyhelp.selectors import cohort_report, starting_risk

from .conftest import days_ago, family, refer_family

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 2)


@pytest.mark.parametrize(("details", "problem"), [
    ({"reference": "EH-1"}, ""),
    ({"reference": "Jane Doe"}, "case reference"),
    ({"reference": ""}, "case reference"),
    ({"reference": "EH-1", "initials": "JDOE"}, "three letters"),
    ({"reference": "EH-1", "birth_year": 2000}, "born between 2008 and 2026"),
    ({"reference": "EH-1", "birth_year": 2008}, ""),
    ({"reference": "EH-1", "postcode_district": "PO4 0AB"}, "postcode district"),
    ({"reference": "EH-1", "postcode_district": "PO4"}, ""),
    ({"reference": "EH-1", "postcode_district": "SW1A"}, ""),
    ({"reference": "EH-1", "postcode_district": "PO"}, "postcode district"),
])
def test_family_details_stay_pseudonymous(details, problem):
    got = family_details_problem(**{"initials": "", "birth_year": None, "postcode_district": "", **details},
                                 today=TODAY)
    assert (problem in got) if problem else got == ""


def test_the_service_records_a_family_and_refers_it(service, pcso):
    f = record_family(actor=service, reference="eh-77", initials="ab", postcode_district="po4")
    assert (f.reference, f.initials, f.postcode_district) == ("EH-77", "AB", "PO4")
    with pytest.raises(ValidationError, match="already recorded"):
        record_family(actor=service, reference="EH-77")
    r = refer_family(f, pcso, service)
    assert r.child_id is None and r.family == f and r.subject_ref == "EH-77"
    assert AuditEvent.objects.filter(action="earlyhelp.family.create", object_id=str(f.pk)).exists()
    assert AuditEvent.objects.get(action="earlyhelp.referral.create").detail["family"] == f.pk


def test_a_pcso_may_not_record_a_family(pcso):
    with pytest.raises(PermissionDenied):
        record_family(actor=pcso, reference="EH-1")


def test_one_open_referral_per_family_and_a_referral_is_of_a_child_or_a_family(reference, service, pcso, child):
    f = family(service)
    r = refer_family(f, pcso, service)
    with pytest.raises(ValidationError, match="already has an open"):
        refer_family(f, pcso, service, days=10)
    with pytest.raises(ValidationError, match="either a child"):
        refer(actor=service, child=child, family=f, worker=pcso, source="police", concern="asb", reason="x",
              initial_risk="low")
    with pytest.raises(ValidationError, match="either a child"):
        refer(actor=service, worker=pcso, source="police", concern="asb", reason="x", initial_risk="low")
    with pytest.raises(IntegrityError), transaction.atomic():
        Referral.objects.create(family=f, referred_on=days_ago(5), source="police", concern="asb", reason="x",
                                initial_risk="low", worker=pcso)
    with pytest.raises(IntegrityError), transaction.atomic():
        Referral.objects.create(referred_on=days_ago(5), source="police", concern="asb", reason="x",
                                initial_risk="low", worker=pcso)
    close_referral(actor=pcso, referral=r, closure="needs_met", closed_on=days_ago(20))
    assert refer_family(f, pcso, service, days=10).is_open


def test_a_pcso_sees_only_the_families_whose_referral_names_them(service, pcso, other_pcso, make_user):
    mine, theirs = family(service, "EH-1"), family(service, "EH-2")
    refer_family(mine, pcso, service)
    refer_family(theirs, other_pcso, service)
    assert list(families_visible_to(pcso)) == [mine]
    assert set(families_visible_to(service)) == {mine, theirs}
    assert not families_visible_to(make_user(Role.CICPO)).exists()
    assert not referrals_visible_to(make_user(Role.ANALYST)).exists()
    assert [r.family for r in referrals_visible_to(pcso)] == [mine]


def test_cohort_counts_families_and_their_re_referrals(reference, service, pcso, child):
    f = family(service)
    first = refer_family(f, pcso, service, days=800)
    close_referral(actor=pcso, referral=first, closure="needs_met", closed_on=days_ago(700))
    refer_family(f, pcso, service, days=600)
    refer(actor=service, child=child, worker=pcso, source="school", concern="asb", reason="x", initial_risk="low",
          referred_on=days_ago(800))
    c = {c.year: c for c in cohort_report()}[cohort_of(days_ago(800))]
    assert (c.referrals, c.children, c.in_care, c.not_in_care) == (2, 2, 1, 1)
    assert c.re_referral.re_referred == 1 and c.re_referral.closed == 1


def test_review_starts_from_the_last_risk(reference, service, pcso):
    r = refer_family(family(service), pcso, service, risk="high", days=60)
    assert starting_risk(r) == "high"
    record_review(actor=pcso, referral=r, risk="medium", reviewed_on=days_ago(30))
    record_review(actor=pcso, referral=r, risk="low", reviewed_on=days_ago(2))
    assert starting_risk(r) == "low"


def test_reassign_moves_the_referral_and_is_audited(reference, service, pcso, other_pcso):
    r = refer_family(family(service), pcso, service)
    with pytest.raises(PermissionDenied):
        reassign(actor=pcso, referral=r, worker=other_pcso)
    with pytest.raises(ValidationError, match="already the named worker"):
        reassign(actor=service, referral=r, worker=pcso)
    r = reassign(actor=service, referral=r, worker=other_pcso, reason="Moved beat")
    assert not referrals_visible_to(pcso).exists() and list(referrals_visible_to(other_pcso)) == [r]
    ev = AuditEvent.objects.get(action="earlyhelp.referral.reassign")
    assert ev.detail == {"from": pcso.pk, "to": other_pcso.pk, "reason": "Moved beat"}
    close_referral(actor=other_pcso, referral=r, closure="needs_met")
    with pytest.raises(ValidationError, match="closed"):
        reassign(actor=service, referral=r, worker=pcso)


def test_pages_record_and_refer_a_family_and_log_each_showing(client, reference, service, pcso, other_pcso):
    client.force_login(service)
    url = reverse("earlyhelp:refer_new_family")
    assert "Refer a child or family not in care" in client.get(reverse("earlyhelp:caseload")).content.decode()
    assert client.get(url).status_code == 200
    bad = client.post(url, {"reference": "Jane Smith", "worker": pcso.pk, "source": "police", "concern": "asb",
                            "reason": "x", "initial_risk": "low", "referred_on": days_ago(2).isoformat()})
    assert bad.status_code == 200 and "not a name" in bad.content.decode() and not Family.objects.exists()
    answer = client.post(url, {"reference": "EH-55", "initials": "KL", "birth_year": timezone.localdate().year - 11,
                               "postcode_district": "PO1", "worker": pcso.pk, "source": "police", "concern": "asb",
                               "reason": "Damage at the park", "initial_risk": "medium",
                               "referred_on": days_ago(2).isoformat()})
    r = Referral.objects.get()
    assert answer.status_code == 302 and r.family.reference == "EH-55"
    client.force_login(pcso)
    page = client.get(reverse("earlyhelp:referral", args=[r.pk])).content.decode()
    assert "Family EH-55" in page and "not in care" in page and "Reassign" not in page
    assert FamilyAccess.objects.filter(family=r.family, access__user=pcso, access__what__contains="EH-55").exists()
    review = client.get(reverse("earlyhelp:review", args=[r.pk])).content.decode()
    assert 'value="medium" checked' in review.replace("\n", " ") or 'checked value="medium"' in review
    client.force_login(other_pcso)
    assert client.get(reverse("earlyhelp:family", args=[r.family.pk])).status_code == 404
    assert AccessLog.objects.filter(user=other_pcso, what__startswith="refused:").exists()
    # the refused row is linked to the family (who tried to see it), and nothing shown to them is
    assert {a.access.what for a in FamilyAccess.objects.filter(access__user=other_pcso)} == {
        "refused: early-help family not in care"}
    client.force_login(service)
    page = client.get(reverse("earlyhelp:reassign", args=[r.pk])).content.decode()
    assert "Reassign the referral" in page
    assert client.post(reverse("earlyhelp:reassign", args=[r.pk]), {"worker": other_pcso.pk,
                                                                    "reason": "Leave"}).status_code == 302
    r.refresh_from_db()
    assert r.worker == other_pcso


def test_family_page_offers_a_new_referral_once_closed(client, reference, service, pcso):
    f = family(service)
    r = refer_family(f, pcso, service, days=40)
    client.force_login(service)
    assert "Refer this family" not in client.get(reverse("earlyhelp:family", args=[f.pk])).content.decode()
    close_referral(actor=service, referral=r, closure="stepped_down", closed_on=days_ago(5))
    assert "Refer this family" in client.get(reverse("earlyhelp:family", args=[f.pk])).content.decode()
    answer = client.post(reverse("earlyhelp:refer_family", args=[f.pk]), {
        "worker": pcso.pk, "source": "school", "concern": "asb", "reason": "Back again", "initial_risk": "low",
        "referred_on": days_ago(1).isoformat()})
    assert answer.status_code == 302 and f.referrals.count() == 2


def test_referral_page_shows_the_trajectory_at_each_review(client, reference, service, pcso):
    r = refer_family(family(service), pcso, service, risk="medium", days=60)
    record_review(actor=pcso, referral=r, risk="high", reviewed_on=days_ago(40))
    record_review(actor=pcso, referral=r, risk="low", reviewed_on=days_ago(10))
    client.force_login(pcso)
    page = client.get(reverse("earlyhelp:referral", args=[r.pk])).content.decode()
    page = page[page.index("Risk at referral and at each review"):]
    raised, low = page.index("Risk raised"), page.index("Risk reduced to low")
    assert raised < low  # oldest review first: raised, then reduced to low
