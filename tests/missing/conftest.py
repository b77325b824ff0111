import pytest

from divert.core.roles import Role
from divert.missing.models import MissingEpisode, ReturnInterview
from divert.missing.reconcile import build_episodes

from .builders import at, child, home, report


@pytest.fixture
def coordinator(make_user):
    return make_user(Role.MFH_COORDINATOR, username="coord")



@pytest.fixture
def returned_episode(db):
    """A child in care who went missing on 1 Oct 2026 22:00 and returned 2 Oct 08:00 (graded medium)."""
    h = home(name="Oak House")
    c = child(first="Alex", last="Example", placed_at=h)
    report(c, at(2026, 10, 1, 22), at(2026, 10, 2, 8), grade="medium", home=h)
    build_episodes()
    return MissingEpisode.objects.get(child=c)


def close_interview(episode, user, outcome="completed", reason=""):
    from divert.missing.actions import record_return_interview

    return record_return_interview(interview=ReturnInterview.objects.get(episode=episode), user=user,
                                   outcome=outcome, reason=reason, exploitation_concerns=["cce"])
