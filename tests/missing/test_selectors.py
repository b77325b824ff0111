import datetime as dt

import pytest

from divert.core.models import AuditEvent
from divert.missing import actions, rules, selectors
from divert.missing.actions import escalate, run_daily_compliance
from divert.missing.models import ComplianceItem, MissingEpisode
from divert.missing.reconcile import build_episodes
from divert.missing.selectors import compliance_items

from .builders import at, child, home, report

pytestmark = pytest.mark.django_db


def test_compliance_items_reads_one_day_without_writing(returned_episode, coordinator, django_assert_num_queries):
    day = dt.date(2026, 10, 6)
    assert compliance_items(run_date=day) == []
    stored = run_daily_compliance(run_date=day)
    run_daily_compliance(run_date=day + dt.timedelta(days=1))
    item = next(i for i in stored if i.rule == "return_interview_overdue")
    escalate(item=item, user=coordinator, to="provider", owner=coordinator, due_on=day + dt.timedelta(days=3))
    before = (ComplianceItem.objects.count(), AuditEvent.objects.count())
    with django_assert_num_queries(2):  # the items with episode, child and home; then their escalations
        items = compliance_items(run_date=day)
        escalations = [list(i.escalations.all()) for i in items]
        children = [i.episode.child for i in items if i.episode]
    assert [i.pk for i in items] == sorted(i.pk for i in stored)
    assert {i.run_date for i in items} == {day}
    assert children == [returned_episode.child] * len(children) and escalations[items.index(item)][0].to == "provider"
    assert (ComplianceItem.objects.count(), AuditEvent.objects.count()) == before


# --- The daily compliance checks' reads, each with its rule (the rules alone: test_rules.py) ---


def _subjects(findings):
    return {f.subject_key for f in findings}


def test_return_interview_overdue_findings(returned_episode):
    # returned 2 Oct 08:00 -> due 5 Oct 08:00 (72 hours)
    assert not selectors.return_interview_overdue_findings(as_of=rules.run_time(dt.date(2026, 10, 5)))  # 07:00, not yet
    assert _subjects(selectors.return_interview_overdue_findings(as_of=rules.run_time(dt.date(2026, 10, 6)))) == {
        f"episode:{returned_episode.pk}"}


def test_risk_not_graded_findings():
    c = child(placed_at=home())
    report(c, at(2026, 10, 5, 23), None, grade="")
    build_episodes()
    ep = MissingEpisode.objects.get()
    found = selectors.risk_not_graded_findings(as_of=rules.run_time(dt.date(2026, 10, 6)))
    assert _subjects(found) == {f"episode:{ep.pk}"}


def test_risk_not_reviewed_findings_while_still_missing():
    c = child(placed_at=home())
    report(c, at(2026, 10, 5, 20), None, grade="medium")  # medium: review within 12 hours
    build_episodes()
    assert not selectors.risk_not_reviewed_findings(as_of=at(2026, 10, 6, 7))
    assert len(selectors.risk_not_reviewed_findings(as_of=at(2026, 10, 6, 9))) == 1


def test_high_risk_without_supervisor_review_findings(coordinator):
    c = child(placed_at=home())
    report(c, at(2026, 10, 5, 20), None, grade="high")
    build_episodes()
    ep = MissingEpisode.objects.get()
    as_of = rules.run_time(dt.date(2026, 10, 6))
    assert len(selectors.high_risk_without_supervisor_review_findings(as_of=as_of)) == 1
    actions.record_risk_review(episode=ep, user=coordinator, grade="high", supervisor_review=True,
                               reviewed_at=at(2026, 10, 5, 22))
    assert not selectors.high_risk_without_supervisor_review_findings(as_of=as_of)


def test_provider_reporting_outlier_findings_compare_similar_homes():
    homes = [home(places=4) for _ in range(5)]
    busy = homes[0]
    for i, h in enumerate(homes):
        kid = child(placed_at=h)
        n = 20 if h is busy else 1
        for k in range(n):
            start = at(2026, 9, 1) + dt.timedelta(days=k * 2 + i, hours=1)
            report(kid, start, start + dt.timedelta(hours=3), home=h)
    home(places=4, setting_type="supported_accommodation")  # a different kind of setting is not compared
    build_episodes()
    found = selectors.provider_reporting_outlier_findings(as_of=rules.run_time(dt.date(2026, 10, 20)))
    assert _subjects(found) == {f"home:{busy.pk}"} and found[0].detail["position"] == "above"


