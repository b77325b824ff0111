"""Police importers: incidents (one row per person), custody records and missing-person reports.

Forces' layouts differ: a mapping file (mapping.py) turns a force's headers and values into Divert's fields
(NSIR). Records are keyed by the force's reference; a newer extract updates them. An update keeps the
links the matchers set (docs/adr/0002) unless a field matching relies on changed: then the link status goes
back to 'unmatched' so the record is matched again.
"""

import datetime as dt

from divert.police.models import CustodyRecord, Incident, Involvement, LinkStatus, MissingReport

from .. import codes, fields, rules
from ..problems import WARNING
from ..readers import Table
from .base import (
    BATCH,
    Binding,
    Column,
    Context,
    Counts,
    Prepared,
    Unit,
    bind,
    chunks,
    fast_insert,
    fetch_by,
    max_length,
    parse_row,
    problem,
    upsert,
)


def _text(model, name, field_name=None, *, required=False, multiline=False):
    limit = None if multiline else max_length(model, field_name or name)
    return Column(name, lambda v, _c: fields.text(v, max_length=limit, multiline=multiline), required=required)


def _postcode(model, name, field_name):
    limit = max_length(model, field_name)
    return Column(name, lambda v, _c: fields.postcode(v, max_length=limit))


def _int(name, lo, hi):
    return Column(name, lambda v, _c: fields.integer(v, minimum=lo, maximum=hi), default=None)


def _when(name, *, required=False):
    return Column(name, lambda v, c: fields.datetime(v, c.mapping.datetime_format if c.mapping else None),
                  required=required, default=None)


def _dob(name):
    def parse(value, ctx):
        fmt = ctx.mapping.date_format if ctx.mapping and ctx.mapping.date_format else None
        return fields.date(value, (fmt, "%d/%m/%Y") if fmt else ("%d/%m/%Y",))

    return Column(name, parse, default=None, soft=True)


def _code(name, allowed, what, *, default=""):
    return Column(name, lambda v, _c: fields.code(v, allowed, what=what, upper=what == "sex (M, F or U)"),
                  default=default)


SEX = "sex (M, F or U)"
INCIDENT_COLUMNS = [
    _text(Incident, "reference", required=True),
    _when("reported_at", required=True),
    _when("closed_at"),
    _text(Incident, "location", "location_text"),
    _postcode(Incident, "postcode", "location_postcode"),
    _text(Incident, "uprn", "location_uprn"),
    _int("easting", 0, 800000),
    _int("northing", 0, 1400000),
    _text(Incident, "opening_category"),
    _text(Incident, "closing_category"),
    Column("crime_recorded", lambda v, _c: fields.yes_no(v, codes.YES_NO), default=False),
    _text(Incident, "crime_type"),
    _text(Incident, "narrative", multiline=True),
    _code("reported_by", codes.REPORTED_BY, "reported_by", default="other"),
    _text(Involvement, "person_first_name", "first_name"),
    _text(Involvement, "person_last_name", "last_name"),
    _dob("person_date_of_birth"),
    _code("person_sex", codes.SEX, SEX),
    _code("person_role", codes.PERSON_ROLE, "person role"),
]
INCIDENT_FIELDS = {  # file field -> model field
    "reported_at": "reported_at", "closed_at": "closed_at", "location": "location_text",
    "postcode": "location_postcode", "uprn": "location_uprn", "easting": "easting", "northing": "northing",
    "opening_category": "opening_category", "closing_category": "closing_category",
    "crime_recorded": "crime_recorded", "crime_type": "crime_type", "narrative": "narrative",
    "reported_by": "reported_by",
}
LOCATION_FIELDS = {"location_text", "location_postcode", "location_uprn", "easting", "northing"}
PERSON_FIELDS = ["person_first_name", "person_last_name", "person_date_of_birth", "person_sex", "person_role"]
PERSON_COLUMNS = [c for c in INCIDENT_COLUMNS if c.name in PERSON_FIELDS]

CUSTODY_COLUMNS = [
    _text(CustodyRecord, "custody_reference", required=True),
    _when("arrested_at", required=True),
    _text(CustodyRecord, "first_name"),
    _text(CustodyRecord, "last_name"),
    _dob("date_of_birth"),
    _code("sex", codes.SEX, SEX),
    _text(CustodyRecord, "address_given"),
    _postcode(CustodyRecord, "postcode", "postcode"),
    _text(CustodyRecord, "offence"),
]
CUSTODY_MATCH_FIELDS = {"first_name", "last_name", "date_of_birth", "sex", "address_given", "postcode"}

