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
           interventions=[{"description": "Victim awareness", "owner": users[Role.YOUTH_JUSTICE],
                           "due_on": later - dt.timedelta(1)}])
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


def test_a_second_run_the_same_day_sends_nothing_new(users, smtp_server):
    _emails(users)
    case = open_for(users[Role.CICPO])
    day = timezone.localdate() + dt.timedelta(days=11)
    first = send_reminders(today=day)
    assert first.emails >= 2 and len(smtp_server.messages) == first.emails
    again = send_reminders(today=day)
    assert again.emails == 0 and again.already_sent > 0 and again.recipients == 0
    assert len(smtp_server.messages) == first.emails  # nothing new arrived
    # Something that falls due later the same day is still sent, to that person only, and nothing else again.
    later_case = open_for(users[Role.CICPO])
    from divert.protocol.models import ProtocolCase

    ProtocolCase.objects.filter(pk=later_case.pk).update(created_at=case.created_at)
    third = send_reminders(today=day)
    new = smtp_server.messages[first.emails:]
    assert third.emails == len(new) > 0
    for m in new:
        body = m["message"].get_content()
        assert f"Case {later_case.pk}" in body and f"Case {case.pk} " not in body
    # The next day is a new day: the reminders are sent again.
    assert send_reminders(today=day + dt.timedelta(days=1)).emails == first.emails


def test_remind_command_twice_sends_once_and_says_so(users, smtp_server):
    _emails(users)
    open_for(users[Role.CICPO])
    day = (timezone.localdate() + dt.timedelta(days=11)).isoformat()
    run("protocol", "remind", "--date", day)
    count = len(smtp_server.messages)
    out = run("protocol", "remind", "--date", day)
    assert len(smtp_server.messages) == count and "sent 0 email(s)" in out and "already sent today" in out


def test_overdue_intervention_goes_to_its_owner_only(users, make_user, smtp_server):
    _emails(users)
    other_yj = make_user(Role.YOUTH_JUSTICE)
    owner = users[Role.SOCIAL_WORKER]
    later = timezone.localdate() + dt.timedelta(days=30)
    case = sent_case(users)
    decide(users, case, interventions=[{"description": "Restorative meeting", "owner": owner,
                                        "due_on": later - dt.timedelta(1)}])
    result = send_reminders(today=later)
    assert result.interventions == 1 and result.to_owner == 1
    to = {m["to"][0]: m["message"].get_content() for m in smtp_server.messages}
    assert "Restorative meeting" in to[owner.email]
    for yj in (users[Role.YOUTH_JUSTICE], other_yj):
        assert "Restorative meeting" not in to.get(yj.email, "")


def test_intervention_without_a_reachable_owner_falls_back_to_youth_justice(users, make_user, smtp_server):
    from divert.protocol.models import Intervention

    _emails(users)
    later = timezone.localdate() + dt.timedelta(days=30)
    case = sent_case(users)
    decide(users, case, interventions=[{"description": "Apology letter", "owner": users[Role.SOCIAL_WORKER],
                                        "due_on": later - dt.timedelta(1)}])
    # As migrated from the free-text owner: no user, the text kept as a note.
    Intervention.objects.update(owner=None, owner_note="YJS duty team")
    result = send_reminders(today=later)
    assert result.to_owner == 0
    to = {m["to"][0]: m["message"].get_content() for m in smtp_server.messages}
    assert "Apology letter (YJS duty team)" in to[users[Role.YOUTH_JUSTICE].email]
    assert "Apology letter" not in to.get(users[Role.SOCIAL_WORKER].email, "")
