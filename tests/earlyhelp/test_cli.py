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


def test_cli_records_and_refers_a_family_not_in_care_then_reassigns(reference, pcso, other_pcso, service, capsys):
    from divert.earlyhelp.models import FamilyAccess

    call_command("earlyhelp", "family", "--user", "service", "--reference", "EH-900", "--initials", "MN",
                 "--postcode-district", "PO2")
    call_command("earlyhelp", "refer", "--user", "service", "--family", "eh-900", "--worker", "pcso",
                 "--source", "police", "--concern", "asb", "--risk", "high", "--reason", "Fires in the park")
    r = Referral.objects.get()
    assert f"Referral {r.pk} made for EH-900" in capsys.readouterr().out
    call_command("earlyhelp", "caseload", "--user", "pcso", "--json")
    [row] = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert (row["child"], row["not_in_care"]) == ("EH-900", True)
    assert FamilyAccess.objects.filter(family=r.family, access__user=pcso, access__channel="cli").exists()
    with pytest.raises(CommandError, match="Refused"):
        call_command("earlyhelp", "reassign", "--user", "pcso", "--referral", str(r.pk), "--worker", "pcso-2")
    with pytest.raises(CommandError, match="No such referral"):
        call_command("earlyhelp", "review", "--user", "pcso-2", "--referral", str(r.pk), "--risk", "low")
    assert FamilyAccess.objects.filter(family=r.family, access__user=other_pcso,
                                       access__what="refused: early-help referral").exists()
    call_command("earlyhelp", "reassign", "--user", "service", "--referral", str(r.pk), "--worker", "pcso-2")
    r.refresh_from_db()
    assert r.worker == other_pcso
    with pytest.raises(CommandError, match="No such family"):
        call_command("earlyhelp", "refer", "--user", "pcso", "--family", "EH-900", "--worker", "pcso",
                     "--source", "police", "--concern", "asb", "--risk", "high", "--reason", "x")
