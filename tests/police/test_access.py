"""Who sees which police incidents (ADR 0004): provider staff their own homes' only, everyone else all."""

import pytest

from divert.core.roles import Role
from divert.police.access import incidents_visible_to

pytestmark = pytest.mark.django_db


def test_provider_manager_sees_only_incidents_at_their_own_homes(world, user_for):
    seen = set(incidents_visible_to(user_for(Role.PROVIDER_MANAGER)))
    assert world.at_a1 in seen
    assert world.at_b1 not in seen and world.street not in seen  # another provider's home; no home at all


def test_provider_manager_of_no_provider_sees_nothing(world, user_for):
    assert not incidents_visible_to(user_for(Role.PROVIDER_MANAGER, provider=None)).exists()


@pytest.mark.parametrize("role", [Role.CICPO, Role.ANALYST, Role.MFH_COORDINATOR, Role.ADMINISTRATOR])
def test_partnership_roles_see_every_incident(world, user_for, role):
    assert set(incidents_visible_to(user_for(role))) >= {world.at_a1, world.at_b1, world.street}


def test_a_user_with_no_role_sees_nothing(world, django_user_model):
    nobody = django_user_model.objects.create_user("no-role", password="pw-for-tests-1")
    assert not incidents_visible_to(nobody).exists()
