"""`divert outcomes reconcile|resolve|report|comparators`: the same actions as the pages."""

import io
import json
import subprocess

import pytest
from django.core.management import CommandError, call_command

from divert.core.roles import Role
from divert.outcomes.models import PublishedFigure, ReconciliationResolution

from .test_actions import write_ees

pytestmark = pytest.mark.django_db


def _run(*args) -> str:
    out = io.StringIO()
    call_command("outcomes", *args, stdout=out)
    return out.getvalue()


def test_reconcile_and_resolve_from_the_command_line(return_2018, make_user):
    make_user(Role.ANALYST, username="ana")
    body = json.loads(_run("reconcile", "--user", "ana", "--year", "2018", "--json"))
    assert {d["child"]: d["kind"] for d in body["differences"]} == {"B": "divert_only", "G": "return_only",
                                                                   "H": "charge_only"}
    assert "Resolved B for 2018" in _run("resolve", "--user", "ana", "--year", "2018", "--child", "B",
                                         "--right", "divert", "--note", "PNC checked")
    assert ReconciliationResolution.objects.get().right == "divert"
    assert json.loads(_run("reconcile", "--user", "ana", "--year", "2018", "--json"))["corrected_numerator"] == 4
    make_user(Role.CICPO, username="officer")
    with pytest.raises(CommandError, match="Refused"):
        _run("reconcile", "--user", "officer", "--year", "2018")
    with pytest.raises(CommandError, match="agree"):
        _run("resolve", "--user", "ana", "--year", "2018", "--child", "A", "--right", "divert", "--note", "x")


def test_report_command_writes_pdf_and_docx(return_2018, tmp_path):
    from docx import Document

    pdf, docx = tmp_path / "r.pdf", tmp_path / "r.docx"
    assert "suppressed" in _run("report", "--year", "2018", "--format", "pdf", "--out", str(pdf))
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    assert "Missing from care" in text
    _run("report", "--year", "2018", "--format", "docx", "--out", str(docx))
    assert "Missing from care" in [p.text for p in Document(str(docx)).paragraphs]


def test_comparators_command_loads_the_published_csv(tmp_path, make_user):
    make_user(Role.ANALYST, username="ana")
    out = _run("comparators", str(write_ees(tmp_path)), "--user", "ana", "--source", "DfE CLA statistics 2018")
    assert "Loaded 3 published figures" in out and PublishedFigure.objects.count() == 3
