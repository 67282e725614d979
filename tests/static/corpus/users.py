"""User records with optional fields."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional


@dataclass
class User:
    name: str
    email: Optional[str]
    age: int | None = None


def display_name(user: User) -> str:
    if user.email is None:
        return user.name
    return f"{user.name} <{user.email}>"


def adults(users: list[User]) -> list[str]:
    return [u.name for u in users if u.age is not None and u.age >= 18]
