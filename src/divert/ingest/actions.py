"""Imports: the writes of the ingest app (parse -> validate -> stage -> commit).

`import_file` reads one file (or one SSDA903 year folder), validates every row, and either loads all of it in
one transaction or refuses it and changes nothing. `--skip-invalid` (skip_invalid=True) loads the good rows and
lists the rejected ones. Every run, refused or not, is written to the import ledger (ImportRun) and the audit
log. The SHA-256 of the file's bytes is the idempotency key: the same file loaded before changes nothing.
"""

import datetime as dt
import hashlib
import logging
from collections.abc import Callable
from functools import partial
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from divert.core.audit import record_audit
from divert.core.spreadsheets import csv_writer

from . import hooks
from .importers import IMPORTERS
from .importers.base import Context, Prepared
from .importers.police import KNOWN_FIELDS
from .mapping import Mapping, MappingError, load_mapping
from .models import ImportLock, ImportRun
from .problems import Problem, file_problem
from .readers import ReadError, Table, read_table
from .ssda903_xml import looks_like_xml, read_903_xml

logger = logging.getLogger(__name__)

MAX_STORED_PROBLEMS = 2000
MAX_STORED_WARNINGS = 500
TABLE_SUFFIXES = (".csv", ".xlsx", ".xlsm")
Progress = Callable[[str], None]


class ImportFailed(Exception):
    """The import stopped with an unexpected error; nothing was loaded. `run` is the ledger row recording it."""

    def __init__(self, run: ImportRun):
        super().__init__(f"import run {run.pk} failed; nothing was loaded")
        self.run = run


def _noop(_msg: str) -> None:
    return None


def _year_from(path: Path) -> int | None:
    for name in (path.name, path.parent.name):
        if name.isdigit() and len(name) == 4:
            return int(name)
    return None


def _files_for(kind: str, path: Path) -> list[Path]:
    if path.is_dir():
        if kind != ImportRun.Kind.SSDA903:
            return []
        return sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in (*TABLE_SUFFIXES, ".xml"))
    return [path]


def digest_of(files: list[Path], *, base: Path) -> str:
    """SHA-256 of a file's bytes; for a folder, of each file's name and bytes in name order."""
    if len(files) == 1 and files[0] == base:
        return hashlib.sha256(files[0].read_bytes()).hexdigest()
    h = hashlib.sha256()
    for f in files:
        h.update(f.name.encode() + b"\0" + hashlib.sha256(f.read_bytes()).digest())
    return h.hexdigest()


def _return_name(files: list[Path]) -> str:
    """The ledger name of several SSDA903 files imported as one return: their folder and names."""
    return f"{files[0].parent.name}/{' + '.join(f.name for f in files)}"[:255]


def _display_name(kind: str, path: Path) -> str:
    if kind == ImportRun.Kind.SSDA903 and (path.is_dir() or _year_from(path)):
        return f"{path.parent.name}/{path.name}"[:255]
    return path.name[:255]


