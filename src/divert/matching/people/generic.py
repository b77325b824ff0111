"""`divert link people`: link any two files of people (docs/person-linkage.md).

Both files: `id,first_name,last_name,date_of_birth,sex,postcode` (headers case-insensitive, any column may be
empty or absent except `id`). Rows of the right file sharing an id are one entity known by several names
(aliases). Output: `left_id,right_id,match_probability,decision` with decision `linked`, `review` or `none`, the same
vocabulary as `divert match addresses`. Every left id gets at least one row: a `none` row carries the best candidate
found and its score (below the review floor) so precision can be read at any recall, or an empty right_id and
score when no candidate was generated at all.
Without `--model` a model is trained on the two files themselves, so it works on data Divert has never seen.
A record is one person: its candidates share one record's worth of probability, with the share of records that are
of somebody in the right file estimated from the data (people/assign.py). `--one-record-per-person` also lets each
right-file person take at most one `linked` record (a deduplicated left file); off by default, as police data holds
several records of one child.
Identical left records are scored once and their decision given to each (people/distinct.py). With
`--care-register` the right file is taken to be a register of children in care and care leavers, and left records
too old on their own date to be on it are decided `none` unscored (matching/eligibility.py); the date is the left
file's optional `date` column (also `record_date`, `incident_date`, `event_date`).
"""

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from divert.core.spreadsheets import csv_writer

from . import model as people_model
from . import population
from .assign import Membership, record_posteriors
from .decide import Decision, Thresholds, decide, one_record_per_person, twins_in
from .distinct import distinct_records
from .predict import GAMMA_COLUMNS, best_per_target, score_pairs
from .prepare import build_frame, dob_fields, guess_dayfirst, parse_date

FIELDS = ["id", "first_name", "last_name", "date_of_birth", "sex", "postcode"]
RECORD_DATE = "date"  # optional: the record's own date (incident, arrest, missing report), for --care-register
OUTPUT = ["left_id", "right_id", "match_probability", "decision"]
ALIASES = {"forename": "first_name", "given_name": "first_name", "firstname": "first_name",
           "surname": "last_name", "lastname": "last_name", "family_name": "last_name", "dob": "date_of_birth",
           "gender": "sex", "post_code": "postcode", "unique_id": "id", "rec_id": "id", "record_date": "date",
           "incident_date": "date", "event_date": "date"}


class InputError(ValueError):
    """A file that cannot be read as a people file (the message says why, without personal data)."""


def read_people(path: Path) -> pd.DataFrame:
    """A people file (CSV in UTF-8, UTF-8 with BOM or Windows-1252, or XLSX) with the standard columns."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        df = pd.read_excel(path, dtype=str).fillna("")
    else:
        df = None
        for encoding in ("utf-8-sig", "cp1252"):
            try:
                df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding=encoding)
                break
            except UnicodeDecodeError:
                continue
        if df is None:
            raise InputError(f"{path}: cannot decode the file")
    return standard_columns(df, path)


def standard_columns(df: pd.DataFrame, path: Path) -> pd.DataFrame:
    """The file's columns under their standard names (aliases folded), missing ones empty; every row has an id."""
    df.columns = [ALIASES.get(c.strip().lower(), c.strip().lower()) for c in df.columns]
    if "id" not in df.columns:
        raise InputError(f"{path}: no `id` column (found {len(df.columns)} columns)")
    for col in FIELDS:
        if col not in df.columns:
            df[col] = ""
    df = df[[*FIELDS, RECORD_DATE] if RECORD_DATE in df.columns else FIELDS].copy()
    df["id"] = df["id"].astype(str).str.strip()
    if (df["id"] == "").any():
        raise InputError(f"{path}: {(df['id'] == '').sum()} rows have an empty id")
    return df


def to_frame(df: pd.DataFrame, side: str) -> pd.DataFrame:
    dayfirst = guess_dayfirst(df["date_of_birth"])
    return build_frame([f"{side}{n}" for n in range(len(df))], df["id"], df["first_name"], df["last_name"],
                       df["date_of_birth"], df["sex"], df["postcode"], dayfirst)


