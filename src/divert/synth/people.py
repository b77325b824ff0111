"""People who are not in care: a virtual population computed from an index (no table held in memory).

Person `i` of the pool is a pure function of (seed, i): a splitmix64 hash picks sex, forename, surname and
date of birth, so the national profile can draw millions of people without storing them. Low indices are drawn
more often, so some people recur across incidents (as in real records). Lookalikes of children in care (same
name, close date of birth; siblings not in care) are built separately in `lookalikes`.
"""

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from divert.synth.fastrandom import Rng
from divert.synth.names import FEMALE_FORENAMES, MALE_FORENAMES, SURNAMES

MASK64 = np.uint64(0xFFFFFFFFFFFFFFFF)
YOUTH_SHARE = 0.12  # people in police records aged 10-17 (our assumption)


@dataclass(frozen=True, slots=True)
class Person:
    first_name: str
    last_name: str
    dob: date | None
    sex: str   # M / F
    child_id: str = ""   # the 903 CHILD id when this person is a child in the register (truth only)


def splitmix64(x: np.ndarray) -> np.ndarray:
    """A fast 64-bit mixing function (Steele et al.), vectorised; wraps modulo 2**64."""
    with np.errstate(over="ignore"):
        z = (x + np.uint64(0x9E3779B97F4A7C15)) & MASK64
        z = ((z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)) & MASK64
        z = ((z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)) & MASK64
        return z ^ (z >> np.uint64(31))


class PublicPool:
    """`size` fictional people, person i derived from hash(seed, i)."""

    def __init__(self, seed: int, size: int, today: date):
        self.seed = np.uint64(seed * 0x9E3779B1 + 12345)
        self.size = size
        self.youth_oldest = today - timedelta(days=int(18 * 365.25))
        self.youth_span = int(8 * 365.25)
        self.adult_oldest = today - timedelta(days=int(80 * 365.25))
        self.adult_span = int(62 * 365.25)
        self.male = np.array(MALE_FORENAMES)
        self.female = np.array(FEMALE_FORENAMES)
        self.surnames = np.array(SURNAMES)

    def draw_indices(self, rng: Rng, n: int) -> np.ndarray:
        """Indices skewed to the low end, so a minority of people appear again and again."""
        return np.floor(self.size * rng.random(n) ** 1.6).astype(np.uint64)

    def arrays(self, idx: np.ndarray, *, youth: bool | None = None
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """People `idx` as arrays: forenames, surnames, dates of birth (proleptic ordinals), sexes ("M"/"F")."""
        h1 = splitmix64(idx ^ self.seed)
        h2 = splitmix64(h1)
        h3 = splitmix64(h2)
        is_male = (h1 & np.uint64(1)) == 0
        first_m = self.male[(h1 >> np.uint64(1)) % np.uint64(len(self.male))]
        first_f = self.female[(h1 >> np.uint64(1)) % np.uint64(len(self.female))]
        last = self.surnames[h2 % np.uint64(len(self.surnames))]
        frac = (h3 >> np.uint64(11)).astype(np.float64) / float(1 << 53)
        is_youth = frac < YOUTH_SHARE if youth is None else np.full(len(idx), youth)
        age_pick = (h3 % np.uint64(1 << 20)).astype(np.float64) / float(1 << 20)
        youth_days = (age_pick * self.youth_span).astype(np.int64)
        adult_days = (age_pick * self.adult_span).astype(np.int64)
        yo, ao = self.youth_oldest.toordinal(), self.adult_oldest.toordinal()
        dob = np.where(is_youth, yo + youth_days, ao + adult_days)
        return np.where(is_male, first_m, first_f), last, dob, np.where(is_male, "M", "F")

    def people(self, idx: np.ndarray, *, youth: bool | None = None) -> list[Person]:
        first, last, dob, sex = self.arrays(idx, youth=youth)
        return [Person(str(f), str(s), date.fromordinal(int(d)), str(x))
                for f, s, d, x in zip(first, last, dob, sex, strict=True)]
