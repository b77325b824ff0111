"""Every door that shows a child: scoped, access-logged, and a refused row for an out-of-scope user.

The test walks every URL pattern of the site and every route of the API. Each must be classified below: as a
view of a child (checked here with a real request), or as a door that shows no child. A new page or endpoint that
is not classified fails `test_every_route_is_classified`, so it cannot forget the access log.
"""

import datetime as dt
import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from divert.core.models import AccessLog
from divert.core.roles import ALL_CHILDREN_ROLES, Role
from divert.earlyhelp.access import CASE_ROLES, REFER_ROLES, WORK_ROLES
from divert.exploitation.access import ACTION_ROLES, MASE_ROLES
from divert.incidents.access import LIST_ROLES
from divert.matching.access import REVIEW_ROLES
from divert.missing.access import COMPLIANCE_ROLES, PACK_NAME_ROLES, PACK_ROLES
from divert.outcomes.access import IMPACT_ROLES, INDICATOR_ROLES, RECONCILE_ROLES
from divert.protocol.access import PANEL_ROLES

# Routes that show no child, or only write (each a POST that answers a redirect or the record already logged).
NO_CHILD = {
    "sign-in/", "sign-out/", "admin/login/", "", "access-log/",
    "api/v1/openapi.json", "api/v1/docs", "api/v1/", "api/v1/homes", "api/v1/status", "api/v1/imports",
    "api/v1/imports/<run_id>", "api/v1/follow-ups", "api/v1/missing/escalations",
    "api/v1/missing/escalations/<escalation_id>/state", "api/v1/custody", "api/v1/links/undo", "api/v1/links/manual",
    "api/v1/review-items/<item_id>/confirm", "api/v1/review-items/<item_id>/reject",
    "api/v1/review-items/<item_id>/not-sure", "api/v1/incidents/<pk>/triage", "api/v1/alerts/<pk>/acknowledge",
    "api/v1/missing/episodes/<episode_id>/return-interview", "api/v1/missing/episodes/<episode_id>/referrals",
    "api/v1/missing/episodes/<episode_id>/finalise", "api/v1/missing/compliance/run",
    "api/v1/protocol/cases/<case_id>/sections/<section_id>", "api/v1/protocol/cases/<case_id>/send",
    "api/v1/protocol/cases/<case_id>/decision",
    "registers/homes/", "imports/", "imports/ledger/", "imports/<int:pk>/", "imports/<int:pk>/problems.csv",
    "incidents/follow-ups/<int:pk>/done/", "incidents/alerts/<int:pk>/acknowledge/",
    "missing/episodes/<int:pk>/finalise/",
    "missing/escalations/", "protocol/cases/<int:pk>/send/",
    "protocol/panels/", "incidents/follow-ups/", "favicon.ico",
    # aggregate figures only (suppressed; no child named)
    "outcomes/", "outcomes/indicator/", "api/v1/outcomes/indicator/<year>",
    "early-help/cohorts/", "api/v1/early-help/cohorts",
    "api/v1/outcomes/impact",  # activities with counts of participants; no child named
    # reference data and writes answered by a redirect or the record already logged
    "api/v1/exploitation/indicators", "api/v1/exploitation/scale", "api/v1/exploitation/children/<child_pk>/actions",
    "api/v1/exploitation/actions/<action_id>/updates",
    "exploitation/actions/<int:pk>/update/",
    "api/v1/outcomes/reconciliation/<year>/resolve", "api/v1/protocol/cases/<case_id>/charging-decision",
    "api/v1/protocol/interventions/<intervention_id>/done", "protocol/interventions/<int:pk>/done/",
    "api/v1/protocol/panels", "api/v1/protocol/panels/<held_on>/members", "protocol/panels/<str:held_on>/members/",
    "api/v1/protocol/panels/<held_on>/agenda",
    # early-help writes by the API: each answers the referral, logged as shown (tests/api/test_earlyhelp.py)
    "api/v1/early-help/referrals/<referral_id>/contacts", "api/v1/early-help/referrals/<referral_id>/reviews",
    "api/v1/early-help/referrals/<referral_id>/close", "api/v1/early-help/referrals/<referral_id>/reassign",
    # the value-for-money unit costs (reference data; no child)
    "outcomes/unit-costs/", "outcomes/unit-costs/<str:key>/", "api/v1/outcomes/unit-costs",
    "api/v1/outcomes/unit-costs/<key>",
    # recording a family not in care: answers the family just recorded, logged as shown (tests/api/test_earlyhelp.py)
    "api/v1/early-help/families", "api/v1/early-help/families/<family_id>/referrals",
}
# route -> (role of an in-scope user, how to fill the route's parameters, query string)
CHILD_VIEWS = {
    "registers/children/": (Role.CICPO, lambda w: {}, ""),
    "registers/children/<int:pk>/": (Role.CICPO, lambda w: {"pk": w.child.pk}, ""),
    "registers/homes/<int:pk>/": (Role.CICPO, lambda w: {"pk": w.home.pk}, ""),
    "incidents/daily/": (Role.CICPO, lambda w: {}, "date={day}"),
    "incidents/provider/": (Role.ADMINISTRATOR, lambda w: {}, "date={day}"),
    "incidents/alerts/": (Role.CICPO, lambda w: {}, ""),
    "incidents/<int:pk>/": (Role.CICPO, lambda w: {"pk": w.incident.pk}, ""),
    "matching/review/": (Role.ANALYST, lambda w: {}, ""),
    "matching/review/<int:pk>/": (Role.ANALYST, lambda w: {"pk": w.review_item.pk}, ""),
    "missing/": (Role.MFH_COORDINATOR, lambda w: {}, ""),
    "missing/episodes/<int:pk>/": (Role.MFH_COORDINATOR, lambda w: {"pk": w.episode.pk}, ""),
    "missing/episodes/<int:pk>/return-interview/": (Role.MFH_COORDINATOR, lambda w: {"pk": w.episode.pk}, ""),
    "missing/episodes/<int:pk>/referrals/": (Role.MFH_COORDINATOR, lambda w: {"pk": w.episode.pk}, ""),
    "missing/episodes/<int:pk>/return-details/": (Role.MFH_COORDINATOR, lambda w: {"pk": w.episode.pk}, ""),
    "missing/episodes/<int:pk>/risk-review/": (Role.MFH_COORDINATOR, lambda w: {"pk": w.episode.pk}, ""),
    "missing/compliance/": (Role.MFH_COORDINATOR, lambda w: {}, "date={day}"),
    "protocol/": (Role.CICPO, lambda w: {}, ""),
    "protocol/open/": (Role.CICPO, lambda w: {}, "child={child}"),
    "protocol/cases/<int:pk>/": (Role.CICPO, lambda w: {"pk": w.case.pk}, ""),
    "protocol/cases/<int:pk>/sections/<int:response_pk>/": (
        Role.CICPO, lambda w: {"pk": w.case.pk, "response_pk": w.section.pk}, ""),
    "protocol/cases/<int:pk>/questions/": (Role.CICPO, lambda w: {"pk": w.case.pk}, ""),
    "protocol/cases/<int:pk>/charging-decision/": (Role.PROSECUTOR, lambda w: {"pk": w.case.pk}, ""),
    "protocol/cases/<int:pk>/decision/": (Role.CICPO, lambda w: {"pk": w.case.pk}, ""),
    "api/v1/children": (Role.CICPO, lambda w: {}, ""),
    "api/v1/children/<child_pk>": (Role.CICPO, lambda w: {"child_pk": w.child.pk}, ""),
    "api/v1/homes/<home_pk>": (Role.CICPO, lambda w: {"home_pk": w.home.pk}, ""),
    "api/v1/incidents/<incident_pk>": (Role.CICPO, lambda w: {"incident_pk": w.incident.pk}, ""),
    "api/v1/incidents/<pk>/entry": (Role.CICPO, lambda w: {"pk": w.incident.pk}, ""),
    "exploitation/children/<int:pk>/": (Role.CICPO, lambda w: {"pk": w.child.pk}, ""),
    "exploitation/children/<int:pk>/assess/": (Role.CICPO, lambda w: {"pk": w.child.pk}, ""),
    "exploitation/children/<int:pk>/actions/new/": (Role.CICPO, lambda w: {"pk": w.child.pk}, ""),
    "api/v1/exploitation/children/<child_pk>/assessments": (Role.CICPO, lambda w: {"child_pk": w.child.pk}, ""),
    "api/v1/daily-list": (Role.CICPO, lambda w: {}, "date={day}"),
    "api/v1/alerts": (Role.CICPO, lambda w: {}, ""),
    "api/v1/review-items": (Role.ANALYST, lambda w: {}, ""),
    "api/v1/missing/episodes": (Role.MFH_COORDINATOR, lambda w: {}, ""),
    "api/v1/missing/episodes/<episode_id>": (Role.MFH_COORDINATOR, lambda w: {"episode_id": w.episode.pk}, ""),
    "api/v1/missing/compliance": (Role.MFH_COORDINATOR, lambda w: {}, "date={day}"),
    "api/v1/protocol/cases": (Role.CICPO, lambda w: {}, ""),
    "api/v1/protocol/cases/<case_id>": (Role.CICPO, lambda w: {"case_id": w.case.pk}, ""),
    "api/v1/protocol/cases/<case_id>/questions": (Role.CICPO, lambda w: {"case_id": w.case.pk}, ""),
    "api/v1/protocol/cases/<case_id>/first-time-entrant": (
        Role.CICPO, lambda w: {"case_id": w.case.pk}, "outcome={outcome}"),
}