def import_file(*, kind: str, path: Path | list[Path], user=None, skip_invalid: bool = False,
                mapping: Path | None = None, rejects_out: Path | None = None, year: int | None = None,
                progress: Progress | None = None, after_import: bool = True) -> ImportRun:
    """Import one file (or one SSDA903 year folder, or a list of SSDA903 files that are one return) of `kind`;
    return its ledger row.

    All-or-nothing unless `skip_invalid`: then the good rows load and the bad ones are listed (and written to
    `rejects_out` with their reasons). A file whose hash was loaded before returns an UNCHANGED run.
    Raises ImportFailed (after recording the failure) if loading stops with an unexpected error.
    """
    kind = ImportRun.Kind(kind).value
    together = [Path(p) for p in path] if isinstance(path, list | tuple) else [Path(path)]
    path = together[0]
    say = progress or _noop
    importer = IMPORTERS[kind]
    name = _display_name(kind, path) if len(together) == 1 else _return_name(together)
    base = {"kind": kind, "file_name": name, "imported_by": _user(user)}
    options: dict = {"skip_invalid": skip_invalid}

    absent = [p for p in together if not p.exists()]
    if absent:
        return _record(base | {"file_hash": ""}, status=ImportRun.Status.REFUSED, user=user, options=options,
                       problems=[file_problem(p.name, "the file does not exist") for p in absent])
    files = _files_for(kind, path) if len(together) == 1 else together
    if not files and path.is_dir() and kind == ImportRun.Kind.SSDA903 and ssda903_year_folders(path):
        return _record(base | {"file_hash": ""}, status=ImportRun.Status.REFUSED, user=user, options=options,
                       problems=[file_problem(path.name, "this folder holds collection years: import each year "
                                              "folder (`divert import ssda903 DIR` does, oldest first)")])
    if not files:
        return _record(base | {"file_hash": ""}, status=ImportRun.Status.REFUSED, user=user, options=options,
                       problems=[file_problem(path.name, "no CSV or XLSX file to import here")])
    if kind == ImportRun.Kind.SSDA903:
        year = year or _year_from(path)
        options["collection_year"] = year
    options["files"] = [f.name for f in files]
    try:
        file_hash = digest_of(files, base=path)
    except OSError as exc:
        return _record(base | {"file_hash": ""}, status=ImportRun.Status.REFUSED, user=user, options=options,
                       problems=[file_problem(path.name, f"the file could not be read ({type(exc).__name__})")])
    base["file_hash"] = file_hash
    # The ledger row exists, committed, before anything is read or loaded: an import killed part-way (the
    # process ended, the machine stopped) leaves a row that says it started and never finished.
    started = _start(base, user=user, options=options)
    try:
        return _attempt(started, base=base, options=options, kind=kind, importer=importer, files=files, path=path,
                        mapping=mapping, user=user, skip_invalid=skip_invalid, rejects_out=rejects_out, year=year,
                        say=say, after_import=after_import)
    except ImportFailed:
        raise
    except Exception as exc:
        logger.error("import of a %s file failed: %s", kind, type(exc).__name__)
        raise ImportFailed(_failed(started, base=base, user=user, options=options, exc=exc)) from exc


def _failed(started: ImportRun, *, base: dict, user, options: dict, exc: Exception,
            warnings: list[Problem] | None = None, rows_read: int = 0) -> ImportRun:
    """Mark an attempt FAILED: it stopped with an unexpected error and its load transaction was rolled back."""
    return _record(base | {"rows_read": rows_read}, run=started, status=ImportRun.Status.FAILED, user=user,
                   options=options, warnings=warnings,
                   problems=[file_problem(base["file_name"], f"the import stopped with an unexpected error "
                                          f"({type(exc).__name__}); nothing was loaded", rule="internal")])


