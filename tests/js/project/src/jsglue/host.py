"""Provided by the host (the JS tests pass their own with provideImports)."""

from typing import Annotated


def suffix(level: Annotated[int, "u32"]) -> str:
    return "!" * level
