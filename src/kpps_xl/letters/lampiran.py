"""The lampiran workbook: participant list (NIK as text) and the budget summary."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from kpps_xl.budget import people_count
from kpps_xl.io_utils import atomic_path, safe_text
from kpps_xl.letters.context import SCHEME_LABELS, Row, row_label

PESERTA_SHEET = "Daftar Peserta"
REKAP_SHEET = "Rekap Anggaran"

# (header, record key, width)
PESERTA_COLUMNS = (
    ("No", "no", 6),
    ("Nama", "nama", 32),
    ("NIK", "nik", 20),
    ("Tanggal Lahir", "tanggal_lahir", 14),
    ("Jabatan", "jabatan", 20),
    ("Badan", "badan", 10),
    ("TPS", "tps", 7),
    ("Kelurahan/Desa", "kelurahan", 22),
    ("Kecamatan", "kecamatan", 22),
)
JKN_COLUMN = ("Status JKN", "status_jkn", 14)

_BOLD = Font(bold=True)
_HEAD_FILL = PatternFill("solid", fgColor="D9D9D9")
_MONEY = "#,##0"


def peserta_columns(kind: str) -> tuple[tuple[str, str, int], ...]:
    """Columns of the participant sheet (BPJS Kesehatan adds the JKN status)."""
    return PESERTA_COLUMNS + ((JKN_COLUMN,) if kind == "bpjs_kes" else ())


def _head(ws, text: str):  # type: ignore[no-untyped-def]
    cell = WriteOnlyCell(ws, value=text)
    cell.font = _BOLD
    cell.fill = _HEAD_FILL
    cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    return cell


def _write_peserta(wb: Workbook, kind: str, people: Sequence[dict[str, str]]) -> None:
    ws = wb.create_sheet(PESERTA_SHEET)
    columns = peserta_columns(kind)
    for i, (_, _, width) in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    ws.append([_head(ws, title) for title, _, _ in columns])
    for person in people:
        row = []
        for _, key, _ in columns:
            if key == "no":
                row.append(int(person["no"]))
            elif key in ("nik", "tps"):
                cell = WriteOnlyCell(ws, value=person[key] or None)
                cell.number_format = "@"  # text: Excel must never turn a NIK into a number
                row.append(cell)
            else:
                row.append(safe_text(person[key]) or None)
        ws.append(row)


def _write_rekap(wb: Workbook, rows: Sequence[Row], heading: Sequence[str]) -> None:
    ws = wb.create_sheet(REKAP_SHEET)
    for letter, width in zip("ABCDEFG", (6, 34, 20, 14, 12, 18, 20), strict=True):
        ws.column_dimensions[letter].width = width
    for text in heading:
        cell = WriteOnlyCell(ws, value=safe_text(text))
        cell.font = _BOLD
        ws.append([cell])
    ws.append([])
    ws.append([_head(ws, t) for t in ("No", "Badan", "Program", "Jumlah Orang",
                                     "Masa Kerja (bulan)", "Iuran/Orang/Bulan (Rp)",
                                     "Jumlah (Rp)")])
    for i, row in enumerate(rows, start=1):
        money = []
        for value in (row.premium, row.subtotal):
            cell = WriteOnlyCell(ws, value=value)
            cell.number_format = _MONEY
            money.append(cell)
        label = row_label(row, rows)
        ws.append([i, safe_text(label), SCHEME_LABELS.get(row.scheme, row.scheme), row.count,
                   row.months, *money])
    total = WriteOnlyCell(ws, value=sum(r.subtotal for r in rows))
    total.number_format = _MONEY
    total.font = _BOLD
    label = WriteOnlyCell(ws, value="JUMLAH")
    label.font = _BOLD
    ws.append([None, label, None, people_count(rows), None, None, total])


def write_lampiran(path: Path, kind: str, people: Sequence[dict[str, str]],
                   rows: Sequence[Row], heading: Sequence[str]) -> Path:
    """Write the lampiran .xlsx atomically: participants first, then the budget summary."""
    wb = Workbook(write_only=True)
    _write_peserta(wb, kind, people)
    _write_rekap(wb, rows, heading)
    with atomic_path(path) as tmp:
        wb.save(tmp)
    return path
