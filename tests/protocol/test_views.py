import datetime as dt

import pytest
from django.utils import timezone

from divert.core.models import AccessLog
from divert.core.roles import Role
from divert.protocol.actions import open_case, send_case
from divert.protocol.models import PanelDecision, ProtocolCase, SectionResponse

from .helpers import complete_required, decide, sent_case, suspect_at_home

pytestmark = pytest.mark.django_db


def test_open_from_daily_list_entry_fill_and_send_through_pages(client, users):
    child, _, incident = suspect_at_home()
    client.force_login(users[Role.CICPO])
    assert client.get(f"/protocol/open/?incident={incident.pk}").status_code == 200
    r = client.post(f"/protocol/open/?incident={incident.pk}", {"suspected_offence": "", "offence_on": ""})
    case = ProtocolCase.objects.get()
    assert r.status_code == 302 and r.url == f"/protocol/cases/{case.pk}/"
    page = client.get(r.url)
    assert page.status_code == 200 and "The social worker&#x27;s views and the care plan" in page.content.decode()
    assert AccessLog.objects.filter(channel="page", child=child, what=f"protocol case {case.pk}").exists()
    refused = client.post(f"/protocol/cases/{case.pk}/send/", {"to": "panel"})
    body = refused.content.decode()
    assert refused.status_code == 400 and "govuk-error-summary" in body and "(Social worker)" in body
    assert ProtocolCase.objects.get(pk=case.pk).state == "open"
    sw = SectionResponse.objects.get(form__case=case, section__key="social_worker")
    client.force_login(users[Role.YOUTH_JUSTICE])
    assert client.get(f"/protocol/cases/{case.pk}/sections/{sw.pk}/").status_code == 403
    client.force_login(users[Role.SOCIAL_WORKER])
    r = client.post(f"/protocol/cases/{case.pk}/sections/{sw.pk}/", {"text": "Care plan: stay", "state": "complete"})
    assert r.status_code == 302
    sw.refresh_from_db()
    assert sw.state == "complete" and sw.author == users[Role.SOCIAL_WORKER]
    complete_required(case, users)
    client.force_login(users[Role.CICPO])
    assert client.post(f"/protocol/cases/{case.pk}/send/", {"to": "panel"}).status_code == 302
    assert ProtocolCase.objects.get(pk=case.pk).state == "sent_to_panel"


def test_panel_page_fte_warning_then_confirm(client, users):
    child, _, incident = suspect_at_home()
    case, _ = open_case(actor=users[Role.CICPO], child=child, opened_from="daily_list", incident=incident)
    complete_required(case, users)
    send_case(actor=users[Role.CICPO], case=case, to="panel")
    client.force_login(users[Role.YOUTH_JUSTICE])
    today = timezone.localdate().isoformat()
    r = client.post("/protocol/panels/", {"held_on": today})
    assert r.status_code == 302
    agenda = client.get(f"/protocol/panels/{today}/").content.decode()
    assert f"Case {case.pk}" in agenda
    data = {"gravity_score": "3", "outcome": "youth_caution", "decided_by": "joint"}
    r = client.post(f"/protocol/cases/{case.pk}/decision/", data)
    body = r.content.decode()
    assert r.status_code == 400 and "would make the child a first-time entrant" in body
    assert "No previous outcome recorded" in body
    assert not PanelDecision.objects.exists()
    r = client.post(f"/protocol/cases/{case.pk}/decision/", {**data, "first_time_entrant_confirmed": "on"})
    assert r.status_code == 302
    assert PanelDecision.objects.get().first_time_entrant


