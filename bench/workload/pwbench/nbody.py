"""N-body simulation of the Jovian planets (the Computer Language Benchmarks Game kernel):
float arithmetic over parallel lists."""

from __future__ import annotations

import math


def nbody(steps: int) -> float:
    """The system's energy after ``steps`` steps of 0.01 days."""
    pi = 3.141592653589793
    solar_mass = 4.0 * pi * pi
    days_per_year = 365.24
    # sun, Jupiter, Saturn, Uranus, Neptune
    x = [0.0, 4.84143144246472090e00, 8.34336671824457987e00, 1.28943695621391310e01,
         1.53796971148509165e01]  # fmt: skip
    y = [0.0, -1.16032004402742839e00, 4.12479856412430479e00, -1.51111514016986312e01,
         -2.59193146099879641e01]  # fmt: skip
    z = [0.0, -1.03622044471123109e-01, -4.03523417114321381e-01, -2.23307578892655734e-01,
         1.79258772950371181e-01]  # fmt: skip
    vx = [0.0, 1.66007664274403694e-03, -2.76742510726862411e-03, 2.96460137564761618e-03,
          2.68067772490389322e-03]  # fmt: skip
    vy = [0.0, 7.69901118419740425e-03, 4.99852801234917238e-03, 2.37847173959480950e-03,
          1.62824170038242295e-03]  # fmt: skip
    vz = [0.0, -6.90460016972063023e-05, 2.30417297573763929e-05, -2.96589568540237556e-05,
          -9.51592254519715870e-05]  # fmt: skip
    mass = [1.0, 9.54791938424326609e-04, 2.85885980666130812e-04, 4.36624404335156298e-05,
            5.15138902046611451e-05]  # fmt: skip
    bodies = len(mass)
    for i in range(bodies):
        vx[i] = vx[i] * days_per_year
        vy[i] = vy[i] * days_per_year
        vz[i] = vz[i] * days_per_year
        mass[i] = mass[i] * solar_mass
    # Offset the sun's momentum so the system's is zero.
    px = 0.0
    py = 0.0
    pz = 0.0
    for i in range(bodies):
        px += vx[i] * mass[i]
        py += vy[i] * mass[i]
        pz += vz[i] * mass[i]
    vx[0] = -px / solar_mass
    vy[0] = -py / solar_mass
    vz[0] = -pz / solar_mass
    dt = 0.01
    for _ in range(steps):
        for i in range(bodies):
            for j in range(i + 1, bodies):
                dx = x[i] - x[j]
                dy = y[i] - y[j]
                dz = z[i] - z[j]
                distance2 = dx * dx + dy * dy + dz * dz
                magnitude = dt / (distance2 * math.sqrt(distance2))
                mi = mass[i] * magnitude
                mj = mass[j] * magnitude
                vx[i] -= dx * mj
                vy[i] -= dy * mj
                vz[i] -= dz * mj
                vx[j] += dx * mi
                vy[j] += dy * mi
                vz[j] += dz * mi
        for i in range(bodies):
            x[i] += dt * vx[i]
            y[i] += dt * vy[i]
            z[i] += dt * vz[i]
    energy = 0.0
    for i in range(bodies):
        energy += 0.5 * mass[i] * (vx[i] * vx[i] + vy[i] * vy[i] + vz[i] * vz[i])
        for j in range(i + 1, bodies):
            dx = x[i] - x[j]
            dy = y[i] - y[j]
            dz = z[i] - z[j]
            energy -= mass[i] * mass[j] / math.sqrt(dx * dx + dy * dy + dz * dz)
    return energy
