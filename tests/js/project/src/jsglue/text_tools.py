"""Dicts, bytes, options and lists; ``shout`` calls the host."""

from collections import Counter
from typing import Annotated

from jsglue.host import suffix
from jsglue.points import Point


def word_counts(s: str) -> dict[str, Annotated[int, "u32"]]:
    return dict(sorted(Counter(s.split()).items()))


def reverse_bytes(data: bytes) -> bytes:
    return bytes(reversed(data))


def first_word(s: str) -> str | None:
    words = s.split()
    return words[0] if words else None


def shout(s: str) -> str:
    return s.upper() + suffix(len(s))


def nearest(points: list[Point]) -> Point | None:
    return min(points, key=lambda p: p.x * p.x + p.y * p.y, default=None)
