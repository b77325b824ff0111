"""Name-population evidence: what the police records themselves say about who carries a name.

Splink weighs an exact forename and surname by how common each name is (term frequencies). It cannot know that
the police data holds two people with the same name - a child in care and a namesake who is not in care - and
so it links a record with no date of birth to the child on the name alone, or takes another person's real date
of birth for a typo of the child's. The other records with the same name can tell (docs/person-linkage.md,
ADR 0007).

For a record r and a candidate child X whose forename and surname both agree exactly, the *population* is every
other record (police records already held, and the records being linked) with r's cleaned forename and surname.
n of them carry a date of birth, k of which give X's (exactly or with day and month swapped). X's own records
carry a wrong date now and then, and the other-date records say by their date how likely each is to be one of
X's slips (ADR 0054): a record whose date is at the model's date-of-birth level L from X's (one digit off, two
digits off, within a year, different) is X's with the posterior probability w_L(q) = q m_L / (q m_L + (1 - q)
u_L), the model's own m and u of that level and q the share of the name's records that are X's. A date one digit
off X's is most likely X's slip; a wholly different date is most likely another person's. The expected number of
X's records among the n is E = k + sum over the other-date records of w_L(q), and its other-date part s = E - k
are X's "slips". A record giving the date of birth of another register child with the same name is that
child's, not a slip of X's. Two kinds of record are read as X's name and judged by the population of X's name
(ADR 0060): names that are X's exactly but the wrong way round, and one name exact with the other at the typo
level, written as no other record writes it (a spelling no one else carries is a slip of the pen). Their q0 is
splink's at their own levels, and they are not themselves among the records of X's name.

- The name-only probability that r is X is q = (E + W q0) / (n + W), solved as a fixed point (an EM estimate
  of the share of the name's records that are X's): q0 is splink's name-only probability (its prior and the two
  name weights) and W = 1 pseudo-record. With no population q = q0; a name whose dated records all give X's
  birth date (or dates a slip away) pulls q towards 1; a name also carried by people born on other dates pulls
  q towards their share.
- When r has no date of birth, the name's *undated* records are checked too: X's should number about its dated
  ones x rho / (1 - rho), rho being the share of all records without a date; undated records of the name well
  beyond that (a care worker who shares the child's name and is never asked for a date of birth) are someone
  else's, and q shrinks in proportion.
- When r gives a date of birth that does not agree with X's (one or two digits off, within a year, different),
  q may fall but never rise above q0 (that the other records are X's is no sign that this one is), and the chance
  of r's date among people who are not X is taken from the population: u_N = (c - s_level + B u) /
  (n - k - s + B), c being the other records with r's name *and r's date of birth*, s_level X's expected slips
  at that level from the model's rate (k m_level / m_agree: a date that recurs beyond what X's slips would repeat
  is another person's), B = 1 and u the model's u for the level; the date's weight is log2(m / max(u_N, u)). A date that
  recurs under the name beyond X's slips belongs to another person; as u_N is never taken below u, this can only
  weaken a disagreeing date's support for a match.

The other fields' weights (sex, postcode) are kept as splink computed them; placement evidence comes after
(people/placement.py). Only counts are kept as evidence, never names or dates (non-negotiable 4).
"""

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TypeGuard

import pandas as pd
from rapidfuzz.distance import DamerauLevenshtein, Levenshtein

from .model import LEVELS

W = 1.0  # pseudo-records of splink's name-only probability in q
B = 1.0  # pseudo-records of the model's u in u_N
# Pairs whose splink probability is below this are not scored at all; a name's population can lift a pair from
# about here to the review floor only when every dated record of the name gives the child's birth date.
SCORING_FLOOR = 1e-3
COLUMNS = ("name_records", "name_records_agreeing", "name_records_same_dob", "name_probability",
           "name_records_undated")
DOB_LABELS = [label for label, _k, _m, _u in LEVELS["dob"]]
# gamma (splink's level number, 0 = least specific) of the date-of-birth levels that agree with the child's
DOB_AGREE_GAMMAS = {len(DOB_LABELS) - 1 - DOB_LABELS.index(lb) for lb in ("exact", "day and month swapped")}
TOP_FORENAME = len(LEVELS["first_name"]) - 1
TOP_SURNAME = len(LEVELS["surname"]) - 1
# gamma of the levels where the forename and the surname agree crosswise (names written the wrong way round)
SWAPPED_FORENAME = len(LEVELS["first_name"]) - 1 - [lb for lb, *_r in LEVELS["first_name"]].index(
    "swapped with surname")
