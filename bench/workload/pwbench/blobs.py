"""Functions whose cost is moving data: bytes against str of the same size (issue 14)."""

from __future__ import annotations


def echo_bytes(data: bytes) -> bytes:
    return data


def echo_text(text: str) -> str:
    return text


def bytes_length(data: bytes) -> int:
    return len(data)


def text_length(text: str) -> int:
    return len(text)
