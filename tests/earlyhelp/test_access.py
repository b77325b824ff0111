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


def test_visible_or_404_returns_the_record_or_writes_the_refusal_of_its_kind(rf, reference, child, pcso, other_pcso,
                                                                              service):
    """One fetch for referrals and families: in scope, the record; out of scope, a 404 and a refused row naming the
    referral's child, or linked to the family not in care."""
    from django.http import Http404

    from divert.core.models import AccessLog
    from divert.earlyhelp.access import families_visible_to, visible_or_404
    from divert.earlyhelp.models import FamilyAccess

    from .conftest import family, refer_family

    r = refer(child, pcso, service)
    fam = family(service)
    fr = refer_family(fam, pcso, service)
    request = rf.get("/early-help/")
    request.user = pcso
    assert visible_or_404(request, referrals_visible_to(pcso), kind="referral", what="x", pk=r.pk) == r
    assert visible_or_404(request, families_visible_to(pcso), kind="family", what="x", pk=fam.pk) == fam
    request.user = other_pcso
    for kind, visible, pk in [("referral", referrals_visible_to(other_pcso), r.pk),
                              ("referral", referrals_visible_to(other_pcso), fr.pk),
                              ("family", families_visible_to(other_pcso), fam.pk)]:
        with pytest.raises(Http404):
            visible_or_404(request, visible, kind=kind, what=f"early-help {kind}", pk=pk, channel="api")
    refused = AccessLog.objects.filter(user=other_pcso, what__startswith="refused: ").order_by("pk")
    assert [(a.what, a.child_id, a.channel) for a in refused] == [
        ("refused: early-help referral", child.pk, "api"), ("refused: early-help referral", None, "api"),
        ("refused: early-help family", None, "api")]
    assert FamilyAccess.objects.filter(access__in=refused, family=fam).count() == 2
    assert request.divert_refusal_logged is True
