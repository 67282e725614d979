"""Hand-written guest for the resource convention test (componentize-py bindings)."""

from componentize_py_types import Err
from wit_world.imports.types import GuestError


class Counter:
    def __init__(self, start: int) -> None:
        if start < 0:
            raise Err(GuestError("builtins.ValueError", "negative start", ""))
        self.n = start

    def get(self) -> int:
        return self.n

    def merge(self, other: "Counter") -> "Counter":
        return Counter(self.n + other.n)
