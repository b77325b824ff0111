"""`divert serve`: the production web server (gunicorn), workers sized to the machine."""

import os
import sys

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = ("Serve Divert with gunicorn (CPUs + 1 workers unless --workers or DIVERT_WORKERS says otherwise). "
            "Run `divert collectstatic --no-input` first under production settings.")

    def add_arguments(self, parser):
        parser.add_argument("--bind", help="address:port (default DIVERT_BIND or 127.0.0.1:8000)")
        parser.add_argument("--workers", type=int, help="worker processes (default CPUs + 1, ADR 0055)")
        parser.add_argument("--dry-run", action="store_true", help="print the gunicorn command and stop")

    def handle(self, *args, bind=None, workers=None, dry_run=False, **options):
        argv = [sys.executable, "-m", "gunicorn", "--config", "python:divert.gunicorn_conf"]
        if bind:
            argv += ["--bind", bind]
        if workers:
            argv += ["--workers", str(workers)]
        argv.append("divert.wsgi:application")
        if dry_run:
            self.stdout.write(" ".join(argv[1:]))
            return
        sys.stdout.flush()
        os.execv(sys.executable, argv)  # noqa: S606 (gunicorn replaces this process; systemd signals reach it)
