"""The budget workbook: Parameter (named cells), Anggaran (live formulas) and Rekap sheets."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import column_index_from_string
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.worksheet import Worksheet

from kpps_xl.budget.config import BudgetConfig, budget_config
from kpps_xl.budget.model import Budget, BudgetLine, people_count
from kpps_xl.budget.roles import SCHEME_PRESETS, RoleSpec
from kpps_xl.budget.schemes import Scheme
from kpps_xl.io_utils import atomic_path, set_text, set_value
from kpps_xl.settings import Settings
from kpps_xl.workbook.printing import print_setup, row_height

SHEET_PARAMETER = "Parameter"
SHEET_BUDGET = "Anggaran"
SHEET_SUMMARY = "Rekap"
FIRST_ROW = 5  # first data row under the header row 4 on every sheet
HEADER_ROW = FIRST_ROW - 1
TOTAL_ROW = "ROW(TOTAL_ANGGARAN)"  # the Anggaran JUMLAH row, wherever inserted rows put it
NO_KECAMATAN = "(tanpa rincian kecamatan)"

RUPIAH_FORMAT = '[$Rp-421]#,##0'
COUNT_FORMAT = "#,##0"
PERCENT_FORMAT = "0.00%"

_NOTE_WIDTH = 150  # columns B..K of the Anggaran sheet
_HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
_INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")  # cells finance staff may change
_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_BOLD = Font(bold=True)
_WRAP = Alignment(wrap_text=True, vertical="top")

# Named cells of the Parameter sheet: name -> (label, scheme code, scheme attribute, format)
_SCHEME_CELLS = (
    ("BPU_JKK", "BPU: tarif JKK (% penghasilan dilaporkan)", "BPU", "jkk", PERCENT_FORMAT),
    ("BPU_JKM", "BPU: iuran JKM (Rp/orang/bulan)", "BPU", "flat", RUPIAH_FORMAT),
    ("BPU_PENGHASILAN", "BPU: penghasilan dilaporkan (Rp/bulan)", "BPU", "declared_income",
     RUPIAH_FORMAT),
    ("BPU_PENGHASILAN_MIN", "BPU: batas bawah penghasilan", "BPU", "income_min", RUPIAH_FORMAT),
    ("BPU_PENGHASILAN_MAKS", "BPU: batas atas penghasilan", "BPU", "income_max", RUPIAH_FORMAT),
    ("PPU_JKK", "PPU: tarif JKK (% honorarium)", "PPU", "jkk", PERCENT_FORMAT),
    ("PPU_JKM", "PPU: tarif JKM (% honorarium)", "PPU", "jkm", PERCENT_FORMAT),
    ("JKN_IURAN", "JKN: iuran PBPU kelas III (Rp/orang/bulan)", "JKN", "flat", RUPIAH_FORMAT),
)

# Premium formula per scheme; {base} is the line's base cell. ROUND(x, 6) first removes
# binary noise so that the outer ROUND rounds exact halves upwards, as compute_budget does.
_PREMIUM = {
    "BPU": "=ROUND(ROUND({base}*BPU_JKK,6),0)+BPU_JKM",
    "PPU": "=ROUND(ROUND({base}*PPU_JKK,6),0)+ROUND(ROUND({base}*PPU_JKM,6),0)",
    "JKN": "=JKN_IURAN",
}
_BASE = {
    "BPU": "=MIN(MAX(BPU_PENGHASILAN,BPU_PENGHASILAN_MIN),BPU_PENGHASILAN_MAKS)",
}


def _percent_text(name: str) -> str:
    """Formula text of a named rate as Python's percent_text prints it ("1%", "0,24%"), in
    any Excel/LibreOffice locale (FIXED without separators, then "." -> ",")."""
    v = f"ROUND({name}*100,4)"
    return (f'SUBSTITUTE(IF({v}=INT({v}),FIXED({v},0,TRUE),IF(ROUND({v},2)={v},FIXED({v},2,TRUE),'
            f'IF(ROUND({v},3)={v},FIXED({v},3,TRUE),FIXED({v},4,TRUE)))),".",",")&"%"')


def _rupiah_text(name: str) -> str:
    """Formula text "Rp6.800" of a named amount (thousands with dots in any locale)."""
    return f'"Rp"&SUBSTITUTE(FIXED({name},0),",",".")'


# The "Tarif" column: text that follows the Parameter cells (same text as Scheme.rate_text).
_RATE = {
    "BPU": f'={_percent_text("BPU_JKK")}&" + "&{_rupiah_text("BPU_JKM")}',
    "PPU": f'={_percent_text("PPU_JKK")}&" + "&{_percent_text("PPU_JKM")}',
    "JKN": f"={_rupiah_text('JKN_IURAN')}",
}


@dataclass
class _Cached:
    """Values of formula cells, written into the file so non-recalculating viewers show them."""

    values: dict[str, dict[str, int | float | str]] = field(default_factory=dict)

    def put(self, ws: Worksheet, ref: str, formula: str, value: int | float | str) -> None:
        ws[ref] = formula
        self.values.setdefault(ws.title, {})[ref] = value


def _name(wb: Workbook, name: str, ws: Worksheet, ref: str) -> None:
    col, row = re.match(r"([A-Z]+)(\d+)", ref).groups()
    wb.defined_names[name] = DefinedName(name, attr_text=f"'{ws.title}'!${col}${row}")


def _header(ws: Worksheet, title: str, subtitle: str, columns: tuple[tuple[str, float], ...],
            row: int = 4) -> None:
    set_text(ws["A1"], title).font = Font(bold=True, size=13)
    set_text(ws["A2"], subtitle)
    ws["A2"].font = Font(italic=True, size=9)
    for i, (text, width) in enumerate(columns, start=1):
        cell = ws.cell(row=row, column=i, value=text)
        cell.font = _BOLD
        cell.fill = _HEADER_FILL
        cell.border = _BORDER
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        ws.column_dimensions[cell.column_letter].width = width
    ws.row_dimensions[row].height = 32


def _print_setup(ws: Worksheet, last_col: str | None = None, last_row: int | None = None) -> None:
    """A4 landscape, one page wide, header row 4 on every page, panes frozen under it, and an
    autofilter over the table when its extent is given."""
    autofilter = f"A4:{last_col}{last_row}" if last_col and last_row else None
    print_setup(ws, title_rows="4:4", freeze=f"A{FIRST_ROW}", autofilter=autofilter)


def _style_row(ws: Worksheet, row: int, formats: Mapping[int, str], last_col: int,
               bold: bool = False) -> None:
    for col in range(1, last_col + 1):
        cell = ws.cell(row=row, column=col)
        cell.border = _BORDER
        if col in formats:
            cell.number_format = formats[col]
        if bold:
            cell.font = _BOLD


def _scheme_value(scheme: Scheme, attribute: str) -> int | float:
    value = getattr(scheme, attribute)
    return value if isinstance(value, int) else float(value)


def _parameter_sheet(wb: Workbook, ws: Worksheet, config: BudgetConfig,
                     roles: list[RoleSpec]) -> dict[str, str]:
    """Write rates and role table; return role key -> name suffix used in formulas."""
    _header(ws, "PARAMETER ANGGARAN IURAN BPJS BADAN AD HOC",
            f"Preset honorarium: {config.preset}. Ubah sel berwarna kuning; rumus di lembar "
            f"{SHEET_BUDGET} dan {SHEET_SUMMARY} ikut dihitung ulang.",
            (("Parameter", 46), ("Nilai", 28), ("Nama sel", 26), ("Dasar hukum", 70),
             ("Berlaku per", 22)))
    ws.column_dimensions["F"].width = 12  # "Masa (bulan)" of the role table below
    row = FIRST_ROW
    for name, label, code, attribute, number_format in _SCHEME_CELLS:
        scheme = config.schemes[code]
        ws.cell(row=row, column=1, value=label)
        value_cell = ws.cell(row=row, column=2, value=_scheme_value(scheme, attribute))
        value_cell.number_format = number_format
        value_cell.fill = _INPUT_FILL
        ws.cell(row=row, column=3, value=name)
        set_text(ws.cell(row=row, column=4), scheme.legal_basis).alignment = _WRAP
        ws.cell(row=row, column=5, value=scheme.as_of.isoformat())
        _style_row(ws, row, {}, 5)
        ws.row_dimensions[row].height = row_height([label, scheme.legal_basis], [46, 70])
        _name(wb, name, ws, f"B{row}")
        row += 1

    row = _preset_rows(ws, config, row + 1)
    row += 1
    table_head = row
    for i, text in enumerate(("Badan", "Jabatan", "Kode peran", "Skema", "Honorarium (Rp/bulan)",
                              "Masa (bulan)"), start=1):
        cell = ws.cell(row=row, column=i, value=text)
        cell.font = _BOLD
        cell.fill = _HEADER_FILL
        cell.border = _BORDER
    suffixes: dict[str, str] = {}
    for role in roles:
        row += 1
        suffix = role.key.upper()
        suffixes[role.key] = suffix
        for col, value in enumerate((role.body, role.label, role.key, role.scheme,
                                     role.honorarium, role.months), start=1):
            set_value(ws.cell(row=row, column=col), value)
        _style_row(ws, row, {5: RUPIAH_FORMAT, 6: "0"}, 6)
        ws.cell(row=row, column=5).fill = _INPUT_FILL
        ws.cell(row=row, column=6).fill = _INPUT_FILL
        _name(wb, f"HONOR_{suffix}", ws, f"E{row}")
        _name(wb, f"BULAN_{suffix}", ws, f"F{row}")
    note_row = row + 2
    ws.cell(row=note_row, column=1, value=(
        "Pembulatan: iuran per orang per bulan dihitung per program (JKK, JKM) dan dibulatkan "
        "ke rupiah terdekat, setengah ke atas; subtotal = jumlah orang × masa × iuran."))
    ws.cell(row=table_head, column=1).font = _BOLD
    _print_setup(ws)
    return suffixes


def _preset_rows(ws: Worksheet, config: BudgetConfig, row: int) -> int:
    """The scheme preset in use and the other choice, each with its one-line reason."""
    ws.cell(row=row, column=1, value="Skema KPPS, Linmas, Pantarlih, PTPS").font = _BOLD
    ws.cell(row=row, column=4, value="Alasan").font = _BOLD
    for name, (scheme, reason) in SCHEME_PRESETS.items():
        row += 1
        chosen = name == config.scheme_preset
        ws.cell(row=row, column=1, value="Dipakai" if chosen else "Pilihan lain")
        value = ws.cell(row=row, column=2, value=f"{name} ({scheme})")
        value.font = _BOLD if chosen else Font()
        if chosen:
            value.fill = _INPUT_FILL
        ws.cell(row=row, column=3, value="skema_bawaan")
        ws.cell(row=row, column=4, value=reason).alignment = _WRAP
        ws.row_dimensions[row].height = row_height([reason], [70])
        _style_row(ws, row, {}, 4)
    row += 1
    ws.cell(row=row, column=1, value=(
        "Ganti pilihan di kpps-xl.toml: [anggaran] skema_bawaan = \"bpu_minimum\" atau "
        "\"ppu_honor\", lalu jalankan ulang kpps-xl budget. PPK, PPS dan Bawaslu selalu PPU.")
    ).font = Font(italic=True, size=9)
    return row + 1


def _budget_row(ws: Worksheet, cached: _Cached, row: int, number: int, line: BudgetLine,
                role: RoleSpec | None, suffix: str | None) -> None:
    values = (number, line.kecamatan or NO_KECAMATAN, line.body, line.role, line.scheme)
    for col, value in enumerate(values, start=1):
        set_value(ws.cell(row=row, column=col), value)
    ws[f"F{row}"] = line.count
    ws[f"F{row}"].fill = _INPUT_FILL
    if suffix:
        cached.put(ws, f"G{row}", f"=BULAN_{suffix}", line.months)
    else:
        ws[f"G{row}"] = line.months
    if line.scheme in _BASE:
        cached.put(ws, f"H{row}", _BASE[line.scheme], line.base)
    elif line.scheme == "PPU" and suffix and role is not None:
        cached.put(ws, f"H{row}", f"=HONOR_{suffix}", line.base)
    elif line.scheme != "JKN":  # JKN is a flat contribution: no base at all
        ws[f"H{row}"] = line.base
    cached.put(ws, f"I{row}", _RATE[line.scheme], line.rate)
    cached.put(ws, f"J{row}", _PREMIUM[line.scheme].format(base=f"H{row}"), line.premium)
    cached.put(ws, f"K{row}", f"=F{row}*G{row}*J{row}", line.subtotal)
    _style_row(ws, row, {6: COUNT_FORMAT, 7: "0", 8: RUPIAH_FORMAT, 10: RUPIAH_FORMAT,
                         11: RUPIAH_FORMAT}, 11)


def _down_to(col: str, end: str = "ROW()", sheet: str = "") -> str:
    """The column from the header row down to the row above `end` (the JUMLAH row: ROW() in
    it, ROW(TOTAL_ANGGARAN) elsewhere), so lines finance staff insert anywhere under the header,
    also just above JUMLAH, are summed (Excel and LibreOffice move the header anchor and the
    name with inserted rows; a fixed E5:E13 would not grow for a row added above JUMLAH)."""
    if sheet:
        return f"'{sheet}'!${col}${HEADER_ROW}:INDEX('{sheet}'!${col}:${col},{end}-1)"
    return f"{col}${HEADER_ROW}:INDEX({col}:{col},{end}-1)"


def _total_row(ws: Worksheet, cached: _Cached, budget: Budget, end: int, *, label: str,
               scheme: str, count: str, subtotal: str, last_col: int) -> int:
    """The JUMLAH row under data rows FIRST_ROW..end (columns by letter); return its row."""
    row = end + 1
    ws[f"{label}{row}"] = "JUMLAH"
    # people are counted once: JKN lines repeat people already on a BPJS TK line
    cached.put(ws, f"{count}{row}",
               f'=SUMIF({_down_to(scheme)},"<>JKN",{_down_to(count)})',
               people_count(budget.lines))
    cached.put(ws, f"{subtotal}{row}", f"=SUM({_down_to(subtotal)})", budget.total)
    _style_row(ws, row, {column_index_from_string(count): COUNT_FORMAT,
                         column_index_from_string(subtotal): RUPIAH_FORMAT}, last_col, bold=True)
    return row


def _budget_sheet(wb: Workbook, ws: Worksheet, cached: _Cached, budget: Budget,
                  roles: Mapping[str, RoleSpec], suffixes: Mapping[str, str]) -> int:
    """Write the lines; return the last data row."""
    _header(ws, "ANGGARAN IURAN BPJS BADAN AD HOC",
            "Iuran per orang per bulan dibulatkan per program ke rupiah terdekat (setengah ke "
            "atas); subtotal = jumlah orang × masa (bulan) × iuran.",
            (("No", 5), ("Kecamatan", 22), ("Badan", 16), ("Jabatan", 30), ("Skema", 8),
             ("Jumlah orang", 11), ("Masa (bulan)", 8), ("Dasar iuran (Rp/bulan)", 16),
             ("Tarif", 16), ("Iuran per orang per bulan", 15), ("Subtotal", 18)))
    row = FIRST_ROW - 1
    for number, line in enumerate(budget.lines, start=1):
        row += 1
        role = roles.get(line.role)
        _budget_row(ws, cached, row, number, line, role,
                    suffixes.get(role.key) if role else None)
    last = max(row, FIRST_ROW)
    end = last
    total_row = _total_row(ws, cached, budget, end, label="D", scheme="E", count="F",
                           subtotal="K", last_col=11)
    _name(wb, "TOTAL_ANGGARAN", ws, f"K{total_row}")
    schemes, subtotals = _down_to("E", TOTAL_ROW), _down_to("K", TOTAL_ROW)
    for offset, (label, formula, value) in enumerate((
        ("BPJS Ketenagakerjaan (BPU + PPU)",
         f'=SUMIF({schemes},"BPU",{subtotals})+SUMIF({schemes},"PPU",{subtotals})',
         budget.total_for("TK")),
        ("BPJS Kesehatan (JKN)", f'=SUMIF({schemes},"JKN",{subtotals})',
         budget.total_for("JKN")),
    ), start=1):
        ws[f"D{total_row + offset}"] = label
        cached.put(ws, f"K{total_row + offset}", formula, value)
        _style_row(ws, total_row + offset, {11: RUPIAH_FORMAT}, 11)
    _notes(ws, budget.notes, total_row + 4)
    _print_setup(ws, "K", end)
    return last


def _notes(ws: Worksheet, notes: tuple[str, ...], row: int) -> None:
    """The budget's notes (who was left out and why, ignored settings) under the totals."""
    if not notes:
        return
    ws.cell(row=row, column=1, value="Catatan:").font = _BOLD
    for offset, note in enumerate(notes, start=1):
        cell = set_text(ws.cell(row=row + offset, column=2), note)
        ws.merge_cells(start_row=row + offset, start_column=2, end_row=row + offset,
                       end_column=11)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[row + offset].height = row_height([note], [_NOTE_WIDTH])


