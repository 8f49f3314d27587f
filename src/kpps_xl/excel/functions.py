"""Plain-Python bodies of the KPPS.* worksheet functions (scalar or 2-D list in, same out)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from kpps_xl.roster.values import nik_cell, parse_date
from kpps_xl.settings import Settings

NOT_A_DATE = "Tanggal tidak terbaca"
UNKNOWN_SCHEME = "Skema tidak dikenal (BPU, PPU atau JKN)"
BAD_NUMBER = "Honor/bulan harus angka rupiah (mis. 1.500.000 atau 1500000), tidak negatif"
MIN_MONTHS, MAX_MONTHS = 1, 24
BAD_MONTHS = f"Bulan harus bilangan bulat {MIN_MONTHS} sampai {MAX_MONTHS}"
BORN_AFTER = "Tanggal lahir setelah tanggal acuan"
_AMOUNT = re.compile(r"-?[0-9][0-9.,]*")
_THOUSANDS_ONLY = re.compile(r"-?[0-9]{1,3}(\.[0-9]{3})+")
_GROUPED = re.compile(r"-?[0-9]{1,3}( [0-9]{3})+")


# Excel's error values as the clients pass them with err_to_str (a #N/A cell was silently an
# empty cell: an empty months cell counts 1 month, so IURAN(...; #N/A) gave a premium).
EXCEL_ERRORS = frozenset({"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!",
                          "#DATA!", "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!",
                          "#BUSY!", "#UNKNOWN!", "#GETTING_DATA"})


def excel_error(value: Any) -> str | None:
    """"Sel berisi galat Excel #N/A" for an error value, else None."""
    if isinstance(value, str) and value.strip().upper() in EXCEL_ERRORS:
        return f"Sel berisi galat Excel {value.strip().upper()}"
    return None


def elementwise(func: Callable[[Any], Any], value: Any) -> Any:
    """Apply func to a scalar, or to every cell of a (1-D or 2-D) list, keeping the shape;
    an Excel error cell gives its Indonesian message instead of a value."""
    if isinstance(value, list | tuple):
        return [elementwise(func, v) for v in value]
    return excel_error(value) or func(value)


def _shown(value: Any) -> Any:
    """A cell as Excel shows it in a message (TRUE, not Python's True)."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    return value


def _empty(value: Any) -> bool:
    """An empty cell as each Excel sends it: None (Excel on the web, or an omitted argument),
    0 (Excel desktop passes an empty referenced cell as 0) or blank text."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return True
    return isinstance(value, int | float) and not isinstance(value, bool) and value == 0


def _reference(value: Any, settings: Settings) -> dt.date | None:
    if _empty(value):
        return settings.reference_date
    return parse_date(value, settings.reference_date.year)


def usia(tanggal_lahir: Any, tanggal_acuan: Any, settings: Settings) -> Any:
    """Age in full years on the reference date ("" for empty cells)."""
    from kpps_xl.rules.ages import age_on

    if excel_error(tanggal_acuan):
        return excel_error(tanggal_acuan)
    reference = _reference(tanggal_acuan, settings)
    if reference is None:
        return NOT_A_DATE

    def one(value: Any) -> Any:
        if _empty(value):
            return ""
        dob = parse_date(value, reference.year)
        if dob is None:
            return NOT_A_DATE
        return BORN_AFTER if dob > reference else age_on(dob, reference)

    return elementwise(one, tanggal_lahir)


def cek_nik(nik: Any) -> Any:
    """"OK" or the Indonesian reason why a NIK is wrong."""
    from kpps_xl.rules.nik import nik_problem

    def one(value: Any) -> str:
        if _empty(value):
            return ""
        text, numeric = nik_cell(_shown(value))
        problem = nik_problem(text, numeric=numeric)
        return "OK" if problem is None else problem[1]

    return elementwise(one, nik)


def nik_tgl_lahir(nik: Any, settings: Settings) -> Any:
    """Birth date encoded in a NIK (women: day + 40), "" when it cannot be read."""
    from kpps_xl.rules.nik import nik_birthdate

    def one(value: Any) -> Any:
        if _empty(value):
            return ""
        text, numeric = nik_cell(value)
        if text is None or numeric:
            return ""
        return nik_birthdate(text, settings.reference_date) or ""

    return elementwise(one, nik)


def _decimal_text(text: str) -> str | None:
    """'1.500.000,50' / '1,500,000.50' / '1500000.00' -> '1500000.50' (Indonesian first)."""
    text = text.strip().upper().removeprefix("RP").strip().replace(" ", "")
    if not _AMOUNT.fullmatch(text):
        return None
    dots, commas = text.count("."), text.count(",")
    if dots and commas:
        decimal = "," if text.rfind(",") > text.rfind(".") else "."
    elif commas:
        decimal = "," if commas == 1 else ""
    elif dots == 1:
        decimal = "" if _THOUSANDS_ONLY.fullmatch(text) else "."
    else:
        decimal = ""
    whole, _, fraction = text.partition(decimal) if decimal else (text, "", "")
    mark = {",": ".", ".": ","}.get(decimal) or ("." if dots else ",")
    if mark in whole and not _GROUPED.fullmatch(whole.replace(mark, " ")):
        return None
    if not fraction.isdigit() and decimal:
        return None
    return whole.replace(mark, "") + ("." + fraction if decimal else "")


def _number(value: Any) -> Decimal | None:
    """A cell as a Decimal: numbers as they are, text in Indonesian or plain notation."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return Decimal(str(value))
    text = _decimal_text(str(value))
    if text is None:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def rupiah(value: Any) -> int | None:
    """Whole rupiah, fractions rounded half up (1.500.000,50 -> 1500001); None if not a number."""
    number = _number(value)
    if number is None or not number.is_finite() or number < 0:
        return None
    return int(number.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def months_of(value: Any) -> int | None:
    """Whole months 1-24 (empty, including desktop's 0 for an empty cell, = 1); None for
    2,5 / -1 / 25 / text."""
    if _empty(value):
        return 1
    number = _number(value)
    if number is None or not number.is_finite() or number != number.to_integral_value():
        return None
    return int(number) if MIN_MONTHS <= number <= MAX_MONTHS else None


def iuran(skema: Any, honor: Any, bulan: Any, settings: Settings) -> Any:
    """Premium for one person: the budget engine's scheme premium x months (integer rupiah);
    an empty honor cell gives an empty result, empty months count as 1 (Excel on the web cannot
    tell an empty referenced cell from an omitted argument, so desktop's 0 means 1 too)."""
    from kpps_xl.budget import budget_config

    for scalar in (skema, bulan):
        if excel_error(scalar):
            return excel_error(scalar)
    schemes = budget_config(settings).schemes
    scheme = schemes.get(str(skema or "").strip().upper())
    if scheme is None:
        return UNKNOWN_SCHEME
    months = months_of(bulan)
    if months is None:
        return BAD_MONTHS

    def one(value: Any) -> Any:
        if _empty(value):
            return ""
        amount = rupiah(value)
        if amount is None:
            return BAD_NUMBER
        return scheme.premium(scheme.base_for(amount)) * months

    return elementwise(one, honor)
