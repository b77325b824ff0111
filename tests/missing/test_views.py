import datetime as dt

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone

from divert.core.models import AccessLog
from divert.core.roles import Role
from divert.missing.models import ReturnInterview

from .conftest import close_interview

pytestmark = pytest.mark.django_db


def test_page_post_cannot_finalise_before_interview(client, returned_episode, coordinator):
    client.force_login(coordinator)
    url = f"/missing/episodes/{returned_episode.pk}/finalise/"
    response = client.post(url)
    assert response.status_code == 400 and b"cannot be finalised yet" in response.content
    returned_episode.refresh_from_db()
    assert returned_episode.state == "returned"
    close_interview(returned_episode, coordinator)
    client.post(f"/missing/episodes/{returned_episode.pk}/referrals/", {"none_needed_reason": "Open to MASE"})
    assert client.post(url).status_code == 302
    returned_episode.refresh_from_db()
    assert returned_episode.state == "finalised"


def test_return_interview_form_records_answers(client, returned_episode, coordinator):
    client.force_login(coordinator)
    url = f"/missing/episodes/{returned_episode.pk}/return-interview/"
    assert client.get(url).status_code == 200
    bad = client.post(url, {"outcome": "declined"})
    assert bad.status_code == 200 and b"Give a reason" in bad.content
    client.post(url, {"outcome": "completed", "pull_factors": ["older_associates"], "held_on": "03/10/2026",
                      "held_time": "14:30", "exploitation_concerns": ["cce", "county_lines"], "where_text": "Station"})
    ri = ReturnInterview.objects.get(episode=returned_episode)
    assert ri.state == "completed" and ri.exploitation_concerns == ["cce", "county_lines"]
    assert timezone.localtime(ri.completed_at).strftime("%Y-%m-%d %H:%M") == "2026-10-03 14:30"
    page = client.get(f"/missing/episodes/{returned_episode.pk}/").content.decode()
    assert "Criminal exploitation, County lines" in page, page[page.find("Exploitation"):page.find("Exploitation")+200]


def test_return_interview_form_needs_the_interview_date_and_shows_errors_at_the_top(client, returned_episode,
                                                                                    coordinator):
    client.force_login(coordinator)
    url = f"/missing/episodes/{returned_episode.pk}/return-interview/"
    body = client.post(url, {"outcome": "completed"}).content.decode()
    summary = body.index("govuk-error-summary")
    assert summary < body.index('name="outcome"')
    assert 'href="#id_held_on">Enter the date' in body
    assert ReturnInterview.objects.get(episode=returned_episode).state == "due"


def test_mark_as_offered_records_the_date_given(client, returned_episode, coordinator):
    client.force_login(coordinator)
    url = f"/missing/episodes/{returned_episode.pk}/return-interview/"
    assert client.post(url, {"offer": "1", "offered_on": "02/10/2026", "offered_time": "16:00"}).status_code == 302
    ri = ReturnInterview.objects.get(episode=returned_episode)
    assert ri.state == "offered"
    assert timezone.localtime(ri.offered_at).strftime("%Y-%m-%d %H:%M") == "2026-10-02 16:00"


def test_an_old_interview_never_held_reads_overdue_not_due(client, returned_episode, coordinator):
    client.force_login(coordinator)
    page = client.get(f"/missing/episodes/{returned_episode.pk}/").content.decode()
    assert "Overdue: not offered" in page


def test_episode_list_is_paginated_filtered_and_names_the_home(client, returned_episode, coordinator):
    from divert.missing import views

    client.force_login(coordinator)
    body = client.get("/missing/").content.decode()
    assert "Oak House" in body  # the home column: the placement the child went missing from
    assert "1 episode" in body
    assert "Alex Example" not in client.get("/missing/", {"q": "Nobody"}).content.decode()
    assert "Alex Example" in client.get("/missing/", {"q": "Example", "category": "M"}).content.decode()
    assert views.EPISODES_PER_PAGE == 50