def _attempt(started: ImportRun, *, base: dict, options: dict, kind: str, importer, files: list[Path], path: Path,
             mapping: Path | None, user, skip_invalid: bool, rejects_out: Path | None, year: int | None,
             say: Progress, after_import: bool) -> ImportRun:
    """Read, check and load one attempt whose ledger row `started` is committed; return the row, marked."""
    file_hash = base["file_hash"]
    mapping_obj: Mapping | None = None
    if mapping is not None:
        if not importer.police:
            return _record(base, run=started, status=ImportRun.Status.REFUSED, user=user, options=options,
                           problems=[file_problem(Path(mapping).name, "a mapping file only applies to police files")])
        try:
            mapping_obj = load_mapping(Path(mapping), known_fields=KNOWN_FIELDS)
        except MappingError as exc:
            return _record(base, run=started, status=ImportRun.Status.REFUSED, user=user, options=options,
                           problems=[file_problem(Path(mapping).name, exc.reason, rule="mapping")])
        options["mapping"] = {"file": mapping_obj.file_name, "sha256": mapping_obj.digest, "force": mapping_obj.name}

    if _loaded_before(kind, file_hash, options):
        say("already imported")
        return _record(base, run=started, status=ImportRun.Status.UNCHANGED, user=user, options=options)

    say("reading")
    tables: dict[str, Table] = {}
    read_problems: list[Problem] = []
    prefix = f"{path.name}/" if path.is_dir() else ""
    for f in files:
        try:
            read = _read_tables(kind, f)
        except ReadError as exc:
            read_problems.append(Problem(file=prefix + f.name, row=exc.row, column=exc.column, value=exc.value,
                                         reason=exc.reason, rule="readable"))
            continue
        for table in read:
            table.name = prefix + table.name
            if table.name in tables:  # two files of one return with the same name in different folders
                table.name = f"{f.parent.name}/{table.name.rsplit('/', 1)[-1]}"
            tables[table.name] = table
    if read_problems:
        return _record(base, run=started, status=ImportRun.Status.REFUSED, user=user, options=options,
                       problems=read_problems)

    say("checking")
    ctx = Context(kind=kind, today=timezone.localdate(), mapping=mapping_obj, year=year,
                  future_days=_future_days())
    prepared: Prepared = importer.prepare(tables, ctx)
    warnings = prepared.all_warnings()
    counts_read = {"rows_read": prepared.rows_read}
    if prepared.file_problems:
        return _record(base | counts_read, run=started, status=ImportRun.Status.REFUSED, user=user, options=options,
                       problems=prepared.file_problems, warnings=warnings)
    row_problems = prepared.row_problems()
    if rejects_out is not None and prepared.bad:
        options["rejects_file"] = ", ".join(_write_rejects(Path(rejects_out), prepared, tables))
    rejected = prepared.rows_rejected
    if row_problems and not skip_invalid:
        return _record(base | counts_read | {"rows_rejected": rejected}, run=started, status=ImportRun.Status.REFUSED,
                       user=user, options=options, problems=row_problems, warnings=warnings)

    say("loading")
    status = ImportRun.Status.LOADED_WITH_REJECTIONS if row_problems else ImportRun.Status.LOADED
    _ensure_lock_row(kind)
    try:
        with transaction.atomic():
            _hold_lock(kind)
            if _loaded_before(kind, file_hash, options):  # loaded by an import that ran while this one checked
                say("already imported")
                return _record(base, run=started, status=ImportRun.Status.UNCHANGED, user=user, options=options)
            run = ImportRun.objects.select_for_update().get(pk=started.pk)
            run.rows_read, run.status = prepared.rows_read, status
            counts = importer.load(prepared.good, run=run, ctx=ctx)
            run.rows_loaded = prepared.rows_read - rejected
            run.rows_rejected = rejected
            run.rows_created = counts.total_created
            run.rows_updated = counts.total_updated
            options["created"], options["updated"], options["deleted"] = counts.created, counts.updated, counts.deleted
            _store_problems(run, row_problems, warnings, options)
            run.finished_at = timezone.now()
            run.save()
            _audit(run, user)
            if after_import and importer.police and (counts.total_created or counts.total_updated or counts.deleted):
                transaction.on_commit(partial(_after_import, kind, run))
    except Exception as exc:
        logger.error("import of a %s file failed: %s", kind, type(exc).__name__)
        raise ImportFailed(_failed(started, base=base, user=user, options=options, exc=exc, warnings=warnings,
                                   rows_read=prepared.rows_read)) from exc
    say("done")
    return run


def _future_days() -> int:
    """How far ahead a planned date may be (settings.DIVERT["IMPORT_FUTURE_DAYS"], docs/settings.md)."""
    value = settings.DIVERT.get("IMPORT_FUTURE_DAYS", 365)
    return int(value) if isinstance(value, int | str) else 365


def _read_tables(kind: str, f: Path) -> list[Table]:
    """A file's tables: a DfE XML SSDA903 return holds several (ingest.ssda903_xml), any other file one."""
    if looks_like_xml(f):
        if kind != ImportRun.Kind.SSDA903:
            raise ReadError("this is an XML file: Divert reads XML only for SSDA903 returns (DfE EXPSSDA903)")
        return list(read_903_xml(f).values())
    return [read_table(f)]


