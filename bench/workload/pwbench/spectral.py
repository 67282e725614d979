"""Spectral norm (the Computer Language Benchmarks Game kernel): float lists, nested loops."""

from __future__ import annotations

import math


def matrix_entry(i: int, j: int) -> float:
    return 1.0 / ((i + j) * (i + j + 1) // 2 + i + 1)


def spectral_norm(n: int) -> float:
    """The spectral norm of the infinite matrix A, from its top-left ``n`` x ``n`` corner
    after 10 power iterations of A^T A."""
    u: list[float] = []
    v: list[float] = []
    tmp: list[float] = []
    for _ in range(n):
        u.append(1.0)
        v.append(0.0)
        tmp.append(0.0)
    for _ in range(10):
        # v = A^T A u, then u = A^T A v
        for step in range(2):
            for i in range(n):
                total = 0.0
                for j in range(n):
                    if step == 0:
                        total += matrix_entry(i, j) * u[j]
                    else:
                        total += matrix_entry(i, j) * v[j]
                tmp[i] = total
            for i in range(n):
                total = 0.0
                for j in range(n):
                    total += matrix_entry(j, i) * tmp[j]
                if step == 0:
                    v[i] = total
                else:
                    u[i] = total
    vbv = 0.0
    vv = 0.0
    for i in range(n):
        vbv += u[i] * v[i]
        vv += v[i] * v[i]
    return math.sqrt(vbv / vv)
