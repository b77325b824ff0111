import datetime as dt

import pytest

from divert.missing.models import Category, EpisodeSource, MissingEpisode, ReturnInterview
from divert.missing.reconcile import build_episodes

from .builders import at, child, home, report, row903

pytestmark = pytest.mark.django_db


def test_overlapping_report_and_903_row_make_one_episode_keeping_both_sources():
    h = home()
    c = child(placed_at=h)
    r = report(c, at(2026, 10, 3, 22), at(2026, 10, 4, 9), grade="high")
    m = row903(c, dt.date(2026, 10, 3), dt.date(2026, 10, 4))
    result = build_episodes()
    assert result.created == 1 and result.sources_attached == 2
    ep = MissingEpisode.objects.get()
    assert {s.missing_report_id for s in ep.sources.all()} - {None} == {r.pk}
    assert {s.ssda903_missing_id for s in ep.sources.all()} - {None} == {m.pk}
    assert ep.started_at == at(2026, 10, 3, 22) and ep.ended_at == at(2026, 10, 4, 9)  # police times preferred
    assert ep.category == Category.MISSING and ep.home == h and ep.placement is not None
    assert ep.risk_grade == "high" and ep.risk_reviews.count() == 1


def test_separate_absences_stay_separate_and_missing_vs_absent_kept_apart():
    c = child(placed_at=home())
    report(c, at(2026, 10, 1, 10), at(2026, 10, 1, 20))
    report(c, at(2026, 10, 5, 10), at(2026, 10, 5, 20))
    row903(c, dt.date(2026, 10, 10), dt.date(2026, 10, 11), kind="M")
    row903(c, dt.date(2026, 10, 11), dt.date(2026, 10, 12), kind="A")
    build_episodes()
    cats = sorted(MissingEpisode.objects.values_list("category", flat=True))
    assert cats == ["A", "M", "M", "M"]


def test_rerun_is_idempotent_and_picks_up_changes():
    c = child(placed_at=home())
    r = report(c, at(2026, 10, 1, 10), None)
    build_episodes()
    ep = MissingEpisode.objects.get()
    assert ep.state == "open" and not ReturnInterview.objects.exists()
    again = build_episodes()
    assert again.as_dict() == {"episodes_created": 0, "episodes_updated": 0, "episodes_merged": 0,
                               "sources_attached": 0, "return_interviews_created": 0,
                               "episodes_withdrawn": 0}
    r.found_at = at(2026, 10, 2, 8)
    r.save()
    row903(c, dt.date(2026, 10, 1), dt.date(2026, 10, 2))
    third = build_episodes()
    assert third.created == 0 and third.sources_attached == 1 and third.interviews_created == 1
    ep.refresh_from_db()
    assert ep.state == "returned" and EpisodeSource.objects.filter(episode=ep).count() == 2
    assert build_episodes().as_dict()["episodes_updated"] == 0


def test_return_interview_due_72_hours_after_return():
    c = child(placed_at=home())
    report(c, at(2026, 10, 1, 10), at(2026, 10, 2, 8, 30))
    build_episodes()
    ri = ReturnInterview.objects.get()
    assert ri.state == "due" and ri.due_at == at(2026, 10, 5, 8, 30)


def test_a_bridging_report_merges_two_episodes_without_deleting():
    c = child(placed_at=home())
    report(c, at(2026, 10, 1, 10), at(2026, 10, 1, 12))
    report(c, at(2026, 10, 1, 14), at(2026, 10, 1, 16))
    build_episodes()
    assert MissingEpisode.objects.count() == 2
    report(c, at(2026, 10, 1, 11), at(2026, 10, 1, 15))
    assert build_episodes().merged == 1
    assert MissingEpisode.objects.filter(state="merged").count() == 1
    live = MissingEpisode.objects.exclude(state="merged").get()
    assert live.sources.count() == 3


def test_unlinked_reports_are_ignored():
    from divert.police.models import MissingReport

    MissingReport.objects.create(reference="X1", reported_missing_at=at(2026, 10, 1))
    assert build_episodes().created == 0


def test_relinked_report_moves_and_unlinked_report_withdraws_the_episode():
    from divert.police.models import LinkStatus

    a, b = child(placed_at=home()), child(placed_at=home())
    r = report(a, at(2026, 10, 1, 10), at(2026, 10, 1, 20))
    build_episodes()
    first = MissingEpisode.objects.get()
    r.child = b
    r.save()
    build_episodes()
    assert MissingEpisode.objects.get(pk=first.pk).state == "withdrawn"
    moved = MissingEpisode.objects.get(child=b)
    assert moved.sources.get().missing_report_id == r.pk
    r.child, r.link_status = None, LinkStatus.NONE
    r.save()
    assert build_episodes().withdrawn == 1
    assert not EpisodeSource.objects.exists()


def test_touching_903_rows_and_open_rows_do_not_swallow_later_absences():
    c = child(placed_at=home())
    report(c, at(2025, 10, 4, 18), at(2025, 10, 4, 23))
    report(c, at(2025, 10, 5, 2), at(2025, 10, 6, 2))
    row903(c, dt.date(2025, 10, 4), dt.date(2025, 10, 5))
    row903(c, dt.date(2025, 10, 5), dt.date(2025, 10, 6))
    row903(c, dt.date(2026, 3, 28), None)  # open at the year end
    report(c, at(2026, 3, 28, 19), at(2026, 4, 6, 13))
    row903(c, dt.date(2026, 4, 24), dt.date(2026, 4, 26))
    report(c, at(2026, 4, 24, 14), at(2026, 4, 25, 2))
    build_episodes()
    sizes = sorted(e.sources.count() for e in MissingEpisode.objects.all())
    assert sizes == [2, 2, 2, 2]
