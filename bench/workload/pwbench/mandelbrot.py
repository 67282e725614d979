"""Mandelbrot set: float arithmetic in tight nested loops with an early exit."""

from __future__ import annotations


def mandelbrot(size: int) -> int:
    """How many points of a ``size`` x ``size`` grid over [-1.5, 0.5] x [-1, 1] stay bounded
    for 50 iterations."""
    inside = 0
    for y in range(size):
        ci = 2.0 * y / size - 1.0
        for x in range(size):
            cr = 2.0 * x / size - 1.5
            zr = 0.0
            zi = 0.0
            bounded = True
            for _ in range(50):
                next_zr = zr * zr - zi * zi + cr
                zi = 2.0 * zr * zi + ci
                zr = next_zr
                if zr * zr + zi * zi > 4.0:
                    bounded = False
                    break
            if bounded:
                inside += 1
    return inside
