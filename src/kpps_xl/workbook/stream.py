"""Fast annotated copy: openpyxl paints a skeleton of the marked cells, the rest stays raw XML."""

from __future__ import annotations

import functools
import io
import posixpath
import re
import tempfile
import xml.etree.ElementTree as ET
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO
from xml.parsers import expat

from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import column_index_from_string

from kpps_xl.findings import Report
from kpps_xl.io_utils import atomic_path
from kpps_xl.parts import CHUNK, part_pieces
from kpps_xl.roster.own import own_name
from kpps_xl.workbook.marks import CellMark, column_index
from kpps_xl.workbook.paint import (
    MergeBudget,
    decorate,
    missing_sheets,
    open_workbook,
    row_span,
    unwritable,
)
from kpps_xl.workbook.sheets import FINDINGS_HEADER, OWN_SHEETS

_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_OFFICE_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_WORKSHEET = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
_SST_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
_SST_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"

_ROW = re.compile(rb'<row\s[^>]*?\br="(\d+)"[^>]*?(?:/>|>.*?</row>)', re.S)
_ROOT = re.compile(rb"<worksheet\b[^>]*>")
_NS_DECL = re.compile(rb'\sxmlns:([\w.-]+)="[^"]*"')
_IGNORABLE = re.compile(rb'\smc:Ignorable="[^"]*"')
_DIMENSION = re.compile(rb"<dimension\b[^>]*/>")
_DIMENSION_REF = re.compile(rb'ref="([A-Z]+)\d*(?::([A-Z]+)\d*)?"')
_CELL_COL = re.compile(rb'<c\b[^>]*?\sr="([A-Z]+)\d+"')
_ROW_TAG = re.compile(rb"<row\b[^>]*>")
_CELL_TAG = re.compile(rb'<c\b(?:(?=[^>]*?\sr="([A-Z]{1,3})\d))?[^>]*>')  # group 1: column
_STYLE = re.compile(rb'\ss="(\d*)"')
_MERGE_START = re.compile(rb'<mergeCell\s+ref="([A-Z]{1,3})(\d{1,7})[:"]')
_EMPTY_SST = (b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats'
              b'.org/spreadsheetml/2006/main" count="0" uniqueCount="0"/>')
_ROW_NUMBER = re.compile(rb'\sr="(\d+)"')
# Shared formulas and cell metadata need parts openpyxl rewrites; "<!" (a comment, CDATA) could
# hide text that looks like a row tag from the quick search. Each is looked for only where a
# cheaper common part of it occurs (one pass over the piece instead of four).
_UNSAFE = ((b"<f", (b't="shared"',)), (b'm="', (b' cm="', b' vm="')), (b"<!", (b"<!",)))
BIG_PART = 1 << 24  # sheet parts this big are deflated at level 1: 4x faster, ~35 % bigger
ZIP64_PART = 1 << 31  # beyond this a part might pass zip's 4 GiB limit once annotated
_FAST = 1
_DEFAULT = zlib.Z_DEFAULT_COMPRESSION


class NotStreamable(Exception):
    """The workbook uses something the fast path does not handle; use openpyxl instead."""


def _xml(zf: zipfile.ZipFile, name: str) -> ET.Element:
    return ET.fromstring(zf.read(name))


def _rels(zf: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """Relationships of a part: id -> (type, resolved target path inside the zip)."""
    folder, name = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", name + ".rels")
    if rels_name not in zf.namelist():
        return {}
    found = {}
    for rel in _xml(zf, rels_name).iter(_PKG_REL):
        target = rel.get("Target", "")
        if rel.get("TargetMode") == "External":
            continue
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
            posixpath.join(folder, target))
        found[rel.get("Id", "")] = (rel.get("Type", ""), path)
    return found


def _workbook_part(zf: zipfile.ZipFile) -> str:
    for rel_type, path in _rels(zf, "").values():
        if rel_type == _OFFICE_DOC:
            return path
    raise NotStreamable("no workbook part")


