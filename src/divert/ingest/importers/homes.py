"""Homes register importer: homes.csv (docs/data-formats.md). Key: URN; a newer extract updates by URN."""

from divert.registers.models import Home, Provider

from .. import codes, fields, rules
from ..readers import Table
from .base import Column, Context, Counts, Prepared, Unit, bind, max_length, parse_row, problem, upsert

KIND = "homes"


def _text(model, name, *, required=False):
    limit = max_length(model, name)
    return Column(name, lambda v, _c: fields.text(v, max_length=limit), required=required)


def _int(name, lo, hi):
    return Column(name, lambda v, _c: fields.integer(v, minimum=lo, maximum=hi), default=None)


def _date(name):
    return Column(name, lambda v, _c: fields.date(v), default=None)


COLUMNS = [
    _text(Home, "urn", required=True),
    _text(Home, "name", required=True),
    Column("provider", lambda v, _c: fields.text(v, max_length=max_length(Provider, "name")), required=True),
    Column("provider_type", lambda v, _c: fields.code(v, codes.PROVIDER_TYPE, what="provider type", upper=False),
           required=True),
    Column("setting_type", lambda v, _c: fields.code(v, codes.SETTING_TYPE, what="setting type", upper=False),
           required=True),
    _int("registered_places", 0, 32767),
    _text(Home, "address_line1", required=True),
    _text(Home, "address_line2"),
    _text(Home, "address_line3"),
    _text(Home, "town"),
    Column("postcode", lambda v, _c: fields.postcode(v, max_length=max_length(Home, "postcode")), required=True),
    _text(Home, "uprn"),
    _int("easting", 0, 800000),
    _int("northing", 0, 1400000),
    _date("opened_on"),
    _date("closed_on"),
]
HOME_FIELDS = [c.name for c in COLUMNS if c.name not in ("urn", "provider", "provider_type")]


def prepare(tables: dict[str, Table], ctx: Context) -> Prepared:
    prepared = Prepared()
    for table in tables.values():
        binding, file_problems = bind(table, COLUMNS, kind=KIND, mapping=ctx.mapping)
        prepared.headers[table.name] = table.headers
        prepared.warnings += [p for p in file_problems if p.severity == "warning"]
        prepared.file_problems += [p for p in file_problems if p.severity == "error"]
        if prepared.file_problems:
            continue
        seen: dict[str, Unit] = {}
        provider_kind: dict[str, tuple[str, int]] = {}
        for row in table.rows:
            prepared.rows_read += 1
            data, problems = parse_row(row, COLUMNS, binding, ctx, table.name)
            unit = Unit(key=data["urn"], file=table.name, rows=[row], data=data, problems=problems)
            for name in ("opened_on", "closed_on"):
                problem(unit, binding.labels.get(name, name),
                        rules.date_within_future_horizon(data[name], today=ctx.today, days=ctx.future_days),
                        value=data[name], rule="date_within_future_horizon")
            problem(unit, "closed_on", rules.opened_before_closed(data["opened_on"], data["closed_on"]),
                    value=data["closed_on"], rule="opened_before_closed")
            if data["provider"] and data["provider_type"]:
                first = provider_kind.setdefault(data["provider"], (data["provider_type"], row.number))
                if first[0] != data["provider_type"]:
                    problem(unit, "provider_type", f"duplicate provider with different content: row {first[1]} "
                            f"gives this provider type {first[0]}", value=data["provider_type"],
                            rule="same_content")
            earlier = seen.get(unit.key) if unit.key else None
            if earlier is not None:
                differing = rules.same_content(earlier.data, data, [c.name for c in COLUMNS])
                if differing:
                    problem(unit, "urn", f"duplicate reference with different content: URN also on row "
                            f"{earlier.first_row}, {differing} differs", value=unit.key, rule="same_content")
                else:
                    problem(unit, "urn", f"the same home is on row {earlier.first_row}; this row was ignored",
                            value=unit.key, rule="duplicate_row", severity="warning")
                    prepared.warnings += unit.problems
                    continue
            else:
                seen[unit.key] = unit
            prepared.units.append(unit)
    return prepared


def load(units: list[Unit], *, run, ctx: Context) -> Counts:
    counts = Counts()
    if not units:
        return counts
    providers: dict[str, tuple[dict, int, str]] = {}
    for u in units:
        providers.setdefault(u.data["provider"], ({"kind": u.data["provider_type"]}, u.first_row, u.file))
    file = units[0].file
    by_name = upsert(Provider, "name", [(name, vals, row) for name, (vals, row, _f) in providers.items()],
                     run=run, file=file, counts=counts)
    records = []
    for u in units:
        values = {name: u.data[name] for name in HOME_FIELDS}
        values["provider_id"] = by_name[u.data["provider"]]
        records.append((u.key, values, u.first_row))
    upsert(Home, "urn", records, run=run, file=file, counts=counts)
    return counts
