"""`divert link ...`: person linkage from the command line (sections 2 and 4).

    divert link people --left A.csv --right B.csv --out OUT.csv   link any two people files
    divert link train                                            (re)train the model on the register, save it
    divert link records [--since YYYY-MM-DD] [--all]             run the linkage step on police records
    divert link records --since D --until D | --year YYYY         batch mode: a period in resumable chunks

Every subcommand takes `--engine duckdb|spark`. Output is counts and file names only, never personal data.
"""

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from divert.matching.management.batch_options import BatchProgress, add_batch_arguments, batch_period
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
        people.add_argument("--care-register", action="store_true",
                            help="the right file is a register of children in care and care leavers: left records "
                                 "older than 25 on their own date (the left file's `date` column) are decided "
                                 "`none` without being scored")
        people.add_argument("--chunk-rows", type=int, default=None,
                            help="batch mode for a large left file (CSV): link it this many rows at a time, "
                                 "resumably (OUT.checkpoint.json); the model is trained on the first chunk")
        people.add_argument("--restart", action="store_true",
                            help="batch mode: ignore the checkpoint of an earlier run and start again")
        people.add_argument("--memory-limit", default="3GB",
                            help="batch mode: DuckDB's memory limit (default 3GB); beyond it, joins spill to disk")
        people.add_argument("--temp-directory", default=None, help="batch mode: where DuckDB spills")
        train = sub.add_parser("train", help="(re)train the person model on the register and police records")
        records = sub.add_parser("records", help="link unmatched police person records to children in care")
        records.add_argument("--since", type=dt.date.fromisoformat, help="only records from this date (ISO)")
        records.add_argument("--all", action="store_true",
                             help="also re-link records the machine sent to review or found no match for "
                                  "(never those a person decided)")
        add_batch_arguments(records)
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
        if opts["chunk_rows"] is not None:
            return self._people_batch(opts, thresholds)
        try:
            with self._status("Training and linking people..."):
                result = link_files(opts["left"], opts["right"], opts["out"], engine=opts["engine"],
                                    model_path=opts["model"], thresholds=thresholds, save_model_to=opts["save_model"],
                                    register_once=opts["one_record_per_person"],
                                    care_register=opts["care_register"])
        except InputError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"left records {result.left}, right entities {result.right}: linked {result.linked}, "
            f"review {result.review}, no link {result.none}"
            + (f" ({result.not_eligible} too old for a care register, not scored)" if opts["care_register"] else "")
            + (f"; records of somebody in the right file: about {result.membership.share:.0%}"
               if result.membership else "") + f". Wrote {opts['out']}")

    def _people_batch(self, opts, thresholds):
        from rich.console import Console
        from rich.progress import Progress, TextColumn, TimeElapsedColumn

        from divert.matching.batch_files import link_people_files
        from divert.matching.people.generic import InputError

        if opts["chunk_rows"] < 1:
            raise CommandError("--chunk-rows must be at least 1")
        if opts["one_record_per_person"]:
            raise CommandError("--one-record-per-person needs the whole left file at once: run without --chunk-rows")
        columns = (TextColumn("{task.description}"), TextColumn("{task.completed} chunks, {task.fields[rows]} rows"),
                   TimeElapsedColumn())
        try:
            with Progress(*columns, console=Console(stderr=True)) as bar:
                task = bar.add_task("Linking people in chunks", total=None, rows=0)
                result = link_people_files(
                    opts["left"], opts["right"], opts["out"], chunk_rows=opts["chunk_rows"], engine=opts["engine"],
                    model_path=opts["model"], thresholds=thresholds, restart=opts["restart"],
                    memory_limit=opts["memory_limit"], temp_directory=opts["temp_directory"],
                    care_register=opts["care_register"],
                    progress=lambda chunks, rows: bar.update(task, completed=chunks, rows=rows))
        except InputError as exc:
            raise CommandError(str(exc)) from exc
        resumed = f" (resumed after {result['chunks_skipped']} finished chunks)" if result["chunks_skipped"] else ""
        self.stdout.write(
            f"left records {result['left']}, right entities {result['right']}: linked {result['linked']}, "
            f"review {result['review']}, no link {result['none']}{resumed}"
            + (f" ({result.get('not_eligible', 0)} too old for a care register, not scored)"
               if opts["care_register"] else "")
            + f"; distinct records scored {result.get('scored', 0)}. Wrote {opts['out']}")

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
        period = batch_period(opts)
        if period is not None:
            from divert.matching.batch import link_people_period

            with BatchProgress(self.stdout, "Linking people") as bar:
                counts = link_people_period(since=period[0], until=period[1], chunk_days=opts["chunk_days"],
                                            engine=opts["engine"], statuses=statuses, restart=opts["restart"],
                                            memory_limit=opts["memory_limit"], temp_directory=opts["temp_directory"],
                                            progress=bar.update, message=bar.message)
            self.stdout.write(", ".join(f"{k}: {v}" for k, v in counts.items()))
            return
        with self._status("Linking people...") as status:
            counts = run(engine=opts["engine"], since=opts["since"], statuses=statuses,
                         progress=lambda msg: status.update(f"Linking people: {msg}..."))
        self.stdout.write(", ".join(f"{k}: {v}" for k, v in counts.items()))