def sheet_parts(zf: zipfile.ZipFile) -> tuple[dict[str, str], str | None]:
    """Worksheet name -> part path, and the shared-strings part (None when absent)."""
    book = _workbook_part(zf)
    rels = _rels(zf, book)
    parts = {}
    for sheet in _xml(zf, book).iter(f"{_MAIN}sheet"):
        rel_type, path = rels.get(sheet.get(_REL_ID, ""), ("", ""))
        if rel_type == _WORKSHEET:
            parts[sheet.get("name", "")] = path
    sst = next((path for rel_type, path in rels.values() if rel_type == _SST_TYPE), None)
    return parts, sst


def split_rows(xml: bytes) -> tuple[bytes, list[tuple[int, bytes]], bytes]:
    """Split sheet XML into (text up to <sheetData>, [(row number, row xml)], the rest)."""
    start = xml.find(b"<sheetData")
    if start < 0 or _ROOT.search(xml, 0, start) is None:
        raise NotStreamable("no default-namespace sheetData")
    tag_end = xml.find(b">", start) + 1
    if xml[tag_end - 2 : tag_end] == b"/>":
        return xml[:start] + b"<sheetData>", [], b"</sheetData>" + xml[tag_end:]
    end = xml.rfind(b"</sheetData>")
    if end < tag_end:
        raise NotStreamable("unterminated sheetData")
    rows = [(int(m.group(1)), m.group()) for m in _ROW.finditer(xml, tag_end, end)]
    if len(rows) != xml.count(b"<row", tag_end, end):
        raise NotStreamable("row without r attribute")
    return xml[:start] + b"<sheetData>", rows, xml[end:]


def _fix_root(head: bytes, original: bytes) -> bytes:
    """Give the new root every namespace prefix (and mc:Ignorable) the original rows use."""
    root = _ROOT.search(head)
    source_root = _ROOT.search(original)
    assert root is not None and source_root is not None
    tag = root.group()
    have = {m.group(1) for m in _NS_DECL.finditer(tag)}
    extra = b"".join(m.group() for m in _NS_DECL.finditer(source_root.group())
                     if m.group(1) not in have)
    ignorable = _IGNORABLE.search(source_root.group())
    if ignorable and not _IGNORABLE.search(tag):
        extra += ignorable.group()
    new_tag = tag[:-2] + extra + b"/>" if tag.endswith(b"/>") else tag[:-1] + extra + b">"
    head = head[: root.start()] + new_tag + head[root.end():]
    dimension = _DIMENSION.search(original)
    if dimension:
        head = _DIMENSION.sub(lambda _m: dimension.group(), head, count=1)
    return head


def _dimension_span(head: bytes) -> tuple[int, int] | None:
    """First and last column of a sheet's <dimension ref="A1:L9">, None without a range."""
    dimension = _DIMENSION.search(head)
    ref = _DIMENSION_REF.search(dimension.group()) if dimension else None
    if ref and ref.group(2):
        first, last = column_index(ref.group(1).decode()), column_index(ref.group(2).decode())
        if first and last:
            return first, last
    return None


class _Columns:
    """Columns used by a sheet's cells, gathered piece by piece without one object per cell:
    a regex looks only for a column not seen yet. Past UNSEEN_MAX columns (a wide sheet, which
    the area limit keeps short) every cell's column is collected instead: the regex of the seen
    ones would be rebuilt once per new column, quadratic on 16.384 styled columns."""

    UNSEEN_MAX = 64

    def __init__(self) -> None:
        self.letters: set[bytes] = set()
        self._unseen = self._pattern()

    def _pattern(self) -> re.Pattern[bytes]:
        seen = b"|".join(sorted(self.letters))
        return re.compile(rb'<c r="(?!(?:' + seen + rb')\d)([A-Z]+)\d' if seen else
                          rb'<c r="([A-Z]+)\d')

    def add(self, piece: bytes) -> None:
        wide = len(self.letters) > self.UNSEEN_MAX
        if wide or piece.count(b"<c ") != piece.count(b'<c r="'):  # or r is not the first attribute
            self.letters.update(_CELL_COL.findall(piece))
            if not wide:
                self._unseen = self._pattern()
            return
        pos = 0
        while match := self._unseen.search(piece, pos):
            self.letters.add(match.group(1))
            if len(self.letters) > self.UNSEEN_MAX:
                self.letters.update(_CELL_COL.findall(piece, match.start()))
                return
            self._unseen = self._pattern()
            pos = match.start()

    def span(self) -> tuple[int, int]:
        indices = {column_index(letters.decode()) or 1 for letters in self.letters}
        return (min(indices), max(indices)) if indices else (1, 1)