def test_episode_page_logs_access_and_scopes(client, returned_episode, make_user):
    client.force_login(make_user(Role.CICPO))
    assert client.get(f"/missing/episodes/{returned_episode.pk}/").status_code == 200
    assert AccessLog.objects.filter(child=returned_episode.child, channel="page").exists()
    client.force_login(make_user(Role.PROVIDER_MANAGER, provider=None))
    assert client.get(f"/missing/episodes/{returned_episode.pk}/").status_code == 404


def test_pack_page_for_panel_roles_only(client, returned_episode, make_user):
    client.force_login(make_user(Role.ANALYST))
    response = client.get("/missing/pack/?month=2026-10")
    assert response.status_code == 200 and b"Multiple missing and hotspots" in response.content
    assert b"Example" not in response.content  # analysts see pseudonyms
    client.force_login(make_user(Role.MFH_COORDINATOR))
    assert b"Example" in client.get("/missing/pack/?month=2026-10").content
    client.force_login(make_user(Role.PROVIDER_MANAGER))
    assert client.get("/missing/pack/?month=2026-10").status_code == 403
    client.force_login(make_user(Role.PROSECUTOR))
    assert client.get("/missing/pack/?month=2026-10").status_code == 403


def test_compliance_page_lists_items(client, returned_episode, coordinator, make_user):
    from divert.missing.actions import run_daily_compliance

    run_daily_compliance(run_date=dt.date(2026, 10, 6))  # the daily job (CLI / pipeline), not the page
    client.force_login(coordinator)
    response = client.get("/missing/compliance/?date=2026-10-06")
    assert response.status_code == 200 and b"Return interview overdue (1)" in response.content
    client.force_login(make_user(Role.ANALYST))
    assert client.get("/missing/compliance/?date=2026-10-06").status_code == 403


def test_child_section_partial(returned_episode, coordinator):
    request = RequestFactory().get("/")
    request.user = coordinator
    html = Template('{% include "missing/_child_section.html" %}').render(
        Context({"child": returned_episode.child, "request": request}))
    assert "Missing from care" in html and "Overdue: not offered" in html and "365 days" in html


def test_return_details_record_who_found_the_child(client, returned_episode, coordinator):
    client.force_login(coordinator)
    url = f"/missing/episodes/{returned_episode.pk}/return-details/"
    assert client.get(url).status_code == 200
    assert client.post(url, {"found_by": "police", "found_location": "Bus station"}).status_code == 302
    returned_episode.refresh_from_db()
    assert returned_episode.found_by == "police" and returned_episode.found_location == "Bus station"


def test_child_page_shows_the_missing_section(client, returned_episode, coordinator):
    from django.urls import NoReverseMatch, reverse

    try:
        url = reverse("registers:child", args=[returned_episode.child.pk])
    except NoReverseMatch:  # pragma: no cover - the child page belongs to the registers app
        pytest.skip("no child page")
    client.force_login(coordinator)
    response = client.get(url)
    assert response.status_code == 200 and b"Missing from care" in response.content
    assert b"Repeat missing" not in response.content


def _write_counts() -> tuple[int, int, int]:
    from divert.core.models import AuditEvent
    from divert.missing.models import ComplianceItem, Escalation

    return ComplianceItem.objects.count(), Escalation.objects.count(), AuditEvent.objects.count()


def test_compliance_page_get_writes_nothing(client, returned_episode, coordinator):
    client.force_login(coordinator)
    before = _write_counts()
    response = client.get("/missing/compliance/?date=2026-10-06")
    assert response.status_code == 200 and b"Return interview overdue (0)" in response.content
    assert client.get("/missing/compliance/").status_code == 200  # today too
    assert _write_counts() == before


