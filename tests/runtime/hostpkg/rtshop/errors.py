"""A user exception the guest raises and the host can import."""


class OutOfStock(Exception):
    """Raised when an item is not in stock."""
