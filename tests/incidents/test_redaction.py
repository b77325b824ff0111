"""What the daily list shows of each person named in an incident (pure: no database)."""

from divert.incidents.redaction import shown_person


def _row(**kw):
    row = {"id": 7, "incident_id": 1, "role": "suspect", "first_name": "Sam", "last_name": "Typed",
           "date_of_birth": None, "child_id": 42, "link_status": "linked", "child__first_name": "Amy",
           "child__last_name": "Archer", "child__child_id": "C0042"}
    return {**row, **kw}


CONTEXT = {42: {"incidents_90": 2, "missing_90": 1, "has_record": False}}


def test_a_linked_child_is_named_from_the_register_with_their_context():
    p = shown_person(_row(), context=CONTEXT, visible_children=None)
    assert (p["name"], p["child_ref"], p["child_id"], p["role_label"]) == ("Amy Archer", "C0042", 42, "Suspect")
    assert p["context"] == CONTEXT[42] and p["visible"] and not p["in_review"]


def test_a_provider_manager_sees_only_their_own_children_by_name():
    p = shown_person(_row(), context=CONTEXT, visible_children={99})
    assert (p["name"], p["child_ref"], p["context"], p["visible"]) == ("Name withheld", "", None, False)
    other = shown_person(_row(child_id=None, link_status="none"), context=CONTEXT, visible_children={42})
    assert other["name"] == "Name withheld"  # nobody else named in the incident is shown to provider staff


def test_a_person_in_review_is_shown_as_typed_and_not_as_the_child():
    p = shown_person(_row(link_status="review"), context=CONTEXT, visible_children=None)
    assert (p["name"], p["child_id"], p["context"], p["in_review"]) == ("Sam Typed", None, None, True)
