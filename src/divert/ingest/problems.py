"""Problems found in an imported file: file, row, column, value and a plain reason."""

from dataclasses import asdict, dataclass

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file or a row.

    `row` is the data row number (1 = the first row after the header, i.e. line 2 of the spreadsheet); None for
    a problem with the whole file. `value` is shown to the person who imported the file (their own data) and is
    never logged.
    """

    file: str
    row: int | None
    column: str
    value: str
    reason: str
    severity: str = ERROR
    rule: str = ""

    @property
    def line(self) -> int | None:
        return None if self.row is None else self.row + 1

    def as_dict(self) -> dict:
        d = asdict(self)
        d["line"] = self.line
        return d


def file_problem(file: str, reason: str, *, column: str = "", value: str = "", rule: str = "") -> Problem:
    return Problem(file=file, row=None, column=column, value=value, reason=reason, rule=rule)
