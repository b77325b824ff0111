"""Dates and times as every page, email and paper shows them: one UK format ("3 March 2026", "3 March 2026 at
14:05", GOV.UK style), in UK time. Forms still take DD/MM/YYYY, and files and URLs keep ISO dates."""

import datetime as dt
import re

from django.utils import timezone


def _local(value: dt.datetime) -> dt.datetime:
    return timezone.localtime(value) if timezone.is_aware(value) else value


def uk_date(value, weekday: bool = False) -> str:
    """`3 March 2026` (`Tuesday 3 March 2026` with `weekday`); a datetime is read in UK time; "" for no value."""
    if not value:
        return ""
    if isinstance(value, dt.datetime):
        value = _local(value)
    text = f"{value.day} {value:%B %Y}"
    return f"{value:%A} {text}" if weekday else text


def uk_datetime(value, seconds: bool = False) -> str:
    """`3 March 2026 at 14:05` in UK time (with `:09` seconds for logs); a date alone is shown as `uk_date`."""
    if not value:
        return ""
    if not isinstance(value, dt.datetime):
        return uk_date(value)
    local = _local(value)
    return f"{uk_date(local)} at {local:%H:%M:%S}" if seconds else f"{uk_date(local)} at {local:%H:%M}"


ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def uk_dates_in(text: str) -> str:
    """Stored text (an access-log row's "what", say "daily list 2026-12-02") with each ISO date read as a UK date:
    "daily list 2 December 2026". What is stored stays as it was; only its display changes."""
    def one(m: re.Match) -> str:
        try:
            return uk_date(dt.date(int(m[1]), int(m[2]), int(m[3])))
        except ValueError:
            return m[0]

    return ISO_DATE.sub(one, text or "")
