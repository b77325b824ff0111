"""The one scoping rule for a child's records (registers.access.child_records_visible_to), at every door."""

import datetime as dt

import pytest
from django.utils import timezone

from divert.core.models import AccessLog
from divert.core.roles import Role
from divert.missing.models import MissingEpisode
from divert.registers.access import child_records_visible_to


@pytest.fixture
def moved_episode(world):
    """An episode of `a_past` from home a1 (provider A), made before the child moved to b1 (provider B)."""
    started = timezone.now() - dt.timedelta(days=400)
    return MissingEpisode.objects.create(child=world.a_past, home=world.a1, started_at=started,
                                         ended_at=started + dt.timedelta(hours=6),
                                         state=MissingEpisode.State.RETURNED)


def test_child_records_visible_to_follows_the_child_placed_today(world, moved_episode, user_for):
    own = MissingEpisode.objects.create(child=world.a_now, home=world.a1, started_at=timezone.now(),
                                        state=MissingEpisode.State.OPEN)
    elsewhere = MissingEpisode.objects.create(child=world.a_now, home=world.b1, started_at=timezone.now(),
                                              state=MissingEpisode.State.OPEN)
    manager_a = user_for(Role.PROVIDER_MANAGER)
    assert set(child_records_visible_to(manager_a, MissingEpisode.objects.all())) == {own}
    manager_b = user_for(Role.PROVIDER_MANAGER, provider="b")
    # b_now's home; a_past lives at b1 now, but the episode was made at provider A's home.
    assert set(child_records_visible_to(manager_b, MissingEpisode.objects.all())) == set()
    assert set(child_records_visible_to(user_for(Role.SOCIAL_WORKER), MissingEpisode.objects.all())) == {
        own, elsewhere, moved_episode}


@pytest.mark.parametrize("door", ["/missing/", "/missing/episodes/{pk}/", "/api/v1/missing/episodes",
                                  "/api/v1/missing/episodes/{pk}"])
def test_provider_manager_does_not_see_the_episodes_of_a_child_who_left(client, world, moved_episode, user_for,
                                                                         door):
    manager = user_for(Role.PROVIDER_MANAGER)
    client.force_login(manager)
    answer = client.get(door.format(pk=moved_episode.pk))
    assert world.a_past.child_id not in answer.content.decode()
    shown = AccessLog.objects.filter(user=manager, child=world.a_past).exclude(what__startswith="refused:")
    assert not shown.exists()
    if "{pk}" in door:
        assert answer.status_code == 404


def test_provider_manager_does_not_see_the_protocol_case_of_a_child_who_left(client, world, user_for, make_user):
    from divert.protocol.actions import open_case
    from divert.protocol.models import ProtocolCase

    case, _ = open_case(actor=make_user(Role.CICPO), child=world.a_past, opened_from="by_hand",
                        suspected_offence="Criminal damage", offence_on=timezone.localdate())
    ProtocolCase.objects.filter(pk=case.pk).update(home=world.a1)  # made while the child lived at a1
    client.force_login(user_for(Role.PROVIDER_MANAGER))
    assert client.get(f"/protocol/cases/{case.pk}/").status_code == 404
    assert client.get(f"/api/v1/protocol/cases/{case.pk}").status_code == 404
    assert world.a_past.child_id not in client.get("/api/v1/protocol/cases").content.decode()
