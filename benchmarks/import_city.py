"""Generate the demo city and import it twice: timings and counts.

    uv run python benchmarks/import_city.py                       # throw-away SQLite database
    uv run python benchmarks/import_city.py --profile city --seed 1 --strict
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/divert_bench uv run python benchmarks/import_city.py

Runs `divert synth --profile PROFILE --seed SEED --out TMP` (skipped with a message if the synth command does
not exist), then `import_directory` (skip-invalid by default, as `divert demo load` does: the demo files are
deliberately messy; `--strict` refuses any file with a bad row), then the same again, which must change nothing.
Without DATABASE_URL a throw-away SQLite file is used; with it, the database is flushed of nothing: use an empty
one. Prints counts and timings only, never personal data.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "divert.settings.test")
os.environ["DIVERT_MODEL_DIR"] = tempfile.mkdtemp(prefix="divert-bench-models-")
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp(prefix='divert-bench-import-')}/bench.sqlite3"

import django  # noqa: E402

django.setup()

from django.core.management import call_command, get_commands  # noqa: E402


def counts() -> dict[str, int]:
    from divert.police.models import CustodyRecord, Incident, Involvement, MissingReport
    from divert.registers.models import Child, ChildAlias, Home, OC2Record, Placement, Provider, SSDA903Missing

    models = [Provider, Home, Child, ChildAlias, Placement, SSDA903Missing, OC2Record, Incident, Involvement,
              CustodyRecord, MissingReport]
    return {m.__name__: m.objects.count() for m in models}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--profile", default="city")
    parser.add_argument("--seed", default="1")
    parser.add_argument("--strict", action="store_true", help="all-or-nothing: refuse files with bad rows")
    parser.add_argument("--dir", type=Path, help="import this directory instead of generating one")
    parser.add_argument("--keep", action="store_true", help="keep the generated directory (default: delete it)")
    parser.add_argument("--with-pipeline", action="store_true",
                        help="also run ops.pipeline.after_import after each police file (linking, screening); "
                             "by default it is left out so that the figures are the importers' own")
    args = parser.parse_args()

    from divert.ingest import actions
    from divert.ingest.actions import import_directory

    if not args.with_pipeline:
        actions._after_import = lambda kind, run: None

    out = args.dir
    gen_s = 0.0
    if out is None:
        if "synth" not in get_commands():
            print("SKIPPED: the `synth` command does not exist yet (divert.synth); nothing to import.")
            return 0
        out = Path(tempfile.mkdtemp(prefix="divert-bench-city-")) / "city"
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "divert.cli", "synth", "--profile", args.profile, "--seed",
                        str(args.seed), "--out", str(out)], check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
        gen_s = time.perf_counter() - t
    call_command("migrate", verbosity=0)
    engine = django.db.connection.vendor
    print(f"database: {engine}; files: {out}")
    if gen_s:
        print(f"generate ({args.profile}, seed {args.seed}): {gen_s:.1f} s")

    timings: dict[str, float] = {}
    last = [time.perf_counter()]

    def progress(label: str, stage: str) -> None:
        now = time.perf_counter()
        timings[label] = timings.get(label, 0.0) + now - last[0]
        if os.environ.get("DIVERT_BENCH_VERBOSE"):
            print(f"  {label}: {stage} (+{now - last[0]:.1f} s)", flush=True)
        last[0] = now

    t, cpu = time.perf_counter(), time.process_time()
    runs = import_directory(path=out, skip_invalid=not args.strict, progress=progress)
    first_s, first_cpu = time.perf_counter() - t, time.process_time() - cpu
    first = counts()
    print(f"\nfirst import: {first_s:.1f} s wall, {first_cpu:.1f} s CPU in this process")
    for run in runs:
        for p in run.problems[:3] if os.environ.get("DIVERT_BENCH_VERBOSE") else []:
            print(f"  rejected: {p['file']} row {p['row']} {p['column']}: {p['reason']} [{p['rule']}]")
    print(f"{'file':<28}{'status':<12}{'read':>9}{'loaded':>9}{'rejected':>9}{'created':>9}{'updated':>9}{'s':>7}")
    for run in runs:
        label = next((k for k in timings if k.endswith(run.file_name.split("/")[-1])
                      or run.file_name.endswith(k.split("/", 1)[-1])), "")
        print(f"{run.file_name:<28}{run.status:<12}{run.rows_read:>9}{run.rows_loaded:>9}{run.rows_rejected:>9}"
              f"{run.rows_created:>9}{run.rows_updated:>9}{timings.get(label, 0):>7.1f}")
    print("counts:", ", ".join(f"{k} {v}" for k, v in first.items()))

    t = time.perf_counter()
    again = import_directory(path=out, skip_invalid=not args.strict)
    second_s = time.perf_counter() - t
    unchanged = counts() == first and all(r.status == "unchanged" for r in again)
    print(f"\nsecond import of the same files: {second_s:.1f} s; "
          f"{'every count unchanged, every run UNCHANGED' if unchanged else 'CHANGED (a bug)'}")
    if gen_s:
        print(f"generate + import: {gen_s + first_s:.1f} s")
        if not args.keep:
            import shutil

            shutil.rmtree(out.parent, ignore_errors=True)
    return 0 if unchanged else 1


if __name__ == "__main__":
    sys.exit(main())
