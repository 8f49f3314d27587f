"""The four ribbon scripts, written against xlwings' remote-safe API (values only)."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

from kpps_xl.eligible import EXCEL_HINT, budget_of, eligible_people
from kpps_xl.errors import KppsError
from kpps_xl.excel import book as xb
from kpps_xl.excel import marknames, marks, output, temuan
from kpps_xl.excel.budget_target import BUDGET_SHEETS, write_budget_sheets
from kpps_xl.excel.cells import VBA_MAX_ROWS
from kpps_xl.excel.survey import RunInfo, SheetSurvey, parse_info, survey_text
from kpps_xl.findings import Report
from kpps_xl.guard import EXIT_INTERNAL, explain
from kpps_xl.roster import merge
from kpps_xl.settings import Settings

TITLE = "KPPS"
logger = logging.getLogger(__name__)


def number(value: int) -> str:
    """Indonesian thousands separator: 33.439."""
    return f"{value:,}".replace(",", ".")


def alert(book: Any, message: str, critical: bool = False) -> None:
    """Show a message box (one action)."""
    book.app.alert(message, title=TITLE, buttons="ok", mode="critical" if critical else "info")


INTERNAL_ERROR = ("Terjadi kesalahan di dalam kpps-xl (kode 3), bukan pada data Anda. Catatan "
                  "teknis ada di jendela server; laporkan bersama berkasnya (tanpa data pribadi).")


def shows_errors(script: Callable[..., None]) -> Callable[..., None]:
    """The Excel front door of the one guarded entry (kpps_xl.guard): a refused input,
    setting or letter becomes its Indonesian message naming the file/sheet, an internal failure
    the internal-error alert; the masked traceback goes to the log, never an English 500."""

    @functools.wraps(script)
    def wrapper(book: Any, *args: Any) -> None:
        try:
            script(book, *args)
        except Exception as exc:
            _discard_actions(book)  # all or nothing: no half-painted marks without names
            refusal = explain(exc)
            logger.error("Excel script %s refused (code %s): %s", script.__name__, refusal.code,
                         refusal.detail)
            text = INTERNAL_ERROR if refusal.code == EXIT_INTERNAL else refusal.message
            alert(book, text or "Terjadi kesalahan pada data atau pengaturan.", critical=True)

    return wrapper


def _discard_actions(book: Any) -> None:
    """Drop the actions a remote script queued before it failed (the client applies the
    list only after Python answers); a desktop (COM) book has none, its calls are live."""
    try:
        queued = book.json().get("actions")
    except (AttributeError, NotImplementedError, TypeError):
        return
    if isinstance(queued, list):
        queued.clear()


BOOK_LOCKED = ("Buku kerja ini dilindungi (Tinjau > Lindungi Buku Kerja), jadi add-in KPPS tidak "
               "dapat menambah atau menghapus lembar. Buka proteksinya, lalu jalankan lagi.")


def locked_note(sheets: list[str], clearing: bool = False) -> str:
    """Closing note for protected sheets whose cells Excel would not let us colour or clear."""
    names = ", ".join(f"'{name}'" for name in sheets)
    then = ("tandanya tetap sampai Anda membuka proteksi lembar (Tinjau > Buka Proteksi Lembar) "
            "dan menekan Hapus Tanda lagi." if clearing else
            "temuannya tetap ada di lembar Temuan. Buka proteksi lembar (Tinjau > Buka Proteksi "
            "Lembar), lalu jalankan lagi.")
    return f"Lembar dilindungi, warnanya tidak diubah: {names}; {then}"


def size_problem(book: Any, info: RunInfo | None = None) -> str | None:
    """Indonesian refusal when the workbook is too big for the calling client, or its
    structure is protected (no sheet can be added), else None."""
    if info is not None and info.book_locked:
        return BOOK_LOCKED
    if info is not None and info.too_big:
        return web_too_big_message(info.too_big)
    if marks.client_of(book) == "VBA":
        name, rows = xb.longest_sheet(book)
        if rows > VBA_MAX_ROWS:
            return (f"Lembar '{name}' berisi {number(rows)} baris, lebih dari batas "
                    f"{number(VBA_MAX_ROWS)} baris tombol VBA (RunServerPython). Gunakan add-in "
                    "KPPS di Excel (tab KPPS dari server), tombol desktop kpps-xl.xlam, atau "
                    "'kpps-xl check' di komputer; atau bagi lembar per kecamatan.")
    return None


def web_too_big_message(items: tuple[dict[str, Any], ...]) -> str:
    """Message for the sheets ribbon.js refused to send ({sheet, mb} each)."""
    try:
        names = ", ".join(f"'{i['sheet']}' (~{float(i['mb']):.1f} MB)".replace(".", ",")
                          for i in items)
    except (KeyError, TypeError, ValueError):
        names = "lembar aktif"
    return (f"Data terlalu besar untuk Excel di web: {names}. Excel di web hanya dapat mengirim "
            "sekitar 5 MB sekali jalan. Bagi lembar per kecamatan/kelurahan (masing-masing di "
            "bawah ~5 MB), atau buka berkas di Excel desktop, atau jalankan 'kpps-xl check'.")


def no_roster_message(survey: SheetSurvey | None = None) -> str:
    """Message when no sheet holds a roster table (with every sheet's reason)."""
    text = ("Tidak ditemukan daftar petugas: tidak ada lembar dengan baris judul kolom berisi "
            "'Nama' dan 'NIK'. Pastikan judul kolom ada di atas tabel, lalu coba lagi.")
    return text + (" " + survey_text(survey) if survey and survey.skipped else "")


def summary_message(report: Report, settings: Settings, shown: int,
                    survey: SheetSurvey | None = None) -> str:
    """Closing message of Periksa Data (ends with the sheets checked and skipped)."""
    text = _summary(report, settings, shown)
    return text + (" " + survey_text(survey) if survey else "")


def _summary(report: Report, settings: Settings, shown: int) -> str:
    date = settings.reference_date.strftime("%d-%m-%Y")
    text = (f"Pemeriksaan selesai (tanggal acuan {date}): {number(report.rows)} baris, "
            f"{number(report.errors)} galat, {number(report.warnings)} peringatan.")
    if not report.findings:
        return text + " Tidak ada temuan."
    text += " Sel merah = galat, kuning = peringatan; daftar lengkap di lembar Temuan."
    if shown < len(report.findings):
        text += f" Lembar Temuan memuat {number(shown)} dari {number(len(report.findings))} temuan."
    return text


def _columns_of(roster: Any) -> dict[str, dict[str, str]]:
    return {info.sheet: dict(info.columns) for info in roster.sheets}


def _values_of(book: Any) -> Callable[[str], list[list[Any]]]:
    """A sheet's current values by name ([] for a sheet that is gone or was not sent)."""
    return lambda name: xb.sheet_values(book.sheets[name]) if xb.has_sheet(book, name) else []


def _old_marks(book: Any) -> dict[str, set[tuple[int, int]]]:
    """Cells the last run coloured, where they are now: the KPPS_TANDA_* names Excel keeps up
    to date through row/column edits (and the rows' fingerprints through a sort); a Temuan
    sheet from before names were used otherwise."""
    marked = marknames.marked_by_names(book, _values_of(book))
    if marked or not xb.has_sheet(book, temuan.SHEET):
        return marked
    values = xb.sheet_values(book.sheets[temuan.SHEET])
    values_of = _values_of(book)
    return temuan.marked_cells(values, xb.sheet_names(book),
                               lambda name: max((len(r) for r in values_of(name)), default=0))


def _keep_marks(book: Any, marked: dict[str, set[tuple[int, int]]],
                originals: marknames.Fills | None = None) -> None:
    """The one marks store: names over the marked cells, the marked rows' fingerprints and
    the marked cells' own fills (not for the VBA client, which sends names without their
    definitions)."""
    vba = marks.client_of(book) == "VBA"
    values_of = _values_of(book)
    keys = () if vba else marknames.row_keys(marked, values_of)
    kept = (set() if vba or not originals
            else marknames.original_entries(marked, originals, values_of))
    places = {} if vba or not originals else {
        s: {c: f for c, f in cells.items() if c in marked.get(s, ())}
        for s, cells in originals.items()}
    marknames.replace_names(book, marked, keys, kept, places)


def _stored_originals(book: Any, old: dict[str, set[tuple[int, int]]]) -> marknames.Fills:
    """The own fill each old mark covered, as the last run kept it (KPPS_ASLI_* fingerprints,
    KPPS_ASLIW_* places)."""
    entries = marknames.stored_keys(book, marknames.ORIGINAL_PREFIX)
    places = marknames.stored_places(book)
    if not entries and not places:
        return {}
    return marknames.originals_of(old, entries, _values_of(book), marknames.stored_keys(book),
                                  places)


def _ours(colour: str | None) -> bool:
    return colour is not None and colour.upper() in marks.OUR_FILLS


def _fills(old: dict[str, set], new: dict[str, dict], originals: marknames.Fills | None = None,
           now: marknames.Fills | None = None) -> dict[str, dict[tuple[int, int], Any]]:
    """Old marks given back their own fill (the stored original, else none) unless marked
    again; new marks coloured. Where ribbon.js read a sheet's fills (`now`), an old mark that
    no longer shows our colour (the clerk recoloured or cleared it) is left as it is."""
    originals, now = originals or {}, now or {}
    out: dict[str, dict[tuple[int, int], Any]] = {}
    for sheet, cells in old.items():
        seen = now.get(sheet)
        back = originals.get(sheet, {})
        out[sheet] = {cell: back.get(cell) for cell in cells
                      if seen is None or _ours(seen.get(cell))}
    for sheet, cells in new.items():
        out.setdefault(sheet, {}).update(cells)
    return out


def _hex(colour: Any) -> str | None:
    """'#RRGGBB' of what xlwings' COM Range.color gives, an (r, g, b) tuple; None for none."""
    if isinstance(colour, tuple | list) and len(colour) == 3:
        return "#{:02X}{:02X}{:02X}".format(*(int(c) for c in colour))
    if isinstance(colour, str) and colour.startswith("#") and len(colour) == 7:
        return colour.upper()
    return None


def fills_now(book: Any, info: RunInfo, *cell_sets: dict[str, Any]) -> marknames.Fills:
    """The fills of the cells kpps-xl is about to mark or clear, as the clerk sees them now:
    ribbon.js reads them (Office.js); a desktop (COM) book is asked cell by cell; other clients
    (VBA, xlwings Lite) cannot tell, so {} (their marks clear to no fill, as before)."""
    if info.fills or marks.client_of(book) != "COM":
        return info.fills
    out: marknames.Fills = {}
    for sheet in {s for cells in cell_sets for s in cells}:
        if not xb.has_sheet(book, sheet):
            continue
        ws, seen = book.sheets[sheet], out.setdefault(sheet, {})
        for row, col in {c for cells in cell_sets for c in cells.get(sheet, ())}:
            colour = _hex(ws.range((row, col)).color)
            if colour is not None and colour != "#FFFFFF":
                seen[(row, col)] = colour
    return out


def _new_originals(old: dict[str, set], new: dict[str, dict], stored: marknames.Fills,
                   now: marknames.Fills) -> marknames.Fills:
    """The own fill under each new mark: read from the sheet where it shows one that is not
    ours (a newly marked cell, or one the clerk recoloured since), else kept from the last run
    for a cell marked again."""
    out: marknames.Fills = {}
    for sheet, cells in new.items():
        seen, before, kept = now.get(sheet), old.get(sheet, set()), stored.get(sheet, {})
        for cell in cells:
            current = seen.get(cell) if seen is not None else None
            if current is not None and not _ours(current):
                out.setdefault(sheet, {})[cell] = current
            elif cell in before and cell in kept and (seen is None or current is not None):
                out.setdefault(sheet, {})[cell] = kept[cell]
    return out


def _paint_all(book: Any, fills: dict[str, dict], names: list[str]) -> int:
    strategy = marks.strategy_for(marks.client_of(book))
    return sum(marks.paint(book, s, cells, strategy) for s, cells in fills.items() if s in names)


def _restore_active(book: Any, name: str) -> None:
    if xb.has_sheet(book, name):
        book.sheets[name].activate()


def _roster_parts_or_alert(book: Any, info: RunInfo, survey: SheetSurvey) -> list | None:
    """Roster parts of the book, or None after telling the user why there are none."""
    problem = size_problem(book, info)
    if problem:
        alert(book, problem, critical=True)
        return None
    parts = xb.roster_parts(book, xb.excel_settings(book), survey, info)
    if not parts:
        alert(book, no_roster_message(survey), critical=True)
        return None
    return parts


@shows_errors
def periksa_roster(book: Any, lembar: str = "") -> None:
    """Periksa Data: tandai sel bermasalah di tempat (merah = galat, kuning = peringatan) dan
    tulis lembar "Temuan" berisi setiap temuan dengan tautan ke selnya."""
    from kpps_xl.validate import validate

    info, survey = parse_info(lembar), SheetSurvey()
    problem = size_problem(book, info)
    if problem:
        alert(book, problem, critical=True)
        return
    output.ensure_own_sheet(book, temuan.SHEET)
    settings = xb.excel_settings(book)
    parts = xb.roster_parts(book, settings, survey, info)
    if not parts:
        alert(book, no_roster_message(survey), critical=True)
        return
    roster = merge(parts)
    report = validate(roster, settings)
    active = book.sheets.active.name
    columns_of = _columns_of(roster)
    new = marks.worst_fill(report.findings, columns_of)
    old = _old_marks(book)
    locked = _locked(book, info)
    stored = _stored_originals(book, old)
    now = fills_now(book, info, old, new)
    _paint_all(book, _fills(old, new, stored, now),
               [n for n in xb.sheet_names(book) if n not in locked])
    originals = _new_originals(old, new, stored, now)
    for sheet in locked:
        originals[sheet] = stored.get(sheet, {})
    _keep_marks(book, {**{s: set(c) for s, c in new.items() if s not in locked},
                       **{s: old[s] for s in locked if old.get(s)}}, originals)
    rows = temuan.table(report.findings, columns_of)
    output.replace_sheet(book, temuan.SHEET, rows, link_column=temuan.CELL_COL)
    _restore_active(book, active)
    untouched = [s for s in xb.sheet_names(book) if s in locked and (new.get(s) or old.get(s))]
    alert(book, summary_message(report, settings, min(len(report.findings), temuan.MAX_ROWS),
                                survey) + (" " + locked_note(untouched) if untouched else ""))


def _locked(book: Any, info: RunInfo) -> set[str]:
    """The book's sheets ribbon.js found protected (as the book spells them)."""
    return {name for name in (xb.sheet_named(book, s) for s in info.locked) if name}


@shows_errors
def hapus_tanda(book: Any, lembar: str = "") -> None:
    """Hapus Tanda: kembalikan warna sel yang ditandai dan hapus lembar "Temuan";
    isi data tidak diubah."""
    info = parse_info(lembar)
    has_temuan = xb.has_sheet(book, temuan.SHEET)
    if not has_temuan and not marknames.our_names(book):
        alert(book, "Tidak ada tanda untuk dihapus: lembar Temuan tidak ditemukan.")
        return
    if info.book_locked:
        alert(book, BOOK_LOCKED, critical=True)
        return
    if not output.is_own_sheet(book, temuan.SHEET):
        raise KppsError(output.foreign_sheet_message(xb.sheet_named(book, temuan.SHEET) or ""))
    old = _old_marks(book)
    locked = _locked(book, info)
    names = [n for n in xb.sheet_names(book) if n not in locked]
    stored = _stored_originals(book, old)
    fills = _fills(old, {}, stored, fills_now(book, info, old))
    _paint_all(book, fills, names)
    left = {s: old[s] for s in locked if old.get(s)}
    # a protected sheet's marks (and the fills under them) stay known until it can be cleared
    _keep_marks(book, left, {s: stored.get(s, {}) for s in left})
    typed = output.clerk_cell(book, temuan.SHEET) if has_temuan else None
    if has_temuan and typed is None:
        book.sheets[temuan.SHEET].delete()
    cells = sum(len(v) for s, v in fills.items() if s in names)
    note = (" " + locked_note([s for s in xb.sheet_names(book) if s in left], clearing=True)
            if left else "")
    if typed is None:
        alert(book, f"Tanda pada {number(cells)} sel dan lembar Temuan sudah dihapus.{note}")
    else:
        alert(book, f"Tanda pada {number(cells)} sel sudah dihapus. Lembar Temuan tidak dihapus "
              f"karena berisi tulisan Anda (mis. sel {typed}); hapus sendiri bila tidak perlu."
              + note)


@shows_errors
def hitung_anggaran(book: Any, lembar: str = "") -> None:
    """Hitung Anggaran: hitung iuran BPJS petugas dari daftar di buku kerja ini dan tulis
    lembar Parameter, Anggaran dan Rekap (rumus Excel tetap hidup: ubah tarif di Parameter atau
    jumlah orang, semua total ikut berubah)."""
    survey, info = SheetSurvey(), parse_info(lembar)
    parts = _roster_parts_or_alert(book, info, survey)
    if parts is None:
        return
    for name in BUDGET_SHEETS:
        output.ensure_own_sheet(book, name)
    settings = xb.excel_settings(book)
    eligible = eligible_people(merge(parts), settings, hint=EXCEL_HINT)
    budget = budget_of(eligible, settings)
    active = book.sheets.active.name
    kept, backups = write_budget_sheets(book, budget, settings, budget_formulas(book, info))
    _restore_active(book, active)
    total = (f"Anggaran dihitung: total Rp{number(budget.total)}." if not kept else
             f"Anggaran dihitung. Nilai yang Anda ubah di lembar Parameter dipertahankan "
             f"({', '.join(sorted(kept))}); total di lembar Anggaran dihitung Excel dengan nilai "
             f"itu (dengan nilai bawaan: Rp{number(budget.total)}).")
    alert(book, f"{total} Lembar Parameter (tarif, bisa diubah), Anggaran dan Rekap memakai "
          "rumus yang sama dengan 'kpps-xl budget'." + backup_note(backups)
          + "".join(f" {note}" for note in eligible.notes) + " " + survey_text(survey))


def backup_note(backups: list[tuple[str, str]]) -> str:
    """' Lembar yang Anda ubah disimpan: ...' for the budget sheets kept under a backup name."""
    if not backups:
        return ""
    kept = ", ".join(f"'{name}' menjadi '{backup}'" for name, backup in backups)
    return (f" Lembar yang Anda ubah sejak hitungan terakhir disimpan utuh: {kept}; hapus bila "
            "tidak diperlukan lagi.")


def budget_formulas(book: Any, info: RunInfo) -> dict[str, list[list[Any]]]:
    """Formulas-or-values of the budget sheets: sent by ribbon.js, read from a desktop (COM)
    book; {} for clients that cannot tell (VBA, xlwings Lite: edits there are not known)."""
    if info.formulas or marks.client_of(book) != "COM":
        return info.formulas
    out = {}
    for name in filter(None, (xb.sheet_named(book, n) for n in BUDGET_SHEETS)):
        sheet = book.sheets[name]
        last = sheet.used_range.last_cell
        grid = sheet.range((1, 1), (last.row, last.column)).formula
        out[name] = [[grid]] if not isinstance(grid, tuple | list) else [
            list(r) if isinstance(r, tuple | list) else [r] for r in grid]
    return out


@shows_errors
def buat_surat(book: Any, lembar: str = "") -> None:
    """Buat Surat: buat surat pengajuan anggaran BPJS (.docx) dan lampirannya dari daftar di
    buku kerja ini; lembar "Surat" berisi tautan ke setiap berkas."""
    from kpps_xl.letters import render_letters

    survey = SheetSurvey()
    parts = _roster_parts_or_alert(book, parse_info(lembar), survey)
    if parts is None:
        return
    output.ensure_own_sheet(book, xb.SURAT)
    settings = xb.excel_settings(book)
    eligible = eligible_people(merge(parts), settings, hint=EXCEL_HINT)
    budget = budget_of(eligible, settings)
    folder = output.letters_folder(book)
    paths = render_letters(budget, eligible.roster, settings, folder.path,
                           excluded=eligible.excluded)
    active = book.sheets.active.name
    output.write_letter_links(book, paths, folder)
    _restore_active(book, active)
    alert(book, f"{len(paths)} berkas surat dibuat di {folder.shown}. Lihat lembar Surat."
          + "".join(f" {note}" for note in eligible.notes) + " " + survey_text(survey))
