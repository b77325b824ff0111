"""The outcomes rules, each a named unit citing its source document (docs/sources.md)."""

import datetime as dt
import re
from collections.abc import Mapping
from decimal import Decimal

from django.conf import settings

SUPPRESSED = "c"  # DfE symbol: suppressed to protect confidentiality
NOT_APPLICABLE = "z"  # DfE symbol: not applicable
UNDER_HALF = "k"  # DfE symbol: under 0.5% but not zero

# How Divert's record of a child's year reads against the OC2 CONVICTED item.
CRIMINALISED = "criminalised"  # a youth caution, youth conditional caution or conviction recorded in Divert
CHARGED = "charged"  # a charge or referral for charge; the court's outcome is not recorded in Divert
NONE = "none"


def collection_year_of(day: dt.date) -> int:
    """The 903 collection year a date falls in, named by the year it ends (1 April - 31 March).

    Source: DfE SSDA903 guidance: the collection year runs from 1 April to 31 March."""
    return day.year + 1 if day.month >= 4 else day.year


def counts_in_offending_indicator(outcome) -> str:
    """Whether a recorded outcome counts in the offending indicator's numerator: a youth caution, a youth
    conditional caution or a conviction does (`CRIMINALISED`); a charge does only if it ends in a conviction,
    which Divert does not record (`CHARGED`); a community resolution, outcomes 21, 22 and 23 and no further action
    do not (`NONE`). Divert's outcome reference data marks the first kind as making a first-time entrant (the
    same three disposals).

    Source: DfE CLA statistics (OC2 CONVICTED: convicted or subject to a youth caution or youth conditional
    caution during the year); Youth Justice Statistics (first-time entrants)."""
    if outcome.makes_first_time_entrant:
        return CRIMINALISED
    if outcome.leads_to_court:
        return CHARGED
    return NONE


def suppression_threshold() -> int:
    """settings.DIVERT['SUPPRESS_BELOW']: the smallest count shown (6 unless configured)."""
    value = settings.DIVERT.get("SUPPRESS_BELOW", 6)
    return value if isinstance(value, int) else 6


def suppress_count(n: int | None, *, below: int | None = None) -> int | str:
    """Small-number suppression for anything that leaves the system: a count from 1 to `below` - 1 is shown as
    `c`; 0 stays 0. `below` defaults to settings.DIVERT['SUPPRESS_BELOW'] (6: counts 1-5 suppressed, the CIN
    census convention; the DfE's threshold for this indicator is unverified, hence configurable).

    Source: DfE CLA statistics (data guidance: symbol `c`)."""
    if n is None:
        return NOT_APPLICABLE
    limit = below if below is not None else suppression_threshold()
    return SUPPRESSED if 0 < n < limit else n


def suppress_table(cells: Mapping[str, int], *, below: int | None = None) -> dict[str, int | str]:
    """Suppress a row of counts whose total is shown: small counts become `c` (primary), and when exactly one
    cell is suppressed the next smallest non-zero cell is suppressed too (secondary), so that no suppressed
    count can be worked out from the total and the other cells.

    Source: DfE CLA statistics (data guidance: suppression and symbol `c`)."""
    out: dict[str, int | str] = {k: suppress_count(v, below=below) for k, v in cells.items()}
    hidden = [k for k, v in out.items() if v == SUPPRESSED]
    if len(hidden) == 1:
        rest = sorted((v, k) for k, v in cells.items() if k not in hidden and v > 0)
        if rest:
            out[rest[0][1]] = SUPPRESSED
    return out


def indicator_percentage(numerator: int, denominator: int) -> int | str:
    """The published percentage: a whole number, halves rounded up; `z` with no cohort; `k` when under 0.5% but
    not zero (it would round to 0).

    Source: DfE CLA statistics (local authority percentages are whole numbers; symbols `z` and `k`)."""
    if denominator == 0:
        return NOT_APPLICABLE
    share = Decimal(100 * numerator) / Decimal(denominator)
    if 0 < share < Decimal("0.5"):
        return UNDER_HALF
    return int(share.quantize(Decimal(1), rounding="ROUND_HALF_UP"))


def suppressed_indicator(numerator: int, denominator: int, *, below: int | None = None) -> dict[str, int | str]:
    """The indicator as it may leave the system: a small cohort or a small numerator is `c`, and so is the
    percentage whenever the numerator is (the percentage and the cohort would give the numerator back).

    Source: DfE CLA statistics (data guidance: suppression)."""
    cohort = suppress_count(denominator, below=below)
    num = suppress_count(numerator, below=below)
    if cohort == SUPPRESSED:
        return {"cohort": SUPPRESSED, "numerator": SUPPRESSED, "percentage": SUPPRESSED}
    pct = SUPPRESSED if num == SUPPRESSED else indicator_percentage(numerator, denominator)
    return {"cohort": cohort, "numerator": num, "percentage": pct}


