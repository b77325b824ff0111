"""`divert match ...`: run matching by hand (sections 1 and 4).

    divert match addresses --canonical HOMES.csv --messy LOCATIONS.csv --out OUT.csv
        match any address file against any canonical address list (formats: docs/address-matching.md)
    divert match incidents [--rematch]
        the pipeline step: incident locations and missing-from addresses to the homes register
    divert match incidents --since D --until D | --year YYYY [--chunk-days 7]
        batch mode: the incidents of a period, in resumable chunks, with one homes matcher

Only counts are printed, never an address from the messy file (incident locations may be personal data).
"""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError, CommandParser

from divert.matching.management.batch_options import BatchProgress, add_batch_arguments, batch_period


class Command(BaseCommand):
    help = "Match addresses: any file against any address list (addresses), or police records to homes (incidents)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="what", required=True, metavar="{addresses,incidents}")
        addresses = sub.add_parser(
            "addresses", help="Match a messy address file against a canonical address file, write a CSV.",
            description="Canonical and messy files: id,address,postcode[,uprn,easting,northing] (CSV or XLSX). "
                        "Out: messy_id,canonical_id,decision(linked|review|none),score,method,candidate_id,"
                        "runner_up_id,runner_up_score,reason. See docs/address-matching.md.")
        addresses.add_argument("--canonical", required=True, help="the reference list (e.g. homes.csv)")
        addresses.add_argument("--messy", required=True, help="the addresses to match (e.g. incident locations)")
        addresses.add_argument("--out", required=True, help="where to write the results (CSV)")
        addresses.add_argument("--link-threshold", type=float, default=None,
                               help="score at or above which a clear best candidate is linked (default 0.90)")
        addresses.add_argument("--review-threshold", type=float, default=None,
                               help="score at or above which a candidate goes to review (default 0.30)")
        addresses.add_argument("--margin", type=float, default=None,
                               help="least lead over the runner-up for a link, in points (log-odds; default 2.0)")
        addresses.add_argument("--same-address-one-place", action="store_true",
                               help="(the default) canonical rows written identically, with the same name, are one "
                                    "place, not rivals: address lists name several businesses at one address")
        addresses.add_argument("--same-address-rivals", action="store_true",
                               help="canonical rows that are one place listed twice (written identically, or "
                                    "in other words at one postcode) are rivals: such a record goes to review")
        addresses.add_argument("--workers", type=int, default=1,
                               help="processes matching in parallel, for large messy files (default 1)")
        incidents = sub.add_parser("incidents", help="Match incident locations and missing-from addresses to homes.")
        incidents.add_argument("--rematch", action="store_true",
                               help="match again every record a person has not decided, not only new ones")
        incidents.add_argument("--since", type=dt.date.fromisoformat,
                               help="batch mode: first day of the period (ISO)")
        add_batch_arguments(incidents, memory=False)

    def handle(self, *args, **options) -> None:
        if options["what"] == "addresses":
            self._addresses(options)
        else:
            self._incidents(options)

    def _progress(self):
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                        console=Console(file=self.stdout))

    def _addresses(self, options) -> None:
        from divert.matching.addresses.decide import Thresholds
        from divert.matching.addresses.generic import FormatError, match_files

        defaults = Thresholds()
        thresholds = Thresholds(
            link=options["link_threshold"] if options["link_threshold"] is not None else defaults.link,
            review=options["review_threshold"] if options["review_threshold"] is not None else defaults.review,
            margin=options["margin"] if options["margin"] is not None else defaults.margin,
            same_address_one_place=not options["same_address_rivals"],
        )
        with self._progress() as progress:
            task = progress.add_task("Matching addresses", total=None)
            try:
                counts = match_files(options["canonical"], options["messy"], options["out"], thresholds=thresholds,
                                     progress=lambda n: progress.update(task, completed=n), every=2000,
                                     workers=max(1, options["workers"]))
            except FormatError as exc:
                raise CommandError(str(exc)) from exc
        total = sum(counts.values())
        self.stdout.write(f"{total} addresses: {counts['linked']} linked, {counts['review']} for review, "
                          f"{counts['none']} not matched. Written to {options['out']}")

    def _incidents(self, options) -> None:
        from divert.matching.address_pipeline import run
        from divert.police.models import Incident, LinkStatus

        period = batch_period(options)
        if period is not None:
            if options["rematch"]:
                raise CommandError("--rematch matches every record again: it takes no period")
            from divert.matching.batch import match_addresses_period

            with BatchProgress(self.stdout, "Matching incident locations") as bar:
                counts = match_addresses_period(since=period[0], until=period[1], chunk_days=options["chunk_days"],
                                                restart=options["restart"], progress=bar.update, message=bar.message)
            self.stdout.write(", ".join(f"{k}={v}" for k, v in counts.items()))
            return

        qs = Incident.objects.all() if options["rematch"] else Incident.objects.filter(
            home_match_status=LinkStatus.UNMATCHED)
        with self._progress() as progress:
            task = progress.add_task("Matching incident locations to homes", total=qs.count())
            counts = run(rematch=options["rematch"], progress=lambda n: progress.update(task, completed=n))
        self.stdout.write(", ".join(f"{k}={v}" for k, v in counts.items()))
