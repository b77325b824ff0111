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


@pytest.fixture
def year_of_work(two_years, make_user):
    """Exploitation assessments, a MASE meeting and early-help referrals in 2017-18 for the two years' children."""
    import datetime as dt

    from divert.earlyhelp import actions as eh
    from divert.earlyhelp.defaults import seed_reference_data as seed_eh
    from divert.exploitation import actions as ex
    from divert.exploitation.defaults import seed_reference_data as seed_ex

    seed_ex()
    seed_eh()
    for i, c in enumerate(two_years[:8]):
        on = dt.date(2017, 5, 1 + i)
        ex.record_assessment(actor=None, child=c, kind="cce", indicators=[], proposed_level="high", evidence="x",
                             assessed_on=on, review_on=on + dt.timedelta(days=60), agency="police")
        ex.record_assessment(actor=None, child=c, kind="cce", indicators=[], evidence="x",
                             proposed_level="low" if i < 7 else "high", assessed_on=on + dt.timedelta(days=60),
                             review_on=on + dt.timedelta(days=120), agency="police")
    meeting = ex.open_meeting(actor=None, held_on=dt.date(2017, 9, 5))
    ex.record_volt(actor=None, meeting=meeting, child=two_years[7], victims="None identified")
    pcso = make_user(Role.PCSO)
    for i, c in enumerate(two_years):
        r = eh.refer(actor=None, child=c, worker=pcso, source="school", concern="asb", reason="x",
                     initial_risk="medium", referred_on=dt.date(2017, 6, 1 + i))
        eh.record_review(actor=None, referral=r, risk="low" if i < 7 else "high",
                         reviewed_on=dt.date(2017, 8, 1 + i))
        eh.close_referral(actor=None, referral=r, closure="needs_met", closed_on=dt.date(2017, 10, 1))
    return two_years


def _docx_tables(body: bytes) -> dict[str, list[list[str]]]:
    """Each table of the Word document under the heading before it."""
    from docx import Document

    doc = Document(io.BytesIO(body))
    out, heading = {}, ""
    for block in doc.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = "".join(t.text or "" for t in block.iter() if t.tag.endswith("}t"))
            style = block.find(".//{*}pStyle")
            if style is not None and "Heading" in (style.get(style.keys()[0]) or ""):
                heading = text
        elif tag == "tbl":
            from docx.table import Table

            t = Table(block, doc)
            out[heading] = [[c.text for c in row.cells] for row in t.rows]
    return out


def test_report_cost_avoided_fte_exploitation_and_early_help_read_back_from_docx(year_of_work, settings):
    settings.DIVERT = {**settings.DIVERT, "SUPPRESS_BELOW": 1}  # nothing suppressed, to read the figures
    tables = _docx_tables(report_docx(board_report(2018)))
    avoided = {r[0]: r for r in tables["Value for money: cost avoided against 2016-17"][1:]}
    missing = next(v for k, v in avoided.items() if k.startswith("Missing episodes"))
    assert missing[1:] == ["2.0 per child", "8", "12.0", "1,325 to 2,415 per investigation", "15,900 to 28,980"]
    custody = next(v for k, v in avoided.items() if k.startswith("Children aged 10-17 in custody"))
    assert custody[3:] == ["2.0", "65,000 to 212,000 per place a year", "65,000 to 212,000"]
    crim = next(v for k, v in avoided.items() if k.startswith("Children convicted"))
    assert crim[1:4] == ["40.0%", "1", "3.0"] and crim[5] == "not costed"
    x = dict(r for r in tables["Exploitation and the MASE panel"][1:])
    assert x["Children assessed for exploitation risk"] == "8" and x["Risk at 31 March: Low"] == "7"
    assert x["Risk within the year: Lower"] == "7" and x["MASE panel meetings"] == "1"
    e = dict(r for r in tables["Early help with police community support officers"][1:])
    assert e["Children and families referred in the year (referrals)"] == "10 (10)" and e["Risk reduced to low"] == "7"
    f = dict(r for r in tables["First-time entrants per 100,000"][1:])
    assert f["Children in care aged 10-17 in the year"] == "10"
    assert f["Published comparators"].startswith("none loaded")


def test_report_new_sections_are_suppressed_in_the_pdf(year_of_work, tmp_path):
    text = " ".join(_pdf_text(report_pdf(board_report(2018)), tmp_path).split())
    assert "Value for money: cost avoided against 2016-17" in text and "Value for money: the assumptions" in text
    assert "Exploitation and the MASE panel" in text and "Early help with police community support officers" in text
    # 1 criminalised this year, 4 at the baseline: the row's rate, count and avoided are c (and its cost)
    assert "Children convicted or c c c" in text
    assert "Children aged 10-17 in c 0 c" in text  # 2 in custody at the baseline: its rate and avoided are c
    # The lone high risk (1 of 8) is c and takes the next smallest cell (7 low) with it (secondary suppression)
    assert "Risk at 31 March: Low c" in text and "Risk at 31 March: High c" in text
    assert "Risk reduced to low c" in text and "Risk raised c" in text
    assert "Children and families referred in the year (referrals) 10 (10)" in text
    assert "0.5 of a year in custody" in text
