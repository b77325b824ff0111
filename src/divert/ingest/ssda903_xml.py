"""Read an SSDA903 return in the DfE XML format (root EXPSSDA903) into the same tables as the CSV route.

The DfE SSDA903 XML specification nests the return by child: each CHILD holds a HEADER (CHILDID, SEX, DOB,
ETHNIC, UPN, MOTHER, MC_DOB, and the child's OC2, AREVIEW, PERMANENCE, UASC/DUC, OC3, AD1 and AD_PLACED data),
its EPISODEs (PL is the CSV's PLACE) and its AMISSING episodes (inside HEADER or beside it). The tables built
here have the CSV's column names, so the 903 importer checks both formats with the same rules, and a problem is
reported against the file, the table, the row number within that table (the Nth EPISODE of the file...) and the
column.

The file is read with a streaming parser (defusedxml's iterparse: no entity expansion, no external entities,
no DTD), one CHILD at a time, so a large return does not build its whole tree in memory.
"""

from pathlib import Path

import defusedxml.ElementTree as SafeET
from defusedxml.common import DefusedXmlException

from .importers.ssda903 import RETURN_TABLES
from .readers import ReadError, Row, Table

ROOT = "EXPSSDA903"
# XML element names that differ from the CSV column names.
RENAMED = {"CHILDID": "CHILD", "PL": "PLACE"}


def looks_like_xml(path: Path) -> bool:
    """An XML file by its name or its first bytes (a CSV never starts with '<')."""
    if path.suffix.lower() == ".xml":
        return True
    try:
        with Path(path).open("rb") as fh:
            start = fh.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
    except OSError:
        return False
    return start.startswith(b"<")


class _Builder:
    def __init__(self, name: str):
        self.name = name
        self.rows: dict[str, list[Row]] = {which: [] for which in RETURN_TABLES}

    def add(self, which: str, values: dict[str, str]) -> None:
        headers = RETURN_TABLES[which][1]
        cells = [values.get(h, "") for h in headers]
        rows = self.rows[which]
        rows.append(Row(number=len(rows) + 1, values={h.lower(): c for h, c in zip(headers, cells, strict=True)},
                        raw=cells))

    def tables(self) -> dict[str, Table]:
        out = {}
        for which, rows in self.rows.items():
            if not rows:
                continue
            label = RETURN_TABLES[which][0]
            name = f"{self.name} ({label})"
            out[name] = Table(name=name, headers=list(RETURN_TABLES[which][1]), rows=rows, encoding="xml")
        return out


def _text(el) -> str:
    return (el.text or "").strip()


def _fields(el) -> dict[str, str]:
    """An element's leaf children as column -> text (elements with children of their own are left out)."""
    return {RENAMED.get(c.tag, c.tag): _text(c) for c in el if len(c) == 0}


def _child(el, out: _Builder) -> None:
    header = el.find("HEADER")
    head = _fields(header) if header is not None else {}
    child, dob = head.get("CHILD", ""), head.get("DOB", "")
    ids = {"CHILD": child, "DOB": dob}
    if header is not None:
        out.add("header", head)
        for sub in header:
            _nested(sub, ids, out)
        if head.get("DUC"):
            out.add("uasc", head)
        if any(head.get(k) for k in ("IN_TOUCH", "ACTIV", "ACCOM")):
            out.add("oc3", head)
        if any(head.get(k) for k in ("DATE_INT", "DATE_MATCH")):
            out.add("ad1", head)
    for sub in el:
        if sub.tag == "EPISODE":
            out.add("episodes", {**_fields(sub), "CHILD": child})
        elif sub.tag != "HEADER":
            _nested(sub, ids, out)


NESTED = {"OC2": "oc2", "AMISSING": "missing", "AREVIEW": "reviews", "PERMANENCE": "prev_perm",
          "AD_PLACED": "placed_adoption", "SWEPISODE": "social_worker", "SW_EPISODE": "social_worker"}


def _nested(sub, ids: dict[str, str], out: _Builder) -> None:
    which = NESTED.get(sub.tag)
    if which is not None and len(sub):
        out.add(which, {**_fields(sub), **ids})


def read_903_xml(path: Path) -> dict[str, Table]:
    """The tables of a DfE SSDA903 XML return, named `FILE (Header)`, `FILE (Episodes)`... Raises ReadError
    when the file is not well-formed XML, is not an EXPSSDA903 return, holds no CHILD, or tries an XML
    entity, DTD or external reference (refused as unsafe)."""
    path = Path(path)
    out = _Builder(path.name)
    children = 0
    root_tag = None
    try:
        for event, el in SafeET.iterparse(str(path), events=("start", "end"), forbid_dtd=True):
            if event == "start":
                if root_tag is None:
                    root_tag = el.tag
                    if root_tag != ROOT:
                        raise ReadError(f"the XML file's root is <{root_tag}>, not <{ROOT}>: it is not an SSDA903 "
                                        "return in the DfE XML format")
                continue
            if el.tag == "CHILD":
                children += 1
                _child(el, out)
                el.clear()
    except ReadError:
        raise
    except DefusedXmlException as exc:
        raise ReadError(f"the XML file uses a DTD, entity or external reference ({type(exc).__name__}); "
                        "Divert refuses these as unsafe") from exc
    except SafeET.ParseError as exc:
        raise ReadError(f"the file is not well-formed XML ({exc})") from exc
    except OSError as exc:
        raise ReadError(f"the file could not be opened ({exc.strerror or type(exc).__name__})") from exc
    if root_tag is None:
        raise ReadError("the XML file is empty")
    if not children:
        raise ReadError(f"the {ROOT} return holds no CHILD: there is nothing to import")
    return out.tables()
