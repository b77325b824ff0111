"""Children who go missing together, as a networkx graph.

Two episodes of different children are *co-missing* when their periods overlap (an open episode runs to the end
of the period) and they went missing from the same home or were found at the same place (same postcode). Each
child is a node; an edge joins two co-missing children and its `weight` counts their co-missing episode pairs.
"""

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # networkx takes seconds to import: loaded only when a pack is built
    import networkx as nx


@dataclass(frozen=True)
class Ep:
    id: int
    child: str  # a stable child key (pk or pseudonym)
    start: dt.datetime
    end: dt.datetime | None
    home: int | None
    found_postcode: str


def _pc(pc: str) -> str:
    return "".join(pc.split()).upper()


def co_missing(a: Ep, b: Ep, *, period_end: dt.datetime) -> bool:
    if a.child == b.child:
        return False
    overlap = a.start <= (b.end or period_end) and b.start <= (a.end or period_end)
    same_home = a.home is not None and a.home == b.home
    same_found = bool(_pc(a.found_postcode)) and _pc(a.found_postcode) == _pc(b.found_postcode)
    return overlap and (same_home or same_found)


def build_network(episodes: list[Ep], *, period_end: dt.datetime) -> "nx.Graph":
    import networkx as nx

    g = nx.Graph()
    eps = sorted(episodes, key=lambda e: e.start)
    for i, a in enumerate(eps):
        for b in eps[i + 1:]:
            if b.start > (a.end or period_end):
                break
            if co_missing(a, b, period_end=period_end):
                if g.has_edge(a.child, b.child):
                    g[a.child][b.child]["weight"] += 1
                    g[a.child][b.child]["episodes"].append((a.id, b.id))
                else:
                    g.add_edge(a.child, b.child, weight=1, episodes=[(a.id, b.id)])
    return g


def groups(g: "nx.Graph") -> list[list[str]]:
    """Connected groups of co-missing children, largest first."""
    import networkx as nx

    return sorted((sorted(c) for c in nx.connected_components(g)), key=lambda c: (-len(c), c))