def used_columns(xml: bytes) -> tuple[int, int]:
    """First and last used column of a sheet, from <dimension> or else from the cells."""
    span = _dimension_span(xml)
    if span:
        return span
    columns = _Columns()
    columns.add(xml)
    return columns.span()


class _Missing(Exception):
    """A marked row is not where the quick search looks (absent, unnumbered, out of order)."""


Event = tuple[str, int, bytes]


def walk_rows(pieces: Iterable[bytes], marked: Iterable[int], exact: bool = False
              ) -> Iterator[Event]:
    """A worksheet's XML as events, in document order: ("head", 0, text before <sheetData),
    ("open", 0, the sheetData start tag), ("raw", 0, text between marked rows, copied as is),
    ("row", n, marked row n, b"" where an absent marked row belongs), ("tail", 0, text from
    </sheetData> on). pieces must come from parts.tag_pieces. The quick mode finds each marked
    row as '<row r="n"' (in ascending order, C speed) and raises _Missing when one is not found;
    the exact mode reads every row's number.
    """
    targets = sorted(set(marked))
    stream = iter(pieces)
    buf = b""
    for piece in stream:
        buf = buf + piece if buf else piece
        start = buf.find(b"<sheetData")
        close = buf.find(b">", start) if start >= 0 else -1
        if close >= 0:
            break
    else:
        raise NotStreamable("no sheetData")
    yield "head", 0, buf[:start]
    tag = buf[start:close + 1]
    yield "open", 0, tag
    rest = buf[close + 1:]
    if tag.endswith(b"/>"):
        if targets and not exact:
            raise _Missing(targets[0])
        for row in targets:
            yield "row", row, b""
        yield "tail", 0, b"</sheetData>" + rest
        for piece in stream:
            yield "tail", 0, piece
        return
    body = _exact_body if exact else _quick_body
    yield from body(_prepend(rest, stream), targets)


def _prepend(first: bytes, rest: Iterator[bytes]) -> Iterator[bytes]:
    if first:
        yield first
    yield from rest


def _needle(row: int | None) -> bytes:
    return b'<row r="%d"' % row if row is not None else b""


def _row_end(buf: bytes, at: int, limit: int) -> int:
    """End of the row element starting at `at`; -1 when it is not complete before limit."""
    close = buf.find(b">", at, limit)
    if close < 0:
        return -1
    if buf[close - 1] == 0x2F:  # <row .../>
        return close + 1
    stop = buf.find(b"</row>", close, limit)
    return stop + 6 if stop >= 0 else -1


def _tail(buf: bytes, end: int, stream: Iterator[bytes]) -> Iterator[Event]:
    yield "tail", 0, buf[end:]
    for piece in stream:
        yield "tail", 0, piece


