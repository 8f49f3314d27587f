"""Indonesian formatting for letters: dates, rupiah, plain numbers and terbilang."""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date
from babel.numbers import format_decimal
from num2words import num2words

_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


def tanggal(value: dt.date) -> str:
    """Indonesian long date: 14 Februari 2024."""
    return format_date(value, format="d MMMM y", locale="id")


def angka(value: int) -> str:
    """Whole number with Indonesian thousands dots: 9.464."""
    return format_decimal(int(value), locale="id")


def rupiah(value: int) -> str:
    """Rupiah without decimals: Rp247.296.000 (negative: -Rp5.000)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"rupiah() needs an int, got {type(value).__name__}")
    sign = "-" if value < 0 else ""
    return f"{sign}Rp{angka(abs(value))}"


def terbilang(value: int) -> str:
    """Number in Indonesian words: 1001000000 -> satu miliar satu juta."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"terbilang() needs an int, got {type(value).__name__}")
    words = num2words(abs(value), lang="id")
    return f"minus {words}" if value < 0 else words


def terbilang_rupiah(value: int) -> str:
    """Amount in words for letters: dua ratus empat puluh ... ribu rupiah."""
    return f"{terbilang(value)} rupiah"


def bulan_romawi(value: dt.date) -> str:
    """Month in Roman numerals (I..XII), a common segment of letter numbers."""
    return _ROMAN[value.month - 1]