def test_community_resolution_with_intervention_through_page(client, users):
    child, _, incident = suspect_at_home()
    case, _ = open_case(actor=users[Role.CICPO], child=child, opened_from="daily_list", incident=incident)
    complete_required(case, users)
    send_case(actor=users[Role.CICPO], case=case, to="panel")
    client.force_login(users[Role.YOUTH_JUSTICE])
    r = client.post(f"/protocol/cases/{case.pk}/decision/", {
        "gravity_score": "2", "outcome": "community_resolution", "decided_by": "joint",
        "intervention": "Restorative meeting with the victim", "intervention_owner": str(users[Role.ANALYST].pk),
        "intervention_due_on": "2026-12-20"})
    assert r.status_code == 400  # an analyst cannot see protocol cases, so is not offered as an owner
    sw = users[Role.SOCIAL_WORKER]
    page = client.get(f"/protocol/cases/{case.pk}/decision/").content.decode()
    assert f'<option value="{sw.pk}">{sw.username} (Social worker)</option>' in page
    assert f'value="{users[Role.ANALYST].pk}"' not in page and f'value="{users[Role.PROSECUTOR].pk}"' not in page
    r = client.post(f"/protocol/cases/{case.pk}/decision/", {
        "gravity_score": "2", "outcome": "community_resolution", "decided_by": "joint",
        "intervention": "Restorative meeting with the victim", "intervention_owner": str(sw.pk),
        "intervention_due_on": "2026-12-20"})
    assert r.status_code == 302
    d = PanelDecision.objects.get()
    assert not d.first_time_entrant and d.interventions.get().owner == sw


def test_prosecutor_and_analyst_page_scoping(client, users):
    child, _, incident = suspect_at_home()
    case, _ = open_case(actor=users[Role.CICPO], child=child, opened_from="daily_list", incident=incident)
    client.force_login(users[Role.PROSECUTOR])
    assert client.get(f"/protocol/cases/{case.pk}/").status_code == 404
    assert f"Case {case.pk}" not in client.get("/protocol/").content.decode()
    client.force_login(users[Role.ANALYST])
    assert client.get("/protocol/").status_code == 403


def test_protocol_questions_page_requires_reasons_for_family_test(client, users):
    child, _, incident = suspect_at_home()
    case, _ = open_case(actor=users[Role.CICPO], child=child, opened_from="daily_list", incident=incident)
    client.force_login(users[Role.PROVIDER_MANAGER])
    assert client.get(f"/protocol/cases/{case.pk}/questions/").status_code == 404  # not their home
    client.force_login(users[Role.SOCIAL_WORKER])
    r = client.post(f"/protocol/cases/{case.pk}/questions/", {"family_test": "no"})
    assert r.status_code == 400 and "Give the reasons" in r.content.decode()
    r = client.post(f"/protocol/cases/{case.pk}/questions/", {
        "family_test": "no", "family_test_reasons": "A parent would have dealt with a broken door",
        "behaviour_policy_followed": "no", "modern_slavery_s45": ""})
    assert r.status_code == 302
    case.refresh_from_db()
    assert case.family_test == "no" and case.behaviour_policy_followed is False and case.modern_slavery_s45 is None


def test_prosecutor_records_charging_decision_on_page(client, users):
    child, _, incident = suspect_at_home()
    case, _ = open_case(actor=users[Role.CICPO], child=child, opened_from="daily_list", incident=incident)
    complete_required(case, users)
    send_case(actor=users[Role.CICPO], case=case, to="cps")
    client.force_login(users[Role.PROSECUTOR])
    page = client.get(f"/protocol/cases/{case.pk}/").content.decode()
    assert "Record the charging decision" in page
    r = client.post(f"/protocol/cases/{case.pk}/charging-decision/", {"decision": "No prosecution",
                                                                     "reasons": "Not in the public interest"})
    assert r.status_code == 302
    case.refresh_from_db()
    assert case.state == "decided" and case.charging_reasons == "Not in the public interest"
    client.force_login(users[Role.CICPO])
    assert client.get(f"/protocol/cases/{case.pk}/charging-decision/").status_code == 403


def test_open_from_arrest_alert_link(client, users):
    from tests.factories import CustodyRecordFactory

    child, _, _ = suspect_at_home()
    cr = CustodyRecordFactory(child=child, offence="Theft from a shop")
    client.force_login(users[Role.CICPO])
    r = client.post(f"/protocol/open/?custody={cr.pk}&from=alert", {"suspected_offence": "", "offence_on": ""})
    case = ProtocolCase.objects.get()
    assert r.status_code == 302 and case.opened_from == "arrest_alert" and case.custody_record == cr
    assert case.suspected_offence == "Theft from a shop"