SWAPPED_SURNAME = len(LEVELS["surname"]) - 1 - [lb for lb, *_r in LEVELS["surname"]].index("swapped with forename")
TYPO_FORENAME = len(LEVELS["first_name"]) - 1 - [lb for lb, *_r in LEVELS["first_name"]].index("typo")
TYPO_SURNAME = len(LEVELS["surname"]) - 1 - [lb for lb, *_r in LEVELS["surname"]].index("typo")


@dataclass
class NamePopulation:
    """Records per cleaned (forename, surname): dated ones by date of birth (ISO) in `counts`, undated ones in
    `undated`; `missing_rate` = the share of all named records with no date of birth."""

    counts: dict[tuple[str, str], dict[str, int]] = field(default_factory=dict)
    undated: dict[tuple[str, str], int] = field(default_factory=dict)
    missing_rate: float = 0.0

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[str | None, str | None, str | None, int]]) -> "NamePopulation":
        """From (cleaned forename, cleaned surname, ISO date of birth or None, number of records) rows."""
        counts: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
        undated: dict[tuple[str, str], int] = defaultdict(int)
        for first, last, dob, n in rows:
            if not (_present(first) and _present(last) and n):
                continue
            if _present(dob):
                by_dob = counts[(first, last)]
                by_dob[dob] = by_dob.get(dob, 0) + int(n)
            else:
                undated[(first, last)] += int(n)
        dated_total = sum(sum(v.values()) for v in counts.values())
        undated_total = sum(undated.values())
        rate = undated_total / (dated_total + undated_total) if dated_total + undated_total else 0.0
        return cls(dict(counts), dict(undated), rate)

    @classmethod
    def from_frame(cls, frame: pd.DataFrame) -> "NamePopulation":
        """From a linkage frame (people/prepare.py): every row is one record."""
        if frame.empty:
            return cls()
        grouped = frame.groupby(["first_name", "surname", "dob"], dropna=False).size()
        return cls.from_rows((f, s, d, n) for (f, s, d), n in grouped.items())

    def __len__(self) -> int:
        return len(self.counts)


def one_event_one_observation(days: set, undated_records: int = 0) -> int:
    """The number of independent observations of one name and date of birth (as written) among police records:
    one per day on which they were recorded (`days`), plus one per record whose event has no date.

    One event is often recorded more than once, each copy carrying the same writing of the person: a person
    reported missing is a missing-person report and an incident log of the same call, with the same name and date
    of birth (APP missing persons: the report of a missing person is recorded, risk-assessed and reviewed as one
    investigation), and a person named in two records of one day was most likely written down once and copied.
    Counted as rows, a copied wrong date of birth looks like a date recorded again and again, which is the
    evidence of another person (ADR 0057); counted as events it is one slip."""
    return len(days) + int(undated_records)


def _present(value) -> TypeGuard[str]:  # the caller's values are str, None or NaN
    return value is not None and not (isinstance(value, float) and math.isnan(value)) and value != ""


def _logit2(p: float) -> float:
    p = min(max(p, 1e-12), 1 - 1e-12)
    return math.log2(p / (1 - p))


def _probability(log2_odds: float) -> float:
    if log2_odds > 60:
        return 1.0
    if log2_odds < -60:
        return 0.0
    odds = 2.0 ** log2_odds
    return odds / (1 + odds)


def dob_parameters(model: dict) -> dict[int, tuple[float, float]]:
    """{gamma: (m, u)} of the model's date-of-birth comparison."""
    for comp in model["comparisons"]:
        if comp["output_column_name"] == "dob":
            levels = [lv for lv in comp["comparison_levels"] if not lv.get("is_null_level")]
            return {len(levels) - 1 - i: (lv["m_probability"], lv["u_probability"]) for i, lv in enumerate(levels)}
    return {}


@lru_cache(maxsize=200_000)
def date_level(date: str, child_dob: str) -> int | None:
    """The model's date-of-birth level (splink's gamma, 0 = different) of a record's ISO date against the child's,
    as the model's comparison computes it (model.comparisons): exact, day and month swapped, one edit
    (Damerau-Levenshtein) on `yyyy-mm-dd`, two edits (Levenshtein), within 366 days, different. None when either
    date cannot be read."""
    levels = len(DOB_LABELS) - 1
    if date == child_dob:
        return levels
    if len(date) == 10 and f"{date[:4]}-{date[8:10]}-{date[5:7]}" == child_dob:
        return levels - 1
    if DamerauLevenshtein.distance(date, child_dob) <= 1:
        return levels - 2
    if Levenshtein.distance(date, child_dob) <= 2:
        return levels - 3
    try:
        days = abs((dt.date.fromisoformat(date) - dt.date.fromisoformat(child_dob)).days)
    except ValueError:
        return None
    return levels - 4 if days <= 366 else 0


