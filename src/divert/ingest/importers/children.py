"""Children's register importer: children.csv, names and aliases the 903 does not carry (docs/adr/0003).

Key: child_id (the 903 CHILD id). A newer extract updates the child's names, date of birth, sex, postcode and
social worker, and replaces the child's aliases with those in the file.
"""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from divert.registers.models import Child, ChildAlias

from .. import codes, fields, rules
from ..fields import FieldError
from ..readers import Table
from .base import (
    Column,
    Context,
    Counts,
    Prepared,
    Unit,
    bind,
    chunks,
    fast_insert,
    max_length,
    parse_row,
    problem,
    upsert,
)

KIND = "children"
ALIAS_KIND = "alias"


def _text(name, *, required=False):
    limit = max_length(Child, name)
    return Column(name, lambda v, _c: fields.text(v, max_length=limit), required=required)


def _email(value, _ctx) -> str:
    s = fields.text(value, max_length=max_length(Child, "social_worker_email"))
    try:
        validate_email(s)
    except ValidationError as exc:
        raise FieldError("is not an email address") from exc
    return s


def parse_aliases(value, _ctx=None) -> list[tuple[str, str]]:
    """`;`-separated `First Last` names: the first word is the first name, the rest the last name."""
    limit = max_length(ChildAlias, "first_name")
    out: list[tuple[str, str]] = []
    for part in fields.text(value, max_length=2000).split(";"):
        words = part.split()
        if not words:
            continue
        first, last = words[0], " ".join(words[1:])
        if len(first) > limit or len(last) > max_length(ChildAlias, "last_name"):
            raise FieldError(f"an alias is longer than {limit} characters")
        if (first, last) not in out:
            out.append((first, last))
    return out


COLUMNS = [
    _text("child_id", required=True),
    _text("first_name", required=True),
    _text("last_name", required=True),
    Column("aliases", parse_aliases, default=[]),
    Column("date_of_birth", lambda v, _c: fields.date(v), required=True, default=None),
    Column("sex", lambda v, _c: fields.code(v, codes.SEX, what="sex (M, F or U)")),
    Column("postcode", lambda v, _c: fields.postcode(v, max_length=max_length(Child, "postcode"))),
    _text("social_worker_name"),
    Column("social_worker_email", _email),
]
CHILD_FIELDS = ["first_name", "last_name", "date_of_birth", "sex", "postcode", "social_worker_name",
                "social_worker_email"]


def prepare(tables: dict[str, Table], ctx: Context) -> Prepared:
    prepared = Prepared()
    for table in tables.values():
        binding, file_problems = bind(table, COLUMNS, kind=KIND, mapping=None)
        prepared.headers[table.name] = table.headers
        prepared.warnings += [p for p in file_problems if p.severity == "warning"]
        prepared.file_problems += [p for p in file_problems if p.severity == "error"]
        if prepared.file_problems:
            continue
        seen: dict[str, Unit] = {}
        for row in table.rows:
            prepared.rows_read += 1
            data, problems = parse_row(row, COLUMNS, binding, ctx, table.name)
            unit = Unit(key=data["child_id"], file=table.name, rows=[row], data=data, problems=problems)
            problem(unit, binding.labels.get("date_of_birth", "date_of_birth"),
                    rules.date_not_in_future(data["date_of_birth"], today=ctx.today),
                    value=data["date_of_birth"], rule="date_not_in_future")
            earlier = seen.get(unit.key) if unit.key else None
            if earlier is not None:
                differing = rules.same_content(earlier.data, data, [c.name for c in COLUMNS])
                if differing:
                    problem(unit, "child_id", f"duplicate reference with different content: child also on row "
                            f"{earlier.first_row}, {differing} differs", value=unit.key, rule="same_content")
                else:
                    prepared.warnings.append(_dup_warning(unit, earlier))
                    continue
            elif unit.key:
                seen[unit.key] = unit
            prepared.units.append(unit)
    return prepared


def _dup_warning(unit: Unit, earlier: Unit):
    from ..problems import WARNING, Problem

    return Problem(file=unit.file, row=unit.first_row, column="child_id", value=str(unit.key),
                   reason=f"the same child is on row {earlier.first_row}; this row was ignored", severity=WARNING,
                   rule="duplicate_row")


def load(units: list[Unit], *, run, ctx: Context) -> Counts:
    counts = Counts()
    if not units:
        return counts
    file = units[0].file
    records = [(u.key, {n: u.data[n] for n in CHILD_FIELDS}, u.first_row) for u in units]
    children = upsert(Child, "child_id", records, run=run, file=file, counts=counts)
    sync_aliases(units, children, run=run, file=file, counts=counts)
    return counts


def sync_aliases(units: list[Unit], children: dict, *, run, file: str, counts: Counts) -> None:
    wanted: dict[int, dict[tuple[str, str], int]] = {}
    for u in units:
        wanted[children[u.key]] = {alias: u.first_row for alias in u.data["aliases"]}
    have: dict[int, dict[tuple[str, str], tuple[int, str]]] = {}
    for batch in chunks(wanted):
        for pk, child_id, first, last, kind in ChildAlias.objects.filter(child_id__in=batch).values_list(
                "pk", "child_id", "first_name", "last_name", "kind"):
            have.setdefault(child_id, {})[(first, last)] = (pk, kind)
    to_create, to_delete = [], []
    for child_pk, aliases in wanted.items():
        existing = have.get(child_pk, {})
        for (first, last), row in aliases.items():
            if (first, last) not in existing:
                to_create.append({"child_id": child_pk, "first_name": first, "last_name": last, "kind": ALIAS_KIND,
                                  "import_run_id": run.pk, "source_file": file[:255], "source_row": row})
        to_delete += [pk for key, (pk, kind) in existing.items() if key not in aliases and kind == ALIAS_KIND]
    fast_insert(ChildAlias, to_create)
    for batch in chunks(to_delete):
        ChildAlias.objects.filter(pk__in=batch).delete()
    counts.add("childalias", created=len(to_create), deleted=len(to_delete))
