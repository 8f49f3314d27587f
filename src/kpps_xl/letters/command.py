"""`kpps-xl letters`: roster(s) + settings -> letters to the Pemda and BPJS with lampiran."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kpps_xl.budget.command import GO_ON_HELP, eligible_or_refuse
from kpps_xl.console import fail, literal, make_console
from kpps_xl.errors import KppsError
from kpps_xl.options import ConfigOption, OptionalRosterPaths

NO_CONFIG = ("Berkas pengaturan kpps-xl.toml tidak ditemukan di folder ini, padahal surat "
             "memerlukan data kantor, penandatangan dan nomor surat. Buat satu dengan "
             "'kpps-xl init' (kpps-xl.toml berkomentar untuk diisi), atau coba dulu dengan "
             "'kpps-xl sample FOLDER' (contoh lengkap), lalu beri --pengaturan FOLDER/kpps-xl.toml.")


def letters_command(
    rosters: OptionalRosterPaths = None,
    config: ConfigOption = None,
    out: Annotated[Path, typer.Option(
        "--keluaran", "--out", "-o", metavar="FOLDER",
        help="Folder tujuan surat (.docx) dan lampiran (.xlsx).")] = Path("surat"),
    pdf: Annotated[bool, typer.Option(
        "--pdf", help="Buat juga PDF dengan LibreOffice (perintah 'soffice' harus ada).")] = False,
    template: Annotated[Path | None, typer.Option(
        "--templat", "--template", "-t", metavar="TEMPLAT", help="Templat .docx Anda sendiri (dipakai untuk semua surat), atau "
                                 "folder berisi surat_pemda.docx, surat_bpjs_ketenagakerjaan.docx, "
                                 "surat_bpjs_kesehatan.docx.")] = None,
    go_on: Annotated[bool, typer.Option("--abaikan-galat", help=GO_ON_HELP)] = False,
) -> None:
    """Buat surat ke Pemda, BPJS Ketenagakerjaan dan BPJS Kesehatan beserta lampiran daftar
    peserta, dari daftar petugas dan pengaturan kantor/surat di kpps-xl.toml."""
    from kpps_xl.eligible import budget_of
    from kpps_xl.letters.render import render_letters, skipped_letters
    from kpps_xl.outputs import refuse_inputs_in_folder
    from kpps_xl.progress import thousands, working
    from kpps_xl.settings import load_settings

    console = make_console()
    refuse_inputs_in_folder(rosters or [], out, "--keluaran", ("surat_*", "lampiran_*"))
    try:
        settings = load_settings(config)
        if settings.source is None:
            raise fail(NO_CONFIG)
        eligible = eligible_or_refuse(list(rosters or []), settings, go_on)
        budget = budget_of(eligible, settings)
        if eligible is None:
            import pandas as pd

            from kpps_xl.roster.model import CANONICAL_COLUMNS, Roster

            roster = Roster(df=pd.DataFrame(columns=list(CANONICAL_COLUMNS)))
        else:
            roster = eligible.roster
        skipped = skipped_letters(budget, settings)
        with working(make_console(stderr=True),
                     f"Menulis surat dan lampiran ({thousands(len(roster.df))} peserta)"):
            written = render_letters(budget, roster, settings, out, pdf=pdf, template=template,
                                     excluded=eligible.excluded if eligible else ())
    except KppsError as exc:
        raise fail(exc) from None
    for message in skipped.values():
        console.print(f"[yellow]{literal(message)}[/yellow]", highlight=False)
    for note in budget.notes:
        console.print(f"[yellow]Catatan: {literal(note)}[/yellow]", highlight=False)
    for path in written:
        console.print(f"Ditulis: {literal(str(path))}", highlight=False)
