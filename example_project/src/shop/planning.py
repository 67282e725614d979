"""Helpers the exported code imports lazily, at run time."""


def shortfall(counts: dict[str, int], minimum: int) -> list[tuple[str, int]]:
    return sorted((sku, minimum - n) for sku, n in counts.items() if n < minimum)
