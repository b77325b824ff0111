"""From scored candidates to one of three outcomes: linked, review, none.

A confident wrong match is the worst outcome (a child's home flagged for someone else's call), a missed one the
next worst; review costs a person a minute. The thresholds below were set from that order of costs and from the
points in score.py before any benchmark ran, and have not been moved since. Benchmark errors were used only to find
*kinds* of mistake (evidence counted twice, a parsing gap), each fixed by a general rule and checked on the
hand-made UK set in tests/matching/addresses/ as well as on several generator seeds (docs/address-matching.md):

- LINK_THRESHOLD 0.90 (about 9.6 points): a link needs at least two strong, independent agreements, e.g. the full
  postcode *and* the building number *and* the street (12+ points), or a UPRN. Postcode and number alone with
  nothing about the street (9 points) go to review.
- REVIEW_THRESHOLD 0.30 (about 6 points): below this nothing suggests the home more than its neighbours do, e.g.
  same postcode but another building number (about -0.5 points).
- RUNNER_UP_MARGIN 2.0 points (log-odds, not score: near 1 every score looks close): when the second-best home
  is within this of the best, i.e. less than about five times less likely (two homes in one building, duplicate
  register rows), a person chooses.
- A pair capped by score.py (flat disagreeing, 14 vs 14A, "outside", "near") is never linked automatically.
- A location typed word for word as one listed address, flat, number and postcode included, is that address even
  when a rival is within the margin ("Prested Hall Chase" beside "Prested Hall,
  Prested Hall Chase"): the rival differs from what was typed, the best does not. This is
  the exact stage of an exact-to-fuzzy matcher; it never overrides a cap and needs the link threshold as well.
- A location that gives a flat, when the best candidate is that flat, has no rival in the same building listed
  without a flat: the typed flat says which of the two it is.
- Among candidates the points cannot separate, the one typed in full has no rival that needs words of its own
  left out or lacks a word typed (matcher.AddressMatcher.words_left_out_no_rival, ADR 0056): the matcher drops
  such rivals and decides again.
- REVIEW_CANDIDATES 3: the review queue shows at most the three best candidates.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .score import PairScore

LINK_THRESHOLD = 0.90
REVIEW_THRESHOLD = 0.30
RUNNER_UP_MARGIN = 2.0
REVIEW_CANDIDATES = 3

LINKED, REVIEW, NONE = "linked", "review", "none"
RUNNER_UP_TOO_CLOSE = "runner-up too close"


@dataclass(slots=True)
class Thresholds:
    """The named settings; the defaults are the module constants above."""

    link: float = LINK_THRESHOLD
    review: float = REVIEW_THRESHOLD
    margin: float = RUNNER_UP_MARGIN
    # Candidates written identically (a list naming several businesses at one address) count as one place, so
    # the copy is not a rival. Off by default: two homes registered at one address are for a person to tell apart.
    same_address_one_place: bool = False


@dataclass(slots=True)
class Decision:
    """The verdict on one messy address, with its best candidate and the runner-up, so a person can see why."""

    outcome: str
    best: PairScore | None = None
    runner_up: PairScore | None = None
    candidates: list[PairScore] = field(default_factory=list)  # for review: the best few
    reason: str = ""

    @property
    def score(self) -> float:
        return self.best.score if self.best else 0.0

    @property
    def method(self) -> str:
        return self.best.method if self.best else ""


def decide(scored: list[PairScore], thresholds: Thresholds | None = None) -> Decision:
    """Link, review or none for one messy address, given every candidate's PairScore."""
    t = thresholds or Thresholds()
    if not scored:
        return Decision(NONE, reason="no candidate")
    ranked = sorted(scored, key=lambda s: (s.points, bool(s.evidence.get("same_text"))), reverse=True)
    best = ranked[0]
    runner = ranked[1] if len(ranked) > 1 else None
    if best.score < t.review:
        return Decision(NONE, best=best, runner_up=runner, reason="below review threshold")
    worth_showing = [s for s in ranked[:REVIEW_CANDIDATES] if s.score >= t.review / 2]
    if best.score < t.link:
        return Decision(REVIEW, best, runner, worth_showing, reason="below link threshold")
    if best.capped:
        return Decision(REVIEW, best, runner, worth_showing, reason="; ".join(best.capped))
    if runner is not None and _building_of_the_typed_flat(best, runner):
        runner = next((s for s in ranked[2:] if not _building_of_the_typed_flat(best, s)), None)
    if runner is not None and best.points - runner.points < t.margin and not _typed_as_written(best, runner):
        return Decision(REVIEW, best, runner, worth_showing, reason=RUNNER_UP_TOO_CLOSE)
    return Decision(LINKED, best, runner, [best], reason="")


def _typed_as_written(best: PairScore, runner: PairScore) -> bool:
    """The best candidate is written exactly as typed (with its postcode) and the runner-up is not, and the
    runner-up is not the same building with a flat or unit the location did not give ("Unit 3, Elms Park" beside
    "Elms Park"): a flat left out may be that flat, so that pair stays for a person."""
    return (bool(best.evidence.get("same_text")) and not runner.evidence.get("same_text")
            and runner.evidence.get("unit") == best.evidence.get("unit"))


def _building_of_the_typed_flat(best: PairScore, other: PairScore) -> bool:
    """The location gives a flat, the best candidate is that flat and `other` is listed without any flat (the
    building, or a business in it: "Flat B, 153 Wexford Road" against "Flat 2, 153 ..." and "153 ..."). The typed
    flat says which of the two it is, so the building is no rival; a different flat still is."""
    return (best.evidence.get("unit") in ("exact", "letter_for_number") and other.evidence.get("unit") == "messy_only"
            and other.evidence.get("number") == best.evidence.get("number"))
