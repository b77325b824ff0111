"""Builders for protocol tests: a child placed at a home, suspected in an incident, and a ready case."""

from django.utils import timezone

from divert.core.roles import Role
from divert.protocol.actions import fill_section, open_case
from divert.protocol.models import SectionResponse
from tests.factories import ChildFactory, HomeFactory, IncidentFactory, InvolvementFactory, PlacementFactory


def suspect_at_home(*, dob=None):
    home = HomeFactory()
    kw = {"date_of_birth": dob} if dob else {}
    child = ChildFactory(**kw)
    PlacementFactory(child=child, home=home)
    incident = IncidentFactory(home=home, crime_type="Criminal damage")
    InvolvementFactory(incident=incident, child=child)
    return child, home, incident


def open_for(cicpo, **kw):
    child, home, incident = suspect_at_home(**kw)
    case, _ = open_case(actor=cicpo, child=child, opened_from="daily_list", incident=incident)
    return case


def complete_required(case, users: dict):
    """Complete every mandatory section of the case, each by a user of its owner role."""
    for r in SectionResponse.objects.filter(form__case=case, section__requirement="mandatory"):
        fill_section(actor=users[r.owner_role], response=r, text=f"Answer for {r.section.key}")
    for r in SectionResponse.objects.filter(form__case=case, section__requirement="conditional"):
        fill_section(actor=users[Role.CICPO], response=r, text="", state=SectionResponse.State.NOT_APPLICABLE)


def now():
    return timezone.now()


def sent_case(users, *, to="panel", **kw):
    """A case with its mandatory sections complete, sent to the panel or the prosecutor."""
    from divert.protocol.actions import send_case

    case = open_for(users[Role.CICPO], **kw)
    complete_required(case, users)
    return send_case(actor=users[Role.CICPO], case=case, to=to)


def decide(users, case, code="community_resolution", score=2, **kw):
    from divert.protocol.actions import record_panel_decision
    from divert.protocol.models import Outcome

    return record_panel_decision(actor=users[Role.YOUTH_JUSTICE], case=case, outcome=Outcome.objects.get(code=code),
                                 gravity_score=score, **kw)