def childs_share(k: float, others: dict[int, int], n: int, q0: float,
                 dob_params: dict[int, tuple[float, float]]) -> tuple[float, float]:
    """(q, E): the share of the name's records that are the child's and their expected number, from k records
    giving the child's date, `others` = {date level: records at that level from the child's date} and n dated
    records in all: the fixed point of q = (E(q) + W q0) / (n + W), E(q) = k + sum_L others[L] w_L(q), w_L(q) =
    q m_L / (q m_L + (1 - q) u_L) (expectation maximisation of a two-class mixture, the child and everyone else,
    with q0 as one pseudo-record). Levels without parameters count as another person's."""
    return _childs_share(k, tuple(sorted(others.items())), n, q0, tuple(sorted(dob_params.items())))


@lru_cache(maxsize=100_000)
def _childs_share(k: float, others: tuple[tuple[int, int], ...], n: int, q0: float,
                  dob_params: tuple[tuple[int, tuple[float, float]], ...]) -> tuple[float, float]:
    """childs_share on hashable arguments (a child's many records share one name's population)."""
    params = dict(dob_params)
    q = (k + W * q0) / (n + W)
    expected = float(k)
    for _ in range(100):
        expected = float(k)
        for gamma, count in others:
            m, u = params.get(gamma, (0.0, 1.0))
            if m > 0 and count:
                expected += count * q * m / (q * m + (1 - q) * max(u, 1e-12))
        nxt = (expected + W * q0) / (n + W)
        if abs(nxt - q) < 1e-9:
            q = nxt
            break
        q = nxt
    return q, expected


def slip_rate(dob_params: dict[int, tuple[float, float]], gamma: int | None = None) -> float:
    """A person's records with a wrong date of birth (at level `gamma`, or at any level) per record with the
    right one, from the model's m probabilities: m(level) / m(agree), or (1 - m(agree)) / m(agree)."""
    m_agree = sum(dob_params[g][0] for g in DOB_AGREE_GAMMAS if g in dob_params)
    if m_agree <= 0:
        return 0.0
    wrong = (1 - m_agree) if gamma is None else dob_params.get(gamma, (0.0, 0.0))[0]
    return wrong / m_agree


@dataclass(frozen=True)
class NameEvidence:
    """The population's counts for one pair and the probability that results."""

    records: int
    agreeing: int
    same_dob: int | None
    name_probability: float
    match_probability: float
    undated: int | None = None


