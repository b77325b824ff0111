"""Where each street name is found, learnt from the data itself (issue 3, section 1).

"87 Wren Drive" with no postcode and no town is one address if Wren Drive exists in one place only, and a guess if
there is a Wren Drive in three towns. No gazetteer is assumed: the addresses that *do* carry a postcode (in the
canonical list and in the messy records of the same area) show in which postcode districts each street name occurs.
A street seen at least `MIN_SIGHTINGS` times, all but a slip's worth (`MIN_SHARE`) in one district, counts as
unique in the area: then the street and number of an address without postcode identify it, like a locality would.
On any real data, "High Street" or "Station Road" will show several districts and never earn this.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from .records import AddressRecord
from .score import core_street

MIN_SIGHTINGS = 3
MIN_SHARE = 0.95


class StreetAreas:
    """Street name (its own words, e.g. ("WREN", "DR")) -> postcode districts it was seen in, with counts."""

    def __init__(self) -> None:
        self.seen: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)

    def add(self, rec: AddressRecord) -> None:
        p = rec.parsed
        if p.postcode is None or not p.street:
            return
        key = core_street(p.street)
        if len(key) >= 2 or (key and len(key[0]) >= 4):
            self.seen[key][p.postcode.district] += 1

    @classmethod
    def from_records(cls, records: Iterable[AddressRecord]) -> StreetAreas:
        areas = cls()
        for rec in records:
            areas.add(rec)
        return areas

    def only_district(self, street: tuple[str, ...]) -> str | None:
        """The one postcode district a street name is found in, or None if it is rare or found in several."""
        counts = self.seen.get(core_street(street))
        if not counts:
            return None
        total = sum(counts.values())
        district, top = counts.most_common(1)[0]
        return district if total >= MIN_SIGHTINGS and top / total >= MIN_SHARE else None
