"""From scored candidates to decisions: link, review or no link (issue 3, section 2; domain.md 10).

Thresholds are settings: DIVERT["LINK_AUTO_THRESHOLD"] (auto-link at or above) and DIVERT["LINK_REVIEW_FLOOR"]
(review from here up to the auto threshold; no link below). Two rules guard against the model's independence
assumption, which over-counts fields that travel together in families:
- a candidate whose forename plainly disagrees (a twin or sibling: same surname, date of birth and address) is
  never linked automatically; at most it goes to review;
- when two different children both reach the auto threshold the record is ambiguous and goes to review.
Linkage never merges children: a decision only points one record at one child.
"""

from dataclasses import dataclass, field

import pandas as pd

from .model import LEVELS

DEFAULT_AUTO = 0.95
DEFAULT_FLOOR = 0.80
FORENAME_DIFFERENT = 0  # gamma of the forename "different" level
MAX_REVIEW_CANDIDATES = 3


@dataclass(frozen=True)
class Thresholds:
    auto: float = DEFAULT_AUTO
    floor: float = DEFAULT_FLOOR

    @classmethod
    def from_settings(cls) -> "Thresholds":
        from django.conf import settings

        conf = getattr(settings, "DIVERT", {})
        return cls(auto=float(conf.get("LINK_AUTO_THRESHOLD", DEFAULT_AUTO)),
                   floor=float(conf.get("LINK_REVIEW_FLOOR", DEFAULT_FLOOR)))


@dataclass
class Decision:
    left_id: str
    outcome: str  # "linked" | "review" | "none"
    best: dict | None = None  # a candidate row (right_id, match_probability, gamma_*)
    candidates: list[dict] = field(default_factory=list)
    reason: str = ""


def may_auto_link(candidate: dict) -> bool:
    """A candidate can be linked without a person only if its forename does not plainly disagree."""
    return int(candidate.get("gamma_first_name", -1)) != FORENAME_DIFFERENT


def decide_one(left_id: str, candidates: list[dict], thresholds: Thresholds) -> Decision:
    """Decide for one record given its candidates (one per child), best first."""
    candidates = [c for c in candidates if c["match_probability"] >= thresholds.floor]
    if not candidates:
        return Decision(left_id, "none", reason="no candidate above the review floor")
    eligible = [c for c in candidates if c["match_probability"] >= thresholds.auto and may_auto_link(c)]
    if len(eligible) == 1:
        return Decision(left_id, "linked", best=eligible[0], candidates=candidates[:MAX_REVIEW_CANDIDATES],
                        reason="one candidate above the auto-link threshold")
    reason = ("two or more children above the auto-link threshold" if eligible else
              "forename disagrees" if candidates[0]["match_probability"] >= thresholds.auto else "review band")
    ordered = eligible + [c for c in candidates if c not in eligible]
    return Decision(left_id, "review", best=ordered[0], candidates=ordered[:MAX_REVIEW_CANDIDATES], reason=reason)


def decide(pairs: pd.DataFrame, thresholds: Thresholds, left_ids=None) -> list[Decision]:
    """Decisions for every left record in `left_ids` (or in `pairs`), from best-per-child candidate pairs."""
    by_left: dict[str, list[dict]] = {}
    if not pairs.empty:
        ordered = pairs.sort_values(["left_id", "match_probability"], ascending=[True, False], kind="stable")
        for row in ordered.to_dict("records"):
            by_left.setdefault(str(row["left_id"]), []).append(row)
    ids = [str(i) for i in left_ids] if left_ids is not None else list(by_left)
    return [decide_one(i, by_left.get(i, []), thresholds) for i in ids]


def level_names() -> dict[str, list[str]]:
    return {f: [label for label, _k, _m, _u in levels] for f, levels in LEVELS.items()}