# Doors that need more than one record to show (a monthly pack, a panel's papers, the daily list's exports, the MASE
# panel, the outcomes) or a user scoped by a record (the early-help pages: a PCSO sees only the children of the
# referrals naming them): each is requested by a user of every role (provider managers of the child's provider and
# of another; the PCSO named as the worker and another PCSO) in test_every_door_as_every_role. (route, roles that
# may open it, URL (route's parameters filled from the world), method, what the access log shows: "child" = a row
# naming the child; "aggregate" = one row naming no child, as the page shows figures only.)
DOORS = [
    ("missing/pack/", PACK_ROLES, "/missing/pack/?month={month}", "get", "child"),
    ("missing/pack.pdf", PACK_ROLES, "/missing/pack.pdf?month={month}", "get", "child"),
    ("missing/pack.pdf", PACK_ROLES, "/missing/pack.pdf?month={month}&pseudonymise=1", "get", "child"),
    ("missing/compliance/<int:item_pk>/escalate/", COMPLIANCE_ROLES, "/missing/compliance/{item}/escalate/", "get",
     "child"),
    ("protocol/panels/<str:held_on>/", PANEL_ROLES, "/protocol/panels/{today}/", "get", "child"),
    ("protocol/panels/<str:held_on>/<str:kind>.pdf", PANEL_ROLES, "/protocol/panels/{today}/agenda.pdf", "get",
     "child"),
    ("protocol/panels/<str:held_on>/<str:kind>.pdf", PANEL_ROLES, "/protocol/panels/{today}/minutes.pdf", "get",
     "child"),
    ("api/v1/protocol/panels/<held_on>", PANEL_ROLES, "/api/v1/protocol/panels/{today}", "get", "child"),
    ("protocol/interventions/", PANEL_ROLES, "/protocol/interventions/", "get", "child"),
    ("api/v1/protocol/interventions", PANEL_ROLES, "/api/v1/protocol/interventions", "get", "child"),
    ("incidents/daily/export.<str:fmt>", LIST_ROLES, "/incidents/daily/export.csv?date={today}", "get", "child"),
    ("incidents/daily/export.<str:fmt>", LIST_ROLES, "/incidents/daily/export.xlsx?date={today}", "get", "child"),
    ("incidents/daily/export.<str:fmt>", LIST_ROLES, "/incidents/daily/export.pdf?date={today}", "get", "child"),
    ("matching/undo/<str:subject_type>/<int:subject_id>/", REVIEW_ROLES,
     "/matching/undo/involvement/{involvement}/", "get", "child"),
    ("exploitation/", MASE_ROLES, "/exploitation/", "get", "child"),
    ("exploitation/meetings/<str:held_on>/", MASE_ROLES, "/exploitation/meetings/{today}/", "get", "child"),
    ("exploitation/meetings/<str:held_on>/<str:kind>.pdf", MASE_ROLES, "/exploitation/meetings/{today}/list.pdf",
     "get", "child"),
    ("exploitation/meetings/<str:held_on>/<str:kind>.pdf", MASE_ROLES,
     "/exploitation/meetings/{today}/minutes.pdf", "get", "child"),
    ("exploitation/meetings/<str:held_on>/children/<int:pk>/volt/", MASE_ROLES,
     "/exploitation/meetings/{today}/children/{child}/volt/", "get", "child"),
    ("exploitation/tracker/", ACTION_ROLES, "/exploitation/tracker/?agency=", "get", "child"),
    ("api/v1/exploitation/mase", MASE_ROLES, "/api/v1/exploitation/mase", "get", "child"),
    ("api/v1/exploitation/actions", ACTION_ROLES, "/api/v1/exploitation/actions?agency=", "get", "child"),
    # early help: the child's referral names a PCSO as the worker (the only PCSO who sees the child)
    ("early-help/", CASE_ROLES, "/early-help/?show=all", "get", "child"),
    ("early-help/children/<int:pk>/refer/", REFER_ROLES, "/early-help/children/{child}/refer/", "get", "child"),
    ("early-help/referrals/<int:pk>/", CASE_ROLES, "/early-help/referrals/{referral}/", "get", "child"),
    ("early-help/referrals/<int:pk>/contact/", WORK_ROLES, "/early-help/referrals/{referral}/contact/", "get",
     "child"),
    ("early-help/referrals/<int:pk>/review/", WORK_ROLES, "/early-help/referrals/{referral}/review/", "get",
     "child"),
    ("early-help/referrals/<int:pk>/close/", WORK_ROLES, "/early-help/referrals/{referral}/close/", "get", "child"),
    ("early-help/referrals/<int:pk>/reassign/", REFER_ROLES, "/early-help/referrals/{referral}/reassign/", "get",
     "child"),
    # the form to record a family not in care names nobody (one row naming no child)
    ("early-help/families/new/", REFER_ROLES, "/early-help/families/new/", "get", "aggregate"),
    ("api/v1/early-help/referrals", CASE_ROLES, "/api/v1/early-help/referrals?open_only=false", "get", "child"),
    ("api/v1/early-help/referrals/<referral_id>", CASE_ROLES, "/api/v1/early-help/referrals/{referral}", "get",
     "child"),
]
# Doors that show a family not in care (early help): seen by the early help service and the PCSO named on one of
# its referrals; each showing writes an access-log row linked to the family (earlyhelp.FamilyAccess).
FAMILY_DOORS = [
    ("early-help/families/<int:pk>/", CASE_ROLES, "/early-help/families/{family}/", "get"),
    ("early-help/families/<int:pk>/refer/", REFER_ROLES, "/early-help/families/{family}/refer/", "get"),
    ("api/v1/early-help/families/<family_id>", CASE_ROLES, "/api/v1/early-help/families/{family}", "get"),
    ("early-help/referrals/<int:pk>/", CASE_ROLES, "/early-help/referrals/{referral}/", "get"),
    ("early-help/referrals/<int:pk>/review/", WORK_ROLES, "/early-help/referrals/{referral}/review/", "get"),
    ("early-help/", CASE_ROLES, "/early-help/?show=all", "get"),
    ("api/v1/early-help/referrals/<referral_id>", CASE_ROLES, "/api/v1/early-help/referrals/{referral}", "get"),
    ("api/v1/early-help/referrals", CASE_ROLES, "/api/v1/early-help/referrals?open_only=false", "get"),
]
# The outcomes' doors, on the hand-built 2017-18 return of tests/outcomes (child B differs from the return).
OUTCOME_DOORS = [
    ("outcomes/reconciliation/", RECONCILE_ROLES, "/outcomes/reconciliation/?year=2018", "get", "child"),
    ("outcomes/reconciliation/<int:year>/<int:child_pk>/", RECONCILE_ROLES, "/outcomes/reconciliation/2018/{child}/",
     "get", "child"),
    ("api/v1/outcomes/reconciliation/<year>", RECONCILE_ROLES, "/api/v1/outcomes/reconciliation/2018", "get",
     "child"),
    ("outcomes/report/", INDICATOR_ROLES, "/outcomes/report/?year=2018", "get", "aggregate"),
    ("outcomes/report/<int:year>.<str:fmt>", INDICATOR_ROLES, "/outcomes/report/2018.docx", "post", "aggregate"),
    ("outcomes/report/<int:year>.<str:fmt>", INDICATOR_ROLES, "/outcomes/report/2018.pdf", "post", "aggregate"),
    ("api/v1/outcomes/report/<year>", INDICATOR_ROLES, "/api/v1/outcomes/report/2018", "get", "aggregate"),
    ("outcomes/impact/", IMPACT_ROLES, "/outcomes/impact/?year=2018", "get", "aggregate"),
]


