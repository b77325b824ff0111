import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.utils import timezone

from divert.core.models import AuditEvent
from divert.core.roles import Role
from divert.protocol import actions
from divert.protocol.models import AgendaItem, Outcome, ProtocolCase, SectionResponse
from divert.protocol.selectors import cases_visible_to, missing_sections
from tests.factories import CustodyRecordFactory

from .helpers import complete_required, open_for, suspect_at_home

pytestmark = pytest.mark.django_db


def test_open_case_links_placement_home_forms_and_is_idempotent_per_offence(users):
    child, home, incident = suspect_at_home()
    case, created = actions.open_case(actor=users[Role.CICPO], child=child, opened_from="daily_list",
                                      incident=incident)
    assert created and case.home == home and case.placement.home == home and case.in_the_home is True
    assert case.suspected_offence == "Criminal damage"
    assert list(case.incidents.all()) == [incident]
    assert sorted(f.version.template.slug for f in case.forms.all()) == ["child-information-form",
                                                                        "ten-point-checklist"]
    again, created2 = actions.open_case(actor=users[Role.CICPO], child=child, opened_from="by_hand",
                                        incident=incident)
    assert again.pk == case.pk and not created2
    assert ProtocolCase.objects.count() == 1
    assert AuditEvent.objects.filter(action="protocol.case_opened").count() == 1


def test_one_case_per_suspected_offence_constraint(users):
    case = open_for(users[Role.CICPO])
    with pytest.raises(IntegrityError):
        ProtocolCase.objects.create(child=case.child, offence_key=case.offence_key, suspected_offence="x",
                                    opened_from="by_hand")


def test_open_case_from_custody_record_and_by_hand(users):
    child, _, _ = suspect_at_home()
    cr = CustodyRecordFactory(child=child, offence="Theft")
    case, _ = actions.open_case(actor=users[Role.CICPO], child=child, opened_from="custody_record",
                                custody_record=cr)
    assert case.offence_key == f"custody:{cr.custody_reference}" and case.suspected_offence == "Theft"
    with pytest.raises(ValidationError):
        actions.open_case(actor=users[Role.CICPO], child=child, opened_from="by_hand", suspected_offence="Assault")
    hand, _ = actions.open_case(actor=users[Role.CICPO], child=child, opened_from="by_hand",
                                suspected_offence="Assault", offence_on=dt.date(2026, 3, 1))
    assert hand.pk != case.pk


def test_only_cicpo_or_admin_opens_a_case(users):
    child, _, incident = suspect_at_home()
    with pytest.raises(PermissionDenied):
        actions.open_case(actor=users[Role.SOCIAL_WORKER], child=child, opened_from="daily_list", incident=incident)


def test_prefill_shows_placement_home_social_worker_and_incident_with_sources(users):
    case = open_for(users[Role.CICPO])
    r = SectionResponse.objects.get(form__case=case, section__key="child")
    labels = {p["label"]: p for p in r.prefilled}
    assert labels["Home"]["value"].startswith(case.home.name) and "URN" in labels["Home"]["source"]
    assert labels["Social worker"]["value"] == case.child.social_worker_name
    assert "SSDA903 placement" in labels["Placement"]["source"]
    offence = SectionResponse.objects.get(form__case=case, section__key="offence")
    assert any(case.incidents.first().reference in p["source"] for p in offence.prefilled)


def test_fill_section_only_by_owner_role_or_cicpo(users):
    case = open_for(users[Role.CICPO])
    sw = SectionResponse.objects.get(form__case=case, form__version__template__slug="child-information-form",
                                     section__key="social_worker")
    with pytest.raises(PermissionDenied):
        actions.fill_section(actor=users[Role.YOUTH_JUSTICE], response=sw, text="x")
    actions.fill_section(actor=users[Role.SOCIAL_WORKER], response=sw, text="Care plan: stay")
    sw.refresh_from_db()
    assert sw.state == "complete" and sw.author == users[Role.SOCIAL_WORKER]
    home = SectionResponse.objects.get(form__case=case, section__key="home")
    actions.fill_section(actor=users[Role.CICPO], response=home, text="Policy followed")
    with pytest.raises(ValidationError):
        actions.fill_section(actor=users[Role.CICPO], response=home, text="", state="not_applicable")


def test_send_refused_until_mandatory_sections_complete(users):
    case = open_for(users[Role.CICPO])
    with pytest.raises(actions.CaseIncomplete) as exc:
        actions.send_case(actor=users[Role.CICPO], case=case, to="panel")
    assert any("The social worker's views" in m for m in exc.value.missing)
    assert ProtocolCase.objects.get(pk=case.pk).state == "open"
    complete_required(case, users)
    assert missing_sections(case) == []
    sent = actions.send_case(actor=users[Role.CICPO], case=case, to="panel")
    assert sent.state == "sent_to_panel" and sent.sent_at is not None and not sent.referred_to_cps
    with pytest.raises(ValidationError):
        actions.send_case(actor=users[Role.CICPO], case=case, to="panel")


