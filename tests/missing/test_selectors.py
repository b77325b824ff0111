import datetime as dt

import pytest

from divert.core.models import AuditEvent
from divert.missing.actions import escalate, run_daily_compliance
from divert.missing.models import ComplianceItem
from divert.missing.selectors import compliance_items

pytestmark = pytest.mark.django_db


def test_compliance_items_reads_one_day_without_writing(returned_episode, coordinator, django_assert_num_queries):
    day = dt.date(2026, 10, 6)
    assert compliance_items(run_date=day) == []
    stored = run_daily_compliance(run_date=day)
    run_daily_compliance(run_date=day + dt.timedelta(days=1))
    item = next(i for i in stored if i.rule == "return_interview_overdue")
    escalate(item=item, user=coordinator, to="provider", owner=coordinator, due_on=day + dt.timedelta(days=3))
    before = (ComplianceItem.objects.count(), AuditEvent.objects.count())
    with django_assert_num_queries(2):  # the items with episode, child and home; then their escalations
        items = compliance_items(run_date=day)
        escalations = [list(i.escalations.all()) for i in items]
        children = [i.episode.child for i in items if i.episode]
    assert [i.pk for i in items] == sorted(i.pk for i in stored)
    assert {i.run_date for i in items} == {day}
    assert children == [returned_episode.child] * len(children) and escalations[items.index(item)][0].to == "provider"
    assert (ComplianceItem.objects.count(), AuditEvent.objects.count()) == before
