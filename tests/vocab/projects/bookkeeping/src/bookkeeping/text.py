"""Text helpers."""

from __future__ import annotations


def normalize(text: str, *, width: int = 0) -> str:
    """Collapses whitespace; pads to ``width``."""
    return " ".join(text.split()).ljust(width)
