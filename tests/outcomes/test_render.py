"""The board report read back: the PDF through pdftotext, the Word document through python-docx."""

import io
import subprocess

import pytest

from divert.core.roles import Role
from divert.outcomes.actions import save_report_text
from divert.outcomes.render import report_docx, report_pdf
from divert.outcomes.selectors import board_report

pytestmark = pytest.mark.django_db


def _pdf_text(body: bytes, tmp_path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(body)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout


def test_report_pdf_reads_back_suppressed(return_2018, make_user, tmp_path):
    save_report_text(actor=make_user(Role.ANALYST), year=2018, recommendations="Keep the weekly panel.",
                     finance_comments="No change.")
    text = _pdf_text(report_pdf(board_report(2018)), tmp_path)
    assert "Reducing offending by children in care: 2017-18" in " ".join(text.split())
    assert "The national offending indicator" in text and "Keep the weekly panel." in text
    row = next(line for line in text.splitlines() if line.strip().startswith("2017-18") and len(line.split()) > 3)
    assert row.split()[:4] == ["2017-18", "6", "c", "c"]  # cohort shown, 3 convicted suppressed, so the %


def test_report_docx_reads_back_suppressed(return_2018, tmp_path):
    from docx import Document

    doc = Document(io.BytesIO(report_docx(board_report(2018))))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading") or p.style.name == "Title"]
    assert headings[0] == "Reducing offending by children in care: 2017-18"
    assert "Protocol cases and the out-of-court disposal panel" in headings and "Recommendations" in headings
    trend = doc.tables[0]
    assert [c.text for c in trend.rows[1].cells][:4] == ["2017-18", "6", "c", "c"]
    assert "No chart: every yearly percentage is suppressed" in [p.text for p in doc.paragraphs][4]


def test_report_has_the_trend_chart_when_a_figure_can_be_shown(return_2018, settings):
    from docx import Document

    settings.DIVERT = {**settings.DIVERT, "SUPPRESS_BELOW": 2}
    doc = Document(io.BytesIO(report_docx(board_report(2018))))
    assert doc.inline_shapes and doc.inline_shapes[0].width > 0
    assert [c.text for c in doc.tables[0].rows[1].cells][:4] == ["2017-18", "6", "3", "50"]


def test_report_value_for_money_is_a_table_of_ranges_with_sources(return_2018):
    from docx import Document

    from divert.outcomes.render import sections

    titles = dict(sections(board_report(2018)))
    table = titles["Value for money: assumptions and ranges"]
    missing = table[1]
    assert missing[2] == "1,325 to 2,415" and "University of Portsmouth" in missing[4]
    assert "not verified" in titles["A published claim, quoted"]
    doc = Document(io.BytesIO(report_docx(board_report(2018))))
    assert "Value for money: assumptions and ranges" in [p.text for p in doc.paragraphs]