def _quick_body(stream: Iterator[bytes], targets: list[int]) -> Iterator[Event]:
    queue = iter(targets)
    target = next(queue, None)
    needle = _needle(target)
    buf = b""
    for piece in stream:
        buf = buf + piece if buf else piece
        end = buf.find(b"</sheetData>")
        limit = len(buf) if end < 0 else end
        pos = at = 0
        while target is not None:
            at = buf.find(needle, pos, limit)
            if at < 0:
                break
            stop = _row_end(buf, at, limit)
            if stop < 0:
                break  # the row goes on in the next piece
            if at > pos:
                yield "raw", 0, buf[pos:at]
            yield "row", target, buf[at:stop]
            pos = stop
            target = next(queue, None)
            needle = _needle(target)
        if end >= 0:
            if target is not None:
                raise _Missing(target)
            if end > pos:
                yield "raw", 0, buf[pos:end]
            yield from _tail(buf, end, stream)
            return
        keep = at if target is not None and at >= 0 else len(buf)
        if keep > pos:
            yield "raw", 0, buf[pos:keep]
        buf = buf[keep:]
    raise NotStreamable("unterminated sheetData")


def _exact_body(stream: Iterator[bytes], targets: list[int]) -> Iterator[Event]:
    """Every row tag is read (tag pieces hold whole tags); a row without r is the one after
    the previous row, like openpyxl reads it; rows must ascend."""
    queue = iter(targets)
    target = next(queue, None)
    number = 0
    current: int | None = None  # the marked row being gathered
    gathered: list[bytes] = []
    for piece in stream:
        end = piece.find(b"</sheetData>")
        limit = len(piece) if end < 0 else end
        pos = 0
        for match in _ROW_TAG.finditer(piece, 0, limit):
            attr = _ROW_NUMBER.search(match.group())
            row = int(attr.group(1)) if attr else number + 1
            if row <= number:
                raise NotStreamable("rows out of order")
            number = row
            if current is not None:
                gathered.append(piece[pos:match.start()])
                yield "row", current, b"".join(gathered)
                current, gathered = None, []
            elif match.start() > pos:
                yield "raw", 0, piece[pos:match.start()]
            pos = match.start()
            while target is not None and target < row:
                yield "row", target, b""
                target = next(queue, None)
            if target == row:
                current = row
                target = next(queue, None)
        if current is not None:
            gathered.append(piece[pos:limit])
        elif limit > pos:
            yield "raw", 0, piece[pos:limit]
        if end >= 0:
            if current is not None:
                yield "row", current, b"".join(gathered)
            while target is not None:
                yield "row", target, b""
                target = next(queue, None)
            yield from _tail(piece, end, stream)
            return
    raise NotStreamable("unterminated sheetData")


@dataclass(frozen=True)
class SheetScan:
    """What the first pass over a worksheet part keeps: a few kilobytes plus the marked rows."""

    head: bytes  # up to <sheetData
    rows: dict[int, bytes]  # marked rows as found in the source
    tail: bytes  # from </sheetData> on
    exact: bool  # the quick row search did not apply
    columns: tuple[int, int] | None  # used columns, when asked for

    def skeleton(self, wanted: dict[int, Wanted]) -> bytes:
        """The sheet reduced to the cells openpyxl paints in its marked rows (and the top-left
        cells of merged areas there, whose borders openpyxl spreads), without their values."""
        starts = {(int(row), letters) for letters, row in _MERGE_START.findall(self.tail)}
        rows = (skeleton_row(self.rows[n], n, wanted.get(n, _NOTHING), starts)
                for n in sorted(self.rows))
        return b"".join((self.head, b"<sheetData>", *rows, self.tail))


Wanted = tuple[frozenset[int], int, int]  # marked columns, a row mark's first and last column
_NOTHING: Wanted = (frozenset(), 1, 0)


def wanted_cells(cells: Iterable[tuple[str, int, int]], rows: Iterable[tuple[str, int]],
                 spans: dict[str, tuple[int, int]]) -> dict[str, dict[int, Wanted]]:
    """Per sheet and marked row, the columns paint() touches (see paint.paint, row_span)."""
    columns: dict[tuple[str, int], set[int]] = {}
    for sheet, row, col in cells:
        columns.setdefault((sheet, row), set()).add(col)
    marked_rows = set(rows)
    out: dict[str, dict[int, Wanted]] = {}
    for sheet, row in marked_rows | set(columns):
        first, last = row_span(*spans.get(sheet, (1, 1))) if (sheet, row) in marked_rows else (1, 0)
        out.setdefault(sheet, {})[row] = (frozenset(columns.get((sheet, row), ())), first, last)
    return out


