"""Every CSV and XLSX Divert writes goes through here: cells that a spreadsheet would run as a formula are
neutralised.

Rule (OWASP "CSV Injection"): a text cell starting with =, +, -, @, a tab or a carriage return is prefixed with
a single quote, so Excel, LibreOffice and Google Sheets show it as text instead of evaluating it. Numbers, dates
and empty cells are left alone.
"""

import csv
from collections.abc import Iterable
from typing import Any

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value: Any) -> Any:
    """A text value that starts with a formula trigger gets a leading quote (OWASP "CSV Injection")."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def neutralise_row(values: Iterable[Any]) -> list[Any]:
    return [neutralise_cell(v) for v in values]


class SafeWriter:
    """csv.writer with every cell neutralised (same writerow/writerows)."""

    def __init__(self, fh, **kwargs) -> None:
        self._writer = csv.writer(fh, **kwargs)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow(neutralise_row(row))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(fh, **kwargs) -> SafeWriter:
    """The one way Divert writes CSV: like csv.writer(fh), with formula cells neutralised."""
    return SafeWriter(fh, **kwargs)


def append_row(worksheet, values: Iterable[Any]) -> None:
    """openpyxl worksheet.append with formula cells neutralised (openpyxl stores '=...' text as a formula)."""
    worksheet.append(neutralise_row(values))
