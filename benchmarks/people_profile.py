"""Where the people step's CPU goes: `divert link people --chunk-rows` on generic files, stage by stage.

    uv run python benchmarks/people_profile.py --left WORK/left.csv --right WORK/right.csv --out /tmp/p.csv \
        [--care-register] [--chunk-rows 500000] [--cprofile /tmp/p.prof]

Runs batch_files.link_people_files in this process with timers around its stages (reading, normalising, training,
the care-register filter, identical records, the name population, splink's scoring - DuckDB's SQL and the frame it
returns - the population evidence, record-level probabilities, the decisions, writing) and prints, per stage, wall
seconds, CPU seconds of the whole process (DuckDB's threads included) and calls; then the candidate pairs scored.
`--cprofile` also writes a cProfile of the run (Python time only; DuckDB's shows as the time of its calls).
Counts and seconds only, no personal data.
"""

import argparse
import functools
import os
import resource
import time
from collections import defaultdict
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "divert.settings.base")

import django  # noqa: E402

django.setup()

from divert.matching import batch_files  # noqa: E402
from divert.matching.people import generic, model, predict  # noqa: E402

STATS: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0])
COUNTS: dict[str, int] = defaultdict(int)


def cpu() -> float:
    u = resource.getrusage(resource.RUSAGE_SELF)
    return u.ru_utime + u.ru_stime


def timed(name: str, fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        t, c = time.monotonic(), cpu()
        try:
            return fn(*args, **kwargs)
        finally:
            s = STATS[name]
            s[0] += time.monotonic() - t
            s[1] += cpu() - c
            s[2] += 1
    return wrapper


def patch() -> None:
    for name in ("read_people", "to_frame", "standard_columns"):
        setattr(batch_files, name, timed(name, getattr(generic, name)))
    model.train = timed("train (splink u, prior, EM, tf)", model.train)
    batch_files.people_model.train = model.train
    for name in ("eligible_rows", "distinct_records", "best_per_target", "record_posteriors", "_best_below_floor",
                 "decide"):
        setattr(generic, name, timed(name, getattr(generic, name)))
    generic.population.NamePopulation.from_frame = classmethod(
        timed("NamePopulation.from_frame", generic.population.NamePopulation.from_frame.__func__))
    generic.population.apply = timed("population.apply", generic.population.apply)
    score = timed("score_pairs (all)", predict.score_pairs)

    def counted(*args, **kwargs):
        out = score(*args, **kwargs)
        COUNTS["pairs above the scoring floor"] += len(out)
        COUNTS["left rows scored"] += len(args[0])
        return out

    generic.score_pairs = counted
    from splink.internals.linker_components.inference import LinkerInference

    LinkerInference.predict_between = timed("  splink predict_between (DuckDB SQL)", LinkerInference.predict_between)
    from splink.internals.splink_dataframe import SplinkDataFrame

    SplinkDataFrame.as_pandas_dataframe = timed("  as_pandas_dataframe", SplinkDataFrame.as_pandas_dataframe)
    batch_files.write_decisions = timed("write_decisions", generic.write_decisions)
    batch_files.score_and_decide = timed("score_and_decide (all)", generic.score_and_decide)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--left", type=Path, required=True)
    parser.add_argument("--right", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--model", type=Path, default=None)
    parser.add_argument("--chunk-rows", type=int, default=500_000)
    parser.add_argument("--care-register", action="store_true")
    parser.add_argument("--cprofile", type=Path, default=None)
    args = parser.parse_args()
    patch()
    for f in (args.out, args.out.with_name(args.out.name + ".checkpoint.json")):
        f.unlink(missing_ok=True)
    t, c = time.monotonic(), cpu()
    prof = None
    if args.cprofile:
        import cProfile

        prof = cProfile.Profile()
        prof.enable()
    counts = batch_files.link_people_files(args.left, args.right, args.out, chunk_rows=args.chunk_rows,
                                           model_path=args.model, restart=True, memory_limit="3GB",
                                           care_register=args.care_register)
    if prof:
        prof.disable()
        prof.dump_stats(args.cprofile)
    wall, total = time.monotonic() - t, cpu() - c
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"total: wall {wall:.1f} s, CPU {total:.1f} s, peak {peak:.0f} MB; {counts}")
    for name, (w, cp, n) in STATS.items():
        print(f"  {name:45s} wall {w:7.1f} s  CPU {cp:7.1f} s  ({100 * cp / max(total, 1e-9):4.1f}%)  calls {n}")
    for name, n in COUNTS.items():
        print(f"  {name}: {n:,}")


if __name__ == "__main__":
    main()