def test_found_at_linked_location_findings():
    h = home()
    a, b, c = child(placed_at=h), child(placed_at=h), child(placed_at=h)
    report(a, at(2026, 9, 1), at(2026, 9, 2), found_postcode="NG1 1AA")
    report(b, at(2026, 10, 5, 12), at(2026, 10, 5, 23), found_postcode="ng11aa")
    report(c, at(2026, 10, 5, 12), at(2026, 10, 5, 23), found_postcode="NG9 9ZZ", found_e=455000, found_n=340000)
    build_episodes()
    found = selectors.found_at_linked_location_findings(as_of=rules.run_time(dt.date(2026, 10, 6)))
    b_ep = MissingEpisode.objects.get(child=b)
    assert _subjects(found) == {f"episode:{b_ep.pk}"} and found[0].detail["other_children"] == 1


def test_high_risk_findings_run_three_queries_whatever_the_number_of_episodes(django_assert_num_queries):
    for _ in range(3):
        report(child(placed_at=home()), at(2026, 10, 5, 20), None, grade="high")
    build_episodes()
    with django_assert_num_queries(3):  # the episodes graded high, their reviews, their homes
        found = selectors.high_risk_without_supervisor_review_findings(as_of=rules.run_time(dt.date(2026, 10, 6)))
    assert len(found) == 3


# --- Where each episode's child was living: the placement reconcile stored on the episode ---


def _fostered_episode(place="U1"):
    from divert.registers.models import Placement

    c = child(first="Robin", last="Fostered")
    placement = Placement.objects.create(child=c, decom=dt.date(2024, 1, 1), rne="S", legal_status="C2", cin="N1",
                                         place=place, collection_year=2026)
    report(c, at(2026, 10, 1, 22), at(2026, 10, 2, 8))
    build_episodes()
    return MissingEpisode.objects.get(child=c), placement


def test_episode_settings_reads_the_stored_placement_with_no_query(django_assert_num_queries):
    """Episodes read with select_related("placement__home") (as the list page reads them) cost no query more."""
    h = home()
    placed = child(placed_at=h)
    report(placed, at(2026, 10, 3, 22), at(2026, 10, 4, 8))
    episode, placement = _fostered_episode()
    unplaced = child(first="Sam", last="Unplaced")
    report(unplaced, at(2026, 10, 5, 22), at(2026, 10, 6, 8))
    build_episodes()
    assert episode.placement_id == placement.pk
    episodes = list(MissingEpisode.objects.select_related("home", "placement__home").order_by("pk"))
    with django_assert_num_queries(0):
        found = selectors.episode_settings(episodes)
    by_child = {e.child_id: found.get(e.pk) for e in episodes}
    assert by_child == {placed.pk: h, episode.child_id: placement, unplaced.pk: None}


def test_episode_settings_does_not_look_the_placement_up_again(django_assert_num_queries):
    """The stored placement is what is shown, even where a fresh look-up by date would find another: the selector
    no longer repeats reconcile's search."""
    from divert.registers.models import Placement

    episode, stored = _fostered_episode()
    # A later-starting placement covering the same day: a search by date would now pick it; reconcile has not run.
    Placement.objects.create(child=episode.child, decom=dt.date(2025, 1, 1), rne="P", legal_status="C2", cin="N1",
                             place="U4", collection_year=2026)
    assert selectors.episode_settings([MissingEpisode.objects.get(pk=episode.pk)]) == {episode.pk: stored}
    episode = MissingEpisode.objects.get(pk=episode.pk)
    episode.placement = None
    with django_assert_num_queries(0):  # no placement stored: left out, with no search by date
        assert selectors.episode_settings([episode]) == {}


def test_episode_settings_fetches_stored_placements_at_once_when_not_joined(django_assert_num_queries):
    """Episodes read without the join: their stored placements are fetched together (one query, whatever their
    number; the placements have no home, so no second query for homes)."""
    first, _ = _fostered_episode()
    second, _ = _fostered_episode(place="U4")
    episodes = list(MissingEpisode.objects.filter(pk__in=[first.pk, second.pk]).order_by("pk"))
    with django_assert_num_queries(1):
        found = selectors.episode_settings(episodes)
    assert [found[e.pk].place for e in episodes] == ["U1", "U4"]


def test_child_missing_summary_joins_the_interview_but_not_the_child_or_home(returned_episode, coordinator):
    """The child page already holds the child and its missing section shows no home."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    child = returned_episode.child
    with CaptureQueriesContext(connection) as ctx:
        summary = selectors.child_missing_summary(child, coordinator)
        assert summary["episodes"] == [returned_episode]
        assert summary["episodes"][0].return_interview is not None  # joined, so no query of its own
    reads = [q["sql"] for q in ctx.captured_queries if 'FROM "missing_missingepisode"' in q["sql"]]
    assert len(ctx.captured_queries) == 2  # the episodes (with interviews) and the repeat counts
    assert not any('"registers_child"."first_name"' in s or '"registers_home"."name"' in s for s in reads)
