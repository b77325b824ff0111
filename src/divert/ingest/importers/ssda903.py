"""SSDA903 importer: the Header, Episodes, Missing and OC2 tables of one collection year (domain.md 5).

Header rows create or update children (keyed by CHILD); episodes create or update placements keyed by
(child, DECOM), with the home found by URN in the homes register (import homes first; an unknown URN is a
warning and leaves the home empty); Missing rows are keyed by (child, MIS_START, MISSING), OC2 rows by (child,
year). A record from a later collection year is never overwritten by an earlier one.
"""

import datetime as dt

from divert.registers.models import Child, Home, OC2Record, Placement, SSDA903Missing

from .. import codes, fields, rules
from ..problems import WARNING, Problem
from ..readers import Table
from .base import Column, Context, Counts, Prepared, Unit, bind, chunks, max_length, parse_row, problem, upsert

KIND = "ssda903"
TABLES = ("header", "episodes", "missing", "oc2")


def _code(allowed, what, *, required=False):
    return lambda name: Column(name, lambda v, _c: fields.code(v, allowed, what=what), required=required)


def _text(model, name, field_name, *, required=False, upper=True):
    limit = max_length(model, field_name)
    if not upper:
        return Column(name, lambda v, _c: fields.text(v, max_length=limit), required=required)
    return Column(name, lambda v, _c: fields.text(v, max_length=limit).upper(), required=required)


def _date(name, *, required=False):
    return Column(name, lambda v, _c: fields.date(v), required=required, default=None)


def _flag(name):
    return Column(name, lambda v, _c: fields.code(v, {"0", "1"}, what="0/1") == "1", default=None)


CHILD = _text(Child, "child", "child_id", required=True, upper=False)
COLUMNS = {
    "header": [
        CHILD,
        Column("sex", lambda v, _c: codes.SEX_903.get(fields.as_text(v).upper()) or _bad_sex(), required=True),
        _date("dob", required=True),
        Column("ethnic", lambda v, _c: fields.code(v, codes.ETHNIC, what="ethnicity")),
        _text(Child, "upn", "upn"),
        Column("mother", lambda v, _c: fields.code(v, {"0", "1"}, what="0/1")),
        _date("mc_dob"),
    ],
    "episodes": [
        CHILD,
        _date("decom", required=True),
        _code(codes.RNE, "RNE (reason for new episode)", required=True)("rne"),
        _code(codes.LEGAL_STATUS, "LS (legal status)", required=True)("ls"),
        _code(codes.CIN, "CIN (category of need)", required=True)("cin"),
        _code(codes.PLACE, "PLACE (placement type)", required=True)("place"),
        _code(codes.PLACE_PROVIDER, "PLACE_PROVIDER")("place_provider"),
        _date("dec"),
        _code(codes.REC, "REC (reason episode ceased)")("rec"),
        _code(codes.REASON_PLACE_CHANGE, "REASON_PLACE_CHANGE")("reason_place_change"),
        _text(Placement, "home_post", "home_post"),
        _text(Placement, "pl_post", "pl_post"),
        _text(Placement, "urn", "urn"),
    ],
    "missing": [
        CHILD,
        _date("dob"),
        _code(codes.MISSING, "MISSING (M missing, A away without authorisation)", required=True)("missing"),
        _date("mis_start", required=True),
        _date("mis_end"),
    ],
    "oc2": [
        CHILD,
        _date("dob"),
        Column("sdq_score", lambda v, _c: fields.integer(v, minimum=0, maximum=40), default=None),
        _code(codes.SDQ_REASON, "SDQ_REASON")("sdq_reason"),
        _flag("convicted"),
        _flag("health_check"),
        _flag("immunisations"),
        _flag("teeth_check"),
        _flag("health_assessment"),
        _flag("substance_misuse"),
        _flag("intervention_received"),
        _flag("intervention_offered"),
    ],
}
OC2_EXTRA = ["sdq_reason", "health_check", "immunisations", "teeth_check", "health_assessment",
             "intervention_received", "intervention_offered"]


def _bad_sex():
    raise fields.FieldError("unknown SEX code (expected 1 male or 2 female)")


