"""Register pages: every role can open them; scoping holds; every child shown is written to the access log."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from divert.core.models import AccessLog
from divert.core.roles import Role
from tests.factories import ChildFactory, IncidentFactory, PlacementFactory


@pytest.mark.parametrize("role", list(Role))
def test_pages_render_for_every_role(role, client, world, user_for):
    client.force_login(user_for(role))
    for url in ("/", reverse("registers:children"), reverse("registers:homes"),
                reverse("registers:child", args=[world.a_now.pk]), reverse("registers:home", args=[world.a1.pk])):
        response = client.get(url)
        if role == Role.PROSECUTOR and url in (reverse("registers:child", args=[world.a_now.pk]),
                                               reverse("registers:home", args=[world.a1.pk])):
            assert response.status_code == 404, url  # no case referred to the CPS (ADR 0025, ADR 0042)
            continue
        if role == Role.PCSO and url == reverse("registers:child", args=[world.a_now.pk]):
            assert response.status_code == 404, url  # no early-help referral names them (ADR 0044)
            continue
        if role == Role.LEAVING_CARE and url == reverse("registers:child", args=[world.a_now.pk]):
            assert response.status_code == 404, url  # not allocated to them (ADR 0040)
            continue
        assert response.status_code == 200, url
        assert b'id="main-content"' in response.content


@pytest.mark.parametrize("role", list(Role))
def test_children_list_is_scoped(role, client, world, user_for):
    client.force_login(user_for(role))
    html = client.get(reverse("registers:children")).content.decode()
    shown = {c for c in (world.a_now, world.a_past, world.b_now, world.elsewhere) if c.child_id in html}
    if role == Role.PROVIDER_MANAGER:
        assert shown == {world.a_now}
    elif role == Role.PROSECUTOR:
        assert shown == set()  # only children with a case referred to the CPS (ADR 0025)
    elif role == Role.PCSO:
        assert shown == set()  # only children whose early-help referral names them (ADR 0044)
    elif role == Role.LEAVING_CARE:
        assert shown == set()  # only the care leavers allocated to them (ADR 0040): none here
    else:
        assert shown == {world.a_now, world.a_past, world.b_now, world.elsewhere}


@pytest.mark.parametrize("role", list(Role))
def test_homes_list_is_scoped(role, client, world, user_for):
    client.force_login(user_for(role))
    html = client.get(reverse("registers:homes")).content.decode()
    shown = {h for h in (world.a1, world.a2, world.b1) if f">{h.name}<" in html}
    expected = {Role.PROVIDER_MANAGER: {world.a1, world.a2},
                Role.PROSECUTOR: set()}.get(role, {world.a1, world.a2, world.b1})  # no CPS referral: ADR 0042
    assert shown == expected


@pytest.mark.parametrize("target", ["b_now", "a_past", "elsewhere"])
def test_provider_manager_gets_404_for_child_outside_scope_and_it_is_logged(target, client, world, user_for):
    user = user_for(Role.PROVIDER_MANAGER)
    client.force_login(user)
    child = getattr(world, target)
    response = client.get(reverse("registers:child", args=[child.pk]))
    assert response.status_code == 404
    assert child.first_name.encode() not in response.content
    row = AccessLog.objects.get(user=user)
    assert row.what.startswith("refused")
    assert row.child_id == child.pk


def test_missing_child_is_404_like_out_of_scope(client, world, user_for):
    user = user_for(Role.PROVIDER_MANAGER)
    client.force_login(user)
    assert client.get(reverse("registers:child", args=[999999])).status_code == 404
    assert AccessLog.objects.get(user=user).child_id is None


def test_provider_manager_gets_404_for_other_providers_home(client, world, user_for):
    user = user_for(Role.PROVIDER_MANAGER)
    client.force_login(user)
    assert client.get(reverse("registers:home", args=[world.b1.pk])).status_code == 404
    assert AccessLog.objects.filter(user=user, what__startswith="refused").count() == 1


def test_child_page_shows_record_and_writes_one_access_row(client, world, user_for):
    user = user_for(Role.CICPO)
    client.force_login(user)
    response = client.get(reverse("registers:child", args=[world.a_now.pk]))
    html = response.content.decode()
    assert world.a1.name in html
    assert world.at_a1.reference in html and world.street.reference in html
    # one list of incidents (with role and triage), not two
    assert html.count(f">{world.at_a1.reference}</a>") == 1 and html.count(f">{world.street.reference}</a>") == 1
    assert "Not reviewed" in html
    assert "CUS-" in html and "MIS-" in html
    rows = list(AccessLog.objects.filter(user=user))
    assert len(rows) == 1
    assert (rows[0].child_id, rows[0].channel, rows[0].what) == (world.a_now.pk, "page", "child page")
    assert rows[0].path == reverse("registers:child", args=[world.a_now.pk])
    assert "Who has viewed this record" not in html


def test_provider_manager_child_page_hides_other_placements_and_incidents(client, world, user_for):
    client.force_login(user_for(Role.PROVIDER_MANAGER, provider="b"))
    html = client.get(reverse("registers:child", args=[world.a_past.pk])).content.decode()
    assert world.b1.name in html
    assert world.a1.name not in html  # the earlier placement with another provider is not theirs to see


def test_children_list_logs_each_child_shown(client, world, user_for):
    user = user_for(Role.SOCIAL_WORKER)
    client.force_login(user)
    client.get(reverse("registers:children"))
    rows = AccessLog.objects.filter(user=user)
    assert {r.child_id for r in rows} == {world.a_now.pk, world.a_past.pk, world.b_now.pk, world.elsewhere.pk}
    assert {r.what for r in rows} == {"children list"}


def test_children_search(client, world, user_for):
    user = user_for(Role.CICPO)
    client.force_login(user)
    html = client.get(reverse("registers:children"), {"q": "ben birch"}).content.decode()
    assert world.b_now.child_id in html and world.a_now.child_id not in html
    html = client.get(reverse("registers:children"), {"q": world.a_past.child_id}).content.decode()
    assert world.a_past.child_id in html and world.b_now.child_id not in html
    assert set(AccessLog.objects.filter(user=user).values_list("child_id", flat=True)) == {
        world.b_now.pk, world.a_past.pk}


def test_children_list_paginates(client, db, make_user):
    for _ in range(55):
        ChildFactory()
    user = make_user(Role.ANALYST)
    client.force_login(user)
    first = client.get(reverse("registers:children"))
    assert "Page 1 of 2" in first.content.decode()
    # Not the blue "current page" box: its white background rule made the page count black on blue (axe contrast).
    assert "govuk-pagination__item--current" not in first.content.decode()
    assert AccessLog.objects.filter(user=user).count() == 50
    second = client.get(reverse("registers:children"), {"page": 2})
    assert second.status_code == 200
    assert AccessLog.objects.filter(user=user).count() == 55


def test_pages_showing_no_child_write_no_access_rows(client, world, user_for):
    user = user_for(Role.CICPO)
    client.force_login(user)
    client.get("/")
    client.get(reverse("registers:homes"))
    client.get(reverse("registers:home", args=[world.a2.pk]))  # nobody placed there
    assert not AccessLog.objects.filter(user=user).exists()


def test_home_page_shows_children_and_incidents_and_logs_children(client, world, user_for):
    user = user_for(Role.PROVIDER_MANAGER)
    client.force_login(user)
    IncidentFactory(home=world.a1, reported_at=timezone.now() - dt.timedelta(days=120))  # outside 90 days
    html = client.get(reverse("registers:home", args=[world.a1.pk])).content.decode()
    assert world.a_now.child_id in html
    assert world.a_past.child_id not in html
    assert world.at_a1.reference in html
    assert world.a1.address_line1 in html and world.provider_a.name in html
    rows = AccessLog.objects.filter(user=user)
    assert [r.child_id for r in rows] == [world.a_now.pk]


def test_home_page_figures(world, make_user):
    from divert.registers.selectors import home_record

    user = make_user(Role.ANALYST)
    now = timezone.now()
    month_start = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    IncidentFactory(home=world.b1, reported_at=max(month_start, now - dt.timedelta(hours=1)))
    IncidentFactory(home=world.b1, reported_at=now - dt.timedelta(days=200))
    PlacementFactory(home=world.b1)
    record = home_record(user, world.b1)
    assert record.recent_incident_count == 2  # at_b1 (6 hours ago) and the new one
    assert len(record.children) == 3  # b_now, a_past and the new child
    assert record.callouts_this_month >= 1
    assert record.callouts_per_place == round(record.callouts_this_month / 4, 2)


def test_home_page_without_registered_places(world, make_user):
    from divert.registers.selectors import home_record

    world.a2.registered_places = None
    world.a2.save()
    assert home_record(make_user(Role.ANALYST), world.a2).callouts_per_place is None


def test_home_page_for_role_lists_tasks(client, world, user_for):
    client.force_login(user_for(Role.CICPO))
    html = client.get("/").content.decode()
    assert "/incidents/daily/" in html and "/incidents/alerts/" in html and "/access-log/" not in html
    client.force_login(user_for(Role.ADMINISTRATOR))
    assert "/access-log/" in client.get("/").content.decode()
    client.force_login(user_for(Role.PROVIDER_MANAGER))
    html = client.get("/").content.decode()
    assert world.provider_a.name in html and "/imports/" not in html


@pytest.mark.parametrize("role", [Role.CICPO, Role.PROVIDER_MANAGER])
def test_child_page_query_count_does_not_grow_with_the_childs_records(role, client, world, user_for, page_queries):
    from divert.police.models import LinkStatus
    from tests.factories import CustodyRecordFactory, InvolvementFactory, MissingReportFactory

    client.force_login(user_for(role))
    url = reverse("registers:child", args=[world.a_now.pk])
    few = page_queries(client, url)
    for i in range(8):
        incident = IncidentFactory(home=world.a1, reported_at=timezone.now() - dt.timedelta(days=i + 1))
        InvolvementFactory(incident=incident, child=world.a_now)
        InvolvementFactory(incident=incident, child=None, role="victim", link_status=LinkStatus.UNMATCHED)
        CustodyRecordFactory(child=world.a_now, arrested_at=timezone.now() - dt.timedelta(days=i + 1))
        MissingReportFactory(child=world.a_now, home=world.a1,
                             reported_missing_at=timezone.now() - dt.timedelta(days=i + 2))
    assert page_queries(client, url) == few
