import datetime as dt
import re

import pytest

from divert.missing import actions, rules
from divert.missing.models import MissingEpisode
from divert.missing.reconcile import build_episodes

from .builders import at, child, home, report

pytestmark = pytest.mark.django_db


def _subjects(findings):
    return {f.subject_key for f in findings}


def test_rules_cite_their_sources():
    """Each rule's docstring names a document listed in docs/sources.md; the page's reason names its title."""
    from pathlib import Path

    sources = (Path(__file__).resolve().parents[2] / "docs" / "sources.md").read_text()
    short_names = [row.split("|")[1].strip() for row in sources.splitlines() if row.startswith("| ")
                   and not row.startswith("| Short name")]
    for rule in rules.RULES:
        doc = rule.check.__doc__ or ""
        assert any(name in doc for name in short_names), rule.name
        assert rule.source and not re.search(r"seed|domain\.md", rule.source, re.IGNORECASE)


def test_return_interview_overdue(returned_episode):
    # returned 2 Oct 08:00 -> due 5 Oct 08:00 (72 hours)
    assert not rules.return_interview_overdue(as_of=rules.run_time(dt.date(2026, 10, 5)))  # 07:00, not yet
    assert _subjects(rules.return_interview_overdue(as_of=rules.run_time(dt.date(2026, 10, 6)))) == {
        f"episode:{returned_episode.pk}"}


def test_risk_not_graded():
    c = child(placed_at=home())
    report(c, at(2026, 10, 5, 23), None, grade="")
    build_episodes()
    ep = MissingEpisode.objects.get()
    assert _subjects(rules.risk_not_graded(as_of=rules.run_time(dt.date(2026, 10, 6)))) == {f"episode:{ep.pk}"}


def test_risk_not_reviewed_while_still_missing():
    c = child(placed_at=home())
    report(c, at(2026, 10, 5, 20), None, grade="medium")  # medium: review within 12 hours
    build_episodes()
    assert not rules.risk_not_reviewed(as_of=at(2026, 10, 6, 7))
    assert len(rules.risk_not_reviewed(as_of=at(2026, 10, 6, 9))) == 1


def test_high_risk_without_supervisor_review(coordinator):
    c = child(placed_at=home())
    report(c, at(2026, 10, 5, 20), None, grade="high")
    build_episodes()
    ep = MissingEpisode.objects.get()
    as_of = rules.run_time(dt.date(2026, 10, 6))
    assert len(rules.high_risk_without_supervisor_review(as_of=as_of)) == 1
    actions.record_risk_review(episode=ep, user=coordinator, grade="high", supervisor_review=True,
                               reviewed_at=at(2026, 10, 5, 22))
    assert not rules.high_risk_without_supervisor_review(as_of=as_of)


def test_provider_reporting_outlier_uses_similar_homes():
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
    found = rules.provider_reporting_outlier(as_of=rules.run_time(dt.date(2026, 10, 20)))
    assert _subjects(found) == {f"home:{busy.pk}"} and found[0].detail["position"] == "above"


def test_found_at_location_linked_to_other_children():
    h = home()
    a, b, c = child(placed_at=h), child(placed_at=h), child(placed_at=h)
    report(a, at(2026, 9, 1), at(2026, 9, 2), found_postcode="NG1 1AA")
    report(b, at(2026, 10, 5, 12), at(2026, 10, 5, 23), found_postcode="ng11aa")
    report(c, at(2026, 10, 5, 12), at(2026, 10, 5, 23), found_postcode="NG9 9ZZ", found_e=455000, found_n=340000)
    build_episodes()
    found = rules.found_at_linked_location(as_of=rules.run_time(dt.date(2026, 10, 6)))
    b_ep = MissingEpisode.objects.get(child=b)
    assert _subjects(found) == {f"episode:{b_ep.pk}"} and found[0].detail["other_children"] == 1


def test_daily_compliance_run_is_idempotent(returned_episode):
    first = actions.run_daily_compliance(run_date=dt.date(2026, 10, 6))
    again = actions.run_daily_compliance(run_date=dt.date(2026, 10, 6))
    assert [i.pk for i in first] == [i.pk for i in again] and first


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