def identify(table: Table) -> str | None:
    """Which 903 table a file holds: by its columns, else by its name (header.csv, episodes.csv...)."""
    keys = set(table.keys)
    if "decom" in keys:
        return "episodes"
    if "missing" in keys or "mis_start" in keys:
        return "missing"
    if keys & {"convicted", "sdq_score", "health_check"}:
        return "oc2"
    if "sex" in keys and "child" in keys and "duc" not in keys:  # UASC also has CHILD, SEX (and DUC)
        return "header"
    stem = table.name.lower()
    for name in TABLES:
        if name in stem:
            return name
    return None


def prepare(tables: dict[str, Table], ctx: Context) -> Prepared:
    prepared = Prepared()
    if ctx.year is None:
        prepared.file_problems.append(Problem(
            file=", ".join(tables), row=None, column="", value="",
            reason="the collection year is unknown: put the files in a folder named after the year (2026) or "
                   "give --year", rule="collection_year"))
        return prepared
    by_table: dict[str, tuple[Table, object]] = {}
    for table in tables.values():
        prepared.headers[table.name] = table.headers
        which = identify(table)
        if which is None:
            prepared.warnings.append(Problem(file=table.name, row=None, column="", value="",
                                             reason="not a 903 table Divert imports (header, episodes, missing, "
                                                    "oc2); the file was not read", severity=WARNING,
                                             rule="unknown_table"))
            continue
        if which in by_table:
            prepared.file_problems.append(Problem(file=table.name, row=None, column="", value="",
                                                  reason=f"two files hold the {which} table "
                                                         f"({by_table[which][0].name} and {table.name})",
                                                  rule="duplicate_table"))
            continue
        binding, problems = bind(table, COLUMNS[which], kind=KIND, mapping=None)
        prepared.warnings += [p for p in problems if p.severity == WARNING]
        errors = [p for p in problems if p.severity != WARNING]
        prepared.file_problems += errors
        if not errors:
            by_table[which] = (table, binding)
    if prepared.file_problems:
        return prepared
    units: dict[str, list[Unit]] = {}
    for which in TABLES:
        if which not in by_table:
            continue
        table, binding = by_table[which]
        units[which] = []
        for row in table.rows:
            prepared.rows_read += 1
            data, problems = parse_row(row, COLUMNS[which], binding, ctx, table.name)
            units[which].append(Unit(key=None, file=table.name, rows=[row], data=data, problems=problems))
    labels = {which: by_table[which][1].labels for which in by_table}
    dobs = _known_children(units, ctx, labels.get("header", {}))
    _check_episodes(units.get("episodes", []), dobs, ctx, labels.get("episodes", {}), prepared)
    _check_missing(units.get("missing", []), dobs, ctx, labels.get("missing", {}))
    _check_oc2(units.get("oc2", []), dobs, labels.get("oc2", {}))
    for which in TABLES:
        for unit in units.get(which, []):
            unit.data["_table"] = which
            if unit.data.get("_duplicate"):
                prepared.warnings += unit.problems
            else:
                prepared.units.append(unit)
    return prepared


def _lab(labels: dict, name: str) -> str:
    return labels.get(name, name.upper())


def _dedupe(unit: Unit, seen: dict, key, compare: list[str], labels: dict, what: str) -> None:
    earlier = seen.get(key)
    if earlier is None:
        seen[key] = unit
        return
    differing = rules.same_content(earlier.data, unit.data, compare)
    if differing:
        problem(unit, _lab(labels, "child"), f"duplicate {what} with different content: also on row "
                f"{earlier.first_row}, {differing.upper()} differs", value=unit.data["child"], rule="same_content")
    else:
        problem(unit, _lab(labels, "child"), f"the same {what} is on row {earlier.first_row}; this row was ignored",
                value=unit.data["child"], rule="duplicate_row", severity=WARNING)
        unit.data["_duplicate"] = True


