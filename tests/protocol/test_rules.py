import datetime as dt
from types import SimpleNamespace

import pytest

from divert.core.roles import Role
from divert.protocol import rules

ON = dt.date(2026, 6, 1)


def outcome(code, **kw):
    from divert.protocol.models import Outcome

    return Outcome.objects.get(code=code) if not kw else SimpleNamespace(**kw)


def dob(age):
    return dt.date(ON.year - age, 1, 15)


def test_may_fill_section_owner_and_override_roles():
    assert rules.may_fill_section(Role.SOCIAL_WORKER, Role.SOCIAL_WORKER)
    assert not rules.may_fill_section(Role.SOCIAL_WORKER, Role.PROVIDER_MANAGER)
    assert rules.may_fill_section(Role.CICPO, Role.PROVIDER_MANAGER)
    assert rules.may_fill_section(Role.ADMINISTRATOR, Role.YOUTH_JUSTICE)
    assert not rules.may_fill_section(Role.PROSECUTOR, Role.SOCIAL_WORKER)
    assert not rules.may_fill_section(None, Role.SOCIAL_WORKER)


def test_section_applies():
    assert rules.section_applies("mandatory", "not_started")
    assert rules.section_applies("conditional", "in_progress")
    assert not rules.section_applies("conditional", "not_applicable")
    assert not rules.section_applies("optional", "not_started")


def _resp(req, state, title="S", owner=Role.SOCIAL_WORKER):
    form = SimpleNamespace(version=SimpleNamespace(template=SimpleNamespace(title="Child Information Form")))
    return SimpleNamespace(section=SimpleNamespace(requirement=req, title=title), state=state, owner_role=owner,
                           form=form)


def test_missing_before_sending_lists_incomplete_applicable_sections():
    missing = rules.missing_before_sending([
        _resp("mandatory", "complete", "Done"), _resp("mandatory", "in_progress", "Views"),
        _resp("conditional", "not_applicable", "Victim"), _resp("conditional", "not_started", "Needs"),
        _resp("optional", "not_started", "Extra"),
    ])
    assert missing == ["Child Information Form: Views (Social worker)", "Child Information Form: Needs (Social worker)"]


@pytest.mark.django_db
@pytest.mark.parametrize("code,is_fte", [
    ("youth_caution", True), ("youth_conditional_caution", True), ("community_resolution", False),
    ("outcome_21", False), ("outcome_22", False), ("outcome_23", False), ("nfa", False),
])
def test_first_time_entrant_by_outcome(code, is_fte):
    a = rules.first_time_entrant(outcome=outcome(code), date_of_birth=dob(15), on=ON, previous_outcomes=[])
    assert a.first_time_entrant is is_fte
    assert not a.possible_if_convicted


@pytest.mark.django_db
def test_first_time_entrant_not_when_already_cautioned():
    a = rules.first_time_entrant(outcome=outcome("youth_caution"), date_of_birth=dob(15), on=ON,
                                 previous_outcomes=[outcome("community_resolution"), outcome("youth_caution")])
    assert not a.first_time_entrant
    b = rules.first_time_entrant(outcome=outcome("youth_caution"), date_of_birth=dob(15), on=ON,
                                 previous_outcomes=[outcome("community_resolution"), outcome("outcome_22")])
    assert b.first_time_entrant


@pytest.mark.django_db
@pytest.mark.parametrize("age,is_fte", [(9, False), (10, True), (17, True), (18, False)])
def test_first_time_entrant_age_range(age, is_fte):
    a = rules.first_time_entrant(outcome=outcome("youth_caution"), date_of_birth=dob(age), on=ON,
                                 previous_outcomes=[])
    assert a.first_time_entrant is is_fte


@pytest.mark.django_db
def test_first_time_entrant_charge_is_possible_only():
    a = rules.first_time_entrant(outcome=outcome("refer_for_charge"), date_of_birth=dob(15), on=ON,
                                 previous_outcomes=[])
    assert not a.first_time_entrant and a.possible_if_convicted


@pytest.mark.django_db
def test_departs_from_gravity_score():
    assert not rules.departs_from_gravity_score(gravity_score=2, outcome=outcome("community_resolution"))
    assert rules.departs_from_gravity_score(gravity_score=3, outcome=outcome("community_resolution"))
    assert not rules.departs_from_gravity_score(gravity_score=3, outcome=outcome("youth_caution"))
    assert rules.departs_from_gravity_score(gravity_score=4, outcome=outcome("outcome_21"))
    assert not rules.departs_from_gravity_score(gravity_score=1, outcome=outcome("outcome_21"))
    with pytest.raises(ValueError):
        rules.departs_from_gravity_score(gravity_score=6, outcome=outcome("nfa"))


def test_review_due():
    assert rules.review_due(dt.date(2026, 6, 3), meeting_on=dt.date(2026, 6, 8), last_meeting_on=dt.date(2026, 6, 1))
    assert not rules.review_due(dt.date(2026, 5, 30), meeting_on=dt.date(2026, 6, 8),
                                last_meeting_on=dt.date(2026, 6, 1))
    assert not rules.review_due(dt.date(2026, 6, 9), meeting_on=dt.date(2026, 6, 8), last_meeting_on=None)
    assert rules.review_due(dt.date(2026, 1, 9), meeting_on=dt.date(2026, 6, 8), last_meeting_on=None)
    assert not rules.review_due(None, meeting_on=dt.date(2026, 6, 8), last_meeting_on=None)


def test_section_overdue():
    import datetime as dt

    from divert.protocol.rules import section_overdue

    d = dt.date(2026, 3, 1)
    assert not section_overdue(opened_on=d, today=d + dt.timedelta(days=9))
    assert section_overdue(opened_on=d, today=d + dt.timedelta(days=10))
    assert section_overdue(opened_on=d, today=d + dt.timedelta(days=3), due_days=3)


def test_needs_conditions():
    from divert.protocol.rules import needs_conditions

    assert needs_conditions("youth_conditional_caution") and needs_conditions("outcome_22")
    assert not needs_conditions("youth_caution") and not needs_conditions("community_resolution")
