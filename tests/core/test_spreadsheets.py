"""Formula injection: every cell Divert writes to CSV or XLSX is neutralised by one rule."""

import csv
import io

import pytest

from divert.core.spreadsheets import append_row, csv_writer, neutralise_cell


@pytest.mark.parametrize("value", ["=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx",
                                   "=cmd|' /C calc'!A0"])
def test_neutralise_cell_prefixes_formula_triggers_with_a_quote(value):
    assert neutralise_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["Oak House", "", "a=b", "12", 12, -3, 1.5, None])
def test_neutralise_cell_leaves_other_values(value):
    assert neutralise_cell(value) == value


def test_csv_writer_neutralises_every_cell():
    buf = io.StringIO()
    writer = csv_writer(buf)
    writer.writerow(["=1+1", "ok"])
    writer.writerows([["@x", 5]])
    assert list(csv.reader(io.StringIO(buf.getvalue()))) == [["'=1+1", "ok"], ["'@x", "5"]]


def test_append_row_keeps_openpyxl_from_storing_a_formula():
    from openpyxl import Workbook, load_workbook

    wb = Workbook()
    append_row(wb.active, ["=HYPERLINK(\"http://x\")", "plain"])
    buf = io.BytesIO()
    wb.save(buf)
    cell = load_workbook(io.BytesIO(buf.getvalue())).active["A1"]
    assert cell.data_type == "s" and cell.value == "'=HYPERLINK(\"http://x\")"
