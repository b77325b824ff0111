"""What is learnt from the data itself: where each street name is found, and how common each word is.

"87 Wren Drive" with no postcode and no town is one address if Wren Drive exists in one place only, and a guess if
there is a Wren Drive in three towns. No gazetteer is assumed: the addresses that *do* carry a postcode (in the
canonical list and in the messy records of the same area) show in which postcode districts each street name occurs.
A street seen at least `MIN_SIGHTINGS` times, all but a slip's worth (`MIN_SHARE`) in one district, counts as
unique in the area: then the street and number of an address without postcode identify it, like a locality would.
On any real data, "High Street" or "Station Road" will show several districts and never earn this.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import lru_cache

from .normalise import STREET_TYPES as _STREET_TYPES
from .normalise import ParsedAddress, core_street
from .records import AddressRecord

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


class TokenFrequencies:
    """How many addresses contain each word, counted on the data itself (the register and the incoming locations).

    Fellegi-Sunter's u-probability of a word: the chance that two addresses that are *not* the same share it by
    chance is about the share of addresses containing it (Winkler, "Frequency-based matching in Fellegi-Sunter
    model of record linkage", 2000; splink's term-frequency adjustment does the same). A rare word agreeing
    ("BILDESTON", "JOINERY") is strong evidence, a common one ("IPSWICH", "RD") weak. No word list is assumed:
    the counts come from whatever addresses are being matched.
    """

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.records = 0
        self.localities: set[str] = set()  # words seen after a street's descriptor: towns, villages, counties
        self.register_counts: Counter[str] = Counter()  # the same counted on the canonical list only

    def add(self, rec: AddressRecord, *, register: bool = False) -> None:
        tokens = rec.parsed.tokens
        if not tokens:
            return
        self.records += 1
        self.counts.update(set(tokens))
        if register:
            self.register_counts.update(set(tokens))
        self.localities.update(w for w in locality_words(rec.parsed) if not w[0].isdigit())

    @classmethod
    def from_records(cls, records: Iterable[AddressRecord], *, register: bool = False) -> TokenFrequencies:
        freqs = cls()
        for rec in records:
            freqs.add(rec, register=register)
        return freqs

    def only_in_one_register_address(self, word: str) -> bool:
        """Whether exactly one canonical address contains `word` (the register names it once)."""
        return self.register_counts.get(word, 0) == 1

    def u(self, word: str) -> float:
        """The share of addresses containing `word` (at least one address's worth, so never zero)."""
        return max(self.counts.get(word, 0), 1) / max(self.records, 1)

    def weight(self, word: str, m: float) -> float:
        """Log-likelihood ratio ln(m/u) of `word` agreeing, when a true pair keeps it with probability m."""
        return max(math.log(m / self.u(word)), 0.0)


def locality_words(p: ParsedAddress) -> tuple[str, ...]:
    """The words after the street, whatever the commas say: "OAK LN LENTON NOTTINGHAM" -> ("LENTON", "NOTTINGHAM").

    For an address with a building number these are the words after the street's descriptor; without a number,
    after the last descriptor; none if no descriptor is found (the address is a name and a town, order unknown).
    """
    return _locality_words(p.tokens, p.number, p.locality)


@lru_cache(maxsize=200_000)
def _locality_words(tokens: tuple[str, ...], number: str, locality: tuple[str, ...]) -> tuple[str, ...]:
    start = 0
    if number and number in tokens:
        start = tokens.index(number) + 1
    after = tokens[start:]
    if number:
        core = core_street(after)
        if len(core) < len(after):
            return after[len(core):]
        return locality
    last = max((i for i, w in enumerate(after) if w in _STREET_TYPES and i > 0), default=-1)
    return after[last + 1:] if last >= 0 else locality