def _user(user):
    return user if getattr(user, "is_authenticated", False) else None


def _ensure_lock_row(kind: str) -> None:
    if not ImportLock.objects.filter(kind=kind).exists():
        try:
            with transaction.atomic():
                ImportLock.objects.create(kind=kind)
        except IntegrityError:  # another import created it at the same moment
            pass


def _hold_lock(kind: str) -> None:
    """Serialise imports of one kind until the surrounding transaction ends: on PostgreSQL the UPDATE holds the
    kind's row lock until commit (a second import waits on it, then reads what the first committed); SQLite has
    one writer at a time anyway (settings: IMMEDIATE transactions)."""
    ImportLock.objects.filter(kind=kind).update(taken_at=timezone.now())


def _loaded_before(kind: str, file_hash: str, options: dict) -> bool:
    runs = ImportRun.objects.filter(
        kind=kind, file_hash=file_hash,
        status__in=[ImportRun.Status.LOADED, ImportRun.Status.LOADED_WITH_REJECTIONS],
    ).only("options")
    for run in runs:
        if (run.options.get("mapping", {}).get("sha256") == options.get("mapping", {}).get("sha256")
                and run.options.get("collection_year") == options.get("collection_year")):
            return True
    return False


def _store_problems(run: ImportRun, problems: list[Problem], warnings: list[Problem], options: dict) -> None:
    run.problems = [p.as_dict() for p in problems[:MAX_STORED_PROBLEMS]]
    run.warnings = [p.as_dict() for p in warnings[:MAX_STORED_WARNINGS]]
    options["problem_count"] = len(problems)
    options["warning_count"] = len(warnings)
    run.options = options


def _start(fields: dict, *, user, options: dict) -> ImportRun:
    """The ledger row of an attempt, status STARTED, committed at once (before reading or loading anything)."""
    with transaction.atomic():
        run = ImportRun(**fields, status=ImportRun.Status.STARTED, options=dict(options))
        run.save()
    return run


def _record(fields: dict, *, status: str, user, options: dict, problems: list[Problem] | None = None,
            warnings: list[Problem] | None = None, run: ImportRun | None = None) -> ImportRun:
    """The ledger row of a run that loaded nothing (refused, unchanged or failed), in its own transaction: the
    attempt's STARTED row (`run`) marked finished, or a new row when the attempt ended before it had one."""
    with transaction.atomic():
        if run is None:
            run = ImportRun(**fields, status=status, finished_at=timezone.now())
        else:
            for name, value in fields.items():
                setattr(run, name, value)
            run.status, run.finished_at = status, timezone.now()
        _store_problems(run, problems or [], warnings or [], dict(options))
        run.save()
        _audit(run, user)
    return run


def _audit(run: ImportRun, user) -> None:
    record_audit(
        actor=user, action=f"ingest.import.{run.status}", obj=run,
        actor_label="" if _user(user) else "system: import",
        detail={"kind": run.kind, "file": run.file_name, "sha256": run.file_hash, "rows_read": run.rows_read,
                "rows_loaded": run.rows_loaded, "rows_rejected": run.rows_rejected,
                "rows_created": run.rows_created, "rows_updated": run.rows_updated,
                "problems": run.problem_count},
    )


def _after_import(kind: str, run: ImportRun) -> None:
    """Hand freshly imported police records to the steps registered in `hooks` (by divert.ops), once committed."""
    try:
        hooks.after_import(kind=kind, run=run)
    except Exception as exc:  # the import is committed; the pipeline's failure must not look like the import's
        logger.error("after_import for import run %s failed: %s", run.pk, type(exc).__name__)


def _write_rejects(out: Path, prepared: Prepared, tables: dict[str, Table]) -> list[str]:
    """The rejected rows as they were read, with the file, row and reasons (importable again once fixed).

    Rows of several files (the tables of one SSDA903 return) go to one rejects file per file, named
    `OUT-<file>.csv`, each with its own file's columns, so that each can be fixed and imported again."""
    sources = sorted({u.file for u in prepared.bad})
    if len(sources) == 1:
        _write_rejects_of(out, prepared.bad, tables)
        return [str(out)]
    written = []
    for name in sources:
        target = out.with_name(f"{out.stem}-{Path(name).stem}{out.suffix or '.csv'}")
        _write_rejects_of(target, [u for u in prepared.bad if u.file == name], {name: tables[name]})
        written.append(str(target))
    return written


