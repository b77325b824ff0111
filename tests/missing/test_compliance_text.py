"""The compliance findings in words (missing/compliance_text.py)."""

import datetime as dt

from django.utils import timezone

from divert.missing.compliance_text import describe
from divert.missing.models import ComplianceItem

AS_OF = dt.datetime(2026, 12, 2, 7, 0, tzinfo=dt.UTC)


def _outlier(**detail) -> str:
    item = ComplianceItem(rule="provider_reporting_outlier", run_date=timezone.localdate(), subject_key="home:1",
                          detail={"position": "above", **detail})
    return describe(item, as_of=AS_OF).text


def test_a_home_with_one_place_reads_in_the_singular_and_rates_are_rounded():
    text = _outlier(episodes=12, places=1, rate=12.0, similar_rate=0.38235)
    assert text == ("12 missing episodes in the period for 1 registered place (12 a place): far more than similar "
                    "homes (0.38 a place).")


def test_several_places_and_one_episode():
    text = _outlier(episodes=1, places=3, rate=0.3333, similar_rate=0.1)
    assert text.startswith("1 missing episode in the period for 3 registered places (0.33 a place)")