def _cell_tags(xml: bytes) -> Iterator[tuple[int, re.Match[bytes]]]:
    """(column, start tag) of every cell of a row; a cell without r follows the one before."""
    column = 0
    for match in _CELL_TAG.finditer(xml):
        letters = match.group(1)
        column = _column_number(letters) if letters else column + 1
        yield column, match


@functools.cache  # a pure function of at most 16,384 distinct inputs
def _column_number(letters: bytes) -> int:
    return column_index_from_string(letters.decode())


def skeleton_row(xml: bytes, row: int, wanted: Wanted, starts: set[tuple[int, bytes]]) -> bytes:
    """A marked row as openpyxl needs it: the row tag and the wanted cells with their style."""
    tag = _ROW_TAG.match(xml)
    if tag is None:
        raise NotStreamable("marked row without a row tag")
    if tag.group().endswith(b"/>"):
        return tag.group()
    columns, first, last = wanted
    kept = []
    for column, cell in _cell_tags(xml):
        letters = get_column_letter(column).encode()
        if column in columns or first <= column <= last or (row, letters) in starts:
            style = _STYLE.search(cell.group())
            kept.append(b'<c r="%s%d"%s/>' % (letters, row, style.group() if style else b""))
    return tag.group() + b"".join(kept) + b"</row>"


def cell_elements(xml: bytes) -> dict[int, tuple[bytes, bytes | None]]:
    """Column -> (whole cell element, its style index) of a row openpyxl wrote."""
    found = {}
    for column, cell in _cell_tags(xml):
        end = cell.end()
        if not cell.group().endswith(b"/>"):
            close = xml.find(b"</c>", end)
            end = close + 4 if close >= 0 else end
        style = _STYLE.search(cell.group())
        found[column] = (xml[cell.start():end], style.group(1) if style else None)
    return found


def _restyle(tag: bytes, style: bytes | None) -> bytes:
    if style is None:
        return _STYLE.sub(b"", tag, count=1)
    if _STYLE.search(tag):
        return _STYLE.sub(b' s="' + style + b'"', tag, count=1)
    end = len(tag) - 2 if tag.endswith(b"/>") else len(tag) - 1
    return tag[:end] + b' s="' + style + b'"' + tag[end:]


def merge_row(original: bytes, edited: bytes | None) -> bytes:
    """A marked row of the copy: the source row with the style openpyxl gave each cell it wrote,
    and the cells it created (a row mark on empty cells) inserted in column order. Values,
    formulas, cached results and the row's own attributes stay exactly as in the source."""
    if edited is None:
        return original
    if not original:
        return edited
    tag = _ROW_TAG.match(original)
    if tag is None:
        raise NotStreamable("marked row without a row tag")
    if tag.group().endswith(b"/>"):
        original = tag.group()[:-2] + b"></row>" + original[tag.end():]
    new = cell_elements(edited)
    cells = list(_cell_tags(original))
    present = {column for column, _cell in cells}
    extra = sorted((column, xml) for column, (xml, _s) in new.items() if column not in present)
    out, pos, i = [], 0, 0
    for column, cell in cells:
        while i < len(extra) and extra[i][0] < column:
            out += [original[pos:cell.start()], extra[i][1]]
            pos, i = cell.start(), i + 1
        if column in new:
            out += [original[pos:cell.start()], _restyle(cell.group(), new[column][1])]
            pos = cell.end()
    close = original.rfind(b"</row>")
    if close < pos:
        raise NotStreamable("marked row without </row>")
    out += [original[pos:close], *(xml for _c, xml in extra[i:]), original[close:]]
    return b"".join(out)


