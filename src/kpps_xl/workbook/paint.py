"""openpyxl building blocks of the annotated copy: open, clear, paint, add sheets, save."""

from __future__ import annotations

import re
import warnings
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO
from xml.parsers import expat

from openpyxl import load_workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.comments import Comment
from openpyxl.styles import PatternFill
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from kpps_xl.errors import InputError, KppsError
from kpps_xl.findings import Report
from kpps_xl.io_utils import atomic_path
from kpps_xl.parts import part_pieces
from kpps_xl.roster.limits import parse_ref
from kpps_xl.workbook.marks import (
    CellMark,
    comment_text,
    findings_for,
    group_marks,
    order_findings,
)
from kpps_xl.workbook.sheets import (
    FindingRows,
    own_sheets,
    plan_findings_sheet,
    write_summary_sheet,
)

AUTHOR = "kpps-xl"
EXCEL_SUFFIXES = (".xlsx", ".xlsm")
ROW_MARK_MAX_COLUMNS = 60
_SEPARATOR = "\n--- kpps-xl ---\n"

CELL_COLORS = {"error": "FF8B8B", "warning": "FFE25C", "info": "BDD7EE"}
ROW_COLORS = {"error": "FCE0E0", "warning": "FFF5CC", "info": "EAF2FA"}
OWN_COLORS = frozenset(f"00{c}" for c in (*CELL_COLORS.values(), *ROW_COLORS.values())) | frozenset(
    f"FF{c}" for c in (*CELL_COLORS.values(), *ROW_COLORS.values())
)


def decorate(
    wb: Workbook, report: Report, source: Path, spans: dict[str, tuple[int, int]] | None = None,
    rows_later: bool = False,
) -> FindingRows | None:
    """Paint the findings of source on wb and add the "Temuan" and "Ringkasan" sheets (and
    "Tindak Lanjut" when the report has a health follow-up list).

    rows_later: the Temuan rows are not written as cells; their plan is returned (the fast path
    writes them as XML, see sheets.FindingRows.write_xml).
    """
    sheet_names = list(wb.sheetnames)
    findings = order_findings(findings_for(report.findings, source), sheet_names)
    cells, rows = group_marks(findings)
    paint(wb, cells, rows, spans)
    names = set(sheet_names)
    plan = plan_findings_sheet(wb, findings, source, names)
    if not rows_later:
        plan.fill()
    summary = write_summary_sheet(wb, report, findings, source, names)
    if report.follow_up is not None:
        from kpps_xl.workbook.follow_up import write_follow_up_sheet

        write_follow_up_sheet(wb, report.follow_up.for_file(source), source.name,
                              report.reference_date, names)
    open_on(wb, summary.title)
    return plan if rows_later else None


def open_on(wb: Workbook, name: str) -> None:
    """The workbook opens on this sheet, and only this tab is selected (no grouped sheets)."""
    for ws in wb.worksheets:
        ws.sheet_view.tabSelected = False
    wb[name].sheet_view.tabSelected = True
    wb.active = wb[name]


def check_paths(source: Path, out: Path) -> bool:
    """Validate source and out; return whether VBA must be kept."""
    if not source.is_file():
        raise KppsError(f"Berkas '{source}' tidak ditemukan.")
    from kpps_xl.roster.readers import misnamed

    suffix = source.suffix.lower()
    hint = misnamed(source) if suffix in (*EXCEL_SUFFIXES, ".xls") else ""
    if hint:
        raise KppsError(f"Salinan bertanda tidak dapat dibuat dari '{source.name}'.{hint}")
    if suffix not in EXCEL_SUFFIXES:
        raise KppsError(
            f"Salinan bertanda hanya dapat dibuat dari buku kerja .xlsx atau .xlsm; "
            f"'{source.name}' berformat {suffix or 'tanpa ekstensi'}. Simpan dulu sebagai .xlsx "
            "di Excel (File > Save As), lalu ulangi."
        )
    out_suffix = out.suffix.lower()
    if out_suffix not in EXCEL_SUFFIXES:
        raise KppsError(f"Salinan bertanda harus berekstensi .xlsx atau .xlsm, bukan '{out.name}'.")
    if out_suffix == ".xlsm" and suffix != ".xlsm":
        raise KppsError(
            f"'{source.name}' tidak berisi makro; simpan salinan bertanda sebagai .xlsx."
        )
    try:
        if out.exists() and out.resolve() == source.resolve():
            raise KppsError(
                "Salinan bertanda tidak boleh menimpa berkas asli; pilih nama berkas lain."
            )
    except OSError as exc:
        raise KppsError(f"Lokasi '{out}' tidak dapat diperiksa: {exc}") from exc
    return suffix == ".xlsm" and out_suffix == ".xlsm"