def evidence_for(*, first: str, last: str, dob: str | None, child_dobs: set[str], gamma_dob: int,
                 weights: dict[str, float], prior: float, population: NamePopulation,
                 dob_params: dict[int, tuple[float, float]], child_dob: str | None = None,
                 namesake_dobs: frozenset[str] | set[str] = frozenset(),
                 in_population: bool = True) -> NameEvidence | None:
    """The name-population evidence for one pair (None when the name has no other dated record).

    `weights` are splink's log2 weights: `name` (both names, term-frequency adjustments included), `dob` and
    `total` (every comparison and the prior). `child_dob` is the child's own date of birth (`child_dobs` also
    holds it with day and month swapped); with one date in `child_dobs` it is that one. `namesake_dobs` are the
    dates of birth of other register children with the same name: records giving one of those are theirs, never
    counted as the child's slips. `in_population` = False when r is not itself among the name's records (its names
    are written the wrong way round and `first`, `last` are the name read the right way round)."""
    by_dob = population.counts.get((first, last))
    if not by_dob:
        return None
    # r itself, when it is among the population
    own = 1 if in_population and dob is not None and by_dob.get(dob) else 0
    n = sum(by_dob.values()) - own
    if n <= 0:
        return None
    agrees = dob is not None and dob in child_dobs
    k = sum(by_dob.get(d, 0) for d in child_dobs) - (own if agrees else 0)
    prior_weight = _logit2(prior)
    q0 = _probability(prior_weight + weights["name"])
    # The child's own records carry a wrong date now and then: each other-date record is the child's slip with the
    # posterior probability its date's level gives (one digit off: likely; wholly different: unlikely), ADR 0054.
    if child_dob is None and len(child_dobs) == 1:
        child_dob = next(iter(child_dobs))
    disagrees = dob is not None and gamma_dob >= 0 and gamma_dob not in DOB_AGREE_GAMMAS and gamma_dob in dob_params
    by_level: dict[int, int] = defaultdict(int)
    for d, c in by_dob.items():
        count = c - (own if d == dob else 0)
        if d in child_dobs or count <= 0 or d in namesake_dobs:
            continue  # the child's own date (k), or another child's of the same name (another person)
        gamma = date_level(d, child_dob) if child_dob else None
        by_level[0 if gamma is None else gamma] += count
    q, childs = childs_share(k, by_level, n, q0, dob_params)
    slips = min(float(n - k), childs - k)
    dob_weight, same, undated = weights["dob"], None, None
    if dob is None and population.missing_rate < 1:
        # Whether a record carries a date of birth may depend on who it is (a care worker reporting incidents is
        # rarely asked for one). The child's undated records should number about its dated ones x rho / (1 - rho),
        # rho the overall share of undated records; beyond that (plus this one, plus two standard deviations of a
        # Poisson count) the name's undated records are someone else's, and q shrinks in proportion.
        undated = max(population.undated.get((first, last), 0) + (0 if in_population else 1), 1)
        expected = (k + slips) * population.missing_rate / (1 - population.missing_rate) + 1
        q *= min(1.0, (expected + 2 * math.sqrt(expected)) / undated)
    if disagrees:
        m, u = dob_params[gamma_dob]
        same = by_dob.get(dob or "", 0) - own
        # A date that recurs under the name beyond what the child's slips at that level would repeat (the model's
        # rate) is another person's.
        slips_here = min(slips, k * slip_rate(dob_params, gamma_dob))
        u_name = (max(0.0, same - slips_here) + B * u) / (n - k - slips + B)
        dob_weight = math.log2(max(m, 1e-12) / max(u_name, u, 1e-12))
        # The record's own date says it may be someone else: the population can lower the name's prior (other
        # people carry the name) but not raise it - the other records being the child's is no sign that this one is.
        q = min(q, q0)
    others = weights["total"] - prior_weight - weights["name"] - weights["dob"]
    p = _probability(_logit2(q) + dob_weight + others)
    return NameEvidence(n, k, same, q, p, undated)


