"""Descriptive statistics over samples."""

from __future__ import annotations

import math


def mean(values: list[float]) -> float:
    if not values:
        raise ValueError("mean of an empty list")
    return sum(values) / len(values)


def variance(values: list[float]) -> float:
    m = mean(values)
    return sum([(v - m) ** 2 for v in values]) / len(values)


def stdev(values: list[float]) -> float:
    return math.sqrt(variance(values))


def median(values: list[int]) -> float:
    ordered = sorted(values)
    n = len(ordered)
    if n == 0:
        raise ValueError("median of an empty list")
    middle = n // 2
    if n % 2 == 1:
        return float(ordered[middle])
    return (ordered[middle - 1] + ordered[middle]) / 2
