"""A record used by two interfaces, so the WIT puts it in ``types``."""

from dataclasses import dataclass


@dataclass
class Point:
    x: float
    y: float
