"""Turn one cell into a typed value or a plain reason why it cannot be (used by every importer)."""

import datetime as dt
import functools
import re
import zoneinfo

from .readers import Cell

LONDON = zoneinfo.ZoneInfo("Europe/London")
EARLIEST_YEAR = 1900
LATEST_YEAR = 2200
DATE_FORMATS_903 = ("%d/%m/%Y",)


class FieldError(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
LINE_BREAK = re.compile(r"[\r\n\t]")


def as_text(value: Cell) -> str:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value).strip()


def is_blank(value: Cell) -> bool:
    return isinstance(value, str) and (not value or value.isspace())


def text(value: Cell, *, max_length: int | None = None, multiline: bool = False) -> str:
    s = as_text(value)
    if CONTROL.search(s):
        raise FieldError("contains control characters")
    if not multiline and LINE_BREAK.search(s):
        s = " ".join(s.split())
    if max_length is not None and len(s) > max_length:
        raise FieldError(f"is longer than {max_length} characters")
    return s


def code(value: Cell, allowed, *, what: str, upper: bool = True) -> str:
    s = as_text(value)
    s = s.upper() if upper else s.lower()
    if s not in allowed:
        listed = ", ".join(sorted(allowed)) if len(allowed) <= 12 else "see docs/importing.md"
        raise FieldError(f"unknown {what} code (expected one of: {listed})")
    return s


FAST = {
    "%d/%m/%Y": re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})"),
    "%d/%m/%Y %H:%M": re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4}) (\d{1,2}):(\d{2})"),
    "%d/%m/%Y %H:%M:%S": re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4}) (\d{1,2}):(\d{2}):(\d{2})"),
}


@functools.lru_cache(maxsize=262144)
def _strptime(s: str, fmt: str) -> dt.datetime | None:
    fast = FAST.get(fmt)
    try:
        if fast is not None:
            m = fast.fullmatch(s)
            if m is None:
                return None
            d, mo, y, *hms = (int(g) for g in m.groups())
            hour, minute, second = (*hms, 0, 0, 0)[:3]  # none, H:M or H:M:S; 0 as datetime's defaults
            return dt.datetime(y, mo, d, hour, minute, second)
        return dt.datetime.strptime(s, fmt)
    except ValueError:
        return None


def _check_year(d: dt.date) -> None:
    if not EARLIEST_YEAR <= d.year <= LATEST_YEAR:
        raise FieldError(f"the year {d.year} is not plausible")


def date(value: Cell, formats: tuple[str, ...] = DATE_FORMATS_903, *, iso: bool = True) -> dt.date:
    """A date from a cell: a spreadsheet date, or text in one of `formats` (or ISO 8601 yyyy-mm-dd)."""
    d: dt.date | None
    if isinstance(value, dt.datetime):
        d = value.date()
    elif isinstance(value, dt.date):
        d = value
    else:
        s = as_text(value)
        d = None
        for fmt in formats:
            parsed = _strptime(s, fmt)
            if parsed is not None:
                d = parsed.date()
                break
        if d is None and iso and re.fullmatch(r"\d{4}-\d{2}-\d{2}", s):
            try:
                d = dt.date.fromisoformat(s)
            except ValueError:
                d = None
        if d is None:
            shown = " or ".join(f.replace("%d", "dd").replace("%m", "mm").replace("%Y", "yyyy") for f in formats)
            raise FieldError(f"is not a date ({shown})")
    _check_year(d)
    return d


def datetime(value: Cell, fmt: str | None) -> dt.datetime:
    """An aware UTC date-time: naive values are Europe/London local time (data-formats.md)."""
    moment: dt.datetime | None
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        moment = dt.datetime.combine(value, dt.time())
    else:
        s = as_text(value)
        moment = None
        if fmt:
            moment = _strptime(s, fmt)
        if moment is None:
            try:
                moment = dt.datetime.fromisoformat(s.replace("Z", "+00:00")) if len(s) >= 10 else None
            except ValueError:
                moment = None
        if moment is None:
            expected = fmt.replace("%d", "dd").replace("%m", "mm").replace("%Y", "yyyy").replace(
                "%H", "HH").replace("%M", "MM").replace("%S", "SS") if fmt else "ISO 8601, e.g. 2026-03-31T14:05"
            raise FieldError(f"is not a date and time ({expected})")
    _check_year(moment.date())
    if moment.tzinfo is None:
        return london_to_utc(moment)
    return moment.astimezone(dt.UTC)


@functools.lru_cache(maxsize=262144)
def london_to_utc(naive: dt.datetime) -> dt.datetime:
    """Europe/London local time to UTC. A time that does not exist (the hour skipped when the clocks go forward)
    is read as summer time, which is what a clock that was not yet put forward meant."""
    moment = naive.replace(tzinfo=LONDON)
    back = moment.astimezone(dt.UTC).astimezone(LONDON).replace(tzinfo=None)
    if back != naive:  # in the spring gap
        moment = naive.replace(tzinfo=LONDON, fold=1)
    return moment.astimezone(dt.UTC)


def clock_change_day(day: dt.date) -> bool:
    """Whether Europe/London changes its clocks on this day (times near midnight-2am may be ambiguous)."""
    start = dt.datetime.combine(day, dt.time(0), tzinfo=LONDON).utcoffset()
    end = dt.datetime.combine(day, dt.time(23), tzinfo=LONDON).utcoffset()
    return start != end


def integer(value: Cell, *, minimum: int, maximum: int) -> int:
    s = as_text(value).replace(",", "")
    try:
        number = float(s) if re.fullmatch(r"-?\d+\.0*", s) else int(s)
    except ValueError as exc:
        raise FieldError("is not a whole number") from exc
    n = int(number)
    if not minimum <= n <= maximum:
        raise FieldError(f"is not between {minimum} and {maximum}")
    return n


def yes_no(value: Cell, table: dict[str, bool]) -> bool:
    s = as_text(value).upper()
    if s not in table:
        raise FieldError("is not Y or N")
    return table[s]


def postcode(value: Cell, *, max_length: int = 10) -> str:
    return text(" ".join(as_text(value).upper().split()), max_length=max_length)
