"""Start-up cost of the `divert` command: wall time of light commands and the slowest imports.

    uv run python benchmarks/startup.py [--repeat 3]

Prints, for `divert --help`, `divert status --json` (on a throwaway SQLite database, migrated first) and a bare
`django.setup()`: the median wall time and CPU time (user + system of the child process) over --repeat runs, and
the five largest cumulative imports (python -X importtime). Run on demand, not in the test suite: figures depend
on the machine's load (the CPU time much less than the wall time when other work shares the machine).
"""

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def wall(argv: list[str], env: dict[str, str], repeat: int) -> tuple[float, float]:
    """Median wall time and median CPU time of the command."""
    times, cpus = [], []
    for _ in range(repeat):
        start, cpu = time.perf_counter(), _children_cpu()
        subprocess.run(argv, env=env, capture_output=True, check=False)
        times.append(time.perf_counter() - start)
        cpus.append(_children_cpu() - cpu)
    return statistics.median(times), statistics.median(cpus)


def top_imports(argv: list[str], env: dict[str, str], n: int = 5) -> list[tuple[float, str]]:
    err = subprocess.run([sys.executable, "-X", "importtime", *argv], env=env, capture_output=True, text=True).stderr
    rows = []
    for line in err.splitlines():
        if line.startswith("import time:") and "|" in line:
            _self, cumulative, name = line[len("import time:"):].split("|")
            if cumulative.strip().isdigit() and not name.startswith("  "):
                rows.append((int(cumulative) / 1e6, name.strip()))
    return sorted(rows, reverse=True)[:n]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as var:
        env = {**os.environ, "DIVERT_VAR_DIR": var, "DJANGO_SETTINGS_MODULE": "divert.settings.base"}
        env.pop("DATABASE_URL", None)
        subprocess.run([sys.executable, "-m", "divert.cli", "migrate", "--no-input"], env=env, capture_output=True,
                       check=True)
        cases = {
            "divert --help": ["-m", "divert.cli", "--help"],
            "divert status --json": ["-m", "divert.cli", "status", "--json"],
            "django.setup() + urls": ["-c", "import django; django.setup(); import divert.urls"],
        }
        print(f"{'command':<26} {'median s':>9} {'cpu s':>6}   largest imports (cumulative s)")
        for label, argv in cases.items():
            seconds, cpu = wall([sys.executable, *argv], env, args.repeat)
            tops = ", ".join(f"{name} {s:.2f}" for s, name in top_imports(argv, env))
            print(f"{label:<26} {seconds:9.2f} {cpu:6.2f}   {tops}")
        print(f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
