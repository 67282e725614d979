"""Turning scores into letter grades."""

from enum import Enum


class Grade(Enum):
    A = "A"
    B = "B"
    C = "C"
    F = "F"


def letter(score: int) -> Grade:
    if score >= 90:
        return Grade.A
    if score >= 80:
        return Grade.B
    if score >= 70:
        return Grade.C
    return Grade.F


def passed(scores: list[int]) -> int:
    return sum(1 for s in scores if letter(s) != Grade.F)
