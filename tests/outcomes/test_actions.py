"""Writes for outcomes: resolving a difference, loading published figures, the report's own sections."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from divert.core.models import AuditEvent
from divert.core.roles import Role
from divert.outcomes.actions import load_published_figures, resolve_difference, save_report_text
from divert.outcomes.models import BoardReportText, PublishedFigure, ReconciliationResolution

pytestmark = pytest.mark.django_db

# The columns of the DfE's explore-education-statistics CSV ("CLA on 31 March for 12 months - conviction and
# health outcomes - by local authority"); the values below are made up for the test.
EES_HEADER = ("time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,"
              "old_la_code,la_name,new_la_code,characteristic,breakdown,children_count,children_percent")
EES_ROWS = [
    "2018,Reporting year,National,E92000001,England,,,,,,Convictions,Convicted or subject to youth cautions,1000,3",
    "2018,Reporting year,National,E92000001,England,,,,,,Convictions,Total ages 10 to 17,30000,100",
    "2018,Reporting year,Regional,E92000001,England,E12000004,East Midlands,,,,Convictions,"
    "Convicted or subject to youth cautions,100,4",
    "2018,Reporting year,Local authority,E92000001,England,E12000004,East Midlands,892,Exampleton,E06000999,"
    "Convictions,Convicted or subject to youth cautions,c,c",
]


def write_ees(tmp_path, rows=EES_ROWS):
    path = tmp_path / "cla_convictions.csv"
    path.write_text("\n".join([EES_HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def test_resolve_difference_is_audited_and_appended(return_2018, make_user):
    analyst = make_user(Role.ANALYST)
    b = return_2018.children["B"]
    first = resolve_difference(actor=analyst, year=2018, child=b, right="return", note="Checked: NFA")
    second = resolve_difference(actor=analyst, year=2018, child=b, right="divert", note="PNC shows a caution")
    assert ReconciliationResolution.objects.filter(child=b).count() == 2 and first.pk != second.pk
    assert (second.return_flag, second.divert_status) == (False, "criminalised")
    audit = AuditEvent.objects.filter(action="outcomes.reconciliation.resolved").order_by("pk").last()
    assert audit.detail == {"year": 2018, "child_id": b.pk, "kind": "divert_only", "right": "divert"}


def test_resolve_difference_refusals(return_2018, make_user):
    c = return_2018.children
    with pytest.raises(PermissionDenied):
        resolve_difference(actor=make_user(Role.CICPO), year=2018, child=c["B"], right="divert", note="x")
    analyst = make_user(Role.ANALYST)
    with pytest.raises(ValidationError, match="note"):
        resolve_difference(actor=analyst, year=2018, child=c["B"], right="divert", note="  ")
    with pytest.raises(ValidationError, match="agree"):
        resolve_difference(actor=analyst, year=2018, child=c["A"], right="divert", note="x")
    with pytest.raises(ValidationError, match="which source"):
        resolve_difference(actor=analyst, year=2018, child=c["B"], right="both", note="x")


def test_load_published_figures_keeps_the_conviction_rows_with_their_source(tmp_path, make_user):
    analyst = make_user(Role.ANALYST)
    n = load_published_figures(actor=analyst, path=write_ees(tmp_path), source="DfE CLA statistics 2018")
    assert n == 3
    england = PublishedFigure.objects.get(level="National")
    assert (england.collection_year, england.count, england.percent, england.source_row) == (2018, "1000", "3", 2)
    assert PublishedFigure.objects.get(level="Local authority").percent == "c"  # symbols kept as published
    again = load_published_figures(actor=analyst, path=write_ees(tmp_path), source="DfE CLA statistics 2018")
    assert again == 3 and PublishedFigure.objects.count() == 3  # idempotent


def test_load_published_figures_refuses_another_file_and_names_bad_rows(tmp_path, make_user):
    analyst = make_user(Role.ANALYST)
    other = tmp_path / "other.csv"
    other.write_text("a,b\n1,2\n")
    with pytest.raises(ValidationError, match="missing column"):
        load_published_figures(actor=analyst, path=other, source="x")
    bad = write_ees(tmp_path, [EES_ROWS[0], EES_ROWS[0].replace("2018,", "last year,", 1)])
    with pytest.raises(ValidationError) as exc:
        load_published_figures(actor=analyst, path=bad, source="x")
    assert "row 3, time_period" in exc.value.messages[0] and PublishedFigure.objects.count() == 0
    with pytest.raises(PermissionDenied):
        load_published_figures(actor=make_user(Role.CICPO), path=write_ees(tmp_path), source="x")


def test_save_report_text(make_user):
    analyst = make_user(Role.ANALYST)
    save_report_text(actor=analyst, year=2018, recommendations="Keep the panel.", finance_comments="")
    save_report_text(actor=analyst, year=2018, recommendations="Keep the panel weekly.", finance_comments="Flat")
    text = BoardReportText.objects.get(collection_year=2018)
    assert (text.recommendations, text.finance_comments) == ("Keep the panel weekly.", "Flat")
    with pytest.raises(PermissionDenied):
        save_report_text(actor=make_user(Role.CICPO), year=2018, recommendations="x", finance_comments="")
