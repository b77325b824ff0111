"""Today's pipeline: the scheduled job that turns freshly imported records into work.

Each step is a function `run(*, today, progress)` in its own app; this module only orders them.
`divert pipeline` (and the demo loader) call `run_pipeline`.
"""

import datetime as dt
import importlib
from collections.abc import Callable

STEPS = [
    ("Match incident locations to homes", "divert.matching.pipeline.match_addresses"),
    ("Link people to children in care", "divert.matching.pipeline.link_people"),
    ("Build missing episodes", "divert.missing.pipeline.run"),
    ("Screen arrests", "divert.incidents.pipeline.screen_arrests"),
]


def _resolve(dotted: str) -> Callable | None:
    module, _, name = dotted.rpartition(".")
    try:
        mod = importlib.import_module(module)
    except ModuleNotFoundError:
        return None
    return getattr(mod, name, None)


def run_pipeline(*, today: dt.date, progress: Callable[[str], None] = lambda _msg: None) -> dict[str, object]:
    results: dict[str, object] = {}
    for label, dotted in STEPS:
        step = _resolve(dotted)
        if step is None:
            continue
        progress(label)
        results[label] = step(today=today)
    return results
