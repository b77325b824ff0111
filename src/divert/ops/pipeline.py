"""Today's pipeline: the scheduled job that turns freshly imported records into work.

Each step is a function `run(*, today)` in its own app; this module only orders them, as plain imported functions.
`divert pipeline` (and the demo loader) call `run_pipeline`; ingest calls `after_import` (registered in
`OpsConfig.ready()` through `divert.ingest.hooks`) once a police file has committed, so an arrest of a child in
care is linked and screened within the minute.
"""

import datetime as dt
import logging
from collections.abc import Callable

from django.utils import timezone

from divert.core.statistics import refresh_statistics
from divert.incidents import screening
from divert.matching import address_pipeline, people_pipeline
from divert.missing import pipeline as missing_pipeline

logger = logging.getLogger(__name__)

Step = Callable[..., object]

STEPS: list[tuple[str, Step]] = [
    ("Match incident locations to homes", address_pipeline.run),
    ("Link people to children in care", people_pipeline.run),
    ("Build missing episodes", missing_pipeline.run),
    ("Screen arrests", screening.run),
    ("Refresh the database's statistics", refresh_statistics),
]

# What runs straight after an import of each kind has committed.
AFTER_IMPORT: dict[str, list[Step]] = {
    "incidents": [address_pipeline.run, people_pipeline.run],
    "missing": [address_pipeline.run, people_pipeline.run, missing_pipeline.run],
    "custody": [people_pipeline.run, screening.run],
}


def run_pipeline(*, today: dt.date | None = None, progress: Callable[[str], None] = lambda _msg: None
                 ) -> dict[str, object]:
    today = today or timezone.localdate()
    results: dict[str, object] = {}
    for label, step in STEPS:
        progress(label)
        results[label] = step(today=today)
    return results


def after_import(*, kind: str, run=None) -> None:
    """Run the steps that must follow an import of this kind. Failures are logged, never lose the import."""
    today = timezone.localdate()
    for step in AFTER_IMPORT.get(kind, []):
        try:
            step(today=today)
        except Exception:
            logger.exception("after-import step %s.%s failed for import run %s", step.__module__,
                             step.__name__, getattr(run, "pk", None))
