"""A registry of what other work apps know about a child, for forms that prefill from it.

Work apps that are siblings (incidents, missing, protocol) must not import each other. Each registers a provider
here in its `AppConfig.ready()`; a consumer (the protocol case's prefill) asks `facts_for`. This module imports
no Divert app.
"""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Fact:
    """One thing known about a child, with where it came from (shown beside every prefilled value)."""

    label: str
    value: str
    source: str  # the record it came from, e.g. "Triage of incident INC-1 (12 Mar 2026)"
    url: str = ""
    on: dt.date | None = None
    kind: str = ""  # e.g. "triage", "missing", "return_interview"


Provider = Callable[..., list[Fact]]
_providers: dict[str, Provider] = {}


def register(name: str, provider: Provider) -> None:
    """Register `provider(child_id: int, *, since: date) -> list[Fact]` under `name` (re-registering replaces)."""
    _providers[name] = provider


def registered() -> list[str]:
    return sorted(_providers)


def facts_for(child_id: int, *, since: dt.date) -> list[Fact]:
    """Every registered provider's facts about the child since `since`, newest first."""
    facts: list[Fact] = []
    for name in sorted(_providers):
        facts.extend(_providers[name](child_id, since=since))
    return sorted(facts, key=lambda f: (f.on or dt.date.min), reverse=True)


# "This child has a caution or conviction": sources beside the SSDA903 OC2 flag (outcomes recorded at the
# out-of-court disposal panel, registered by divert.protocol). Each takes child ids and returns those with one.
RecordSource = Callable[[Iterable[int]], Iterable[int]]
_record_sources: dict[str, RecordSource] = {}


def register_record_source(name: str, source: RecordSource) -> None:
    """Register `source(child_ids) -> ids with a caution or conviction` under `name` (re-registering replaces)."""
    _record_sources[name] = source


def record_sources() -> list[str]:
    return sorted(_record_sources)


def children_with_record(child_ids: Iterable[int]) -> set[int]:
    """The ids, among `child_ids` (a list or a queryset of ids, read once per source), that some registered
    source knows to have a caution or conviction."""
    found: set[int] = set()
    for name in sorted(_record_sources):
        found |= set(_record_sources[name](child_ids))
    return found
