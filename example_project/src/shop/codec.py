"""Orders as compact bytes (JSON inside), with a checksum."""

from __future__ import annotations

import json
import zlib

from shop.models import Line, Order


def encode_order(order: Order) -> bytes:
    data = {
        "id": order.order_id,
        "lines": [[line.sku, line.quantity] for line in order.lines],
        "note": order.note,
        "coupon": order.coupon,
    }
    return zlib.compress(json.dumps(data, separators=(",", ":")).encode())


def decode_order(data: bytes) -> Order:
    """The order encoded in ``data``; ValueError for bytes that are not an order."""
    try:
        raw = json.loads(zlib.decompress(data))
    except (zlib.error, json.JSONDecodeError) as exc:
        raise ValueError(f"not an encoded order: {exc}") from exc
    lines = [Line(sku, quantity) for sku, quantity in raw["lines"]]
    return Order(raw["id"], lines, raw["note"], raw["coupon"])


def checksum(data: bytes) -> int:
    """CRC-32 of ``data``."""
    return zlib.crc32(data)


def split_words(text: str) -> tuple[list[str], int]:
    """The words of ``text`` and their count."""
    words = text.split()
    return words, len(words)