@dataclass
class GenericResult:
    left: int
    right: int
    linked: int
    review: int
    none: int
    model_version: str
    membership: Membership | None = None
    scored: int = 0  # distinct left records scored
    not_eligible: int = 0  # left records decided unscored by --care-register


def link_files(left_path: Path, right_path: Path, out_path: Path, *, engine: str = "duckdb",
               model_path: Path | None = None, thresholds: Thresholds | None = None,
               save_model_to: Path | None = None, register_once: bool = False,
               care_register: bool = False) -> GenericResult:
    """Link two people files and write the decisions. Returns counts only (no personal data)."""
    thresholds = thresholds or Thresholds()
    left_raw, right_raw = read_people(left_path), read_people(right_path)
    left, right = to_frame(left_raw, "l"), to_frame(right_raw, "r")
    if model_path:
        loaded = people_model.load(Path(model_path))
        model, meta = loaded if loaded else (None, {})
        if model is None or not people_model.compatible(model):
            raise InputError(f"{model_path}: not a model this version of Divert can use (saved before its "
                             "comparisons changed?): train a new one, or run without --model")
    else:
        model, report = people_model.train(left, right, engine=engine)
        meta = {"version": "trained on these files"}
        if save_model_to:
            people_model.save(model, report, directory=Path(save_model_to))
    # The left file is its own name population (people/population.py): its other rows with the same name.
    result = score_and_decide(left_raw, left, right, model, thresholds, twins=twins_in(right), engine=engine,
                              register_people=right_raw["id"].nunique(), care_register=care_register,
                              register_once=register_once)
    counts = {"linked": 0, "review": 0, "none": 0}
    Path(out_path).parent.mkdir(parents=True, exist_ok=True)
    with open(out_path, "w", newline="", encoding="utf-8") as fh:
        writer = csv_writer(fh)
        writer.writerow(OUTPUT)
        write_decisions(writer, result, counts)
    return GenericResult(len(result.decisions), right_raw["id"].nunique(), counts["linked"], counts["review"],
                         counts["none"], str(meta.get("version", "")), result.membership, result.scored,
                         result.not_eligible)


@dataclass
class Decided:
    """Every left record's decision, in the file's order, and what the `none` rows report (counts aside, no
    personal data leaves here)."""

    decisions: list[Decision]
    below: dict[str, dict]  # left id -> its best candidate below the floor
    membership: Membership
    scored: int  # distinct records scored (identical records are scored once)
    not_eligible: int  # records too old to be on a care register (--care-register), decided unscored


DECISION_COLUMNS = ["left_id", "right_id", "match_probability", "pairwise_probability", *GAMMA_COLUMNS]
NOT_ELIGIBLE = "too old on the record's date to be a child in care or a care leaver"


