"""The pipeline: Roster -> explicit RuleSet -> Report."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from kpps_xl import __version__
from kpps_xl.findings import Finding, Report, sort_key
from kpps_xl.health.follow_up import follow_up
from kpps_xl.memory import release_after
from kpps_xl.roster.model import Roster, SheetInfo
from kpps_xl.roster.own import SILENT_NOTES
from kpps_xl.rules import ages, duplicates, fields, health, nik, places, teams
from kpps_xl.rules.shared import few_collections, one_run
from kpps_xl.settings import Settings

Rule = Callable[[Roster, Settings], Iterable[Finding]]

RULES: tuple[Rule, ...] = (
    nik.structure,
    nik.consistency,
    ages.check_ages,
    duplicates.dup_nik,
    duplicates.dup_person,
    teams.check_teams,
    places.domicile_outside,
    places.inactive_rows,
    fields.check_cells,
    health.check_screening,
    health.check_certificate,
    health.check_numbers,
)


def sheet_notes(roster: Roster) -> list[Finding]:
    """Info findings: sheets without a recognisable roster, names skipped below the JUMLAH row."""
    notes = [Finding(
        code="row.skipped", severity="info",
        message=f"Baris dilewati: '{name}' berada di bawah baris JUMLAH/tanda tangan tanpa NIK.",
        sheet=info.sheet, row=row, column=info.columns.get("nama"), field="nama", value=name,
        tps=None, file=info.file or None)
        for info in roster.sheets for row, name in info.named_skips]
    notes += [Finding(
        code="sheet.second_table", severity="warning",
        message=(f"Sheet '{info.sheet}' berisi daftar kedua di samping daftar pertama (judul kolom "
                 f"mulai kolom {info.beside}); hanya daftar pertama yang dibaca. Pindahkan daftar "
                 "kedua ke bawah daftar pertama atau ke sheet sendiri."),
        sheet=info.sheet, row=info.header_row, column=info.beside, field=None, value=None,
        tps=None, file=info.file or None)
        for info in roster.sheets if info.beside is not None]
    notes += _gap_notes(roster)
    for info in roster.sheets:
        if info.is_roster and info.note is None or info.note in SILENT_NOTES:
            continue  # kpps-xl's own Temuan/Ringkasan: listed in Report.skipped, no finding
        notes.append(Finding(
            code="sheet.no_roster", severity="info",
            message=f"Sheet '{info.sheet}' dilewati: {info.note or 'bukan daftar petugas'}.",
            sheet=info.sheet, row=None, column=None, field=None, value=None, tps=None,
            file=info.file or None))
    return notes


_GAP_TEXT = {
    "sheet.uncalculated": ("berisi rumus tanpa nilai tersimpan", "; kpps-xl membacanya "
                               "kosong, padahal Excel menampilkan hasil rumusnya. Buka berkas di "
                               "Excel/LibreOffice, simpan ulang, lalu periksa lagi."),
    "sheet.formula_error": ("menampilkan galat rumus Excel", "; kpps-xl membacanya kosong. "
                            "Perbaiki rumusnya (mis. VLOOKUP yang tidak menemukan data memberi "
                            "#N/A) atau ketik nilainya, lalu periksa lagi."),
}


def _gap_notes(roster: Roster) -> list[Finding]:
    """One warning per sheet and kind for cells read empty though Excel shows something
    (formulas with no stored value, Excel errors), counting only the cells of the columns and
    rows the roster read: a hidden helper column or a totals row does not matter."""
    notes = []
    for info in roster.sheets:
        if info.note in SILENT_NOTES or not (info.unvalued[0] or info.errors[0]):
            continue
        rows = set(roster.df["_row"][(roster.df["_file"].fillna("") == info.file)
                                     & (roster.df["_sheet"] == info.sheet)].tolist())
        for code, (total, cells) in (("sheet.uncalculated", info.unvalued),
                                     ("sheet.formula_error", info.errors)):
            kept = [cell for cell in cells if _read_cell(info, cell.split(" ")[0], rows)]
            if kept:
                notes.append(_gap_note(info, code, kept, total > len(cells)))
    return notes


def _read_cell(info: SheetInfo, ref: str, rows: set[int]) -> bool:
    letters = ref.rstrip("0123456789")
    row = int(ref[len(letters):])
    return row in rows and letters in info.letters_at(row).values()


def _gap_note(info: SheetInfo, code: str, cells: list[str], more_unseen: bool) -> Finding:
    what, advice = _GAP_TEXT[code]
    shown = [cell.replace(" ", " (", 1) + ")" if " " in cell else cell for cell in cells[:5]]
    more = f" dan {len(cells) - 5} lainnya" if len(cells) > 5 else ""
    count = f"{'sedikitnya ' if more_unseen else ''}{len(cells)}"
    return Finding(
        code=code, severity="warning",
        message=f"Sheet '{info.sheet}': {count} sel {what} ({', '.join(shown)}{more}){advice}",
        sheet=info.sheet, row=None, column=None, field=None, value=None, tps=None,
        file=info.file or None)


def validate(roster: Roster, settings: Settings | None = None,
             rules: tuple[Rule, ...] = RULES) -> Report:
    """Run every rule and return a Report with findings in sheet/row order."""
    settings = settings or Settings()
    with one_run(roster), few_collections():
        findings = []
        for rule in rules:
            findings.extend(rule(roster, settings))
            release_after(len(roster.df))  # before the next rule allocates (1.5 M rows: ~0.1 GB)
        findings += sheet_notes(roster)
        follow = follow_up(roster, settings)
    findings.sort(key=sort_key)
    skipped = [{"file": s.file, "sheet": s.sheet, "row": row, "reason": reason}
               for s in roster.sheets for row, reason in s.skipped]
    skipped += [{"file": s.file, "sheet": s.sheet, "row": None, "reason": s.note}
                for s in roster.sheets if s.note in SILENT_NOTES]
    return Report(findings=findings, rows=len(roster.df), files=list(roster.files),
                  reference_date=settings.reference_date.isoformat(), version=__version__,
                  skipped=skipped, follow_up=follow)
