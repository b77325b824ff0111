"""Batch mode: link people and match addresses for a whole period (a month, a year) in chunks.

The daily pipeline scores one day's new records; a region starting with Divert, or re-running a year, has months of
records at once. `link_people_period` and `match_addresses_period` split the period into chunks of `chunk_days`
(a week by default) and, for each chunk, score its records in one pass over the register with the same scoring as
the daily run (people_pipeline.link_records, address_pipeline.match_incidents): the register, the model and the
homes matcher are read once for the whole run, not once per day.

Resumable: each chunk's links and its BatchChunk row are written in one transaction, so a run that is killed (or
fails) leaves whole chunks behind it; run it again with the same period and it skips the finished chunks and writes
each link once. Bounded memory: a chunk's records are read, scored and written before the next is read; DuckDB
spills its joins to `temp_directory` beyond `memory_limit` (docs/runbooks/national.md).
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from divert.police.models import LinkStatus

from .models import BatchChunk, SubjectType

DATE_FIELDS: dict[str, str] = {SubjectType.INVOLVEMENT: "incident__reported_at", SubjectType.CUSTODY: "arrested_at",
               SubjectType.MISSING_REPORT: "reported_missing_at"}


@dataclass(frozen=True)
class Chunk:
    starts_on: dt.date
    ends_on: dt.date  # inclusive

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        """The chunk as local-time datetimes [start, end): usable with the date columns' indexes."""
        tz = timezone.get_current_timezone()
        start = timezone.make_aware(dt.datetime.combine(self.starts_on, dt.time.min), tz)
        end = timezone.make_aware(dt.datetime.combine(self.ends_on + dt.timedelta(days=1), dt.time.min), tz)
        return start, end


def chunks(since: dt.date, until: dt.date, days: int) -> list[Chunk]:
    """[since, until] in consecutive chunks of `days` days (the last may be shorter)."""
    if until < since:
        raise ValueError("the period ends before it starts")
    if days < 1:
        raise ValueError("a chunk is at least one day")
    out, start = [], since
    while start <= until:
        end = min(until, start + dt.timedelta(days=days - 1))
        out.append(Chunk(start, end))
        start = end + dt.timedelta(days=1)
    return out


Progress = Callable[[int, int, dict], None]  # (chunks done, chunks in all, that chunk's counts)


def _run_key(since: dt.date, until: dt.date, days: int, *options: str) -> str:
    return ":".join([since.isoformat(), until.isoformat(), str(days), *options])[:200]


def _pending(step: str, run_key: str, all_chunks: list[Chunk], restart: bool) -> tuple[list[Chunk], int]:
    done_rows = BatchChunk.objects.filter(step=step, run_key=run_key)
    if restart:
        done_rows.delete()
        return all_chunks, 0
    done = set(done_rows.values_list("starts_on", flat=True))
    return [c for c in all_chunks if c.starts_on not in done], len(done)


@contextmanager
def duckdb_limits(memory_limit: str | None, temp_directory: str | None) -> Iterator[None]:
    """DuckDB connections made inside use at most `memory_limit` (e.g. "3GB") and spill to `temp_directory`
    (people/spark.py `db_api_for` reads these settings)."""
    saved = {k: os.environ.get(k) for k in ("DIVERT_DUCKDB_MEMORY_LIMIT", "DIVERT_DUCKDB_TEMP_DIRECTORY")}
    try:
        if memory_limit:
            os.environ["DIVERT_DUCKDB_MEMORY_LIMIT"] = memory_limit
        if temp_directory:
            os.makedirs(temp_directory, exist_ok=True)
            os.environ["DIVERT_DUCKDB_TEMP_DIRECTORY"] = temp_directory
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _add(total: dict, counts: dict) -> None:
    for k, v in counts.items():
        if isinstance(v, dict):
            _add(total.setdefault(k, {}), v)
        elif isinstance(v, int | float) and not isinstance(v, bool):
            total[k] = total.get(k, 0) + v


