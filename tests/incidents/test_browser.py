"""The CiCPO's journey in Debian chromium: CiCPO list -> filter -> entry -> triage -> follow-ups; provider scope."""

import datetime as dt

import pytest
from django.utils import timezone

from divert.core.roles import Role
from divert.incidents import rules

from . import helpers as h

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def today_data(db):
    start, _ = rules.daily_window(timezone.localdate())
    p1, p2 = h.provider("Oakfield Care"), h.provider("Riverside Homes")
    oak, river = h.home(p1, name="Oak House"), h.home(p2, name="River View")
    amy, cal = h.child("Amy", "Archer"), h.child("Cal", "Cooper")
    h.place(amy, oak)
    h.place(cal, river)
    damage = h.incident(start + dt.timedelta(hours=2), oak, crime=True, crime_type="Criminal damage",
                        narrative="Amy kicked her bedroom door.", reported_by="home_staff", reference="INC-OAK-1")
    h.involve(damage, amy)
    other = h.incident(start + dt.timedelta(hours=3), river, narrative="Cal came home late.", reference="INC-RIV-1",
                       category="Missing person")
    h.involve(other, cal, "missing_person")
    return {"p1": p1, "oak": oak, "river": river, "damage": damage, "other": other}


def _sign_in(page, live_server, sign_in, user):
    sign_in(page, live_server.url, user.username)
    page.wait_for_url(f"{live_server.url}/")


def _no_serious(axe_violations, page, what):
    found = axe_violations(page)
    assert found == [], f"{what}: " + "; ".join(f"{v['id']} ({v['impact']}): {v['help']}" for v in found)


def test_cicpo_journey_and_accessibility(live_server, page, sign_in, axe_violations, make_user, today_data):
    cicpo = make_user(Role.CICPO, username="pc-flint")
    _sign_in(page, live_server, sign_in, cicpo)
    page.goto(f"{live_server.url}/incidents/daily/")
    assert page.locator("h1").inner_text().startswith("Daily incident list")
    assert page.get_by_role("heading", name="Oak House").is_visible()
    assert page.get_by_role("heading", name="River View").is_visible()
    _no_serious(axe_violations, page, "daily list")

    page.select_option("#f-home", str(today_data["oak"].pk))
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**home=*")
    assert page.get_by_role("heading", name="River View").count() == 0
    page.get_by_role("link", name="INC-OAK-1").click()
    page.wait_for_url(f"**/incidents/{today_data['damage'].pk}/")
    assert "Would a family have called the police?" in page.content()
    _no_serious(axe_violations, page, "incident page")

    page.check("#id_reviewed")
    page.check("#route-restorative")
    page.check("#id_home_contacted")
    page.fill("#id_advice_to_officer", "Advised the officer to consider a restorative approach.")
    page.get_by_role("button", name="Save triage").click()
    page.wait_for_selector("text=Triage saved")
    assert "Reviewed by" in page.content()
    page.fill("#fu_description", "Call the home manager about the restorative meeting")
    page.fill("#fu_due_on", (timezone.localdate() - dt.timedelta(days=1)).isoformat())
    page.get_by_role("button", name="Add follow-up").click()
    page.wait_for_selector("text=Follow-up added")

    page.goto(f"{live_server.url}/incidents/follow-ups/")
    overdue = page.locator("#overdue + table")
    assert "Call the home manager" in overdue.inner_text()
    _no_serious(axe_violations, page, "follow-ups")

    page.goto(f"{live_server.url}/incidents/daily/")
    assert "Restorative approach" in page.content() and "1 open follow-up" in page.content()


def test_provider_manager_sees_only_own_homes(live_server, page, sign_in, axe_violations, make_user, today_data):
    manager = make_user(Role.PROVIDER_MANAGER, provider=today_data["p1"], username="oak-manager")
    _sign_in(page, live_server, sign_in, manager)
    page.goto(f"{live_server.url}/incidents/provider/")
    content = page.content()
    assert "Oak House" in content and "INC-OAK-1" in content
    assert "River View" not in content and "INC-RIV-1" not in content and "Cal Cooper" not in content
    assert "When to call the police" in content
    _no_serious(axe_violations, page, "provider view")
    response = page.goto(f"{live_server.url}/incidents/{today_data['other'].pk}/")
    assert response.status == 404
