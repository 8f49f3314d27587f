"""Workbooks that are really text: a web app's HTML table or SpreadsheetML 2003 saved as .xls.

Excel opens such a file (after a warning that format and extension differ); so does kpps-xl.
A CSV or tab-separated text under an .xls name is read by the CSV reader.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

from kpps_xl.errors import InputError
from kpps_xl.roster.limits import (
    EXCEL_COLUMNS,
    EXCEL_ROWS,
    MAX_PART_BYTES,
    MAX_REPEATED_CELLS,
    Extent,
    check_cells,
    check_extent,
)

SNIFF_BYTES = 4096
_SS = "{urn:schemas-microsoft-com:office:spreadsheet}"
_HTML = re.compile(rb"<(?:!doctype\s+html|html|table|body|meta|head)\b", re.I)
_XML2003 = b"urn:schemas-microsoft-com:office:spreadsheet"
_BLOCKS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "p", "caption", "div"})
_SKIP = frozenset({"script", "style", "head", "title"})
Rows = list[list[object]]


def _text_start(head: bytes) -> bytes:
    """The start of a text file without BOM, NULs of UTF-16 and leading blanks, lowercased."""
    for bom in (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"):
        if head.startswith(bom):
            head = head[len(bom):]
            break
    return head.replace(b"\x00", b"").lstrip().lower()


def disguised_kind(head: bytes) -> str | None:
    """'xml2003', 'html' or 'text' for the first bytes of an .xls that is no OLE2 workbook and
    no zip; None for a binary file (the workbook reader reports it)."""
    if head.startswith((b"\xd0\xcf\x11\xe0", b"PK")) or not head:
        return None
    start = _text_start(head)
    if start.startswith(b"<?xml") and _XML2003 in start:
        return "xml2003"
    if _HTML.search(start[:SNIFF_BYTES]):
        return "html"
    if start.startswith(b"<?xml"):
        return None
    text = head.replace(b"\x00", b"")
    printable = sum(32 <= b < 127 or b in (9, 10, 13) or b >= 128 for b in text)
    return "text" if text and printable >= 0.95 * len(text) else None


def _read(path: Path) -> bytes:
    data = path.read_bytes()
    if len(data) > MAX_PART_BYTES:
        raise InputError(f"Berkas {path.name} lebih dari {MAX_PART_BYTES >> 20} MB; pecah daftar "
                         "menjadi beberapa berkas.")
    if b"<!ENTITY" in data or b"<!entity" in data:
        raise InputError(f"Berkas {path.name} berisi deklarasi entitas XML (<!ENTITY); berkas "
                         "seperti itu tidak dibaca.")
    return data


def _limited(cells: dict[tuple[int, int], object], file: str, sheet: str) -> Rows:
    """Cells {(row, column) 0-based: value} as rows from A1, after the extent limits."""
    rows = max((r for r, _c in cells), default=-1) + 1
    columns = max((c for _r, c in cells), default=-1) + 1
    check_extent(Extent(cells=len(cells), rows=rows, columns=columns), file, sheet)
    out: Rows = [[""] * columns for _ in range(rows)]
    for (r, c), value in cells.items():
        out[r][c] = value
    check_cells(out, file, sheet)
    return out


class _Tables(HTMLParser):
    """Every table row of an HTML page in document order (rowspan/colspan filled in like a
    merged cell), and the headings and paragraphs outside tables as one-cell rows."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.cells: dict[tuple[int, int], object] = {}
        self.row = -1
        self.column = 0
        self.depth = 0
        self.skip = 0
        self.text: list[str] | None = None
        self.span = (1, 1)
        self.block: list[str] | None = None
        self.taken: set[tuple[int, int]] = set()
        self.table_cells = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skip += 1
        elif tag == "table":
            self.depth += 1
        elif tag == "tr" and self.depth:
            self.row += 1
            self.column = 0
        elif tag in ("td", "th") and self.depth:
            if self.row < 0:
                self.row = 0
            found = dict(attrs)
            self.span = (_span(found.get("rowspan")), _span(found.get("colspan")))
            self.text = []
        elif tag == "br" and self.text is not None:
            self.text.append("\n")
        elif tag in _BLOCKS and not self.depth:
            self.block = []

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(self.skip - 1, 0)
        elif tag == "table":
            self.depth = max(self.depth - 1, 0)
        elif tag in ("td", "th") and self.text is not None:
            self._cell(" ".join("".join(self.text).split(" ")).strip())
            self.text = None
        elif tag in _BLOCKS and self.block is not None:
            line = " ".join("".join(self.block).split())
            if line:
                self.row += 1
                self.cells[(self.row, 0)] = line
            self.block = None

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self.text is not None:
            self.text.append(data)
        elif self.block is not None:
            self.block.append(data)

    def _cell(self, value: str) -> None:
        while (self.row, self.column) in self.taken:
            self.column += 1
        down, across = self.span
        check_span(down, across)
        self.table_cells += 1
        for r in range(self.row, self.row + down):
            for c in range(self.column, self.column + across):
                self.taken.add((r, c))
                if value:
                    self.cells[(r, c)] = value
        self.column += across