def link_people_period(*, since: dt.date, until: dt.date, chunk_days: int = 7, engine: str = "duckdb",
                       statuses=(LinkStatus.UNMATCHED,), restart: bool = False, memory_limit: str | None = None,
                       temp_directory: str | None = None, progress: Progress = lambda _d, _t, _c: None,
                       message: Callable[[str], None] = lambda _m: None) -> dict:
    """Link the police person records dated in [since, until], chunk by chunk (module docstring). Returns the
    totals: records, chunks run and skipped (already finished), outcomes per subject type."""
    from . import people_pipeline
    from .people.records import SUBJECTS, left_frame, subject_queryset

    all_chunks = chunks(since, until, chunk_days)
    run_key = _run_key(since, until, chunk_days, "people", engine, *sorted(str(s) for s in statuses))
    pending, skipped = _pending("people", run_key, all_chunks, restart)
    totals: dict = {"chunks": len(all_chunks), "chunks_skipped": skipped, "records": 0}
    progress(skipped, len(all_chunks), {})
    if not pending:
        return totals
    with duckdb_limits(memory_limit, temp_directory):
        message("reading the register and the model")
        prepared = people_pipeline.prepare(engine=engine, progress=message)
        if prepared is None:
            totals["register"] = 0
            return totals
        for n, chunk in enumerate(pending, start=skipped + 1):
            started = time.monotonic()
            start, end = chunk.bounds()
            querysets = {st: subject_queryset(st, statuses=statuses).filter(
                **{f"{DATE_FIELDS[st]}__gte": start, f"{DATE_FIELDS[st]}__lt": end}) for st in SUBJECTS}
            with transaction.atomic():
                left = left_frame(querysets)
                counts: dict = {"records": len(left)}
                if not left.empty:
                    counts.update(people_pipeline.link_records(left, querysets, prepared, engine=engine,
                                                               progress=message))
                BatchChunk.objects.create(step="people", run_key=run_key, starts_on=chunk.starts_on,
                                          ends_on=chunk.ends_on, records=len(left), counts=_jsonable(counts),
                                          seconds=round(time.monotonic() - started, 2))
            _add(totals, counts)
            progress(n, len(all_chunks), counts)
    totals["model"] = prepared.meta.get("version", "")
    return totals


def match_addresses_period(*, since: dt.date, until: dt.date, chunk_days: int = 7, restart: bool = False,
                           progress: Progress = lambda _d, _t, _c: None,
                           message: Callable[[str], None] = lambda _m: None) -> dict:
    """Match the locations of the incidents reported in [since, until] to homes, chunk by chunk, with one homes
    matcher for the whole run (address_pipeline.match_incidents). Returns the totals."""
    from divert.registers.models import Home

    from . import address_pipeline

    all_chunks = chunks(since, until, chunk_days)
    run_key = _run_key(since, until, chunk_days, "addresses")
    pending, skipped = _pending("addresses", run_key, all_chunks, restart)
    totals: dict = {"chunks": len(all_chunks), "chunks_skipped": skipped}
    progress(skipped, len(all_chunks), {})
    if not pending:
        return totals
    if not Home.objects.exists():
        totals["homes"] = 0
        return totals
    message("reading the homes register")
    matcher = address_pipeline.homes_matcher()
    for n, chunk in enumerate(pending, start=skipped + 1):
        started = time.monotonic()
        start, end = chunk.bounds()
        with transaction.atomic():
            counts = address_pipeline.match_incidents(matcher, reported_from=start, reported_before=end)
            BatchChunk.objects.create(step="addresses", run_key=run_key, starts_on=chunk.starts_on,
                                      ends_on=chunk.ends_on, records=sum(counts.values()), counts=_jsonable(counts),
                                      seconds=round(time.monotonic() - started, 2))
        _add(totals, {f"incidents_{k}": v for k, v in counts.items()})
        progress(n, len(all_chunks), counts)
    totals["homes"] = len(matcher.canonical)
    return totals


def _jsonable(counts: dict) -> dict:
    return {str(k): (_jsonable(v) if isinstance(v, dict) else v) for k, v in counts.items()
            if isinstance(v, dict | int | float | str)}
