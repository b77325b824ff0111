"""Placement evidence: "the candidate child was placed at the record's home on the record's date".

A Fellegi-Sunter comparison applied after splink's score (docs/person-linkage.md). A police record has a *home*
when its incident was at a children's home (`Incident.home`, linked by address matching), when a missing report is
from a home (`MissingReport.home`) or when a custody record's postcode is a home's postcode. For each candidate
child the comparison has three levels:

- placed: the child's placement (SSDA903 episode) at one of the record's homes covers the record's date;
- not placed: the record has a home and date but the child was not placed there then;
- unknown: the record has no home (or no date): no evidence, Bayes factor 1. Also when the pair's postcode
  comparison already gave evidence (a custody record or missing report with the home's postcode): the address
  is then counted once, by the postcode comparison, since the two are not independent.

A current placement replaces a disagreeing postcode (ADR 0049): when the record's postcode differs from the
child's register postcode (wholly, or agreeing only in sector or district) but the child *is* placed at the
record's home on its date, the register postcode is the stale one: it is one value per child from the children
extract, while the placement episode (DfE SSDA903 guidance: each episode's start and end dates and placement) is
the dated record of where the child lived that day, and children in care move often. The postcode comparison's
weight is taken out and the "placed" level's put in its place, so the address is still counted once. A
disagreeing postcode with the child not placed there keeps the postcode's evidence (no placement evidence).

Both probabilities are estimated from the data, without labels, and saved in the model file:

- u = P(placed | not a match): the chance that a random child of the register is placed at a given home on a
  given date = mean number of children placed at the record's home on its date / number of children, averaged
  over the records that have a home;
- m = P(placed | match): among high-confidence links (exact forename, surname and date of birth, splink
  probability >= 0.99, so not depending on this evidence) whose record has a home, the share of children placed
  there on the date, smoothed towards a prior and kept within bounds.

The adjustment is posterior odds = splink odds x BF, BF = m/u (placed), (1-m)/(1-u) (not placed), 1 (unknown).
"""

import datetime as dt
import math
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass

import pandas as pd

KEY = "divert_placement"
VERSION = 1
GAMMA = "gamma_placement"
PLACED, NOT_PLACED, UNKNOWN = 1, 0, -1
# m prior and bounds: with no confident links to learn from, m is the prior; m is never outside the bounds so that
# one field can never veto or prove a match on its own (as for the splink comparisons, model._sanitise).
PRIOR_M = 0.5
PRIOR_WEIGHT = 10  # pseudo-links of the prior when estimating m
M_BOUNDS = (0.05, 0.95)
MIN_RECORDS_FOR_U = 20
CONFIDENT = 0.99
LABELS = {PLACED: "placed at the record's home", NOT_PLACED: "not placed at the record's home",
          UNKNOWN: "no home on the record"}


@dataclass(frozen=True)
class Context:
    """Where and when a police record happened: the home(s) it is at and the date."""

    homes: frozenset[int]
    date: dt.date


class PlacementIndex:
    """Placements per home: which children were placed at a home on a date (episode start <= date <= end)."""

    def __init__(self, rows, n_children: int):
        by_home: dict[int, list[tuple[dt.date, dt.date | None, int]]] = defaultdict(list)
        for child_id, home_id, decom, dec in rows:
            if home_id is not None and decom is not None:
                by_home[int(home_id)].append((decom, dec, int(child_id)))
        self.by_home = {h: sorted(v, key=lambda r: r[0]) for h, v in by_home.items()}
        self._starts = {h: [r[0] for r in v] for h, v in self.by_home.items()}
        self.n_children = n_children

    def children_at(self, homes, date: dt.date) -> set[int]:
        out = set()
        for home in homes:
            episodes = self.by_home.get(home)
            if not episodes:
                continue
            for _decom, dec, child in episodes[: bisect_right(self._starts[home], date)]:
                if dec is None or dec >= date:
                    out.add(child)
        return out