MISSING_COLUMNS = [
    _text(MissingReport, "reference", required=True),
    _when("reported_missing_at", required=True),
    _when("found_at"),
    _code("risk_grade", codes.RISK_GRADE, "risk grade"),
    _text(MissingReport, "first_name"),
    _text(MissingReport, "last_name"),
    _dob("date_of_birth"),
    _code("sex", codes.SEX, SEX),
    _text(MissingReport, "missing_from_address"),
    _postcode(MissingReport, "missing_from_postcode", "missing_from_postcode"),
    _text(MissingReport, "location_found"),
    _postcode(MissingReport, "found_postcode", "found_postcode"),
    _int("found_easting", 0, 800000),
    _int("found_northing", 0, 1400000),
]
MISSING_MATCH_FIELDS = {"first_name", "last_name", "date_of_birth", "sex", "missing_from_address",
                        "missing_from_postcode"}

COLUMNS = {"incidents": INCIDENT_COLUMNS, "custody": CUSTODY_COLUMNS, "missing": MISSING_COLUMNS}
KNOWN_FIELDS = {kind: {c.name for c in cols} for kind, cols in COLUMNS.items()}


CLOCK_SLACK = dt.timedelta(hours=1)
EVENT = {"reported_at": "incident", "arrested_at": "arrest", "reported_missing_at": "missing report"}


def _lab(labels: dict, name: str) -> str:
    return labels.get(name, name)


def _bind_all(tables: dict[str, Table], ctx: Context, prepared: Prepared):
    for table in tables.values():
        binding, problems = bind(table, COLUMNS[ctx.kind], kind=ctx.kind, mapping=ctx.mapping)
        prepared.headers[table.name] = table.headers
        prepared.warnings += [p for p in problems if p.severity == WARNING]
        errors = [p for p in problems if p.severity != WARNING]
        prepared.file_problems += errors
        if not errors:
            yield table, binding


def _check_dates(unit: Unit, labels: dict, ctx: Context, *, start: str, end: str | None, dob: str | None,
                 row=None, data=None) -> None:
    """Event dates: not in the future, end not before start (errors). A person's date of birth in the future
    or after the event is a warning: the record still loads, with the date of birth as given, so that the
    incident or arrest is not lost and linkage can still weigh a mistyped date (NSIR)."""
    d = data if data is not None else unit.data
    for name in (start, end):
        if name:
            problem(unit, _lab(labels, name), rules.date_not_in_future(d[name], today=ctx.today), value=d[name],
                    rule="date_not_in_future", row=row)
    if end and d[start] and d[end]:
        slack = CLOCK_SLACK if (fields.clock_change_day(d[start].astimezone(fields.LONDON).date())
                                or fields.clock_change_day(d[end].astimezone(fields.LONDON).date())) else None
        problem(unit, _lab(labels, end), rules.end_not_before_start(d[start], d[end], slack=slack), value=d[end],
                rule="end_not_before_start", row=row)
    if dob:
        problem(unit, _lab(labels, dob), rules.date_not_in_future(d[dob], today=ctx.today), value=d[dob],
                rule="date_not_in_future", row=row, severity=WARNING)
        event = d[start].astimezone(fields.LONDON).date() if d[start] else None
        problem(unit, _lab(labels, dob), rules.born_before_event(d[dob], event, what=EVENT[start], who="person"),
                value=d[dob], rule="born_before_event", row=row, severity=WARNING)


# --- incidents -------------------------------------------------------------------------------------------------

