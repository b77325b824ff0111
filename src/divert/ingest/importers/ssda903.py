"""SSDA903 importer: the Header, Episodes, Missing and OC2 tables of one collection year (DfE SSDA903 guidance).

Header rows create or update children (keyed by CHILD); episodes create or update placements keyed by
(child, DECOM), with the home found by URN in the homes register (import homes first; an unknown URN is a
warning and leaves the home empty); Missing rows are keyed by (child, MIS_START, MISSING), OC2 rows by (child,
year). A record from a later collection year is never overwritten by an earlier one.
"""

import datetime as dt
import re

from divert.registers.models import Child, Home, OC2Record, Placement, SSDA903Missing
from divert.standards.ssda903_codes import code_lists

from .. import codes, fields, rules
from ..problems import WARNING, Problem
from ..readers import Table
from .base import Binding, Column, Context, Counts, Prepared, Unit, bind, chunks, max_length, parse_row, problem, upsert

KIND = "ssda903"
TABLES = ("header", "episodes", "missing", "oc2")


def _code(listed: str, what: str, *, required=False):
    """A coded column checked against the code list of the return's collection year (ssda903_codes)."""
    return lambda name: Column(name, lambda v, c: fields.code(v, code_lists(c.year or 0)[listed],
                                                              what=f"{_season(c.year)} {what}"),
                               required=required)


def _season(year: int | None) -> str:
    return f"{year - 1}-{str(year)[2:]}" if year else ""


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
        Column("ethnic", lambda v, c: fields.code(v, code_lists(c.year or 0)["Header.ETHNIC"],
                                                          what=f"{_season(c.year)} ethnicity")),
        _text(Child, "upn", "upn"),
        # MOTHER and MC_DOB are not stored by Divert: a bad value is a warning, never a reason to refuse the child.
        Column("mother", lambda v, _c: fields.code(v, {"0", "1"}, what="0/1"), soft=True),
        Column("mc_dob", lambda v, _c: fields.date(v), default=None, soft=True),
    ],
    "episodes": [
        CHILD,
        _date("decom", required=True),
        _code("Episodes.RNE", "RNE (reason for new episode)", required=True)("rne"),
        _code("Episodes.LS", "LS (legal status)", required=True)("ls"),
        _code("Episodes.CIN", "CIN (category of need)", required=True)("cin"),
        _code("Episodes.PLACE", "PLACE (placement type)", required=True)("place"),
        _code("Episodes.PLACE_PROVIDER", "PLACE_PROVIDER")("place_provider"),
        _date("dec"),
        _code("Episodes.REC", "REC (reason episode ceased)")("rec"),
        _code("Episodes.REASON_PLACE_CHANGE", "REASON_PLACE_CHANGE")("reason_place_change"),
        Column("home_post", lambda v, _c: postcode_903(v, max_length=max_length(Placement, "home_post"))),
        Column("pl_post", lambda v, _c: postcode_903(v, max_length=max_length(Placement, "pl_post"))),
        _text(Placement, "urn", "urn"),
    ],
    "missing": [
        CHILD,
        _date("dob"),
        _code("Missing.MISSING", "MISSING (M missing, A away without authorisation)", required=True)("missing"),
        _date("mis_start", required=True),
        _date("mis_end"),
    ],
    "oc2": [
        CHILD,
        _date("dob"),
        Column("sdq_score", lambda v, _c: fields.integer(v, minimum=0, maximum=40), default=None),
        _code("OC2.SDQ_REASON", "SDQ_REASON")("sdq_reason"),
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


_FULL_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")


def postcode_903(value, *, max_length: int) -> str:
    """HOME_POST and PL_POST as the DfE SSDA903 guidance writes them: capitals, the outward and inward codes
    separated by one space ("ng71aa" -> "NG7 1AA"); a partial postcode (the 903 allows the sector, "NG7 1")
    keeps its parts, single-spaced."""
    text = " ".join(fields.as_text(value).upper().split())
    compact = text.replace(" ", "")
    m = _FULL_POSTCODE.match(compact)
    if m:
        text = f"{m.group(1)} {m.group(2)}"
    return fields.text(text, max_length=max_length)


def _bad_sex():
    raise fields.FieldError("unknown SEX code (expected 1 male or 2 female)")


# The tables of the 903 return and their columns, as the DfE SSDA903 specification defines them (the
# liia-tools SSDA903 schemas, 2017-2024; SocialWorker from 2023-24). A file is identified by its columns.
RETURN_TABLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "header": ("Header", ("CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB")),
    "episodes": ("Episodes", ("CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC",
                              "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN")),
    "missing": ("Missing", ("CHILD", "DOB", "MISSING", "MIS_START", "MIS_END")),
    "oc2": ("OC2", ("CHILD", "DOB", "SDQ_SCORE", "SDQ_REASON", "CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS",
                    "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED",
                    "INTERVENTION_OFFERED")),
    "oc3": ("OC3", ("CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM")),
    "ad1": ("AD1", ("CHILD", "DOB", "DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR",
                    "LS_ADOPTR")),
    "placed_adoption": ("PlacedAdoption", ("CHILD", "DOB", "DATE_PLACED", "DATE_PLACED_CEASED",
                                           "REASON_PLACED_CEASED")),
    "prev_perm": ("PrevPerm", ("CHILD", "DOB", "PREV_PERM", "LA_PERM", "DATE_PERM")),
    "reviews": ("Reviews", ("CHILD", "DOB", "REVIEW", "REVIEW_CODE")),
    "uasc": ("UASC", ("CHILD", "SEX", "DOB", "DUC")),
    "social_worker": ("SocialWorker", ("CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON")),
}


