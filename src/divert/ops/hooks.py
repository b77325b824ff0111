"""The pipeline as ingest's after-import hooks, imported when first called.

`OpsConfig.ready()` registers these two functions with `divert.ingest.hooks`. The pipeline module imports the
matchers (pandas, splink, DuckDB); importing it only when an import has committed keeps every other command's
start-up light.
"""

import datetime as dt
from typing import Any


def after_import(*, kind: str, run: Any = None) -> None:
    from .pipeline import after_import as run_after_import

    run_after_import(kind=kind, run=run)


def run_pipeline(*, today: dt.date | None = None) -> object:
    from .pipeline import run_pipeline as run_whole_pipeline

    return run_whole_pipeline(today=today)
