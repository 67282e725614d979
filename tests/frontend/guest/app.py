"""The app module: world exports of interface ``counters``."""

from counters import Counter
from wit_world import exports


class Counters(exports.Counters):
    def total(self, a: Counter, b: Counter) -> int:
        return a.n + b.n
