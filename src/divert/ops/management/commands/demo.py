"""`divert demo load DIR` and `divert demo accounts`: the demo city. NEVER run in production: it creates
accounts with a published password (docs/runbooks/demo.md)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ._progress import counts_in_words


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
        load.add_argument("--no-history", action="store_true",
                          help="leave out the history of work (triage, acknowledged alerts, return interviews)")
        sub.add_parser("accounts", help="create (if missing) and print the demo accounts, one per role",
                       description="Create the demo accounts if they do not exist (idempotent) and print them.")
        sub.add_parser("outbox", help="list the emails Divert sent in demo mode (the mail outbox)",
                       description="List the emails in the demo mail outbox (EMAIL_FILE_PATH, written by Django's "
                       "file-based email backend when DIVERT_EMAIL_BACKEND selects it, as `make demo` does): "
                       "time, recipient and subject (the files hold the full text).")

    def handle(self, *args, **options):
        import os

        from divert.ops.actions import allocate_demo_care_leavers, ensure_demo_accounts

        if os.environ.get("DJANGO_SETTINGS_MODULE", "").endswith(".production"):
            raise CommandError("The demo creates accounts with a published password: refused under production "
                               "settings.")

        if options["subcommand"] == "outbox":
            return self._outbox()
        if options["subcommand"] == "load":
            self._load(options["directory"], strict=options["strict"], history=not options["no_history"])
        accounts = ensure_demo_accounts(actor=None)
        allocated = allocate_demo_care_leavers()
        if allocated:
            self.stdout.write(f"Demo leaving-care adviser: {allocated} care leavers aged 16 or 17 allocated.")
        if options["subcommand"] == "load" and not options["no_history"]:
            self._protocol_history()
        if options["subcommand"] == "accounts":
            _print_accounts(self.stdout, accounts)
        else:
            self.stdout.write(f"Demo accounts: {len(accounts)} ready. Run `divert demo accounts` to list them.")

    def _protocol_history(self) -> None:
        """A year of protocol cases and panels, through the protocol's actions (docs/protocol.md)."""
        from divert.protocol.demo import seed_demo_history

        h = seed_demo_history()
        self.stdout.write(f"Protocol history: {h.cases} cases for {h.children_10_17} children aged 10-17, "
                          f"{h.panels} panels, {h.decisions} panel decisions, {h.charging_decisions} charging "
                          f"decisions, {h.interventions} interventions.")

    def _load(self, directory: Path, *, strict: bool, history: bool = True) -> None:
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
                    progress.console.print(f"Importing {label} ...")
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
        if history:
            self._history(console, directory)
            self._exploitation_history(console)
            self._early_help_history(console)

    def _history(self, console, directory: Path) -> None:
        """The history of work before today, through the work apps' actions (ops.demo_history)."""
        import datetime as dt
        import json
        import time

        from django.utils import timezone

        from divert.ops import demo_history
        from divert.ops.actions import DEMO_USERNAME_PREFIX, ensure_demo_accounts

        ensure_demo_accounts(actor=None)
        manifest = directory / "manifest.json"
        window_start = (dt.datetime.fromisoformat(json.loads(manifest.read_text())["window"]["from"])
                        if manifest.exists() else timezone.now() - dt.timedelta(days=730))
        started = time.monotonic()
        with console.status("History of work") as status:
            def say(msg: str) -> None:
                status.update(f"History of work: {msg}")
                console.print(f"History of work: {msg} ... (at {time.monotonic() - started:.0f} s)")

            counts = demo_history.write_history(
                today=timezone.localdate(), window_start=window_start, cicpo_username=f"{DEMO_USERNAME_PREFIX}cicpo",
                coordinator_username=f"{DEMO_USERNAME_PREFIX}mfh-coordinator", say=say)
        console.print("  History of work: " + counts_in_words(counts)
                      + f" ({time.monotonic() - started:.0f} s)")

    def _exploitation_history(self, console) -> None:
        """Exploitation concerns and MASE meetings, through the exploitation app's actions."""
        from divert.exploitation.demo import seed_demo_history

        made = seed_demo_history()
        console.print(f"Exploitation history: {made['assessments']} assessments of {made['children']} children, "
                      f"{made['meetings']} MASE meetings, {made['actions']} actions")

    def _early_help_history(self, console) -> None:
        """Early-help referrals with the demo PCSO as the named worker, through the early-help actions."""
        from divert.earlyhelp.demo import seed_demo_history

        made = seed_demo_history()
        console.print(f"Early-help history: {made['referrals']} referrals of {made['children']} children in care "
                      f"and {made['families']} families not in care, {made['contacts']} contacts, "
                      f"{made['reviews']} reviews")

    def _outbox(self) -> None:
        from email import message_from_string
        from email.header import decode_header, make_header

        from django.conf import settings

        path = Path(getattr(settings, "EMAIL_FILE_PATH", "") or "")
        files = sorted(path.glob("*.log")) if path.is_dir() else []
        if not files:
            self.stdout.write(f"The demo outbox ({path}) is empty: no email sent yet in demo mode.")
            return
        count = 0
        for f in files:
            for raw in f.read_text(encoding="utf-8", errors="replace").split("-" * 79):
                if not raw.strip():
                    continue
                msg = message_from_string(raw.strip())
                count += 1
                subject = str(make_header(decode_header(msg.get("Subject", ""))))
                self.stdout.write(f"{count:>4}  {msg.get('Date', '')}  to {msg.get('To', '')}  {subject}")
        self.stdout.write(f"{count} emails in {path}")
