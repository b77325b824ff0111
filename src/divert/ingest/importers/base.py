"""What every importer shares: columns, row parsing into typed values, problems, prepared units, counts.

An importer prepares (parses and validates, no writes) and then loads (writes, inside the caller's
transaction). Preparing yields *units*: one record to load built from one or more rows (an incident is built
from one row per person). A unit with a problem is rejected whole, with every row it came from.
"""

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from divert.core.batches import batched

from ..fields import FieldError, as_text
from ..mapping import Mapping
from ..problems import ERROR, WARNING, Problem
from ..readers import Cell, Formula, Row, Table

BATCH = 500
CHUNK = 900


POLICE_KINDS = ("incidents", "custody", "missing")  # files a force may send in its own layout

@dataclass
class Column:
    name: str
    parse: Callable[[Cell, "Context"], Any]
    required: bool = False  # a value must be given
    mandatory: bool | None = None  # the column must be present (defaults to `required`)
    default: Any = ""
    mappable_values: bool = True
    # A soft column's bad value is a warning and the row loads without it (a police record is never dropped for
    # a mistyped date of birth: the arrest or incident still happened; docs/importing.md).
    soft: bool = False

    @property
    def must_exist(self) -> bool:
        return self.required if self.mandatory is None else self.mandatory


@dataclass
class Context:
    kind: str
    today: dt.date
    mapping: Mapping | None = None
    year: int | None = None
    future_days: int = 365  # how far ahead a planned date may be (settings.DIVERT["IMPORT_FUTURE_DAYS"])


@dataclass
class Unit:
    """One record to load, built from one or more rows of one file."""

    key: Any
    file: str
    rows: list[Row]
    data: dict
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(p.severity == ERROR for p in self.problems)

    @property
    def first_row(self) -> int:
        return self.rows[0].number


@dataclass
class Prepared:
    units: list[Unit] = field(default_factory=list)
    file_problems: list[Problem] = field(default_factory=list)  # the whole file: always refuses
    warnings: list[Problem] = field(default_factory=list)
    rows_read: int = 0
    headers: dict[str, list[str]] = field(default_factory=dict)  # file -> headers as written

    @property
    def good(self) -> list[Unit]:
        return [u for u in self.units if u.ok]

    @property
    def bad(self) -> list[Unit]:
        return [u for u in self.units if not u.ok]

    def row_problems(self) -> list[Problem]:
        out: list[Problem] = []
        for u in self.units:
            out.extend(p for p in u.problems if p.severity == ERROR)
        return sorted(out, key=lambda p: (p.file, p.row or 0))

    def all_warnings(self) -> list[Problem]:
        out = list(self.warnings)
        for u in self.units:
            out.extend(p for p in u.problems if p.severity == WARNING)
        return out

    @property
    def rows_rejected(self) -> int:
        return len({(u.file, r.number) for u in self.bad for r in u.rows})


@dataclass
class Counts:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    deleted: dict[str, int] = field(default_factory=dict)

    def add(self, model: str, *, created: int = 0, updated: int = 0, deleted: int = 0) -> None:
        if deleted:
            self.deleted[model] = self.deleted.get(model, 0) + deleted
        if created:
            self.created[model] = self.created.get(model, 0) + created
        if updated:
            self.updated[model] = self.updated.get(model, 0) + updated

    @property
    def total_created(self) -> int:
        return sum(self.created.values())

    @property
    def total_updated(self) -> int:
        return sum(self.updated.values())


@dataclass
class Binding:
    """Which column of the file feeds which Divert field, and a parse plan with a cache per column."""

    keys: dict[str, str]  # divert field -> normalised header in the table
    labels: dict[str, str]  # divert field -> header as written (for reports)
    plan: list = field(default_factory=list)


