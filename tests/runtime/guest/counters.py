"""The exported resource of the test component (componentize-py wants it in its own module)."""

from app import guarded
from wit_world.exports import counters


class Counter(counters.Counter):
    def __init__(self, start: int) -> None:
        def check() -> int:
            if start < 0:
                raise ValueError(f"a counter cannot start below zero, got {start}")
            return start

        self.count = guarded(check)

    def increment(self, by: int) -> int:
        def bump() -> int:
            self.count += by
            return self.count

        return guarded(bump)

    def value(self) -> int:
        return guarded(lambda: self.count)

    @staticmethod
    def zero() -> "Counter":
        return guarded(lambda: Counter(0))
