import datetime as dt

import pytest

from divert.missing.models import ReturnInterview
from divert.missing.pipeline import run as step

from .builders import at, child, home, report

pytestmark = pytest.mark.django_db


def test_daily_pipeline_step_builds_episodes_and_interviews():
    c = child(placed_at=home())
    report(c, at(2026, 10, 1, 22), at(2026, 10, 2, 8))
    result = step(today=dt.date(2026, 10, 6))
    assert result["episodes_created"] == 1 and result["return_interviews_created"] == 1
    assert result["compliance_items"] == 1  # the interview is overdue on 6 October
    assert ReturnInterview.objects.count() == 1
    assert step(today=dt.date(2026, 10, 6))["episodes_created"] == 0