def level(child_id, context: Context | None, index: PlacementIndex, cache: dict | None = None) -> int:
    if context is None:
        return UNKNOWN
    if cache is not None:
        key = (context.homes, context.date)
        if key not in cache:
            cache[key] = index.children_at(context.homes, context.date)
        placed = cache[key]
    else:
        placed = index.children_at(context.homes, context.date)
    return PLACED if int(child_id) in placed else NOT_PLACED


def bayes_factor(gamma: int, m: float, u: float) -> float:
    if gamma == PLACED:
        return m / u
    if gamma == NOT_PLACED:
        return (1 - m) / (1 - u)
    return 1.0


def adjust_probability(p: float, bf: float) -> float:
    """Posterior probability from a prior probability and a Bayes factor (odds form)."""
    if bf == 1.0:
        return p
    if p >= 1.0:
        return 1.0
    if p <= 0.0:
        return 0.0
    odds = p / (1 - p) * bf
    return odds / (1 + odds) if math.isfinite(odds) else 1.0


def params(model: dict) -> dict | None:
    out = model.get(KEY)
    return out if out and out.get("m") and out.get("u") else None


def min_probability_to_reach(floor: float, model: dict) -> float:
    """The lowest splink probability that placement evidence could lift to `floor` (for the scoring floor):
    the "placed" factor, times the inverse of the weakest disagreeing postcode level it may replace."""
    p = params(model)
    if not p:
        return floor
    bf = p["m"] / p["u"] / min(1.0, min(postcode_factors(model).values(), default=1.0))
    return max(1e-6, adjust_probability(floor, 1 / bf)) if bf > 1 else floor


def postcode_factors(model: dict) -> dict[int, float]:
    """The Bayes factor (m / u) of each postcode level short of exact agreement, by gamma (0 = different), from
    the model's postcode comparison. Empty when the model has no postcode comparison."""
    for comp in model.get("comparisons", []):
        if comp.get("output_column_name") != "postcode":
            continue
        levels = [lv for lv in comp["comparison_levels"] if not lv.get("is_null_level")]
        out: dict[int, float] = {}
        for gamma, lv in enumerate(reversed(levels[1:])):
            m, u = lv.get("m_probability"), lv.get("u_probability")
            if m and u:
                out[gamma] = m / u
        return out
    return {}


REPLACES_POSTCODE = "placement_replaces_postcode"


def apply(pairs: pd.DataFrame, contexts: dict[str, Context], index: PlacementIndex | None, model: dict
          ) -> pd.DataFrame:
    """Add `gamma_placement` and update `match_probability` by the placement Bayes factor. Pairs whose record
    has no home (or a model without placement parameters) are unchanged. `splink_probability` keeps splink's
    score (set here unless an earlier step set it)."""
    pairs = pairs.copy()
    if "splink_probability" not in pairs:
        pairs["splink_probability"] = pairs["match_probability"] if not pairs.empty else pd.Series(dtype=float)
    p = params(model)
    if pairs.empty or p is None or index is None:
        pairs[GAMMA] = UNKNOWN
        pairs[REPLACES_POSTCODE] = False
        return pairs
    cache: dict = {}
    from .model import LEVELS

    exact = len(LEVELS["postcode"]) - 1  # gamma of the exact postcode level (levels 0 .. exact - 1 disagree)
    postcode = pairs["gamma_postcode"] if "gamma_postcode" in pairs else pd.Series(-1, index=pairs.index)
    weight = pairs["postcode_weight"] if "postcode_weight" in pairs else pd.Series(0.0, index=pairs.index)
    gammas, factors, replaced = [], [], []
    for lid, rid, pc, w in zip(pairs["left_id"], pairs["right_id"], postcode, weight, strict=True):
        g, factor, swap = UNKNOWN, 1.0, False
        if lid in contexts and int(pc) < 0:
            g = level(rid, contexts[lid], index, cache)
            factor = bayes_factor(g, p["m"], p["u"])
        elif lid in contexts and int(pc) < exact and level(rid, contexts[lid], index, cache) == PLACED:
            # A current placement replaces a disagreeing (stale) register postcode: the address counted once.
            g, swap = PLACED, True
            factor = bayes_factor(PLACED, p["m"], p["u"]) / 2.0 ** float(w)
        # Otherwise the address is counted once by the postcode: an agreeing postcode (custody records and
        # missing reports carry the home's postcode), or a disagreeing one for a child not placed there.
        gammas.append(g)
        factors.append(factor)
        replaced.append(swap)
    pairs[GAMMA] = gammas
    pairs[REPLACES_POSTCODE] = replaced
    pairs["match_probability"] = [adjust_probability(pr, f)
                                  for pr, f in zip(pairs["match_probability"], factors, strict=True)]
    return pairs


