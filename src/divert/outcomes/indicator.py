"""The national offending indicator for children looked after, computed by the DfE method (a pure function).

Source: DfE, "Children looked after in England including adoptions", outcomes (OC2) tables and their
methodology: of the children looked after continuously for at least 12 months at 31 March, aged 10 to 17 at
31 March, excluding children on an agreed series of short breaks, the share convicted or given a youth caution
or youth conditional caution during the year (the OC2 CONVICTED item). Local authority counts are unrounded and
percentages whole numbers. "Looked after continuously for 12 months" follows the DfE SSDA903 validation
definition (`divert.ingest.rules.looked_after_continuously_12_months`).

Every figure is traceable: the result lists the children in the cohort, in the numerator, and each child left
out with the reason, so a count can be checked child by child (and a child's rows through the register).
"""

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from divert.ingest.rules import SHORT_BREAK_LS, age_at, looked_after_continuously_12_months

MIN_AGE, MAX_AGE = 10, 17

# Why a child looked after in the year is not in the cohort.
NOT_12_MONTHS = "not looked after continuously for 12 months at 31 March"
SHORT_BREAKS = "on an agreed series of short breaks (LS V3/V4) in the year"
UNDER_10 = "under 10 at 31 March"
OVER_17 = "18 or over at 31 March"
NO_DOB = "no date of birth"


@dataclass
class Indicator:
    year: int  # collection year: 2018 = the year ending 31 March 2018
    cohort: list[str] = field(default_factory=list)  # CHILD ids in the denominator
    convicted: list[str] = field(default_factory=list)  # CHILD ids in the numerator
    excluded: dict[str, str] = field(default_factory=dict)  # CHILD id -> why not in the cohort
    no_oc2: list[str] = field(default_factory=list)  # in the cohort, but the return has no OC2 CONVICTED for them

    @property
    def denominator(self) -> int:
        return len(self.cohort)

    @property
    def numerator(self) -> int:
        return len(self.convicted)

    @property
    def percentage(self) -> int | None:
        """Whole-number percentage, halves rounded up (as the DfE publishes local authority figures); None for
        an empty cohort (published as `z`, not applicable)."""
        if not self.cohort:
            return None
        share = Decimal(100 * self.numerator) / Decimal(self.denominator)
        return int(share.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def offending_indicator(*, year: int, children: Mapping[str, dt.date | None],
                        episodes: Mapping[str, Iterable[Mapping]],
                        convicted: Mapping[str, bool | None]) -> Indicator:
    """The indicator for collection `year`.

    `children`: CHILD id -> date of birth, for every child with an episode; `episodes`: CHILD id -> the
    child's 903 episodes (decom, dec, rne, ls, rec); `convicted`: CHILD id -> the year's OC2 CONVICTED (True,
    False or None for blank)."""
    start, end = dt.date(year - 1, 4, 1), dt.date(year, 3, 31)
    result = Indicator(year=year)
    for child in sorted(children):
        eps = list(episodes.get(child, []))
        if not any(e["decom"] <= end and (e.get("dec") is None or e["dec"] >= start) for e in eps):
            continue  # not looked after in the year at all
        dob = children[child]
        reason = _excluded(eps, dob, year=year)
        if reason:
            result.excluded[child] = reason
            continue
        result.cohort.append(child)
        flag = convicted.get(child)
        if flag is None:
            result.no_oc2.append(child)
        elif flag:
            result.convicted.append(child)
    return result


def _excluded(eps: list[Mapping], dob: dt.date | None, *, year: int) -> str | None:
    start = dt.date(year - 1, 4, 1)
    if any(e.get("ls") in SHORT_BREAK_LS and (e.get("dec") is None or e["dec"] >= start) for e in eps):
        return SHORT_BREAKS
    if not looked_after_continuously_12_months(eps, year=year):
        return NOT_12_MONTHS
    if dob is None:
        return NO_DOB
    age = age_at(dob, dt.date(year, 3, 31))
    if age < MIN_AGE:
        return UNDER_10
    if age > MAX_AGE:
        return OVER_17
    return None