def apply(pairs: pd.DataFrame, model: dict, population: NamePopulation | None) -> pd.DataFrame:
    """Re-score pairs whose forename and surname agree exactly, from the name's population.

    `pairs` come from predict.score_pairs (with the left record's cleaned names and date of birth, the child's
    dates of birth and splink's weights). Adds the COLUMNS (empty where the evidence does not apply) and keeps
    splink's own score in `splink_probability`."""
    pairs = pairs.copy()
    if "splink_probability" not in pairs:
        pairs["splink_probability"] = pairs["match_probability"]
    for col in COLUMNS:
        pairs[col] = None
    if pairs.empty or not population:
        return pairs
    exact = ((pairs["gamma_first_name"] == TOP_FORENAME) & (pairs["gamma_surname"] == TOP_SURNAME)
             & pairs["left_first_name"].notna() & pairs["left_surname"].notna())
    # records not of their own name but read as the child's: swapped exactly, or misspelt once (ADR 0060)
    as_childs = _swapped_exactly(pairs) | _misspelt_once(pairs, population)
    mask = exact | as_childs
    if not mask.any():
        return pairs
    prior = float(model["probability_two_random_records_match"])
    dob_params = dob_parameters(model)
    # The name each pair is judged under: the record's own, or for names written the wrong way round (both names
    # exactly the child's, crosswise) the record's read the right way round - the population of the child's name.
    first = pairs["left_first_name"].where(~as_childs, pairs.get("right_first_name"))
    last = pairs["left_surname"].where(~as_childs, pairs.get("right_surname"))
    # The dates of birth of every register child who carries the name (the record's other candidates judged under
    # the same name): a record of the name giving one of them is that child's, not a slip of another one's.
    named: dict[tuple[str, str, str], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    cols = [pairs.loc[mask, c].tolist() for c in ("left_id", "right_id", "right_dob", "right_dob_swapped")]
    for lid, rid, d, sw, f, la in zip(*cols, first[mask].tolist(), last[mask].tolist(), strict=True):
        named[(str(lid), f, la)][str(rid)].update(x for x in (d, sw) if _present(x))
    updates: dict[int, NameEvidence] = {}
    read = ["left_id", "right_id", "right_dob", "right_dob_swapped", "left_dob", "gamma_dob", "name_weight",
            "dob_weight", "match_weight"]  # only these: a pair has some 80 columns
    for idx, row, f, la, read_as_child in zip(pairs.index[mask], pairs.loc[mask, read].itertuples(index=False),
                                              first[mask].tolist(), last[mask].tolist(), as_childs[mask].tolist(),
                                              strict=True):
        child_dobs = {d for d in (row.right_dob, row.right_dob_swapped) if _present(d)}
        by_child = named[(str(row.left_id), f, la)]
        namesakes = (set().union(*(v for r, v in by_child.items() if r != str(row.right_id))) if len(by_child) > 1
                     else set())
        ev = evidence_for(
            first=f, last=la,
            dob=row.left_dob if _present(row.left_dob) else None, child_dobs=child_dobs,
            child_dob=row.right_dob if _present(row.right_dob) else None,
            gamma_dob=int(row.gamma_dob), prior=prior, population=population, dob_params=dob_params,
            namesake_dobs=namesakes - child_dobs, in_population=not read_as_child,
            weights={"name": float(row.name_weight), "dob": float(row.dob_weight), "total": float(row.match_weight)},
        )
        if ev is not None:
            updates[idx] = ev
    if updates:
        index = list(updates)
        pairs.loc[index, "match_probability"] = [e.match_probability for e in updates.values()]
        pairs.loc[index, "name_records"] = [e.records for e in updates.values()]
        pairs.loc[index, "name_records_agreeing"] = [e.agreeing for e in updates.values()]
        pairs.loc[index, "name_records_same_dob"] = [e.same_dob for e in updates.values()]
        pairs.loc[index, "name_probability"] = [e.name_probability for e in updates.values()]
        pairs.loc[index, "name_records_undated"] = [e.undated for e in updates.values()]
    return pairs


def _swapped_exactly(pairs: pd.DataFrame) -> pd.Series:
    """Pairs whose record gives the child's forename as its surname and the child's surname as its forename, both
    exactly (splink's swapped level also takes near spellings, which would be another name's population)."""
    if "right_first_name" not in pairs or "right_surname" not in pairs:
        return pd.Series(False, index=pairs.index)
    return ((pairs["gamma_first_name"] == SWAPPED_FORENAME) & pairs["left_first_name"].notna()
            & pairs["left_surname"].notna() & (pairs["left_first_name"] == pairs["right_surname"])
            & (pairs["left_surname"] == pairs["right_first_name"]))


def _misspelt_once(pairs: pd.DataFrame, population: NamePopulation) -> pd.Series:
    """Pairs whose record gives one of the child's names exactly and the other at splink's typo level, written in
    a way no other police record writes a name (neither dated nor undated): a spelling no one else carries is a
    slip of the pen, not another person's name, and the record is read as the child's name."""
    if "right_first_name" not in pairs or "right_surname" not in pairs:
        return pd.Series(False, index=pairs.index)
    typo = (((pairs["gamma_first_name"] == TYPO_FORENAME) & (pairs["gamma_surname"] == TOP_SURNAME))
            | ((pairs["gamma_first_name"] == TOP_FORENAME) & (pairs["gamma_surname"] == TYPO_SURNAME)))
    typo &= (pairs["left_first_name"].notna() & pairs["left_surname"].notna() & pairs["right_first_name"].notna()
             & pairs["right_surname"].notna())

    def alone(first: str, last: str, dob) -> bool:  # r is the only record written so
        dated = sum(population.counts.get((first, last), {}).values()) - (1 if _present(dob) else 0)
        undated = population.undated.get((first, last), 0) - (0 if _present(dob) else 1)
        return dated <= 0 and undated <= 0

    rows = pairs.loc[typo, ["left_first_name", "left_surname", "left_dob"]].itertuples(index=False)
    flags = [alone(f, la, d) for f, la, d in rows]
    return pd.Series(False, index=pairs.index) | pd.Series(flags, index=pairs.index[typo], dtype=bool).reindex(
        pairs.index, fill_value=False)


def evidence(row: dict) -> dict | None:
    """The population's counts for the audit trail and the review page (counts only)."""
    n = row.get("name_records")
    if n is None or (isinstance(n, float) and math.isnan(n)):
        return None
    def count(key):
        value = row.get(key)
        return None if value is None or (isinstance(value, float) and math.isnan(value)) else int(value)

    return {"records": int(n), "agreeing": int(row["name_records_agreeing"]),
            "same_dob": count("name_records_same_dob"), "undated": count("name_records_undated"),
            "name_probability": round(float(row["name_probability"]), 6)}
