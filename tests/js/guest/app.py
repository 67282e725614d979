"""Guest code for the hand-written test component: one class per exported interface."""

import traceback
from collections import Counter as _Tally
from collections.abc import Callable
from typing import TypeVar

from componentize_py_types import Err
from wit_world import exports
from wit_world.exports.geometry import Circle, Label, Shape, Style
from wit_world.imports import host
from wit_world.imports.types import GuestError, Point

T = TypeVar("T")


def format_traceback(exc: BaseException) -> str:
    """Python's traceback layout without source lines: traceback.format_exception would read
    them through linecache, whose os.stat traps in a --stub-wasi build."""
    frames = [
        f'  File "{frame.f_code.co_filename}", line {line}, in {frame.f_code.co_name}\n'
        for frame, line in traceback.walk_tb(exc.__traceback__)
    ]
    only = traceback.format_exception_only(exc)
    return "".join(["Traceback (most recent call last):\n", *frames, *only])


def guarded(call: Callable[[], T]) -> T:
    """Runs ``call``; a Python exception leaves as Err(guest-error), as the convention says."""
    try:
        return call()
    except Exception as exc:
        kind = type(exc)
        raise Err(
            GuestError(
                type_name=f"{kind.__module__}.{kind.__qualname__}",
                message=str(exc),
                traceback=format_traceback(exc),
            )
        ) from None


def _describe(label: Label) -> str:
    styles = [s.name.lower() for s in Style if s in label.style]
    where = f" at ({label.at.x}, {label.at.y})" if label.at is not None else ""
    return f"{label.text} in {label.color.name.lower()}{where} [{','.join(styles)}]"


def _divide(a: float, b: float) -> float:
    if b == 0:
        raise ZeroDivisionError("cannot divide by zero")
    return a / b


def _area(shape: Shape) -> float:
    if isinstance(shape.value, Circle):
        return 3.0 * shape.value.radius**2
    return shape.value.side**2


class Geometry(exports.Geometry):
    def add(self, a: int, b: int) -> int:
        return guarded(lambda: a + b)

    def midpoint(self, a: Point, b: Point) -> Point:
        return guarded(lambda: Point((a.x + b.x) / 2, (a.y + b.y) / 2))

    def describe(self, l: Label) -> str:  # noqa: E741
        return guarded(lambda: _describe(l))

    def area(self, s: Shape) -> float:
        return guarded(lambda: _area(s))

    def safe_divide(self, a: float, b: float) -> float:
        return guarded(lambda: _divide(a, b))

    def nothing(self) -> None:
        return guarded(lambda: None)


def _first_word(s: str) -> str | None:
    words = s.split()
    return words[0] if words else None


def _nearest(points: list[Point]) -> Point | None:
    return min(points, key=lambda p: p.x * p.x + p.y * p.y, default=None)


class TextTools(exports.TextTools):
    def word_counts(self, s: str) -> list[tuple[str, int]]:
        return guarded(lambda: sorted(_Tally(s.split()).items()))

    def reverse_bytes(self, data: bytes) -> bytes:
        return guarded(lambda: bytes(reversed(data)))

    def first_word(self, s: str) -> str | None:
        return guarded(lambda: _first_word(s))

    def shout(self, s: str) -> str:
        return guarded(lambda: s.upper() + host.suffix(len(s)))

    def nearest(self, points: list[Point]) -> Point | None:
        return guarded(lambda: _nearest(points))