def bind(table: Table, columns: list[Column], *, kind: str, mapping: Mapping | None) -> tuple[Binding, list[Problem]]:
    """Match the file's headers to the importer's columns (case-insensitive; through the mapping if given)."""
    header_map = mapping.header_map(kind) if mapping else {}
    known = {c.name for c in columns}
    keys: dict[str, str] = {}
    labels: dict[str, str] = {}
    problems: list[Problem] = []
    unknown: list[str] = []
    for header, key in zip(table.headers, table.keys, strict=True):
        target = header_map.get(key) or (key if key in known else None)
        if target is None or target not in known:
            unknown.append(header)
            continue
        if target in keys:
            problems.append(Problem(file=table.name, row=None, column=header, value="",
                                    reason=f"two columns both give {target}", rule="header"))
            continue
        keys[target] = key
        labels[target] = header
    missing = [c.name for c in columns if c.must_exist and c.name not in keys]
    if missing:
        # Name a missing column as the force's file would head it (from the mapping), not by Divert's field.
        force_headers = {target: key for key, target in header_map.items()}
        named = [f"{force_headers[m]} ({m})" if m in force_headers else m for m in missing]
        hint = ""
        if mapping:
            hint = " (check the mapping file)"
        elif kind in POLICE_KINDS and len(unknown) >= len(table.headers) / 2:
            hint = (" - this looks like a force's own layout imported without its mapping: give the mapping file "
                    "with --mapping FILE.toml (or set DIVERT_POLICE_MAPPING)")
        problems.append(Problem(
            file=table.name, row=None, column=", ".join(named), value="",
            reason=("the file has no column for the mandatory field(s) " + ", ".join(named) + hint
                    + "; the file's columns are: " + ", ".join(table.headers)),
            rule="mandatory_column",
        ))
    if unknown:
        problems.append(Problem(file=table.name, row=None, column=", ".join(unknown), value="",
                                reason="these columns are not used by Divert and were ignored",
                                severity=WARNING, rule="unknown_column"))
    absent = [c.name for c in columns if not c.must_exist and c.name not in keys]
    if absent:
        problems.append(Problem(file=table.name, row=None, column=", ".join(absent), value="",
                                reason="these optional columns are not in the file; they are taken as blank",
                                severity=WARNING, rule="optional_column"))
    binding = Binding(keys=keys, labels=labels)
    for col in columns:
        exact = folded = None
        if mapping is not None and col.mappable_values:
            exact = mapping.values.get(kind, {}).get(col.name)
            folded = mapping.folded.get(kind, {}).get(col.name)
        binding.plan.append((col, keys.get(col.name), labels.get(col.name, col.name), exact, folded, {}))
    return binding, problems


_MISS = object()


def parse_row(row: Row, columns: list[Column], binding: Binding, ctx: Context, file: str) -> tuple[dict, list[Problem]]:
    """Typed values for one row, and a problem for each cell that is missing or wrong.

    Parsed values are cached per column and raw value: files repeat dates, codes and names many times."""
    data: dict[str, Any] = {}
    problems: list[Problem] = []
    values = row.values
    for col, key, label, exact, folded, cache in binding.plan:
        raw: Cell = values.get(key, "") if key else ""
        if raw.__class__ is Formula:
            problems.append(Problem(file=file, row=row.number, column=label, value=str(raw)[:200],
                                    reason="the cell holds a formula, not a value: Divert reads values only; "
                                           "copy the column and paste it as values, then import again",
                                    severity=WARNING if col.soft else ERROR, rule="formula_cell"))
            data[col.name] = col.default
            continue
        if raw.__class__ is str:
            if not raw or raw.isspace():
                if col.required:
                    problems.append(Problem(file=file, row=row.number, column=label, value="",
                                            reason="missing mandatory field", rule="mandatory_field"))
                data[col.name] = col.default
                continue
            if exact:
                raw = exact.get(raw) or folded.get(raw.strip().casefold(), raw)
            hit = cache.get(raw, _MISS)
            if hit is _MISS:
                try:
                    hit = col.parse(raw, ctx)
                except FieldError as exc:
                    hit = exc
                if len(cache) < 200_000:
                    cache[raw] = hit
        else:
            try:
                hit = col.parse(raw, ctx)
            except FieldError as exc:
                hit = exc
        if isinstance(hit, FieldError):
            if col.soft:
                problems.append(Problem(file=file, row=row.number, column=label, value=as_text(raw)[:200],
                                        reason=f"{hit.reason}; loaded without it", rule="field_format",
                                        severity=WARNING))
            else:
                problems.append(Problem(file=file, row=row.number, column=label, value=as_text(raw)[:200],
                                        reason=hit.reason, rule="field_format"))
            data[col.name] = col.default
        else:
            data[col.name] = hit
    if row.extra:
        problems.append(Problem(file=file, row=row.number, column="(after the last column)",
                                value=", ".join(row.extra)[:200],
                                reason="the row has more values than the header has columns", rule="row_shape"))
    if row.missing:
        problems.append(Problem(file=file, row=row.number, column=row.missing[0], value="",
                                reason=f"the row has fewer values than the header has columns ({len(row.missing)} "
                                       f"missing, from {row.missing[0]} on): the line looks cut off",
                                rule="row_shape"))
    return data, problems


def problem(unit: Unit, column: str, reason: str | None, *, value: Any = "", rule: str, row: Row | None = None,
            severity: str = ERROR) -> None:
    """Add a problem to a unit if `reason` is set (a rule's answer)."""
    if not reason:
        return
    shown = as_text(value) if value not in (None, "") else ""
    unit.problems.append(Problem(file=unit.file, row=(row or unit.rows[0]).number, column=column,
                                 value=shown[:200], reason=reason, severity=severity, rule=rule))


def chunks(items: Iterable, size: int = CHUNK) -> Iterator[list]:
    return batched(items, size)


def fetch_by(model, field_name: str, values: Iterable, *, only: list[str] | None = None) -> dict:
    """Existing rows keyed by `field_name`, fetched in chunks (no per-row queries)."""
    found: dict = {}
    for batch in chunks(sorted(set(values))):
        qs = model.objects.filter(**{f"{field_name}__in": batch})
        if only:
            qs = qs.only(*only)
        for obj in qs:
            found[getattr(obj, field_name)] = obj
    return found