def open_workbook(source: Path, keep_vba: bool, data: BinaryIO | None = None) -> Workbook:
    """Load source (or data, an in-memory package made from it) with openpyxl.

    Every failure becomes a clear Indonesian KppsError naming source.
    """
    if data is not None:
        return _load(source, data, keep_vba)
    try:
        with source.open("rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise KppsError(f"Berkas '{source.name}' tidak dapat dibaca (terkunci?): {exc}") from exc
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise KppsError(
            f"'{source.name}' dilindungi kata sandi atau berformat Excel lama (.xls); "
            "buka kuncinya lalu simpan sebagai .xlsx."
        )
    return _load(source, source, keep_vba)


def _load(source: Path, data: Path | BinaryIO, keep_vba: bool) -> Workbook:
    try:
        return load_workbook(data, keep_vba=keep_vba, keep_links=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, EOFError) as exc:
        if (name := _forbidden_sheet_name(source, exc)) is not None:
            raise KppsError(
                f"'{source.name}': nama sheet '{name}' memuat tanda yang tidak diizinkan Excel "
                "( [ ] : * ? / \\ ), jadi salinan bertanda tidak dapat dibuat. Ganti nama sheet "
                "itu di Excel/LibreOffice lalu jalankan lagi; pemeriksaan tanpa --tandai tetap "
                "dapat dijalankan.") from exc
        raise KppsError(
            f"'{source.name}' bukan buku kerja Excel yang utuh (rusak atau terpotong)."
        ) from exc
    except OSError as exc:
        raise KppsError(f"Berkas '{source.name}' tidak dapat dibaca: {exc}") from exc


_FORBIDDEN_IN_SHEET_NAME = re.compile(r"[\\*?:/\[\]]")  # openpyxl's (and Excel's) rule


def _forbidden_sheet_name(source: Path, exc: BaseException) -> str | None:
    """The sheet name openpyxl refused (Excel forbids [ ] : * ? / \\ in them), or None."""
    chain: BaseException | None = exc
    while chain is not None and "sheet title" not in str(chain):
        chain = chain.__cause__ or chain.__context__
    if chain is None:
        return None
    from python_calamine import CalamineWorkbook

    try:
        names = CalamineWorkbook.from_path(str(source)).sheet_names
    except Exception:  # the name stays unknown; the message still says what is wrong
        return "?"
    return next((n for n in names if _FORBIDDEN_IN_SHEET_NAME.search(n)), "?")


# What openpyxl raises on XML the reader (calamine) accepted: a broken part, a style index
# out of range, a number too big for a date, an attribute of the wrong type...
_DAMAGE = (SyntaxError, KeyError, IndexError, OverflowError, ValueError, TypeError,
           AttributeError, EOFError, zipfile.BadZipFile, expat.ExpatError)


MAX_MERGED_CELLS = 1_000_000  # openpyxl builds one object per merged cell
_MERGE_REF = re.compile(rb'<mergeCell\s+ref="([A-Za-z]{1,4}\d{1,8}):([A-Za-z]{1,4}\d{1,8})"')


class MergeBudget:
    """Merged cells counted over a workbook's sheets, piece by piece; InputError once they pass
    the limit (openpyxl builds one object per merged cell: A1:XFD1048576 is 17 billion)."""

    def __init__(self, name: str, limit: int = MAX_MERGED_CELLS) -> None:
        self.name, self.limit, self.total = name, limit, 0

    def add(self, piece: bytes) -> None:
        if b"<mergeCell" not in piece:
            return
        for first, last in _MERGE_REF.findall(piece):
            a, b = parse_ref(first.decode()), parse_ref(last.decode())
            if a and b:
                self.total += (abs(b[0] - a[0]) + 1) * (abs(b[1] - a[1]) + 1)
            if self.total > self.limit:
                raise InputError(
                    f"Salinan bertanda tidak dapat dibuat: {self.name} berisi sel "
                    f"gabungan (merge) seluas {first.decode()}:{last.decode()}, lebih dari "
                    f"{self.limit:,} sel. ".replace(",", ".") + "Batalkan gabungan sel yang "
                    "melebar jauh di luar tabel (Home > Merge & Center), simpan, lalu ulangi.")


def check_merge_sizes(source: Path, limit: int = MAX_MERGED_CELLS) -> None:
    """Refuse to annotate a workbook whose merged areas cover more cells than openpyxl can hold;
    the check itself has already run. The fast path counts the same while it reads the sheets."""
    budget = MergeBudget(source.name, limit)
    try:
        with zipfile.ZipFile(source) as zf:
            for name in zf.namelist():
                if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                    for piece in part_pieces(zf, name):
                        budget.add(piece)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, RuntimeError):
        return  # damaged_parts reports an unreadable package


