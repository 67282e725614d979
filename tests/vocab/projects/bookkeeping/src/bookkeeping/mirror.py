"""Provided by the host (the component's imports): values handed out of the sandbox, which the
host gives back as they came. The bodies here are what the runtime binds on the host side."""

import datetime
import uuid
from decimal import Decimal
from fractions import Fraction

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


def raw(data: bytearray) -> bytearray:
    return data


def statuses(values: list[Status]) -> list[Status]:
    return values


def entry_dicts(values: list[EntryDict]) -> list[EntryDict]:
    return values


def filters(values: list[Filter]) -> list[Filter]:
    return values