def max_length(model, field_name: str) -> int:
    return model._meta.get_field(field_name).max_length


def source(run, file: str, row: int) -> dict:
    return {"import_run": run, "source_file": file[:255], "source_row": row}


def differs(obj, values: dict) -> list[str]:
    return [name for name, value in values.items() if getattr(obj, name) != value]


def fast_insert(model, rows: list[dict]) -> None:
    """Insert many rows with one prepared INSERT per batch (executemany), skipping model instances.

    Django's bulk_create spends most of its time building model instances and compiling each value; imports
    insert tens of thousands of rows whose values are already validated. `rows` hold attnames (`child_id`);
    fields left out take their default; auto_now(_add) timestamps are set to now.
    """
    from django.db import connection, models
    from django.utils import timezone

    if not rows:
        return
    now = timezone.now()
    ops = connection.ops
    fields = [f for f in model._meta.concrete_fields if not isinstance(f, models.AutoField)]
    plan = []
    for f in fields:
        if isinstance(f, models.DateTimeField):
            conv = ops.adapt_datetimefield_value
        elif isinstance(f, models.DateField):
            conv = ops.adapt_datefield_value
        elif isinstance(f, models.JSONField):
            conv = partial(f.get_db_prep_save, connection=connection)
        else:
            conv = None
        auto = getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        default = now if auto else f.get_default()
        if auto and conv is not None:
            default, conv = conv(now), None
        plan.append((f.attname, conv, auto, default))
    table = connection.ops.quote_name(model._meta.db_table)
    cols = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    sql = f"INSERT INTO {table} ({cols}) VALUES ({', '.join(['%s'] * len(fields))})"
    values = []
    for row in rows:
        out = []
        for attname, conv, auto, default in plan:
            v = default if auto else row.get(attname, default)
            out.append(conv(v) if conv is not None and v is not None else v)
        values.append(out)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and hasattr(cursor.cursor, "copy"):
            # PostgreSQL: COPY is several times faster than INSERT for tens of thousands of rows.
            with cursor.cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                for out in values:
                    copy.write_row(out)
            return
        for batch in chunks(values, 1000):
            cursor.executemany(sql, batch)


def upsert(model, key_field: str, records: list[tuple[Any, dict, int]], *, run, file: str, counts: Counts,
           existing: dict | None = None, extra_update: Callable[[Any, list[str]], list[str]] | None = None,
           key_kwargs: Callable[[Any], dict] | None = None,
           existing_key: Callable[[Any], Any] | None = None) -> dict:
    """Create or update rows by their source reference; untouched when nothing changed.

    `records` are (key, values, source row). Returns key -> primary key for every record. `extra_update(obj,
    changed_fields)` may adjust an object being updated (e.g. reset a link status) and returns the further
    fields it set. New rows are inserted with fast_insert and their keys read back; `existing_key(obj)` gives
    the key of a row read back (default: its `key_field`).
    """
    from django.utils import timezone

    if existing is None:
        existing = fetch_by(model, key_field, [k for k, _, _ in records])
    now = timezone.now()
    to_create: list[dict] = []
    to_update = []
    update_fields: set[str] = set()
    result: dict = {}
    for key, values, row in records:
        obj = existing.get(key)
        if obj is None:
            keys = key_kwargs(key) if key_kwargs else {key_field: key}
            to_create.append({**keys, **values, "import_run_id": run.pk, "source_file": file[:255],
                              "source_row": row})
            continue
        result[key] = obj.pk
        changed = differs(obj, values)
        if not changed:
            continue
        for name in changed:
            setattr(obj, name, values[name])
        if extra_update:
            changed = changed + extra_update(obj, changed)
        obj.import_run, obj.source_file, obj.source_row = run, file[:255], row
        obj.updated_at = now
        update_fields.update(changed)
        to_update.append(obj)
    fast_insert(model, to_create)
    if to_create:
        created_keys = {k for k, _, _ in records if k not in result}
        if key_kwargs is None:
            for batch in chunks(created_keys):
                result.update(model.objects.filter(**{f"{key_field}__in": batch}).values_list(key_field, "pk"))
        else:
            for obj in model.objects.filter(import_run=run).only(*_key_fields(key_kwargs, records)):
                k = existing_key(obj) if existing_key else None
                if k in created_keys:
                    result[k] = obj.pk
    if to_update:
        fields = sorted(update_fields | {"import_run", "source_file", "source_row", "updated_at"})
        model.objects.bulk_update(to_update, fields, batch_size=BATCH)
    counts.add(model._meta.model_name, created=len(to_create), updated=len(to_update))
    return result


def _key_fields(key_kwargs, records) -> list[str]:
    return ["pk", *key_kwargs(records[0][0]).keys()] if records else ["pk"]
