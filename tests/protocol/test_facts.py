"""What protocol registers for the apps below it: the prosecutor's children and the outcomes behind the daily
list's first-time-entrant flag."""

import pytest

from divert.core import child_facts
from divert.core.roles import Role
from divert.incidents.selectors import children_with_record
from divert.protocol.facts import children_with_recorded_outcome, prosecutor_children
from divert.registers.access import children_visible_to
from tests.factories import ChildFactory

from .helpers import decide, open_for, sent_case

pytestmark = pytest.mark.django_db


def test_prosecutor_children(users):
    referred = sent_case(users, to="cps")
    at_panel = sent_case(users, to="panel")
    open_for(users[Role.CICPO])
    ChildFactory()
    assert {r["child_id"] for r in prosecutor_children(users[Role.PROSECUTOR])} == {referred.child_id}
    # The registered scope is what the registers give the prosecutor: not the other 3 children.
    assert set(children_visible_to(users[Role.PROSECUTOR])) == {referred.child}
    assert at_panel.child in set(children_visible_to(users[Role.CICPO]))


def test_children_with_recorded_outcome(users):
    cautioned = sent_case(users)
    diverted = sent_case(users)
    decide(users, cautioned, "youth_caution", 3, first_time_entrant_confirmed=True)
    decide(users, diverted, "community_resolution", 2)
    ids = [cautioned.child_id, diverted.child_id]
    assert children_with_recorded_outcome(ids) == {cautioned.child_id}
    assert "protocol" in child_facts.record_sources()


def test_daily_list_first_time_entrant_flag_knows_panel_outcomes(users):
    """The daily list's 'has a record' (no first-time-entrant risk) now counts a youth caution recorded at the
    panel, not only the 903 OC2 CONVICTED flag."""
    case = sent_case(users)
    assert children_with_record([case.child_id]) == set()
    decide(users, case, "youth_caution", 3, first_time_entrant_confirmed=True)
    assert children_with_record([case.child_id]) == {case.child_id}
