import pytest
from playwright.sync_api import expect

from divert.core.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinator_escalates_records_interview_and_finalises(live_server, page, sign_in, axe_violations,
                                                                 returned_episode, make_user):
    make_user(Role.MFH_COORDINATOR, username="coord")
    make_user(Role.SOCIAL_WORKER, username="sw-owner")
    sign_in(page, live_server.url, "coord")
    page.goto(f"{live_server.url}/missing/compliance/?date=2026-10-06")
    assert page.get_by_role("heading", name="Return interview overdue (0)").is_visible()  # GET runs nothing
    page.get_by_role("button", name="Run the compliance check for 6 October 2026").click()
    page.wait_for_url("**/missing/compliance/?date=2026-10-06")
    expect(page.get_by_role("heading", name="Return interview overdue (1)")).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_role("link", name="Escalate").first.click()
    page.get_by_label("Children's social care").check()
    page.get_by_label("Owner").select_option(label="sw-owner (Social worker)")
    page.get_by_label("Due date (DD/MM/YYYY)").fill("09/10/2026")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Escalate").click()
    page.wait_for_url("**/missing/compliance/**")
    expect(page.get_by_text("Escalation recorded.")).to_be_visible()
    assert page.get_by_text("Children's social care – Open").is_visible()

    page.get_by_role("link", name=str(returned_episode.child), exact=True).first.click()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Record the return interview").click()
    page.get_by_label("Completed").check()
    page.get_by_label("Date of the interview, or of the refusal (DD/MM/YYYY)").fill("03/10/2026")
    page.get_by_label("Time of the interview (HH:MM)").fill("14:30")
    page.get_by_label("Older associates").check()
    page.get_by_label("Criminal exploitation").check()
    page.get_by_label("Where the child was").fill("Bus station")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Save return interview").click()
    expect(page.get_by_text("Return interview recorded.")).to_be_visible()

    page.get_by_role("link", name="Record follow-up referrals").click()
    page.get_by_label("MASE panel (exploitation)").check()
    page.get_by_role("button", name="Save referrals").click()
    page.get_by_role("button", name="Finalise episode").click()
    expect(page.get_by_text("Episode finalised.")).to_be_visible()
    assert axe_violations(page) == []
    returned_episode.refresh_from_db()
    assert returned_episode.state == "finalised"


def test_pack_page_is_accessible(live_server, page, sign_in, axe_violations, make_user):
    from divert.missing.reconcile import build_episodes

    from .builders import demo_city_month

    demo_city_month(homes=4, children=10)
    build_episodes()
    make_user(Role.ANALYST, username="analyst")
    sign_in(page, live_server.url, "analyst")
    page.goto(f"{live_server.url}/missing/pack/?month=2026-10")
    assert page.get_by_role("heading", name="Multiple missing and hotspots: October 2026").is_visible()
    assert page.locator("svg").count() >= 2
    assert axe_violations(page) == []