def _routes(patterns=None, prefix=""):
    """Every (route, pattern) of the site, the API's included; the Django admin's own pages are left out."""
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            if getattr(p, "app_name", None) == "admin":
                continue
            yield from _routes(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), p


def test_every_route_is_classified():
    routes = {r for r, _ in _routes()}
    classified = (set(CHILD_VIEWS) | NO_CHILD | {r for r, *_ in DOORS}
                  | {r for r, *_ in OUTCOME_DOORS} | {r for r, *_ in FAMILY_DOORS})
    unclassified = routes - classified
    assert not unclassified, f"Classify these routes in tests/core/test_access_matrix.py: {sorted(unclassified)}"
    assert not classified - routes, "a classified route has gone"


@pytest.fixture
def child_world(world, make_user):
    """One child (world.a_now, placed at a1 of provider A) with a record of every kind a door can show."""
    from divert.incidents.models import ArrestAlert
    from divert.matching.models import ReviewItem, SubjectType
    from divert.missing.actions import run_daily_compliance
    from divert.missing.models import MissingEpisode, ReturnInterview
    from divert.police.models import Involvement
    from divert.protocol.actions import open_case
    from divert.protocol.models import Outcome, ProtocolCase, SectionResponse
    from tests.factories import CustodyRecordFactory

    w = world
    w.child, w.home, w.incident = w.a_now, w.a1, w.at_a1
    from divert.incidents.rules import daily_window

    today = timezone.localdate()
    start, end = daily_window(today)
    w.incident.reported_at = start + (end - start) / 2
    w.incident.save(update_fields=["reported_at"])
    w.day = today.isoformat()
    suspect = Involvement.objects.filter(incident=w.incident, child=w.child).first()
    Involvement.objects.filter(pk=suspect.pk).update(role=Involvement.Role.SUSPECT)
    started = timezone.now() - dt.timedelta(days=6)
    w.episode = MissingEpisode.objects.create(child=w.child, home=w.home, started_at=started,
                                              ended_at=started + dt.timedelta(hours=8),
                                              state=MissingEpisode.State.RETURNED)
    ReturnInterview.objects.create(episode=w.episode, due_at=started + dt.timedelta(hours=80))
    run_daily_compliance(run_date=timezone.localdate())
    custody = CustodyRecordFactory(child=w.child)
    ArrestAlert.objects.create(custody=custody, child=w.child, subject="Arrest", body="An arrest")
    w.review_item = ReviewItem.objects.create(subject_type=SubjectType.INVOLVEMENT, subject_id=suspect.pk,
                                              candidate_child=w.child, score=0.7)
    cicpo = make_user(Role.CICPO)
    w.case, _ = open_case(actor=cicpo, child=w.child, opened_from="by_hand", suspected_offence="Criminal damage",
                          offence_on=timezone.localdate())
    ProtocolCase.objects.filter(pk=w.case.pk).update(referred_to_cps=True, state="sent_to_panel")
    w.section = SectionResponse.objects.filter(form__case=w.case).first()
    w.outcome = Outcome.objects.order_by("pk").first()
    assert w.section is not None and w.outcome is not None, "protocol reference data is seeded by migrations"
    return w


