"""Fast annotated copy: openpyxl edits a skeleton of the marked rows, other rows stay raw XML."""

from __future__ import annotations

import io
import posixpath
import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from xml.parsers import expat

from kpps_xl.errors import KppsError
from kpps_xl.findings import Report
from kpps_xl.io_utils import atomic_path
from kpps_xl.workbook.marks import CellMark, column_index
from kpps_xl.workbook.paint import decorate, open_workbook
from kpps_xl.workbook.sheets import OWN_SHEETS

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
_UNSAFE = (b't="shared"', b' cm="', b' vm="')


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


def used_columns(xml: bytes) -> tuple[int, int]:
    """First and last used column of a sheet, from <dimension> or else from the cells."""
    dimension = _DIMENSION.search(xml)
    ref = _DIMENSION_REF.search(dimension.group()) if dimension else None
    if ref and ref.group(2):
        first, last = column_index(ref.group(1).decode()), column_index(ref.group(2).decode())
        if first and last:
            return first, last
    indices = {column_index(letters.decode()) or 1 for letters in set(_CELL_COL.findall(xml))}
    return (min(indices), max(indices)) if indices else (1, 1)


def _check_well_formed(xml: bytes) -> None:
    parser = expat.ParserCreate(namespace_separator=" ")  # also catches unbound prefixes
    try:
        parser.Parse(xml, True)
    except expat.ExpatError as exc:
        raise NotStreamable(f"spliced sheet is not well-formed: {exc}") from exc


def splice(original: bytes, old_rows: list[tuple[int, bytes]], edited: bytes,
           marked: set[int]) -> bytes:
    """Original rows everywhere except the marked ones, which come from the edited sheet."""
    head, new_rows, tail = split_rows(edited)
    rows = [row for row in old_rows if row[0] not in marked]
    rows += [row for row in new_rows if row[0] in marked]
    rows.sort(key=lambda row: row[0])
    return b"".join((_fix_root(head, original), *(xml for _n, xml in rows), tail))


def _skeleton(zf: zipfile.ZipFile, parts: dict[str, str], marked: dict[str, set[int]],
              split: dict[str, tuple[bytes, list[tuple[int, bytes]], bytes]]) -> io.BytesIO:
    """The source package with every worksheet reduced to its marked rows."""
    buffer = io.BytesIO()
    by_part = {part: name for name, part in parts.items()}
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as skeleton:
        for item in zf.infolist():
            data = zf.read(item.filename)
            name = by_part.get(item.filename)
            if name is not None:
                head, rows, tail = split[name]
                keep = marked.get(name, set())
                data = b"".join((head, *(xml for n, xml in rows if n in keep), tail))
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


def build_stream(source: Path, report: Report, keep_vba: bool,
                 cells: dict[tuple[str, int, int], CellMark],
                 rows: dict[tuple[str, int], CellMark]) -> bytes:
    """The annotated package as bytes; NotStreamable when the fast path does not apply."""
    try:
        zf = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError) as exc:
        raise NotStreamable(str(exc)) from exc
    with zf:
        parts, sst_path = sheet_parts(zf)
        if any(name in parts for name in OWN_SHEETS):
            raise NotStreamable("re-run on an annotated copy")
        originals = {name: zf.read(part) for name, part in parts.items()}
        for xml in originals.values():
            if any(token in xml for token in _UNSAFE):
                raise NotStreamable("shared formulas or cell metadata")
        marked: dict[str, set[int]] = {}
        for sheet, row, _col in cells:
            marked.setdefault(sheet, set()).add(row)
        for sheet, row in rows:
            marked.setdefault(sheet, set()).add(row)
        spans = {sheet: used_columns(originals[sheet]) for sheet in {s for s, _r in rows}
                 if sheet in originals}
        split = {name: split_rows(xml) for name, xml in originals.items()}
        skeleton = _skeleton(zf, parts, marked, split)
        sst = zf.read(sst_path) if sst_path else None
    wb = open_workbook(source, keep_vba, data=skeleton)
    decorate(wb, report, source, spans)
    edited = io.BytesIO()
    wb.save(edited)
    edited.seek(0)
    old_rows = {name: rows for name, (_h, rows, _t) in split.items()}
    return _assemble(edited, originals, old_rows, marked, sst, sst_path)


def _assemble(edited: io.BytesIO, originals: dict[str, bytes],
              old_rows: dict[str, list[tuple[int, bytes]]], marked: dict[str, set[int]],
              sst: bytes | None, sst_path: str | None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(edited) as new, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        new_parts, new_sst = sheet_parts(new)
        if new_sst is not None:
            raise NotStreamable("openpyxl wrote shared strings")
        by_part = {part: name for name, part in new_parts.items() if name in originals}
        book = _workbook_part(new)
        book_rels = posixpath.join(posixpath.dirname(book), "_rels",
                                   posixpath.basename(book) + ".rels")
        sst_target = sst_path if sst_path and sst_path not in new.namelist() else "xl/kppsSst.xml"
        for item in new.infolist():
            data = new.read(item.filename)
            name = by_part.get(item.filename)
            if name is not None:
                data = splice(originals[name], old_rows[name], data, marked.get(name, set()))
                _check_well_formed(data)
            elif sst is not None and item.filename == "[Content_Types].xml":
                data, _ = _add_shared_strings(data, b"", sst_target, book)
            elif sst is not None and item.filename == book_rels:
                _, data = _add_shared_strings(b"", data, sst_target, book)
            dst.writestr(item.filename, data)
        if sst is not None:
            dst.writestr(sst_target, sst)
    return out.getvalue()


def annotate_stream(source: Path, report: Report, out: Path, keep_vba: bool,
                    cells: dict[tuple[str, int, int], CellMark],
                    rows: dict[tuple[str, int], CellMark]) -> bool:
    """Write the annotated copy the fast way; False (nothing written) when it does not apply."""
    try:
        data = build_stream(source, report, keep_vba, cells, rows)
    except (NotStreamable, ET.ParseError, KeyError, IndexError, ValueError, zipfile.BadZipFile,
            EOFError, OverflowError):
        return False  # the openpyxl path does the job, or names the damaged part
    try:
        with atomic_path(out) as tmp:
            tmp.write_bytes(data)
    except OSError as exc:
        raise KppsError(f"Salinan bertanda '{out}' tidak dapat ditulis: {exc}") from exc
    return True
