import json

import pytest
from django.core.management import CommandError, call_command

from divert.core.models import AccessLog
from divert.earlyhelp.models import Referral

from .conftest import days_ago, refer

pytestmark = pytest.mark.django_db


def test_cli_refer_contact_review_close_and_cohorts(reference, child, pcso, service, capsys):
    call_command("earlyhelp", "refer", "--user", "service", "--child", child.child_id, "--worker", "pcso",
                 "--source", "police", "--concern", "asb", "--risk", "medium", "--reason", "Stones at buses",
                 "--on", days_ago(40).isoformat())
    r = Referral.objects.get()
    out = capsys.readouterr().out
    assert f"Referral {r.pk} made for {child.child_id}" in out and child.first_name not in out
    call_command("earlyhelp", "contact", "--user", "pcso", "--referral", str(r.pk), "--intervention",
                 "behaviour-agreement", "--on", days_ago(30).isoformat())
    call_command("earlyhelp", "review", "--user", "pcso", "--referral", str(r.pk), "--risk", "none")
    call_command("earlyhelp", "caseload", "--user", "pcso", "--json")
    [row] = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert (row["trajectory"], row["contacts"], row["child"]) == ("eliminated", 1, child.child_id)
    call_command("earlyhelp", "close", "--user", "pcso", "--referral", str(r.pk), "--reason", "needs_met")
    call_command("earlyhelp", "cohorts", "--user", "pcso", "--json")
    [cohort] = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert cohort["closures_pending"] == 1 and cohort["trajectories"]["eliminated"] == 1
    assert AccessLog.objects.filter(user=pcso, child=child, channel="cli").exists()


def test_cli_refuses_another_pcsos_referral_and_logs_it(reference, child, pcso, other_pcso, service):
    r = refer(child, pcso, service)
    with pytest.raises(CommandError, match="No such referral"):
        call_command("earlyhelp", "review", "--user", "pcso-2", "--referral", str(r.pk), "--risk", "low")
    assert AccessLog.objects.filter(user=other_pcso, child=child, what__startswith="refused").exists()
    with pytest.raises(CommandError, match="Refused"):
        call_command("earlyhelp", "refer", "--user", "pcso", "--child", child.child_id, "--worker", "pcso",
                     "--source", "police", "--concern", "asb", "--risk", "low", "--reason", "x")
