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
