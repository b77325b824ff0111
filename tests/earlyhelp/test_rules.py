import datetime as dt

import pytest

from divert.earlyhelp import rules

D = dt.date(2025, 6, 30)


@pytest.mark.parametrize(("first", "latest", "expected"), [
    ("high", "none", rules.ELIMINATED), ("low", "none", rules.ELIMINATED),
    ("high", "low", rules.REDUCED_TO_LOW), ("medium", "low", rules.REDUCED_TO_LOW),
    ("high", "medium", rules.REDUCED), ("medium", "medium", rules.UNCHANGED), ("none", "none", rules.UNCHANGED),
    ("low", "medium", rules.RAISED), ("none", "high", rules.RAISED), ("medium", None, rules.NOT_REVIEWED),
])
def test_risk_trajectory(first, latest, expected):
    assert rules.risk_trajectory(first, latest) == expected


def test_re_referred_counts_a_new_referral_within_twelve_months_of_closure_only():
    assert rules.re_referred(closed_on=D, next_referred_on=D + dt.timedelta(days=365))
    assert not rules.re_referred(closed_on=D, next_referred_on=D + dt.timedelta(days=366))
    assert not rules.re_referred(closed_on=D, next_referred_on=None)
    assert not rules.re_referred(closed_on=D, next_referred_on=D - dt.timedelta(days=3))


def test_re_referral_rate_leaves_closures_under_twelve_months_old_pending():
    today = dt.date(2026, 12, 1)
    closures = [(dt.date(2025, 1, 1), dt.date(2025, 6, 1)),  # re-referred
                (dt.date(2025, 2, 1), None),  # not re-referred, followed up
                (dt.date(2025, 3, 1), dt.date(2026, 9, 1)),  # a new referral, but 18 months on
                (dt.date(2026, 6, 1), None)]  # closed six months ago: pending
    rate = rules.re_referral_rate(closures, today=today)
    assert (rate.closed, rate.re_referred, rate.pending, rate.percent) == (3, 1, 1, 33)
    assert rules.re_referral_rate([], today=today).percent is None


def test_followed_up():
    assert rules.followed_up(closed_on=D, today=D + dt.timedelta(days=365))
    assert not rules.followed_up(closed_on=D, today=D + dt.timedelta(days=364))


def test_cohort_of():
    assert rules.cohort_of(dt.date(2025, 3, 31)) == 2025
    assert rules.cohort_of(dt.date(2025, 4, 1)) == 2026


def test_review_date_problem():
    assert rules.review_date_problem(referred_on=D, reviewed_on=D, today=D) == ""
    assert "before the referral" in rules.review_date_problem(referred_on=D, reviewed_on=D - dt.timedelta(days=1),
                                                              today=D)
    assert "future" in rules.review_date_problem(referred_on=D, reviewed_on=D + dt.timedelta(days=1), today=D)


def test_the_api_enums_are_the_models_choices():
    """The API declares the choices in its schema; they must stay the models' own."""
    import typing

    from divert.api.earlyhelp import CloseIn, ReferralIn, ReviewIn
    from divert.earlyhelp.models import Referral, Risk

    def values(schema, name):
        return set(typing.get_args(schema.model_fields[name].annotation))

    assert values(ReferralIn, "source") == set(Referral.Source.values)
    assert values(ReferralIn, "concern") == set(Referral.Concern.values)
    assert values(ReviewIn, "risk") == set(Risk.values) == values(ReferralIn, "initial_risk")
    assert values(CloseIn, "closure") == set(Referral.Closure.values)
