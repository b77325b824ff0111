"""The DfE XML SSDA903 return (EXPSSDA903): read into the CSV route's tables, checked by the same rules."""

from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from divert.ingest.actions import import_file
from divert.ingest.models import ImportRun
from divert.ingest.readers import ReadError
from divert.ingest.ssda903_xml import read_903_xml
from divert.registers.models import Child, OC2Record, Placement, SSDA903Missing

from .conftest import (
    EPISODES,
    EPISODES_HEADER,
    HEADER,
    HEADER_HEADER,
    MISSING,
    MISSING_HEADER,
    OC2,
    OC2_HEADER,
    write_csv,
)

# The shared data beside the clone (CI: ../shared) or one level up (a worktree under wt/).
SHARED = next((p / "shared" / "data" / "ssda903" / "fake_2017_18" for p in Path(__file__).resolve().parents[3:5]
               if (p / "shared" / "data" / "ssda903" / "fake_2017_18").is_dir()), Path("/nonexistent"))


def _el(tag: str, value: str) -> str:
    return f"<{tag}>{escape(value)}</{tag}>" if value else f"<{tag} />"


def to_xml(header, episodes, missing, oc2) -> str:
    """The DfE XML layout: CHILD > HEADER (with OC2 and AMISSING inside) and EPISODEs (PL for PLACE)."""
    out = ["<?xml version='1.0' encoding='utf-8'?>", "<EXPSSDA903>"]
    for h in header:
        d = dict(zip(HEADER_HEADER, h, strict=True))
        parts = [_el("CHILDID", d["CHILD"])] + [_el(k, d[k]) for k in HEADER_HEADER[1:]]
        parts.append("<AREVIEW><REVIEW>01/06/2025</REVIEW><REVIEW_CODE>PN1</REVIEW_CODE></AREVIEW>")
        for m in missing:
            if m[0] == d["CHILD"]:
                md = dict(zip(MISSING_HEADER, m, strict=True))
                parts.append("<AMISSING>" + "".join(_el(k, md[k]) for k in ("MISSING", "MIS_START", "MIS_END"))
                             + "</AMISSING>")
        for o in oc2:
            if o[0] == d["CHILD"]:
                od = dict(zip(OC2_HEADER, o, strict=True))
                parts.append("<OC2>" + "".join(_el(k, od[k]) for k in OC2_HEADER[2:]) + "</OC2>")
        eps = []
        for e in episodes:
            if e[0] == d["CHILD"]:
                ed = dict(zip(EPISODES_HEADER, e, strict=True))
                eps.append("<EPISODE>" + "".join(_el("PL" if k == "PLACE" else k, ed[k])
                                                 for k in EPISODES_HEADER[1:]) + "</EPISODE>")
        out.append("<CHILD><HEADER>" + "".join(parts) + "</HEADER>" + "".join(eps) + "</CHILD>")
    out.append("</EXPSSDA903>")
    return "\n".join(out)


def bad_return():
    """A small return with rows that break DfE rules in each table, child by child (the XML's order)."""
    header = [list(r) for r in HEADER] + [["C003", "5", "01/01/2012", "WBRI", "", "", ""],  # SEX 5
                                          ["C004", "1", "01/01/2013", "XXXX", "", "", ""]]  # ETHNIC
    episodes = [list(r) for r in EPISODES] + [
        ["C003", "01/06/2025", "S", "C2", "N1", "U1", "PR1", "", "", "", "", "", "XXXXXXX"],
        ["C004", "01/06/2025", "Q", "C2", "N1", "U1", "PR1", "", "X1", "", "", "", "XXXXXXX"],  # RNE, REC w/o DEC
    ]
    episodes[1][EPISODES_HEADER.index("LS")] = "Z9"
    missing = [list(MISSING[0]), ["C002", "15/07/2011", "Q", "03/10/2025", ""]]
    oc2 = [list(OC2[0]), ["C002", "15/07/2011", "99", "", "0", "1", "1", "1", "1", "0", "", ""]]
    return header, episodes, missing, oc2


def write_pair(root: Path, rows) -> tuple[Path, Path]:
    header, episodes, missing, oc2 = rows
    csv_dir = root / "csv" / "2026"
    write_csv(csv_dir / "header.csv", HEADER_HEADER, header)
    write_csv(csv_dir / "episodes.csv", EPISODES_HEADER, episodes)
    write_csv(csv_dir / "missing.csv", MISSING_HEADER, missing)
    write_csv(csv_dir / "oc2.csv", OC2_HEADER, oc2)
    xml = root / "xml" / "2026" / "return.xml"
    xml.parent.mkdir(parents=True)
    xml.write_text(to_xml(header, episodes, missing, oc2), encoding="utf-8")
    return csv_dir, xml


