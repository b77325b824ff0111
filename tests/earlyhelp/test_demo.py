import datetime as dt

import pytest
from django.utils import timezone

from divert.core.roles import Role
from divert.earlyhelp import rules
from divert.earlyhelp.demo import seed_demo_history
from divert.earlyhelp.models import Referral
from divert.earlyhelp.selectors import cohort_report
from divert.missing.models import MissingEpisode
from tests.factories import ChildFactory, HomeFactory, PlacementFactory

pytestmark = pytest.mark.django_db


def test_demo_history_writes_referrals_through_the_actions_and_is_idempotent(make_user, reference):
    pcso = make_user(Role.PCSO)
    home = HomeFactory()
    for n in range(60):
        c = ChildFactory(date_of_birth=timezone.localdate() - dt.timedelta(days=(11 + n % 6) * 365))
        PlacementFactory(child=c, home=home, decom=timezone.localdate() - dt.timedelta(days=900))
        started = timezone.now() - dt.timedelta(days=30 + n * 7)
        MissingEpisode.objects.create(child=c, home=home, started_at=started,
                                      ended_at=started + dt.timedelta(hours=5), state=MissingEpisode.State.RETURNED)
    made = seed_demo_history()
    assert made["referrals"] >= made["children"] + made["families"] > 0 and made["contacts"] > 0
    assert made["families"] == 2 * made["children"]
    assert Referral.objects.filter(family__isnull=False).values("family").distinct().count() == made["families"]
    assert set(Referral.objects.values_list("worker", flat=True)) == {pcso.pk}
    assert seed_demo_history()["referrals"] == 0
    total = sum(sum(c.trajectories.values()) for c in cohort_report())
    assert total == Referral.objects.count()
    assert any(c.trajectories[rules.NOT_REVIEWED] < c.referrals for c in cohort_report())
