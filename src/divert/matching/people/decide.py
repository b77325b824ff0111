"""From scored candidates to decisions: link, review or no link (a Divert product decision).

Thresholds are settings: DIVERT["LINK_AUTO_THRESHOLD"] (auto-link at or above) and DIVERT["LINK_REVIEW_FLOOR"]
(review from here up to the auto threshold; no link below). Two rules guard against the model's independence
assumption, which over-counts fields that travel together in families:
- a candidate whose forename plainly disagrees is not linked automatically when the register holds a twin of
  that child (another child with the same surname and date of birth): the record may be the twin; at most it goes
  to review. Without a known twin a plainly different forename is left to the model's weights (it costs a match
  about a factor of ten), as forenames are often mistyped, shortened or replaced by a middle name;
- a candidate whose forename plainly disagrees and whose date of birth does not agree (missing, or more than one
  digit off) is not linked automatically either: only the fields a family shares (surname, address) support it,
  and a sibling, or a parent's record, would look the same;
- when two different children both reach the auto threshold the record is ambiguous and goes to review;
- with record-level probabilities (people/assign.py, where a record's candidates share one record's worth of
  probability) a record none of whose candidates reaches the floor alone, but whose candidates together do, is
  somebody in the register but not clearly whom: it goes to review (`together=True`);
- optionally (`register_once`) a register person takes at most one `linked` record (a deduplicated file): the
  record with the highest probability keeps the link, the others go to review.
Linkage never merges children: a decision only points one record at one child.
"""

from dataclasses import dataclass, field

import pandas as pd

from .model import LEVELS

DEFAULT_AUTO = 0.95
DEFAULT_FLOOR = 0.80
FORENAME_DIFFERENT = 0  # gamma of the forename "different" level
_DOB = LEVELS["dob"]
# gammas (splink's level numbers, 0 = least specific) of the date-of-birth levels that agree
DOB_AGREES = frozenset(len(_DOB) - 1 - i for i, (_label, kind, _m, _u) in enumerate(_DOB) if kind == "agree")
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


def may_auto_link(candidate: dict, twins: set[str] | None = None) -> bool:
    """A candidate can be linked without a person unless its forename plainly disagrees and either its date of
    birth does not agree (only family fields support it) or it has a twin in the register (`twins`: ids of
    children with a twin; None = treat every child as possibly having one)."""
    if int(candidate.get("gamma_first_name", -1)) != FORENAME_DIFFERENT:
        return True
    if int(candidate.get("gamma_dob", -1)) not in DOB_AGREES:
        return False
    return twins is not None and str(candidate["right_id"]) not in twins


def twins_in(register: pd.DataFrame) -> set[str]:
    """Record ids of children who share surname and date of birth with another child of the register frame (rows
    of one child - aliases - share its record id and are not twins of each other)."""
    known = register.dropna(subset=["surname", "dob"])
    if known.empty:
        return set()
    groups = known.groupby(["surname", "dob"])["record_id"].nunique()
    shared = groups[groups > 1].index
    keys = pd.MultiIndex.from_frame(known[["surname", "dob"]])
    return set(known.loc[keys.isin(shared), "record_id"].astype(str))


def decide_one(left_id: str, candidates: list[dict], thresholds: Thresholds,
               twins: set[str] | None = None, together: bool = False) -> Decision:
    """Decide for one record given its candidates (one per child), best first. `together`: the probabilities are
    record-level (they sum to at most 1), and candidates that reach the floor together send the record to review."""
    everyone = candidates
    candidates = [c for c in candidates if c["match_probability"] >= thresholds.floor]
    if not candidates:
        shortlist = everyone[:MAX_REVIEW_CANDIDATES]
        if together and len(shortlist) > 1 and sum(c["match_probability"] for c in shortlist) >= thresholds.floor:
            return Decision(left_id, "review", best=shortlist[0], candidates=shortlist,
                            reason="one of several children, none clearly")
        return Decision(left_id, "none", reason="no candidate above the review floor")
    eligible = [c for c in candidates if c["match_probability"] >= thresholds.auto and may_auto_link(c, twins)]
    if len(eligible) == 1:
        return Decision(left_id, "linked", best=eligible[0], candidates=candidates[:MAX_REVIEW_CANDIDATES],
                        reason="one candidate above the auto-link threshold")
    reason = ("two or more children above the auto-link threshold" if eligible else
              "forename disagrees" if candidates[0]["match_probability"] >= thresholds.auto else "review band")
    ordered = eligible + [c for c in candidates if c not in eligible]
    return Decision(left_id, "review", best=ordered[0], candidates=ordered[:MAX_REVIEW_CANDIDATES], reason=reason)


def decide(pairs: pd.DataFrame, thresholds: Thresholds, left_ids=None, twins: set[str] | None = None, *,
           together: bool = False, register_once: bool = False) -> list[Decision]:
    """Decisions for every left record in `left_ids` (or in `pairs`), from best-per-child candidate pairs.
    `together` and `register_once`: see the module's docstring."""
    by_left: dict[str, list[dict]] = {}
    if not pairs.empty:
        ordered = pairs.sort_values(["left_id", "match_probability"], ascending=[True, False], kind="stable")
        for row in ordered.to_dict("records"):
            by_left.setdefault(str(row["left_id"]), []).append(row)
    ids = [str(i) for i in left_ids] if left_ids is not None else list(by_left)
    decisions = [decide_one(i, by_left.get(i, []), thresholds, twins, together) for i in ids]
    return one_record_per_person(decisions) if register_once else decisions


def one_record_per_person(decisions: list[Decision]) -> list[Decision]:
    """A register person keeps at most one `linked` record, the most probable (ties: the first); the others go to
    review with their candidates, for a person to see (for deduplicated files, where a person has one record)."""
    best: dict[str, Decision] = {}
    for d in decisions:
        if d.outcome == "linked" and d.best is not None:
            key = str(d.best["right_id"])
            if key not in best or d.best["match_probability"] > best[key].best["match_probability"]:  # type: ignore[index]
                best[key] = d
    out = []
    for d in decisions:
        if d.outcome == "linked" and d.best is not None and best[str(d.best["right_id"])] is not d:
            d = Decision(d.left_id, "review", best=d.best, candidates=d.candidates,
                         reason="the register person is linked to another record")
        out.append(d)
    return out


def level_names() -> dict[str, list[str]]:
    return {f: [label for label, _k, _m, _u in levels] for f, levels in LEVELS.items()}
