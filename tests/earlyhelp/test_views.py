import pytest
from django.urls import reverse

from divert.core.models import AccessLog
from divert.core.roles import Role
from divert.earlyhelp.models import Contact, Referral

from .conftest import days_ago, refer

pytestmark = pytest.mark.django_db


def test_the_service_refers_from_the_child_page_and_the_pcso_sees_it_in_their_caseload(
        client, reference, child, pcso, service):
    client.force_login(service)
    page = client.get(reverse("registers:child", args=[child.pk])).content.decode()
    assert "Refer to early help" in page
    url = reverse("earlyhelp:refer", args=[child.pk])
    assert client.get(url).status_code == 200
    answer = client.post(url, {"worker": pcso.pk, "source": "school", "concern": "asb", "reason": "Damage at the park",
                               "initial_risk": "low", "referred_on": days_ago(3).isoformat()})
    r = Referral.objects.get()
    assert answer.status_code == 302 and answer["Location"] == reverse("earlyhelp:referral", args=[r.pk])
    client.force_login(pcso)
    page = client.get(reverse("earlyhelp:caseload")).content.decode()
    assert str(child) in page and "Your early-help caseload" in page
    assert AccessLog.objects.filter(user=pcso, child=child, what="early-help caseload").exists()


def test_the_pcso_records_a_contact_a_review_and_closes(client, reference, child, pcso, service):
    r = refer(child, pcso, service, risk="high", days=60)
    client.force_login(pcso)
    from divert.earlyhelp.models import InterventionType

    kind = InterventionType.objects.get(code="engagement")
    assert client.post(reverse("earlyhelp:contact", args=[r.pk]), {
        "intervention": kind.pk, "on": days_ago(20).isoformat(), "child_engaged": "on", "note": "Football"
    }).status_code == 302
    assert Contact.objects.get().intervention == kind
    client.post(reverse("earlyhelp:review", args=[r.pk]), {"risk": "low", "reviewed_on": days_ago(5).isoformat()})
    page = client.get(reverse("earlyhelp:referral", args=[r.pk]), follow=True).content.decode()
    assert "Risk reduced to low" in page and "Football" in page
    client.post(reverse("earlyhelp:close", args=[r.pk]), {"closure": "needs_met",
                                                          "closed_on": days_ago(1).isoformat()})
    r.refresh_from_db()
    assert r.closure == "needs_met"
    assert AccessLog.objects.filter(user=pcso, child=child, what="early-help referral").exists()


def test_the_caseload_shows_the_latest_review_risk(client, reference, child, pcso, service):
    r = refer(child, pcso, service, risk="high", days=60)
    client.force_login(pcso)
    client.post(reverse("earlyhelp:review", args=[r.pk]), {"risk": "medium", "reviewed_on": days_ago(30).isoformat()})
    client.post(reverse("earlyhelp:review", args=[r.pk]), {"risk": "low", "reviewed_on": days_ago(5).isoformat()})
    response = client.get(reverse("earlyhelp:caseload"))  # a reviewed referral once made this page fail
    assert response.status_code == 200
    risk_now = response.content.decode().split(str(child), 1)[1].split("</tr>", 1)[0]
    assert "Low" in risk_now and "Medium" not in risk_now and "(at referral)" not in risk_now


def test_another_pcso_gets_a_404_and_a_refused_row(client, reference, child, pcso, other_pcso, service):
    r = refer(child, pcso, service)
    client.force_login(other_pcso)
    for url in (reverse("earlyhelp:referral", args=[r.pk]), reverse("earlyhelp:contact", args=[r.pk])):
        assert client.get(url).status_code == 404
    assert AccessLog.objects.filter(user=other_pcso, child=child, what__startswith="refused").count() == 2
    assert str(child) not in client.get(reverse("earlyhelp:caseload")).content.decode()


@pytest.mark.parametrize("role", [Role.ANALYST, Role.CICPO, Role.PROVIDER_MANAGER])
def test_roles_outside_early_help_cannot_open_the_caseload(role, client, make_user, reference):
    client.force_login(make_user(role))
    assert client.get(reverse("earlyhelp:caseload")).status_code == 403


def test_cohort_report_page_for_the_analyst(client, reference, child, pcso, service, make_user):
    refer(child, pcso, service)
    client.force_login(make_user(Role.ANALYST))
    page = client.get(reverse("earlyhelp:cohorts")).content.decode()
    assert "Early help: cohort report" in page and "Not yet reviewed" in page and str(child) not in page


def test_the_pcso_home_page_counts_reviews_due(client, reference, child, pcso, service):
    refer(child, pcso, service, days=120)
    client.force_login(pcso)
    page = client.get("/").content.decode()
    assert "Early help" in page and "reviews due" in page