def broken_part(source: Path) -> str | None:
    """The first XML part of a package that is not well-formed, None when all parse."""
    try:
        with zipfile.ZipFile(source) as zf:
            for info in zf.infolist():
                if info.filename.endswith((".xml", ".rels", ".vml")):
                    parser = expat.ParserCreate()
                    try:
                        parser.Parse(zf.read(info.filename), True)
                    except expat.ExpatError:
                        return info.filename
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, RuntimeError):
        return None
    return None


@contextmanager
def damaged_parts(source: Path) -> Iterator[None]:
    """Turn openpyxl's failures on a damaged package into an InputError naming the part."""
    try:
        yield
    except KppsError:
        raise
    except _DAMAGE as exc:
        part = broken_part(source)
        what = f"bagian {part} tidak terbaca" if part else f"isinya tidak wajar ({type(exc).__name__})"
        raise InputError(f"Salinan bertanda tidak dapat dibuat: berkas {source.name} rusak, {what}. "
                         "Buka dan simpan ulang berkas di Excel, lalu coba lagi.") from exc


@contextmanager
def quiet_openpyxl() -> Iterator[None]:
    """openpyxl's warnings (unsupported extensions, bad defined names) quote cell text that may
    hold a NIK; the annotated copy does not need them, so they are not shown."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", module=r"openpyxl(\.|$)")
        yield


def remove_own_sheets(wb: Workbook) -> None:
    """Drop "Temuan", "Ringkasan" and "Tindak Lanjut" left by an earlier run (never a clerk's
    own sheet of that name: sheets.own_sheets)."""
    for ws in own_sheets(wb):
        wb.remove(ws)


def clear_previous_marks(wb: Workbook) -> None:
    """Remove fills and comments an earlier kpps-xl run put on the roster sheets."""
    blank = PatternFill()
    for ws in wb.worksheets:
        for cell in list(ws._cells.values()):
            comment = cell.comment
            if comment is not None:
                if comment.author == AUTHOR:
                    cell.comment = None
                elif _SEPARATOR in comment.text:
                    cell.comment = Comment(comment.text.split(_SEPARATOR)[0], comment.author)
            if cell.has_style and cell.fill.fill_type == "solid" and _is_own(cell.fill):
                cell.fill = blank


def _is_own(fill: PatternFill) -> bool:
    rgb = fill.fgColor.rgb
    return isinstance(rgb, str) and rgb.upper() in OWN_COLORS


def _fills(colors: dict[str, str]) -> dict[str, PatternFill]:
    return {level: PatternFill("solid", fgColor=color) for level, color in colors.items()}


def paint(
    wb: Workbook,
    cells: dict[tuple[str, int, int], CellMark],
    rows: dict[tuple[str, int], CellMark],
    spans: dict[str, tuple[int, int]] | None = None,
) -> None:
    """Fill marked cells and rows and attach one comment per cell with all its messages.

    spans gives each sheet's used columns (first, last) for row marks; by default they are
    taken from the loaded sheet.
    """
    cell_fill, row_fill = _fills(CELL_COLORS), _fills(ROW_COLORS)
    fill_ids: dict[int, int] = {}
    present = set(wb.sheetnames)
    spans = dict(spans or {})
    comments: dict[tuple[str, int, int], list[str]] = {}
    for (sheet, row), mark in rows.items():
        if sheet not in present:
            continue
        ws = wb[sheet]
        if sheet not in spans:
            spans[sheet] = (ws.min_column or 1, ws.max_column or 1)
        first, last = row_span(*spans[sheet])
        for col in range(first, last + 1):
            if (sheet, row, col) not in cells:
                _set_fill(ws.cell(row=row, column=col), row_fill[mark.severity], fill_ids)
        comments.setdefault((sheet, row, first), []).extend(mark.messages)
    for (sheet, row, col), mark in cells.items():
        if sheet not in present:
            continue
        _set_fill(wb[sheet].cell(row=row, column=col), cell_fill[mark.severity], fill_ids)
        comments.setdefault((sheet, row, col), []).extend(mark.messages)
    for (sheet, row, col), messages in comments.items():
        _comment(anchor(wb[sheet], row, col), messages)


def _set_fill(cell: Cell, fill: PatternFill, ids: dict[int, int]) -> None:
    """cell.fill = fill, hashing each fill once: openpyxl's descriptor looks the fill up in the
    workbook's list on every assignment; the id it found the first time is reused."""
    known = ids.get(id(fill))
    if known is None or cell._style is None:
        cell.fill = fill
        ids[id(fill)] = cell._style.fillId
    else:
        cell._style.fillId = known


