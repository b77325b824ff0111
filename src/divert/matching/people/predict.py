"""Score new records against the register with a saved model (incremental linkage).

Each run scores only the records given (today's new police records) against the register rows (children and one
row per alias) with splink's `predict_between`, so the register is never re-linked to itself. Alias rows map back
to their child: a child's score is its best row's score.
"""

import logging

import pandas as pd

from .model import LEVELS, TF_FIELDS, TF_KEY, blocking_rules, splink_settings
from .spark import db_api_for, register, settings_for_engine

GAMMA_COLUMNS = [f"gamma_{f}" for f in LEVELS]
EXTRA_COLUMNS = ["left_first_name", "left_surname", "left_dob", "right_first_name", "right_surname", "right_dob",
                 "right_dob_swapped", "match_weight", "name_weight", "dob_weight", "postcode_weight"]


PLACED_AT = "placed_at"  # blocking column of the placement candidates (left: children placed; right: its child)


def score_pairs(left: pd.DataFrame, right: pd.DataFrame, model: dict, *, engine: str = "duckdb",
                floor: float = 0.01, placed: dict[str, list[str]] | None = None) -> pd.DataFrame:
    """Scored candidate pairs (match probability at least `floor`): left_id, right_id (record ids), probability,
    one gamma column per field (-1 = no evidence, else the level from least to most specific), and what the
    name-population evidence needs (people/population.py): the left record's cleaned names and date of birth,
    the right record's cleaned names (for names written the wrong way round) and dates of birth, and splink's log2
    weights (total, both names, date of birth, postcode).

    Candidates are the code's rules (`model.blocking_rules()`, not those saved with the model: rules choose which
    pairs are scored, they are not parameters). `placed` (left unique_id -> register record ids) adds placement
    candidates (ADR 0049): a record at a children's home is compared with every child placed there on its date,
    whatever its names and date of birth say."""
    columns = ["left_id", "right_id", "match_probability", *GAMMA_COLUMNS, *EXTRA_COLUMNS]
    if left.empty or right.empty:
        return pd.DataFrame(columns=columns)
    from splink import Linker

    rules = blocking_rules()
    if placed:
        left, right, rule = _with_placement_candidates(left, right, placed)
        rules.append(rule)
    db_api = db_api_for(engine)
    sdf_l = register(db_api, left, "people_left")
    sdf_r = register(db_api, right, "people_right")
    settings = settings_for_engine({**splink_settings(model), "retain_intermediate_calculation_columns": True},
                                   engine)
    linker = Linker([sdf_l, sdf_r], settings, log_level=logging.WARNING, validate_settings=False)
    _register_term_frequencies(linker, db_api, model)
    result = linker.inference.predict_between(sdf_l, sdf_r, blocking_rules_to_generate_predictions=rules,
                                              threshold_match_probability=floor, warning_mode="never")
    df = _read_result(result)
    if df.empty:
        return pd.DataFrame(columns=columns)
    # A pair's left record is whichever side came from the left table.
    left_is_l = df["source_dataset_l"] == sdf_l.templated_name if "source_dataset_l" in df else True
    out = pd.DataFrame({
        "left_id": df["record_id_l"].where(left_is_l, df["record_id_r"]).astype(str),
        "right_id": df["record_id_r"].where(left_is_l, df["record_id_l"]).astype(str),
        "match_probability": df["match_probability"].astype(float),
    })
    for col in GAMMA_COLUMNS:
        out[col] = df[col].astype(int) if col in df else -1

    def side(column: str, left: bool):
        if f"{column}_l" not in df:
            return pd.Series([None] * len(df), index=df.index, dtype=object)
        a, b = (df[f"{column}_l"], df[f"{column}_r"]) if left else (df[f"{column}_r"], df[f"{column}_l"])
        return a.where(left_is_l, b).astype(object).where(lambda s: s.notna(), None)

    out["left_first_name"], out["left_surname"] = side("first_name", True), side("surname", True)
    out["right_first_name"], out["right_surname"] = side("first_name", False), side("surname", False)
    out["left_dob"], out["right_dob"] = side("dob", True), side("dob", False)
    out["right_dob_swapped"] = side("dob_swapped", False)
    out["match_weight"] = df["match_weight"].astype(float)
    out["name_weight"] = sum(_weight(df, c) for c in ("mw_first_name", "mw_tf_adj_first_name", "mw_surname",
                                                        "mw_tf_adj_surname"))
    out["dob_weight"] = _weight(df, "mw_dob")
    out["postcode_weight"] = _weight(df, "mw_postcode")
    return out


