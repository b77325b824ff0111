"""`divert synth`: write a seeded synthetic city (or England) as the files real sources deliver."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from divert.synth.clock import parse_now
from divert.synth.profiles import PROFILES


class Command(BaseCommand):
    help = (
        "Generate seeded synthetic data in the layouts real sources deliver (docs/data-formats.md): homes "
        "register, children's register, SSDA903 tables for two collection years, police incidents/custody/missing "
        "in the demo force's own layout with its mapping.toml, and truth/ files for measuring matching accuracy. "
        "Same --seed and --now give byte-identical files. All people and places are fictional. "
        "Examples: divert synth --profile city --seed 1 --out var/demo ; "
        "divert synth --profile national --days 1 --out /tmp/england"
    )

    def add_arguments(self, parser):
        parser.add_argument("--profile", choices=sorted(PROFILES), default="city",
                            help="city: a fictional Nottingham-like city (~700 children in care, 75 children's "
                                 "homes, supported accommodation); national: England (~84,000 children, ~4,500 "
                                 "settings, ~41,000 incidents a day), streamed in bounded memory. Default: city.")
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
        parser.add_argument("--out", required=True, type=Path, help="output directory (created if missing)")
        parser.add_argument("--now", default=None,
                            help="the moment the data runs up to, ISO 8601 (naive = Europe/London); "
                                 "default: the current time. Fix it for reproducible files.")
        parser.add_argument("--days", type=int, default=None,
                            help="police data window in days up to --now (city default 730: two years; national "
                                 "default 7; --days 365 gives a national year of ~15 million incidents)")
        parser.add_argument("--scale", type=float, default=1.0,
                            help="multiply every volume (children, homes, incidents) by this; e.g. 0.1 for tests")
        parser.add_argument("--incidents-per-day", type=float, default=None,
                            help="force-wide background incidents a day (city default 50, a slice of a real "
                                 "force's ~1,000; national default 41,000)")
        parser.add_argument("--fast", action="store_true",
                            help="draw the background police incidents as arrays: about three times faster, same "
                                 "rates, other draws than without it (for a national year: --days 365 --fast)")
        parser.add_argument("--quiet", action="store_true", help="no progress bars")

    def handle(self, *args, **opts):
        from divert.synth.generate import generate, make_profile  # numpy: only when generating (start-up cost)

        if opts["scale"] <= 0:
            raise CommandError("--scale must be positive")
        if opts["days"] is not None and opts["days"] < 1:
            raise CommandError("--days must be at least 1")
        profile = make_profile(opts["profile"], scale=opts["scale"], days=opts["days"],
                               incidents_per_day=opts["incidents_per_day"])
        try:
            now = parse_now(opts["now"])
        except ValueError as exc:
            raise CommandError(f"--now: {exc}") from exc
        started = time.perf_counter()
        if opts["quiet"]:
            manifest = generate(opts["out"], profile=profile, seed=opts["seed"], now=now, fast=opts["fast"])
        else:
            with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                          transient=False) as progress:
                def step(description: str, total: int):
                    task = progress.add_task(description, total=total)
                    return lambda n: progress.advance(task, n)

                manifest = generate(opts["out"], profile=profile, seed=opts["seed"], now=now, step=step,
                                    fast=opts["fast"])
        police = manifest["counts"]["police"]
        self.stdout.write(
            f"{profile.name}: {manifest['counts']['children']} children, {manifest['counts']['homes']} homes, "
            f"{police['incidents']} incidents ({police['incidents_at_homes']} at homes), {police['custody']} custody "
            f"records, {police['missing_reports']} missing reports in {time.perf_counter() - started:.1f} s "
            f"-> {opts['out']}"
        )
