"""`kpps-xl budget`: roster(s) + settings -> anggaran.xlsx (and optional JSON)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kpps_xl.console import fail, literal, make_console
from kpps_xl.errors import KppsError
from kpps_xl.options import ConfigOption, OptionalRosterPaths

if TYPE_CHECKING:  # the engine is imported when the command runs, not for --help
    from rich.table import Table

    from kpps_xl.budget.model import Budget
    from kpps_xl.eligible import Eligible
    from kpps_xl.settings import Settings


GO_ON_HELP = ("Lanjutkan walaupun daftar masih bergalat: orang yang datanya bergalat dan salinan "
              "kedua NIK ganda tidak dihitung (sama dengan abaikan_galat = true di "
              "[pemeriksaan]).")


def eligible_or_refuse(paths: list[Path], settings: Settings, go_on: bool) -> Eligible | None:
    """Read and check the rosters (files read on every core, progress on stderr, as check
    does); the eligible people, or exit 1 with the check's summary."""
    from kpps_xl.eligible import RosterHasErrors, eligible_people
    from kpps_xl.progress import CheckProgress
    from kpps_xl.roster import load_roster

    if not paths:
        return None
    try:
        with CheckProgress(make_console(stderr=True), paths) as progress:
            roster = load_roster(paths, settings.reference_date.year,
                                 kabkota=settings.office_area(), on_sheet=progress.on_sheet,
                                 on_file=progress.on_file, workers=None)
            progress.on_stage("rules")
            return eligible_people(roster, settings, go_on=True if go_on else None)
    except RosterHasErrors as exc:
        from rich.markup import escape

        make_console(stderr=True).print(f"[bold red]Berhenti:[/] {escape(str(exc))}")
        raise typer.Exit(1) from None


def write_budget_json(budget: Budget, path: Path) -> Path:
    """Write Budget.to_dict() as UTF-8 JSON atomically."""
    import json

    from kpps_xl.io_utils import atomic_path

    with atomic_path(path) as tmp:
        tmp.write_text(json.dumps(budget.to_dict(), ensure_ascii=False, indent=2) + "\n",
                       encoding="utf-8")
    return path


def _check_target(path: Path, option: str) -> None:
    """Refuse a target that can never become the written file (a folder, a device)."""
    if path.exists() and not path.is_file():
        raise fail(f"{option} {path}: bukan berkas biasa (folder atau perangkat); "
                   f"pilih nama berkas lain.")
    parent = path.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if not parent.is_dir():
        raise fail(f"{option} {path}: {parent} bukan folder.")


def write_outputs(budget: Budget, settings: Settings, out: Path, json_out: Path | None) -> None:
    """Write the JSON (when asked) and then the workbook; any OSError is a clear exit 2.

    Both targets are checked first and the JSON is written first, so a failing --json never
    leaves a new workbook behind; a JSON written by this run is removed if the workbook fails.
    """
    from kpps_xl.budget.workbook import write_budget_workbook

    _check_target(out, "--keluaran")
    if out.suffix.lower() != ".xlsx":
        raise fail(f"--keluaran {out}: buku kerja anggaran selalu berformat Excel .xlsx (berisi "
                   "rumus); beri nama berakhiran .xlsx. Untuk data mentah gunakan --json.")
    if json_out is not None:
        _check_target(json_out, "--json")
    new_json = json_out is not None and not json_out.exists()
    target = json_out
    try:
        if json_out is not None:
            write_budget_json(budget, json_out)
        target = out
        write_budget_workbook(budget, settings, out)
    except OSError as exc:
        if new_json and json_out is not None and target == out:
            json_out.unlink(missing_ok=True)
        from kpps_xl.guard import os_reason

        raise fail(f"Berkas {target} tidak dapat ditulis: {os_reason(exc)}.") from None


def _summary_table(budget: Budget) -> Table:
    from rich.table import Table

    from kpps_xl.budget.money import rupiah

    table = Table(title="Anggaran iuran BPJS per badan")
    for header in ("Badan", "Skema", "Jumlah orang", "Masa (bulan)", "Subtotal"):
        table.add_column(header, justify="left" if header in ("Badan", "Skema") else "right")
    for row in budget.by_body():
        table.add_row(row.body, row.scheme, f"{row.count:,}".replace(",", "."), str(row.months),
                      rupiah(row.subtotal))
    table.add_row("JUMLAH", "", "", "", rupiah(budget.total), style="bold")
    return table


def budget_command(
    rosters: OptionalRosterPaths = None,
    config: ConfigOption = None,
    out: Annotated[Path, typer.Option(
        "--keluaran", "--out", "-o", metavar="BERKAS",
        help="Buku kerja anggaran yang ditulis (.xlsx).")] = Path("anggaran.xlsx"),
    json_out: Annotated[Path | None, typer.Option(
        "--json", metavar="BERKAS",
        help="Tulis juga rincian anggaran (baris dan total) sebagai JSON.")] = None,
    go_on: Annotated[bool, typer.Option("--abaikan-galat", help=GO_ON_HELP)] = False,
) -> None:
    """Hitung anggaran iuran BPJS Ketenagakerjaan dan Kesehatan badan ad hoc, tulis buku kerja
    Excel dengan rumus yang dapat diubah (tarif, jumlah orang, masa kerja)."""
    from kpps_xl.outputs import refuse_overwriting_inputs
    from kpps_xl.settings import load_settings

    console = make_console()
    refuse_overwriting_inputs(rosters or [], [("--keluaran", out)]
                              + ([("--json", json_out)] if json_out is not None else []))
    try:
        settings = load_settings(config)
        eligible = eligible_or_refuse(list(rosters or []), settings, go_on)
        from kpps_xl.eligible import budget_of

        budget = budget_of(eligible, settings)
        if not budget.lines:
            raise fail("Tidak ada petugas yang dapat dianggarkan: berikan berkas daftar petugas, "
                       "atau isi jumlah orang di [anggaran.peran.*] pada kpps-xl.toml "
                       "(contoh lengkap: kpps-xl init, atau kpps-xl sample FOLDER).")
        write_outputs(budget, settings, out, json_out)
    except KppsError as exc:
        raise fail(exc) from None
    console.print(_summary_table(budget))
    from kpps_xl.budget.config import budget_config

    config = budget_config(settings)
    console.print(f"Skema KPPS/Linmas: {config.scheme_preset} ({config.scheme_reason}) Ubah di "
                  f"[anggaran] skema_bawaan.", markup=False)
    for note in budget.notes:
        console.print(f"[yellow]Catatan: {literal(note)}[/yellow]", highlight=False)
    console.print(f"Buku kerja anggaran: {out}", highlight=False)
    if json_out is not None:
        console.print(f"JSON: {json_out}", highlight=False)
