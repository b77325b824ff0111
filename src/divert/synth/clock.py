"""Time for the generator: the fixed "now", the Europe/London zone, the 903 collection years (1 April - 31 March)."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


def parse_now(text: str | None) -> datetime:
    """`--now` as an aware datetime in Europe/London (naive input is London time); default: the current time."""
    if not text:
        return datetime.now(LONDON).replace(second=0, microsecond=0)
    value = datetime.fromisoformat(text)
    if value.tzinfo is None:
        value = value.replace(tzinfo=LONDON)
    return value.astimezone(LONDON)


def collection_year_ending(day: date) -> int:
    """The 903 collection year a day falls in, named by the year it ends (2026 = 1 April 2025 - 31 March 2026)."""
    return day.year + 1 if day.month >= 4 else day.year


@dataclass(frozen=True)
class CollectionYear:
    ending: int
    start: date
    end: date      # 31 March
    as_of: date    # the extract date: 31 March, or the generation day for the in-year extract

    @classmethod
    def of(cls, ending: int, today: date) -> "CollectionYear":
        start, end = date(ending - 1, 4, 1), date(ending, 3, 31)
        return cls(ending=ending, start=start, end=end, as_of=min(end, today))


def collection_years(today: date) -> tuple[CollectionYear, CollectionYear]:
    """The last complete collection year and the current (in-year) one."""
    current = collection_year_ending(today)
    return CollectionYear.of(current - 1, today), CollectionYear.of(current, today)


def minutes_to_datetime(epoch: datetime, minutes: float) -> datetime:
    """`epoch` + elapsed minutes (absolute time, so clock changes are right), as London local time."""
    return (epoch.astimezone(UTC) + timedelta(minutes=float(minutes))).astimezone(LONDON)


def fmt_date(day: date | None) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}" if day else ""


def fmt_datetime(moment: datetime | None) -> str:
    if not moment:
        return ""
    m = moment.astimezone(LONDON)
    return f"{m.day:02d}/{m.month:02d}/{m.year:04d} {m.hour:02d}:{m.minute:02d}"


def age_on(dob: date, day: date) -> int:
    return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))