def test_conditional_section_counts_unless_marked_not_applicable(users):
    case = open_for(users[Role.CICPO])
    complete_required(case, users)
    victim = SectionResponse.objects.get(form__case=case, section__key="victim")
    actions.fill_section(actor=users[Role.CICPO], response=victim, text="Victim wants an apology",
                         state="in_progress")
    assert missing_sections(case) == ["Child Information Form: The victim's views (Children in care police officer)"]


def test_prosecutor_sees_only_cps_referrals_and_records_decision(users):
    panel_case = open_for(users[Role.CICPO])
    cps_case = open_for(users[Role.CICPO])
    for c in (panel_case, cps_case):
        complete_required(c, users)
    actions.send_case(actor=users[Role.CICPO], case=panel_case, to="panel")
    actions.send_case(actor=users[Role.CICPO], case=cps_case, to="cps")
    assert list(cases_visible_to(users[Role.PROSECUTOR])) == [cps_case]
    with pytest.raises(PermissionDenied):
        actions.record_charging_decision(actor=users[Role.PROSECUTOR], case=panel_case, decision="Charge",
                                         reasons="x")
    done = actions.record_charging_decision(actor=users[Role.PROSECUTOR], case=cps_case, decision="No charge",
                                            reasons="Not in the public interest")
    assert done.state == "decided"


def test_provider_manager_sees_only_their_homes_cases(users):
    pm = users[Role.PROVIDER_MANAGER]
    case = open_for(users[Role.CICPO])
    assert list(cases_visible_to(pm)) == []
    case.home.provider = pm.profile.provider
    case.home.save()
    assert list(cases_visible_to(pm)) == [case]
    assert list(cases_visible_to(users[Role.ANALYST])) == []


def _sent_to_panel(users):
    case = open_for(users[Role.CICPO])
    complete_required(case, users)
    return actions.send_case(actor=users[Role.CICPO], case=case, to="panel")


def test_panel_agenda_built_from_referrals_and_reviews(users):
    yj = users[Role.YOUTH_JUSTICE]
    first = _sent_to_panel(users)
    today = timezone.localdate()
    m1, _ = actions.create_panel(actor=yj, held_on=today)
    assert [i.case for i in m1.items.all()] == [first]
    decision = actions.record_panel_decision(actor=yj, case=first, meeting=m1, gravity_score=2,
                                             outcome=Outcome.objects.get(code="community_resolution"),
                                             review_on=today + dt.timedelta(days=3))
    second = _sent_to_panel(users)
    ProtocolCase.objects.filter(pk=second.pk).update(sent_at=timezone.now() + dt.timedelta(days=1))
    m2, _ = actions.create_panel(actor=yj, held_on=today + dt.timedelta(days=7))
    items = list(m2.items.all())
    assert [(i.case_id, i.reason) for i in items] == [(second.pk, AgendaItem.Reason.REFERRED),
                                                      (decision.case_id, AgendaItem.Reason.REVIEW)]
    actions.reorder_agenda(actor=yj, meeting=m2, case_ids=[first.pk, second.pk])
    assert [i.case_id for i in m2.items.order_by("position")] == [first.pk, second.pk]
    with pytest.raises(PermissionDenied):
        actions.create_panel(actor=users[Role.SOCIAL_WORKER], held_on=today)


def test_panel_decision_needs_departure_rationale(users):
    case = _sent_to_panel(users)
    cr = Outcome.objects.get(code="community_resolution")
    with pytest.raises(ValidationError, match="departs"):
        actions.record_panel_decision(actor=users[Role.YOUTH_JUSTICE], case=case, gravity_score=3, outcome=cr)
    d = actions.record_panel_decision(actor=users[Role.YOUTH_JUSTICE], case=case, gravity_score=3, outcome=cr,
                                      departure_rationale="First incident, full admission, victim content",
                                      interventions=[{"description": "Restorative meeting",
                                                      "owner": users[Role.YOUTH_JUSTICE],
                                                      "due_on": dt.date(2026, 7, 1)}])
    assert d.interventions.count() == 1 and not d.first_time_entrant
    assert ProtocolCase.objects.get(pk=case.pk).state == "decided"


def test_panel_decision_fte_must_be_confirmed(users):
    case = _sent_to_panel(users)
    yc = Outcome.objects.get(code="youth_caution")
    with pytest.raises(actions.FirstTimeEntrantNotConfirmed):
        actions.record_panel_decision(actor=users[Role.YOUTH_JUSTICE], case=case, gravity_score=3, outcome=yc)
    d = actions.record_panel_decision(actor=users[Role.YOUTH_JUSTICE], case=case, gravity_score=3, outcome=yc,
                                      first_time_entrant_confirmed=True)
    assert d.first_time_entrant
    # A second caution for the same child is not a first-time entry.
    child = case.child
    other, _ = actions.open_case(actor=users[Role.CICPO], child=child, opened_from="by_hand",
                                 suspected_offence="Theft", offence_on=timezone.localdate())
    complete_required(other, users)
    actions.send_case(actor=users[Role.CICPO], case=other, to="panel")
    d2 = actions.record_panel_decision(actor=users[Role.YOUTH_JUSTICE], case=other, gravity_score=3, outcome=yc)
    assert not d2.first_time_entrant
