import subprocess

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def test_cli_finalise_obeys_the_rule(returned_episode, coordinator, capsys):
    with pytest.raises(CommandError, match="Cannot finalise"):
        call_command("missing", "finalise", "--episode", str(returned_episode.pk), "--user", "coord")
    returned_episode.refresh_from_db()
    assert returned_episode.state == "returned"
    from divert.missing import actions

    from .conftest import close_interview

    close_interview(returned_episode, coordinator)
    actions.record_referrals(episode=returned_episode, user=coordinator, referrals=[("health", "")])
    call_command("missing", "finalise", "--episode", str(returned_episode.pk), "--user", "coord")
    returned_episode.refresh_from_db()
    assert returned_episode.state == "finalised"


def test_cli_build_and_compliance_print_no_names(returned_episode, capsys):
    call_command("missing", "build")
    call_command("missing", "compliance", "--date", "2026-10-06")
    out = capsys.readouterr().out
    assert "episodes_created: 0" in out and "return_interview_overdue (1)" in out
    assert "Example" not in out and returned_episode.child.child_id not in out


def test_cli_pack_pseudonymised(returned_episode, tmp_path):
    out = tmp_path / "pack.pdf"
    call_command("missing", "pack", "--month", "2026-10", "--out", str(out), "--pseudonymise")
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "October 2026" in text and "Example" not in text
