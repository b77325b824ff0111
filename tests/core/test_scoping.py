"""Scoping rules for every role: who sees which children, homes and incidents."""

import pytest
from django.contrib.auth.models import AnonymousUser

from divert.core.roles import ALL_CHILDREN_ROLES, Role
from divert.police.access import incidents_visible_to
from divert.registers.access import can_see_child, can_see_home, children_visible_to, homes_visible_to


def _names(qs):
    return {str(o) for o in qs}


@pytest.mark.parametrize("role", list(Role))
def test_what_each_role_sees(role, world, user_for):
    user = user_for(role)
    children = set(children_visible_to(user))
    homes = set(homes_visible_to(user))
    incidents = set(incidents_visible_to(user))
    if role == Role.PROVIDER_MANAGER:
        # Own homes only; children placed there today only (not a_past, who left a1 last year).
        assert homes == {world.a1, world.a2}
        assert children == {world.a_now}
        assert incidents == {world.at_a1}
    elif role == Role.PROSECUTOR:
        # Only children with a case referred to the CPS (none in this world); see tests/protocol/test_access.py.
        assert children == set()
        assert role not in ALL_CHILDREN_ROLES
    elif role == Role.LEAVING_CARE:
        # Only the care leavers allocated to them (none in this world; ADR 0040), and so no incident (an incident's
        # narrative names everyone in it); homes as others.
        assert children == set() and role not in ALL_CHILDREN_ROLES
        assert homes == {world.a1, world.a2, world.b1}
        assert incidents == set()
    elif role == Role.PCSO:
        # Only children whose early-help referral names them (none in this world); see tests/earlyhelp.
        assert children == set()
        assert role not in ALL_CHILDREN_ROLES
        # As police, they see the register of homes; of the incidents, only those naming a child on their caseload.
        assert homes == {world.a1, world.a2, world.b1}
        assert incidents == set()
    else:
        assert role in ALL_CHILDREN_ROLES
        assert children == {world.a_now, world.a_past, world.b_now, world.elsewhere}
        assert homes == {world.a1, world.a2, world.b1}
        assert incidents == {world.at_a1, world.at_b1, world.street}


def test_provider_manager_of_other_provider_sees_child_placed_there_now(world, user_for):
    user = user_for(Role.PROVIDER_MANAGER, provider="b")
    assert set(children_visible_to(user)) == {world.a_past, world.b_now}
    assert set(homes_visible_to(user)) == {world.b1}
    assert set(incidents_visible_to(user)) == {world.at_b1}
    assert not can_see_child(user, world.a_now)
    assert can_see_child(user, world.a_past)
    assert not can_see_home(user, world.a1)


def test_provider_manager_saw_child_while_placed(world, user_for):
    """On a date during the old placement, a_past was theirs; today they are not."""
    import datetime as dt

    from django.utils import timezone

    user = user_for(Role.PROVIDER_MANAGER)
    last_year = timezone.localdate() - dt.timedelta(days=400)
    assert world.a_past in set(children_visible_to(user, on=last_year))
    assert world.a_past not in set(children_visible_to(user))


def test_provider_manager_without_provider_sees_nothing(world, user_for):
    user = user_for(Role.PROVIDER_MANAGER, provider=None)
    assert not children_visible_to(user).exists()
    assert not homes_visible_to(user).exists()
    assert not incidents_visible_to(user).exists()


def test_anonymous_and_roleless_users_see_nothing(world, django_user_model):
    roleless = django_user_model.objects.create_user(username="nobody", password="x-long-password")
    for user in (AnonymousUser(), roleless):
        assert not children_visible_to(user).exists()
        assert not homes_visible_to(user).exists()
        assert not incidents_visible_to(user).exists()


def test_placement_ending_today_still_counts(world, user_for):
    import datetime as dt

    from django.utils import timezone

    from tests.factories import ChildFactory, PlacementFactory

    leaving = ChildFactory()
    PlacementFactory(child=leaving, home=world.a2, decom=timezone.localdate() - dt.timedelta(days=30),
                     dec=timezone.localdate())
    future = ChildFactory()
    PlacementFactory(child=future, home=world.a2, decom=timezone.localdate() + dt.timedelta(days=3))
    user = user_for(Role.PROVIDER_MANAGER)
    visible = set(children_visible_to(user))
    assert leaving in visible
    assert future not in visible


def test_may_open_follows_the_page_roles(make_user, db):
    from django.urls import reverse

    from divert.core.scoping import may_open

    prosecutor, cicpo = make_user(Role.PROSECUTOR), make_user(Role.CICPO)
    incident_page = reverse("incidents:detail", args=[1])
    assert may_open(cicpo, incident_page) and not may_open(prosecutor, incident_page)
    pack = reverse("missing:pack")
    assert may_open(cicpo, pack) and not may_open(make_user(Role.PROVIDER_MANAGER), pack)
    assert not may_open(cicpo, "/no/such/page/")



def test_missing_list_links_the_pack_only_for_roles_that_may_open_it(client, world, user_for):
    """A link that answers 403 is a dead end: provider managers get no "Monthly pack" link."""
    from django.urls import reverse

    pack = reverse("missing:pack")
    client.force_login(user_for(Role.PROVIDER_MANAGER))
    assert f'href="{pack}"' not in client.get(reverse("missing:episodes")).content.decode()
    client.force_login(user_for(Role.MFH_COORDINATOR))
    assert f'href="{pack}"' in client.get(reverse("missing:episodes")).content.decode()
