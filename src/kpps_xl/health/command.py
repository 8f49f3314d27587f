"""`kpps-xl tindak-lanjut`: the health follow-up list (Tindak Lanjut) as its own workbook."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from kpps_xl.console import fail, make_console
from kpps_xl.errors import KppsError
from kpps_xl.io_utils import atomic_path
from kpps_xl.options import ConfigOption, RosterPaths
from kpps_xl.settings import load_settings, parse_date


def write_follow_up_workbook(follow_up, source_name: str, reference_date: str,  # noqa: ANN001
                             out: Path) -> Path:
    """A workbook holding only the "Tindak Lanjut" sheet (the list sent to Dinkes and BPJS)."""
    from openpyxl import Workbook

    from kpps_xl.workbook.follow_up import write_follow_up_sheet

    wb = Workbook()
    wb.remove(wb.active)
    write_follow_up_sheet(wb, follow_up, source_name, reference_date, sheet_names=set())
    with atomic_path(out) as tmp:
        wb.save(tmp)
    return out


def follow_up_command(
    paths: RosterPaths,
    out: Annotated[Path, typer.Option(
        "--keluaran", "--out", "-o", metavar="BERKAS",
        help="Buku kerja Tindak Lanjut yang ditulis (.xlsx).")] = Path("tindak-lanjut.xlsx"),
    json_out: Annotated[Path | None, typer.Option(
        "--json", metavar="BERKAS", help="Tulis juga daftar tindak lanjut sebagai JSON.")] = None,
    config: ConfigOption = None,
    reference_date: Annotated[str | None, typer.Option(
        "--tanggal-acuan", "--reference-date", metavar="TTTT-BB-HH",
        help="Tanggal acuan usia.")] = None,
) -> None:
    """Tulis daftar Tindak Lanjut kesehatan per kecamatan dan TPS: siapa yang belum skrining,
    siapa yang berisiko, siapa yang belum punya JKN aktif (untuk Dinas Kesehatan/Puskesmas dan
    BPJS Kesehatan).

    Data kesehatan adalah data pribadi spesifik (UU 27/2022): nama dan hasilnya hanya ditulis ke
    berkas, tidak pernah ke layar.
    """
    from kpps_xl.api import check
    from kpps_xl.guard import located
    from kpps_xl.outputs import refuse_overwriting_inputs

    console = make_console()
    refuse_overwriting_inputs(paths, [("--keluaran", out)] + (
        [("--json", json_out)] if json_out is not None else []), {"--keluaran": "tindak-lanjut"})
    try:
        settings = load_settings(config).with_overrides(
            reference_date=parse_date(reference_date, "--reference-date") if reference_date
            else None)
        report = check(paths, settings)
        follow_up = report.follow_up
        if follow_up is None:
            raise fail("Daftar tidak memuat kolom hasil skrining maupun status JKN, jadi tidak "
                       "ada yang dapat ditindaklanjuti. Tambahkan kolom 'Hasil Skrining' dan/atau "
                       "'Status JKN'.")
        names = ", ".join(Path(f).name for f in report.files)
        if json_out is not None:
            with located(json_out, writing=True, kinds=(OSError,)), atomic_path(json_out) as tmp:
                tmp.write_text(json.dumps(follow_up.to_dict(), ensure_ascii=False, indent=1)
                               + "\n", encoding="utf-8")
        with located(out, writing=True, kinds=(OSError,)):
            write_follow_up_workbook(follow_up, names, report.reference_date, out)
    except KppsError as exc:
        raise fail(exc) from None
    totals = follow_up.totals()
    console.print(
        f"Tindak lanjut: {totals['people']} dari {totals['officers']} petugas aktif perlu "
        f"ditindaklanjuti ({totals['not_screened']} belum skrining, {totals['at_risk']} "
        f"berisiko, {totals['no_active_jkn']} tanpa JKN aktif).")
    console.print("Nama dan data kesehatan tidak ditampilkan di layar (UU 27/2022); rinciannya "
                  f"(RAHASIA) di: {out}")
    if json_out is not None:
        console.print(f"JSON: {json_out}")

