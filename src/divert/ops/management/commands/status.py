"""`divert status [--json]`: how many rows each register holds. Counts only, never personal data."""

import json

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = ("Print the number of rows in every register (children, placements, homes, providers, incidents, "
            "involvements, custody records, missing reports, imports, open review items). Counts only.")
    # A read of counts: the system checks would load every URL and the API for nothing (start-up cost).
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="print one JSON object instead of a table")

    def handle(self, *args, **options):
        from divert.ops.selectors import register_counts

        counts = register_counts()
        if options["json"]:
            self.stdout.write(json.dumps(counts))
            return
        from rich.console import Console
        from rich.table import Table

        table = Table(title="Divert registers")
        table.add_column("Register")
        table.add_column("Rows", justify="right")
        for name, n in counts.items():
            table.add_row(name.replace("_", " "), f"{n:,}")
        Console(file=self.stdout, force_terminal=False).print(table)
