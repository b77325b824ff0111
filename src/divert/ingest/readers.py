"""Read a CSV (UTF-8, UTF-8 with BOM, Windows-1252) or XLSX file into header and rows (docs/data-formats.md).

Headers are matched case-insensitively after trimming spaces; blank lines are ignored. A file that cannot be
read as a table raises ReadError with one plain reason.
"""

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path

XLSX_MAGIC = b"PK\x03\x04"

Cell = str | dt.date | dt.datetime


class ReadError(Exception):
    """The file as a whole cannot be read; `reason` says why in plain words (and `row`, `column` where)."""

    def __init__(self, reason: str, *, row: int | None = None, column: str = "", value: str = ""):
        super().__init__(reason)
        self.reason = reason
        self.row = row
        self.column = column
        self.value = value


class Formula(str):
    """A workbook cell that holds a formula (its text, e.g. `=A2+1`) instead of a value: Divert reads values only
    (docs/importing.md), so the importer rejects the cell with its row and column."""


@dataclass
class Row:
    number: int  # data row number: 1 is the first row after the header
    values: dict[str, Cell]  # normalised header -> value
    raw: list[str]  # the cells as read (for the rejects file)
    extra: list[str] = field(default_factory=list)  # non-blank cells beyond the last header
    missing: list[str] = field(default_factory=list)  # headers a short (cut-off) CSV line has no value for


@dataclass
class Table:
    name: str
    headers: list[str]  # as written in the file, trimmed
    rows: list[Row]
    encoding: str

    @property
    def keys(self) -> list[str]:
        return [normalise_header(h) for h in self.headers]


def normalise_header(header: str) -> str:
    return " ".join(str(header).split()).lower()


def decode(data: bytes) -> tuple[str, str]:
    """Text and encoding name: a BOM means UTF-8; otherwise UTF-8 if it decodes, else Windows-1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        encodings = ["utf-8-sig"]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ["utf-16"]
    else:
        encodings = ["utf-8", "cp1252"]
    for enc in encodings:
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            continue
    raise ReadError("the file's text is not UTF-8 or Windows-1252; save it as CSV UTF-8 and import it again")


def _cell(value) -> Cell:
    if value.__class__ is Formula:
        return value
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return value
    if isinstance(value, bool):
        return "Y" if value else "N"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _rows_from_grid(name: str, grid, encoding: str, *, native: bool = False) -> Table:
    """Header and rows from an iterable of cell lists; `native` cells (XLSX) are converted first."""
    headers: list[str] | None = None
    keys: list[str] = []
    rows: list[Row] = []
    number = 0
    for cells in grid:
        if native:
            cells = [_cell(c) for c in cells]
        if headers is None:
            if not any(cells):
                continue  # blank lines before the header
            cells = list(cells)
            while cells and cells[-1] == "":
                cells.pop()
            headers = [" ".join(str(c).replace("\ufeff", "").split()) for c in cells]
            keys = [normalise_header(h) for h in headers]
            if any(k == "" for k in keys):
                raise ReadError("the header row has an empty column name; every column needs a heading")
            dupes = sorted({k for k in keys if keys.count(k) > 1})
            if dupes:
                raise ReadError(f"the header row names a column twice: {', '.join(dupes)}")
            width = len(keys)
            continue
        number += 1
        if not any(cells) or all(c == "" or (c.__class__ is str and c.isspace()) for c in cells):
            continue
        missing: list[str] = []
        if len(cells) >= width:
            values = dict(zip(keys, cells, strict=False))
            extra = [str(c) for c in cells[width:] if c != ""]
        else:
            values = dict(zip(keys, [*cells, *([""] * (width - len(cells)))], strict=True))
            extra = []
            if not native:  # a spreadsheet row simply ends early; a CSV line with fewer separators was cut off
                missing = headers[len(cells):]
        rows.append(Row(number=number, values=values, raw=cells if native else list(cells), extra=extra,
                        missing=missing))
    if headers is None:
        raise ReadError("the file is empty: there is no header row")
    return Table(name=name, headers=headers, rows=rows, encoding=encoding)


def read_csv_bytes(name: str, data: bytes) -> Table:
    text, encoding = decode(data)
    if "\x00" in text:
        raise ReadError("the file contains NUL characters: it is not a CSV text file")
    try:
        reader = csv.reader(io.StringIO(text, newline=""), strict=False)
        table = _rows_from_grid(name, reader, encoding)
    except csv.Error as exc:
        raise ReadError(f"the file is not a well-formed CSV file ({exc})") from exc
    _check_quotes_closed(table, text)
    return table


def _check_quotes_closed(table: Table, text: str) -> None:
    """Refuse a CSV file whose last value opens a quote (") that is never closed: the reader took the rest of the
    file as that one value, so every line after it is lost. Named with the row and column where the quote opens.

    Only the last row can be such a row (the open quote runs to the end of the file), and only if its last value
    holds a line break; a strict re-read of the text then tells an unclosed quote from a quoted value with line
    breaks (a narrative), which is fine."""
    if not table.rows:
        return
    last = table.rows[-1]
    cells = [c for c in last.raw if isinstance(c, str)]
    if not cells or ("\n" not in cells[-1] and "\r" not in cells[-1]):
        return
    try:
        for _ in csv.reader(io.StringIO(text, newline=""), strict=True):
            pass
    except csv.Error as exc:
        if "unexpected end of data" not in str(exc):
            return
        index = len(cells) - 1
        column = table.headers[index] if index < len(table.headers) else "(after the last column)"
        raise ReadError(f"a quote (\") opens in this value and is never closed, so the rest of the file (every line "
                        f"after row {last.number}) was read as one value; close the quote or remove it",
                        row=last.number, column=column, value=cells[-1].split("\n", 1)[0][:60]) from exc


VBA_PART = "xl/vbaProject.bin"


def _has_macros(data: bytes) -> bool:
    """A workbook with a VBA project (an .xlsm saved by Excel) holds macros."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return any(n.lower().endswith("vbaproject.bin") for n in z.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def _sheet_cells(ws):
    """The sheet's rows as cell values; a formula cell becomes a Formula (its text), never a computed value."""
    for row in ws.iter_rows():
        yield [Formula(c.value) if getattr(c, "data_type", None) == "f" else c.value for c in row]


def read_xlsx_bytes(name: str, data: bytes) -> Table:
    import zipfile

    from openpyxl import load_workbook

    if _has_macros(data):
        raise ReadError("the workbook contains macros (a VBA project, as in an .xlsm file): Divert does not import "
                        "macro-enabled workbooks; save it as an Excel Workbook (.xlsx) or as CSV and import that")
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, IndexError) as exc:
        raise ReadError("the file is not a readable XLSX workbook") from exc
    except Exception as exc:  # openpyxl raises many kinds of error on a damaged workbook
        raise ReadError("the file is not a readable XLSX workbook") from exc
    try:
        ws = wb.worksheets[0]
        return _rows_from_grid(name, _sheet_cells(ws), "xlsx", native=True)
    except ReadError:
        raise
    except Exception as exc:
        raise ReadError("the XLSX workbook's first sheet could not be read") from exc
    finally:
        wb.close()


def read_table_bytes(name: str, data: bytes) -> Table:
    if data.startswith(XLSX_MAGIC) or name.lower().endswith((".xlsx", ".xlsm")):
        return read_xlsx_bytes(name, data)
    return read_csv_bytes(name, data)


def read_table(path: Path) -> Table:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ReadError(f"the file could not be opened ({exc.strerror or type(exc).__name__})") from exc
    return read_table_bytes(Path(path).name, data)
