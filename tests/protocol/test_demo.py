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