def _write_rejects_of(out: Path, bad: list, tables: dict[str, Table]) -> None:
    headers: list[str] = []
    for table in tables.values():
        headers += [h for h in table.headers if h not in headers]
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", newline="", encoding="utf-8") as fh:
        writer = csv_writer(fh)
        writer.writerow(["rejected_file", "rejected_row", "rejected_reasons", *headers])
        for unit in sorted(bad, key=lambda u: (u.file, u.first_row)):
            source = tables.get(unit.file)
            for row in unit.rows:
                reasons = [f"{p.column}: {p.reason}" for p in unit.problems
                           if p.row == row.number and p.severity == "error"]
                if not reasons:
                    others = ", ".join(str(r.number) for r in unit.rows if r is not row)
                    reasons = [f"rejected with the rest of its record (rows {others})"]
                by_header = dict(zip(source.headers, row.raw, strict=False)) if source else {}
                writer.writerow([unit.file, row.number, "; ".join(reasons),
                                 *[_cell_text(by_header.get(h, "")) for h in headers]])


def _cell_text(value) -> str:
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


# --- a whole directory ----------------------------------------------------------------------------------------

def _first(folder: Path, stem: str) -> Path | None:
    for suffix in TABLE_SUFFIXES:
        candidate = folder / f"{stem}{suffix}"
        if candidate.is_file():
            return candidate
    return None


def ssda903_year_folders(path: Path) -> list[Path]:
    """The collection-year folders under an ssda903/ folder, oldest first."""
    return sorted((p for p in path.iterdir() if p.is_dir() and p.name.isdigit() and len(p.name) == 4),
                  key=lambda p: int(p.name))


def directory_jobs(path: Path) -> list[tuple[str, Path, dict]]:
    """What `import_directory` imports, in order: (kind, path, extra keyword arguments)."""
    path = Path(path)
    jobs: list[tuple[str, Path, dict]] = []
    for kind in ("homes", "children"):
        found = _first(path, kind)
        if found:
            jobs.append((kind, found, {}))
    s903 = path / "ssda903"
    if s903.is_dir():
        jobs += [("ssda903", folder, {"year": int(folder.name)}) for folder in ssda903_year_folders(s903)]
    police = path / "police"
    mapping = police / "mapping.toml"
    for kind in ("incidents", "custody", "missing"):
        found = _first(police, kind) if police.is_dir() else None
        if found:
            jobs.append((kind, found, {"mapping": mapping if mapping.is_file() else None}))
    return jobs


def import_directory(*, path: Path, user=None, skip_invalid: bool = False,
                     progress: Callable[[str, str], None] | None = None, run_pipeline: bool = True) -> list[ImportRun]:
    """Import a directory laid out as docs/data-formats.md says, in order: homes, children, the SSDA903 years
    oldest first, then police incidents, custody and missing reports (with police/mapping.toml if present).
    Never reads truth/. Each file is its own all-or-nothing import.

    Matching and screening run once, after the last file (`run_pipeline`), not after each police file: the
    registers must be complete before people are linked, and one pass is far cheaper than three."""
    path = Path(path)
    runs: list[ImportRun] = []
    for kind, file, extra in directory_jobs(path):
        label = str(file.relative_to(path))
        say = (lambda msg, label=label: progress(label, msg)) if progress else None
        runs.append(import_file(kind=kind, path=file, user=user, skip_invalid=skip_invalid, progress=say,
                                after_import=False, **extra))
    changed_police = any(r.kind in ("incidents", "custody", "missing") and (r.rows_created or r.rows_updated)
                         for r in runs)
    if run_pipeline and changed_police:
        hooks.run_pipeline()
    return runs
