"""The person-linkage model: comparisons, unsupervised training and versioned model files.

A Fellegi-Sunter model in splink. Each comparison has named levels, most specific first; priors for the m
probabilities are general expectations of how often a true match shows each level in police data, and training
replaces them from the data: u by random sampling, m by expectation maximisation (no labels), the prior match
probability from strict deterministic rules. Model files are JSON under settings.DIVERT["MODEL_DIR"]:
`people-YYYYMMDD-HHMMSS.json`, with `people-current` naming the one in use.
"""

import datetime as dt
import json
import logging
import math
from dataclasses import dataclass
from pathlib import Path
from typing import cast

import pandas as pd

logger = logging.getLogger(__name__)

MODEL_PREFIX = "people-"
CURRENT_POINTER = "people-current"

# (label, kind, prior m, prior u) per non-null level, most specific first; kind: agree | partial | disagree.
# The priors are general expectations (a true match shows an exact forename about 80% of the time; two random
# people share a surname about 0.5% of the time...). Training replaces them when there is enough data.
LEVELS: dict[str, list[tuple[str, str, float, float]]] = {
    "first_name": [("exact", "agree", 0.80, 0.01), ("swapped with surname", "agree", 0.02, 1e-5),
                   ("typo", "agree", 0.05, 0.002), ("nickname", "agree", 0.07, 0.003),
                   ("similar", "partial", 0.02, 0.005), ("initial", "partial", 0.01, 0.001),
                   ("different", "disagree", 0.05, 0.979)],
    "surname": [("exact", "agree", 0.85, 0.005), ("swapped with forename", "agree", 0.02, 1e-5),
                ("typo", "agree", 0.05, 0.001), ("shared part", "agree", 0.03, 0.0005),
                ("similar", "partial", 0.02, 0.004), ("different", "disagree", 0.05, 0.9895)],
    "dob": [("exact", "agree", 0.88, 0.0004), ("day and month swapped", "agree", 0.02, 0.00005),
            ("one digit off", "agree", 0.04, 0.003), ("two digits off", "partial", 0.02, 0.02),
            ("within a year", "partial", 0.02, 0.07), ("different", "disagree", 0.02, 0.90655)],
    "sex": [("exact", "agree", 0.97, 0.5), ("different", "disagree", 0.03, 0.5)],
    "postcode": [("exact", "agree", 0.55, 0.0005), ("sector", "partial", 0.10, 0.01),
                 ("district", "partial", 0.10, 0.05), ("different", "disagree", 0.25, 0.9395)],
}
# Exact name agreement is weighed by how common the name is (term frequencies from the data: agreeing on a rare
# name says more than agreeing on a common one). Rare names count at most as a 1-in-10,000 coincidence.
TF_FIELDS = ("first_name", "surname")
TF_MINIMUM_U = 1e-4
TF_KEY = "divert_term_frequencies"
PLACEMENT_KEY = "divert_placement"  # placement evidence m and u (people/placement.py)
ROLE_KEY = "divert_role"  # role evidence m and u (people/role.py)
# Below these sizes the data cannot estimate parameters: the priors are kept (tiny files, hand-made tests).
MIN_PAIRS_FOR_U = 20_000
MIN_ROWS_FOR_EM = 100
# Forename and surname typed the wrong way round ("SMITH, John" read as forename Smith): both names agree
# crosswise, each exactly or with a typo (the typo level's Jaro-Winkler threshold).
JW_SWAPPED_THRESHOLD = 0.92


def names_swapped_level():
    """A comparison level true when both names agree crosswise. Written per SQL dialect (DuckDB calls the function
    `jaro_winkler_similarity`, splink's Spark jar `jaro_winkler`), so the model trains on either engine."""
    from splink.internals.comparison_level_creator import ComparisonLevelCreator

    class NamesSwapped(ComparisonLevelCreator):
        def create_sql(self, sql_dialect) -> str:
            jw = sql_dialect.jaro_winkler_function_name
            return (f"{jw}(first_name_l, surname_r) >= {JW_SWAPPED_THRESHOLD} "
                    f"and {jw}(surname_l, first_name_r) >= {JW_SWAPPED_THRESHOLD}")

        def create_label_for_charts(self) -> str:
            return "names swapped"

    return NamesSwapped()


