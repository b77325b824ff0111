"""Reads of police records for the child and home pages, within the user's scope."""

import datetime as dt

import pytest
from django.http import Http404
from django.utils import timezone

from divert.core.roles import Role
from divert.police import selectors

pytestmark = pytest.mark.django_db


def test_child_incidents_leave_out_what_the_user_may_not_see(world, user_for):
    cicpo = [i.incident for i in selectors.child_incidents(user_for(Role.CICPO), world.a_now)]
    assert set(cicpo) == {world.at_a1, world.street}
    provider = [i.incident for i in selectors.child_incidents(user_for(Role.PROVIDER_MANAGER), world.a_now)]
    assert provider == [world.at_a1]  # the street incident happened at no home of theirs


def test_get_incident_for_refuses_an_incident_out_of_scope(world, user_for):
    manager = user_for(Role.PROVIDER_MANAGER)
    assert selectors.get_incident_for(manager, world.at_a1.pk) == world.at_a1
    with pytest.raises(Http404):
        selectors.get_incident_for(manager, world.at_b1.pk)


def test_home_police_figures_count_call_outs_per_place(world, user_for):
    from divert.police.models import Incident

    Incident.objects.filter(pk=world.at_a1.pk).update(reported_at=timezone.now())
    today = timezone.localdate()
    figures = selectors.home_police_figures(user_for(Role.CICPO), world.a1, today=today)
    assert figures["recent_incident_count"] == 1
    assert figures["callouts_this_month"] == 1  # reported now, so this month
    places = world.a1.registered_places
    assert figures["callouts_per_place"] == (round(1 / places, 2) if places else None)
    old = timezone.now() - dt.timedelta(days=400)
    Incident.objects.filter(pk=world.at_a1.pk).update(reported_at=old)
    assert selectors.home_police_figures(user_for(Role.CICPO), world.a1, today=today)["recent_incident_count"] == 0