def test_compliance_page_post_runs_the_daily_check(client, returned_episode, coordinator, make_user):
    from divert.core.models import AuditEvent

    client.force_login(coordinator)
    assert b"Run today's compliance check" in client.get("/missing/compliance/").content
    response = client.post("/missing/compliance/", {"date": "2026-10-06"})
    assert response.status_code == 302 and response["Location"].endswith("?date=2026-10-06")
    assert AuditEvent.objects.filter(action="missing.compliance.run").count() == 1
    assert b"Return interview overdue (1)" in client.get(response["Location"]).content
    future = client.post("/missing/compliance/", {"date": "2999-01-01"})
    assert future.status_code == 400
    client.force_login(make_user(Role.ANALYST))
    assert client.post("/missing/compliance/", {"date": "2026-10-06"}).status_code == 403


def test_compliance_page_speaks_plain_words_with_a_home_column_most_urgent_first(client, coordinator):
    from divert.missing.actions import escalate, run_daily_compliance
    from divert.missing.models import ComplianceItem, MissingEpisode
    from divert.missing.reconcile import build_episodes
    from tests.missing.builders import at, child, home, report

    oak = home(name="Oak House")
    for first, returned in (("Ann", at(2026, 10, 3, 8)), ("Bea", at(2026, 9, 20, 8))):
        report(child(first=first, last="Example", placed_at=oak), returned - dt.timedelta(hours=10), returned,
               grade="medium", home=oak)
    build_episodes()
    run_daily_compliance(run_date=dt.date(2026, 10, 8))
    client.force_login(coordinator)
    body = client.get("/missing/compliance/?date=2026-10-08").content.decode()
    assert "due_at" not in body and "hours_overdue" not in body and "+00:00" not in body
    assert "The return interview was due by" in body and "days overdue" in body
    assert "Oak House, " in body  # the home column, with the postcode
    assert body.index("Bea Example") < body.index("Ann Example")  # longest overdue first
    item = ComplianceItem.objects.filter(rule="return_interview_overdue").first()
    escalate(item=item, user=coordinator, to="provider", owner=coordinator, due_on=dt.date(2026, 10, 10), note="")
    page = client.get("/missing/escalations/").content.decode()
    assert "return_interview_overdue" not in page
    name = MissingEpisode.objects.get(pk=item.episode_id).child
    assert f"Return interview overdue: {name}&#x27;s missing episode from" in page


def test_escalate_page_names_the_child_logs_the_view_and_asks_for_a_uk_date(client, coordinator):
    from divert.core.models import AccessLog
    from divert.missing.actions import run_daily_compliance
    from divert.missing.models import ComplianceItem
    from divert.missing.reconcile import build_episodes
    from tests.missing.builders import at, child, home, report

    oak = home(name="Oak House")
    kid = child(first="Cara", last="Example", placed_at=oak)
    report(kid, at(2026, 10, 3, 0), at(2026, 10, 3, 8), grade="medium", home=oak)
    build_episodes()
    run_daily_compliance(run_date=dt.date(2026, 10, 8))
    item = ComplianceItem.objects.filter(rule="return_interview_overdue").first()
    client.force_login(coordinator)
    body = client.get(f"/missing/compliance/{item.pk}/escalate/").content.decode()
    assert "Escalate Cara Example's missing episode from 3 October 2026" in body
    assert "Due date (DD/MM/YYYY)" in body and coordinator.username not in body.split("Owner")[1][:20]
    assert AccessLog.objects.filter(child=kid, user=coordinator).exists()