def _url(route: str, kwargs: dict, query: str, w) -> str:
    path = route
    for name, value in kwargs.items():
        for conv in ("int:", "str:", ""):
            path = path.replace(f"<{conv}{name}>", str(value))
    q = query.format(day=w.day, child=w.child.pk, outcome=w.outcome.code if w.outcome else "")
    return "/" + path + (f"?{q}" if q else "")


def test_access_matrix(client, child_world, make_user):
    """Each child view, for an in-scope user: 200 and a row for the child; for a provider manager of another
    provider: no 200 with the child's data (a leak) and a refused row."""
    w = child_world
    outsider = make_user(Role.PROVIDER_MANAGER, provider=w.provider_b)
    requests = leaks = unlogged = unrefused = 0
    problems = []
    for route, (role, kwargs, query) in CHILD_VIEWS.items():
        url = _url(route, kwargs(w), query, w)
        user = make_user(role)
        client.force_login(user)
        answer = client.get(url)
        requests += 1
        if answer.status_code != 200:
            problems.append(f"{url} as {role}: {answer.status_code}")
        elif not AccessLog.objects.filter(user=user, child=w.child).exists():
            unlogged += 1
            problems.append(f"{url} as {role}: no access-log row for the child")
        client.force_login(outsider)
        before = AccessLog.objects.filter(user=outsider, what__startswith="refused:").count()
        answer = client.get(url)
        requests += 1
        body = answer.content.decode(errors="replace")
        if answer.status_code == 200 and (w.child.child_id in body or w.child.last_name in body):
            leaks += 1
            problems.append(f"{url} as the other provider's manager: shows the child")
        elif answer.status_code != 200 and AccessLog.objects.filter(
                user=outsider, what__startswith="refused:").count() == before:
            unrefused += 1
            problems.append(f"{url} as the other provider's manager: {answer.status_code} with no refused row")
    print(f"access matrix: {requests} requests, {leaks} leaks, {unlogged} unlogged child views, "
          f"{unrefused} refusals not logged")
    assert not problems, "\n".join(problems)


