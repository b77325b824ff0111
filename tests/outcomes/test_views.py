"""The outcomes pages: the indicator, the reconciliation (access-logged), resolving, the report and its files."""

import pytest

from divert.core.models import AccessLog
from divert.core.roles import Role
from divert.outcomes.models import BoardReportText, ReconciliationResolution

pytestmark = pytest.mark.django_db


def test_indicator_page_shows_the_figure_and_the_suppressed_version(client, return_2018, make_user):
    client.force_login(make_user(Role.ANALYST))
    r = client.get("/outcomes/indicator/?year=2018")
    html = r.content.decode()
    assert r.status_code == 200 and 'id="indicator-percentage">50%' in html
    assert "cohort 6, convicted or cautioned c, c" in html
    assert "Reconcile the return" in html and "No published figures are loaded" in html


def test_indicator_pages_refuse_other_roles(client, make_user):
    client.force_login(make_user(Role.PROVIDER_MANAGER))
    assert client.get("/outcomes/indicator/?year=2018").status_code == 403
    client.force_login(make_user(Role.CICPO))
    assert client.get("/outcomes/reconciliation/?year=2018").status_code == 403
    assert client.get("/outcomes/indicator/?year=nope").status_code == 404


def test_reconciliation_page_lists_differences_and_logs_each_child(client, return_2018, make_user):
    analyst = make_user(Role.ANALYST)
    client.force_login(analyst)
    r = client.get("/outcomes/reconciliation/?year=2018")
    html = r.content.decode()
    assert r.status_code == 200 and "3 (3 to resolve)" in html
    assert "Resolve<span class=\"govuk-visually-hidden\"> the difference for B</span>" in html
    logged = set(AccessLog.objects.filter(user=analyst, channel="page").values_list("child__child_id", flat=True))
    assert logged == {"B", "G", "H"}


def test_resolving_a_difference_from_the_page(client, return_2018, make_user):
    client.force_login(make_user(Role.ANALYST))
    b = return_2018.children["B"]
    url = f"/outcomes/reconciliation/2018/{b.pk}/"
    assert client.get(url).status_code == 200
    refused = client.post(url, {"right": "divert", "note": ""})
    assert refused.status_code == 400 and "Note" in refused.content.decode()
    ok = client.post(url, {"right": "divert", "note": "The PNC shows a youth caution on 7 Nov 2017"})
    assert ok.status_code == 302 and ReconciliationResolution.objects.get(child=b).right == "divert"
    page = client.get("/outcomes/reconciliation/?year=2018").content.decode()
    assert "B: CONVICTED 1" in page and "3 as the return stands; 4 with the corrections" in page
    a = return_2018.children["A"]
    assert client.get(f"/outcomes/reconciliation/2018/{a.pk}/").status_code == 404  # nothing to resolve


def test_report_page_files_and_author_sections(client, return_2018, make_user):
    analyst = make_user(Role.ANALYST)
    client.force_login(analyst)
    page = client.get("/outcomes/report/?year=2018")
    assert page.status_code == 200 and "Download PDF" in page.content.decode()
    saved = client.post("/outcomes/report/?year=2018", {"recommendations": "Keep the panel.",
                                                         "finance_comments": ""})
    assert saved.status_code == 302 and BoardReportText.objects.get().recommendations == "Keep the panel."
    pdf = client.post("/outcomes/report/2018.pdf")
    assert pdf.status_code == 200 and pdf.content[:4] == b"%PDF"
    docx = client.post("/outcomes/report/2018.docx")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    assert AccessLog.objects.filter(user=analyst, channel="export").count() == 2
    assert client.get("/outcomes/report/2018.pdf").status_code == 405  # a file that leaves: POST only
    client.force_login(make_user(Role.CICPO))
    assert client.post("/outcomes/report/?year=2018", {"recommendations": "x"}).status_code == 404
