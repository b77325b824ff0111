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


def test_caseload_roles_see_only_the_incidents_naming_a_child_on_their_caseload(make_user):
    """A leaving-care adviser sees the incidents naming a care leaver allocated to them, and no other incident: an
    incident's narrative names everyone in it."""
    from divert.core.roles import Role
    from divert.police.access import incidents_visible_to
    from divert.police.models import LinkStatus
    from tests.factories import ChildFactory, IncidentFactory, InvolvementFactory

    adviser = make_user(Role.LEAVING_CARE)
    mine, other = ChildFactory(leaving_care_adviser=adviser), ChildFactory()
    naming_mine, naming_other, naming_nobody = IncidentFactory(), IncidentFactory(), IncidentFactory()
    InvolvementFactory(incident=naming_mine, child=mine, link_status=LinkStatus.LINKED)
    InvolvementFactory(incident=naming_other, child=other, link_status=LinkStatus.LINKED)
    InvolvementFactory(incident=naming_nobody)
    assert set(incidents_visible_to(adviser)) == {naming_mine}
    assert naming_mine in set(incidents_visible_to(make_user(Role.CICPO)))
