"""`divert pipeline [--date YYYY-MM-DD]`: run today's pipeline (match locations, link people, build missing
episodes, screen arrests). Scheduled by cron/systemd every few minutes; safe to run by hand."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = ("Run today's pipeline: match incident locations to homes, link people to children in care, build "
            "missing episodes and screen arrests. Prints counts only.")

    def add_arguments(self, parser):
        parser.add_argument("--date", help="run as if today were this date (YYYY-MM-DD); default: today, "
                            "Europe/London")

    def handle(self, *args, **options):
        from ._progress import run_pipeline_with_progress

        today = None
        if options["date"]:
            try:
                today = dt.date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError("--date must be YYYY-MM-DD") from exc
        run_pipeline_with_progress(stdout=self.stdout, today=today)
