"""The missing rules, each by name: pure, on plain values (their reads are tested in test_selectors.py)."""

import datetime as dt
import re
from types import SimpleNamespace

import pytest

from divert.missing import actions, rules, selectors
from divert.missing.rules import Review

from .builders import at


def test_rules_cite_their_sources():
    """Each rule's docstring names a document listed in docs/sources.md; the page's reason names its title."""
    from pathlib import Path

    sources = (Path(__file__).resolve().parents[2] / "docs" / "sources.md").read_text()
    short_names = [row.split("|")[1].strip() for row in sources.splitlines() if row.startswith("| ")
                   and not row.startswith("| Short name")]
    for rule in rules.RULES:
        doc = rule.predicate.__doc__ or ""
        assert any(name in doc for name in short_names), rule.name
        assert rule.source and not re.search(r"seed|domain\.md", rule.source, re.IGNORECASE)


def test_every_compliance_rule_has_its_read():
    assert {r.predicate for r in rules.RULES} == set(selectors.COMPLIANCE_CHECKS)


def test_is_repeat_missing():
    assert not rules.is_repeat_missing(2)
    assert rules.is_repeat_missing(3)


def _episode(**kw):
    values = {"state": "returned", "ended_at": at(2026, 10, 2, 8), "referrals_recorded_at": at(2026, 10, 3)}
    return SimpleNamespace(**{**values, **kw})


def test_finalisation_blockers():
    done = SimpleNamespace(state="completed")
    assert rules.finalisation_blockers(_episode(), done) == []
    assert rules.finalisation_blockers(_episode(state="finalised"), done) == ["The episode is already finalised."]
    assert rules.finalisation_blockers(_episode(state="merged"), done) == [
        "The episode was merged into another episode."]
    blockers = rules.finalisation_blockers(_episode(ended_at=None, referrals_recorded_at=None),
                                           SimpleNamespace(state="offered"))
    assert len(blockers) == 3 and "returned" in blockers[0]
    assert rules.finalisation_blockers(_episode(), None) == [
        "The return interview is not completed, declined or marked not possible."]


def test_run_time():
    assert rules.run_time(dt.date(2026, 10, 6)) == at(2026, 10, 6, 7)


def test_return_interview_overdue():
    # returned 2 Oct 08:00 -> due 5 Oct 08:00 (72 hours)
    due = at(2026, 10, 5, 8)
    assert not rules.return_interview_overdue(due_at=due, as_of=rules.run_time(dt.date(2026, 10, 5)))  # 07:00
    assert rules.return_interview_overdue(due_at=due, as_of=rules.run_time(dt.date(2026, 10, 6)))


def test_risk_not_graded():
    started = at(2026, 10, 5, 23)
    as_of = rules.run_time(dt.date(2026, 10, 6))
    assert rules.risk_not_graded(risk_grade="", started_at=started, as_of=as_of)
    assert not rules.risk_not_graded(risk_grade="low", started_at=started, as_of=as_of)
    # MISSING_RISK_GRADE_HOURS (2): a report made at 05:30 still has time to be graded at 07:00
    assert not rules.risk_not_graded(risk_grade="", started_at=at(2026, 10, 6, 5, 30), as_of=as_of)


def test_risk_not_reviewed():
    graded = at(2026, 10, 5, 20)  # medium: review within 12 hours, by 08:00
    assert not rules.risk_not_reviewed(risk_grade="medium", risk_graded_at=graded, as_of=at(2026, 10, 6, 7))
    assert rules.risk_not_reviewed(risk_grade="medium", risk_graded_at=graded, as_of=at(2026, 10, 6, 9))
    assert rules.risk_not_reviewed(risk_grade="high", risk_graded_at=graded, as_of=at(2026, 10, 6, 7))  # 6 hours
    assert not rules.risk_not_reviewed(risk_grade="", risk_graded_at=graded, as_of=at(2026, 10, 9))


def test_high_risk_without_supervisor_review():
    high = Review("high", False, at(2026, 10, 5, 20))
    assert rules.high_risk_without_supervisor_review(reviews=[high])
    assert rules.high_risk_without_supervisor_review(reviews=[Review("medium", True, at(2026, 10, 5, 19)), high])
    assert not rules.high_risk_without_supervisor_review(reviews=[high, Review("high", True, at(2026, 10, 5, 22))])
    assert not rules.high_risk_without_supervisor_review(reviews=[Review("medium", False, at(2026, 10, 5, 20))])
    assert rules.first_high_grading([Review("high", True, at(2026, 10, 6)), high]) == high.reviewed_at


def test_provider_reporting_outlier():
    similar = [(str(i), f"Home {i}", 1, 4.0) for i in range(1, 5)]
    theta, outliers = rules.provider_reporting_outlier(homes=[("busy", "Busy", 20, 4.0), *similar])
    assert [p.key for p in outliers] == ["busy"] and outliers[0].position == "above"
    assert theta == pytest.approx(24 / 20)
    assert rules.provider_reporting_outlier(homes=[("busy", "Busy", 20, 4.0), similar[0]]) == (0.0, [])  # < 3 homes


def _found(pk, child_id, postcode="", e=None, n=None):
    return {"id": pk, "child_id": child_id, "found_postcode": postcode, "found_easting": e, "found_northing": n}


def test_found_at_linked_location():
    history = [_found(1, 10, "NG1 1AA"), _found(2, 20, "NG9 9ZZ", 455000, 340000), _found(3, 30, "ng11aa")]
    assert rules.found_at_linked_location(episode=_found(4, 30, "NG1 1AA"), history=history) == {(10, 1)}
    # within MISSING_NEAR_METRES (100) of another child's found location, whatever the postcode
    assert rules.found_at_linked_location(episode=_found(5, 40, "NG2 2BB", 455060, 340060), history=history) == {
        (20, 2)}
    assert not rules.found_at_linked_location(episode=_found(6, 40, "NG3 3CC", 455200, 340000), history=history)
    assert not rules.found_at_same_place(_found(7, 1), _found(8, 2), near=100)  # no postcode, no coordinates


@pytest.mark.django_db
def test_daily_compliance_run_is_idempotent(returned_episode):
    first = actions.run_daily_compliance(run_date=dt.date(2026, 10, 6))
    again = actions.run_daily_compliance(run_date=dt.date(2026, 10, 6))
    assert [i.pk for i in first] == [i.pk for i in again] and first


@pytest.mark.django_db
def test_a_rerun_withdraws_findings_that_no_longer_hold_unless_escalated(db, django_user_model):
    from divert.missing.models import ComplianceItem, Escalation

    day = dt.date(2026, 10, 5)
    kept = ComplianceItem.objects.create(rule="r", run_date=day, subject_key="kept", detail={})
    escalated = ComplianceItem.objects.create(rule="r", run_date=day, subject_key="escalated", detail={})
    owner = django_user_model.objects.create_user("owner", password="pw-for-tests-1")
    Escalation.objects.create(item=escalated, to=Escalation.To.PROVIDER, due_on=day, owner=owner, created_by=owner)
    other_day = ComplianceItem.objects.create(rule="r", run_date=day - dt.timedelta(days=1), subject_key="x",
                                              detail={})
    found = actions.run_daily_compliance(run_date=day)  # nothing in the database breaks a rule now
    assert found == []
    assert not ComplianceItem.objects.filter(pk=kept.pk).exists()
    assert ComplianceItem.objects.filter(pk__in=[escalated.pk, other_day.pk]).count() == 2