FIELD_COLUMNS = {"first_name": "first_name", "surname": "surname", "dob": "dob", "sex": "sex",
                 "postcode": "postcode"}


def comparisons(fields: tuple[str, ...] = tuple(LEVELS), term_frequencies: bool = True) -> list:
    """The splink comparisons, one per field, with prior m probabilities."""
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl

    def with_priors(field, levels):
        out = [cll.NullLevel(FIELD_COLUMNS[field])]
        for creator, (label, _kind, m, u) in zip(levels, LEVELS[field], strict=True):
            creator.configure(m_probability=m, u_probability=u, label_for_charts=label)
            if term_frequencies and field in TF_FIELDS and label == "exact":
                creator.configure(tf_adjustment_column=FIELD_COLUMNS[field], tf_adjustment_weight=1.0,
                                  tf_minimum_u_value=TF_MINIMUM_U)
            out.append(creator)
        return cl.CustomComparison(comparison_levels=out, output_column_name=field)

    built = {
        "first_name": [
            cll.ExactMatchLevel("first_name"),
            names_swapped_level(),
            cll.JaroWinklerLevel("first_name", 0.92),
            cll.ArrayIntersectLevel("fn_canon", 1),
            cll.JaroWinklerLevel("first_name", 0.8),
            cll.CustomLevel("(length(first_name_l) = 1 or length(first_name_r) = 1) and fn_initial_l = fn_initial_r"),
            cll.ElseLevel(),
        ],
        "surname": [
            cll.ExactMatchLevel("surname"),
            names_swapped_level(),
            cll.JaroWinklerLevel("surname", 0.92),
            cll.ArrayIntersectLevel("surname_parts", 1),
            cll.JaroWinklerLevel("surname", 0.8),
            cll.ElseLevel(),
        ],
        "dob": [
            cll.ExactMatchLevel("dob"),
            cll.CustomLevel("dob_swapped_l = dob_r"),
            cll.DamerauLevenshteinLevel("dob", 1),
            cll.LevenshteinLevel("dob", 2),
            cll.AbsoluteDifferenceLevel("dob_days", 366),
            cll.ElseLevel(),
        ],
        "sex": [cll.ExactMatchLevel("sex"), cll.ElseLevel()],
        "postcode": [cll.ExactMatchLevel("postcode"), cll.ExactMatchLevel("pc_sector"),
                     cll.ExactMatchLevel("pc_district"), cll.ElseLevel()],
    }
    return [with_priors(f, built[f]) for f in fields]


# A pair where either side has no date of birth: the date rules cannot find it, so name-only rules apply to it.
NO_DOB = "(l.dob is null or r.dob is null)"