def score_and_decide(raw: pd.DataFrame, left: pd.DataFrame, right: pd.DataFrame, model: dict,
                     thresholds: Thresholds, *, twins: set[str], engine: str, register_people: int,
                     care_register: bool = False, register_once: bool = False, dedupe: bool = True) -> Decided:
    """Score a left frame against the right one and decide every left record (the steps of `link_files`, shared
    with batch mode): the care-register pre-filter (optional), identical records scored once (`dedupe`), splink,
    the name population (every left record), record-level probabilities, then the decisions."""
    names = population.NamePopulation.from_frame(left)
    left_ids = [str(i) for i in dict.fromkeys(raw["id"])]
    scoring = left
    if care_register:
        scoring = left[eligible_rows(raw, left)].reset_index(drop=True)
    distinct = distinct_records(scoring) if dedupe else None
    floor = min(thresholds.floor, population.SCORING_FLOOR)  # low: `none` rows report their best candidate too
    frame = distinct.frame if distinct else scoring
    scored = best_per_target(population.apply(score_pairs(frame, right, model, engine=engine, floor=floor), model,
                                              names))
    scoring_ids = [str(i) for i in dict.fromkeys(scoring["record_id"])]
    # pi is the share of *all* the file's records that are of register people: a record left out by the care-register
    # filter counts as one that is not. Taking pi among the scored records alone (a third of a national week's
    # records, nearly all of its register people) raised it and cost precision 0.995 -> 0.955 (ADR 0052).
    scored, membership = record_posteriors(scored, prior=float(model["probability_two_random_records_match"]),
                                           records=len(left_ids), register_people=register_people,
                                           weights=distinct.weights if distinct else None)
    below = _best_below_floor(scored)
    # What the decisions and the output read of a pair (decide.py, write_decisions): not splink's other columns,
    # which would be copied into a dict per pair for nothing (a fifth of a national week's Python time).
    decided = {d.left_id: d for d in decide(_decision_frame(scored), thresholds, twins=twins, together=True,
                                            left_ids=list(distinct.weights.index) if distinct else scoring_ids)}
    decisions, below_by_id = [], {}
    for i in left_ids:
        rep = distinct.representative.get(i, i) if distinct else i
        d = decided.get(rep)
        if d is None:
            d = Decision(i, "none", reason=NOT_ELIGIBLE)
        elif rep != i:
            d = Decision(i, d.outcome, best=d.best, candidates=d.candidates, reason=d.reason)
        decisions.append(d)
        if rep in below:
            below_by_id[i] = below[rep]
    if register_once:
        decisions = one_record_per_person(decisions)
    return Decided(decisions, below_by_id, membership, len(frame), len(left_ids) - len(scoring_ids))


def _decision_frame(scored: pd.DataFrame) -> pd.DataFrame:
    """The scored pairs with only the DECISION_COLUMNS (those decide.py and the output read)."""
    return scored[[c for c in DECISION_COLUMNS if c in scored.columns]]


def eligible_rows(raw: pd.DataFrame, left: pd.DataFrame) -> "pd.Series[bool]":
    """The left rows that may be on a care register on their own date (matching/eligibility.py)."""
    from divert.matching.eligibility import may_be_on_care_register_frame

    if RECORD_DATE not in raw.columns:
        raise InputError("--care-register needs the left file's `date` column (each record's own date: the "
                         "incident, the arrest, the missing report)")
    dayfirst = guess_dayfirst(raw[RECORD_DATE])
    cache: dict[str, str | None] = {}
    on = [cache[v] if v in cache else cache.setdefault(v, dob_fields(parse_date(v, dayfirst))[0])
          for v in raw[RECORD_DATE].astype(str)]
    keep = may_be_on_care_register_frame(left["dob"].reset_index(drop=True), pd.Series(on, dtype=object))
    return keep.to_numpy()


def write_decisions(writer, result: Decided, counts: dict) -> None:
    """The output rows of a set of decisions (OUTPUT columns), counting outcomes into `counts`."""
    for d in result.decisions:
        counts[d.outcome] += 1
        if d.outcome == "linked" and d.best is not None:
            writer.writerow([d.left_id, d.best["right_id"], _p(d.best), "linked"])
        elif d.outcome == "review":
            for c in d.candidates:
                writer.writerow([d.left_id, c["right_id"], _p(c), "review"])
        else:
            best = result.below.get(str(d.left_id))
            writer.writerow([d.left_id, best["right_id"] if best else "", _p(best) if best else "", "none"])


def _best_below_floor(scored: pd.DataFrame) -> dict[str, dict]:
    """Each left id's best scored candidate (any score): what a `none` row reports."""
    if scored.empty:
        return {}
    best = scored.sort_values("match_probability", ascending=False, kind="stable").drop_duplicates("left_id")
    return {str(r["left_id"]): r for r in best[["left_id", "right_id", "match_probability"]].to_dict("records")}


def _p(row: dict) -> str:
    return f"{float(row['match_probability']):.6f}"
