"""Hypothesis-generated broken files: random corruptions of valid files.

Whatever the corruption, the importer either loads the file or refuses it with problems; it never raises, and a
refused file never changes the database ("a bad file never half-loads").
"""

import io

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from divert.ingest.actions import import_file
from divert.ingest.models import ImportRun

from .conftest import (
    CHILDREN,
    CHILDREN_HEADER,
    CUSTODY,
    CUSTODY_HEADER,
    EPISODES,
    EPISODES_HEADER,
    HEADER,
    HEADER_HEADER,
    HOMES,
    HOMES_HEADER,
    INCIDENTS,
    INCIDENTS_HEADER,
    POLICE_MISSING,
    POLICE_MISSING_HEADER,
    csv_bytes,
    snapshot,
)

VALID = {
    "homes": csv_bytes(HOMES_HEADER, HOMES),
    "children": csv_bytes(CHILDREN_HEADER, CHILDREN),
    "incidents": csv_bytes(INCIDENTS_HEADER, INCIDENTS),
    "custody": csv_bytes(CUSTODY_HEADER, CUSTODY),
    "missing": csv_bytes(POLICE_MISSING_HEADER, POLICE_MISSING),
    "ssda903": csv_bytes(EPISODES_HEADER, EPISODES),
}
NASTY = st.sampled_from(['"', ",", "\n", "\r", ";", "Zoë", "\u00a0", "31/02/2025", "2099-01-01T00:00", "-1",
                         "99999999999", "x" * 400, "K9", "", " ", "\t", "é", "\ufeff", "NULL", "1e9", "00/00/0000"])


@st.composite
def corrupted(draw, data: bytes) -> bytes:
    text = data.decode("utf-8")
    for _ in range(draw(st.integers(1, 3))):
        how = draw(st.sampled_from(["flip", "truncate", "insert", "drop_line", "dup_line", "cell", "encode"]))
        lines = text.split("\r\n")
        if how == "flip" and text:
            i = draw(st.integers(0, len(text) - 1))
            text = text[:i] + chr(draw(st.integers(1, 0x2FF))) + text[i + 1:]
        elif how == "truncate" and text:
            text = text[:draw(st.integers(0, len(text)))]
        elif how == "insert":
            i = draw(st.integers(0, len(text)))
            text = text[:i] + draw(NASTY) + text[i:]
        elif how == "drop_line" and len(lines) > 1:
            del lines[draw(st.integers(0, len(lines) - 1))]
            text = "\r\n".join(lines)
        elif how == "dup_line" and lines:
            i = draw(st.integers(0, len(lines) - 1))
            lines.insert(i, lines[i])
            text = "\r\n".join(lines)
        elif how == "cell" and len(lines) > 1:
            i = draw(st.integers(1, len(lines) - 1))
            cells = lines[i].split(",")
            cells[draw(st.integers(0, len(cells) - 1))] = draw(NASTY)
            lines[i] = ",".join(cells)
            text = "\r\n".join(lines)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "latin-1"]))
    return text.encode(encoding, errors="replace")


def _check(tmp_path, kind: str, payload: bytes, skip_invalid: bool, name: str = "file.csv") -> None:
    with transaction.atomic():
        if kind == "ssda903":  # episodes need their children: a valid header table beside the broken episodes
            folder = tmp_path / "2026"
            folder.mkdir(exist_ok=True)
            (folder / "header.csv").write_bytes(csv_bytes(HEADER_HEADER, HEADER))
            path = folder / "episodes.csv"
        else:
            path = tmp_path / name
        path.write_bytes(payload)
        before = snapshot()
        run = import_file(kind=kind, path=folder if kind == "ssda903" else path, skip_invalid=skip_invalid)
        assert run.pk and run.status in ImportRun.Status.values
        if run.status == ImportRun.Status.REFUSED:
            assert run.problems, "a refusal always says why"
            assert all({"file", "row", "column", "value", "reason"} <= set(p) for p in run.problems)
            assert snapshot() == before, "a refused file changed the database"
        elif run.status == ImportRun.Status.LOADED:
            assert run.rows_rejected == 0 and run.rows_loaded == run.rows_read
        else:
            assert skip_invalid and run.rows_loaded + run.rows_rejected == run.rows_read
        transaction.set_rollback(True)


SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                           HealthCheck.too_slow])


@SETTINGS
@given(data=st.data(), kind=st.sampled_from(sorted(VALID)), skip_invalid=st.booleans())
def test_corrupted_csv_loads_or_is_refused(tmp_path, db, data, kind, skip_invalid):
    payload = data.draw(corrupted(VALID[kind]))
    _check(tmp_path, kind, payload, skip_invalid)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.integers(0, 3000), flips=st.lists(st.tuples(st.integers(0, 3000), st.integers(0, 255)), max_size=3))
def test_corrupted_xlsx_loads_or_is_refused(tmp_path, db, cut, flips):
    wb = Workbook()
    ws = wb.active
    ws.append(HOMES_HEADER)
    for row in HOMES:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    payload = bytearray(buf.getvalue())
    for i, b in flips:
        payload[i % len(payload)] = b
    payload = bytes(payload[: max(cut, 4)]) if cut < len(payload) else bytes(payload)
    _check(tmp_path, "homes", payload, False, name="homes.xlsx")
