"""Blocking: which canonical addresses are worth comparing with a messy one.

Never every pair: the canonical list may be any address list, up to millions of rows. A messy address is compared
only with canonical addresses that share at least one blocking key:

- the UPRN;
- the full postcode;
- the postcode sector (or district) *and* the building number: catches a slip in the postcode's last letters;
- a distinctive street or house-name word *and* the building number: catches a missing or wrong postcode;
- a distinctive house-name word within the postcode district, for addresses with no number (a canonical address
  without a number indexes all its distinctive words); with no postcode, or when nothing in the district shares a
  key, a rare such word anywhere (posting at most `MAX_NAME_POSTING`), so a missing or mistyped postcode still
  finds the place;
- a 250 m grid square (and its neighbours) of the easting/northing, for a messy address with no postcode or no
  number: the distance fallback.

Postings longer than `MAX_POSTING` (a word like "HIGH" with a common number, in a national list) are skipped as not
distinctive; the candidates of one record are capped at `MAX_CANDIDATES`, keeping those sharing the most keys.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from .normalise import STREET_TYPES
from .records import AddressRecord

GRID_METRES = 250
MAX_POSTING = 200
MAX_NAME_POSTING = 25  # a house-name word with no postcode to narrow it: only rare words
MAX_CANDIDATES = 60
MIN_WORD = 3


def distinctive_words(words: Iterable[str]) -> set[str]:
    """Words that can identify a street or a house: not descriptors, not numbers, not tiny."""
    return {w for w in words if len(w) >= MIN_WORD and w not in STREET_TYPES and not w[0].isdigit()}


class CanonicalIndex:
    """Blocking keys of a canonical address list, built once and probed per messy address."""

    def __init__(self, records: list[AddressRecord]):
        self.records = records
        self.postings: dict[tuple, list[int]] = defaultdict(list)
        for i, rec in enumerate(records):
            for key in self.keys_of(rec, canonical=True):
                self.postings[key].append(i)
        self.postings = dict(self.postings)

    @staticmethod
    def keys_of(rec: AddressRecord, *, canonical: bool) -> set[tuple]:
        """Every blocking key of an address (a canonical one also indexes its own name's words)."""
        p = rec.parsed
        keys: set[tuple] = set()
        if rec.uprn:
            keys.add(("uprn", rec.uprn))
        digits = p.digits
        if p.postcode:
            keys.add(("pc", p.postcode.unit))
            if digits:
                keys.add(("sector#", p.postcode.sector, digits))
                keys.add(("district#", p.postcode.district, digits))
        words = distinctive_words(p.street + p.locality + tuple(p.name.split()))
        if canonical and rec.name:
            words |= distinctive_words(rec.name.upper().split())
        if not canonical:
            words |= distinctive_words(p.tokens)
        numbers = {digits} | ({p.number_alt.rstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")} if p.number_alt else set())
        for word in words:
            for number in numbers - {""}:
                keys.add(("word#", word, number))
        name_words = distinctive_words(p.name.split())
        district = p.postcode.district if p.postcode else ""
        if canonical:
            name_words |= distinctive_words(rec.name.upper().split()) if rec.name else set()
            if not digits:  # no number: the address is its words ("POST OFFICE CHAPEL ST SHIPDHAM"), any of them
                name_words |= distinctive_words(p.tokens)
            keys.update(("name", w) for w in name_words)
            keys.update(("name@", w, district) for w in name_words if district)
        elif not digits:  # a house name instead of a number: within the postcode district when there is one,
            # and by its rare words anywhere (a mistyped or missing postcode must still find the place)
            words = distinctive_words(p.tokens)
            keys.update(("name@", w, district) for w in words if district)
            keys.update(("name", w) for w in words)
        if rec.has_point and (canonical or p.postcode is None or not digits):
            # The distance fallback: for messy addresses without a postcode or a number to block on.
            gx, gy = int(rec.easting // GRID_METRES), int(rec.northing // GRID_METRES)  # type: ignore[operator]
            if canonical:
                keys.add(("grid", gx, gy))
            else:
                keys.update(("grid", gx + dx, gy + dy) for dx in (-1, 0, 1) for dy in (-1, 0, 1))
        return keys

    def _probe(self, keys: Iterable[tuple], hits: Counter[int]) -> None:
        for key in keys:
            posting = self.postings.get(key)
            if not posting:
                continue
            if len(posting) > (MAX_NAME_POSTING if key[0] == "name" else MAX_POSTING) and key[0] not in ("uprn", "pc"):
                continue
            hits.update(posting)

    def candidates(self, rec: AddressRecord) -> list[int]:
        """Positions of the canonical records sharing a blocking key with `rec`, most keys shared first."""
        hits: Counter[int] = Counter()
        keys = self.keys_of(rec, canonical=False)
        fallback: list[tuple] = []
        if rec.parsed.postcode is not None:  # rare words anywhere only when nothing shares the postcode's keys
            fallback = [k for k in keys if k[0] == "name"]
            keys -= set(fallback)
        self._probe(keys, hits)
        if not hits and fallback:
            self._probe(fallback, hits)
        if len(hits) <= MAX_CANDIDATES:
            return list(hits)
        return [i for i, _ in hits.most_common(MAX_CANDIDATES)]
