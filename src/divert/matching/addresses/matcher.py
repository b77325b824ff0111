"""The address-matching pipeline, exact to fuzzy: block, score, decide.

One code path serves the daily pipeline (homes against incident locations), the generic command (any canonical
list against any messy list) and the benchmarks, so what is measured is what runs.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from .areas import StreetAreas, TokenFrequencies
from .candidates import CanonicalIndex
from .decide import Decision, Thresholds, decide
from .records import AddressRecord
from .score import PairScore, score_pair


class AddressMatcher:
    """Match messy addresses against a fixed canonical list (homes, or any address list)."""

    def __init__(self, canonical: list[AddressRecord], thresholds: Thresholds | None = None,
                 areas: StreetAreas | None = None):
        self.canonical = canonical
        self.index = CanonicalIndex(canonical)
        self.thresholds = thresholds or Thresholds()
        self.areas = areas if areas is not None else StreetAreas.from_records(canonical)
        self.freqs = TokenFrequencies.from_records(canonical, register=True)

    def learn(self, records: Iterable[AddressRecord]) -> None:
        """Learn where street names occur and how common each word is from messy records (areas.py)."""
        for rec in records:
            self.areas.add(rec)
            self.freqs.add(rec)

    def score_candidates(self, rec: AddressRecord) -> list[PairScore]:
        """Every candidate that passes blocking and existed on the record's date, scored."""
        scored = []
        for i in self.index.candidates(rec):
            candidate = self.canonical[i]
            if not candidate.open_on(rec.on_date):
                continue  # a closed home does not catch later incidents; a new one only from its opening
            scored.append(score_pair(rec, candidate, i, self.areas, self.freqs))
        return scored

    def match_one(self, rec: AddressRecord) -> Decision:
        scored = typed_postcode_decides(self.score_candidates(rec))
        if self.thresholds.same_address_one_place:
            scored = self.one_per_address(scored)
        return decide(scored, self.thresholds)

    def one_per_address(self, scored: list[PairScore]) -> list[PairScore]:
        """Candidates written the same (every word, number, flat and postcode) are one place listed twice, as
        address lists do when several businesses share a building: only the first counts, so the copy is not a
        rival sending the record to review. Two flats, or two numbers, stay two candidates."""
        if len(scored) < 2:
            return scored
        kept: dict[tuple, PairScore] = {}
        for pair in sorted(scored, key=lambda s: (-s.points, s.index)):
            p = self.canonical[pair.index].parsed
            key = (p.tokens, p.unit, p.number, p.postcode.unit if p.postcode else "",
                   self.canonical[pair.index].uprn, self.canonical[pair.index].name.upper())
            if key in kept:
                kept[key].evidence["same_address"] = kept[key].evidence.get("same_address", 0) + 1
            else:
                kept[key] = pair
        return list(kept.values())

    def match(self, records: Iterable[AddressRecord]) -> Iterator[tuple[AddressRecord, Decision]]:
        for rec in records:
            yield rec, self.match_one(rec)

    def key_of(self, score: PairScore | None) -> str:
        return self.canonical[score.index].key if score is not None else ""


def typed_postcode_decides(scored: list[PairScore]) -> list[PairScore]:
    """Among places the words cannot tell apart, the one at the typed postcode is the place.

    A long road or a farm is often listed under two neighbouring postcodes with the same words ("Coggeshall Road,
    Bradwell" at CM77 8ED and at CM77 8EU). When the typed postcode is one of them exactly, the other is not a
    rival: a postcode typed with a slip that happens to land on another listed postcode of the same street is
    far less likely than the postcode typed right (Fellegi-Sunter: the exact level's m/u against a slip's). Such
    a candidate only stays a rival when its words agree *better* than every candidate at the typed postcode, or
    when no candidate has the typed postcode.
    """
    if len(scored) < 2:
        return scored
    exact_what = [s.evidence["what"] for s in scored if s.evidence.get("postcode") == "exact"]
    if not exact_what:
        return scored
    best_exact = max(exact_what)
    return [s for s in scored if s.evidence.get("postcode") in ("exact", "missing") or s.evidence["what"] > best_exact]


def explain(decision: Decision, matcher: AddressMatcher) -> dict:
    """The evidence kept with a decision: best, runner-up, and why (for LinkDecision.evidence and the CSV)."""
    out: dict = {"reason": decision.reason}
    for label, pair in (("best", decision.best), ("runner_up", decision.runner_up)):
        if pair is not None:
            out[label] = {"key": matcher.key_of(pair), "score": round(pair.score, 4), "method": pair.method,
                          "capped": pair.capped, **pair.evidence}
    return out
