"""The address-matching pipeline, exact to fuzzy: block, score, decide.

One code path serves the daily pipeline (homes against incident locations), the generic command (any canonical
list against any messy list) and the benchmarks, so what is measured is what runs.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from rapidfuzz.fuzz import ratio

from .areas import StreetAreas, TokenFrequencies, locality_words
from .candidates import CanonicalIndex
from .decide import RUNNER_UP_TOO_CLOSE, Decision, Thresholds, decide
from .normalise import STREET_TYPES, ParsedAddress
from .records import AddressRecord
from .score import PairScore, score_pair, trailing_localities, words_not_typed


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
            scored = self.one_per_address(scored, rec)
        decision = decide(scored, self.thresholds)
        if decision.reason == RUNNER_UP_TOO_CLOSE:
            fewer = self.words_left_out_no_rival(scored, rec)
            if len(fewer) < len(scored):
                decision = decide(fewer, self.thresholds)
        return decision

    def words_left_out_no_rival(self, scored: list[PairScore], rec: AddressRecord) -> list[PairScore]:
        """The candidates without those the words typed explain worse than the one they explain in full.

        Among the candidates the points cannot separate (within the margin of the best, with the same building
        number and flat evidence), one may be typed in full: every word of it but its town and county was typed,
        and no word was typed that it does not have. A rival that needs a word of its own name or street left out
        ("80 High Street" typed, "Hut in Car Park, 80 High Street" beside "80 High Street"), or has no word the
        location typed ("Jubilee Hall Farm, Woodrising Road" typed, "Woodrising Road, Jubilee Hall" beside "Jubilee
        Hall Farm, Woodrising Road"), is then no rival: typing every word of one place as it is is more likely than
        leaving out, or adding, words of another (ADR 0053 did this for unnumbered places at the exact postcode
        through their points; ADR 0056 for any candidates tied on points). Words the data know as towns, villages
        or counties count neither way ("9 High Street, Marlow" stays a review against "9 High Street, Quenby
        Parva, Marlow"); two candidates both typed in full stay rivals; a rival with a flat or unit the location
        did not give stays one (decide._typed_as_written).

        Since ADR 0058 the same holds when no candidate is typed in full: the one that needs the fewest words left
        out or added, strictly fewer than every other top-scoring one, has no rival needing more ("Basildon
        University, Nether Mayne" is "Basildon University Hospital, Nether Mayne", one word left out, not
        "Education Centre, Basildon University Hospital, Nether Mayne", three). Each word left out is one more
        omission, each at least as unlikely as the one ADR 0053 prices at the margin. It applies only when every
        rival within the margin goes: a review keeps all its candidates."""
        margin = self.thresholds.margin
        top = max(s.points for s in scored)
        tied = [s for s in scored if top - s.points < margin]
        unexplained = {id(s): self._words_unexplained(s, rec) for s in tied}
        least = min(unexplained[id(s)] for s in tied if s.points == top)
        fewest = [s for s in tied if s.points == top and unexplained[id(s)] == least]
        if len(fewest) != 1:
            return scored
        best = fewest[0]

        def rival(s: PairScore) -> bool:
            return (top - s.points >= margin or s.evidence.get("unit") != best.evidence.get("unit")
                    or s.evidence.get("number") != best.evidence.get("number") or unexplained[id(s)] <= least)

        kept = [s for s in scored if s is not best and rival(s)]
        if least and any(k is s for k in kept for s in tied):
            return scored  # words left out decide only when no rival is left: a review keeps all its candidates
        return [best] + kept

    def _words_unexplained(self, pair: PairScore, rec: AddressRecord) -> int:
        """The words the location would have to have left out of the candidate, or added to it, to be typed from
        it: words of the candidate not typed and words typed that it lacks, towns and counties aside. A street
        descriptor is never a town here, though the data see "ST" among localities ("Capel St Mary"): "Street
        Minstergate, Thetford" is "Minstergate Street", not "Minstergate, Thetford" with a word added (ADR 0058)."""
        tokens = self.canonical[pair.index].parsed.tokens
        towns = self.freqs.localities - STREET_TYPES
        return (words_not_typed(tokens, rec.parsed.tokens, frozenset(towns & set(tokens)))
                + words_not_typed(rec.parsed.tokens, tokens, frozenset(towns & set(rec.parsed.tokens))))

    def one_per_address(self, scored: list[PairScore], rec: AddressRecord | None = None) -> list[PairScore]:
        """Candidates that are one place listed twice, as address lists do when several businesses share a
        building, count once, so the copy is not a rival sending the record to review. One place: the same
        postcode, building number, flat, UPRN and name, and the same words but for their order and the towns and
        villages named (words the data know as localities, areas.TokenFrequencies): "Lynn Road, Weeting Primary
        School, Weeting" and "Weeting Primary School, Lynn Road, Weeting", or "Vine Street, Great Bardfield" with
        and without "Braintree" (ADR 0053; ADR 0015 merged only rows written identically). The copy kept is the
        one written most like the location (word for word first, then in order), which links the row the
        location was typed from when there is one. Two flats, or two numbers, stay two candidates."""
        if len(scored) < 2:
            return scored
        typed = " ".join(rec.parsed.tokens) if rec is not None else ""
        groups: list[tuple[tuple, frozenset[str], frozenset[str], list[PairScore]]] = []
        for pair in sorted(scored, key=lambda s: (-s.points, s.index)):
            c = self.canonical[pair.index]
            p = c.parsed
            key = (p.unit, p.number, p.postcode.unit if p.postcode else "", c.uprn, c.name.upper())
            words, towns = frozenset(p.tokens), self._towns(p)
            for g_key, g_words, g_towns, group in groups:
                if g_key == key and (words ^ g_words) <= (towns | g_towns):
                    group.append(pair)
                    break
            else:
                groups.append((key, words, towns, [pair]))
        kept = []
        for _, _, _, group in groups:
            if len(group) > 1:
                group.sort(key=lambda s: (not s.evidence.get("same_text"),
                                          -ratio(typed, " ".join(self.canonical[s.index].parsed.tokens)), s.index))
                group[0].evidence["same_address"] = len(group) - 1
            kept.append(group[0])
        return kept

    def _towns(self, p: ParsedAddress) -> frozenset[str]:
        """The words of an address that name its town, village or county: after its street (or its last words,
        for a street without a descriptor) and known as localities in the data."""
        return frozenset(w for w in (*locality_words(p), *trailing_localities(p, self.freqs))
                         if w in self.freqs.localities)

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
