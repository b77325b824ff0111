"""The daily list's flags for one incident, from its plain values (pure: no database)."""

from divert.incidents import rules
from divert.incidents.flags import entry_flags

INC = {"crime_type": "Criminal damage", "closing_category": "", "opening_category": "Domestic incident",
       "crime_recorded": True, "home_id": 3, "narrative": "Amy kicked her bedroom door.", "reported_by": "home_staff"}
SUSPECT = {"child_id": 42, "link_status": "linked", "role": "suspect"}


def test_entry_flags_compose_the_rules_in_order_with_the_most_urgent_as_priority():
    found = entry_flags(INC, [SUSPECT], context={42: {"has_record": False}}, pattern=None)
    assert [f.code for f in found.flags] == ["family_test", "first_time_entrant", "staff_reported"]
    assert found.family_reason == "minor criminal damage" and found.indicators == []
    assert found.priority == 1


def test_a_child_with_a_record_is_no_first_time_entrant_and_a_witness_is_no_suspect():
    with_record = entry_flags(INC, [SUSPECT], context={42: {"has_record": True}}, pattern=None)
    assert rules.FIRST_TIME_ENTRANT not in with_record.flags
    witness = entry_flags(INC, [{**SUSPECT, "role": "witness"}], context={}, pattern=None)
    assert [f.code for f in witness.flags] == ["staff_reported"] and witness.priority == 3
