"""Cell-level parsing: text, NIK, dates in five styles, sex, TPS numbers and roles."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any

import pandas as pd
import pyarrow.compute as pc
from babel.dates import get_month_names

from kpps_xl.roster.aliases import one_edit

_EXCEL_EPOCH = dt.date(1899, 12, 30)
_NIK_STRIP = re.compile(r"[\s.\-'\"`’‘]")
_APOSTROPHES = frozenset("'’‘`")  # before a two-digit year: "12 Mei '90"
# A number shown as Excel shows it ("1.67101E+15"), or written by a script from a float
# ("1671041203900001.0"): the digits went through a number, so they are not trusted.
NUMBER_TEXT = r"^\d+(?:[.,]\d+)?[eE]\+?\d+$|^\d{15,}\.0+$"
_SCIENTIFIC = re.compile(NUMBER_TEXT)
_FIRST_INT = re.compile(r"\d+")
_TPS_INT = re.compile(r"tps\D{0,3}(\d+)", re.IGNORECASE)
_TICKS = frozenset({"√", "v", "V", "1", "x", "X", "✓", "✔", "ya", "Ya", "YA", "L", "P", "l", "p"})


# Invisible format characters that copy-paste brings along: zero-width spaces and joiners,
# WhatsApp's direction marks around a number (U+202A..U+202E, U+2066..U+2069), a BOM, a soft
# hyphen; and control characters other than tab and line breaks (a BEL from a terminal, C1
# codes from a wrongly decoded export), which Excel does not show either. A cell shows the same
# without them, so they are not part of its text.
_CONTROL_RANGES = ((0x00, 0x08), (0x0B, 0x0C), (0x0E, 0x1F), (0x7F, 0x9F))
_INVISIBLE_RANGES = (*_CONTROL_RANGES, (0x00AD, 0x00AD), (0x200B, 0x200F), (0x202A, 0x202E),
                     (0x2060, 0x2060), (0x2066, 0x2069), (0xFEFF, 0xFEFF))
INVISIBLE_PATTERN = "[" + "".join(re.escape(chr(a)) if a == b else
                                  f"{re.escape(chr(a))}-{re.escape(chr(b))}"
                                  for a, b in _INVISIBLE_RANGES) + "]"
_INVISIBLE_TABLE = dict.fromkeys(c for a, b in _INVISIBLE_RANGES for c in range(a, b + 1))
_ASCII_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def visible(text: str) -> str:
    """Text without invisible format and control characters, trimmed."""
    if text.isascii():
        return (_ASCII_CONTROL.sub("", text) if _ASCII_CONTROL.search(text) else text).strip()
    return text.translate(_INVISIBLE_TABLE).strip()


# Whole-cell texts that say "nothing here": a clerk's dash, a script's nan/None/NULL.
PLACEHOLDERS = frozenset({"-", "--", "---", "–", "—", "nan", "NaN", "NAN", "None", "NULL", "null",
                          "N/A", "n/a"})


def shown(text: str) -> str | None:
    """visible(text), None when it is empty or a placeholder for empty."""
    text = visible(text)
    return None if not text or text in PLACEHOLDERS else text


def text_of(value: object) -> str | None:
    """Cell value as trimmed display text; None for empty cells."""
    if value is None:
        return None
    if isinstance(value, float):
        if value != value:  # NaN
            return None
        if value.is_integer():
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return shown(str(value))


def nik_cell(value: object) -> tuple[str | None, bool]:
    """(raw NIK text, stored-as-number flag). Numbers and scientific text are flagged."""
    if value.__class__ is str:
        text = shown(value)
        if not text:
            return None, False
        return text, ("e" in text or "E" in text or "." in text) and bool(
            _SCIENTIFIC.match(text.replace(" ", "")))
    if isinstance(value, bool):
        return str(value), False
    if isinstance(value, int | float):
        return text_of(value), True
    text = text_of(value)
    if text is None:
        return None, False
    if _SCIENTIFIC.match(text.replace(" ", "")):
        return text, True
    return text, False


def nik_digits(text: object) -> str:
    """NIK with spaces, dots, dashes, apostrophes and quotes removed ('' for empty/NA);
    full-width digits pasted from a chat or an IME ("１７０６...") are digits (NFKC)."""
    if not isinstance(text, str):
        return ""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    return _NIK_STRIP.sub("", text)


def nik_digits_series(series: pd.Series) -> pd.Series:
    """nik_digits over a text Series (vectorised in Arrow; NA becomes '')."""
    text = series.astype("string[pyarrow]").fillna("")
    arr = text.array.__arrow_array__()
    if not pc.all(pc.string_is_ascii(arr)).as_py():
        arr = pc.utf8_normalize(arr, "NFKC")
    stripped = pc.replace_substring_regex(arr, pattern=_NIK_STRIP.pattern, replacement="")
    return pd.Series(pd.arrays.ArrowStringArray(stripped), index=series.index)


@lru_cache(maxsize=1)
def _month_table() -> dict[str, int]:
    table: dict[str, int] = {}
    for width in ("wide", "abbreviated"):
        for number, name in get_month_names(width, locale="id").items():
            table[name.lower().rstrip(".")] = number
    for width in ("wide", "abbreviated"):  # an English Excel's 17-Aug-1990
        for number, name in get_month_names(width, locale="en").items():
            table.setdefault(name.lower().rstrip("."), number)
    table.update({"agt": 8, "ags": 8, "sept": 9, "nop": 11, "pebruari": 2, "nopember": 11,
                  "agust": 8, "agus": 8, "peb": 2, "pebr": 2, "febr": 2, "nopb": 11})
    return table


_NUMERIC_DATE = re.compile(r"^(\d{1,4})[-/.](\d{1,2})[-/.](\d{1,4})$")
_SPACED_SEPARATOR = re.compile(r"\s*([-/.])\s*")  # "17 - 08 - 1990"
_COMPACT_DATE = re.compile(r"^\d{8}$")  # 17081990 or 19900817
# "12 Mei 1990", "12-Mei-90", and typed without a space: "12Mei1990", "12 Mei1990"
_WORD_DATE = re.compile(r"^(\d{1,2})[\s\-/.]*([A-Za-z]+)\.?[\s\-/.,]*(\d{2,4})$")
_SPACED_DATE = re.compile(r"^(\d{1,2})\s+(\d{1,2})\s+(\d{4})$")  # "12 5 1990": spaces for dashes


def _year(text: str, reference_year: int) -> int:
    year = int(text)
    if len(text) == 2:
        year += 1900 if year > reference_year % 100 else 2000
    return year


_SERIAL_TEXT = re.compile(r"^[1-7]\d{4}(?:\.0+)?$")  # 10000-79999: 1927-05-18 .. 2118-12-08


# The weekday of a long date format ("Sabtu, 12 Mei 1990" from an Indonesian Excel's CSV).
_WEEKDAY = re.compile(r"^(?:senin|selasa|rabu|kamis|jum'?at|sabtu|minggu|ahad|monday|tuesday|"
                      r"wednesday|thursday|friday|saturday|sunday)\b\s*,?\s*(?=\d)", re.IGNORECASE)


_AGE_NOTE = re.compile(r"\s*\(\s*(?:usia|umur)?\s*\d{1,3}\s*(?:th|thn|tahun)?\.?\s*\)$",
                       re.IGNORECASE)
_MONTH_DAY_YEAR = re.compile(r"^([A-Za-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})$")


@lru_cache(maxsize=65536)
def _parse_text_date(text: str, reference_year: int, month_first: bool = False) -> dt.date | None:
    text = text.strip().rstrip(".,;").rstrip()  # "12 Maret 1990." as typed after a sentence
    if text[-3:-2] in _APOSTROPHES:  # a year cut to two digits: "12 Mei '90"
        text = text[:-3].rstrip() + " " + text[-2:] if text[-2:].isdigit() else text
    if text.endswith(")"):  # the age written after the date: "12-05-1990 (33 th)"
        text = _AGE_NOTE.sub("", text).rstrip(" ,;.")
    if text[:1].isalpha():
        text = _WEEKDAY.sub("", text)
        if match := _MONTH_DAY_YEAR.match(text):  # "May 12, 1990" from an English locale
            month_name, day, year = match.groups()
            text = f"{day} {month_name} {year}"
    if _COMPACT_DATE.match(text):
        return _compact_date(text)
    if _SERIAL_TEXT.match(text):  # an Excel date serial exported as text (CSV, pasted values)
        return _EXCEL_EPOCH + dt.timedelta(days=int(float(text)))
    match = _NUMERIC_DATE.match(_SPACED_SEPARATOR.sub(r"\1", text)) or _SPACED_DATE.match(text)
    try:
        if match:
            a, b, c = match.groups()
            if len(a) == 4:
                return dt.date(int(a), int(b), int(c))
            if month_first:
                a, b = b, a
            return dt.date(_year(c, reference_year), int(b), int(a))
        match = _WORD_DATE.match(text)
        if match:
            day, month_name, year = match.groups()
            month = _month_table().get(month_name.lower())
            if month is None:
                return None
            return dt.date(_year(year, reference_year), month, int(day))
    except ValueError:
        return None
    return None


_YEARS = range(1900, 2101)


def _compact_date(text: str) -> dt.date | None:
    """Eight digits without separators: ddmmyyyy ("17081990") or yyyymmdd ("19900817").

    Never both: ddmmyyyy puts a year 19xx/20xx where yyyymmdd needs a month.
    """
    for day, month, year in ((text[:2], text[2:4], text[4:]), (text[6:], text[4:6], text[:4])):
        if int(year) in _YEARS:
            try:
                return dt.date(int(year), int(month), int(day))
            except ValueError:
                continue
    return None


def parse_date(value: object, reference_year: int = 2024, month_first: bool = False
               ) -> dt.date | None:
    """Date from a date cell, an Excel serial number, or text like 14-02-1990 / 14 Februari 1990.

    Years outside 1900-2100 (a dropped or extra digit) count as unreadable. month_first: a
    column of numeric text dates written month first (see month_first_column).
    """
    found = _parse_any_date(value, reference_year, month_first)
    return found if found is not None and found.year in _YEARS else None


_DAY_MONTH = re.compile(r"^\s*(\d{1,2})[-/.](\d{1,2})[-/.](\d{2,4})\s*$")


def month_first_column(texts: Iterable[object]) -> bool:
    """A column of numeric dates written month first (08/17/1990, a US-locale export such as
    Google Forms' CSV): a quarter or more of them, and at least two, have a second number
    above 12 and none has a first number above 12. Indonesian day-first dates are the rule.
    """
    count = late = early = 0
    for text in texts:
        match = _DAY_MONTH.match(text) if isinstance(text, str) else None
        if match:
            count += 1
            early += int(match.group(1)) > 12
            late += int(match.group(2)) > 12
    return early == 0 and late >= max(2, count / 4)


def _parse_any_date(value: object, reference_year: int, month_first: bool = False
                    ) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        if 1000 < value < 80000:
            return _EXCEL_EPOCH + dt.timedelta(days=int(value))
        if 1_011_900 <= value <= 31_122_100 and float(value).is_integer():
            return _compact_date(f"{int(value):08d}")  # 17081990 typed into a number cell
        return None
    text = visible(str(value))
    if " " in text and ":" in text:  # ISO datetime text from an Excel payload
        text = text.split(" ")[0]
    if "T" in text and text[:4].isdigit():
        text = text.split("T")[0]
    return _parse_text_date(text, reference_year, month_first)


_DATE_START = re.compile(r"(?<!\d)\d")
_TTL_SEPARATORS = " \t\r\n,;:/.-"


def split_ttl(value: object) -> tuple[str | None, object]:
    """'Mukomuko, 14-02-1990' -> ('Mukomuko', '14-02-1990'); a bare date -> (None, date).

    The date is the first run from a number that reads as a date ("Muara Enim, Sumsel - 12/03/
    1990", "Desa 8 Ilir, 12-03-1990"); the place is what comes before, without the separator
    typed between them (, ; : / . - or a line break). Without a readable date, the last comma
    (or else the first digit) splits them, as before.
    """
    if isinstance(value, dt.date):
        return None, value
    text = text_of(value)
    if text is None:
        return None, None
    for match in _DATE_START.finditer(text):
        rest = text[match.start():].rstrip(_TTL_SEPARATORS.replace("/", "").replace("-", ""))
        if parse_date(rest) is not None:
            return text[: match.start()].strip(_TTL_SEPARATORS) or None, rest
    if text[0].isdigit() and (first := _date_first(text)) is not None:
        return first
    if "," in text:
        place, _, date_text = text.rpartition(",")
        return place.strip() or None, date_text.strip()
    match = re.search(r"\d", text)
    if match and match.start() > 0:
        return text[: match.start()].strip(" /-") or None, text[match.start():]
    return None, text


def _date_first(text: str) -> tuple[str, str] | None:
    """'12-05-1990, Palembang' -> ('Palembang', '12-05-1990'): the date typed before the place;
    the date is the shortest start that reads as one, the place the rest after a separator."""
    for cut in _TTL_CUT.finditer(text):
        place = text[cut.end():].strip(_TTL_SEPARATORS)
        if not any(ch.isalpha() for ch in place):
            return None
        date = text[:cut.start()].strip(_TTL_SEPARATORS)
        if parse_date(date) is not None or _DATE_SHAPE.fullmatch(date):  # 31-02-1985: unreadable
            return place, date
    return None


_DATE_SHAPE = re.compile(r"\d{1,4}[-/.]\d{1,2}[-/.]\d{2,4}")
_TTL_CUT = re.compile(r"\s*[,;\n]\s*|\s+(?:[/\-]\s+)?")  # where a date typed first may end
_SEX_CODES = {"1": "L", "2": "P"}  # the population register's codes (1 laki-laki, 2 perempuan)
_BRACKET = re.compile(r"\([^)]*\)")
_SEX = {"l": "L", "lk": "L", "laki laki": "L", "lakilaki": "L", "laki": "L", "pria": "L",
        "m": "L", "male": "L", "p": "P", "pr": "P", "perempuan": "P", "wanita": "P",
        "w": "P", "f": "P", "female": "P", "pe": "P", "lelaki": "L"}


def parse_sex(value: object) -> str | None:
    """'L' or 'P', or None when unrecognisable (callers tell empty from invalid)."""
    text = text_of(value)
    if text is None:
        return None
    if text in _SEX_CODES:
        return _SEX_CODES[text]
    key = re.sub(r"[^a-z]+", " ", (_BRACKET.sub(" ", text) if "(" in text else text).lower()).strip()
    found = _SEX.get(key) or _SEX.get(key.replace(" ", ""))
    if found is None and len(key) >= _SEX_TYPO_MIN:  # "Prempuan", "Perempuang", "Lak-laki"
        typo = {sex for word, sex in _SEX.items()
                if len(word) >= _SEX_TYPO_MIN and one_edit(key.replace(" ", ""), word)}
        found = typo.pop() if len(typo) == 1 else None
    return found


_SEX_TYPO_MIN = 6  # a sex word this long or longer with one typo is still that word


def is_tick(value: object) -> bool:
    """A ticked cell in an official L | P column pair."""
    text = text_of(value)
    return text is not None and text in _TICKS


_ROMAN = re.compile(r"^(?=[ivx])(x{0,3})(ix|iv|v?i{0,3})$")
_ROMAN_UNITS = ("", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix")
_TPS_ROMAN = re.compile(r"\btps\s*[-.:]?\s*([ivx]{1,6})\b", re.IGNORECASE)


def arabic(word: str) -> str:
    """'ii' -> '2', 'xi' -> '11' (lowercase Roman numerals up to 39); any other word unchanged."""
    match = _ROMAN.match(word)
    if not match:
        return word
    tens, units = match.groups()
    return str(10 * len(tens) + _ROMAN_UNITS.index(units))


def parse_tps(value: object) -> str | None:
    """'TPS 04' / 4 / '004' / 'TPS IV' -> '004'."""
    text = text_of(value)
    if text is None:
        return None
    match = _TPS_INT.search(text)
    if match is None and (roman := _TPS_ROMAN.search(text)):  # "TPS IV" on an older form
        number = arabic(roman.group(1).lower())
        if number.isdigit():
            return number.zfill(3)
    match = match or _FIRST_INT.search(text)
    if not match:
        return None
    digits = match.group(match.lastindex or 0)
    if len(digits) == 13:  # SIREKAP's TPS code: the 10-digit desa code and the TPS number
        digits = digits[-3:]
    return digits.lstrip("0").zfill(3)


# "KETUA KPPS TPS 01", "KPPS 3 TPS 002": an SK attachment names the TPS in the jabatan cell.
_ROLE_TPS = re.compile(r"\btps\s*(?:no\.?|nomor)?\s*[-.:]?\s*\d{1,3}\b", re.IGNORECASE)


def tps_in_text(value: object) -> str | None:
    """The TPS a jabatan cell names ("Anggota KPPS TPS 01" -> "TPS 01"), or None."""
    match = _ROLE_TPS.search(text_of(value) or "")
    return match.group(0) if match else None


# "Agt.", "Angg. KPPS", "ANGGT": anggota written short of column width
_ANGGOTA_SHORT = re.compile(r"\b(?:agt|agg|angg|anggt|angt|ang)\b\.?")
_ROLE_WORDS = ("anggota", "ketua")  # a word one slip from one of them is it: "Angota", "Ketau"
_ROLE_TYPO_MIN = 5


def _role_words(text: str) -> str:
    """The jabatan text with a one-edit typo of anggota/ketua corrected ("angota kpps")."""
    words = text.split()
    fixed = [next((r for r in _ROLE_WORDS if one_edit(w, r)), w)
             if len(w) >= _ROLE_TYPO_MIN and w.isalpha() and w not in _ROLE_WORDS else w
             for w in words]
    return " ".join(fixed) if fixed != words else text
_NOT_KPPS = re.compile(r"linmas|ketertiban|hansip|keamanan")
_CHOICE = re.compile(r"ketua\s*(?:/|atau|\bor\b|-)\s*anggota|anggota\s*(?:/|atau|-)\s*ketua")


def parse_role(value: object) -> tuple[str | None, str | None]:
    """Jabatan text -> (peran, badan override), in the words of PKPU 8/2022 Pasal 28.

    "Ketua", "KETUA KPPS", "Ketua merangkap anggota" and "KPPS 1" are the ketua; "Anggota",
    "Anggota KPPS 1".."6" are anggota; Linmas/Satlinmas/petugas ketertiban are their own badan
    (not KPPS). A placeholder "Ketua/Anggota" stays unrecognised (tps.ketua will ask).
    """
    text = " ".join(_ROLE_TPS.sub(" ", text_of(value) or "").lower().split())
    if not text:
        return None, None
    peran, badan = _role(text)
    if badan is None and (body := _BODY_IN_ROLE.search(text)):  # "Ketua PPS", "Sekretaris PPK"
        name = body.group(1).upper()
        badan = f"Sekretariat {name}" if peran in ("sekretaris", "pelaksana") or (
            "sekretariat" in text) else name
    elif badan is None and "pantarlih" in text:
        badan = "Pantarlih"
    return peran, badan


_BODY_IN_ROLE = re.compile(r"\b(pps|ppk)\b")


def _role(text: str) -> tuple[str | None, str | None]:
    """parse_role of a lowercased jabatan text without its TPS."""
    if "ketua" not in text and "anggota" not in text:
        text = _role_words(text)
    if "ag" in text or "ang" in text:
        text = _ANGGOTA_SHORT.sub("anggota", text)
    if _NOT_KPPS.search(text):
        return "anggota", "Linmas"
    if "wakil" in text:
        return "anggota", None
    if "ketua" in text and "anggota" in text and ("merangkap" not in text or _CHOICE.search(text)):
        return None, None  # "Ketua/Anggota": ambiguous
    numbered = _KPPS_NUMBER.fullmatch(text)
    number = numbered and (numbered.group(1) or str(_KPPS_ROMAN.index(numbered.group(2)) + 1))
    if "ketua" in text or number == "1":
        return "ketua", None
    if "sekretaris" in text:
        return "sekretaris", None
    if "pelaksana" in text or "staf" in text:
        return "pelaksana", None
    if "anggota" in text or (number and number in "234567"):
        return "anggota", None
    return None, None


# "KPPS 1" (the ketua) .. "KPPS 7", "KPPS-3", and in Roman numerals "KPPS I" .. "KPPS VII"
_KPPS_ROMAN = ("i", "ii", "iii", "iv", "v", "vi", "vii")
_KPPS_NUMBER = re.compile(r"(?:kpps\s*[-.]?\s*)?0?(\d)|kpps\s*[-.]?\s*(" + "|".join(
    sorted(_KPPS_ROMAN, key=len, reverse=True)) + ")")


# Keterangan words. A replacement ("pengganti", "menggantikan", "PAW" alone: the officer
# appointed by pergantian antar waktu) is serving and counted; a leaving officer ("diganti",
# "di-PAW", "mengundurkan diri", "berhenti", "meninggal", ...) is not.
_SERVING = re.compile(r"\bpengganti\b|\bmenggantikan\b|\bganti(?:kan)? dari\b|\bpaw\s*(?:baru|masuk)\b"
                      r"|\bdiangkat\b|\bdari cadangan\b")
# A reserve on the PPS's list (cadangan): not seated, so not counted, until appointed.
RESERVE = "cadangan, belum menjabat"
RESERVE_WORD = re.compile(r"\bcadangan\b", re.IGNORECASE)
_LEAVING = (
    (re.compile(r"\bdi\s*-?\s*paw\b|\bkena paw\b|\bdi\s*-?\s*ganti(?:kan)?\b|\btergantikan\b"),
     "diganti (PAW)"),
    (re.compile(r"\bmengundurkan(?: diri)?\b|\bundur(?:kan)? diri\b|\bmundur\b|\bresign\b"),
     "mengundurkan diri"),
    (re.compile(r"\bmeninggal\b|\bwafat\b|\balmarhum(?:ah)?\b|\balm\b"), "meninggal dunia"),
    # PKPU 8/2022: a member who dies, is permanently unable, resigns or is dismissed is replaced
    (re.compile(r"\bberhalangan tetap\b"), "berhalangan tetap"),
    (re.compile(r"\bberhenti\b|\bdi\s*-?\s*berhentikan\b|\bdipecat\b|\bdicoret\b|"
                r"\bdibatalkan\b|\bnon\s*-?\s*aktif\b|\btidak aktif\b|\bkeluar\b"),
     "berhenti/tidak aktif"),
)
# A long leaving word typed with one slip ("Mngundurkan diri", "meninggl"): corrected once.
_LEAVING_WORDS = ("mengundurkan", "meninggal", "berhenti", "diberhentikan", "diganti",
                  "digantikan", "berhalangan", "cadangan")
_LEAVING_TYPO_MIN = 7


def _leaving_words(text: str) -> str:
    """text with a one-edit typo of a long leaving word corrected ("mngundurkan diri")."""
    words = text.split()
    fixed = []
    for word in words:
        if len(word) >= _LEAVING_TYPO_MIN and word.isalpha() and word not in _LEAVING_WORDS:
            near = [w for w in _LEAVING_WORDS if one_edit(word, w)]
            word = near[0] if len(near) == 1 else word
        fixed.append(word)
    return " ".join(fixed)


# A Keterangan naming the Linmas ("Linmas", "LINMAS TPS 01", "Anggota Satlinmas", "Petugas
# ketertiban"): the row is a Linmas officer listed among the KPPS (the whole note, from its start).
_LINMAS_NOTE = re.compile(r"^(?:anggota\s+|petugas\s+)?(?:sat\s*)?linmas\b|^petugas\s+ketertiban\b"
                          r"|^hansip\b", re.IGNORECASE)


def badan_in_note(value: object) -> str | None:
    """'Linmas' for a Keterangan naming the Linmas, else None."""
    text = text_of(value)
    return "Linmas" if text and _LINMAS_NOTE.match(text) else None


def parse_activity(value: object) -> str | None:
    """Why a Keterangan cell makes the officer inactive (None: serving, counted).

    'PAW' alone or 'Pengganti X' is the replacement (serving); 'Diganti', 'di-PAW',
    'Mengundurkan diri', 'Meninggal', 'Berhenti' is the officer who left; 'Cadangan' a reserve
    (RESERVE), not seated until appointed ('Diangkat dari cadangan' serves).
    """
    text = " ".join((text_of(value) or "").lower().replace("-", " - ").split())
    if not text or _SERVING.search(text):
        return None
    text = text.replace(" - ", "-")
    for pattern, reason in _LEAVING:
        if pattern.search(text):
            return reason
    if RESERVE_WORD.search(text):
        return RESERVE
    corrected = _leaving_words(text)
    return parse_activity(corrected) if corrected != text else None


def reserve_role(value: object) -> str | None:
    """RESERVE for a jabatan that names a reserve ("Cadangan", "Anggota Cadangan"), else None."""
    text = text_of(value)
    return RESERVE if text and RESERVE_WORD.search(text) and parse_activity(text) == RESERVE else None


def map_unique(series: pd.Series, func: Callable[[object], Any]) -> pd.Series:
    """series.map(func) evaluated once per distinct value (NA passes None)."""
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    mapped = [func(u) for u in uniques] + [func(None)]
    return pd.Series([mapped[c] for c in codes.tolist()], index=series.index, dtype="object")
