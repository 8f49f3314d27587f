"""CLI option and argument declarations shared by several commands (one wording each)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

ConfigOption = Annotated[Path | None, typer.Option(
    "--pengaturan", "--config", "-c", metavar="BERKAS",
    help="Berkas pengaturan kpps-xl.toml (bawaan: ./kpps-xl.toml bila ada).")]

RosterPaths = Annotated[list[Path], typer.Argument(
    help="Berkas daftar petugas (.xlsx/.xlsm/.xls/.csv) atau folder.", metavar="BERKAS",
    show_default=False)]

OptionalRosterPaths = Annotated[list[Path] | None, typer.Argument(
    help="Berkas daftar petugas (.xlsx/.xlsm/.csv) yang sudah diperiksa. Kosongkan bila "
         "semua jumlah orang diisi di [anggaran] pada pengaturan.",
    metavar="BERKAS", show_default=False)]