TABLE_OF = {"header.csv": "Header", "episodes.csv": "Episodes", "missing.csv": "Missing", "oc2.csv": "OC2"}


def refused(run) -> set[tuple]:
    out = set()
    for p in run.problems:
        name = p["file"].rsplit("/", 1)[-1]
        table = TABLE_OF.get(name) or name.split("(")[-1].rstrip(")")
        out.add((table, p["row"], p["column"], p["rule"]))
    return out


def test_xml_and_csv_refuse_the_same_rows_for_the_same_rules(tmp_path, db):
    csv_dir, xml = write_pair(tmp_path, bad_return())
    by_csv = import_file(kind="ssda903", path=csv_dir)
    by_xml = import_file(kind="ssda903", path=xml)
    assert by_csv.status == by_xml.status == ImportRun.Status.REFUSED
    assert refused(by_csv) == refused(by_xml)
    rules = {r for _t, _row, _c, r in refused(by_xml)}
    assert {"field_format", "ended_episode_has_reason", "child_header_rejected"} <= rules
    assert (by_csv.rows_read, by_csv.rows_rejected) == (by_xml.rows_read, by_xml.rows_rejected) == (13, 7)


def test_xml_loads_the_same_records_as_csv(tmp_path, db):
    rows = ([list(r) for r in HEADER], [list(r) for r in EPISODES], [list(r) for r in MISSING],
            [list(r) for r in OC2])
    _csv_dir, xml = write_pair(tmp_path, rows)
    run = import_file(kind="ssda903", path=xml)
    assert run.status == ImportRun.Status.LOADED, run.problems
    assert run.rows_read == 7 and run.options["created"] == {"child": 2, "placement": 3, "ssda903missing": 1,
                                                             "oc2record": 1}
    assert Placement.objects.get(child__child_id="C001", dec=None).place == "K2"
    assert SSDA903Missing.objects.get().missing_type == "M" and OC2Record.objects.get().sdq_score == 12
    assert Child.objects.get(child_id="C001").upn == "A123456789012"
    assert {w["rule"] for w in run.warnings} >= {"table_not_stored"}  # the AREVIEW rows: Reviews, skipped by name
    again = import_file(kind="ssda903", path=xml)
    assert again.status == ImportRun.Status.UNCHANGED


@pytest.mark.parametrize("text, reason", [
    ("<EXPSSDA903></EXPSSDA903>", "holds no CHILD"),
    ("<Children><CHILD/></Children>", "not <EXPSSDA903>"),
    ("<EXPSSDA903><CHILD>", "not well-formed"),
    ('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><EXPSSDA903>&a;</EXPSSDA903>', "unsafe"),
])
def test_bad_xml_is_refused_never_loaded_with_0_rows(tmp_path, db, text, reason):
    path = tmp_path / "2026" / "r.xml"
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ReadError, match=reason):
        read_903_xml(path)
    run = import_file(kind="ssda903", path=path)
    assert run.status == ImportRun.Status.REFUSED and reason in run.problems[0]["reason"]
    assert import_file(kind="ssda903", path=path).status == ImportRun.Status.REFUSED  # never "already imported"


def test_xml_for_another_kind_is_refused(tmp_path, db):
    path = tmp_path / "children.xml"
    path.write_text("<EXPSSDA903><CHILD/></EXPSSDA903>", encoding="utf-8")
    run = import_file(kind="children", path=path)
    assert run.status == ImportRun.Status.REFUSED and "XML only for SSDA903" in run.problems[0]["reason"]


@pytest.mark.skipif(not (SHARED / "fake_903.xml").is_file(), reason="the public fake 903 return is not here")
def test_public_fake_xml_return_reads_every_child():
    tables = read_903_xml(SHARED / "fake_903.xml")
    sizes = {name.split("(")[-1].rstrip(")"): len(t.rows) for name, t in tables.items()}
    text = (SHARED / "fake_903.xml").read_text(encoding="ascii")
    assert sizes["Header"] == text.count("<CHILD>") and sizes["Episodes"] == text.count("<EPISODE>")
    assert sizes["Reviews"] == text.count("<AREVIEW>") and sizes["Missing"] == text.count("<AMISSING>")
