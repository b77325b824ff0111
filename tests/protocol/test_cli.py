import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from divert.core.roles import Role
from divert.protocol.models import ProtocolCase

from .helpers import complete_required, suspect_at_home

pytestmark = pytest.mark.django_db


def run(*args):
    from io import StringIO

    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_cli_open_send_refused_until_complete_then_agenda(users):
    child, _, incident = suspect_at_home()
    cicpo = users[Role.CICPO].username
    out = run("protocol", "open", "--user", cicpo, "--child", child.child_id, "--incident", incident.reference)
    case = ProtocolCase.objects.get()
    assert f"case {case.pk} opened" in out
    assert "already open" in run("protocol", "open", "--user", cicpo, "--child", child.child_id,
                                 "--incident", incident.reference)
    assert child.first_name not in run("protocol", "show", "--user", cicpo, "--case", str(case.pk))
    with pytest.raises(CommandError, match="The social worker's views"):
        run("protocol", "send", "--user", cicpo, "--case", str(case.pk), "--to", "panel")
    complete_required(case, users)
    assert "Sent to the out-of-court disposal panel" in run("protocol", "send", "--user", cicpo, "--case",
                                                            str(case.pk), "--to", "panel")
    out = run("panel", "agenda", "--date", timezone.localdate().isoformat(), "--user",
              users[Role.YOUTH_JUSTICE].username)
    assert f"1. case {case.pk} (Referred since the last panel)" in out
    with pytest.raises(CommandError, match="Refused"):
        run("panel", "agenda", "--date", timezone.localdate().isoformat(), "--user",
            users[Role.SOCIAL_WORKER].username)


def test_cli_social_worker_cannot_open(users):
    child, _, incident = suspect_at_home()
    with pytest.raises(CommandError, match="Refused"):
        run("protocol", "open", "--user", users[Role.SOCIAL_WORKER].username, "--child", child.child_id,
            "--incident", incident.reference)


def test_cli_prosecutor_decides_only_cps_referrals(users):
    from .helpers import sent_case

    cps, panel = sent_case(users, to="cps"), sent_case(users, to="panel")
    pros = users[Role.PROSECUTOR].username
    out = run("protocol", "decide", "--user", pros, "--case", str(cps.pk), "--decision", "Charge",
              "--reasons", "Evidential and public interest stages met")
    assert f"case {cps.pk}: Decided" in out
    with pytest.raises(CommandError, match="No such case"):
        run("protocol", "decide", "--user", pros, "--case", str(panel.pk), "--decision", "Charge", "--reasons", "x")
    with pytest.raises(CommandError, match="already recorded"):
        run("protocol", "decide", "--user", pros, "--case", str(cps.pk), "--decision", "Charge", "--reasons", "x")


def test_cli_panel_decision_first_time_entrant_must_be_confirmed(users):
    from divert.protocol.models import PanelDecision

    from .helpers import sent_case

    case = sent_case(users)
    yj = users[Role.YOUTH_JUSTICE].username
    day = timezone.localdate().isoformat()
    run("panel", "agenda", "--date", day, "--user", yj)
    out = run("panel", "members", "--date", day, "--user", yj, "--member", "A Chair|Chair|yjs",
              "--member", "P Officer|Police decision-maker|police")
    assert "2 member(s)" in out
    args = ("panel", "decide", "--user", yj, "--case", str(case.pk), "--outcome", "youth_caution", "--gravity", "3")
    with pytest.raises(CommandError, match="first-time entrant"):
        run(*args)
    assert not PanelDecision.objects.exists()
    with pytest.raises(CommandError, match="No active user 'YJS worker'"):
        run(*args, "--confirm-first-time-entrant", "--intervention", f"Weekly sessions|YJS worker|{day}")
    with pytest.raises(CommandError, match="cannot own an intervention"):  # an analyst sees no protocol case
        run(*args, "--confirm-first-time-entrant", "--intervention",
            f"Weekly sessions|{users[Role.ANALYST].username}|{day}")
    out = run(*args, "--confirm-first-time-entrant", "--intervention", f"Weekly sessions|{yj}|{day}|YJS team")
    assert "first-time entrant" in out and "1 intervention(s)" in out
    d = PanelDecision.objects.get()
    assert d.interventions.get().owner.username == yj and d.interventions.get().owner_note == "YJS team"
    assert d.first_time_entrant and d.meeting.held_on.isoformat() == day
    out = run("panel", "interventions", "--user", yj)
    iv = d.interventions.get()
    assert f"{iv.pk}: case {case.pk}, due {day}" in out and case.child.last_name not in out
    assert f"intervention {iv.pk}: done" in run("panel", "done", "--user", yj, "--intervention", str(iv.pk))
    with pytest.raises(CommandError, match="Refused"):
        run("panel", "interventions", "--user", users[Role.ANALYST].username)


def test_cli_panel_refuses_to_add_an_unsent_case(users):
    from .helpers import open_for

    case = open_for(users[Role.CICPO])
    yj = users[Role.YOUTH_JUSTICE].username
    day = timezone.localdate().isoformat()
    run("panel", "agenda", "--date", day, "--user", yj)
    with pytest.raises(CommandError, match="not been sent"):
        run("panel", "add", "--date", day, "--user", yj, "--case", str(case.pk))


def test_cli_protocol_questions_call_the_action_and_print_no_answers(users):
    child, _, incident = suspect_at_home()
    sw = users[Role.SOCIAL_WORKER].username
    run("protocol", "open", "--user", users[Role.CICPO].username, "--child", child.child_id,
        "--incident", incident.reference)
    case = ProtocolCase.objects.get()
    with pytest.raises(CommandError, match="Give the reasons"):
        run("protocol", "questions", "--user", sw, "--case", str(case.pk), "--family-test", "no")
    out = run("protocol", "questions", "--user", sw, "--case", str(case.pk), "--family-test", "no",
              "--family-test-reasons", "A parent would have mended the door", "--behaviour-policy-followed", "no",
              "--childs-account", "I was angry about my phone")
    case.refresh_from_db()
    assert case.family_test == "no" and case.behaviour_policy_followed is False
    assert case.childs_account == "I was angry about my phone"
    assert "saved 4 answer(s)" in out and "childs-account: answered" in out and "victim-wishes: not answered" in out
    assert "angry" not in out and "mended" not in out
    with pytest.raises(CommandError, match="Someone else saved"):
        run("protocol", "questions", "--user", sw, "--case", str(case.pk), "--version", "0", "--victim-wishes", "x")
    with pytest.raises(CommandError, match="No such case"):
        run("protocol", "questions", "--user", users[Role.ANALYST].username, "--case", str(case.pk))