def _summary_sheet(ws: Worksheet, cached: _Cached, budget: Budget) -> None:
    _header(ws, "REKAP ANGGARAN PER BADAN",
            f"Dijumlahkan dari lembar {SHEET_BUDGET} (rumus SUMIFS).",
            (("Badan", 20), ("Skema", 8), ("Jumlah orang", 14), ("Subtotal", 20)))

    def src(col: str) -> str:
        return _down_to(col, TOTAL_ROW, SHEET_BUDGET)

    row = FIRST_ROW - 1
    for summary in budget.by_body():
        row += 1
        set_text(ws[f"A{row}"], summary.body)
        ws[f"B{row}"] = summary.scheme
        for col, source, value in (("C", "F", summary.count), ("D", "K", summary.subtotal)):
            formula = f"=SUMIFS({src(source)},{src('C')},$A{row},{src('E')},$B{row})"
            cached.put(ws, f"{col}{row}", formula, value)
        _style_row(ws, row, {3: COUNT_FORMAT, 4: RUPIAH_FORMAT}, 4)
    _total_row(ws, cached, budget, max(row, FIRST_ROW), label="A", scheme="B", count="C",
               subtotal="D", last_col=4)
    _print_setup(ws, "D", max(row, FIRST_ROW))


_FORMULA_CELL = re.compile(rb'(<c r="([A-Z]+[0-9]+)"[^>]*>)(<f>.*?</f>)(?:<v></v>|<v/>|<v />)')