def anchor(ws: Worksheet, row: int, col: int) -> Cell:
    """The cell that can hold a comment: a merged area's top-left cell, else the cell itself."""
    cell = ws.cell(row=row, column=col)
    if not isinstance(cell, MergedCell):
        return cell
    for area in ws.merged_cells.ranges:
        if area.min_row <= row <= area.max_row and area.min_col <= col <= area.max_col:
            return ws.cell(row=area.min_row, column=area.min_col)
    return cell


def row_span(first: int, last: int) -> tuple[int, int]:
    """Columns lightly filled for a row mark: the used width, at most 60 columns."""
    first = max(first, 1)
    return first, min(max(last, first), first + ROW_MARK_MAX_COLUMNS - 1)


def _comment(cell: Cell, messages: list[str]) -> None:
    unique = list(dict.fromkeys(messages))
    text = comment_text(unique)
    lines = sum(1 + len(m) // 45 for m in unique) + 1
    height = min(30 + 16 * lines, 400)
    old = cell.comment
    if old is not None and old.text.strip():
        comment = Comment(old.text.rstrip() + _SEPARATOR + text, old.author or AUTHOR,
                          width=320, height=height + 60)
    else:
        comment = Comment(text, AUTHOR, width=320, height=height)
    cell.comment = comment


def save(wb: Workbook, out: Path, source: Path | None = None) -> None:
    """Save atomically (temp file beside out, then rename); with source, only when every sheet
    of source is in the copy (missing_sheets)."""
    try:
        with atomic_path(out) as tmp:
            wb.save(tmp)
            lost = missing_sheets(source, tmp) if source is not None else []
            if lost:
                raise KppsError(
                    f"Salinan bertanda {out.name} tidak dibuat: sheet {', '.join(map(repr, lost))} "
                    f"dari {source.name} tidak dapat disalin (bentuk buku kerjanya tidak lazim). "
                    "Simpan ulang berkas itu dari Excel sebagai 'Excel Workbook (*.xlsx)', lalu "
                    "coba lagi.")
    except OSError as exc:
        raise unwritable(out, exc) from exc


def unwritable(out: Path, exc: OSError) -> KppsError:
    """The refusal of an annotated copy that cannot be written: the target and why, in
    Indonesian (never the temp file's name or the English errno text)."""
    from kpps_xl.guard import os_reason

    return KppsError(f"Salinan bertanda {out} tidak dapat ditulis: {os_reason(exc)}.")


def missing_sheets(source: Path, copy: Path) -> list[str]:
    """The sheets of source the written copy lacks (an annotated copy keeps every sheet)."""
    from kpps_xl.outputs import sheet_names

    if not copy.is_file():
        return []  # a device or pipe (/dev/null): nothing to read back
    kept = sheet_names(copy)
    return sorted(sheet_names(source) - kept) if kept or sheet_names(source) else []


_STRICT = b"http://purl.oclc.org/ooxml/spreadsheetml/main"


def refuse_strict(source: Path) -> None:
    """A workbook saved as 'Strict Open XML' is read, but openpyxl cannot write it back: say so
    (openpyxl would load it as a workbook without sheets)."""
    try:
        with zipfile.ZipFile(source) as zf:
            names = [n for n in zf.namelist() if n.endswith("workbook.xml")]
            strict = any(_STRICT in zf.open(n).read(4096) for n in names)
    except (OSError, zipfile.BadZipFile, ValueError, RuntimeError, NotImplementedError):
        return  # the damage is reported by whoever opens it next
    if strict:
        raise KppsError(
            f"Salinan bertanda tidak dapat dibuat: {source.name} disimpan dalam format 'Strict "
            "Open XML Spreadsheet'. Hasil pemeriksaan tetap berlaku; untuk salinan bertanda, "
            "buka berkas itu di Excel, Simpan Sebagai 'Excel Workbook (*.xlsx)', lalu jalankan "
            "lagi.")
