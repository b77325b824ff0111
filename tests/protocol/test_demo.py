import datetime as dt

import pytest
from django.utils import timezone

from divert.core.models import AuditEvent
from divert.core.roles import Role
from divert.protocol.demo import SUSPECT_RATE, seed_demo_history
from divert.protocol.models import PanelDecision, PanelMeeting, ProtocolCase
from tests.factories import ChildFactory, PlacementFactory

pytestmark = pytest.mark.django_db


def test_demo_history_is_calibrated_and_written_through_the_actions(users):
    today = timezone.localdate()
    for i in range(200):
        child = ChildFactory(date_of_birth=today - dt.timedelta(days=365 * 12 + i))
        PlacementFactory(child=child)
    h = seed_demo_history(today=today, seed=3)
    expected = round(200 * SUSPECT_RATE)
    suspects = ProtocolCase.objects.values("child").distinct().count()
    assert h.children_10_17 == 200 and suspects == expected
    assert expected <= h.cases <= expected * 2 and h.cases == ProtocolCase.objects.count()
    assert h.panels == PanelMeeting.objects.count() and h.decisions == PanelDecision.objects.count() > 0
    assert all(m.members for m in PanelMeeting.objects.all())
    assert AuditEvent.objects.filter(action="protocol.case_opened").count() == h.cases
    assert all(d.created_at.date() <= today for d in PanelDecision.objects.all())
    # Run again: nothing more.
    assert seed_demo_history(today=today).cases == 0
    assert ProtocolCase.objects.count() == h.cases
    assert users[Role.PROSECUTOR]  # the demo's prosecutor exists for the charging decisions


def test_demo_cases_link_the_placement_and_home_at_the_time_and_are_decided_where_they_are_listed(users):
    from divert.protocol.models import AgendaItem

    today = timezone.localdate()
    for i in range(100):  # 100 children aged 12 placed at a home for 400 days, 100 in foster care
        PlacementFactory(child=ChildFactory(date_of_birth=today - dt.timedelta(days=365 * 12 + i)),
                         decom=today - dt.timedelta(days=400))
        PlacementFactory(child=ChildFactory(date_of_birth=today - dt.timedelta(days=365 * 13 + i)), home=None,
                         place="U4", decom=today - dt.timedelta(days=400))
    not_in_care = ChildFactory(date_of_birth=today - dt.timedelta(days=365 * 14))
    assert seed_demo_history(today=today, seed=5).cases >= 8
    cases = list(ProtocolCase.objects.select_related("placement", "home"))
    assert all(c.placement is not None and c.placement.decom <= c.offence_on for c in cases)
    assert all(c.child_id != not_in_care.pk for c in cases)
    with_home = sum(c.home_id is not None for c in cases)
    assert with_home >= len(cases) * 0.6 and all(c.home_id == c.placement.home_id for c in cases)
    for d in PanelDecision.objects.select_related("meeting"):
        assert AgendaItem.objects.filter(meeting=d.meeting, case=d.case, reason="referred").exists()