def test_refused_row_names_the_child_when_the_episode_exists(client, child_world, make_user):
    w = child_world
    outsider = make_user(Role.PROVIDER_MANAGER, provider=w.provider_b)
    client.force_login(outsider)
    assert client.get(f"/missing/episodes/{w.episode.pk}/").status_code == 404
    assert client.get(f"/api/v1/missing/episodes/{w.episode.pk}").status_code == 404
    rows = AccessLog.objects.filter(user=outsider, what__startswith="refused:")
    assert {(r.channel, r.child_id) for r in rows} == {("page", w.child.pk), ("api", w.child.pk)}


def test_refused_probe_of_an_incident_is_logged_on_page_and_api(client, child_world, make_user):
    w = child_world
    outsider = make_user(Role.PROVIDER_MANAGER, provider=w.provider_b)
    client.force_login(outsider)
    assert client.get(f"/incidents/{w.incident.pk}/").status_code == 404
    assert client.get(f"/api/v1/incidents/{w.incident.pk}/entry").status_code in (403, 404)
    assert AccessLog.objects.filter(user=outsider, what__startswith="refused:", channel="page").count() == 1
    assert AccessLog.objects.filter(user=outsider, what__startswith="refused:", channel="api").count() == 1


@pytest.fixture
def prosecutor_world(world, make_user):
    """World a_now has a case referred to the CPS, linked to the incident at a1; b_now's case is not referred."""
    from divert.protocol.actions import open_case
    from divert.protocol.models import ProtocolCase

    cicpo = make_user(Role.CICPO)
    referred, _ = open_case(actor=cicpo, child=world.a_now, opened_from="daily_list", incident=world.at_a1)
    ProtocolCase.objects.filter(pk=referred.pk).update(referred_to_cps=True, state="sent_to_cps")
    open_case(actor=cicpo, child=world.b_now, opened_from="daily_list", incident=world.at_b1)
    world.prosecutor = make_user(Role.PROSECUTOR)
    return world


# route -> (parameters in scope, parameters out of scope) for a prosecutor (ADR 0025, ADR 0042).
PROSECUTOR_DOORS = {
    "registers/homes/<int:pk>/": lambda w: ({"pk": w.a1.pk}, {"pk": w.b1.pk}),
    "api/v1/homes/<home_pk>": lambda w: ({"home_pk": w.a1.pk}, {"home_pk": w.b1.pk}),
    "api/v1/incidents/<incident_pk>": lambda w: ({"incident_pk": w.at_a1.pk}, {"incident_pk": w.at_b1.pk}),
    "registers/children/<int:pk>/": lambda w: ({"pk": w.a_now.pk}, {"pk": w.b_now.pk}),
    "api/v1/children/<child_pk>": lambda w: ({"child_pk": w.a_now.pk}, {"child_pk": w.b_now.pk}),
}


def _path(route: str, kwargs: dict) -> str:
    for name, value in kwargs.items():
        for conv in ("int:", "str:", ""):
            route = route.replace(f"<{conv}{name}>", str(value))
    return "/" + route


