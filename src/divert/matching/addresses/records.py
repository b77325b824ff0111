"""The two sides of address matching: a canonical address (a home, or any row of an address list) and a messy one."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .normalise import ParsedAddress, parse_address


def clean_uprn(raw: object) -> str:
    """A UPRN as digits without leading zeros ("" if blank or not a number)."""
    text = str(raw or "").strip()
    if text.endswith(".0"):  # spreadsheets turn 100012345678 into 100012345678.0
        text = text[:-2]
    return text.lstrip("0") if text.isdigit() else ""


def clean_coordinate(raw: object) -> float | None:
    """An easting or northing in metres (British National Grid), or None when blank or nonsense."""
    if raw is None or raw == "":
        return None
    try:
        value = float(raw)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return value if 0 < value < 1_300_000 else None


@dataclass(slots=True)
class AddressRecord:
    """One address to match or to match against. `key` is the caller's id (a Home pk, a CSV id)."""

    key: str
    parsed: ParsedAddress
    uprn: str = ""
    easting: float | None = None
    northing: float | None = None
    name: str = ""  # canonical only: the place's own name ("Oak House"), an alternative to the house name
    opened_on: dt.date | None = None  # canonical only: the home exists from this date ...
    closed_on: dt.date | None = None  # ... to this date
    on_date: dt.date | None = None  # messy only: when the incident happened
    extra: dict = field(default_factory=dict)

    @property
    def has_point(self) -> bool:
        return self.easting is not None and self.northing is not None

    def open_on(self, day: dt.date | None) -> bool:
        """Whether a canonical address (a home) existed on `day` (unknown dates count as open)."""
        if day is None:
            return True
        if self.opened_on is not None and day < self.opened_on:
            return False
        return not (self.closed_on is not None and day > self.closed_on)


def make_record(key: object, address: str, postcode: str = "", *, uprn: object = "", easting: object = None,
                northing: object = None, name: str = "", opened_on: dt.date | None = None,
                closed_on: dt.date | None = None, on_date: dt.date | None = None) -> AddressRecord:
    """Build an AddressRecord from raw values (parsing the address and cleaning the identifiers)."""
    uprn = clean_uprn(uprn)
    if uprn and clean_uprn(address) == uprn:
        address = ""  # the location typed as the UPRN alone
    return AddressRecord(key=str(key), parsed=parse_address(address or "", postcode or ""), uprn=uprn,
                         easting=clean_coordinate(easting), northing=clean_coordinate(northing),
                         name=(name or "").strip(), opened_on=opened_on, closed_on=closed_on, on_date=on_date)
