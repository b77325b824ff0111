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
"""

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from divert.core.spreadsheets import csv_writer

from . import model as people_model
from . import population
from .assign import Membership, record_posteriors
from .decide import Thresholds, decide, twins_in
from .predict import best_per_target, score_pairs
from .prepare import build_frame, guess_dayfirst

FIELDS = ["id", "first_name", "last_name", "date_of_birth", "sex", "postcode"]
OUTPUT = ["left_id", "right_id", "match_probability", "decision"]
ALIASES = {"forename": "first_name", "given_name": "first_name", "firstname": "first_name",
           "surname": "last_name", "lastname": "last_name", "family_name": "last_name", "dob": "date_of_birth",
           "gender": "sex", "post_code": "postcode", "unique_id": "id", "rec_id": "id"}


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
    df = df[FIELDS].copy()
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


def link_files(left_path: Path, right_path: Path, out_path: Path, *, engine: str = "duckdb",
               model_path: Path | None = None, thresholds: Thresholds | None = None,
               save_model_to: Path | None = None, register_once: bool = False) -> GenericResult:
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
    names = population.NamePopulation.from_frame(left)
    floor = min(thresholds.floor, population.SCORING_FLOOR)  # low: `none` rows report their best candidate too
    scored = best_per_target(population.apply(score_pairs(left, right, model, engine=engine, floor=floor), model,
                                              names))
    left_ids = list(dict.fromkeys(left_raw["id"]))
    scored, membership = record_posteriors(scored, prior=float(model["probability_two_random_records_match"]),
                                           records=len(left_ids), register_people=right_raw["id"].nunique())
    below = _best_below_floor(scored)
    decisions = decide(scored, thresholds, left_ids=left_ids, twins=twins_in(right), together=True,
                       register_once=register_once)
    counts = {"linked": 0, "review": 0, "none": 0}
    Path(out_path).parent.mkdir(parents=True, exist_ok=True)
    with open(out_path, "w", newline="", encoding="utf-8") as fh:
        writer = csv_writer(fh)
        writer.writerow(OUTPUT)
        for d in decisions:
            counts[d.outcome] += 1
            if d.outcome == "linked" and d.best is not None:
                writer.writerow([d.left_id, d.best["right_id"], _p(d.best), "linked"])
            elif d.outcome == "review":
                for c in d.candidates:
                    writer.writerow([d.left_id, c["right_id"], _p(c), "review"])
            else:
                best = below.get(str(d.left_id))
                writer.writerow([d.left_id, best["right_id"] if best else "", _p(best) if best else "", "none"])
    return GenericResult(len(left_ids), right_raw["id"].nunique(), counts["linked"], counts["review"],
                         counts["none"], str(meta.get("version", "")), membership)


def _best_below_floor(scored: pd.DataFrame) -> dict[str, dict]:
    """Each left id's best scored candidate (any score): what a `none` row reports."""
    if scored.empty:
        return {}
    best = scored.sort_values("match_probability", ascending=False, kind="stable").drop_duplicates("left_id")
    return {str(r["left_id"]): r for r in best[["left_id", "right_id", "match_probability"]].to_dict("records")}


def _p(row: dict) -> str:
    return f"{float(row['match_probability']):.6f}"
