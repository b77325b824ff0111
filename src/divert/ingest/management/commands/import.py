"""`divert import KIND PATH`: import registers, SSDA903 returns and police files (docs/importing.md)."""

from collections.abc import Sequence
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from divert.ingest.actions import ImportFailed, directory_jobs, import_file, ssda903_year_folders
from divert.ingest.models import ImportRun
from divert.ingest.report import print_report

PHASES = {"reading": 1, "checking": 2, "loading": 3, "done": 4, "already imported": 4}
HELP = {
    "ssda903": "SSDA903 tables (header, episodes, missing, oc2): a year folder (2026/), a folder of year folders, "
               "or single files",
    "children": "the council's children's register extract (children.csv)",
    "homes": "the homes register (homes.csv)",
    "incidents": "police incidents, one row per person (use --mapping for a force's own layout)",
    "custody": "police custody records",
    "missing": "police missing-person reports",
    "dir": "a whole directory as `divert synth` writes it (homes, children, ssda903/YEAR, police/)",
}


class Command(BaseCommand):
    help = "Import files into Divert. All-or-nothing unless --skip-invalid; re-importing a file changes nothing."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="what", required=True, metavar="KIND")
        for name, text in HELP.items():
            p = sub.add_parser(name, help=text, description=text)
            if name == "ssda903":
                p.add_argument("paths", nargs="+", type=Path, metavar="DIR|FILE")
                p.add_argument("--year", type=int, help="collection year (2026 = year ending 31 March 2026) when "
                                                        "the folder name does not say")
            elif name == "dir":
                p.add_argument("paths", nargs=1, type=Path, metavar="DIR")
            else:
                p.add_argument("paths", nargs=1, type=Path, metavar="FILE")
            if name in ("incidents", "custody", "missing"):
                p.add_argument("--mapping", type=Path, metavar="FILE",
                               help="TOML file mapping the force's column headers and values to Divert's fields "
                                    "(default: DIVERT_POLICE_MAPPING, if set)")
            p.add_argument("--skip-invalid", action="store_true",
                           help="load the good rows and list the rejected ones (default: refuse the whole file)")
            p.add_argument("--rejects", type=Path, metavar="FILE",
                           help="write the rejected rows with their reasons to this CSV file")
            p.add_argument("--user", metavar="USERNAME", help="record the import as made by this user")

    def handle(self, *args, **opts):
        out = getattr(self.stdout, "_out", self.stdout)
        console = Console(file=out, width=None if getattr(out, "isatty", lambda: False)() else 160)
        user = None
        if opts.get("user"):
            user = get_user_model().objects.filter(username=opts["user"]).first()
            if user is None:
                raise CommandError(f"no user called {opts['user']}")
        jobs = self._jobs(opts)
        runs: list[ImportRun] = []
        failed = False
        columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                   TextColumn("{task.fields[phase]}"), TimeElapsedColumn())
        with Progress(*columns, console=console, disable=not console.is_terminal) as bar:
            for n, (kind, path, extra) in enumerate(jobs, 1):
                label = " + ".join(p.name for p in path) if isinstance(path, list) else path.name
                task = bar.add_task(f"{kind} {label}", total=4, phase="")

                def say(msg, task=task):
                    bar.update(task, completed=PHASES.get(msg, 0), phase=msg)

                rejects = opts.get("rejects")
                if rejects is not None and len(jobs) > 1:
                    rejects = rejects.with_name(f"{rejects.stem}-{n}{rejects.suffix or '.csv'}")
                try:
                    run = import_file(kind=kind, path=path, user=user, skip_invalid=opts["skip_invalid"],
                                      rejects_out=rejects, progress=say, **extra)
                except ImportFailed as exc:
                    run, failed = exc.run, True
                runs.append(run)
        for run in runs:
            print_report(run, console)
            if run.options.get("rejects_file"):
                console.print(f"Rejected rows written to {run.options['rejects_file']}", markup=False)
        refused = [r for r in runs if r.status == ImportRun.Status.REFUSED]
        empty = [r for r in runs if r.status == ImportRun.Status.LOADED_WITH_REJECTIONS and not r.rows_loaded]
        if failed:
            raise CommandError("an import stopped with an unexpected error; nothing of it was loaded", returncode=2)
        if refused:
            raise CommandError(f"{len(refused)} of {len(runs)} import(s) refused; nothing of them was loaded",
                               returncode=1)
        if empty:
            raise CommandError(f"{len(empty)} of {len(runs)} import(s) loaded 0 rows: every row was rejected "
                               "(--skip-invalid)", returncode=1)

    def _jobs(self, opts) -> Sequence[tuple[str, Path | list[Path], dict]]:
        what = opts["what"]
        if what == "dir":
            return list(_directory_jobs(opts["paths"][0]))
        if what == "ssda903":
            return [("ssda903", p, {"year": opts.get("year")}) for p in _expand_903(opts["paths"])]
        extra = {"mapping": _police_mapping(opts.get("mapping"))} if what in ("incidents", "custody", "missing") else {}
        return [(what, opts["paths"][0], extra)]


def _police_mapping(given: Path | None) -> Path | None:
    """The mapping for a police file: --mapping, else the deployment's DIVERT_POLICE_MAPPING (as an upload uses),
    so the refusal's hint "or set DIVERT_POLICE_MAPPING" holds on the command line too."""
    if given is not None:
        return given
    configured = settings.DIVERT.get("POLICE_MAPPING")
    return Path(str(configured)) if configured else None


def _directory_jobs(path: Path) -> list[tuple[str, Path, dict]]:
    if not path.is_dir():
        raise CommandError(f"{path} is not a directory")
    jobs = directory_jobs(path)
    if not jobs:
        raise CommandError(f"nothing to import in {path} (see docs/data-formats.md for the layout)")
    return jobs


def _expand_903(paths: list[Path]) -> list[Path | list[Path]]:
    """Year folders oldest first; the single files given together are one return (one import, whole or not
    at all), whatever their names: the importer tells the tables apart by their columns."""
    out: list[Path | list[Path]] = []
    files: list[Path] = []
    for p in paths:
        if p.is_dir() and ssda903_year_folders(p):
            out += ssda903_year_folders(p)
        elif p.is_dir():
            out.append(p)
        else:
            files.append(p)
    if len(files) == 1:
        out.append(files[0])
    elif files:
        out.append(files)
    return out