def test_prosecutor_matrix_homes_and_incidents_of_referred_cases_only(client, prosecutor_world):
    """A prosecutor opens the homes of the referred child's placements and the incidents linked to a referred case;
    every other home and incident is a 404 with a refused row, and the lists leave them out."""
    w = prosecutor_world
    client.force_login(w.prosecutor)
    problems = []
    for route, params in PROSECUTOR_DOORS.items():
        inside, outside = params(w)
        url_in, url_out = (_path(route, inside), _path(route, outside))
        if (code := client.get(url_in).status_code) != 200:
            problems.append(f"{url_in}: {code}, expected 200")
        before = AccessLog.objects.filter(user=w.prosecutor, what__startswith="refused:").count()
        if (code := client.get(url_out).status_code) != 404:
            problems.append(f"{url_out}: {code}, expected 404")
        elif AccessLog.objects.filter(user=w.prosecutor, what__startswith="refused:").count() == before:
            problems.append(f"{url_out}: 404 with no refused row")
    assert not problems, "\n".join(problems)
    homes = client.get("/registers/homes/").content.decode()
    assert w.a1.name in homes and w.b1.name not in homes and w.a2.name not in homes
    api_homes = client.get("/api/v1/homes").json()
    assert [h["id"] for h in api_homes["items"]] == [w.a1.pk] and api_homes["count"] == 1
    # The child's page and API list the incidents of the referred case, not every incident naming the child.
    child = client.get(f"/api/v1/children/{w.a_now.pk}").json()
    assert {i["reference"] for i in child["incidents"]} == {w.at_a1.reference}
    page = client.get(f"/registers/children/{w.a_now.pk}/").content.decode()
    assert w.at_a1.reference in page and w.street.reference not in page
    # The daily list stays closed to the prosecutor, as before.
    assert client.get("/incidents/daily/").status_code == 403


def test_prosecutor_sees_no_home_or_incident_without_a_registered_scope(prosecutor_world, monkeypatch):
    from divert.police import access as police_access
    from divert.police.access import incidents_visible_to
    from divert.registers import access
    from divert.registers.access import homes_visible_to

    monkeypatch.setattr(access, "HOME_SCOPES", {})
    monkeypatch.setattr(police_access, "INCIDENT_SCOPES", {})
    assert not homes_visible_to(prosecutor_world.prosecutor).exists()
    assert not incidents_visible_to(prosecutor_world.prosecutor).exists()


@pytest.fixture
def doors_world(child_world, make_user):
    """The one-child world, plus what the other doors show: the child in this month's missing figures, on today's
    OOCD panel agenda with an intervention agreed, on the MASE list with an action and a VOLT, and linked by the
    matcher (so the link history has something to undo), and referred to early help with a PCSO as the worker."""
    from divert.earlyhelp.actions import refer
    from divert.exploitation.actions import add_action, record_assessment
    from divert.exploitation.defaults import seed_reference_data
    from divert.exploitation.models import Indicator
    from divert.missing.models import ComplianceItem
    from divert.protocol.actions import add_to_agenda, create_panel
    from divert.protocol.models import Intervention, PanelDecision, ProtocolCase

    w = child_world
    today = timezone.localdate()
    cicpo = make_user(Role.CICPO)
    w.month = w.episode.started_at.astimezone(timezone.get_current_timezone()).strftime("%Y-%m")
    w.item = ComplianceItem.objects.filter(episode=w.episode).first() or ComplianceItem.objects.create(
        rule="interview_overdue", run_date=today, subject_key=f"episode:{w.episode.pk}", episode=w.episode,
        home=w.home)
    meeting, _ = create_panel(actor=cicpo, held_on=today)
    w.case.refresh_from_db()
    add_to_agenda(actor=cicpo, meeting=meeting, case=w.case)
    earlier = ProtocolCase.objects.create(child=w.child, offence_key="hand:earlier", opened_from="by_hand",
                                          suspected_offence="Theft", state="decided")
    decision = PanelDecision.objects.create(case=earlier, meeting=meeting, gravity_score=2, outcome=w.outcome)
    Intervention.objects.create(decision=decision, description="Apology letter", owner_note="YJS",
                                due_on=today + dt.timedelta(days=14))
    seed_reference_data()
    record_assessment(actor=cicpo, child=w.child, kind="cce", indicators=list(Indicator.objects.all()[:1]),
                      proposed_level="high", evidence="Seen getting into cars with older males.",
                      review_on=today + dt.timedelta(days=30))
    add_action(actor=cicpo, child=w.child, agency="police", description="Disruption visit", due_on=today)
    w.involvement = w.review_item.subject_id
    w.today = today.isoformat()
    w.pcso_worker = make_user(Role.PCSO)
    w.referral = refer(actor=make_user(Role.SOCIAL_WORKER), child=w.child, worker=w.pcso_worker, source="school",
                       concern="exploitation", reason="Missing school, seen with older boys.", initial_risk="medium")
    return w


def _names(body: str, child) -> bool:
    """The child's CHILD id or full name is in the body (a one-letter id, as in the hand-built return, is not
    searched: it is in every page)."""
    full = f"{child.first_name} {child.last_name}".strip()
    named = len(child.child_id) > 3 and re.search(rf"(?<![A-Za-z0-9]){re.escape(child.child_id)}(?![0-9])", body)
    return bool(named) or bool(full and full in body)