def test_panel_members_add_case_and_interventions_pages(client, users):
    import datetime as dt

    from .helpers import decide, open_for, sent_case

    case, unsent = sent_case(users), open_for(users[Role.CICPO])
    day = timezone.localdate().isoformat()
    client.force_login(users[Role.YOUTH_JUSTICE])
    client.post("/protocol/panels/", {"held_on": day})
    r = client.post(f"/protocol/panels/{day}/members/", {
        "form-TOTAL_FORMS": "2", "form-INITIAL_FORMS": "0", "form-0-name": "A Chair", "form-0-role": "Chair",
        "form-0-agency": "yjs", "form-1-name": "", "form-1-role": "", "form-1-agency": ""})
    assert r.status_code == 302
    page = client.get(f"/protocol/panels/{day}/").content.decode()
    assert "A Chair, Chair (Youth Justice Service)" in page
    bad = client.post(f"/protocol/panels/{day}/members/", {
        "form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "0", "form-0-name": "No agency", "form-0-role": "Chair",
        "form-0-agency": ""})
    assert bad.status_code == 400 and "choose an agency" in bad.content.decode()
    r = client.post(f"/protocol/panels/{day}/", {"add": "1", "case": str(unsent.pk)}, follow=True)
    assert "has not been sent to the panel" in r.content.decode()
    due = timezone.localdate() + dt.timedelta(days=7)
    decide(users, case, interventions=[{"description": "Apology letter", "owner": users[Role.YOUTH_JUSTICE],
                                        "due_on": due}])
    page = client.get("/protocol/interventions/").content.decode()
    assert "Apology letter" in page and "Mark done" in page
    iv = PanelDecision.objects.get().interventions.get()
    assert client.post(f"/protocol/interventions/{iv.pk}/done/").status_code == 302
    iv.refresh_from_db()
    assert iv.done_on == timezone.localdate()
    assert "No interventions." in client.get("/protocol/interventions/").content.decode()
    client.force_login(users[Role.SOCIAL_WORKER])
    assert client.get("/protocol/interventions/").status_code == 403


def test_child_page_shows_protocol_outcomes(client, users):
    from .helpers import decide, sent_case

    case = sent_case(users)
    decide(users, case, "youth_caution", 3, first_time_entrant_confirmed=True)
    client.force_login(users[Role.CICPO])
    page = client.get(f"/registers/children/{case.child.pk}/").content.decode()
    assert "Protocol cases and outcomes" in page and "Youth caution (outcome 2) recorded at the panel" in page


def test_leaving_care_adviser_sees_their_care_leavers_cases(client, users, make_user):
    from .helpers import open_for

    adviser = make_user(Role.LEAVING_CARE)
    mine, other = open_for(users[Role.CICPO]), open_for(users[Role.CICPO])
    mine.child.leaving_care_adviser = adviser
    mine.child.save()
    client.force_login(adviser)
    page = client.get("/protocol/").content.decode()
    assert f"Case {mine.pk}" in page and f"Case {other.pk}<" not in page
    assert client.get(f"/protocol/cases/{other.pk}/").status_code == 404


def test_case_list_and_interventions_page_through_everything(client, users):
    from divert.protocol.models import Intervention

    case = sent_case(users)
    ProtocolCase.objects.bulk_create([
        ProtocolCase(child=case.child, offence_key=f"hand:{n}", suspected_offence=f"Offence {n}",
                     opened_from="by_hand") for n in range(55)])
    decision = decide(users, case)
    due = timezone.localdate()
    Intervention.objects.bulk_create([
        Intervention(decision=decision, description=f"Step {n:02}", owner=users[Role.YOUTH_JUSTICE],
                     due_on=due + dt.timedelta(days=n)) for n in range(52)])
    client.force_login(users[Role.YOUTH_JUSTICE])
    first = client.get("/protocol/").content.decode()
    assert "Page 1 of 2 (1 to 50 of 56)" in first
    assert "Page 2 of 2 (51 to 56 of 56)" in client.get("/protocol/?page=2").content.decode()
    page = client.get("/protocol/interventions/").content.decode()
    assert "Step 49" in page and "Step 50" not in page and "Page 1 of 2" in page
    title = page.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "Page 1 of 2" not in title and "<nav" not in title  # the browser tab shows the title, not the pager
    done_too = client.get("/protocol/interventions/?all=1").content.decode()
    assert "all=1&amp;page=2" in done_too
    assert "Step 51" in client.get("/protocol/interventions/?page=2").content.decode()
