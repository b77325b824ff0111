import pytest

from divert.core.roles import Role
from divert.earlyhelp.access import referrals_visible_to
from divert.registers.access import can_see_child, children_visible_to

from .conftest import refer

pytestmark = pytest.mark.django_db


def test_a_pcso_sees_only_the_children_and_referrals_that_name_them(reference, child, pcso, other_pcso, service):
    from tests.factories import ChildFactory

    other = ChildFactory()
    assert not can_see_child(pcso, child)
    r = refer(child, pcso, service)
    refer(other, other_pcso, service)
    assert set(children_visible_to(pcso)) == {child}
    assert set(referrals_visible_to(pcso)) == {r}
    assert set(referrals_visible_to(service)) == set(referrals_visible_to(service).model.objects.all())


@pytest.mark.parametrize("role", [Role.ANALYST, Role.CICPO, Role.PROVIDER_MANAGER, Role.PROSECUTOR])
def test_other_roles_see_no_referral(role, reference, child, pcso, service, make_user):
    refer(child, pcso, service)
    assert not referrals_visible_to(make_user(role)).exists()