def blocking_rules() -> list:
    """Candidate pairs, so that a record meets its person with any one field missing or wrong, and with many pairs
    of fields wrong (ADR 0014, ADR 0032):

    - same date of birth (or with day and month swapped): both names wrong or missing;
    - same surname and birth year; same forename and birth year-month; same forename and birth month-day: one name
      wrong or missing and a slip in the date (day or month; day; year). (Forename and year alone would add a
      tenth to a national day's comparisons for the few records with a surname *and* a month wrong.)
    - same-sounding surname (Soundex) and initial, *only with part of the date or none* (ADR 0049): no date of
      birth on either side; the same day and month (a wrong year); the same year (a wrong day or month). One
      name exact and the other sounding alike (forename + Soundex surname, surname + Soundex forename): a wrong
      date of birth with one name misspelt. Same-sounding forename *and* surname (NYSIIS): a wrong or missing
      date of birth with both names misspelt. (Soundex and initial alone made 71% of a national day's
      comparisons, almost all between strangers; these narrower rules keep the same true pairs there with 58%
      fewer comparisons: benchmarks/people_blocking.py.)
    - same initial and postcode; same surname and postcode: a wrong forename with a wrong or missing date;
    - forename and surname typed the wrong way round: each sounds like the other's (Soundex, crosswise); or both
      initials crosswise and the same postcode.

    Each rule is narrow (two fields), so the pairs grow with the data's duplication, not with its size (splink's
    guidance, "Blocking rules for prediction")."""
    from splink import block_on

    return [
        block_on("dob"),
        "l.dob_swapped = r.dob",
        block_on("surname", "dob_year"),
        block_on("first_name", "dob_ym"),
        block_on("first_name", "dob_md"),
        f"l.surname_key = r.surname_key and l.fn_initial = r.fn_initial and {NO_DOB}",
        block_on("surname_key", "fn_initial", "dob_md"),
        block_on("surname_key", "fn_initial", "dob_year"),
        block_on("first_name", "surname_key"),
        block_on("surname", "fn_key"),
        block_on("fn_nysiis", "sn_nysiis"),
        block_on("fn_initial", "postcode"),
        block_on("surname", "postcode"),
        "l.surname_key = r.fn_key and l.fn_key = r.surname_key",
        "l.fn_initial = r.sn_initial and l.sn_initial = r.fn_initial and l.postcode = r.postcode",
    ]


def settings_creator(fields: tuple[str, ...] = tuple(LEVELS), prior: float = 1e-5, term_frequencies: bool = True):
    from splink import SettingsCreator

    return SettingsCreator(
        link_type="link_only",
        unique_id_column_name="unique_id",
        comparisons=comparisons(fields, term_frequencies),
        blocking_rules_to_generate_predictions=blocking_rules(),
        probability_two_random_records_match=prior,
        retain_matching_columns=True,
        retain_intermediate_calculation_columns=False,
        additional_columns_to_retain=["record_id"],
    )


@dataclass
class TrainingReport:
    left_rows: int
    right_rows: int
    prior: float
    em_sessions: int
    fields: tuple[str, ...]


def usable_fields(left: pd.DataFrame, right: pd.DataFrame) -> tuple[str, ...]:
    """Fields with some values on both sides: a field empty on one side carries no evidence and cannot train."""
    return tuple(f for f in LEVELS if left[FIELD_COLUMNS[f]].notna().any() and right[FIELD_COLUMNS[f]].notna().any())


