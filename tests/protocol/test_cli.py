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
