"""The address-matching pipeline, exact to fuzzy: block, score, decide (issue 3, section 1).

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
        self.freqs = TokenFrequencies.from_records(canonical)

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
        return decide(self.score_candidates(rec), self.thresholds)

    def match(self, records: Iterable[AddressRecord]) -> Iterator[tuple[AddressRecord, Decision]]:
        for rec in records:
            yield rec, self.match_one(rec)

    def key_of(self, score: PairScore | None) -> str:
        return self.canonical[score.index].key if score is not None else ""


def explain(decision: Decision, matcher: AddressMatcher) -> dict:
    """The evidence kept with a decision: best, runner-up, and why (for LinkDecision.evidence and the CSV)."""
    out: dict = {"reason": decision.reason}
    for label, pair in (("best", decision.best), ("runner_up", decision.runner_up)):
        if pair is not None:
            out[label] = {"key": matcher.key_of(pair), "score": round(pair.score, 4), "method": pair.method,
                          "capped": pair.capped, **pair.evidence}
    return out