def test_escalations_page_refuses_a_stale_move_and_keeps_what_was_typed(client, returned_episode, coordinator,
                                                                        make_user):
    from divert.missing import actions
    from divert.missing.models import ComplianceItem, Escalation

    item = ComplianceItem.objects.create(rule="return_interview_overdue", run_date=dt.date(2026, 10, 6),
                                         subject_key=f"episode:{returned_episode.pk}", episode=returned_episode)
    x = actions.escalate(item=item, user=coordinator, to="provider", owner=coordinator, due_on=dt.date(2026, 10, 9))
    first = make_user(Role.MFH_COORDINATOR, username="first")
    first.first_name, first.last_name = "Asha", "Patel"
    first.save()
    client.force_login(first)
    page = client.get("/missing/escalations/").content.decode()
    assert 'name="version" value="0"' in page
    assert client.post("/missing/escalations/", {"escalation": x.pk, "version": 0, "state": "resolved",
                                                 "note": "Manager rang back"}).status_code == 302
    client.force_login(coordinator)  # opened the page before Asha saved: still holds version 0
    r = client.post("/missing/escalations/", {"escalation": x.pk, "version": 0, "state": "acknowledged",
                                              "note": "Left a voicemail"})
    body = r.content.decode()
    assert r.status_code == 409 and "Your change was not saved" in body and "Asha Patel" in body
    assert 'value="Left a voicemail"' in body and 'name="version" value="1"' in body
    assert '<option value="acknowledged" selected>' in body
    x.refresh_from_db()
    assert (x.state, x.resolution) == (Escalation.State.RESOLVED, "Manager rang back")
    assert client.post("/missing/escalations/", {"escalation": x.pk, "version": 1, "state": "open",
                                                 "note": ""}).status_code == 302
    x.refresh_from_db()
    assert x.state == Escalation.State.OPEN and x.version == 2


def test_compliance_and_escalation_pages_query_counts_do_not_grow_with_items(client, coordinator, page_queries):
    from divert.missing import actions
    from divert.missing.models import ComplianceItem, Escalation
    from divert.missing.reconcile import build_episodes

    from .builders import at, child, home, report

    client.force_login(coordinator)
    day = dt.date(2026, 10, 6)

    def add_episode_items(n):
        for _ in range(n):
            h = home()
            c = child(placed_at=h)
            report(c, at(2026, 10, 1, 22), at(2026, 10, 2, 8), home=h)
        build_episodes()
        actions.run_daily_compliance(run_date=day, actor=coordinator)
        for item in ComplianceItem.objects.filter(run_date=day, escalations__isnull=True, episode__isnull=False):
            actions.escalate(item=item, user=coordinator, to="provider", owner=coordinator, due_on=day)

    add_episode_items(1)
    few = (page_queries(client, "/missing/compliance/", date=day.isoformat()),
           page_queries(client, "/missing/escalations/"))
    add_episode_items(6)
    assert Escalation.objects.count() >= 7
    assert (page_queries(client, "/missing/compliance/", date=day.isoformat()),
            page_queries(client, "/missing/escalations/")) == few


def test_episode_list_says_where_a_child_with_no_registered_home_was_living(client, coordinator):
    """A fostered child's episode names the placement type; a child with no placement that day says so."""
    from divert.missing.reconcile import build_episodes
    from divert.registers.models import Placement

    from .builders import at, child, report

    fostered = child(first="Robin", last="Fostered")
    Placement.objects.create(child=fostered, decom=dt.date(2024, 1, 1), rne="S", legal_status="C2", cin="N1",
                             place="U1", collection_year=2026)
    unplaced = child(first="Sam", last="Unplaced")
    report(fostered, at(2026, 10, 1, 22), at(2026, 10, 2, 8))
    report(unplaced, at(2026, 10, 3, 22), at(2026, 10, 4, 8))
    build_episodes()
    client.force_login(coordinator)
    body = client.get("/missing/").content.decode()
    assert "Foster placement with relatives or friends (long term) (U1) (no registered home)" in body
    assert "No placement on the register that day" in body
    assert "Not known" not in body


def test_episode_page_names_a_placement_with_no_registered_home(client, coordinator):
    from divert.missing.models import MissingEpisode
    from divert.missing.reconcile import build_episodes
    from divert.registers.models import Placement

    from .builders import at, child, report

    fostered = child(first="Robin", last="Fostered")
    Placement.objects.create(child=fostered, decom=dt.date(2024, 1, 1), rne="S", legal_status="C2", cin="N1",
                             place="U1", collection_year=2026)
    report(fostered, at(2026, 10, 1, 22), at(2026, 10, 2, 8))
    build_episodes()
    client.force_login(coordinator)
    episode = MissingEpisode.objects.get(child=fostered)
    body = client.get(f"/missing/episodes/{episode.pk}/").content.decode()
    assert "(U1) (no registered home)" in body and "Not known" not in body
