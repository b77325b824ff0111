"""One generated city shared by the synth tests (generation is the slow part; each test only reads files)."""

from pathlib import Path

import pytest

from divert.synth.clock import parse_now
from divert.synth.generate import generate, make_profile

NOW = "2026-11-23T09:30"  # a Monday morning: the daily list covers the weekend


@pytest.fixture(scope="session")
def city_dir(tmp_path_factory) -> Path:
    """The full city registers with a 45-day police window (fast; volumes per day as in the real profile)."""
    out = tmp_path_factory.mktemp("city")
    generate(out, profile=make_profile("city", days=45), seed=1, now=parse_now(NOW))
    return out
