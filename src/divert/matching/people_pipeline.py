"""Pipeline step: link people in police records to children in care (Divert product decision).

`run(*, today)` takes every involvement, custody record and missing report still `unmatched`, scores it against
the register with the current model (training and saving one first if none exists, or if the saved one predates
this version's comparisons), re-weighs each pair with the evidence from beyond the pair - the other police records
of the same name (people/population.py), whether the child was placed at the record's home (people/placement.py)
and the record's role (people/role.py) - decides link / review / none with the thresholds in settings, and writes
the results through `record_machine_links`, with per-field evidence for the audit trail and the review page.
People's decisions win: subjects a person decided are skipped and rejected pairs never come back
(divert.matching.actions).
"""

import datetime as dt
import logging
import time
from dataclasses import dataclass

import pandas as pd

from divert.police.models import LinkStatus

from .actions import Candidate, LinkResult, record_machine_links
from .models import SubjectType
from .people import model as people_model
from .people import placement, population, role
from .people.decide import Thresholds, decide, twins_in
from .people.predict import best_per_target, field_evidence, score_pairs
from .people.records import (
    SUBJECTS,
    left_contexts,
    left_frame,
    left_roles,
    placement_index,
    police_name_population,
    register_frame,
    split_left_key,
    subject_queryset,
)

logger = logging.getLogger(__name__)
METHOD = "splink"
TRAINING_SAMPLE = 50_000


def train_and_save(*, engine: str = "duckdb", register=None):
    """Train a model on the register and a sample of police person records, estimate the record-level evidence
    (placement, role) and save it as the current model."""
    register = register_frame() if register is None else register
    per_type = TRAINING_SAMPLE // len(SUBJECTS)
    everything = {st: subject_queryset(st, statuses=None) for st in SUBJECTS}
    sample = left_frame(everything, limit=per_type)
    model, report = people_model.train(sample, register, engine=engine)
    _estimate_record_evidence(model, sample, register, left_contexts(everything), left_roles(everything), engine)
    path = people_model.save(model, report)
    logger.info("trained person model %s (left %d, right %d rows)", path.name, report.left_rows, report.right_rows)
    return people_model.load(path)


def _estimate_record_evidence(model: dict, left, register, contexts: dict, roles: dict, engine: str,
                              missing_only: bool = False) -> bool:
    """Estimate the placement and role evidence (m and u, no labels) from confident links among `left` (u from
    all of `contexts` and `roles`) and store them in the model dict; with `missing_only`, only those the model
    lacks. True when some evidence the model lacked could be estimated."""
    want_placement = bool(contexts) and not (missing_only and placement.params(model))
    want_role = bool(roles) and not (missing_only and role.params(model))
    if not (want_placement or want_role):
        return False
    scored = score_pairs(left, register, model, engine=engine, floor=placement.CONFIDENT)
    found = False
    if want_placement:
        found |= _set_placement(model, scored, contexts, placement_index())
    if want_role:
        params = role.estimate(scored, roles)
        model[role.KEY] = params or {"version": role.VERSION, "m": None, "u": None}
        found |= params is not None
    return found


def run(*, today: dt.date | None = None, engine: str = "duckdb", since: dt.date | None = None,
        statuses=(LinkStatus.UNMATCHED,), progress=lambda _msg: None, use_placement: bool = True,
        use_population: bool = True, use_role: bool = True) -> dict[str, object]:
    """Link every unmatched person record. Returns counts per subject type and outcome, and timings.
    `use_placement`, `use_population`, `use_role` = False score without that evidence (the benchmarks' "before"
    figures)."""
    started = time.monotonic()
    querysets = {st: subject_queryset(st, statuses=statuses, since=since) for st in SUBJECTS}
    progress("reading records")
    left = left_frame(querysets)
    counts: dict[str, object] = {"records": len(left)}
    if left.empty:
        return counts
    prepared = prepare(engine=engine, progress=progress)
    if prepared is None:
        counts["register"] = 0
        return counts
    progress("scoring candidates")
    counts.update(link_records(left, querysets, prepared, engine=engine, progress=progress,
                               use_placement=use_placement, use_population=use_population, use_role=use_role))
    counts["seconds"] = round(time.monotonic() - started, 2)
    counts["model"] = prepared.meta.get("version", "")
    return counts


@dataclass
class Prepared:
    """What every chunk of records is scored against: the register frame, the current model, the thresholds and
    (read once, when asked for) the police name population."""

    register: pd.DataFrame
    model: dict
    meta: dict
    thresholds: Thresholds
    names: population.NamePopulation | None = None
    names_read: bool = False


def prepare(*, engine: str = "duckdb", progress=lambda _msg: None) -> Prepared | None:
    """Read the register and load the current model (training and saving one first if none exists, or if the
    saved one predates this version's comparisons). None when the register is empty."""
    register = register_frame()
    if register.empty:
        return None
    loaded = people_model.load()
    if loaded is None or not people_model.compatible(loaded[0]):
        progress("training a model (none saved yet, or the saved one predates this version's comparisons)")
        loaded = train_and_save(engine=engine, register=register)
    model, meta = loaded
    return Prepared(register, model, meta, Thresholds.from_settings())


