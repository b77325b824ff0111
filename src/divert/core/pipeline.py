"""Today's pipeline: the scheduled job that turns freshly imported records into work.

Each step is a function `run(*, today)` in its own app; this module only orders them. `divert pipeline`
(and the demo loader) call `run_pipeline`; the importers call `after_import` once a police file has committed,
so an arrest of a child in care is linked and screened within the minute (issue 4, section 3).
"""

import datetime as dt
import importlib
import logging
from collections.abc import Callable

logger = logging.getLogger(__name__)

STEPS = [
    ("Match incident locations to homes", "divert.matching.address_pipeline.run"),
    ("Link people to children in care", "divert.matching.people_pipeline.run"),
    ("Build missing episodes", "divert.missing.pipeline.run"),
    ("Screen arrests", "divert.incidents.screening.run"),
]

# What runs straight after an import of each kind has committed.
AFTER_IMPORT = {
    "incidents": ["divert.matching.address_pipeline.run", "divert.matching.people_pipeline.run"],
    "missing": [
        "divert.matching.address_pipeline.run",
        "divert.matching.people_pipeline.run",
        "divert.missing.pipeline.run",
    ],
    "custody": ["divert.matching.people_pipeline.run", "divert.incidents.screening.run"],
}


def _resolve(dotted: str) -> Callable | None:
    module, _, name = dotted.rpartition(".")
    try:
        mod = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name and module.startswith(exc.name):
            return None  # the step's app is not built yet
        raise
    return getattr(mod, name, None)


def run_pipeline(*, today: dt.date | None = None, progress: Callable[[str], None] = lambda _msg: None
                 ) -> dict[str, object]:
    from django.utils import timezone

    today = today or timezone.localdate()
    results: dict[str, object] = {}
    for label, dotted in STEPS:
        step = _resolve(dotted)
        if step is None:
            continue
        progress(label)
        results[label] = step(today=today)
    return results


def after_import(*, kind: str, run=None) -> None:
    """Run the steps that must follow an import of this kind. Failures are logged, never lose the import."""
    from django.utils import timezone

    today = timezone.localdate()
    for dotted in AFTER_IMPORT.get(kind, []):
        step = _resolve(dotted)
        if step is None:
            continue
        try:
            step(today=today)
        except Exception:
            logger.exception("after-import step %s failed for import run %s", dotted, getattr(run, "pk", None))
