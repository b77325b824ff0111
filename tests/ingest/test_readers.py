import datetime as dt

import pytest
from openpyxl import Workbook

from divert.ingest.readers import ReadError, read_table, read_table_bytes

from .conftest import CHILDREN, CHILDREN_HEADER, csv_bytes


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_encodings_read_the_same_names(tmp_path, encoding):
    path = tmp_path / "children.csv"
    path.write_bytes(csv_bytes(CHILDREN_HEADER, CHILDREN, encoding=encoding))
    table = read_table(path)
    assert table.rows[0].values["first_name"] == "Zoë"
    assert table.headers[0] == "child_id"  # no BOM left in the first header
    assert table.encoding == ("utf-8-sig" if encoding == "utf-8-sig" else encoding)


def test_xlsx_first_sheet_with_native_dates(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(CHILDREN_HEADER)
    ws.append(["C001", "Zoë", "Adams", "", dt.datetime(2010, 3, 2), "F", "", "", ""])
    ws.append([123, "Liam", "Brown", "", "15/07/2011", "M", None, None, None])
    path = tmp_path / "children.xlsx"
    wb.save(path)
    table = read_table(path)
    assert [r.values["child_id"] for r in table.rows] == ["C001", "123"]
    assert table.rows[0].values["date_of_birth"] == dt.datetime(2010, 3, 2)
    assert table.rows[0].values["first_name"] == "Zoë"


def test_headers_trimmed_case_insensitive_blank_lines_ignored():
    data = b"  Child_ID , First_Name\r\n\r\nC1,Ann\r\n,\r\nC2,Bob\r\n"
    table = read_table_bytes("x.csv", data)
    assert table.keys == ["child_id", "first_name"]
    assert [(r.number, r.values["child_id"]) for r in table.rows] == [(2, "C1"), (4, "C2")]


def test_extra_cells_are_kept_for_the_row_problem():
    table = read_table_bytes("x.csv", b"a,b\r\n1,2,3\r\n")
    assert table.rows[0].extra == ["3"]


@pytest.mark.parametrize("data, reason", [
    (b"", "empty"),
    (b"\r\n\r\n", "empty"),
    (b"a,a\r\n1,2\r\n", "twice"),
    (b"a,,b\r\n1,2,3\r\n", "empty column name"),
    (b"a,b\r\n1,\x00\r\n", "NUL"),
    (b"PK\x03\x04garbage", "XLSX"),
])
def test_unreadable_files_give_one_plain_reason(data, reason):
    with pytest.raises(ReadError) as exc:
        read_table_bytes("x.csv", data)
    assert reason in exc.value.reason


def test_cp1252_undefined_bytes_are_refused():
    with pytest.raises(ReadError, match="UTF-8 or Windows-1252"):
        read_table_bytes("x.csv", b"a,b\r\n\x81\x8d,1\r\n")