def _own_columns() -> dict[str, frozenset[str]]:
    """Each table's columns that no other table of the return has (CHILD, DOB and SEX are shared)."""
    out = {}
    for name, (_label, cols) in RETURN_TABLES.items():
        others = {c for other, (_l, oc) in RETURN_TABLES.items() if other != name for c in oc}
        out[name] = frozenset(c.lower() for c in cols if c not in others)
    return out


OWN_COLUMNS = _own_columns()


class Unidentified(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def identify(table: Table) -> str | None:
    """Which table of the 903 return a file holds, by its columns alone (never by its file name): the one
    table whose own columns it has (DfE SSDA903 specification, table layouts). None when it has no 903
    table's columns; Unidentified when it mixes the columns of two tables."""
    keys = set(table.keys)
    found = [name for name, own in OWN_COLUMNS.items() if keys & own]
    if len(found) > 1:
        labels = " and ".join(RETURN_TABLES[n][0] for n in found)
        raise Unidentified(f"the file has columns of several 903 tables ({labels}); give each table its own file")
    if found:
        return found[0]
    # Only shared columns (CHILD, SEX, DOB): the one table Divert stores that has all of them (a Header table
    # cut down to CHILD, SEX, DOB); UASC without DUC says nothing.
    known = keys & {c.lower() for _l, cols in RETURN_TABLES.values() for c in cols}
    fits = [name for name in COLUMNS if known and known <= {c.lower() for c in RETURN_TABLES[name][1]}]
    return fits[0] if len(fits) == 1 else None


def table_label(which: str) -> str:
    return RETURN_TABLES[which][0]


def prepare(tables: dict[str, Table], ctx: Context) -> Prepared:
    prepared = Prepared()
    if ctx.year is None:
        prepared.file_problems.append(Problem(
            file=", ".join(tables), row=None, column="", value="",
            reason="the collection year is unknown: put the files in a folder named after the year (2026) or "
                   "give --year", rule="collection_year"))
        return prepared
    by_table: dict[str, tuple[Table, Binding]] = {}
    for table in tables.values():
        prepared.headers[table.name] = table.headers
        try:
            which = identify(table)
        except Unidentified as exc:
            prepared.file_problems.append(Problem(file=table.name, row=None, column="", value="",
                                                  reason=exc.reason, rule="table_identified"))
            continue
        if which is None:
            prepared.warnings.append(Problem(
                file=table.name, row=None, column="", value="",
                reason="not a table of the 903 return (its columns " + ", ".join(table.headers)[:200]
                       + " are not those of any 903 table); the file was not read", severity=WARNING,
                rule="unknown_table"))
            continue
        if which not in COLUMNS:
            prepared.warnings.append(Problem(
                file=table.name, row=None, column="", value="",
                reason=f"the 903 {table_label(which)} table ({len(table.rows)} rows) is part of the return but "
                       "Divert does not store it; it was skipped", severity=WARNING, rule="table_not_stored"))
            continue
        if which in by_table:
            prepared.file_problems.append(Problem(file=table.name, row=None, column="", value="",
                                                  reason=f"two files hold the {table_label(which)} table "
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
    if not any(table.rows for table, _binding in by_table.values()):
        prepared.file_problems.append(Problem(
            file=", ".join(tables), row=None, column="", value="",
            reason="the return holds no row of the tables Divert stores (Header, Episodes, Missing, OC2): "
                   "there is nothing to load", rule="return_not_empty"))
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
    rejected: dict[str, Unit] = {}
    dobs = _known_children(units, ctx, labels.get("header", {}), rejected)
    _check_episodes(units.get("episodes", []), dobs, ctx, labels.get("episodes", {}), rejected)
    _check_missing(units.get("missing", []), dobs, ctx, labels.get("missing", {}), rejected)
    _check_oc2(units.get("oc2", []), dobs, labels.get("oc2", {}), rejected, episodes=units.get("episodes"),
               year=ctx.year)
    warn_open_episode_rejected(units.get("episodes", []), labels.get("episodes", {}))
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


def _known_children(units: dict[str, list[Unit]], ctx: Context, labels: dict,
                    rejected_headers: dict[str, Unit]) -> dict[str, dt.date]:
    """CHILD -> DOB for children in this header table (good rows) or already in the register; the children
    whose only header row was rejected go to `rejected_headers`."""
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
        elif d["child"] and d["child"] not in dobs:
            rejected_headers[d["child"]] = unit
    return dobs


def _child_known(unit: Unit, dobs: dict, labels: dict, rejected_headers: dict[str, Unit]) -> dt.date | None:
    """A row's CHILD is in the return's Header table or the register (DfE SSDA903 validation: every child in a
    table has a header). A child whose header row was rejected is not 'unknown': the row is refused with the
    header row's own reason, so that fixing the header fixes both."""
    child = unit.data["child"]
    if child and child not in dobs:
        header = rejected_headers.get(child)
        if header is not None:
            why = "; ".join(f"{p.column}: {p.reason}" for p in header.problems if p.severity != WARNING)
            problem(unit, _lab(labels, "child"), f"the child's Header row ({header.file} row {header.first_row}) "
                    f"was rejected ({why}); this row cannot load without it", value=child,
                    rule="child_header_rejected")
        else:
            problem(unit, _lab(labels, "child"), "unknown CHILD: not in this return's header table or the "
                    "register", value=child, rule="child_known")
        return None
    dob = dobs.get(child)
    row_dob = unit.data.get("dob")
    if dob and row_dob and row_dob != dob:
        problem(unit, _lab(labels, "dob"), f"DOB differs from the child's date of birth ({dob:%d/%m/%Y})",
                value=row_dob, rule="same_content")
    return dob


def _check_episodes(units: list[Unit], dobs: dict, ctx: Context, labels: dict, rejected: dict) -> None:
    assert ctx.year is not None, "prepare() returns before the checks when the collection year is unknown"
    seen: dict = {}
    urns = {u.data["urn"] for u in units if u.data["urn"] not in codes.NO_URN}
    homes: set[str] = set()
    for batch in chunks(urns):
        homes.update(Home.objects.filter(urn__in=batch).values_list("urn", flat=True))
    for unit in units:
        d = unit.data
        dob = _child_known(unit, dobs, labels, rejected)
        for name in ("decom", "dec"):
            problem(unit, _lab(labels, name), rules.date_not_in_future(d[name], today=ctx.today), value=d[name],
                    rule="date_not_in_future")
            problem(unit, _lab(labels, name), rules.within_collection_year(d[name], year=ctx.year),
                    value=d[name], rule="within_collection_year")
        problem(unit, _lab(labels, "dec"), rules.end_not_before_start(d["decom"], d["dec"]), value=d["dec"],
                rule="end_not_before_start")
        problem(unit, _lab(labels, "decom"), rules.born_before_event(dob, d["decom"], what="episode start (DECOM)"),
                value=d["decom"], rule="born_before_event")
        if not any(p.column in (_lab(labels, "rec"), _lab(labels, "dec")) for p in unit.problems):
            # (a REC or DEC that could not be read is reported once, not again as a missing one)
            problem(unit, _lab(labels, "rec"), rules.ended_episode_has_reason(d["dec"], d["rec"]), value=d["rec"],
                    rule="ended_episode_has_reason")
        if d["urn"] not in codes.NO_URN and d["urn"] not in homes:
            problem(unit, _lab(labels, "urn"), "URN is not in the homes register; the placement is loaded without "
                    "a home (import the homes register first)", value=d["urn"], rule="home_known",
                    severity=WARNING)
        if d["child"] and d["decom"]:
            _dedupe(unit, seen, (d["child"], d["decom"]), [c.name for c in COLUMNS["episodes"]], labels, "episode")


def warn_open_episode_rejected(units: list[Unit], labels: dict) -> None:
    """A child's open episode (no DEC) that is rejected: if the return loads without it (--skip-invalid), the
    child's latest loaded episode has ended, so the child looks as if they had left care (DfE SSDA903: a child
    still looked after at 31 March has an open episode). Said as a warning on the row."""
    for unit in units:
        d = unit.data
        if unit.ok or d.get("dec") is not None or not d.get("child") or unit.data.get("_duplicate"):
            continue
        problem(unit, _lab(labels, "dec"), f"this is child {d['child']}'s open episode (no DEC) and it was "
                "rejected: loaded without it, the child would look as if they had left care",
                value=d["child"], rule="open_episode_rejected", severity=WARNING)


def _check_missing(units: list[Unit], dobs: dict, ctx: Context, labels: dict, rejected: dict) -> None:
    assert ctx.year is not None, "prepare() returns before the checks when the collection year is unknown"
    seen: dict = {}
    for unit in units:
        d = unit.data
        dob = _child_known(unit, dobs, labels, rejected)
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


def _check_oc2(units: list[Unit], dobs: dict, labels: dict, rejected: dict, *, episodes: list[Unit] | None,
               year: int) -> None:
    seen: dict = {}
    history = _episodes_by_child(episodes, {u.data["child"] for u in units if u.data["child"]})
    for unit in units:
        dob = _child_known(unit, dobs, labels, rejected)
        d = unit.data
        if d["child"]:
            _dedupe(unit, seen, d["child"], [c.name for c in COLUMNS["oc2"]], labels, "OC2 row")
        if d["convicted"] is None:
            continue
        under_10 = rules.convicted_blank_under_10(d["convicted"], dob, year=year)
        problem(unit, _lab(labels, "convicted"), under_10, value="1" if d["convicted"] else "0",
                rule="dfe_542_convicted_blank_under_10")
        if not under_10:
            continuous = rules.looked_after_continuously_12_months(history.get(d["child"], []), year=year)
            problem(unit, _lab(labels, "convicted"),
                    rules.convicted_only_if_looked_after_12_months(d["convicted"], continuous),
                    value="1" if d["convicted"] else "0", rule="dfe_190_convicted_only_looked_after_12_months")


def _episodes_by_child(episodes: list[Unit] | None, children: set[str]) -> dict[str, list[dict]]:
    """Each child's episodes: the return's own (every row read, as the DfE validates the return as sent) or,
    when the return has no Episodes table, the register's placements."""
    out: dict[str, list[dict]] = {}
    if episodes is not None:
        for u in episodes:
            if u.data.get("child") and not u.data.get("_duplicate"):
                out.setdefault(u.data["child"], []).append(u.data)
        return out
    for batch in chunks(children):
        for child, decom, dec, rne, ls, rec in Placement.objects.filter(child__child_id__in=batch).values_list(
                "child__child_id", "decom", "dec", "rne", "legal_status", "rec"):
            out.setdefault(child, []).append({"decom": decom, "dec": dec, "rne": rne, "ls": ls, "rec": rec})
    return out


def load(units: list[Unit], *, run, ctx: Context) -> Counts:
    counts = Counts()
    year = ctx.year
    assert year is not None, "import_file() loads nothing when prepare() refused an unknown collection year"
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
