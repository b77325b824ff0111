import pytest

from divert.core.roles import Role

from .conftest import days_ago

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_service_refers_a_child_and_the_pcso_works_the_referral_to_closure(
        live_server, page, sign_in, axe_violations, make_user, child):
    from divert.earlyhelp.defaults import seed_reference_data
    from divert.earlyhelp.models import Referral

    seed_reference_data()  # another live-server test may have flushed the migration's rows
    pcso = make_user(Role.PCSO, username="pcso")
    pcso.first_name, pcso.last_name = "Pat", "Constable"
    pcso.save()
    make_user(Role.SOCIAL_WORKER, username="service")
    sign_in(page, live_server.url, "service")
    page.goto(f"{live_server.url}/registers/children/{child.pk}/")
    page.get_by_role("link", name=f"Refer to early help ({child})").click()
    page.get_by_label("Named worker").select_option(label="Pat Constable")
    page.get_by_label("Who referred the child").select_option("school")
    page.get_by_label("Risk of exploitation").check()
    page.get_by_label("Why the child is referred").fill("Older associates waiting at the school gate.")
    page.get_by_label("Medium").check()
    page.get_by_label("Date of referral").fill(days_ago(30).isoformat())
    assert axe_violations(page) == []
    page.get_by_role("button", name="Make referral").click()
    page.get_by_text("Referral made.").wait_for()
    assert axe_violations(page) == []

    page.context.clear_cookies()
    sign_in(page, live_server.url, "pcso")
    page.get_by_role("link", name="Early help", exact=True).first.wait_for()
    assert axe_violations(page) == []
    page.goto(f"{live_server.url}/early-help/")
    page.get_by_role("heading", name="Your early-help caseload").wait_for()
    assert axe_violations(page) == []
    page.get_by_role("link", name=str(child)).click()
    page.get_by_role("link", name="Record a contact").click()
    page.get_by_label("Home visit to the child and family").check()
    page.get_by_label("Date").fill(days_ago(20).isoformat())
    page.get_by_label("Note").fill("Talked with the child and carer about evenings.")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Save contact").click()
    page.get_by_text("Contact recorded.").wait_for()
    page.get_by_role("link", name="Review the risk").click()
    page.get_by_label("Low").check()
    page.get_by_label("Date of review").fill(days_ago(2).isoformat())
    page.get_by_role("button", name="Save review").click()
    page.get_by_text("Review recorded: low. Risk reduced to low since the referral.").wait_for()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Close the referral").click()
    page.get_by_label("Needs met: no further concerns").check()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Close referral").click()
    page.get_by_text("Referral closed.").wait_for()
    assert Referral.objects.get().closure == "needs_met"
    page.goto(f"{live_server.url}/early-help/cohorts/")
    page.get_by_text("Risk reduced to low").first.wait_for()
    assert axe_violations(page) == []
