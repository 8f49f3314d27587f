"""Long lists in a written workbook: openpyxl writes a styled template row, raw row XML the rest."""

from __future__ import annotations

import io
import math
import re
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Literal
from xml.sax.saxutils import escape

from openpyxl.utils import get_column_letter

from kpps_xl.io_utils import cell_text, formula_like, write_only_cell
from kpps_xl.workbook.stream import cell_elements, sheet_parts, split_rows

# How a list column's cells look: a number as it is, text kept as text ("@": a NIK or TPS that
# Excel must never turn into a number), or wrapped text (names, places).
Kind = Literal["number", "text", "wrapped"]
_VARIANTS = ("number", "text", "wrapped", "text'", "wrapped'")  # ' : formula-like, quote prefix
_DIMENSION = re.compile(rb'<dimension ref="[^"]*"/>')


@dataclass(frozen=True)
class RawList:
    """Rows written as raw XML from Excel row `first_row` on, in place of a template row."""

    sheet: str
    first_row: int
    kinds: Sequence[Kind]
    rows: Sequence[Sequence[object]]
    heights: Sequence[float | None]


def template_row(ws: Any, styles: dict[str, Any]) -> list[Any]:
    """The cells of the template row: one per style variant, styled like styles[variant]
    (write_only_cell templates; a formula-like variant adds Excel's quote prefix)."""
    cells = []
    for variant in _VARIANTS:
        base = styles.get(variant.rstrip("'"))
        cell = write_only_cell(ws, "x", like=base)
        if variant.endswith("'"):
            cell.quotePrefix = True
        cells.append(cell)
    return cells


def _variant_styles(row_xml: bytes) -> dict[str, bytes]:
    """Style ids of the template row's cells, by variant (b'' for the default style)."""
    found = cell_elements(row_xml)
    if len(found) != len(_VARIANTS):
        raise ValueError("template row lost its cells")
    ids = [style or b"" for _, (_, style) in sorted(found.items())]
    return dict(zip(_VARIANTS, ids, strict=True))


def _cell(ref: str, value: object, kind: Kind, styles: dict[str, bytes]) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, float) and not math.isfinite(value):
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f'<c r="{ref}"{_s(styles[kind])}><v>{value}</v></c>'  # as set_value writes it
    text = cell_text(value)
    variant = "wrapped" if kind == "wrapped" else "text"
    style = styles[variant + "'" if formula_like(text) else variant]
    return (f'<c r="{ref}"{_s(style)} t="inlineStr"><is><t xml:space="preserve">'
            f"{escape(text)}</t></is></c>")


def _s(style: bytes) -> str:
    return f' s="{style.decode()}"' if style else ""


def _rows_xml(raw: RawList, styles: dict[str, bytes]) -> Iterator[bytes]:
    letters = [get_column_letter(i) for i in range(1, len(raw.kinds) + 1)]
    for offset, (values, height) in enumerate(zip(raw.rows, raw.heights, strict=True)):
        number = raw.first_row + offset
        cells = "".join(_cell(f"{letter}{number}", value, kind, styles)
                        for letter, value, kind in zip(letters, values, raw.kinds, strict=False))
        size = f' ht="{height}" customHeight="1"' if height else ""
        yield f'<row r="{number}"{size}>{cells}</row>'.encode()


def _spliced(xml: bytes, raw: RawList) -> bytes:
    head, rows, tail = split_rows(xml)
    template = next((row for r, row in rows if r == raw.first_row), None)
    if template is None:
        raise ValueError(f"no template row {raw.first_row} in {raw.sheet}")
    styles = _variant_styles(template)
    last_row = raw.first_row + len(raw.rows) - 1
    dimension = f'<dimension ref="A1:{get_column_letter(len(raw.kinds))}{max(last_row, 1)}"/>'
    head = _DIMENSION.sub(dimension.encode(), head, count=1)
    before = b"".join(row for r, row in rows if r < raw.first_row)
    return b"".join([head, before, *_rows_xml(raw, styles), tail])


def splice(saved: BinaryIO, lists: Sequence[RawList], target: Path) -> None:
    """Copy the saved workbook to target with each list's template row replaced by its rows."""
    saved.seek(0)
    with zipfile.ZipFile(saved) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        parts, _ = sheet_parts(src)
        by_part = {parts[raw.sheet]: raw for raw in lists}
        for info in src.infolist():
            data = src.read(info.filename)
            if (raw := by_part.get(info.filename)) is not None:
                data = _spliced(data, raw)
            entry = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(entry, data)


def saved_bytes(wb: Any) -> io.BytesIO:
    """The workbook saved into memory (the skeleton, before the lists are spliced in)."""
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer
