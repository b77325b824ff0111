"""Other sources of "this child has a caution or conviction", added from above (ADR 0010).

The daily list flags a first-time-entrant risk from the SSDA903 OC2 record. Outcomes recorded in Divert itself
(the protocol work) are a sibling app that incidents must not import; `divert.ops` adds such a source here from
`OpsConfig.ready()` once one exists. Each source takes child ids and returns the ids of those with a record.
"""

from collections.abc import Callable, Iterable

RecordSource = Callable[[Iterable[int]], Iterable[int]]

SOURCES: list[RecordSource] = []


def add_record_source(source: RecordSource) -> None:
    if source not in SOURCES:
        SOURCES.append(source)