def _known_children(units: dict[str, list[Unit]], ctx: Context, labels: dict) -> dict[str, dt.date]:
    """CHILD -> DOB for children in this header table (good rows) or already in the register."""
    ids = {u.data["child"] for rows in units.values() for u in rows if u.data.get("child")}
    dobs: dict[str, dt.date] = {}
    for batch in chunks(ids):
        dobs.update(Child.objects.filter(child_id__in=batch).values_list("child_id", "date_of_birth"))
    seen: dict[str, Unit] = {}
    for unit in units.get("header", []):
        d = unit.data
        problem(unit, _lab(labels, "dob"), rules.date_not_in_future(d["dob"], today=ctx.today), value=d["dob"],
                rule="date_not_in_future")
        if d["child"]:
            _dedupe(unit, seen, d["child"], ["sex", "dob", "ethnic", "upn", "mother", "mc_dob"], labels, "child")
        if unit.ok and d["child"] and d["dob"]:
            dobs[d["child"]] = d["dob"]
    return dobs


def _child_known(unit: Unit, dobs: dict, labels: dict) -> dt.date | None:
    child = unit.data["child"]
    if child and child not in dobs:
        problem(unit, _lab(labels, "child"), "unknown CHILD: not in this return's header table or the register",
                value=child, rule="child_known")
        return None
    dob = dobs.get(child)
    row_dob = unit.data.get("dob")
    if dob and row_dob and row_dob != dob:
        problem(unit, _lab(labels, "dob"), f"DOB differs from the child's date of birth ({dob:%d/%m/%Y})",
                value=row_dob, rule="same_content")
    return dob


def _check_episodes(units: list[Unit], dobs: dict, ctx: Context, labels: dict, prepared: Prepared) -> None:
    seen: dict = {}
    urns = {u.data["urn"] for u in units if u.data["urn"] not in codes.NO_URN}
    homes = set()
    for batch in chunks(urns):
        homes.update(Home.objects.filter(urn__in=batch).values_list("urn", flat=True))
    for unit in units:
        d = unit.data
        dob = _child_known(unit, dobs, labels)
        for name in ("decom", "dec"):
            problem(unit, _lab(labels, name), rules.date_not_in_future(d[name], today=ctx.today), value=d[name],
                    rule="date_not_in_future")
            problem(unit, _lab(labels, name), rules.within_collection_year(d[name], year=ctx.year),
                    value=d[name], rule="within_collection_year")
        problem(unit, _lab(labels, "dec"), rules.end_not_before_start(d["decom"], d["dec"]), value=d["dec"],
                rule="end_not_before_start")
        problem(unit, _lab(labels, "decom"), rules.born_before_event(dob, d["decom"], what="episode start (DECOM)"),
                value=d["decom"], rule="born_before_event")
        problem(unit, _lab(labels, "rec"), rules.ended_episode_has_reason(d["dec"], d["rec"]), value=d["rec"],
                rule="ended_episode_has_reason")
        if d["place"]:
            problem(unit, _lab(labels, "place"), rules.place_code_in_use(d["place"], year=ctx.year),
                    value=d["place"], rule="place_code_in_use", severity=WARNING)
        if d["urn"] not in codes.NO_URN and d["urn"] not in homes:
            problem(unit, _lab(labels, "urn"), "URN is not in the homes register; the placement is loaded without "
                    "a home (import the homes register first)", value=d["urn"], rule="home_known",
                    severity=WARNING)
        if d["child"] and d["decom"]:
            _dedupe(unit, seen, (d["child"], d["decom"]), [c.name for c in COLUMNS["episodes"]], labels, "episode")


def _check_missing(units: list[Unit], dobs: dict, ctx: Context, labels: dict) -> None:
    seen: dict = {}
    for unit in units:
        d = unit.data
        dob = _child_known(unit, dobs, labels)
        for name in ("mis_start", "mis_end"):
            problem(unit, _lab(labels, name), rules.date_not_in_future(d[name], today=ctx.today), value=d[name],
                    rule="date_not_in_future")
        problem(unit, _lab(labels, "mis_start"), rules.within_collection_year(d["mis_start"], year=ctx.year),
                value=d["mis_start"], rule="within_collection_year")
        problem(unit, _lab(labels, "mis_end"), rules.end_not_before_start(d["mis_start"], d["mis_end"]),
                value=d["mis_end"], rule="end_not_before_start")
        problem(unit, _lab(labels, "mis_start"), rules.born_before_event(dob, d["mis_start"], what="missing start"),
                value=d["mis_start"], rule="born_before_event")
        if d["child"] and d["mis_start"] and d["missing"]:
            _dedupe(unit, seen, (d["child"], d["mis_start"], d["missing"]), ["mis_end", "dob"], labels,
                    "missing episode")


