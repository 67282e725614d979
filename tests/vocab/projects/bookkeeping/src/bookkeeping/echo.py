"""Values sent back as they came (the bookkeeping's tests check the wire formats with it)."""

import datetime
import uuid
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from types import TracebackType
from typing import Self

from bookkeeping import mirror
from bookkeeping.models import EntryDict, Filter, Status


def dates(values: list[datetime.date]) -> list[datetime.date]:
    return values


def times(values: list[datetime.time]) -> list[datetime.time]:
    return values


def datetimes(values: list[datetime.datetime]) -> list[datetime.datetime]:
    return values


def timedeltas(values: list[datetime.timedelta]) -> list[datetime.timedelta]:
    return values


def decimals(values: list[Decimal]) -> list[Decimal]:
    return values


def fractions(values: list[Fraction]) -> list[Fraction]:
    return values


def uuids(values: list[uuid.UUID]) -> list[uuid.UUID]:
    return values


def int_set(values: set[int]) -> set[int]:
    return values


def str_frozenset(values: frozenset[str]) -> frozenset[str]:
    return values


def int_tuple(values: tuple[int, ...]) -> tuple[int, ...]:
    return values


def sequence(values: Sequence[str]) -> Sequence[str]:
    return values


def mapping(values: Mapping[str, float]) -> Mapping[str, float]:
    return values


def iterator(values: list[int]) -> Iterator[int]:
    return iter(values)


def raw(data: bytearray) -> bytearray:
    return data


def statuses(values: list[Status]) -> list[Status]:
    return values


def entry_dicts(values: list[EntryDict]) -> list[EntryDict]:
    return values


def filters(values: list[Filter]) -> list[Filter]:
    return values


class Stream:
    """Values sent through an object of the guest, on to the host (``mirror``) and back. Used
    as a context manager: open inside ``with``; a KeyError inside is recorded and swallowed."""

    def __init__(self, name: str = "out") -> None:
        self.name = name
        self.sent = 0
        self.is_open = False
        self.last_error = ""

    def __enter__(self) -> Self:
        self.is_open = True
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> bool:
        self.is_open = False
        if exc is not None:
            self.last_error = f"{exc_type.__name__}: {exc}"
        return isinstance(exc, KeyError)

    @property
    def state(self) -> str:
        where = "open" if self.is_open else "closed"
        return f"{self.name} {where}, {self.sent} sent, last error {self.last_error!r}"

    def _count(self, values: object) -> None:
        self.sent += 1

    def dates(self, values: list[datetime.date]) -> list[datetime.date]:
        self._count(values)
        return mirror.dates(values)

    def times(self, values: list[datetime.time]) -> list[datetime.time]:
        self._count(values)
        return mirror.times(values)

    def datetimes(self, values: list[datetime.datetime]) -> list[datetime.datetime]:
        self._count(values)
        return mirror.datetimes(values)

    def timedeltas(self, values: list[datetime.timedelta]) -> list[datetime.timedelta]:
        self._count(values)
        return mirror.timedeltas(values)

    def decimals(self, values: list[Decimal]) -> list[Decimal]:
        self._count(values)
        return mirror.decimals(values)

    def fractions(self, values: list[Fraction]) -> list[Fraction]:
        self._count(values)
        return mirror.fractions(values)

    def uuids(self, values: list[uuid.UUID]) -> list[uuid.UUID]:
        self._count(values)
        return mirror.uuids(values)

    def int_set(self, values: set[int]) -> set[int]:
        self._count(values)
        return mirror.int_set(values)

    def str_frozenset(self, values: frozenset[str]) -> frozenset[str]:
        self._count(values)
        return mirror.str_frozenset(values)

    def int_tuple(self, values: tuple[int, ...]) -> tuple[int, ...]:
        self._count(values)
        return mirror.int_tuple(values)

    def raw(self, data: bytearray) -> bytearray:
        self._count(data)
        return mirror.raw(data)

    def statuses(self, values: list[Status]) -> list[Status]:
        self._count(values)
        return mirror.statuses(values)

    def entry_dicts(self, values: list[EntryDict]) -> list[EntryDict]:
        self._count(values)
        return mirror.entry_dicts(values)

    def filters(self, values: list[Filter]) -> list[Filter]:
        self._count(values)
        return mirror.filters(values)
