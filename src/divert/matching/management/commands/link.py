"""`divert link ...`: person linkage from the command line (sections 2 and 4).

    divert link people --left A.csv --right B.csv --out OUT.csv   link any two people files
    divert link train                                            (re)train the model on the register, save it
    divert link records [--since YYYY-MM-DD] [--all]             run the linkage step on police records

Every subcommand takes `--engine duckdb|spark`. Output is counts and file names only, never personal data.
"""

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from divert.matching.people.spark import ENGINES, EngineUnavailable, spark_unavailable_reason


class Command(BaseCommand):
    help = "Link people: any two files (people), train the model (train), or link police records (records)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="{people,train,records}")
        people = sub.add_parser("people", help="link two people files (id,first_name,last_name,date_of_birth,"
                                               "sex,postcode) and write left_id,right_id,match_probability,decision")
        people.add_argument("--left", required=True, type=Path, help="records to link (CSV or XLSX)")
        people.add_argument("--right", required=True, type=Path, help="records to link to (CSV or XLSX); "
                                                                      "repeated ids are aliases of one entity")
        people.add_argument("--out", required=True, type=Path, help="output CSV")
        people.add_argument("--model", type=Path, help="use this saved model file instead of training on the files")
        people.add_argument("--save-model", type=Path, metavar="DIR", help="also save the trained model in DIR")
        people.add_argument("--auto", type=float, help="auto-link threshold (default: settings, 0.95)")
        people.add_argument("--floor", type=float, help="review floor (default: settings, 0.80)")
        people.add_argument("--one-record-per-person", action="store_true",
                            help="each right-file person takes at most one linked record (for a deduplicated left "
                                 "file; off by default: police data has several records of one child)")
        train = sub.add_parser("train", help="(re)train the person model on the register and police records")
        records = sub.add_parser("records", help="link unmatched police person records to children in care")
        records.add_argument("--since", type=dt.date.fromisoformat, help="only records from this date (ISO)")
        records.add_argument("--all", action="store_true",
                             help="also re-link records the machine sent to review or found no match for "
                                  "(never those a person decided)")
        for p in (people, train, records):
            p.add_argument("--engine", choices=ENGINES, default="duckdb",
                           help="splink backend: duckdb (default) or spark (needs pyspark and Java)")

    def handle(self, *args, **opts):
        engine = opts["engine"]
        if engine == "spark" and (reason := spark_unavailable_reason()):
            raise CommandError(f"--engine spark: {reason}")
        try:
            return getattr(self, f"_{opts['action']}")(opts)
        except EngineUnavailable as exc:
            raise CommandError(str(exc)) from exc

    def _status(self, message):
        from rich.console import Console

        return Console(stderr=True).status(message)

    def _people(self, opts):
        from divert.matching.people.decide import Thresholds  # pandas: only when linking (start-up cost)
        from divert.matching.people.generic import InputError, link_files

        base = Thresholds.from_settings()
        thresholds = Thresholds(auto=opts["auto"] if opts["auto"] is not None else base.auto,
                                floor=opts["floor"] if opts["floor"] is not None else base.floor)
        if not 0 <= thresholds.floor <= thresholds.auto <= 1:
            raise CommandError("thresholds must satisfy 0 <= floor <= auto <= 1")
        try:
            with self._status("Training and linking people..."):
                result = link_files(opts["left"], opts["right"], opts["out"], engine=opts["engine"],
                                    model_path=opts["model"], thresholds=thresholds, save_model_to=opts["save_model"],
                                    register_once=opts["one_record_per_person"])
        except InputError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"left records {result.left}, right entities {result.right}: linked {result.linked}, "
            f"review {result.review}, no link {result.none}"
            + (f"; records of somebody in the right file: about {result.membership.share:.0%}"
               if result.membership else "") + f". Wrote {opts['out']}")

    def _train(self, opts):
        from divert.matching.people_pipeline import train_and_save

        with self._status("Training the person-linkage model..."):
            _model, meta = train_and_save(engine=opts["engine"])
        self.stdout.write(f"saved person model {meta.get('version')} "
                          f"(left rows {meta.get('left_rows')}, register rows {meta.get('right_rows')}, "
                          f"EM sessions {meta.get('em_sessions')})")

    def _records(self, opts):
        from divert.matching.people_pipeline import run
        from divert.police.models import LinkStatus

        statuses = ((LinkStatus.UNMATCHED, LinkStatus.REVIEW, LinkStatus.NONE) if opts["all"]
                    else (LinkStatus.UNMATCHED,))
        with self._status("Linking people...") as status:
            counts = run(engine=opts["engine"], since=opts["since"], statuses=statuses,
                         progress=lambda msg: status.update(f"Linking people: {msg}..."))
        self.stdout.write(", ".join(f"{k}: {v}" for k, v in counts.items()))
