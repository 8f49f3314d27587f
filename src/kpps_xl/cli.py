"""Command line: kpps-xl check | budget | letters | sample | serve."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from kpps_xl.catalogue import CATALOGUE
from kpps_xl.console import fail, make_console
from kpps_xl.errors import KppsError
from kpps_xl.findings import Report
from kpps_xl.settings import load_settings, parse_date

app = typer.Typer(
    help="kpps-xl: periksa daftar KPPS, hitung anggaran BPJS, dan buat surat.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)

_SEVERITY_LABEL = {"error": "[red]Galat[/]", "warning": "[yellow]Peringatan[/]", "info": "[blue]Info[/]"}


def main() -> None:
    """Console-script entry point."""
    app()


def _summary_table(report: Report) -> Table:
    table = Table(title=f"Ringkasan pemeriksaan ({report.rows} baris petugas)")
    table.add_column("Kode")
    table.add_column("Tingkat")
    table.add_column("Temuan")
    table.add_column("Jumlah", justify="right")
    levels = {f.code: f.severity for f in report.findings}  # [kesehatan] may change a level
    for code, count in report.by_code().items():
        entry = CATALOGUE[code]
        table.add_row(code, _SEVERITY_LABEL[levels[code]], entry.title, str(count))
    return table


def _findings_table(report: Report, limit: int) -> Table:
    shown = [f for f in report.findings
             if f.severity != "info" and not CATALOGUE[f.code].sensitive][:limit]
    several = len(report.files) > 1
    table = Table(title=f"{len(shown)} temuan pertama (NIK disamarkan)")
    table.add_column("Lokasi", no_wrap=True)
    table.add_column("Kode", no_wrap=True)
    table.add_column("Pesan", overflow="fold", ratio=1)
    for f in shown:
        place = f"{f.sheet}!{f.column}{f.row}" if f.column else f"{f.sheet} baris {f.row or '-'}"
        if several and f.file:
            place = f"{Path(f.file).name}: {place}"
        table.add_row(place, f.code, f.message)
    return table


def _annotate_targets(files: list[str], annotate: Path) -> list[tuple[Path, Path]]:
    sources = [Path(f) for f in files if Path(f).suffix.lower() in (".xlsx", ".xlsm")]
    if annotate.suffix.lower() in (".xlsx", ".xlsm"):
        if len(files) > 1:
            raise KppsError("Beberapa berkas diperiksa: --annotate harus berupa folder, "
                            f"bukan berkas {annotate.name}.")
        return [(sources[0], annotate)] if sources else []
    return [(src, annotate / f"{src.stem}-diperiksa{src.suffix}") for src in sources]


def _write_outputs(console: Console, report: Report, out_json: Path | None, junit: Path | None,
                   annotate: Path | None) -> None:
    from kpps_xl.io_utils import atomic_path
    from kpps_xl.report_json import write_report

    if out_json:
        with atomic_path(out_json) as tmp:
            write_report(report, tmp)
        console.print(f"Laporan JSON: {out_json}")
    if junit:
        from kpps_xl.workbook.junit import write_junit

        write_junit(report, junit)
        console.print(f"Laporan JUnit: {junit}")
    if annotate:
        from kpps_xl.workbook import annotate as annotate_copy

        targets = _annotate_targets(report.files, annotate)
        if not targets:
            console.print("[yellow]Salinan bertanda hanya dapat dibuat dari berkas .xlsx/.xlsm.[/]")
        for source, target in targets:
            annotate_copy(source, report, target)
            console.print(f"Salinan bertanda: {target}")


@app.command("check", no_args_is_help=True)
def check_command(
    paths: Annotated[list[Path], typer.Argument(help="Berkas .xlsx/.xlsm/.xls/.csv atau folder berisi berkas tersebut.", show_default=False)],
    report: Annotated[Path | None, typer.Option("--report", help="Tulis laporan JSON ke berkas ini.")] = None,
    junit: Annotated[Path | None, typer.Option("--junit", help="Tulis laporan JUnit XML (untuk CI).")] = None,
    annotate: Annotated[Path | None, typer.Option("--annotate", help="Tulis salinan bertanda (.xlsx); untuk beberapa berkas: sebuah folder.")] = None,
    reference_date: Annotated[str | None, typer.Option("--reference-date", help="Tanggal acuan usia, TTTT-BB-HH (bawaan: 2024-02-14, hari pemungutan suara).")] = None,
    config: Annotated[Path | None, typer.Option("--config", help="Berkas pengaturan kpps-xl.toml.")] = None,
    region: Annotated[str | None, typer.Option("--kode-wilayah", help="Kode kabupaten/kota kantor (4 digit), mis. 1706.")] = None,
    limit: Annotated[int, typer.Option("--tampil", help="Jumlah temuan yang ditampilkan di layar.")] = 20,
) -> None:
    """Periksa daftar KPPS: NIK, usia, petugas ganda, dan susunan TPS.

    Kode keluar: 0 = tidak ada galat, 1 = ada galat, 2 = berkas tidak dapat diperiksa.
    """
    from kpps_xl.api import check
    from kpps_xl.settings import _region

    console = make_console()
    try:
        settings = load_settings(config).with_overrides(
            reference_date=parse_date(reference_date, "--reference-date") if reference_date else None,
            region_code=_region(region) if region else None,
        )
        with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                      console=console, transient=True) as progress:
            task = progress.add_task("Membaca berkas...", total=None)

            def on_sheet(file: str, sheet: str) -> None:
                progress.update(task, description=f"Membaca {Path(file).name} / {sheet}")

            result = check(paths, settings, on_sheet=on_sheet)
            progress.update(task, description="Menulis hasil...")
            _write_outputs(console, result, report, junit, annotate)
    except KppsError as exc:
        raise fail(exc) from None
    except OSError as exc:
        raise fail(f"Berkas hasil tidak dapat ditulis ({exc.strerror or exc}): "
                   f"{exc.filename or ''}") from None
    if result.findings:
        console.print(_summary_table(result))
        console.print(_findings_table(result, limit))
        hidden = sum(1 for f in result.findings if CATALOGUE[f.code].sensitive)
        if hidden:
            console.print(f"{hidden} temuan data kesehatan tidak ditampilkan di layar "
                          "(UU 27/2022); rinciannya di --report / --annotate.")
    verdict = "[red]ADA GALAT[/]" if result.errors else "[green]TIDAK ADA GALAT[/]"
    console.print(f"{verdict}: {result.errors} galat, {result.warnings} peringatan, "
                  f"{result.rows} baris diperiksa, acuan usia {result.reference_date}.")
    raise typer.Exit(1 if result.errors else 0)


@app.command("sample")
def sample_command(
    outdir: Annotated[Path, typer.Argument(help="Folder tujuan contoh berkas.")] = Path("contoh-kpps"),
) -> None:
    """Tulis contoh daftar KPPS sintetis (tanpa data pribadi asli) untuk dicoba."""
    from kpps_xl.samples import write_samples

    console = make_console()
    try:
        written = write_samples(outdir)
    except (KppsError, OSError) as exc:
        raise fail(exc) from None
    for path in written:
        console.print(f"Ditulis: {path}")


# --- Commands implemented in their own modules: one import + one registration line each. ---
from kpps_xl.budget.command import budget_command  # noqa: E402

app.command("budget")(budget_command)
from kpps_xl.letters.command import letters_command  # noqa: E402

app.command("letters")(letters_command)
from kpps_xl.excel.serve import serve_command  # noqa: E402

app.command("serve")(serve_command)
from kpps_xl.health.command import follow_up_command  # noqa: E402
from kpps_xl.health.export import export_app  # noqa: E402

app.command("tindak-lanjut")(follow_up_command)
app.add_typer(export_app, name="export")
