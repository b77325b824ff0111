import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from divert.core.models import AuditEvent
from divert.core.roles import Role
from divert.missing import actions
from divert.missing.models import ComplianceItem, Escalation, MissingEpisode, ReturnInterview
from divert.missing.reconcile import build_episodes
from divert.missing.selectors import episodes_visible_to, repeat_counts

from .builders import at, child, home, report
from .conftest import close_interview

pytestmark = pytest.mark.django_db


def test_finalisation_refused_until_interview_and_referrals_recorded(returned_episode, coordinator):
    with pytest.raises(actions.FinalisationBlocked) as exc:
        actions.finalise_episode(episode=returned_episode, user=coordinator)
    assert len(exc.value.blockers) == 2
    close_interview(returned_episode, coordinator)
    with pytest.raises(actions.FinalisationBlocked) as exc:
        actions.finalise_episode(episode=returned_episode, user=coordinator)
    assert exc.value.blockers == ["Follow-up referrals have not been recorded."]
    actions.record_referrals(episode=returned_episode, user=coordinator, referrals=[("mase", "CCE concern")])
    ep = actions.finalise_episode(episode=returned_episode, user=coordinator)
    assert ep.state == MissingEpisode.State.FINALISED and ep.finalised_by == coordinator
    assert AuditEvent.objects.filter(action="missing.episode.finalise_refused").count() == 2
    assert AuditEvent.objects.filter(action="missing.episode.finalise").count() == 1


def test_still_missing_episode_cannot_be_finalised(coordinator):
    c = child(placed_at=home())
    report(c, at(2026, 10, 1, 22), None)
    build_episodes()
    with pytest.raises(actions.FinalisationBlocked) as exc:
        actions.finalise_episode(episode=MissingEpisode.objects.get(), user=coordinator)
    assert "not been recorded as returned" in exc.value.blockers[0]


@pytest.mark.parametrize("outcome,reason", [("declined", "Child declined to talk"),
                                            ("not_possible", "Child moved out of area")])
def test_declined_or_not_possible_with_reason_allows_finalisation(returned_episode, coordinator, outcome, reason):
    ri = close_interview(returned_episode, coordinator, outcome=outcome, reason=reason)
    assert ri.state == outcome and ri.reason == reason
    actions.record_referrals(episode=returned_episode, user=coordinator, none_needed_reason="Already open to MASE")
    assert actions.finalise_episode(episode=returned_episode, user=coordinator).state == "finalised"


def test_interview_states_and_reason_required(returned_episode, coordinator, make_user):
    ri = ReturnInterview.objects.get(episode=returned_episode)
    assert ri.state == "due"
    ri = actions.offer_return_interview(interview=ri, user=coordinator)
    assert ri.state == "offered" and ri.offered_at
    with pytest.raises(ValidationError):
        actions.record_return_interview(interview=ri, user=coordinator, outcome="declined", reason=" ")
    with pytest.raises(ValidationError):
        actions.record_return_interview(interview=ri, user=coordinator, outcome="offered")
    with pytest.raises(PermissionDenied):
        actions.record_return_interview(interview=ri, user=make_user(Role.PROSECUTOR), outcome="completed")
    ri = actions.record_return_interview(interview=ri, user=make_user(Role.SOCIAL_WORKER), outcome="completed",
                                         push_factors=["bullying"], pull_factors=["older_associates"],
                                         exploitation_concerns=["county_lines"], where_text="Town centre")
    assert ri.state == "completed" and ri.on_time is False  # recorded now, long after the 72 hours


def test_only_coordinators_finalise(returned_episode, make_user):
    with pytest.raises(PermissionDenied):
        actions.finalise_episode(episode=returned_episode, user=make_user(Role.ANALYST))


