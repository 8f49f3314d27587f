"""Struck-through cells of an .xlsx sheet (a clerk's way to cross out a replaced officer).

Read cheaply from the zip: styles.xml first; only when some font has <strike/> are the
sheet's cell tags scanned (a regex over the part, no DOM, no per-cell objects).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from xml.etree import ElementTree

from kpps_xl.roster.limits import worksheet_parts

_FALSE = {"0", "false", "off"}
_TAG = re.compile(rb"<(?:\w+:)?(row|c)\b([^>]*)>")
_ATTR = re.compile(rb'\b(r|s|customFormat)="([^"]*)"')
_REF = re.compile(rb"([A-Z]+)(\d+)")
Struck = Mapping[int, frozenset[int]]
NONE: Struck = MappingProxyType({})


def struck_styles(styles_xml: bytes) -> frozenset[int]:
    """Indexes of cellXfs whose font is struck through."""
    root = ElementTree.fromstring(styles_xml)
    fonts = root.find("{*}fonts")  # any namespace: transitional or Strict Open XML
    struck_fonts = set()
    for index, font in enumerate(fonts if fonts is not None else ()):
        strike = font.find("{*}strike")
        if strike is not None and strike.get("val", "1").lower() not in _FALSE:
            struck_fonts.add(index)
    if not struck_fonts:
        return frozenset()
    xfs = root.find("{*}cellXfs")
    return frozenset(i for i, xf in enumerate(xfs if xfs is not None else ())
                     if int(xf.get("fontId", "0") or 0) in struck_fonts)


def _column_index(letters: bytes) -> int:
    index = 0
    for char in letters:
        index = index * 26 + char - 64
    return index - 1


def scan_sheet(xml: bytes, styles: frozenset[int]) -> dict[int, frozenset[int]]:
    """0-based row -> 0-based columns of cells styled with a struck font (row styles inherited)."""
    out: dict[int, set[int]] = {}
    row_style: int | None = None
    row_index = -1
    column = -1
    for tag, attrs in _TAG.findall(xml):
        found = dict(_ATTR.findall(attrs))
        if tag == b"row":
            row_index = int(found[b"r"]) - 1 if b"r" in found else row_index + 1
            column = -1
            custom = found.get(b"customFormat", b"0") in (b"1", b"true")
            row_style = int(found[b"s"]) if custom and b"s" in found else None
            continue
        if b"r" in found and (ref := _REF.match(found[b"r"])):
            column, row_index = _column_index(ref.group(1)), int(ref.group(2)) - 1
        else:
            column += 1
        style = int(found[b"s"]) if b"s" in found else row_style
        if style is not None and style in styles:
            out.setdefault(row_index, set()).add(column)
    return {row: frozenset(cols) for row, cols in out.items()}


def struck_cells(path: Path) -> dict[str, Struck]:
    """Sheet name -> struck cells, for an .xlsx/.xlsm whose styles strike some font; else {}."""
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        return {}
    try:
        with zipfile.ZipFile(path) as book:
            names = set(book.namelist())
            if "xl/styles.xml" not in names:
                return {}
            styles = struck_styles(book.read("xl/styles.xml"))
            if not styles:
                return {}
            return {name: MappingProxyType(scan_sheet(book.read(part), styles))
                    for name, part in worksheet_parts(book).items()}
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, ValueError):
        return {}  # the reader itself reports a damaged file