def link_records(left, querysets: dict, prepared: Prepared, *, engine: str = "duckdb", progress=lambda _msg: None,
                 use_placement: bool = True, use_population: bool = True, use_role: bool = True
                 ) -> dict[str, object]:
    """Score `left` (the records of `querysets`) against the register, decide, and write the links. Updates
    `prepared` when evidence missing from the saved model was estimated (a new model version)."""
    if use_population and not prepared.names_read:
        prepared.names, prepared.names_read = police_name_population(), True
    pairs, prepared.model, prepared.meta, extra = _score(
        left, prepared.register, prepared.model, prepared.meta, querysets, prepared.thresholds, engine,
        use_placement=use_placement, names=prepared.names if use_population else None, use_role=use_role)
    decisions = decide(pairs, prepared.thresholds, left_ids=left["unique_id"], twins=twins_in(prepared.register))
    progress("writing links")
    model, meta = prepared.model, prepared.meta
    results: dict[str, list[LinkResult]] = {st: [] for st in SUBJECTS}
    for d in decisions:
        subject_type, pk = split_left_key(d.left_id)
        cands = [_candidate(c, meta, d.reason, model) for c in d.candidates]
        best = _candidate(d.best, meta, d.reason, model) if d.best else None
        results[subject_type].append(LinkResult(subject_id=pk, outcome=d.outcome, best=best, method=METHOD,
                                                candidates=cands))
    label = people_model.label(meta)
    counts: dict[str, object] = {}
    for subject_type, items in results.items():
        if items:
            counts[str(subject_type)] = record_machine_links(subject_type=subject_type, results=items, label=label)
    counts.update(extra)
    return counts


def _score(left, register, model: dict, meta: dict, querysets: dict, thresholds: Thresholds, engine: str, *,
           use_placement: bool, names: population.NamePopulation | None, use_role: bool):
    """Score the records against the register with every evidence: splink, then the name population, placement
    and role. Returns the best pair per (record, child) at or above the review floor, the model and metadata
    (a new version when evidence missing from the saved model was estimated now) and counts for the report."""
    contexts = left_contexts(querysets) if use_placement else {}
    index = placement_index() if contexts else None
    roles = left_roles(querysets) if use_role else {}
    if (contexts and not placement.params(model)) or (roles and not role.params(model)):
        # A model saved before this evidence existed (or before there was data to estimate it from): estimate it
        # now and, if that worked, save it as a new version.
        everything = {st: subject_queryset(st, statuses=None) for st in SUBJECTS}
        if _estimate_record_evidence(model, left, register, left_contexts(everything) if contexts else {},
                                     left_roles(everything) if roles else {}, engine, missing_only=True):
            path = people_model.save(model, _report_from(meta))
            reloaded = people_model.load(path)
            assert reloaded is not None, "load() returns None only when it looks for the current model"
            model, meta = reloaded
    # Score down to the lowest splink probability that the evidence applied afterwards could lift to the floor.
    floor = thresholds.floor
    if contexts:
        floor = placement.min_probability_to_reach(floor, model)
    if roles:
        floor = placement.adjust_probability(floor, 1 / role.max_factor(model))
    if names:
        floor = min(floor, population.SCORING_FLOOR)
    # Placement candidates (ADR 0049): a record at a home is compared with every child placed there that day.
    placed = placement.placed_candidates(contexts, index) if contexts and index is not None else None
    pairs = score_pairs(left, register, model, engine=engine, floor=floor, placed=placed)
    pairs = population.apply(pairs, model, names)
    if use_placement:
        pairs = placement.apply(pairs, contexts, index, model)
    pairs = role.apply(pairs, roles, model)
    pairs = best_per_target(pairs[pairs["match_probability"] >= thresholds.floor])
    return pairs, model, meta, {"placement_records": len(contexts), "names_in_population": len(names or ())}


def _set_placement(model: dict, scored, contexts: dict, index) -> bool:
    """Estimate the placement evidence's m and u (people/placement.py) and store them in the model dict."""
    params = placement.estimate(scored, contexts, index) if index is not None else None
    model[placement.KEY] = params or {"version": placement.VERSION, "m": None, "u": None}
    return params is not None


def _report_from(meta: dict):
    if "left_rows" not in meta:
        return None
    return people_model.TrainingReport(meta["left_rows"], meta["right_rows"], meta.get("prior", 0.0),
                                       meta.get("em_sessions", 0), tuple(meta.get("fields", ())))


def _candidate(row: dict, meta: dict, reason: str, model: dict | None = None) -> Candidate:
    evidence = field_evidence(row)
    if model is not None and row.get(placement.GAMMA) is not None:
        evidence["placement"] = placement.evidence(int(row[placement.GAMMA]), model,
                                                   bool(row.get(placement.REPLACES_POSTCODE)))
    if row.get("splink_probability") is not None:
        evidence["splink_probability"] = round(float(row["splink_probability"]), 6)
    names = population.evidence(row)
    if names:
        evidence["name_population"] = names
    if model is not None and row.get(role.COLUMN) not in (None, 1.0):
        evidence["role"] = {"bayes_factor": round(float(row[role.COLUMN]), 4)}
    evidence.update(model=meta.get("version", ""), reason=reason, probability=round(float(row["match_probability"]), 6))
    return Candidate(target_id=int(row["right_id"]), score=float(row["match_probability"]), evidence=evidence)


__all__ = ["run", "train_and_save", "SubjectType"]