def _walk(client, doors, users, child, fill, extra_check=None):
    """Request each door as each user. Returns (requests, problems). `users` is [(label, user, sees_child)]."""
    requests, problems = 0, []
    for _route, roles, url_t, method, kind in doors:
        url = url_t.format(**fill)
        for label, user, sees_child in users:
            client.force_login(user)
            before = AccessLog.objects.filter(user=user).count()
            answer = getattr(client, method)(url)
            requests += 1
            rows = AccessLog.objects.filter(user=user).order_by("pk")[before:]
            refused = [r for r in rows if r.what.startswith("refused:")]
            shown = {r.child_id for r in rows if not r.what.startswith("refused:")}
            ctype = answer.get("Content-Type", "")
            body = answer.content.decode(errors="replace") if ("html" in ctype or "json" in ctype
                                                                or "csv" in ctype) else ""
            may = user.profile.role in roles
            if not may:
                if answer.status_code not in (403, 404):
                    problems.append(f"{url} as {label}: {answer.status_code}, not refused")
                elif not refused:
                    problems.append(f"{url} as {label}: refused with no refused row")
                elif child.pk in shown:
                    problems.append(f"{url} as {label}: refused but logged as shown")
                continue
            if not sees_child:
                if answer.status_code == 200 and (child.pk in shown or _names(body, child)):
                    problems.append(f"{url} as {label}: shows the child they may not see")
                elif answer.status_code != 200 and not refused:
                    problems.append(f"{url} as {label}: {answer.status_code} with no refused row")
                continue
            if answer.status_code != 200:
                problems.append(f"{url} as {label}: {answer.status_code}")
            elif kind == "child" and child.pk not in shown:
                problems.append(f"{url} as {label}: no access-log row for the child")
            elif kind == "aggregate" and (shown != {None} or _names(body, child)):
                problems.append(f"{url} as {label}: figures only, yet {shown} logged or the child named")
            elif extra_check:
                problems.extend(extra_check(url, label, user, body))
    return requests, problems


def _every_role(make_user, w):
    """A user of every role; provider managers of the child's provider (A) and of another (B). Roles scoped to a
    caseload (leaving-care advisers, PCSOs) or to referred cases (prosecutors) do not see this child; the PCSO named
    as the worker on the child's early-help referral (the world's `pcso_worker`, if it has one) does."""
    users = []
    for role in Role:
        if role == Role.PROVIDER_MANAGER:
            users.append(("provider A's manager", make_user(role, provider=w.provider_a), True))
            users.append(("provider B's manager", make_user(role, provider=w.provider_b), False))
        else:
            users.append((str(role), make_user(role), role in ALL_CHILDREN_ROLES))
    if getattr(w, "pcso_worker", None) is not None:
        users.append(("the PCSO named as the worker", w.pcso_worker, True))
    return users


def test_every_door_as_every_role(client, doors_world, make_user):
    """Allowed roles: 200 and a row naming the child (provider staff only for their own homes: the other provider's
    manager is shown nothing of the child, or refused with a row); other roles: 403/404 and a refused row. Panel
    roles that see pseudonyms in the missing pack (analysts) get no name on the page."""
    w = doors_world

    def pseudonyms(url, label, user, body):
        if url.startswith("/missing/pack/") and user.profile.role not in PACK_NAME_ROLES and _names(body, w.child):
            return [f"{url} as {label}: the pack names the child to a role that sees pseudonyms"]
        if url.startswith("/missing/pack/") and user.profile.role in PACK_NAME_ROLES and not _names(body, w.child):
            return [f"{url} as {label}: the pack does not name the child to a panel role"]
        return []

    fill = {"month": w.month, "item": w.item.pk, "today": w.today, "involvement": w.involvement, "child": w.child.pk,
            "referral": w.referral.pk}
    requests, problems = _walk(client, DOORS, _every_role(make_user, w), w.child, fill, pseudonyms)
    print(f"access matrix (doors as every role): {requests} requests, {len(problems)} problems")
    assert not problems, "\n".join(problems)


@pytest.fixture
def outcomes_world(world, tmp_path):
    """The hand-built 2017-18 return (as tests/outcomes), with B placed at provider A's home a1 today."""
    from divert.ingest.actions import import_file
    from divert.registers.models import Child
    from tests.factories import PlacementFactory
    from tests.outcomes.conftest import decide
    from tests.outcomes.test_indicator import write_return

    run = import_file(kind="ssda903", path=write_return(tmp_path))
    assert run.status == "loaded", run.problems
    on = dt.date(2017, 11, 7)
    for child_id, outcome, fte in (("A", "youth_caution", True), ("B", "youth_caution", True), ("H", "1", False),
                                   ("J", "refer_for_charge", False), ("L", "community_resolution", False)):
        decide(child_id, outcome, on, fte=fte)
    world.b = Child.objects.get(child_id="B")
    PlacementFactory(child=world.b, home=world.a1)
    return world


