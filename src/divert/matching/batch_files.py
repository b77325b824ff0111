"""Batch mode for the generic people command: `divert link people --chunk-rows N` on a file too big for memory.

The left file is read `chunk_rows` rows at a time; each chunk is normalised, scored against the right file in one
pass with the same scoring and decisions as `link_files` (people/generic.py: identical records scored once,
splink, the name population - here the chunk's own records - and decide; `--care-register` as there), and its
rows appended to the output. The model is trained once, on the first chunk (all its records), unless `--model` is
given, and saved beside the output so a resumed run uses the same model.

Resumable: after each chunk the output is flushed and `OUT.checkpoint.json` records how many chunks and bytes are
done. Run the same command again and it truncates the output to the last finished chunk and carries on, so every
left row is written once. Left ids are expected to be unique (as in the generic format's police files).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pandas as pd

from divert.core.spreadsheets import csv_writer

from .batch import duckdb_limits
from .people import model as people_model
from .people.decide import Thresholds, twins_in
from .people.generic import (
    OUTPUT,
    InputError,
    read_people,
    score_and_decide,
    standard_columns,
    to_frame,
    write_decisions,
)

Progress = Callable[[int, int], None]  # (chunks done, left rows done)


def _left_chunks(path: Path, chunk_rows: int) -> Iterator[pd.DataFrame]:
    """The left file (CSV) in chunks with the standard columns, as read_people gives them."""
    encoding = "utf-8-sig"
    try:  # the whole file, in blocks: a Windows-1252 byte deep in a national file must not stop the run half-way
        with open(path, encoding=encoding) as fh:
            while fh.read(1 << 24):
                pass
    except UnicodeDecodeError:
        encoding = "cp1252"
    reader = pd.read_csv(path, dtype=str, keep_default_na=False, encoding=encoding, chunksize=chunk_rows)
    for df in reader:
        yield standard_columns(df, path).reset_index(drop=True)


def _checkpoint_path(out: Path) -> Path:
    return out.with_name(out.name + ".checkpoint.json")


def _signature(left: Path, right: Path, chunk_rows: int, model_path: Path | None, thresholds: Thresholds) -> dict:
    st_l, st_r = left.stat(), right.stat()
    return {"left": str(left.resolve()), "left_size": st_l.st_size, "left_mtime": int(st_l.st_mtime),
            "right": str(right.resolve()), "right_size": st_r.st_size, "chunk_rows": chunk_rows,
            "model": str(model_path) if model_path else "", "auto": thresholds.auto, "floor": thresholds.floor}


def link_people_files(left_path: Path, right_path: Path, out_path: Path, *, chunk_rows: int = 500_000,
                      engine: str = "duckdb", model_path: Path | None = None, thresholds: Thresholds | None = None,
                      restart: bool = False, memory_limit: str | None = None, temp_directory: str | None = None,
                      care_register: bool = False, progress: Progress = lambda _c, _r: None) -> dict:
    """Link a large left file to the right file chunk by chunk (module docstring). Returns counts only."""
    left_path, right_path, out_path = Path(left_path), Path(right_path), Path(out_path)
    thresholds = thresholds or Thresholds()
    if not left_path.exists():
        raise InputError(f"{left_path}: no such file")
    if left_path.suffix.lower() in (".xlsx", ".xlsm"):
        raise InputError(f"{left_path}: batch mode reads CSV (save the sheet as CSV, or run without --chunk-rows)")
    right_raw = read_people(right_path)
    right = to_frame(right_raw, "r")
    checkpoint = _checkpoint_path(out_path)
    signature = _signature(left_path, right_path, chunk_rows, model_path, thresholds)
    if care_register:  # another option, another run (a checkpoint of a run without it does not resume this one)
        signature["care_register"] = True
    state: dict = {}
    if checkpoint.exists() and not restart:
        state = json.loads(checkpoint.read_text(encoding="utf-8"))
        if state.get("signature") != signature:
            raise InputError(f"{checkpoint}: left from a run on other files or options; run with --restart to "
                             "start again")
    done_chunks = int(state.get("chunks", 0))
    counts = state.get("counts", {"linked": 0, "review": 0, "none": 0, "left": 0})
    model_file = Path(state["model_file"]) if state.get("model_file") else model_path
    model = None
    if model_file:
        loaded = people_model.load(Path(model_file))
        model = loaded[0] if loaded else None
        if model is None or not people_model.compatible(model):
            raise InputError(f"{model_file}: not a model this version of Divert can use: train a new one, or run "
                             "without --model")
    out_path.parent.mkdir(parents=True, exist_ok=True)
    twins = twins_in(right)
    with duckdb_limits(memory_limit, temp_directory), open(out_path, "a+b" if done_chunks else "wb") as raw:
        if done_chunks:
            raw.truncate(int(state["bytes"]))  # drop what a killed run wrote after its last finished chunk
            raw.seek(0, os.SEEK_END)
        else:
            raw.write((",".join(OUTPUT) + "\r\n").encode("utf-8"))
        for k, chunk in enumerate(_left_chunks(left_path, chunk_rows)):
            if k < done_chunks:
                continue
            left = to_frame(chunk, f"l{k}-")
            if model is None:  # trained once, on the first chunk, and kept for a resumed run
                model, report = people_model.train(left, right, engine=engine)
                model_file = people_model.save(model, report, directory=out_path.parent / (out_path.name + ".model"))
            lines = _link_chunk(chunk, left, right, model, thresholds, twins, engine, counts,
                                int(right_raw["id"].nunique()), care_register)
            raw.write(lines.encode("utf-8"))
            raw.flush()
            os.fsync(raw.fileno())
            counts["left"] += len(chunk)
            _save_state(checkpoint, {"signature": signature, "chunks": k + 1, "bytes": raw.tell(), "counts": counts,
                                     "model_file": str(model_file) if model_file else ""})
            progress(k + 1, counts["left"])
    return {**counts, "right": int(right_raw["id"].nunique()), "chunks_skipped": done_chunks}


def _link_chunk(raw: pd.DataFrame, left: pd.DataFrame, right: pd.DataFrame, model: dict, thresholds: Thresholds,
                twins: set[str], engine: str, counts: dict, register_people: int, care_register: bool) -> str:
    """One chunk's output lines, scored and decided as link_files does (the same steps, people/generic.py)."""
    import io

    result = score_and_decide(raw, left, right, model, thresholds, twins=twins, engine=engine,
                              register_people=register_people, care_register=care_register)
    counts["scored"] = counts.get("scored", 0) + result.scored
    counts["not_eligible"] = counts.get("not_eligible", 0) + result.not_eligible
    buffer = io.StringIO(newline="")
    write_decisions(csv_writer(buffer), result, counts)
    return buffer.getvalue()


def _save_state(path: Path, state: dict) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(state, sort_keys=True), encoding="utf-8")
    os.replace(tmp, path)
