"""Benchmark: the national profile (England: ~84,000 children, ~4,500 settings, ~41,000 incidents a day),
streamed in bounded memory. Prints time, peak RSS (resource.getrusage), counts and sizes.

    uv run python benchmarks/synth_national.py                # one day of incidents
    uv run python benchmarks/synth_national.py --days 7       # a week: peak memory should barely move
    uv run python benchmarks/synth_national.py --days 365     # a full year, ~15 million incidents (slow)
"""

import argparse
import json
import resource
import shutil
import tempfile
import time
from pathlib import Path


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--days", type=int, default=1)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--now", default="2026-11-23T09:30")
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--keep", action="store_true", help="keep the output directory")
    parser.add_argument("--fast", action="store_true", help="background incidents drawn as arrays (synth/bulk.py)")
    args = parser.parse_args()
    from divert.synth.clock import parse_now
    from divert.synth.generate import generate, make_profile

    out = args.out or Path(tempfile.mkdtemp(prefix="synth-national-"))
    phases: dict[str, float] = {}
    clock = {"t": time.perf_counter(), "name": ""}

    def step(description: str, total: int):
        now = time.perf_counter()
        if clock["name"]:
            phases[clock["name"]] = now - clock["t"]
        clock.update(t=now, name=description)
        return lambda n: None

    started = time.perf_counter()
    manifest = generate(out, profile=make_profile("national", scale=args.scale, days=args.days), seed=args.seed,
                        now=parse_now(args.now), step=step, fast=args.fast)
    total = time.perf_counter() - started
    phases[clock["name"]] = time.perf_counter() - clock["t"]
    police = manifest["counts"]["police"]
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file()) / 1e6
    print(f"national, {args.days} day(s): {total:.1f} s total, peak RSS {peak_rss_mb():.0f} MB, {size:.0f} MB written")
    for name, seconds in phases.items():
        print(f"  {name}: {seconds:.1f} s")
    per_day = police["incidents"] / max(1, args.days)
    print(f"  incidents: {police['incidents']} ({per_day:.0f}/day), rows {police['incident_rows']}, "
          f"{police['incidents'] / max(phases.get('police files (days)', total), 1e-9):.0f} incidents/s streamed")
    print(json.dumps({k: v for k, v in manifest["counts"].items() if k != "police"}, sort_keys=True))
    if not args.keep and args.out is None:
        shutil.rmtree(out)


if __name__ == "__main__":
    main()
