"""Projectile motion."""

import math
from dataclasses import dataclass

GRAVITY = 9.81


@dataclass
class Launch:
    speed: float
    angle_degrees: float
    height: float = 0.0


def flight_time(launch: Launch) -> float:
    vy = launch.speed * math.sin(math.radians(launch.angle_degrees))
    return (vy + math.sqrt(vy * vy + 2 * GRAVITY * launch.height)) / GRAVITY


def max_height(launch: Launch) -> float:
    vy = launch.speed * math.sin(math.radians(launch.angle_degrees))
    return launch.height + vy * vy / (2 * GRAVITY)


def trajectory(launch: Launch, steps: int) -> list[tuple[float, float]]:
    t_end = flight_time(launch)
    vx = launch.speed * math.cos(math.radians(launch.angle_degrees))
    vy = launch.speed * math.sin(math.radians(launch.angle_degrees))
    points: list[tuple[float, float]] = []
    for i in range(steps + 1):
        t = t_end * i / max(steps, 1)
        points.append((vx * t, launch.height + vy * t - GRAVITY * t * t / 2))
    return points
