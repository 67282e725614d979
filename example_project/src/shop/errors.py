"""Errors the shop's components raise; the runtime re-raises them as these classes."""


class OutOfStock(Exception):
    """Asked for more of an item than the stock holds."""


class UnknownItem(KeyError):
    """A SKU the stock does not know."""