def train(left: pd.DataFrame, right: pd.DataFrame, *, engine: str = "duckdb", seed: int = 42,
          max_pairs: float = 2e6) -> tuple[dict, TrainingReport]:
    """Train without labels. `left` are records to link (police people), `right` the register rows.

    u from random sampling; the prior match probability from strict rules (exact name and date of birth); m by EM
    blocked on date of birth (trains names, sex, postcode) and on full name (trains date of birth). A session that
    fails or gives nonsense keeps the priors: the model stays usable on any data (docs/person-linkage.md)."""
    from splink import Linker, block_on

    from .spark import db_api_for, register, settings_from_engine

    if left.empty:
        left = right.assign(unique_id="self-" + right["unique_id"].astype(str))
    fields = usable_fields(left, right)
    db_api = db_api_for(engine)
    sdf_l = register(db_api, left, "train_left")
    sdf_r = register(db_api, right, "train_right")
    small = min(len(left), len(right)) < MIN_ROWS_FOR_EM  # too few rows to estimate anything, name counts included
    linker = Linker([sdf_l, sdf_r], settings_creator(fields, term_frequencies=not small), log_level=logging.WARNING)
    if len(left) * len(right) >= MIN_PAIRS_FOR_U:
        linker.training.estimate_u_using_random_sampling(max_pairs=max_pairs, seed=seed)
    prior = _estimate_prior(linker, fields, len(left), len(right))
    linker._settings_obj._probability_two_random_records_match = prior
    sessions = 0
    self_linked = left["unique_id"].astype(str).str.startswith("self-").all()
    if not self_linked and min(len(left), len(right)) >= MIN_ROWS_FOR_EM:
        rules = []
        if "dob" in fields:
            rules.append(block_on("dob"))
        if {"first_name", "surname"} <= set(fields):
            rules.append(block_on("first_name", "surname"))
        for rule in rules:
            before = linker.misc.save_model_to_json()
            try:
                linker.training.estimate_parameters_using_expectation_maximisation(
                    rule, fix_probability_two_random_records_match=True)
                sessions += 1
            except Exception:  # noqa: BLE001 - EM can fail on odd data; keep the priors (logged, no data)
                logger.warning("EM session failed; keeping earlier parameters", exc_info=True)
                linker = Linker([sdf_l, sdf_r], before, log_level=logging.WARNING)
    for field in TF_FIELDS:
        if field in fields and not small:
            linker.table_management.compute_tf_table(FIELD_COLUMNS[field])
    model = settings_from_engine(linker.misc.save_model_to_json(), engine)
    _sanitise(model)
    model[TF_KEY] = {} if small else term_frequencies(linker, fields)
    return model, TrainingReport(len(left), len(right), prior, sessions, fields)


def term_frequencies(linker, fields) -> dict[str, dict[str, float]]:
    """Each name's share of all values in the training data (both sides), kept in the model file so that daily
    runs on a handful of records weigh names as the whole population does."""
    out = {}
    for field in TF_FIELDS:
        if field not in fields:
            continue
        col = FIELD_COLUMNS[field]
        df = linker.table_management.compute_tf_table(col).as_pandas_dataframe()
        out[col] = {str(v): float(t) for v, t in zip(df[col], df[f"tf_{col}"], strict=True) if v is not None}
    return out


def splink_settings(model: dict) -> dict:
    """The model without Divert's extra keys, as splink reads it."""
    return {k: v for k, v in model.items() if not k.startswith("divert_")}


def _estimate_prior(linker, fields, n_left: int, n_right: int) -> float:
    """The probability that a random left-right pair is a match, from pairs agreeing exactly on name and date of
    birth (assumed to find 60% of matches), bounded to a sane range."""
    floor = 1.0 / max(n_right * 50, 1)
    if not {"first_name", "surname", "dob"} <= set(fields) or min(n_left, n_right) < MIN_ROWS_FOR_EM:
        return max(floor, 0.1 / max(n_right, 1))
    from splink import block_on

    try:
        linker.training.estimate_probability_two_random_records_match(
            [block_on("first_name", "surname", "dob")], recall=0.6)
        prior = linker._settings_obj._probability_two_random_records_match
    except Exception:  # noqa: BLE001
        prior = 0.1 / max(n_right, 1)
    return float(min(max(prior, floor), 0.5 / max(1, min(n_left, n_right))))


def _sanitise(model: dict) -> None:
    """Keep trained parameters inside sane bounds so scoring never divides by zero or inverts a level's meaning.

    EM on real data can drive a rare level's m to zero (a level never seen among the pairs it thinks match), which
    would make that level absolute proof against a match. Each m is floored at a fifth of its prior and the m's
    renormalised; each u is floored at 1e-6; an exact agreement never counts against a match."""
    for comp in model["comparisons"]:
        field = comp["output_column_name"]
        priors = {label: (m, u) for label, _k, m, u in LEVELS.get(field, [])}
        levels = [lv for lv in comp["comparison_levels"] if not lv.get("is_null_level")]
        for level in levels:
            prior_m, prior_u = priors.get(level.get("label_for_charts"), (0.01, 0.01))
            m, u = level.get("m_probability"), level.get("u_probability")
            if m is None or not math.isfinite(m):
                m = prior_m
            if u is None or not math.isfinite(u):
                u = prior_u
            level["m_probability"], level["u_probability"] = max(m, prior_m / 5), max(u, 1e-6)
        total = sum(lv["m_probability"] for lv in levels) or 1.0
        for level in levels:
            level["m_probability"] /= total
        if levels and levels[0]["m_probability"] < levels[0]["u_probability"]:
            levels[0]["m_probability"] = min(0.99, levels[0]["u_probability"] * 10)
    _count_swap_once(model)


