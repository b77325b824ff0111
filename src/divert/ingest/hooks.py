"""What runs once an import has committed, registered from above (ADR 0010).

Ingest sits below matching, screening and the missing pack, so it cannot import them. `divert.ops` registers
its pipeline here from `OpsConfig.ready()`; with nothing registered (ingest used on its own) nothing runs.
"""

import datetime as dt
from typing import Any, Protocol


class AfterImport(Protocol):
    def __call__(self, *, kind: str, run: Any = None) -> None: ...


class RunPipeline(Protocol):
    def __call__(self, *, today: dt.date | None = None) -> object: ...


_after_import: list[AfterImport] = []
_run_pipeline: list[RunPipeline] = []


def register(*, after_import: AfterImport, run_pipeline: RunPipeline) -> None:
    """Register the steps that follow one committed police import and a whole directory import (idempotent)."""
    _after_import[:] = [after_import]
    _run_pipeline[:] = [run_pipeline]


def after_import(*, kind: str, run: Any = None) -> None:
    for hook in _after_import:
        hook(kind=kind, run=run)


def run_pipeline(*, today: dt.date | None = None) -> None:
    for hook in _run_pipeline:
        hook(today=today)


__all__ = ["AfterImport", "RunPipeline", "after_import", "register", "run_pipeline"]
