"""`divert demo load DIR` and `divert demo accounts`: the demo city. NEVER run in production: it creates
accounts with a published password (docs/runbooks/demo.md)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError


def _print_accounts(stdout, accounts) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Demo accounts (demo only: the password is published; never use in production)")
    for col in ("Username", "Role", "Password", "Provider"):
        table.add_column(col)
    for a in accounts:
        table.add_row(a.username, a.role, a.password, a.provider)
    Console(file=stdout, width=140).print(table)


class Command(BaseCommand):
    help = ("The demo city. `demo load DIR` imports every file in DIR, runs today's pipeline and creates the demo "
            "accounts; `demo accounts` creates (if missing) and prints one account per role. Demo only: the "
            "accounts share a published password.")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="{load,accounts}")
        load = sub.add_parser("load", help="import a directory of demo files, run the pipeline, create accounts",
                              description="Import every file in DIR (as `divert import` would), run today's "
                              "pipeline with a progress display, then create the demo accounts.")
        load.add_argument("directory", metavar="DIR", type=Path, help="directory written by `divert synth`")
        load.add_argument("--strict", action="store_true",
                          help="refuse a file with any invalid row (default for the demo: load the good rows)")
        sub.add_parser("accounts", help="create (if missing) and print the demo accounts, one per role",
                       description="Create the demo accounts if they do not exist (idempotent) and print them.")

    def handle(self, *args, **options):
        import os

        from divert.ops.actions import ensure_demo_accounts

        if os.environ.get("DJANGO_SETTINGS_MODULE", "").endswith(".production"):
            raise CommandError("The demo creates accounts with a published password: refused under production "
                               "settings.")

        if options["subcommand"] == "load":
            self._load(options["directory"], strict=options["strict"])
        accounts = ensure_demo_accounts(actor=None)
        if options["subcommand"] == "load":
            self._protocol_history()
        if options["subcommand"] == "accounts":
            _print_accounts(self.stdout, accounts)
        else:
            made = sum(a.created for a in accounts)
            self.stdout.write(f"Demo accounts: {made} created, {len(accounts) - made} already there. "
                              "Run `divert demo accounts` to list them.")

    def _protocol_history(self) -> None:
        """A year of protocol cases and panels, through the protocol's actions (docs/protocol.md)."""
        from divert.protocol.demo import seed_demo_history

        h = seed_demo_history()
        self.stdout.write(f"Protocol history: {h.cases} cases for {h.children_10_17} children aged 10-17, "
                          f"{h.panels} panels, {h.decisions} panel decisions, {h.charging_decisions} charging "
                          f"decisions, {h.interventions} interventions.")

    def _load(self, directory: Path, *, strict: bool) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

        from divert.ingest import actions as ingest

        from ._progress import run_pipeline_with_progress

        if not directory.is_dir():
            raise CommandError(f"{directory} is not a directory")
        console = Console(file=self.stdout)  # type: ignore[arg-type]
        jobs = ingest.directory_jobs(directory)
        with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                      TimeElapsedColumn(), console=console) as progress:
            task = progress.add_task("Importing", total=len(jobs) or None)
            seen: set[str] = set()

            def on_progress(label: str, stage: str) -> None:
                if label not in seen:
                    if seen:
                        progress.advance(task)
                    seen.add(label)
                progress.update(task, description=f"Importing {label}: {stage}")

            # The pipeline runs below, once, with its own progress bar. The demo files are deliberately messy:
            # load the good rows and list the bad (unless --strict).
            runs = ingest.import_directory(path=directory, user=None, run_pipeline=False, skip_invalid=not strict,
                                           progress=on_progress)
            progress.update(task, completed=len(jobs) or len(runs), total=len(jobs) or len(runs),
                            description="Imported")
        for run in runs:
            console.print(f"  {run.file_name}: {run.get_status_display()} "
                          f"({run.rows_loaded} loaded, {run.rows_rejected} rejected)")
        run_pipeline_with_progress(stdout=self.stdout)
