"""A numpy-Generator-like random source: scalar draws from `random.Random` (about 20x cheaper per call than a
numpy scalar draw), array draws from numpy. Both streams are seeded from one SeedSequence, so results depend
only on the seed. Used where the generator draws one value at a time (care histories, events)."""

import random
from math import exp
from typing import Protocol

import numpy as np


class Rng(Protocol):
    """What the synthetic generators draw from: a numpy Generator or a FastRandom (same method names)."""

    def random(self, size=None): ...
    def integers(self, low, high=None, size=None): ...
    def exponential(self, scale=1.0, size=None): ...
    def gamma(self, shape, scale=1.0, size=None): ...
    def lognormal(self, mean=0.0, sigma=1.0, size=None): ...
    def normal(self, loc=0.0, scale=1.0, size=None): ...
    def uniform(self, low=0.0, high=1.0, size=None): ...
    def poisson(self, lam, size=None): ...
    def choice(self, a, size=None, replace=True, p=None): ...
    def permutation(self, n): ...


class FastRandom:
    def __init__(self, seed: list[int] | int):
        self.np = np.random.default_rng(seed)
        self.py = random.Random(int(self.np.integers(2**62)))

    def random(self, size=None):
        return self.py.random() if size is None else self.np.random(size)

    def integers(self, low, high=None, size=None):
        if size is not None:
            return self.np.integers(low, high, size=size)
        if high is None:
            low, high = 0, low
        # floor(low + u * span): a hair's breadth from uniform, and several times faster than randrange
        return int(low) + int(self.py.random() * (int(high) - int(low)))

    def exponential(self, scale=1.0, size=None):
        return self.py.expovariate(1.0 / scale) if size is None else self.np.exponential(scale, size)

    def gamma(self, shape, scale=1.0, size=None):
        return self.py.gammavariate(shape, scale) if size is None else self.np.gamma(shape, scale, size)

    def lognormal(self, mean=0.0, sigma=1.0, size=None):
        return self.py.lognormvariate(mean, sigma) if size is None else self.np.lognormal(mean, sigma, size)

    def normal(self, loc=0.0, scale=1.0, size=None):
        return self.py.gauss(loc, scale) if size is None else self.np.normal(loc, scale, size)

    def uniform(self, low=0.0, high=1.0, size=None):
        return self.py.uniform(low, high) if size is None else self.np.uniform(low, high, size)

    def poisson(self, lam, size=None):
        if size is None and np.isscalar(lam) and lam < 30:
            # Knuth's method: fine for small means, one uniform per event.
            limit, k, product = exp(-lam), 0, self.py.random()
            while product > limit:
                k += 1
                product *= self.py.random()
            return k
        return self.np.poisson(lam, size)

    def choice(self, a, size=None, replace=True, p=None):
        if size is None and p is None:
            n = a if isinstance(a, int) else len(a)
            i = int(self.py.random() * n)
            return i if isinstance(a, int) else a[i]
        return self.np.choice(a, size=size, replace=replace, p=p)

    def permutation(self, n):
        return self.np.permutation(n)
