"""Benchmark: generate the demo city (and optionally import it). Prints time, peak memory, counts, file sizes.

    uv run python benchmarks/synth_city.py                 # generate only
    uv run python benchmarks/synth_city.py --import        # + migrate a fresh SQLite database and import the files

Goal: city generation plus import under a minute.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def tree_size_mb(root: Path) -> float:
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file()) / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--now", default="2026-11-23T09:30")
    parser.add_argument("--days", type=int, default=None)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--import", dest="do_import", action="store_true",
                        help="also import the directory into a fresh SQLite database (divert import dir)")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "divert.settings.base")
    from divert.synth.clock import parse_now
    from divert.synth.generate import generate, make_profile

    out = args.out or Path(tempfile.mkdtemp(prefix="synth-city-"))
    started = time.perf_counter()
    manifest = generate(out, profile=make_profile("city", days=args.days), seed=args.seed, now=parse_now(args.now))
    generated = time.perf_counter() - started
    police = manifest["counts"]["police"]
    print(f"city generation: {generated:.1f} s, peak RSS {peak_rss_mb():.0f} MB, {tree_size_mb(out):.1f} MB in {out}")
    print(json.dumps(manifest["counts"], indent=1, sort_keys=True))
    for path in sorted(out.rglob("*.csv")):
        print(f"  {path.relative_to(out)}: {path.stat().st_size / 1e6:.2f} MB")
    print(f"incidents at homes per day: {police['incidents_at_homes'] / manifest['window']['days']:.1f}")
    if args.do_import:
        db = out / "bench.sqlite3"
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}", "DJANGO_SETTINGS_MODULE": "divert.settings.base"}
        cli = [sys.executable, "-m", "divert.cli"]
        subprocess.run([*cli, "migrate", "--no-input", "-v", "0"], env=env, check=True)
        started = time.perf_counter()
        result = subprocess.run([*cli, "import", "dir", str(out), "--skip-invalid"], env=env, capture_output=True,
                                text=True)
        imported = time.perf_counter() - started
        print(result.stdout[-3000:])
        if result.returncode:
            print(result.stderr[-3000:])
        print(f"import: {imported:.1f} s (exit {result.returncode}); generation + import: {generated + imported:.1f} s")


if __name__ == "__main__":
    main()
