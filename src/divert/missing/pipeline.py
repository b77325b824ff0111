"""The missing step of the daily pipeline (ops.pipeline calls divert.missing.pipeline.run)."""

import datetime as dt

from .actions import run_daily_compliance
from .reconcile import build_episodes


def run(*, today: dt.date) -> dict[str, int]:
    """Reconcile new and changed reports into episodes, create return interviews, run today's compliance rules."""
    result = build_episodes().as_dict()
    result["compliance_items"] = len(run_daily_compliance(run_date=today))
    return result