def scan_sheet(zf: zipfile.ZipFile, part: str, marked: set[int], want_columns: bool = False,
               size: int = CHUNK, merges: MergeBudget | None = None) -> SheetScan:
    """First pass over a worksheet part: marked rows, head and tail, safety checks, merged
    cells counted into merges."""
    budget = merges or MergeBudget(part)
    counted = budget.total
    try:
        return _scan(zf, part, marked, want_columns, False, size, budget)
    except _Missing:  # read again, exactly: count this sheet's merges once
        budget.total = counted
        return _scan(zf, part, marked, want_columns, True, size, budget)


def _scan(zf: zipfile.ZipFile, part: str, marked: set[int], want_columns: bool, exact: bool,
          size: int, merges: MergeBudget) -> SheetScan:
    columns = _Columns() if want_columns else None

    def inspected() -> Iterator[bytes]:
        for piece in part_pieces(zf, part, size):
            for hint, tokens in _UNSAFE:
                if hint in piece and any(token in piece for token in tokens):
                    raise NotStreamable("shared formulas, cell metadata, comments or CDATA")
            merges.add(piece)
            if columns is not None:
                columns.add(piece)
            yield piece

    head, rows, tail = b"", {}, []
    for kind, row, data in walk_rows(inspected(), marked, exact):
        if kind == "head":
            head = data
            if _ROOT.search(head) is None:
                raise NotStreamable("no default-namespace worksheet root")
        elif kind == "open" and b"xmlns" in data:
            raise NotStreamable("namespace declared on sheetData")
        elif kind == "row" and data:
            rows[row] = data
        elif kind == "tail":
            tail.append(data)
    span = None
    if want_columns:
        span = _dimension_span(head) or (columns.span() if columns else None)
    return SheetScan(head, rows, b"".join(tail), exact, span)


def _check_well_formed(xml: bytes) -> None:
    parser = expat.ParserCreate(namespace_separator=" ")  # also catches unbound prefixes
    try:
        parser.Parse(xml, True)
    except expat.ExpatError as exc:
        raise NotStreamable(f"spliced sheet is not well-formed: {exc}") from exc


def _write_sheet(write: Callable[[bytes], object], zf: zipfile.ZipFile, part: str,
                 scan: SheetScan, marked: set[int], edited: bytes, size: int) -> None:
    """Second pass: the source rows as they are, the marked ones as openpyxl wrote them, the
    head and tail (comments, merged cells, views) from openpyxl's sheet."""
    head, new_rows, tail = split_rows(edited)
    written = {row: xml for row, xml in new_rows if row in marked}
    fresh = {row: merge_row(scan.rows.get(row, b""), written.get(row)) for row in marked}
    head = _fix_root(head, scan.head)
    _check_well_formed(b"".join((head, *(fresh[n] for n in sorted(fresh)), tail)))
    write(head)
    for kind, row, data in walk_rows(part_pieces(zf, part, size), marked, scan.exact):
        if kind == "raw":
            write(data)
        elif kind == "row":
            write(fresh.pop(row, b""))
    write(tail)


def _skeleton(zf: zipfile.ZipFile, parts: dict[str, str], scans: dict[str, SheetScan],
              wanted: dict[str, dict[int, Wanted]], sst_path: str | None) -> io.BytesIO:
    """The source package with every worksheet reduced to the cells openpyxl paints; no cell
    keeps a value, so the shared strings are left out too."""
    buffer = io.BytesIO()
    by_part = {part: name for name, part in parts.items()}
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as skeleton:
        for item in zf.infolist():
            name = by_part.get(item.filename)
            if name is not None:
                data = scans[name].skeleton(wanted.get(name, {}))
            elif item.filename == sst_path:
                data = _EMPTY_SST
            else:
                data = zf.read(item.filename)
            skeleton.writestr(item.filename, data)
    buffer.seek(0)
    return buffer


