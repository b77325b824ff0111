"""A real browser: each of the nine roles signs in, reads its home page's counts and opens every link on it;
axe-core finds nothing serious or critical, and no "region" or "landmark-unique" problem, on any of those pages."""

import pytest

from divert.core.roles import Role


def _axe(page) -> list[tuple[str, str, str]]:
    from urllib.parse import urlsplit

    origin = "{0.scheme}://{0.netloc}".format(urlsplit(page.url))
    page.add_script_tag(url=f"{origin}/static/govuk/axe.min.js")
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [(page.url, v["id"], v["help"]) for v in result["violations"]
            if v.get("impact") in ("serious", "critical") or v["id"] in ("region", "landmark-unique")]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_every_role_opens_every_home_page_link_accessibly(live_server, page, sign_in, make_user):
    from django.utils import timezone

    from divert.incidents.models import ArrestAlert
    from divert.missing.models import MissingEpisode
    from divert.police.models import CustodyRecord
    from tests.factories import make_world

    world = make_world()
    ArrestAlert.objects.create(custody=CustodyRecord.objects.get(child=world.a_now), child=world.a_now,
                               subject="Arrest", body="")
    MissingEpisode.objects.create(child=world.a_now, started_at=timezone.now(), home=world.a1)
    problems = []
    for role in Role:
        provider = world.provider_a if role == Role.PROVIDER_MANAGER else None
        make_user(role, provider=provider, username=f"b-{role}")
        page.context.clear_cookies()
        sign_in(page, live_server.url, f"b-{role}")
        page.wait_for_url(f"{live_server.url}/")
        problems += _axe(page)
        links = page.eval_on_selector_all(".divert-task-list a.govuk-link", "els => els.map(e => e.href)")
        assert links, role
        if role == Role.CICPO:
            assert "1 waiting" in page.locator(".divert-task-list").inner_text()
        if role == Role.MFH_COORDINATOR:
            assert "missing now" in page.locator(".divert-task-list").inner_text()
        for href in links:
            response = page.goto(href)
            assert response is not None and response.status not in (403, 404), (role, href, response.status)
            if "/admin/" not in href and "/api/" not in href:
                problems += _axe(page)
    assert problems == [], problems


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_officer_goes_from_an_alert_to_the_childs_custody_record(live_server, page, sign_in, make_user):
    from divert.incidents.models import ArrestAlert
    from divert.police.models import CustodyRecord
    from tests.factories import make_world

    world = make_world()
    custody = CustodyRecord.objects.get(child=world.a_now)
    ArrestAlert.objects.create(custody=custody, child=world.a_now, subject="Arrest", body="")
    make_user(Role.CICPO, username="officer")
    sign_in(page, live_server.url, "officer")
    page.wait_for_url(f"{live_server.url}/")
    page.get_by_role("link", name="Arrest alerts").click()
    assert _axe(page) == []
    page.get_by_role("link", name=f"Custody record {custody.custody_reference}").click()
    page.wait_for_url(f"{live_server.url}/registers/children/{world.a_now.pk}/#custody-{custody.pk}")
    assert page.locator(f"#custody-{custody.pk}").is_visible()
