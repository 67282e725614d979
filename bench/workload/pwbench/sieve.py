"""Sieve of Eratosthenes: a list of flags, indexing and stores."""

from __future__ import annotations


def sieve(limit: int) -> int:
    """How many primes are at most ``limit``."""
    flags: list[bool] = []
    for _ in range(limit + 1):
        flags.append(True)
    count = 0
    for i in range(2, limit + 1):
        if flags[i]:
            count += 1
            j = i * i
            while j <= limit:
                flags[j] = False
                j += i
    return count