def _add_shared_strings(types: bytes, rels: bytes, sst_path: str, book_part: str
                        ) -> tuple[bytes, bytes]:
    override = (f'<Override PartName="/{sst_path}" ContentType="{_SST_CT}"/>').encode()
    if f'PartName="/{sst_path}"'.encode() not in types:
        types = types.replace(b"</Types>", override + b"</Types>")
    target = posixpath.relpath(sst_path, posixpath.dirname(book_part))
    if _SST_TYPE.encode() not in rels:
        rel = f'<Relationship Id="rIdKppsSst" Type="{_SST_TYPE}" Target="{target}"/>'.encode()
        rels = rels.replace(b"</Relationships>", rel + b"</Relationships>")
    return types, rels


def write_stream(source: Path, report: Report, keep_vba: bool,
                 cells: dict[tuple[str, int, int], CellMark],
                 rows: dict[tuple[str, int], CellMark], target: Path, size: int = CHUNK) -> None:
    """Write the annotated package to target; NotStreamable when the fast path does not apply.

    Two passes over each worksheet part, in pieces of `size` bytes: the first keeps the marked
    rows (and checks the sheet), openpyxl edits a skeleton of them, the second copies the source
    rows and splices the edited ones in. Memory follows the marked rows, not the sheet.
    """
    try:
        zf = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError) as exc:
        raise NotStreamable(str(exc)) from exc
    with zf:
        parts, sst_path = sheet_parts(zf)
        if any(own_name(name) in OWN_SHEETS for name in parts):
            raise NotStreamable("re-run on an annotated copy")
        marked: dict[str, set[int]] = {}
        for sheet, row, _col in cells:
            marked.setdefault(sheet, set()).add(row)
        for sheet, row in rows:
            marked.setdefault(sheet, set()).add(row)
        row_sheets = {sheet for sheet, _row in rows}
        merges = MergeBudget(source.name)
        scans = {name: scan_sheet(zf, part, marked.get(name, set()), name in row_sheets, size,
                                  merges) for name, part in parts.items()}
        spans = {name: scan.columns for name, scan in scans.items() if scan.columns}
        wanted = wanted_cells(cells, rows, spans)
        wb = open_workbook(source, keep_vba, data=_skeleton(zf, parts, scans, wanted, sst_path))
        plan = decorate(wb, report, source, spans, rows_later=True)
        assert plan is not None
        with tempfile.TemporaryFile() as rows_xml, tempfile.TemporaryFile() as links_xml:
            plan.write_xml(rows_xml, links_xml)  # registers the styles: before saving
            findings = _FindingsXml(plan.ws.title, len(plan.findings), rows_xml, links_xml)
            edited = io.BytesIO()
            wb.save(edited)
            del wb, plan
            edited.seek(0)
            sst = zf.read(sst_path) if sst_path else None
            _assemble(edited, zf, parts, scans, marked, sst, sst_path, target, size, findings)


@dataclass(frozen=True)
class _FindingsXml:
    """The Temuan rows and links written by FindingRows.write_xml, for openpyxl's header-only
    Temuan sheet."""

    sheet: str
    count: int
    rows: BinaryIO
    links: BinaryIO

    def write(self, write: Callable[[bytes], object], sheet_xml: bytes) -> None:
        end = sheet_xml.rfind(b"</sheetData>")
        if end < 0 or b"<hyperlinks" in sheet_xml:
            raise NotStreamable("unexpected Temuan sheet")
        head, tail = sheet_xml[:end], sheet_xml[end:]
        last = b'<dimension ref="A1:%s%d"/>' % (get_column_letter(len(FINDINGS_HEADER)).encode(),
                                                 self.count + 1)
        write(_DIMENSION.sub(lambda _m: last, head, count=1))
        _copy(self.rows, write)
        at = min((i for i in (tail.find(tag) for tag in _AFTER_HYPERLINKS) if i >= 0),
                 default=len(tail))
        write(tail[:at])
        if self.links.tell():
            write(b"<hyperlinks>")
            _copy(self.links, write)
            write(b"</hyperlinks>")
        write(tail[at:])