# splink's prediction columns read below: the pair's ids and side, its probability and weights, the gamma of each
# field and the few matching columns the name population needs. A prediction also holds every other matching
# column of both sides (their name keys and name lists among them), which would be turned into Python objects for
# nothing.
RESULT_COLUMNS = frozenset({
    "source_dataset_l", "record_id_l", "record_id_r", "match_probability", "match_weight", *GAMMA_COLUMNS,
    *(f"{c}_{s}" for c in ("first_name", "surname", "dob", "dob_swapped") for s in "lr"),
    "mw_first_name", "mw_tf_adj_first_name", "mw_surname", "mw_tf_adj_surname", "mw_dob", "mw_postcode",
})


def _read_result(result) -> pd.DataFrame:
    """The prediction as a pandas frame with the RESULT_COLUMNS it has (on DuckDB only those are read; on Spark
    every column, as before)."""
    if type(result.db_api).__name__ != "DuckDBAPI":
        return result.as_pandas_dataframe()
    relation = result.as_duckdbpyrelation()
    wanted = [c for c in relation.columns if c in RESULT_COLUMNS]
    return relation.project(", ".join(f'"{c}"' for c in wanted)).df()


def _with_placement_candidates(left: pd.DataFrame, right: pd.DataFrame, placed: dict[str, list[str]]):
    """Both frames with a `placed_at` array column and the rule that joins on it: a left row's array holds the
    register record ids placed at its home on its date, a right row's its own record id; splink explodes both."""
    from splink import block_on

    left = left.copy()
    right = right.copy()
    left[PLACED_AT] = [sorted(placed[u]) if placed.get(u) else None for u in left["unique_id"]]
    right[PLACED_AT] = [[str(r)] for r in right["record_id"]]
    return left, right, block_on(PLACED_AT, arrays_to_explode=[PLACED_AT])


def _weight(df: pd.DataFrame, column: str) -> pd.Series:
    """A log2 weight column of splink's output (0 where the comparison or its adjustment is absent)."""
    if column not in df:
        return pd.Series(0.0, index=df.index)
    return df[column].astype(float).fillna(0.0)


def _register_term_frequencies(linker, db_api, model: dict) -> None:
    """Name frequencies saved with the model (else computed from the records at hand) for predict_between."""
    saved = model.get(TF_KEY) or {}
    used = {lv.get("tf_adjustment_column") for c in model["comparisons"] for lv in c["comparison_levels"]}
    for field in TF_FIELDS:
        if field not in used:
            continue
        table = saved.get(field)
        if table:
            df = pd.DataFrame({field: list(table), f"tf_{field}": list(table.values())})
            sdf = register(db_api, df, f"tf_lookup_{field}")
            linker.table_management.register_term_frequency_lookup(sdf, field)
        else:
            linker.table_management.compute_tf_table(field)


def best_per_target(pairs: pd.DataFrame) -> pd.DataFrame:
    """One row per (left record, right record): the best-scoring row (a child's alias rows collapse to one), in
    an order that does not depend on the engine's: by left record, best first, ties by right record."""
    if pairs.empty:
        return pairs
    ordered = pairs.sort_values(["left_id", "match_probability", "right_id"], ascending=[True, False, True],
                                kind="stable")
    return ordered.drop_duplicates(["left_id", "right_id"], keep="first").reset_index(drop=True)


def field_evidence(row) -> dict:
    """What each field said for one scored pair: level label and whether it agrees, for audit and the review
    page's highlighting. No personal data: labels only."""
    fields, agree, disagree = {}, [], []
    for field, levels in LEVELS.items():
        gamma = int(row.get(f"gamma_{field}", -1)) if row.get(f"gamma_{field}") is not None else -1
        if gamma < 0 or gamma >= len(levels):
            fields[field] = {"level": "missing", "kind": "missing"}
            continue
        label, kind, _m, _u = levels[len(levels) - 1 - gamma]
        fields[field] = {"level": label, "kind": kind}
        if kind == "agree":
            agree.append(field)
        elif kind == "disagree":
            disagree.append(field)
    return {"fields": fields, "agree": agree, "disagree": disagree}