def test_repeat_flag_at_three_missing_in_90_days():
    c = child(placed_at=home())
    for day in (1, 20):
        report(c, at(2026, 9, day), at(2026, 9, day, 18))
    build_episodes()
    on = at(2026, 10, 15)
    assert not repeat_counts(c, on=on).repeat_flag
    report(c, at(2026, 10, 10), at(2026, 10, 10, 18))
    build_episodes()
    counts = repeat_counts(c, on=on)
    assert (counts.missing_30, counts.missing_90, counts.missing_365) == (2, 3, 3) and counts.repeat_flag
    assert not repeat_counts(c, on=at(2027, 1, 5)).repeat_flag  # the September ones have left the window


def test_risk_review_updates_grade(returned_episode, coordinator):
    actions.record_risk_review(episode=returned_episode, user=coordinator, grade="high", supervisor_review=True,
                               information_used="Known CCE links", supplied_by="Home manager")
    returned_episode.refresh_from_db()
    assert returned_episode.risk_grade == "high" and returned_episode.risk_reviews.count() == 2


def test_provider_manager_sees_only_own_homes_episodes(returned_episode, make_user):
    other = make_user(Role.PROVIDER_MANAGER, provider=home().provider)
    own = make_user(Role.PROVIDER_MANAGER, provider=returned_episode.home.provider)
    assert not episodes_visible_to(other).exists() and episodes_visible_to(own).count() == 1


def test_escalation_lifecycle(returned_episode, coordinator, make_user):
    item = ComplianceItem.objects.create(rule="return_interview_overdue", run_date=dt.date(2026, 10, 6),
                                         subject_key=f"episode:{returned_episode.pk}", episode=returned_episode)
    owner = make_user(Role.SOCIAL_WORKER)
    x = actions.escalate(item=item, user=coordinator, to="social_care", owner=owner, due_on=dt.date(2026, 10, 9))
    assert x.state == Escalation.State.OPEN and x.owner == owner
    x = actions.update_escalation(escalation=x, user=coordinator, state="acknowledged")
    x = actions.update_escalation(escalation=x, user=coordinator, state="resolved", note="Interview booked")
    assert x.resolved_at and x.resolution == "Interview booked"
    with pytest.raises(ValidationError):
        actions.update_escalation(escalation=x, user=coordinator, state="acknowledged")
    x = actions.update_escalation(escalation=x, user=coordinator, state="open")
    assert x.resolved_at is None
    with pytest.raises(PermissionDenied):
        actions.escalate(item=item, user=owner, to="provider", owner=owner, due_on=dt.date(2026, 10, 9))


def _escalation(episode, coordinator):
    item = ComplianceItem.objects.create(rule="return_interview_overdue", run_date=dt.date(2026, 10, 6),
                                         subject_key=f"episode:{episode.pk}", episode=episode)
    return actions.escalate(item=item, user=coordinator, to="provider", owner=coordinator, due_on=dt.date(2026, 10, 9))


def test_a_stale_escalation_move_is_refused_and_the_first_resolution_kept(returned_episode, coordinator, make_user):
    from divert.core.versioning import StaleEdit

    x = _escalation(returned_episode, coordinator)
    other = make_user(Role.MFH_COORDINATOR, username="second")
    assert x.version == 0
    first = actions.update_escalation(escalation=x, user=coordinator, state="resolved", note="Home called back",
                                      version=0)
    assert first.version == 1
    with pytest.raises(StaleEdit) as exc:  # the second person opened the list before the first saved
        actions.update_escalation(escalation=x, user=other, state="acknowledged", note="", version=0)
    assert exc.value.current_version == 1 and "Home called back" in exc.value.messages[0]
    x.refresh_from_db()
    assert (x.state, x.resolution, x.version) == ("resolved", "Home called back", 1)
    audit = AuditEvent.objects.filter(action="missing.escalation.update").get()
    assert audit.detail["changes"]["resolution"] == {"before": "", "after": "Home called back"}
    assert audit.detail["changes"]["state"] == {"before": "open", "after": "resolved"}
