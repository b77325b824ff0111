import datetime as dt

import pytest
from django.utils import timezone

from divert.core.roles import Role
from divert.protocol.models import SectionResponse
from divert.protocol.selectors import (
    cases_visible_to,
    child_protocol_summary,
    interventions_for,
    overdue_sections,
    reviews_due,
)

from .helpers import decide, open_for, sent_case

pytestmark = pytest.mark.django_db


def test_leaving_care_adviser_sees_only_their_care_leavers_cases(users, make_user):
    adviser, other = make_user(Role.LEAVING_CARE), make_user(Role.LEAVING_CARE)
    mine, theirs = open_for(users[Role.CICPO]), open_for(users[Role.CICPO])
    mine.child.leaving_care_adviser = adviser
    mine.child.save()
    assert list(cases_visible_to(adviser)) == [mine]
    assert list(cases_visible_to(other)) == []
    assert theirs in set(cases_visible_to(users[Role.YOUTH_JUSTICE]))


def test_child_summary_shows_first_time_entry(users):
    case = sent_case(users)
    assert child_protocol_summary(case.child, users[Role.CICPO])["first_time_entrant"] is False
    decide(users, case, "youth_caution", 3, first_time_entrant_confirmed=True)
    s = child_protocol_summary(case.child, users[Role.CICPO])
    assert s["first_time_entrant"] and s["cases"][0]["decision"].outcome.code == "youth_caution"
    assert child_protocol_summary(case.child, users[Role.ANALYST])["cases"] == []


def test_interventions_for_lists_open_ones_soonest_first(users):
    case = sent_case(users)
    today = timezone.localdate()
    yj = users[Role.YOUTH_JUSTICE]
    decide(users, case, interventions=[{"description": "b", "owner": yj, "due_on": today + dt.timedelta(9)},
                                       {"description": "a", "owner": yj, "due_on": today + dt.timedelta(2)}])
    items = list(interventions_for(users[Role.YOUTH_JUSTICE]))
    assert [i.description for i in items] == ["a", "b"]
    assert list(interventions_for(users[Role.ANALYST])) == []


def test_overdue_sections_and_reviews_due(users):
    case = open_for(users[Role.CICPO])
    today = timezone.localdate()
    assert overdue_sections(today=today) == []
    late = overdue_sections(today=today + dt.timedelta(days=10))
    assert late and all(r.state != SectionResponse.State.COMPLETE for r in late)
    assert {r.form.case_id for r in late} == {case.pk}
    decided = sent_case(users)
    decide(users, decided, "outcome_22", 2, conditions="Victim awareness", review_on=today + dt.timedelta(days=3))
    assert [d.case_id for d in reviews_due(today=today)] == [decided.pk]
    assert reviews_due(today=today - dt.timedelta(days=30)) == []


def test_panel_papers_read_the_decision_of_each_case(users):
    """A decision recorded without naming the panel (the API) is the panel's on its day; a case back for review
    shows the decision under review, not "No decision recorded"."""
    from django.template.loader import render_to_string

    from divert.protocol.actions import create_panel
    from divert.protocol.models import PanelDecision
    from divert.protocol.selectors import panel_papers

    yjs = users[Role.YOUTH_JUSTICE]
    today = timezone.localdate()
    case = sent_case(users)
    from divert.protocol.models import ProtocolCase

    ProtocolCase.objects.filter(pk=case.pk).update(sent_at=timezone.now() - dt.timedelta(days=15))
    first, _ = create_panel(actor=yjs, held_on=today - dt.timedelta(days=14))
    decision = decide(users, case, "outcome_22", conditions="Victim awareness sessions",
                      review_on=today - dt.timedelta(days=1))  # no meeting named, as the API records it
    PanelDecision.objects.filter(pk=decision.pk).update(created_at=timezone.now() - dt.timedelta(days=14))
    [paper] = panel_papers(first)
    assert paper["decision"] == decision and paper["under_review"] is None
    later, _ = create_panel(actor=yjs, held_on=today)
    [review] = panel_papers(later)
    assert review["item"].reason == "review" and review["decision"] is None and review["under_review"] == decision
    minutes = render_to_string("protocol/_panel_papers.html", {"papers": [review], "minutes": True})
    assert "Under review: Outcome 22" in minutes and "No decision recorded" not in minutes
    assert "at the panel of" not in minutes and "review due" in minutes


def test_child_summary_reads_no_child_home_or_placement_columns(users):
    """The child page already holds the child, and the section shows no home: joining them cost CPU on every
    child page for columns nobody read."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    case = sent_case(users)
    with CaptureQueriesContext(connection) as ctx:
        assert child_protocol_summary(case.child, users[Role.CICPO])["cases"][0]["case"] == case
    case_reads = [q["sql"] for q in ctx.captured_queries if 'FROM "protocol_protocolcase"' in q["sql"]]
    assert case_reads and not any('"registers_child"."first_name"' in s or '"registers_home"."name"' in s
                                  for s in case_reads)