def prepare_incidents(tables: dict[str, Table], ctx: Context) -> Prepared:
    prepared = Prepared()
    for table, binding in list(_bind_all(tables, ctx, prepared)):
        labels = binding.labels
        # Rows after the first of an incident usually repeat its fields exactly: parse only the person then.
        person_only = Binding(keys=binding.keys, labels=labels,
                              plan=[p for p in binding.plan if p[0].name in PERSON_FIELDS])
        incident_keys = [binding.keys.get(f) for f in INCIDENT_FIELDS]
        groups: dict[str, Unit] = {}
        for row in table.rows:
            prepared.rows_read += 1
            ref_key = binding.keys["reference"]
            ref = fields.as_text(row.values.get(ref_key, ""))
            unit = groups.get(ref) if ref else None
            if unit is not None and not unit.problems and all(
                    row.values.get(k) == unit.rows[0].values.get(k) for k in incident_keys if k):
                data, problems = parse_row(row, PERSON_COLUMNS, person_only, ctx, table.name)
                first = unit.data["incident"]
                data.update({f: first[f] for f in INCIDENT_FIELDS}, reference=first["reference"])
            else:
                data, problems = parse_row(row, INCIDENT_COLUMNS, binding, ctx, table.name)
            ref = data["reference"]
            if unit is None:
                unit = Unit(key=ref, file=table.name, rows=[row], data={"incident": data, "people": {}},
                            problems=problems)
                if ref:
                    groups[ref] = unit
                prepared.units.append(unit)
                _check_dates(unit, labels, ctx, start="reported_at", end="closed_at", dob=None, row=row, data=data)
            else:
                unit.rows.append(row)
                unit.problems += problems
                differing = rules.same_content(unit.data["incident"], data, list(INCIDENT_FIELDS))
                if differing and not problems:
                    problem(unit, _lab(labels, differing), f"duplicate reference with different content: incident "
                            f"{ref} is also on row {unit.first_row}, where {_lab(labels, differing)} differs",
                            value=data[differing], rule="same_content", row=row)
            _add_person(unit, data, row, labels, ctx)
    return prepared


def _add_person(unit: Unit, data: dict, row, labels: dict, ctx: Context) -> None:
    if not any(data[f] for f in PERSON_FIELDS):
        return
    if not data["person_role"]:
        problem(unit, _lab(labels, "person_role"), "missing mandatory field: a person is named but has no role",
                rule="mandatory_field", row=row)
        return
    d = {"reported_at": unit.data["incident"]["reported_at"], "person_date_of_birth": data["person_date_of_birth"]}
    _check_dates(unit, labels, ctx, start="reported_at", end=None, dob="person_date_of_birth", row=row, data=d)
    key = (data["person_first_name"], data["person_last_name"], data["person_date_of_birth"], data["person_role"])
    earlier = unit.data["people"].get(key)
    if earlier is None:
        unit.data["people"][key] = {"sex": data["person_sex"], "source_row": row.number}
    elif earlier["sex"] != data["person_sex"]:
        problem(unit, _lab(labels, "person_sex"), f"duplicate person with different content: the same person and "
                f"role are on row {earlier['source_row']} with another sex", value=data["person_sex"],
                rule="same_content", row=row)
    else:
        problem(unit, _lab(labels, "person_first_name"), f"the same person and role are on row "
                f"{earlier['source_row']}; this row was ignored", rule="duplicate_row", row=row, severity=WARNING)


def load_incidents(units: list[Unit], *, run, ctx: Context) -> Counts:
    counts = Counts()
    if not units:
        return counts
    file = units[0].file

    def reset_home(obj, changed: list[str]) -> list[str]:
        if LOCATION_FIELDS & set(changed) and obj.home_match_status != LinkStatus.UNMATCHED:
            obj.home_match_status = LinkStatus.UNMATCHED
            return ["home_match_status"]
        return []

    records = [(u.key, {INCIDENT_FIELDS[k]: u.data["incident"][k] for k in INCIDENT_FIELDS}, u.first_row)
               for u in units]
    existing = fetch_by(Incident, "reference", [u.key for u in units])
    incidents = upsert(Incident, "reference", records, run=run, file=file, counts=counts, existing=existing,
                       extra_update=reset_home)
    _sync_involvements(units, incidents, existing, counts=counts)
    return counts


