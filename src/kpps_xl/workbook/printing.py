"""Print layout shared by every workbook kpps-xl writes: paper, fit to width, titles, heights."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

PAPER_SIZES = {"A4": 9, "F4": 14}  # Excel codes; F4 (215 x 330 mm) prints as Folio (14)
LINE_HEIGHT = 15.0  # points per line of 11-pt Calibri/Arial text
CHARS_PER_WIDTH = 1.15  # characters of ordinary text per unit of Excel column width
MAX_LINES = 30  # a row never grows beyond this many lines (Excel's limit is 409 pt)


def print_setup(ws: Any, *, title_rows: str | None = None, paper: str = "A4",
                landscape: bool = True, freeze: str | None = None,
                autofilter: str | None = None) -> None:
    """Landscape A4/F4, one page wide (as many pages tall as needed), repeated title rows,
    narrow margins, optional freeze panes and autofilter. Works on normal and write-only sheets.
    """
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = PAPER_SIZES.get(paper.upper(), PAPER_SIZES["A4"])
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    ws.page_margins.header = ws.page_margins.footer = 0.25
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = "Halaman &P dari &N"
    if title_rows:
        ws.print_title_rows = title_rows
    if freeze:
        ws.freeze_panes = freeze
    if autofilter:
        ws.auto_filter.ref = autofilter


def text_lines(text: object, width: float) -> int:
    """Lines a wrapped cell of this column width needs (explicit newlines count)."""
    if text is None or text == "":
        return 1
    per_line = max(1, int(width * CHARS_PER_WIDTH))
    return sum(max(1, math.ceil(len(part) / per_line)) for part in str(text).split("\n"))


def row_height(values: Sequence[object], widths: Sequence[float], size: float = 11) -> float | None:
    """Row height in points for wrapped cells (None when one line is enough)."""
    lines = max((text_lines(v, w) for v, w in zip(values, widths, strict=False)), default=1)
    lines = min(lines, MAX_LINES)
    if lines <= 1:
        return None
    return round(lines * LINE_HEIGHT * size / 11 + 2, 1)
