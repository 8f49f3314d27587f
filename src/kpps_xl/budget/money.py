"""Integer-rupiah arithmetic: exact percentages, half-up rounding, Indonesian formatting."""

from __future__ import annotations

import math
from decimal import Decimal, InvalidOperation
from fractions import Fraction

# Rates are kept as exact fractions of 1 with at most 6 decimals (4 decimals of a percent),
# so that the workbook formula ROUND(ROUND(base*rate, 6), 0) reproduces them exactly.
RATE_DECIMALS = 6


def half_up(value: Fraction | int) -> int:
    """Round a non-negative exact amount to whole rupiah, halves upwards."""
    return math.floor(Fraction(value) + Fraction(1, 2))


def parse_percent(raw: object) -> Fraction | None:
    """A percent written as 0.24, "0,24", "0,24%" -> Fraction(24, 10000); None when unreadable."""
    if isinstance(raw, bool):
        return None
    text = str(raw).strip().rstrip("%").strip().replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    if not number.is_finite():
        return None
    return Fraction(number) / 100


def rate_is_fine_enough(rate: Fraction) -> bool:
    """True when the rate has at most RATE_DECIMALS decimals as a fraction of 1."""
    return (rate * 10**RATE_DECIMALS).denominator == 1


def rupiah(amount: int) -> str:
    """68796000 -> "Rp68.796.000"."""
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp{abs(amount):,}".replace(",", ".")


def percent_text(rate: Fraction) -> str:
    """Fraction(1, 100) -> "1%", Fraction(24, 10000) -> "0,24%", Fraction(3, 1000) -> "0,30%"."""
    value = Decimal(rate.numerator) / Decimal(rate.denominator) * 100
    if value == value.to_integral_value():
        return f"{int(value)}%"
    text = format(value.normalize(), "f")
    whole, _, frac = text.partition(".")
    return f"{whole},{frac.ljust(2, '0')}%"
