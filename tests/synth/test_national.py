"""The national profile's code paths (many towns, streaming) at a tiny scale."""

import json

from divert.synth.clock import parse_now
from divert.synth.generate import generate, make_profile
from divert.synth.profiles import NATIONAL
from tests.synth.helpers import read_rows


def test_national_profile_figures():
    assert NATIONAL.children_in_care == 84_000
    open_settings = (NATIONAL.la_homes + NATIONAL.private_homes + NATIONAL.voluntary_homes
                     + NATIONAL.supported_settings)
    assert 4_000 <= open_settings <= 5_000
    assert 14_000_000 <= NATIONAL.incidents_per_day * 365 <= 16_000_000


def test_tiny_national_generates_across_towns(tmp_path):
    manifest = generate(tmp_path, profile=make_profile("national", scale=0.005, days=2), seed=1,
                        now=parse_now("2026-11-23T09:30"))
    assert manifest["profile"] == "national"
    towns = {r["town"] for r in read_rows(tmp_path / "homes.csv")}
    assert len(towns) > 1
    per_day = manifest["counts"]["police"]["incidents"] / 2
    assert 100 <= per_day <= 400  # 41,000 x 0.005 = 205 a day
    assert json.loads((tmp_path / "manifest.json").read_text())["counts"]["children"] > 300
    missing_903 = read_rows(tmp_path / "ssda903" / "2026" / "missing.csv")
    assert missing_903, "the 903 Missing table is complete even with a two-day police window"
