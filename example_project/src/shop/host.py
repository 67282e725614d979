"""Provided by the host: inside the component, these calls leave the sandbox.

The bodies here are what the runtime binds by default on the host side."""


def exchange_rate(currency: str) -> float:
    """Units of ``currency`` per euro."""
    return {"EUR": 1.0, "USD": 1.08, "GBP": 0.86}.get(currency, 1.0)


def log(message: str) -> None:
    """Record a message in the host's log."""
    print(f"[shop] {message}")