def _check_oc2(units: list[Unit], dobs: dict, labels: dict) -> None:
    seen: dict = {}
    for unit in units:
        _child_known(unit, dobs, labels)
        if unit.data["child"]:
            _dedupe(unit, seen, unit.data["child"], [c.name for c in COLUMNS["oc2"]], labels, "OC2 row")


def load(units: list[Unit], *, run, ctx: Context) -> Counts:
    counts = Counts()
    year = ctx.year
    by_table: dict[str, list[Unit]] = {t: [] for t in TABLES}
    for u in units:
        by_table[u.data["_table"]].append(u)
    header = by_table["header"]
    pks: dict[str, int] = {}
    if header:
        records = [(u.data["child"], {"sex": u.data["sex"], "date_of_birth": u.data["dob"],
                                      "ethnicity": u.data["ethnic"], "upn": u.data["upn"]}, u.first_row)
                   for u in header]
        pks = upsert(Child, "child_id", records, run=run, file=header[0].file, counts=counts)
    ids = {u.data["child"] for u in units} - set(pks)
    for batch in chunks(ids):
        pks.update(Child.objects.filter(child_id__in=batch).values_list("child_id", "pk"))
    _load_episodes(by_table["episodes"], pks, run=run, year=year, counts=counts)
    _load_keyed(SSDA903Missing, by_table["missing"], pks, run=run, year=year, counts=counts,
                key=lambda u: (pks[u.data["child"]], u.data["mis_start"], u.data["missing"]),
                existing_key=lambda o: (o.child_id, o.start, o.missing_type),
                key_kwargs=lambda k: {"child_id": k[0], "start": k[1], "missing_type": k[2]},
                values=lambda u: {"end": u.data["mis_end"], "collection_year": year})
    _load_keyed(OC2Record, by_table["oc2"], pks, run=run, year=year, counts=counts,
                key=lambda u: (pks[u.data["child"]], year),
                existing_key=lambda o: (o.child_id, o.collection_year),
                key_kwargs=lambda k: {"child_id": k[0], "collection_year": k[1]},
                values=lambda u: {"convicted": u.data["convicted"], "sdq_score": u.data["sdq_score"],
                                  "substance_misuse": u.data["substance_misuse"],
                                  "extra": {k: u.data[k] for k in OC2_EXTRA}})
    return counts


def _load_keyed(model, units, pks, *, run, year, counts, key, existing_key, key_kwargs, values) -> None:
    if not units:
        return
    existing = {}
    for batch in chunks({pks[u.data["child"]] for u in units}):
        for obj in model.objects.filter(child_id__in=batch):
            existing[existing_key(obj)] = obj
    records = []
    for u in units:
        k = key(u)
        old = existing.get(k)
        if old is not None and old.collection_year > year:
            continue  # never overwrite a later collection year's record with an earlier one
        records.append((k, values(u), u.first_row))
    upsert(model, "", records, run=run, file=units[0].file, counts=counts, existing=existing, key_kwargs=key_kwargs,
           existing_key=existing_key)


def _load_episodes(units: list[Unit], pks: dict, *, run, year: int, counts: Counts) -> None:
    if not units:
        return
    urns = {u.data["urn"] for u in units if u.data["urn"] not in codes.NO_URN}
    homes: dict[str, int] = {}
    for batch in chunks(urns):
        homes.update(Home.objects.filter(urn__in=batch).values_list("urn", "pk"))

    def values(u: Unit) -> dict:
        d = u.data
        return {"dec": d["dec"], "rne": d["rne"], "legal_status": d["ls"], "cin": d["cin"], "place": d["place"],
                "place_provider": d["place_provider"], "rec": d["rec"],
                "reason_place_change": d["reason_place_change"], "home_post": d["home_post"],
                "pl_post": d["pl_post"], "urn": d["urn"], "home_id": homes.get(d["urn"]), "collection_year": year}

    _load_keyed(Placement, units, pks, run=run, year=year, counts=counts,
                key=lambda u: (pks[u.data["child"]], u.data["decom"]),
                existing_key=lambda o: (o.child_id, o.decom),
                key_kwargs=lambda k: {"child_id": k[0], "decom": k[1]},
                values=values)