def placed_candidates(contexts: dict[str, Context], index: PlacementIndex) -> dict[str, list[str]]:
    """For each record at a home, the children placed there on its date (as register record ids): candidates
    whatever the names and date of birth say (ADR 0049). A child in care is named at the home where they live
    far more often than by chance, and the names a police officer types there may share nothing with the
    register's (a nickname, a street name, no date of birth)."""
    cache: dict = {}
    out: dict[str, list[str]] = {}
    for lid, ctx in contexts.items():
        key = (ctx.homes, ctx.date)
        if key not in cache:
            cache[key] = sorted(str(c) for c in index.children_at(ctx.homes, ctx.date))
        if cache[key]:
            out[lid] = cache[key]
    return out


def estimate(pairs: pd.DataFrame, contexts: dict[str, Context], index: PlacementIndex) -> dict | None:
    """m and u from the data (no labels). `pairs` are splink-scored candidate pairs (before this adjustment)
    with gamma columns; top gamma level = exact agreement. None when no record has a home (nothing to learn)."""
    if index.n_children <= 0 or len(contexts) < MIN_RECORDS_FOR_U:
        return None
    cache: dict = {}
    residents = []
    for seen in contexts.values():
        key = (seen.homes, seen.date)
        if key not in cache:
            cache[key] = index.children_at(seen.homes, seen.date)
        residents.append(len(cache[key]))
    u = sum(residents) / len(residents) / index.n_children
    u = min(max(u, 1e-6), 0.5)
    placed = confident = 0
    if not pairs.empty:
        from .model import LEVELS

        exact = {f: len(LEVELS[f]) - 1 for f in ("first_name", "surname", "dob")}
        mask = pairs["match_probability"] >= CONFIDENT
        for f, g in exact.items():
            col = f"gamma_{f}"
            mask &= (pairs[col] == g) if col in pairs else False
        for lid, rid in zip(pairs.loc[mask, "left_id"], pairs.loc[mask, "right_id"], strict=True):
            ctx = contexts.get(str(lid))
            if ctx is None:
                continue
            confident += 1
            placed += level(rid, ctx, index, cache) == PLACED
    m = (placed + PRIOR_M * PRIOR_WEIGHT) / (confident + PRIOR_WEIGHT)
    m = min(max(m, M_BOUNDS[0]), M_BOUNDS[1])
    m = max(m, min(M_BOUNDS[1], u * 2))  # being placed there is never evidence against a match
    return {"version": VERSION, "m": m, "u": u, "records_with_home": len(contexts),
            "confident_links": confident, "confident_placed": placed, "children": index.n_children}


def evidence(gamma: int, model: dict, replaces_postcode: bool = False) -> dict:
    p = params(model)
    bf = bayes_factor(gamma, p["m"], p["u"]) if p else 1.0
    kind = {PLACED: "agree", NOT_PLACED: "disagree"}.get(gamma, "missing")
    out = {"level": LABELS.get(gamma, LABELS[UNKNOWN]), "kind": kind, "bayes_factor": round(bf, 4)}
    if replaces_postcode:
        out["replaces_postcode"] = True
    return out
