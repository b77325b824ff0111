import datetime as dt

import pytest
from django.utils import timezone

from divert.core import child_facts
from divert.incidents.models import Triage
from divert.missing.models import MissingEpisode, ReturnInterview
from tests.factories import ChildFactory, IncidentFactory, InvolvementFactory


def test_registry_collects_registered_providers_newest_first(monkeypatch):
    monkeypatch.setattr(child_facts, "_providers", {})
    child_facts.register("a", lambda cid, *, since: [child_facts.Fact("A", "1", "src a", on=dt.date(2026, 1, 1))])
    child_facts.register("b", lambda cid, *, since: [child_facts.Fact("B", str(cid), "src b", on=dt.date(2026, 2, 1))])
    facts = child_facts.facts_for(7, since=dt.date(2025, 1, 1))
    assert [f.label for f in facts] == ["B", "A"] and facts[0].value == "7"


def test_incidents_and_missing_register_their_providers():
    assert {"incidents", "missing"} <= set(child_facts.registered())


@pytest.mark.django_db
def test_facts_from_triage_missing_and_return_interview():
    child = ChildFactory()
    inc = IncidentFactory(reference="INC-FACT-1")
    InvolvementFactory(incident=inc, child=child)
    Triage.objects.create(incident=inc, recommended_route="restorative", advice_to_officer="Speak to the home")
    now = timezone.now()
    ep = MissingEpisode.objects.create(child=child, started_at=now - dt.timedelta(days=3),
                                       ended_at=now - dt.timedelta(days=2), state="returned")
    ReturnInterview.objects.create(episode=ep, due_at=now, state="completed", completed_at=now,
                                   pull_factors=["older peers"], notes="Says he was with friends")
    facts = child_facts.facts_for(child.pk, since=timezone.localdate() - dt.timedelta(days=30))
    by_kind = {f.kind: f for f in facts}
    assert "Speak to the home" in by_kind["triage"].value and "INC-FACT-1" in by_kind["triage"].source
    assert by_kind["missing"].url.endswith(f"/{ep.pk}/")
    assert "older peers" in by_kind["return_interview"].value
    old = child_facts.facts_for(child.pk, since=timezone.localdate() + dt.timedelta(days=1))
    assert old == []


def test_record_sources_union_and_replace(monkeypatch):
    from divert.core import child_facts

    monkeypatch.setattr(child_facts, "_record_sources", {})
    child_facts.register_record_source("a", lambda ids: [i for i in ids if i % 2])
    child_facts.register_record_source("b", lambda ids: [i for i in ids if i == 4])
    assert child_facts.children_with_record([1, 2, 3, 4]) == {1, 3, 4}
    child_facts.register_record_source("b", lambda ids: [])
    assert child_facts.children_with_record([1, 2, 3, 4]) == {1, 3}
    assert child_facts.record_sources() == ["a", "b"]
