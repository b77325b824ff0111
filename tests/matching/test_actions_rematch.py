"""A rematch closes the review items it no longer asks about (matching.actions.record_machine_links)."""

import pytest

from divert.matching.actions import Candidate, LinkResult, record_machine_links
from divert.matching.models import ReviewItem, SubjectType
from divert.police.models import LinkStatus
from tests.factories import HomeFactory, IncidentFactory

pytestmark = pytest.mark.django_db


def _review(incident, *homes):
    return LinkResult(subject_id=incident.pk, outcome=LinkStatus.REVIEW, method="test",
                      candidates=[Candidate(target_id=h.pk, score=0.6) for h in homes])


def test_rematch_to_a_link_supersedes_open_review_items():
    a, b = HomeFactory(), HomeFactory()
    incident = IncidentFactory()
    record_machine_links(subject_type=SubjectType.INCIDENT_LOCATION, results=[_review(incident, a, b)], label="t")
    assert ReviewItem.objects.filter(state=ReviewItem.State.OPEN).count() == 2

    linked = LinkResult(subject_id=incident.pk, outcome=LinkStatus.LINKED, best=Candidate(target_id=a.pk, score=0.99),
                        method="test")
    record_machine_links(subject_type=SubjectType.INCIDENT_LOCATION, results=[linked], label="t")
    assert ReviewItem.objects.filter(state=ReviewItem.State.OPEN).count() == 0
    assert ReviewItem.objects.filter(state=ReviewItem.State.SUPERSEDED).count() == 2


def test_rematch_with_the_same_question_keeps_it_open_once():
    a, b = HomeFactory(), HomeFactory()
    incident = IncidentFactory()
    for _ in range(2):
        record_machine_links(subject_type=SubjectType.INCIDENT_LOCATION, results=[_review(incident, a, b)],
                             label="t")
    assert ReviewItem.objects.filter(state=ReviewItem.State.OPEN).count() == 2

    record_machine_links(subject_type=SubjectType.INCIDENT_LOCATION, results=[_review(incident, a)], label="t")
    assert set(ReviewItem.objects.values_list("candidate_home_id", "state")) == {
        (a.pk, ReviewItem.State.OPEN), (b.pk, ReviewItem.State.SUPERSEDED)}
