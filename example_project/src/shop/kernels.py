"""Money arithmetic of the shop in integer cents: discounts, rounding, splitting a bill,
instalments and card-number checksums. Written within the typed subset the static backend
compiles (numbers, str, lists, dataclasses; no imports of the project), so its component is a few
KB instead of a whole CPython."""

from __future__ import annotations

import math
from dataclasses import dataclass

#: VAT is stored in basis points (1/100 of a percent) so rates like 7.7 % stay exact.
BASIS_POINTS = 10_000


@dataclass
class Quote:
    net_cents: int
    tax_cents: int
    gross_cents: int


def round_cents(amount: float) -> int:
    """An amount in currency units (12.345) as whole cents, half to even like Python's round."""
    if not math.isfinite(amount):
        raise ValueError("amount is not a finite number")
    return round(amount * 100)


def compound_discount(cents: int, percents: list[int]) -> int:
    """Each percentage taken off what the previous ones left, rounded down to the cent."""
    for percent in percents:
        if percent < 0 or percent > 100:
            raise ValueError("a discount is outside 0..100 percent")
        cents -= cents * percent // 100
    return cents


def price_quote(net_cents: int, vat_basis_points: int) -> Quote:
    """Net price plus VAT, the tax rounded half up to the cent (as tax offices want)."""
    if net_cents < 0:
        raise ValueError("a negative net price")
    tax = (net_cents * vat_basis_points + BASIS_POINTS // 2) // BASIS_POINTS
    return Quote(net_cents, tax, net_cents + tax)


def split_bill(total_cents: int, people: int) -> list[int]:
    """Shares that add up to the total exactly; the first ones pay the leftover cents."""
    if people <= 0:
        raise ValueError("a bill is split between at least one person")
    share = total_cents // people
    left = total_cents % people
    shares = [share] * people
    for i in range(left):
        shares[i] += 1
    return shares


def monthly_payment(principal_cents: int, annual_rate: float, months: int) -> int:
    """The annuity instalment, in cents, that repays the principal with interest."""
    if months <= 0:
        raise ValueError("months must be positive")
    rate = annual_rate / 12
    if rate == 0:
        return -(-principal_cents // months)
    factor = (1 + rate) ** months
    return math.ceil(principal_cents * rate * factor / (factor - 1))


def luhn_valid(number: int) -> bool:
    """Whether a card number's last digit is its Luhn check digit."""
    if number < 0:
        return False
    total = 0
    position = 0
    while number > 0:
        digit = number % 10
        if position % 2 == 1:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
        number //= 10
        position += 1
    return position > 1 and total % 10 == 0


def mean_and_spread(prices: list[float]) -> tuple[float, float]:
    """Mean and (population) standard deviation of a list of prices."""
    if len(prices) == 0:
        raise ValueError("no prices")
    mean = 0.0
    for price in prices:
        mean += price
    mean /= len(prices)
    spread = 0.0
    for price in prices:
        # d * d, not d ** 2: a product is one IEEE rounding everywhere, while ** goes through
        # the C library's pow, which may differ by an ulp between platforms (and backends).
        deviation = price - mean
        spread += deviation * deviation
    return mean, math.sqrt(spread / len(prices))


def format_cents(cents: int) -> str:
    """12345 -> "123.45", -5 -> "-0.05"."""
    sign = "-" if cents < 0 else ""
    whole = abs(cents) // 100
    rest = abs(cents) % 100
    pad = "0" if rest < 10 else ""
    return f"{sign}{whole}.{pad}{rest}"
