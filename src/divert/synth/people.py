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

    def people(self, idx: np.ndarray, *, youth: bool | None = None) -> list[Person]:
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
        out = []
        yo, ao = self.youth_oldest.toordinal(), self.adult_oldest.toordinal()
        for i in range(len(idx)):
            dob = date.fromordinal((yo + int(youth_days[i])) if is_youth[i] else (ao + int(adult_days[i])))
            male = bool(is_male[i])
            out.append(Person(str(first_m[i] if male else first_f[i]), str(last[i]), dob, "M" if male else "F"))
        return out