def check_span(down: int, across: int) -> None:
    """Refuse a merged cell (rowspan x colspan) bigger than any roster's (the copy would cost
    one value per covered cell)."""
    if down * across > MAX_REPEATED_CELLS:
        raise InputError(f"sel gabungan {down:,} baris x {across:,} kolom terlalu besar (batas "
                         f"{MAX_REPEATED_CELLS:,} sel); berkas rusak".replace(",", "."))


def _span(value: str | None) -> int:
    """A rowspan/colspan attribute, at least 1 and never beyond Excel's grid."""
    try:
        number = int(str(value).strip())
    except ValueError:
        return 1
    return min(max(number, 1), EXCEL_COLUMNS)


def read_html_rows(path: Path) -> Rows:
    """The cells an HTML table export shows, as text."""
    from kpps_xl.roster.readers import decode_text

    parser = _Tables()
    parser.feed(decode_text(_read(path), path.name))
    parser.close()
    if not parser.table_cells:
        raise InputError(f"Berkas {path.name} adalah halaman HTML tanpa tabel (mungkin halaman "
                         "galat atau sesi habis dari aplikasi web, bukan unduhan daftar); unduh "
                         "ulang dari aplikasinya.")
    if parser.row >= EXCEL_ROWS:
        raise InputError(f"Berkas {path.name}: tabel HTML-nya lebih dari {EXCEL_ROWS:,} baris "
                         "(batas Excel).".replace(",", "."))
    return _limited(parser.cells, path.name, path.stem)


def _number(text: str) -> object:
    try:
        value = float(text)
    except ValueError:
        return text
    return int(value) if value.is_integer() and abs(value) < 1e15 else value


def _value(kind: str, text: str) -> object:
    if kind == "Number":
        return _number(text.strip())
    if kind == "DateTime":
        try:
            return dt.datetime.fromisoformat(text.strip()[:19])
        except ValueError:
            return text
    if kind == "Boolean":
        return text.strip() in ("1", "true")
    return text


def _index(element: ET.Element, current: int) -> int:
    raw = element.get(f"{_SS}Index")
    try:
        return int(raw) - 1 if raw is not None else current
    except ValueError:
        return current


def read_xml2003_sheets(path: Path) -> list[tuple[str, Rows]]:
    """Sheets of an 'XML Spreadsheet 2003' file: values typed as the file declares them."""
    import io

    sheets: list[tuple[str, Rows]] = []
    cells: dict[tuple[int, int], object] = {}
    name, row, column = "", -1, 0
    across = down = 0
    try:
        for event, element in ET.iterparse(io.BytesIO(_read(path)), events=("start", "end")):
            tag = element.tag
            if event == "start":
                if tag == f"{_SS}Worksheet":
                    name, cells, row = element.get(f"{_SS}Name", f"Sheet{len(sheets) + 1}"), {}, -1
                elif tag == f"{_SS}Row":
                    row, column = _index(element, row + 1), 0
                    if row >= EXCEL_ROWS:
                        raise InputError(f"Sheet '{name}' di {path.name}: baris {row + 1:,} di "
                                         "luar batas Excel; berkas rusak.".replace(",", "."))
                elif tag == f"{_SS}Cell":
                    column = _index(element, column)
                    across = _span_number(element.get(f"{_SS}MergeAcross"))
                    down = _span_number(element.get(f"{_SS}MergeDown"))
                    if column + across >= EXCEL_COLUMNS or row + down >= EXCEL_ROWS:
                        raise InputError(f"Sheet '{name}' di {path.name}: sel di luar batas "
                                         "Excel; berkas rusak.")
                    check_span(down + 1, across + 1)
                continue
            if tag == f"{_SS}Data":
                value = _value(element.get(f"{_SS}Type", "String"), "".join(element.itertext()))
                for r in range(row, row + down + 1):
                    for c in range(column, column + across + 1):
                        cells[(r, c)] = value
            elif tag == f"{_SS}Cell":
                column += across + 1
                element.clear()
            elif tag == f"{_SS}Row":
                element.clear()
            elif tag == f"{_SS}Worksheet":
                sheets.append((name, _limited(cells, path.name, name)))
                element.clear()
    except ET.ParseError as exc:
        raise InputError(f"Berkas {path.name} (XML Spreadsheet 2003) rusak: {exc}.") from None
    if not sheets:
        raise InputError(f"Berkas {path.name} tidak berisi lembar kerja.")
    return sheets


def _span_number(raw: str | None) -> int:
    try:
        return max(int(raw), 0) if raw is not None else 0
    except ValueError:
        return 0
