"""Homes compared with similar homes: a count per registered place against the homes of the same setting type.

Shared by the provider view's call-out figures (`divert.police.selectors.provider_figures`), the missing pack's
funnel plot and the missing compliance rule on reporting outliers (ADR 0036). Pure: the counts come from the app
that owns the records.

Two comparisons. `similar_homes_median`: each home's rate against the median rate of homes of its setting type
(the provider view, which never names other providers). `funnel`: funnel plot limits for reporting rates, so that
small homes are not unfairly singled out.

Funnel method: the normal approximation to the Poisson distribution (Spiegelhalter, "Funnel plots for comparing
institutional performance", Statistics in Medicine 24:1185-1202, 2005, section 3.2). Each home i reports o_i
missing episodes against an exposure n_i (its registered places). The target rate is the pooled rate
theta = sum(o) / sum(n). For an exposure n the control limits on the rate o/n are

    theta +/- z * sqrt(theta / n)

with z = 1.959964 (95%, two-sided) and z = 3.090232 (99.8%). Lower limits below 0 are shown as 0. A home is
"above" (or "below") when its rate lies outside the 99.8% limits; between the 95% and 99.8% limits it is a
"warning". The approximation is crude for very small expected counts, and errs towards not flagging them: a home
with a handful of places needs a very large rate to leave the funnel, which is the intent.
"""

import math
from collections import defaultdict
from dataclasses import dataclass
from statistics import median

Z95 = 1.959964
Z998 = 3.090232


@dataclass(frozen=True)
class Limits:
    n: float
    lower95: float
    upper95: float
    lower998: float
    upper998: float


@dataclass(frozen=True)
class Point:
    key: str
    label: str
    observed: int
    exposure: float
    rate: float
    limits: Limits
    position: str  # "above", "below", "warning high", "warning low", "within"


def target_rate(points: list[tuple[int, float]]) -> float:
    total_n = sum(n for _o, n in points)
    return sum(o for o, _n in points) / total_n if total_n else 0.0


def limits(theta: float, n: float) -> Limits:
    se = math.sqrt(theta / n) if n > 0 else float("inf")
    return Limits(n, max(0.0, theta - Z95 * se), theta + Z95 * se, max(0.0, theta - Z998 * se), theta + Z998 * se)


def classify(rate: float, lim: Limits) -> str:
    if rate > lim.upper998:
        return "above"
    if rate < lim.lower998:
        return "below"
    if rate > lim.upper95:
        return "warning high"
    if rate < lim.lower95:
        return "warning low"
    return "within"


def funnel(units: list[tuple[str, str, int, float]]) -> tuple[float, list[Point]]:
    """units: (key, label, observed, exposure) with exposure > 0. Returns the target rate and classified points."""
    usable = [u for u in units if u[3] and u[3] > 0]
    theta = target_rate([(o, n) for _k, _l, o, n in usable])
    points = []
    for key, label, observed, n in usable:
        lim = limits(theta, n)
        rate = observed / n
        points.append(Point(key, label, observed, n, rate, lim, classify(rate, lim)))
    return theta, points


def curve(theta: float, n_min: float, n_max: float, steps: int = 60) -> list[Limits]:
    """Limits along the exposure axis, for drawing the funnel."""
    n_min = max(n_min, 0.5)
    if n_max <= n_min:
        n_max = n_min + 1
    return [limits(theta, n_min + (n_max - n_min) * i / (steps - 1)) for i in range(steps)]


def rate_per_place(count: int, places: int | None) -> float | None:
    """A home's count per registered place (None for a home with no registered places)."""
    return count / places if places else None


def similar_homes_median(rows: list[tuple[str, int, int | None]]) -> dict[str, tuple[float, int]]:
    """rows: (setting type, count, registered places) per home. For each setting type, the median rate per place of
    its homes with registered places, and how many homes that is."""
    rates: dict[str, list[float]] = defaultdict(list)
    for setting_type, count, places in rows:
        rate = rate_per_place(count, places)
        if rate is not None:
            rates[setting_type].append(rate)
    return {setting_type: (median(found), len(found)) for setting_type, found in rates.items()}
