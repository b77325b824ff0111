"""Browser journey: an analyst opens the indicator, resolves a reconciliation difference and generates the
board report (real chromium; axe: no serious or critical violations)."""

import subprocess

import pytest

from divert.core.roles import Role
from divert.outcomes.models import ReconciliationResolution

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_analyst_opens_the_indicator_resolves_a_difference_and_generates_the_report(
        live_server, page, sign_in, axe_violations, make_user, return_2018, tmp_path):
    make_user(Role.ANALYST, username="analyst")
    sign_in(page, live_server.url, "analyst")
    page.get_by_role("link", name="Offending indicator").first.click()
    page.get_by_label("Year ending 31 March").fill("2018")
    page.get_by_role("button", name="Show").click()
    page.locator("#indicator-percentage").wait_for()
    assert page.locator("#indicator-percentage").inner_text() == "50%"
    assert axe_violations(page) == []

    page.get_by_role("link", name="Reconcile the return with Divert's records for 2017-18").click()
    assert "3 (3 to resolve)" in page.locator("#differences").inner_text()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Resolve the difference for B").click()
    page.get_by_label("Divert's record is right: correct the return before it is sent").check()
    page.get_by_label("Note: what you checked").fill("The PNC shows a youth caution given on 7 November 2017.")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Save the resolution").click()
    page.get_by_text("Difference resolved for B").wait_for()
    assert "3 (2 to resolve)" in page.locator("#differences").inner_text()
    assert axe_violations(page) == []
    assert ReconciliationResolution.objects.get().right == "divert"

    page.get_by_role("link", name="Back to the indicator").click()
    page.get_by_role("link", name="Corporate Parenting Board report for 2017-18").click()
    page.get_by_label("Recommendations").fill("Keep the weekly out-of-court disposal panel.")
    page.get_by_role("button", name="Save the sections").click()
    page.get_by_text("Report sections saved").wait_for()
    assert axe_violations(page) == []
    with page.expect_download() as dl:
        page.get_by_role("button", name="Download PDF").click()
    path = tmp_path / "report.pdf"
    dl.value.save_as(path)
    text = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout
    assert "Keep the weekly out-of-court disposal panel." in text
    with page.expect_download() as dl:
        page.get_by_role("button", name="Download Word document").click()
    assert dl.value.suggested_filename == "board-report-2017-18.docx"


def test_officer_adds_an_activity_to_the_impact_log(live_server, page, sign_in, axe_violations, make_user):
    from tests.factories import HomeFactory

    HomeFactory(name="Oak House")
    make_user(Role.CICPO, username="officer")
    sign_in(page, live_server.url, "officer")
    page.goto(f"{live_server.url}/outcomes/impact/?year=2018")
    assert axe_violations(page) == []
    page.get_by_label("Diversionary activity session").check()
    page.get_by_label("Title").fill("Girls' boxing group")
    page.get_by_label("Date (YYYY-MM-DD)").fill("2017-10-03")
    page.get_by_label("Oak House").check()
    page.get_by_label("Participants").fill("8")
    page.get_by_role("button", name="Add to the impact log").click()
    page.get_by_text("Activity added to the impact log").wait_for()
    assert page.get_by_role("cell", name="Girls' boxing group").count() == 1
    assert axe_violations(page) == []
