"""The incident page links each person and the location to their link history, where the role may undo links."""

import pytest
from django.urls import reverse

from divert.core.roles import Role
from divert.police.models import LinkStatus
from tests.factories import ChildFactory, HomeFactory, IncidentFactory, InvolvementFactory, PlacementFactory

pytestmark = pytest.mark.django_db


def _linked_incident():
    home = HomeFactory()
    child = ChildFactory()
    PlacementFactory(child=child, home=home)
    incident = IncidentFactory(home=home, home_match_status=LinkStatus.LINKED)
    person = InvolvementFactory(incident=incident, child=child, link_status=LinkStatus.LINKED)
    return incident, person, home


def test_cicpo_sees_link_history_for_people_and_location(client, make_user):
    incident, person, _home = _linked_incident()
    client.force_login(make_user(Role.CICPO))
    html = client.get(reverse("incidents:detail", args=[incident.pk])).content.decode()
    assert reverse("matching:undo", args=["involvement", person.pk]) in html
    assert reverse("matching:undo", args=["incident_location", incident.pk]) in html


def test_provider_manager_gets_no_undo_links(client, make_user):
    incident, person, home = _linked_incident()
    client.force_login(make_user(Role.PROVIDER_MANAGER, provider=home.provider))
    response = client.get(reverse("incidents:detail", args=[incident.pk]))
    assert response.status_code == 200
    assert reverse("matching:undo", args=["involvement", person.pk]) not in response.content.decode()
