import datetime as dt
import shutil
import subprocess

import pytest
from django.utils import timezone

from divert.core.models import AccessLog
from divert.core.roles import Role
from divert.protocol import actions
from divert.protocol.models import Outcome

from .helpers import complete_required, open_for

pytestmark = pytest.mark.django_db


def _pdf_text(pdf: bytes, tmp_path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext not installed")
    path = tmp_path / "p.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_agenda_and_minutes_pdf(client, users, tmp_path):
    case = open_for(users[Role.CICPO])
    complete_required(case, users)
    actions.send_case(actor=users[Role.CICPO], case=case, to="panel")
    yj = users[Role.YOUTH_JUSTICE]
    today = timezone.localdate()
    meeting, _ = actions.create_panel(actor=yj, held_on=today, members=[
        {"name": "A Chair", "role": "Chair", "agency": "Youth Justice Service"}])
    client.force_login(yj)
    agenda = client.get(f"/protocol/panels/{today.isoformat()}/agenda.pdf")
    assert agenda.status_code == 200 and agenda["Content-Type"] == "application/pdf"
    text = _pdf_text(agenda.content, tmp_path)
    assert f"Case {case.pk}" in text and "agenda and papers" in text and "Youth Justice Service" in text
    actions.record_panel_decision(actor=yj, case=case, meeting=meeting, gravity_score=2,
                                  outcome=Outcome.objects.get(code="community_resolution"),
                                  interventions=[{"description": "Letter of apology", "owner": yj,
                                                  "due_on": today + dt.timedelta(days=14)}])
    minutes = _pdf_text(client.get(f"/protocol/panels/{today.isoformat()}/minutes.pdf").content, tmp_path)
    assert "Community resolution (outcome 8)" in minutes and "Letter of apology" in minutes
    assert AccessLog.objects.filter(channel="export", child=case.child).count() == 2
    client.force_login(users[Role.SOCIAL_WORKER])
    assert client.get(f"/protocol/panels/{today.isoformat()}/agenda.pdf").status_code == 403
