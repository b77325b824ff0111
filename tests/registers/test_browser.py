"""A real browser: a children-in-care police officer signs in and opens a child's record; axe finds nothing
serious or critical."""

import pytest

from divert.core.models import AccessLog
from divert.core.roles import Role


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_officer_opens_a_child_page_accessibly(live_server, page, sign_in, axe_violations, make_user):
    from tests.factories import make_world

    world = make_world()
    officer = make_user(Role.CICPO, username="officer")
    sign_in(page, live_server.url, "officer")
    page.wait_for_url(f"{live_server.url}/")
    assert page.locator("h1").first.is_visible()
    assert axe_violations(page) == []

    page.get_by_role("link", name="Children in care", exact=True).click()
    page.fill("#q", world.a_now.last_name)
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name=str(world.a_now), exact=True).click()
    page.wait_for_url(f"{live_server.url}/registers/children/{world.a_now.pk}/")
    assert page.locator("h1").inner_text() == str(world.a_now)
    assert page.locator("#placements").is_visible()
    # GOV.UK Frontend's stylesheet is served (the header is styled, not a bare list).
    assert page.evaluate("getComputedStyle(document.querySelector('.govuk-header')).backgroundColor") != ""
    violations = axe_violations(page)
    assert violations == [], [(v["id"], v["help"]) for v in violations]
    assert AccessLog.objects.filter(user=officer, child=world.a_now, what="child page").count() == 1

    page.goto(f"{live_server.url}/registers/homes/{world.a1.pk}/")
    assert axe_violations(page) == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_child_page_reads_in_plain_english_with_uk_dates(live_server, page, sign_in, axe_violations, make_user):
    import datetime as dt

    from tests.factories import ChildFactory, PlacementFactory

    child = ChildFactory(first_name="Mia", last_name="Codes", date_of_birth=dt.date(2011, 3, 3))
    PlacementFactory(child=child, home=None, place="U4", legal_status="C2", decom=dt.date(2024, 1, 5),
                     dec=dt.date(2025, 3, 3), rec="X1", reason_place_change="CREQB")
    PlacementFactory(child=child, place="K2", legal_status="J1", decom=dt.date(2025, 3, 3))
    make_user(Role.SOCIAL_WORKER, username="worker")
    sign_in(page, live_server.url, "worker")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/registers/children/{child.pk}/")
    text = page.locator("main").inner_text()
    assert "Full care order (C2)" in text and "Foster placement (long term) (U4)" in text
    assert "Remanded to council or youth detention accommodation (J1)" in text
    assert "Carer asked for it to end because of the child's behaviour (CREQB)" in text
    assert "3 March 2011" in text and "5 January 2024" in text and "3 March 2025" in text
    assert "/2024" not in text and "Jan 2024" not in text
    violations = axe_violations(page)
    assert violations == [], [(v["id"], v["help"]) for v in violations]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_leaving_care_adviser_sees_only_their_care_leavers(live_server, page, sign_in, axe_violations, make_user):
    from tests.factories import make_world

    world = make_world()
    adviser = make_user(Role.LEAVING_CARE, username="adviser")
    world.a_past.leaving_care_adviser = adviser
    world.a_past.save()
    sign_in(page, live_server.url, "adviser")
    page.wait_for_url(f"{live_server.url}/")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Children in care", exact=True).click()
    page.wait_for_url(f"{live_server.url}/registers/children/")
    text = page.locator("main").inner_text()
    assert str(world.a_past) in text and str(world.a_now) not in text and str(world.b_now) not in text
    violations = axe_violations(page)
    assert violations == [], [(v["id"], v["help"]) for v in violations]
    page.get_by_role("link", name=str(world.a_past), exact=True).click()
    page.wait_for_url(f"{live_server.url}/registers/children/{world.a_past.pk}/")
    response = page.goto(f"{live_server.url}/registers/children/{world.a_now.pk}/")
    assert response is not None and response.status == 404
