"""Person-linkage throughput: a day of the national profile against the national registers.

    uv run python benchmarks/people_throughput.py [--data DIR] [--repeat K]

Generates (or reuses) `divert synth --profile national --days 1`, converts it to the generic people files, trains
the model once (timed separately: it is a weekly job, not part of the daily run), then times the daily run:
normalising the day's records, scoring them against the register with `predict_between`, deciding. `--repeat K`
runs the daily step K times (K days) to show the cost is flat per day; the year figure is 365 daily runs.
Prints counts, seconds and peak memory only.
"""

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "divert.settings.base")
sys.path.insert(0, str(Path(__file__).resolve().parent))

import django  # noqa: E402

django.setup()

from people_data import convert  # noqa: E402

from divert.matching.people import model as people_model  # noqa: E402
from divert.matching.people import population  # noqa: E402
from divert.matching.people.decide import Thresholds, decide, twins_in  # noqa: E402
from divert.matching.people.generic import read_people, to_frame  # noqa: E402
from divert.matching.people.predict import best_per_target, score_pairs  # noqa: E402


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_seconds() -> float:
    """CPU time of this process, all threads (DuckDB's included): steady even on a busy machine."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default=str(Path(tempfile.gettempdir()) / "divert-bench" / "national-day"))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    data = Path(args.data)
    if not (data / "manifest.json").exists():
        subprocess.run(["divert", "synth", "--profile", "national", "--days", "1", "--seed", str(args.seed),
                        "--out", str(data), "--quiet"], check=True)
    gen = data.parent / f"{data.name}-generic"
    conv = convert(data, gen)
    left_raw, right_raw = read_people(gen / "left.csv"), read_people(gen / "right.csv")
    incidents = sum(1 for k in conv["kinds"].values() if k == "incidents")
    print(f"national day: {len(left_raw)} police person records ({incidents} in incidents), "
          f"{right_raw['id'].nunique()} children ({len(right_raw)} register rows with aliases); "
          f"{os.cpu_count()} CPUs")
    t = time.monotonic()
    right = to_frame(right_raw, "r")
    print(f"normalised the register in {time.monotonic() - t:.1f} s", flush=True)
    left_train = to_frame(left_raw, "l")
    model, report = people_model.train(left_train, right)
    print(f"training (weekly job, not in the daily figure): {time.monotonic() - t:.1f} s, "
          f"EM sessions {report.em_sessions}; peak {peak_mb():.0f} MB")
    thresholds = Thresholds.from_settings()
    times = []
    cpus = []
    for day in range(args.repeat):
        t, c = time.monotonic(), cpu_seconds()
        left = to_frame(left_raw, f"d{day}-")
        t_prep = time.monotonic() - t
        # The day's records are their own name population here (the pipeline also counts the records already
        # held: docs/person-linkage.md gives that read's cost).
        names = population.NamePopulation.from_frame(left)
        floor = min(thresholds.floor, population.SCORING_FLOOR)
        pairs = population.apply(score_pairs(left, right, model, floor=floor), model, names)
        pairs = best_per_target(pairs[pairs["match_probability"] >= thresholds.floor])
        t_score = time.monotonic() - t - t_prep
        decisions = decide(pairs, thresholds, left_ids=list(dict.fromkeys(left_raw["id"])), twins=twins_in(right))
        elapsed = time.monotonic() - t
        times.append(elapsed)
        cpus.append(cpu_seconds() - c)
        counts = {o: sum(1 for d in decisions if d.outcome == o) for o in ("linked", "review", "none")}
        print(f"day {day + 1}: {elapsed:.1f} s (normalise {t_prep:.1f}, score {t_score:.1f}, decide "
              f"{elapsed - t_prep - t_score:.1f}); CPU {cpus[-1]:.1f} s; {len(pairs)} candidate pairs; {counts}; "
              f"peak {peak_mb():.0f} MB")
    per_day = sum(times) / len(times)
    print(f"CPU per daily run {sum(cpus) / len(cpus):.1f} s (on an idle 2-core machine the wall time is at most this)")
    print(f"daily run: {per_day:.1f} s for {len(left_raw)} records ({len(left_raw) / per_day:.0f} records/s); "
          f"a year = 365 daily runs = {365 * per_day / 60:.0f} min "
          f"({365 * len(left_raw) / 1e6:.1f} M records); peak memory {peak_mb():.0f} MB")


if __name__ == "__main__":
    main()