def _patch_values(xml: bytes, values: Mapping[str, int | float | str]) -> bytes:
    """Insert cached values after the formulas openpyxl wrote with an empty <v> (text results
    get t="str", as Excel writes them)."""
    def fill(match: re.Match[bytes]) -> bytes:
        value = values.get(match.group(2).decode())
        head = match.group(1)
        if isinstance(value, str):
            text = xml_escape(value).encode()
            if b" t=" not in head:
                head = head[:-1] + b' t="str">'
        else:
            text = b"" if value is None else repr(value).encode()
        return head + match.group(3) + b"<v>" + text + b"</v>"
    return _FORMULA_CELL.sub(fill, xml)


def _rewrite_zip(source: io.BytesIO, target: Path, patch: Callable[[str, bytes], bytes]) -> None:
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            zout.writestr(item, patch(item.filename, zin.read(item.filename)))


def build_workbook(budget: Budget, config: BudgetConfig) -> tuple[Workbook, _Cached]:
    """The openpyxl workbook and the cached values of its formula cells."""
    wb = Workbook()
    parameter = wb.active
    parameter.title = SHEET_PARAMETER
    sheet = wb.create_sheet(SHEET_BUDGET)
    summary = wb.create_sheet(SHEET_SUMMARY)
    by_label = {role.label: role for role in config.roles}
    used = list(dict.fromkeys(by_label[x.role].key for x in budget.lines if x.role in by_label))
    roles = [config.role(key) for key in used]
    suffixes = _parameter_sheet(wb, parameter, config, roles)
    cached = _Cached()
    _budget_sheet(wb, sheet, cached, budget, by_label, suffixes)
    _summary_sheet(summary, cached, budget)
    wb.active = 1
    wb.calculation.fullCalcOnLoad = True
    return wb, cached


def write_budget_workbook(budget: Budget, settings: Settings | None, path: str | Path) -> Path:
    """Write the budget workbook (.xlsx) atomically; return its path."""
    config = budget_config(settings or Settings())
    wb, cached = build_workbook(budget, config)
    sheet_files = {f"xl/worksheets/sheet{i}.xml": ws.title
                   for i, ws in enumerate(wb.worksheets, start=1)}

    def patch(name: str, data: bytes) -> bytes:
        title = sheet_files.get(name)
        return _patch_values(data, cached.values.get(title, {})) if title else data

    raw = io.BytesIO()
    wb.save(raw)
    target = Path(path)
    with atomic_path(target) as tmp:
        _rewrite_zip(raw, tmp, patch)
    return target


