from pathlib import Path

from divert.synth.clock import parse_now
from divert.synth.generate import generate, make_profile


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_same_seed_and_now_give_byte_identical_files(tmp_path):
    profile = make_profile("city", scale=0.1, days=10)
    now = parse_now("2026-06-01T12:00")
    generate(tmp_path / "a", profile=profile, seed=7, now=now)
    generate(tmp_path / "b", profile=profile, seed=7, now=now)
    a, b = _files(tmp_path / "a"), _files(tmp_path / "b")
    assert a.keys() == b.keys()
    assert [name for name in a if a[name] != b[name]] == []


def test_another_seed_gives_other_data(tmp_path):
    profile = make_profile("city", scale=0.1, days=5)
    now = parse_now("2026-06-01T12:00")
    generate(tmp_path / "a", profile=profile, seed=1, now=now)
    generate(tmp_path / "b", profile=profile, seed=2, now=now)
    assert (tmp_path / "a" / "children.csv").read_bytes() != (tmp_path / "b" / "children.csv").read_bytes()


def test_small_profile_writes_every_source_file(tmp_path):
    """A tenth of the city for 30 days still writes every file a real source would (speed: benchmarks/synth_city.py)."""
    generate(tmp_path, profile=make_profile("city", scale=0.1, days=30), seed=1, now=parse_now("2026-06-01T12:00"))
    assert (tmp_path / "children.csv").stat().st_size > 0
    assert any((tmp_path / "police").iterdir())