# What follows <hyperlinks> in a worksheet (ECMA-376 CT_Worksheet order).
_AFTER_HYPERLINKS = (b"<printOptions", b"<pageMargins", b"<pageSetup", b"<headerFooter",
                     b"<rowBreaks", b"<colBreaks", b"<customProperties", b"<cellWatches",
                     b"<ignoredErrors", b"<smartTags", b"<drawing", b"<legacyDrawing",
                     b"<legacyDrawingHF", b"<picture", b"<oleObjects", b"<controls",
                     b"<webPublishItems", b"<tableParts", b"<extLst", b"</worksheet>")


def _copy(source: BinaryIO, write: Callable[[bytes], object]) -> None:
    source.seek(0)
    while chunk := source.read(CHUNK):
        write(chunk)


def _assemble(edited: io.BytesIO, zf: zipfile.ZipFile, parts: dict[str, str],
              scans: dict[str, SheetScan], marked: dict[str, set[int]], sst: bytes | None,
              sst_path: str | None, target: Path, size: int, findings: _FindingsXml) -> None:
    with (zipfile.ZipFile(edited) as new,
          zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=_FAST) as dst):
        new_parts, new_sst = sheet_parts(new)
        if new_sst is not None:
            raise NotStreamable("openpyxl wrote shared strings")
        by_part = {part: name for name, part in new_parts.items() if name in parts}
        findings_part = new_parts.get(findings.sheet)
        book = _workbook_part(new)
        book_rels = posixpath.join(posixpath.dirname(book), "_rels",
                                   posixpath.basename(book) + ".rels")
        sst_target = sst_path if sst_path and sst_path not in new.namelist() else "xl/kppsSst.xml"
        for item in new.infolist():
            data = new.read(item.filename)
            name = by_part.get(item.filename)
            if name is not None:
                args = (zf, parts[name], scans[name], marked.get(name, set()), data, size)
                source_size = zf.getinfo(parts[name]).file_size
                if source_size >= BIG_PART:  # streamed at the archive's fast level
                    with dst.open(item.filename, "w", force_zip64=source_size > ZIP64_PART) as out:
                        _write_sheet(out.write, *args)
                    continue
                buffer = io.BytesIO()
                _write_sheet(buffer.write, *args)
                data = buffer.getvalue()
            elif item.filename == findings_part:
                with dst.open(item.filename, "w") as out:  # at the archive's fast level
                    findings.write(out.write, data)
                continue
            elif sst is not None and item.filename == "[Content_Types].xml":
                data, _ = _add_shared_strings(data, b"", sst_target, book)
            elif sst is not None and item.filename == book_rels:
                _, data = _add_shared_strings(b"", data, sst_target, book)
            dst.writestr(item.filename, data,
                         compresslevel=_FAST if len(data) >= BIG_PART else _DEFAULT)
        if sst is not None:
            dst.writestr(sst_target, sst, compresslevel=_FAST if len(sst) >= BIG_PART else _DEFAULT)


_FALLBACK = (NotStreamable, ET.ParseError, KeyError, IndexError, ValueError, zipfile.BadZipFile,
             EOFError, OverflowError, zlib.error)


def annotate_stream(source: Path, report: Report, out: Path, keep_vba: bool,
                    cells: dict[tuple[str, int, int], CellMark],
                    rows: dict[tuple[str, int], CellMark]) -> bool:
    """Write the annotated copy the fast way; False (nothing written) when it does not apply."""
    try:
        with atomic_path(out) as tmp:
            write_stream(source, report, keep_vba, cells, rows, tmp)
            if missing_sheets(source, tmp):
                raise NotStreamable("a sheet of the source is not in the copy")
    except _FALLBACK:
        return False  # the openpyxl path does the job, or names the damaged part
    except OSError as exc:
        raise unwritable(out, exc) from exc
    return True