def quarter_of(day: dt.date) -> tuple[int, int]:
    """(collection year, quarter 1-4) of a date: quarter 1 is April-June, as the year runs from 1 April.

    Source: DfE SSDA903 guidance (the year from 1 April); Howard League 2019 (the quarterly Child Centred
    Policing meeting)."""
    return collection_year_of(day), (day.month - 4) % 12 // 3 + 1


def quote_may_be_shown(quote: str, *, consent: bool) -> bool:
    """A child's or participant's own words are shown outside the record only when they consented.

    Source: CPB report 2021 (children's own words in the board report); Divert product decision: no consent,
    no quote."""
    return bool(quote.strip()) and consent


def rate_of(count: int, population: int) -> Decimal | None:
    """A count as a share of its population (None with no population)."""
    return None if population <= 0 else Decimal(count) / Decimal(population)


def avoided_against_baseline(*, baseline_count: int, baseline_population: int, count: int,
                             population: int) -> Decimal | None:
    """How many fewer (children criminalised, missing episodes, children in custody) this year than the baseline
    year's rate would give on this year's population: baseline rate x this year's population - this year's count.
    Negative when this year is above the baseline; None when either year has no population. Comparing a year's
    rate with an earlier year's is how the board is told of the reduction; the difference is not proof that the
    work caused it.

    Source: CPB report 2021 (Table 1, the offending trend against earlier years; 4.1, the financial benefit of
    reducing offending and missing reports)."""
    rate = rate_of(baseline_count, baseline_population)
    if rate is None or population <= 0:
        return None
    return (rate * population - count).quantize(Decimal("0.1"))


def cost_avoided(avoided: Decimal | None, *, low: Decimal, high: Decimal,
                 per: Decimal = Decimal(1)) -> tuple[Decimal, Decimal] | None:
    """The cost avoided as a range: the avoided count x the unit cost's low and high figures x `per` (e.g. the
    assumed years in custody). Nothing avoided (or a rise) avoids no cost: None.

    Source: Portsmouth missing costs 2012 and Justice Committee 2013 (the unit costs, as ranges)."""
    if avoided is None or avoided <= 0:
        return None
    return (avoided * low * per).quantize(Decimal(1)), (avoided * high * per).quantize(Decimal(1))


def first_time_entrant_rate(entrants: int, population: int | None) -> Decimal | None:
    """First-time entrants per 100,000 of the population aged 10 to 17 (one decimal), None without a population.

    Source: Youth Justice Statistics (first-time entrants per 100,000 of the 10-17 population)."""
    if not population:
        return None
    return (Decimal(entrants) * 100_000 / Decimal(population)).quantize(Decimal("0.1"))


# The unit costs the value-for-money table reads (key: what it is), so an administrator can load the ones no
# published source gave Divert (a criminalised child, a first-time entrant) under the key the table looks for.
UNIT_COST_KEYS = {
    "missing_investigation": "A missing-person investigation",
    "custody_yoi": "Youth custody: young offender institution",
    "custody_secure_training_centre": "Youth custody: secure training centre",
    "custody_secure_childrens_home": "Youth custody: secure children's home",
    "criminalised_child": "A child convicted or cautioned",
    "first_time_entrant": "A first-time entrant to the youth justice system",
}


def unit_cost_problem(*, key: str, label: str, low: Decimal, high: Decimal, unit: str, price_year: int,
                      source: str, today: dt.date) -> str:
    """Why a unit cost may not be saved ("" when it may): it needs a label and a unit, a range (low no more than
    high, neither negative), a price year not in the future, and its source, so that the value-for-money table
    never shows a figure it cannot attribute.

    Source: Portsmouth missing costs 2012 and Justice Committee 2013 (unit costs quoted as ranges with their
    year); Divert product decision (no unit cost without its source and price year)."""
    k = (key or "").strip()
    if not re.fullmatch(r"[a-z0-9_-]{1,40}", k):
        return "The key is lower-case letters, digits, '-' or '_' (e.g. first_time_entrant)."
    if not (label or "").strip() or not (unit or "").strip():
        return "Give the cost's label and its unit (e.g. per investigation, per place a year)."
    if low < 0 or high < 0:
        return "A unit cost cannot be negative."
    if low > high:
        return "The low figure cannot be above the high figure (give the same figure twice for a single cost)."
    if high >= Decimal("100000000"):
        return "A unit cost must be under GBP 100,000,000."
    if not (1990 <= price_year <= today.year):
        return f"The price year is between 1990 and {today.year}."
    if not (source or "").strip():
        return "Give the cost's source (publication, publisher and year): an unattributed cost is not shown."
    return ""
