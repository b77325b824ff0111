import pytest

from divert.earlyhelp import actions, rules
from divert.earlyhelp.selectors import caseload, cohort_report, reviews_due

from .conftest import days_ago, intervention, refer

pytestmark = pytest.mark.django_db


def test_caseload_shows_the_latest_risk_trajectory_and_review_due(reference, child, pcso, service):
    r = refer(child, pcso, service, risk="high", days=200)
    actions.record_contact(actor=pcso, referral=r, intervention=intervention(), on=days_ago(150))
    actions.record_review(actor=pcso, referral=r, risk="medium", reviewed_on=days_ago(120))
    [row] = caseload(user=pcso)
    assert (row.latest_risk, row.trajectory, row.contacts, row.review_due) == ("medium", rules.REDUCED, 1, True)
    assert reviews_due(pcso) == 1
    actions.record_review(actor=pcso, referral=r, risk="none", reviewed_on=days_ago(3))
    [row] = caseload(user=pcso)
    assert (row.trajectory, row.review_due) == (rules.ELIMINATED, False)
    assert reviews_due(pcso) == 0


def test_cohort_report_counts_re_referrals_within_twelve_months_by_cohort(reference, pcso, service):
    from tests.factories import ChildFactory

    a, b, c = ChildFactory(), ChildFactory(), ChildFactory()
    # a: referred ~2 years ago, closed after 3 months, re-referred 4 months later.
    r1 = refer(a, pcso, service, risk="high", days=800)
    actions.record_review(actor=pcso, referral=r1, risk="low", reviewed_on=days_ago(760))
    actions.close_referral(actor=pcso, referral=r1, closure="needs_met", closed_on=days_ago(710))
    refer(a, pcso, service, risk="low", days=590)
    # b: same cohort, closed and not re-referred.
    r2 = refer(b, pcso, service, risk="medium", days=800)
    actions.close_referral(actor=pcso, referral=r2, closure="needs_met", closed_on=days_ago(700))
    # c: closed a month ago: pending.
    r3 = refer(c, pcso, service, risk="low", days=60)
    actions.close_referral(actor=pcso, referral=r3, closure="declined", closed_on=days_ago(30))
    cohorts = {k.year: k for k in cohort_report()}
    first = cohorts[rules.cohort_of(days_ago(800))]
    assert first.referrals >= 2
    assert first.re_referral.closed == 2 and first.re_referral.re_referred == 1 and first.re_referral.percent == 50
    assert first.trajectories[rules.REDUCED_TO_LOW] == 1 and first.trajectories[rules.NOT_REVIEWED] >= 1
    last = cohorts[rules.cohort_of(days_ago(60))]
    assert last.re_referral.pending == 1 and last.re_referral.closed == 0


def test_reviews_due_counts_what_the_caseload_marks_due_in_a_fixed_number_of_queries(
        reference, pcso, service, django_assert_max_num_queries):
    from tests.factories import ChildFactory

    never = refer(ChildFactory(), pcso, service, risk="high", days=100)  # no review, referred over 90 days ago
    recent = refer(ChildFactory(), pcso, service, risk="low", days=100)
    actions.record_review(actor=pcso, referral=recent, risk="low", reviewed_on=days_ago(10))
    refer(ChildFactory(), pcso, service, risk="low", days=30)  # referred recently: not due
    due = {row.referral.pk for row in caseload(user=pcso) if row.review_due}
    assert due == {never.pk}
    with django_assert_max_num_queries(3):
        assert reviews_due(pcso) == len(due) == 1