def _count_swap_once(model: dict) -> None:
    """Names typed the wrong way round are one event, seen by both name comparisons (their "swapped" levels test the
    same condition). Counted in both, its weight would be squared, and a swapped name would outweigh a date of
    birth decades apart. The forename comparison carries the evidence (its m and u are the event's); the surname's
    swapped level is made neutral (m = u, Bayes factor 1)."""
    for comp in model["comparisons"]:
        if comp["output_column_name"] != "surname":
            continue
        for level in comp["comparison_levels"]:
            if level.get("label_for_charts") == "swapped with forename":
                level["m_probability"] = level["u_probability"]


# --- versioned model files ---

def model_dir() -> Path:
    from django.conf import settings

    path = Path(cast(Path, settings.DIVERT["MODEL_DIR"]))  # DIVERT is a dict of mixed values
    path.mkdir(parents=True, exist_ok=True)
    return path


def save(model: dict, report: TrainingReport | None = None, *, directory: Path | None = None,
         now: dt.datetime | None = None) -> Path:
    """Write a versioned model file and point `people-current` at it. Returns the file's path."""
    directory = directory or model_dir()
    directory.mkdir(parents=True, exist_ok=True)
    now = now or dt.datetime.now(dt.UTC)
    version = now.strftime("%Y%m%d-%H%M%S")
    path = directory / f"{MODEL_PREFIX}{version}.json"
    n = 1
    while path.exists():
        n += 1
        path = directory / f"{MODEL_PREFIX}{version}-{n}.json"
    meta: dict[str, object] = {"version": path.stem.removeprefix(MODEL_PREFIX), "trained_at": now.isoformat(),
                               "splink": _splink_version()}
    if report:
        meta.update(left_rows=report.left_rows, right_rows=report.right_rows, prior=report.prior,
                    em_sessions=report.em_sessions, fields=list(report.fields))
    if model.get(PLACEMENT_KEY):
        meta["placement"] = model[PLACEMENT_KEY]
    if model.get(ROLE_KEY):
        meta["role"] = model[ROLE_KEY]
    path.write_text(json.dumps({"divert": meta, "splink": model}, indent=1), encoding="utf-8")
    (directory / CURRENT_POINTER).write_text(path.name, encoding="utf-8")
    return path


def load(path: Path | None = None, *, directory: Path | None = None) -> tuple[dict, dict] | None:
    """(splink settings, metadata) of the given or current model; None when no model has been saved."""
    if path is None:
        directory = directory or model_dir()
        pointer = directory / CURRENT_POINTER
        if not pointer.exists():
            return None
        path = directory / pointer.read_text(encoding="utf-8").strip()
        if not path.exists():
            return None
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return data["splink"], data.get("divert", {})


def compatible(model: dict) -> bool:
    """Whether a saved model has this code's comparisons and levels (same labels, same order). Gamma values are
    read through LEVELS, so a model saved before a level was added must be retrained, not reinterpreted."""
    for comp in model.get("comparisons", []):
        field = comp.get("output_column_name")
        labels = [lv.get("label_for_charts") for lv in comp.get("comparison_levels", []) if not lv.get("is_null_level")]
        if field not in LEVELS or labels != [label for label, _k, _m, _u in LEVELS[field]]:
            return False
    return True


def label(meta: dict) -> str:
    return f"splink people model {meta.get('version', 'unsaved')}"


def _splink_version() -> str:
    import splink

    return splink.__version__