def test_outcome_doors_as_every_role(client, outcomes_world, make_user):
    """The reconciliation names each child that differs (one row each); the board report and impact log show
    suppressed figures only (one row naming no child); roles outside each list are refused with a row."""
    w = outcomes_world
    requests, problems = _walk(client, OUTCOME_DOORS, _every_role(make_user, w), w.b, {"child": w.b.pk})
    print(f"access matrix (outcomes as every role): {requests} requests, {len(problems)} problems")
    assert not problems, "\n".join(problems)


def test_doors_said_to_show_no_child_do_not_name_one(client, doors_world, make_user):
    """Each "shows no child" door that a GET can open (its parameters filled from the world) is requested by an
    administrator and a CiC officer: if the answer names the child, it must have written a row for the child."""
    w = doors_world
    from divert.exploitation.models import MaseAction
    from divert.incidents.models import ArrestAlert, FollowUp

    fill = {"pk": w.child.pk, "item_id": w.review_item.pk, "episode_id": w.episode.pk, "case_id": w.case.pk,
            "held_on": w.today, "child_pk": w.child.pk, "year": 2018, "run_id": 0, "section_id": w.section.pk}
    action = MaseAction.objects.filter(child=w.child).first()
    alert = ArrestAlert.objects.filter(child=w.child).first()
    specific = {"exploitation/actions/<int:pk>/update/": action.pk, "incidents/alerts/<int:pk>/acknowledge/": alert.pk,
                "missing/episodes/<int:pk>/finalise/": w.episode.pk, "protocol/cases/<int:pk>/send/": w.case.pk,
                "incidents/follow-ups/<int:pk>/done/": getattr(FollowUp.objects.first(), "pk", 0)}
    problems, requests = [], 0
    for role in (Role.ADMINISTRATOR, Role.CICPO):
        user = make_user(role)
        client.force_login(user)
        for route in sorted(NO_CHILD):
            if route in ("sign-out/", "admin/login/", "sign-in/"):
                continue
            url = _url(route, {**fill, "pk": specific.get(route, fill["pk"])}, "", w)
            before = AccessLog.objects.filter(user=user, child=w.child).count()
            answer = client.get(url)
            requests += 1
            body = answer.content.decode(errors="replace") if answer.status_code == 200 else ""
            if _names(body, w.child) and AccessLog.objects.filter(user=user, child=w.child).count() == before:
                problems.append(f"{url} as {role}: names the child with no access-log row")
    print(f"access matrix (no-child doors): {requests} requests, {len(problems)} unlogged")
    assert not problems, "\n".join(problems)


def test_family_doors_as_every_role(client, world, make_user):
    """A family not in care, referred with a PCSO as the worker: the early help service and that PCSO get 200 and
    a row linked to the family; another PCSO and every other role get 403/404 and a refused row (a 404, from a
    role that may open the door, linked to the family); no page names the family's case reference to them."""
    from divert.earlyhelp.actions import record_family, refer
    from divert.earlyhelp.models import FamilyAccess

    service = make_user(Role.SOCIAL_WORKER)
    family = record_family(actor=service, reference="EH-MATRIX-1", initials="AB", birth_year=2013,
                           postcode_district="PO4")
    named = make_user(Role.PCSO)
    referral = refer(actor=service, family=family, worker=named, source="police", concern="asb",
                     reason="Seen with older youths at the shops.", initial_risk="medium")
    users = [(str(role), make_user(role), role in {Role.SOCIAL_WORKER, Role.ADMINISTRATOR}) for role in Role
             if role != Role.PROVIDER_MANAGER]
    users += [("provider A's manager", make_user(Role.PROVIDER_MANAGER, provider=world.provider_a), False),
              ("the PCSO named as the worker", named, True)]
    problems, requests = [], 0
    for _route, roles, url_t, method in FAMILY_DOORS:
        url = url_t.format(family=family.pk, referral=referral.pk)
        for label, user, sees in users:
            client.force_login(user)
            before = AccessLog.objects.filter(user=user).count()
            answer = getattr(client, method)(url)
            requests += 1
            rows = list(AccessLog.objects.filter(user=user).order_by("pk")[before:])
            linked = FamilyAccess.objects.filter(access__in=rows, family=family).exists()
            refused = [r for r in rows if r.what.startswith("refused:")]
            body = answer.content.decode(errors="replace")
            allowed = sees and user.profile.role in roles
            if allowed:
                if answer.status_code != 200:
                    problems.append(f"{url} as {label}: {answer.status_code}")
                elif not linked:
                    problems.append(f"{url} as {label}: no access-log row linked to the family")
            elif answer.status_code == 200 and (linked or family.reference in body):
                problems.append(f"{url} as {label}: shows the family")
            elif answer.status_code != 200 and not refused:
                problems.append(f"{url} as {label}: {answer.status_code} with no refused row")
            elif answer.status_code == 404 and not FamilyAccess.objects.filter(access__in=refused,
                                                                               family=family).exists():
                problems.append(f"{url} as {label}: 404 with a refused row not linked to the family")
    print(f"access matrix (family not in care as every role): {requests} requests, {len(problems)} problems")
    assert not problems, "\n".join(problems)
