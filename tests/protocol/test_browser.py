import datetime as dt

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


def _names(users):
    for role, name in ((Role.CICPO, "cicpo"), (Role.SOCIAL_WORKER, "sw"), (Role.YOUTH_JUSTICE, "yj"),
                       (Role.PROVIDER_MANAGER, "hm"), (Role.PROSECUTOR, "cps")):
        users[role].username = name
        users[role].save()


def test_case_from_daily_list_to_panel_community_resolution(live_server, page, sign_in, axe_violations, users):
    from divert.incidents.rules import daily_window

    child, home, incident = suspect_at_home()
    start, _ = daily_window(timezone.localdate())
    incident.reported_at, incident.reference = start + dt.timedelta(hours=2), "INC-PROTO-1"
    incident.save()
    _names(users)
    profile = users[Role.PROVIDER_MANAGER].profile
    profile.provider = home.provider
    profile.save()

    # A CiC officer opens a case from the daily-list entry.
    sign_in(page, live_server.url, "cicpo")
    page.goto(f"{live_server.url}/incidents/daily/?date={timezone.localdate().isoformat()}")
    page.get_by_role("link", name="INC-PROTO-1").click()
    page.wait_for_url(f"**/incidents/{incident.pk}/")
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

    # The home manager completes the home's section.
    page.context.clear_cookies()
    sign_in(page, live_server.url, "hm")
    page.goto(f"{live_server.url}/protocol/cases/{case.pk}/")
    page.get_by_role("link", name="Fill The home's response and behaviour policy").first.click()
    page.get_by_label("Your answer").fill("Staff followed the behaviour policy; police were called for safety.")
    page.get_by_label("Complete", exact=True).check()
    page.get_by_role("button", name="Save section").click()
    page.wait_for_url(f"**/protocol/cases/{case.pk}/")
    hm = SectionResponse.objects.get(form__case=case, form__version__template__slug="child-information-form",
                                     section__key="home")
    assert hm.state == "complete" and hm.author.username == "hm"

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
    page.get_by_label("Intervention owner", exact=True).select_option(label="yj (Youth justice worker)")
    page.get_by_label("Intervention due (YYYY-MM-DD)", exact=True).fill("2026-12-20")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Record the decision").click()
    page.wait_for_url(f"**/protocol/cases/{case.pk}/")
    page.get_by_text("Restorative meeting with the victim").wait_for()
    assert axe_violations(page) == []
    d = PanelDecision.objects.get()
    assert d.outcome.code == "community_resolution" and not d.first_time_entrant
    assert d.interventions.get().owner == users[Role.YOUTH_JUSTICE]


def test_case_to_the_prosecutor_who_records_a_decision(live_server, page, sign_in, axe_violations, users):
    from divert.protocol.actions import open_case

    _names(users)
    child, _, incident = suspect_at_home()
    other, _, other_incident = suspect_at_home()
    case, _ = open_case(actor=users[Role.CICPO], child=child, opened_from="daily_list", incident=incident)
    open_case(actor=users[Role.CICPO], child=other, opened_from="daily_list", incident=other_incident)
    complete_required(case, users)
    sign_in(page, live_server.url, "cicpo")
    page.goto(f"{live_server.url}/protocol/cases/{case.pk}/")
    page.get_by_role("button", name="Send to the prosecutor").click()
    page.get_by_text("Sent to the prosecutor", exact=True).first.wait_for()
    assert ProtocolCase.objects.get(pk=case.pk).state == "sent_to_cps"

    # The prosecutor sees only the case referred to the CPS (and only that child), reads it, records a decision.
    page.context.clear_cookies()
    sign_in(page, live_server.url, "cps")
    page.goto(f"{live_server.url}/protocol/")
    assert page.get_by_role("link", name=f"Case {case.pk}", exact=True).is_visible()
    assert other.child_id not in page.content()
    assert axe_violations(page) == []
    page.goto(f"{live_server.url}/registers/children/")
    assert child.child_id in page.content() and other.child_id not in page.content()
    page.goto(f"{live_server.url}/protocol/cases/{case.pk}/")
    assert "Child Information Form" in page.content()
    page.get_by_role("link", name="Record the charging decision").click()
    page.get_by_label("Charging decision").fill("No further action")
    page.get_by_label("Reasons").fill("The public interest stage is not met: a restorative outcome is in hand.")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Record the decision").click()
    page.wait_for_url(f"**/protocol/cases/{case.pk}/")
    page.get_by_text("Charging decision recorded").wait_for()
    assert axe_violations(page) == []
    case.refresh_from_db()
    assert case.state == "decided" and case.charging_decision == "No further action"


def test_panel_papers_show_the_decision_under_review_and_where_the_child_was(live_server, page, sign_in,
                                                                             axe_violations, users):
    from divert.protocol.actions import create_panel

    from .helpers import decide, sent_case

    _names(users)
    today = timezone.localdate()
    case = sent_case(users)
    ProtocolCase.objects.filter(pk=case.pk).update(sent_at=timezone.now() - dt.timedelta(days=15))
    create_panel(actor=users[Role.YOUTH_JUSTICE], held_on=today - dt.timedelta(days=14))
    decision = decide(users, case, "outcome_22", conditions="Victim awareness sessions",
                      review_on=today - dt.timedelta(days=1))
    PanelDecision.objects.filter(pk=decision.pk).update(created_at=timezone.now() - dt.timedelta(days=14))
    create_panel(actor=users[Role.YOUTH_JUSTICE], held_on=today)
    sign_in(page, live_server.url, "yj")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/protocol/panels/{today.isoformat()}/")
    papers = page.locator("main").inner_text()
    assert "Under review: Outcome 22" in papers and "Victim awareness sessions" in papers
    assert f"Placed at the time: {case.home.name}" in papers and "No decision recorded" not in papers
    violations = axe_violations(page)
    assert violations == [], [(v["id"], v["help"]) for v in violations]
    page.goto(f"{live_server.url}/protocol/")
    assert case.home.name in page.locator("main table").inner_text()
    violations = axe_violations(page)
    assert violations == [], [(v["id"], v["help"]) for v in violations]