def _sync_involvements(units: list[Unit], incidents: dict, existing: dict, *, counts: Counts) -> None:
    have: dict[int, dict[tuple, Involvement]] = {}
    old_ids = [obj.pk for obj in existing.values()]
    for batch in chunks(old_ids):
        for had in Involvement.objects.filter(incident_id__in=batch):
            have.setdefault(had.incident_id, {})[(had.first_name, had.last_name, had.date_of_birth, had.role)] = had
    to_create: list[dict] = []
    to_update: list[Involvement] = []
    to_delete: list[int] = []
    changed_link = 0
    for u in units:
        incident_id = incidents[u.key]
        current = have.get(incident_id, {})
        for key, person in u.data["people"].items():
            inv = current.get(key)
            if inv is None:
                to_create.append({"incident_id": incident_id, "first_name": key[0], "last_name": key[1],
                                  "date_of_birth": key[2], "role": key[3], "sex": person["sex"],
                                  "source_row": person["source_row"]})
                continue
            if inv.sex != person["sex"] or inv.source_row != person["source_row"]:
                if inv.sex != person["sex"]:
                    inv.sex = person["sex"]
                    inv.link_status = LinkStatus.UNMATCHED
                    changed_link += 1
                inv.source_row = person["source_row"]
                to_update.append(inv)
        to_delete += [inv.pk for key, inv in current.items() if key not in u.data["people"]]
    for batch in chunks(to_delete):
        Involvement.objects.filter(pk__in=batch).delete()
    fast_insert(Involvement, to_create)
    Involvement.objects.bulk_update(to_update, ["sex", "link_status", "source_row"], batch_size=BATCH)
    counts.add("involvement", created=len(to_create), updated=changed_link, deleted=len(to_delete))


# --- custody and missing reports -------------------------------------------------------------------------------

def _prepare_keyed(tables, ctx, *, columns, key: str, start: str, end: str | None) -> Prepared:
    prepared = Prepared()
    for table, binding in list(_bind_all(tables, ctx, prepared)):
        seen: dict[str, Unit] = {}
        for row in table.rows:
            prepared.rows_read += 1
            data, problems = parse_row(row, columns, binding, ctx, table.name)
            unit = Unit(key=data[key], file=table.name, rows=[row], data=data, problems=problems)
            _check_dates(unit, binding.labels, ctx, start=start, end=end, dob="date_of_birth")
            earlier = seen.get(unit.key) if unit.key else None
            if earlier is not None:
                differing = rules.same_content(earlier.data, data, [c.name for c in columns])
                if differing:
                    problem(unit, _lab(binding.labels, key), f"duplicate reference with different content: also on "
                            f"row {earlier.first_row}, where {_lab(binding.labels, differing)} differs",
                            value=unit.key, rule="same_content")
                else:
                    problem(unit, _lab(binding.labels, key), f"the same record is on row {earlier.first_row}; "
                            "this row was ignored", value=unit.key, rule="duplicate_row", severity=WARNING)
                    prepared.warnings += unit.problems
                    continue
            elif unit.key:
                seen[unit.key] = unit
            prepared.units.append(unit)
    return prepared


def _reset_link(match_fields: set[str]):
    def reset(obj, changed: list[str]) -> list[str]:
        if match_fields & set(changed) and obj.link_status != LinkStatus.UNMATCHED:
            obj.link_status = LinkStatus.UNMATCHED
            return ["link_status"]
        return []

    return reset


def prepare_custody(tables: dict[str, Table], ctx: Context) -> Prepared:
    return _prepare_keyed(tables, ctx, columns=CUSTODY_COLUMNS, key="custody_reference", start="arrested_at",
                          end=None)


def _load_keyed(units: list[Unit], *, run, model, columns, key: str, match_fields) -> Counts:
    """Upsert one record per unit by its source reference; a change to a matching field resets its link."""
    counts = Counts()
    if units:
        fields_ = [c.name for c in columns if c.name != key]
        records = [(u.key, {f: u.data[f] for f in fields_}, u.first_row) for u in units]
        upsert(model, key, records, run=run, file=units[0].file, counts=counts,
               extra_update=_reset_link(match_fields))
    return counts


def load_custody(units: list[Unit], *, run, ctx: Context) -> Counts:
    return _load_keyed(units, run=run, model=CustodyRecord, columns=CUSTODY_COLUMNS, key="custody_reference",
                       match_fields=CUSTODY_MATCH_FIELDS)


def prepare_missing(tables: dict[str, Table], ctx: Context) -> Prepared:
    return _prepare_keyed(tables, ctx, columns=MISSING_COLUMNS, key="reference", start="reported_missing_at",
                          end="found_at")


def load_missing(units: list[Unit], *, run, ctx: Context) -> Counts:
    return _load_keyed(units, run=run, model=MissingReport, columns=MISSING_COLUMNS, key="reference",
                       match_fields=MISSING_MATCH_FIELDS)
