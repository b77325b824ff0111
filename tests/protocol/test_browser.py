import pytest
from django.utils import timezone

from divert.core.roles import Role
from divert.protocol.models import PanelDecision, ProtocolCase, SectionResponse

from .helpers import complete_required, suspect_at_home

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def reference_data(transactional_db):
    """Other live-server tests flush every table, the migrated form templates and outcomes with them: seed them
    again with the migration's own function when they are gone."""
    import importlib

    from django.apps import apps

    from divert.protocol.models import FormTemplate

    if not FormTemplate.objects.exists():
        importlib.import_module("divert.protocol.migrations.0002_reference_data").seed(apps, None)


def test_case_from_daily_list_to_panel_community_resolution(live_server, page, sign_in, axe_violations, users):
    child, _, incident = suspect_at_home()
    for role, name in ((Role.CICPO, "cicpo"), (Role.SOCIAL_WORKER, "sw"), (Role.YOUTH_JUSTICE, "yj")):
        users[role].username = name
        users[role].save()

    # A CiC officer opens a case from the daily-list entry's incident page.
    sign_in(page, live_server.url, "cicpo")
    page.goto(f"{live_server.url}/incidents/{incident.pk}/")
    page.get_by_role("link", name="Open a protocol case").click()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Open the case").click()
    page.wait_for_url("**/protocol/cases/**")
    case = ProtocolCase.objects.get()
    page.get_by_text("Case opened").wait_for()
    assert axe_violations(page) == []

    # The send is refused until the mandatory sections are done.
    page.get_by_role("button", name="Send to the panel").click()
    summary = page.locator(".govuk-error-summary")
    summary.wait_for()
    assert "The social worker's views and the care plan" in summary.inner_text()
    assert axe_violations(page) == []

    # The social worker completes their section.
    page.context.clear_cookies()
    sign_in(page, live_server.url, "sw")
    page.goto(f"{live_server.url}/protocol/cases/{case.pk}/")
    page.get_by_role("link", name="Fill The social worker's views and the care plan").first.click()
    page.get_by_label("Your answer").fill("The care plan is to stay at the home; a restorative approach fits.")
    page.get_by_label("Complete", exact=True).check()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Save section").click()
    page.wait_for_url(f"**/protocol/cases/{case.pk}/")
    sw = SectionResponse.objects.get(form__case=case, form__version__template__slug="child-information-form",
                                     section__key="social_worker")
    assert sw.state == "complete" and sw.author.username == "sw"

    # The other contributors complete theirs; the CiC officer sends the case to the panel.
    complete_required(case, users)
    page.context.clear_cookies()
    sign_in(page, live_server.url, "cicpo")
    page.goto(f"{live_server.url}/protocol/cases/{case.pk}/")
    page.get_by_role("button", name="Send to the panel").click()
    page.get_by_text("Sent to the panel", exact=True).wait_for()

    # Youth justice build the agenda and record a community resolution with an intervention.
    page.context.clear_cookies()
    sign_in(page, live_server.url, "yj")
    page.goto(f"{live_server.url}/protocol/panels/")
    page.get_by_label("Panel date (YYYY-MM-DD)").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Build the agenda").click()
    page.get_by_role("link", name=f"Case {case.pk}", exact=True).wait_for()
    assert axe_violations(page) == []
    page.get_by_role("link", name=f"Record decision for case {case.pk}").click()
    page.get_by_label("Child Gravity Matrix score (1 to 5)").fill("2")
    page.get_by_label("Decision", exact=True).select_option(label="Community resolution (outcome 8)")
    page.get_by_label("Intervention", exact=True).fill("Restorative meeting with the victim")
    page.get_by_label("Intervention owner").fill("YJS worker")
    page.get_by_label("Intervention due (YYYY-MM-DD)").fill("2026-12-20")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Record the decision").click()
    page.wait_for_url(f"**/protocol/cases/{case.pk}/")
    page.get_by_text("Restorative meeting with the victim").wait_for()
    assert axe_violations(page) == []
    d = PanelDecision.objects.get()
    assert d.outcome.code == "community_resolution" and not d.first_time_entrant
    assert d.interventions.get().owner == "YJS worker"
