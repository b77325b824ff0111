"""The one scoping rule for a child's records (registers.access.child_records_visible_to), at every door."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
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


def test_leaving_care_adviser_sees_only_the_care_leavers_allocated_to_them(world, moved_episode, user_for):
    from divert.registers.access import children_visible_to

    adviser, other = user_for(Role.LEAVING_CARE), user_for(Role.LEAVING_CARE)
    assert not children_visible_to(adviser).exists()  # nobody allocated yet: no child at all
    world.a_past.leaving_care_adviser = adviser
    world.a_past.save()
    assert set(children_visible_to(adviser)) == {world.a_past}
    assert not children_visible_to(other).exists()
    own = MissingEpisode.objects.create(child=world.a_now, home=world.a1, started_at=timezone.now(),
                                        state=MissingEpisode.State.OPEN)
    assert set(child_records_visible_to(adviser, MissingEpisode.objects.all())) == {moved_episode}
    assert set(child_records_visible_to(user_for(Role.SOCIAL_WORKER), MissingEpisode.objects.all())) == {
        own, moved_episode}


@pytest.mark.parametrize("door", ["/registers/children/", "/registers/children/{pk}/", "/api/v1/children",
                                  "/missing/"])
def test_leaving_care_adviser_cannot_open_a_child_not_allocated_to_them(client, world, user_for, door):
    adviser = user_for(Role.LEAVING_CARE)
    world.a_past.leaving_care_adviser = adviser
    world.a_past.save()
    client.force_login(adviser)
    mine = client.get(door.format(pk=world.a_past.pk))
    assert mine.status_code == 200
    if "{pk}" in door:
        assert client.get(door.format(pk=world.a_now.pk)).status_code == 404
    else:
        body = mine.content.decode()
        assert "Ava" not in body and "Ben" not in body and world.b_now.child_id not in body


def test_allocate_leaving_care_adviser_is_audited_and_refuses_other_roles(world, user_for):
    from django.core.exceptions import ValidationError

    from divert.core.models import AuditEvent
    from divert.registers.actions import allocate_leaving_care_adviser

    admin, adviser = user_for(Role.ADMINISTRATOR), user_for(Role.LEAVING_CARE)
    allocate_leaving_care_adviser(actor=admin, child=world.b_now, adviser=adviser)
    world.b_now.refresh_from_db()
    assert world.b_now.leaving_care_adviser == adviser
    assert AuditEvent.objects.filter(action="registers.leaving_care_adviser_set", actor=admin).count() == 1
    with pytest.raises(ValidationError):
        allocate_leaving_care_adviser(actor=admin, child=world.b_now, adviser=user_for(Role.SOCIAL_WORKER))
    with pytest.raises(PermissionDenied):
        allocate_leaving_care_adviser(actor=user_for(Role.CICPO), child=world.b_now, adviser=None)
