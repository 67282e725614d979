"""Five common math functions (sqrt, exp, log, sin, cos) in a module: its component size is a
figure of the bench sizes suite (issue 17: the static backend links only what a module uses)."""

import math


def damped_wave(t: float, omega: float, decay: float) -> float:
    return math.exp(-decay * t) * math.cos(omega * t)


def lognormal_pdf(x: float, mu: float, sigma: float) -> float:
    z = (math.log(x) - mu) / sigma
    return math.exp(-0.5 * z * z) / (x * sigma * math.sqrt(2.0 * math.pi))


def polar_to_cartesian(r: float, theta: float) -> tuple[float, float]:
    return (r * math.cos(theta), r * math.sin(theta))
