"""`divert protocol remind`: real SMTP through the suite's local server."""

import datetime as dt

import pytest
from django.utils import timezone

from divert.core.models import AccessLog
from divert.core.roles import Role
from divert.protocol.reminders import send_reminders

from .helpers import decide, open_for, sent_case
from .test_cli import run

pytestmark = pytest.mark.django_db


def _emails(users):
    for u in users.values():
        u.email = f"{u.username}@example.invalid"
        u.save()


def test_reminders_email_section_owners_and_the_panel(users, smtp_server):
    _emails(users)
    case = open_for(users[Role.CICPO])
    later = timezone.localdate() + dt.timedelta(days=12)
    decided = sent_case(users)
    decide(users, decided, "outcome_22", 2, conditions="Victim awareness", review_on=later,
           interventions=[{"description": "Victim awareness", "owner": "YJS", "due_on": later - dt.timedelta(1)}])
    result = send_reminders(today=later)
    assert result.sections > 0 and result.reviews == 1 and result.interventions == 1
    to = {m["to"][0]: m["message"] for m in smtp_server.messages}
    assert len(smtp_server.messages) == result.emails
    sw = to[users[Role.SOCIAL_WORKER].email].get_content()
    assert f"Case {case.pk}" in sw and "The social worker's views and the care plan" in sw
    assert case.child.last_name not in sw  # case numbers and 903 ids only
    yj = to[users[Role.YOUTH_JUSTICE].email].get_content()
    assert f"Case {decided.pk}" in yj and "Victim awareness" in yj
    assert users[Role.ANALYST].email not in to
    assert AccessLog.objects.filter(channel="email", user=users[Role.SOCIAL_WORKER], child=case.child).exists()


def test_remind_command_dry_run_sends_nothing(users, smtp_server):
    _emails(users)
    open_for(users[Role.CICPO])
    day = (timezone.localdate() + dt.timedelta(days=11)).isoformat()
    out = run("protocol", "remind", "--date", day, "--dry-run")
    assert "would send" in out and smtp_server.messages == []
    out = run("protocol", "remind", "--date", day)
    assert "sent" in out and len(smtp_server.messages) >= 2
