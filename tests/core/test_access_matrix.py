"""Every door that shows a child: scoped, access-logged, and a refused row for an out-of-scope user.

The test walks every URL pattern of the site and every route of the API. Each must be classified below: as a
view of a child (checked here with a real request), or as a door that shows no child. A new page or endpoint that
is not classified fails `test_every_route_is_classified`, so it cannot forget the access log.
"""

import datetime as dt

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from divert.core.models import AccessLog
from divert.core.roles import Role

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
    "api/v1/exploitation/indicators", "api/v1/exploitation/children/<child_pk>/actions",
    "api/v1/exploitation/actions/<action_id>/updates",
    "exploitation/actions/<int:pk>/update/", "exploitation/children/<int:pk>/actions/new/",
    "api/v1/outcomes/reconciliation/<year>/resolve", "api/v1/protocol/cases/<case_id>/charging-decision",
    "api/v1/protocol/interventions/<intervention_id>/done", "protocol/interventions/<int:pk>/done/",
    "api/v1/protocol/panels", "api/v1/protocol/panels/<held_on>/members", "protocol/panels/<str:held_on>/members/",
    "api/v1/protocol/panels/<held_on>/agenda",
}
# Views of children whose fixtures (a monthly pack, a panel's papers, exports) are tested in their own app's tests.
LOGGED_ELSEWHERE = {
    "missing/pack/": "tests/missing/test_pack.py", "missing/pack.pdf": "tests/missing/test_pack.py",
    "protocol/panels/<str:held_on>/": "tests/protocol/test_views.py",
    "protocol/panels/<str:held_on>/<str:kind>.pdf": "tests/protocol/test_views.py",
    "incidents/daily/export.<str:fmt>": "tests/incidents/test_exports.py",
    "matching/undo/<str:subject_type>/<int:subject_id>/": "tests/matching/test_review.py",
    "missing/compliance/<int:item_pk>/escalate/": "tests/missing/test_views.py",
    "exploitation/": "tests/exploitation/test_views.py",
    "exploitation/meetings/<str:held_on>/": "tests/exploitation/test_views.py",
    "exploitation/meetings/<str:held_on>/<str:kind>.pdf": "tests/exploitation/test_views.py",
    "exploitation/meetings/<str:held_on>/children/<int:pk>/volt/": "tests/exploitation/test_views.py",
    "exploitation/tracker/": "tests/exploitation/test_views.py",
    "api/v1/exploitation/mase": "tests/api/test_exploitation.py",
    "api/v1/exploitation/actions": "tests/api/test_exploitation.py",
    "outcomes/reconciliation/": "tests/outcomes/test_views.py",
    "outcomes/reconciliation/<int:year>/<int:child_pk>/": "tests/outcomes/test_views.py",
    "outcomes/report/": "tests/outcomes/test_views.py",
    "outcomes/report/<int:year>.<str:fmt>": "tests/outcomes/test_views.py",
    "outcomes/impact/": "tests/outcomes/test_impact.py",
    "api/v1/outcomes/reconciliation/<year>": "tests/outcomes/test_api.py",
    "api/v1/outcomes/report/<year>": "tests/outcomes/test_api.py",
    "protocol/interventions/": "tests/protocol/test_views.py",
    "api/v1/protocol/interventions": "tests/protocol/test_api.py",
    "api/v1/protocol/panels/<held_on>": "tests/protocol/test_api.py",
    "early-help/": "tests/earlyhelp/test_views.py",
    "early-help/children/<int:pk>/refer/": "tests/earlyhelp/test_views.py",
    "early-help/referrals/<int:pk>/": "tests/earlyhelp/test_views.py",
    "early-help/referrals/<int:pk>/contact/": "tests/earlyhelp/test_views.py",
    "early-help/referrals/<int:pk>/review/": "tests/earlyhelp/test_views.py",
    "early-help/referrals/<int:pk>/close/": "tests/earlyhelp/test_views.py",
    "api/v1/early-help/referrals": "tests/api/test_earlyhelp.py",
    "api/v1/early-help/referrals/<referral_id>": "tests/api/test_earlyhelp.py",
    "api/v1/early-help/referrals/<referral_id>/contacts": "tests/api/test_earlyhelp.py",
    "api/v1/early-help/referrals/<referral_id>/reviews": "tests/api/test_earlyhelp.py",
    "api/v1/early-help/referrals/<referral_id>/close": "tests/api/test_earlyhelp.py",
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
    "api/v1/exploitation/children/<child_pk>/assessments": (Role.CICPO, lambda w: {"child_pk": w.child.pk}, ""),
    "api/v1/daily-list": (Role.CICPO, lambda w: {}, "date={day}"),
    "api/v1/alerts": (Role.CICPO, lambda w: {}, ""),
    "api/v1/review-items": (Role.ANALYST, lambda w: {}, ""),
    "api/v1/missing/episodes": (Role.MFH_COORDINATOR, lambda w: {}, ""),
    "api/v1/missing/episodes/<episode_id>": (Role.MFH_COORDINATOR, lambda w: {"episode_id": w.episode.pk}, ""),
    "api/v1/missing/compliance": (Role.MFH_COORDINATOR, lambda w: {}, "date={day}"),
    "api/v1/protocol/cases": (Role.CICPO, lambda w: {}, ""),
    "api/v1/protocol/cases/<case_id>": (Role.CICPO, lambda w: {"case_id": w.case.pk}, ""),
    "api/v1/protocol/cases/<case_id>/first-time-entrant": (
        Role.CICPO, lambda w: {"case_id": w.case.pk}, "outcome={outcome}"),
}


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
    unclassified = routes - set(CHILD_VIEWS) - NO_CHILD - set(LOGGED_ELSEWHERE)
    assert not unclassified, f"Classify these routes in tests/core/test_access_matrix.py: {sorted(unclassified)}"
    assert not (set(CHILD_VIEWS) | NO_CHILD | set(LOGGED_ELSEWHERE)) - routes, "a classified route has gone"


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
