"""The batch-mode options and progress bar shared by `divert link records` and `divert match incidents`."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import CommandError


def add_batch_arguments(parser, *, memory: bool = True) -> None:
    parser.add_argument("--until", type=dt.date.fromisoformat,
                        help="batch mode: last day of the period (ISO), with --since")
    parser.add_argument("--year", type=int, help="batch mode: the calendar year (1 January to 31 December)")
    parser.add_argument("--chunk-days", type=int, default=7,
                        help="batch mode: days of records per chunk (default 7); each finished chunk is kept, so "
                             "a run that stops resumes where it stopped")
    parser.add_argument("--restart", action="store_true",
                        help="batch mode: forget the finished chunks of this period and start again")
    if memory:
        parser.add_argument("--memory-limit", default="3GB",
                            help="batch mode: DuckDB's memory limit (default 3GB); beyond it, joins spill to disk")
        parser.add_argument("--temp-directory", default=None,
                            help="batch mode: where DuckDB spills (default: its own, next to the process)")


def batch_period(opts) -> tuple[dt.date, dt.date] | None:
    """(since, until) when the options ask for batch mode, else None (the daily run)."""
    if opts.get("chunk_days", 1) < 1:
        raise CommandError("--chunk-days must be at least 1")
    if opts.get("year") is not None:
        if opts.get("since") or opts.get("until"):
            raise CommandError("give either --year or --since/--until, not both")
        return dt.date(opts["year"], 1, 1), dt.date(opts["year"], 12, 31)
    if opts.get("until") is None:
        return None
    if opts.get("since") is None:
        raise CommandError("--until needs --since (the first day of the period)")
    if opts["until"] < opts["since"]:
        raise CommandError("--until is before --since")
    return opts["since"], opts["until"]


class BatchProgress:
    """A rich progress bar over the period's chunks (on stderr-like `stream`); counts only, never personal data."""

    def __init__(self, stream, description: str):
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self.description = description
        self.progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                 TextColumn("chunks"), TimeElapsedColumn(), TimeRemainingColumn(),
                                 console=Console(file=stream))
        self.task = self.progress.add_task(description, total=None)

    def __enter__(self) -> BatchProgress:
        self.progress.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self.progress.__exit__(*exc)

    def update(self, done: int, total: int, counts: dict) -> None:
        self.progress.update(self.task, completed=done, total=total)

    def message(self, text: str) -> None:
        self.progress.update(self.task, description=f"{self.description}: {text}")
