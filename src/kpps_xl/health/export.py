"""`kpps-xl export bpjs-tk`: the BPJS Ketenagakerjaan mass-enrolment file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kpps_xl.clikit import KppsCommand, KppsGroup
from kpps_xl.console import fail, make_console
from kpps_xl.errors import KppsError
from kpps_xl.options import ConfigOption, RosterPaths
from kpps_xl.settings import load_settings

export_app = typer.Typer(cls=KppsGroup, help="Ekspor berkas unggahan (BPJS Ketenagakerjaan).",
                         no_args_is_help=True, rich_markup_mode=None)


@export_app.command("bpjs-tk", cls=KppsCommand, no_args_is_help=True)
def bpjs_tk_command(
    paths: RosterPaths,
    out: Annotated[Path, typer.Option(
        "--keluaran", "--out", "-o", metavar="BERKAS",
        help="Berkas peserta yang ditulis (.xlsx).")] = Path("peserta-bpjs-tk.xlsx"),
    config: ConfigOption = None,
) -> None:
    """Tulis berkas peserta untuk pendaftaran massal BPJS Ketenagakerjaan: NIK (teks), nama,
    tempat/tanggal lahir, jenis kelamin, alamat, no HP, tanggal mulai/selesai dan upah.

    Hanya petugas aktif yang datanya tanpa galat dan NIK-nya sekali yang diekspor; yang lain
    dicantumkan dengan alasannya di lembar "Tidak Diekspor". Susunan kolom diatur di
    [ekspor.bpjs_tk] pada kpps-xl.toml.
    """
    from kpps_xl.guard import located
    from kpps_xl.health.enrolment import build_enrolment, write_enrolment
    from kpps_xl.outputs import refuse_overwriting_inputs
    from kpps_xl.roster import load_roster
    from kpps_xl.validate import validate

    console = make_console()
    # the upload list has Nama and NIK columns: in an input folder it would be read as a roster
    refuse_overwriting_inputs(paths, [("--keluaran", out)], {"--keluaran": None})
    try:
        settings = load_settings(config)
        if out.suffix.lower() != ".xlsx":
            raise fail(f"--out {out}: berkas peserta harus berekstensi .xlsx.")
        roster = load_roster(paths, settings.reference_date.year)
        report = validate(roster, settings)
        enrolment = build_enrolment(roster, report, settings)
        with located(out, writing=True, kinds=(OSError,)):
            write_enrolment(enrolment, out)
    except KppsError as exc:
        raise fail(exc) from None
    layout = enrolment.layout
    console.print(f"Peserta BPJS Ketenagakerjaan: {len(enrolment.rows)} orang ditulis ke {out} "
                  f"(lembar {layout.sheet}; mulai {layout.start:%d-%m-%Y}).")
    if enrolment.excluded:
        console.print(f"[yellow]{len(enrolment.excluded)} orang tidak diekspor; nama dan "
                      f"alasannya di lembar 'Tidak Diekspor'.[/yellow]")
