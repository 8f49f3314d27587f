"""Command line: kpps-xl check | budget | letters | sample | init | serve."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kpps_xl.clikit import DEBUG_KEY, KppsCommand, KppsGroup
from kpps_xl.options import ConfigOption

if TYPE_CHECKING:
    from rich.console import Console

    from kpps_xl.findings import Report

# Heavy modules (pandas, openpyxl, rich, the engine) are imported inside the commands, so
# `kpps-xl --help` starts fast (benchmarks/bench_startup.py).

app = typer.Typer(
    cls=KppsGroup,
    help="kpps-xl: periksa daftar KPPS, hitung anggaran BPJS, dan buat surat.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)

EXIT_CODES_HELP = """\b
Kode keluar:
  0 = tidak ada galat
  1 = ada galat di daftar petugas
  2 = berkas tidak dapat diperiksa (tidak ada, rusak, terkunci, atau ditolak)
  3 = kesalahan internal kpps-xl (jalankan dengan kpps-xl --debug lalu laporkan)"""


def main() -> None:
    """Console-script entry point."""
    app()


def _show_version(value: bool) -> None:
    if value:
        from kpps_xl import __version__

        typer.echo(f"kpps-xl {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    version: Annotated[bool, typer.Option(
        "--versi", "--version", help="Tampilkan versi kpps-xl lalu keluar.",
        callback=_show_version, is_eager=True)] = False,
    debug: Annotated[bool, typer.Option(
        "--debug", help="Bila gagal, tampilkan juga rincian teknis (traceback).")] = False,
) -> None:
    """kpps-xl: periksa daftar KPPS, hitung anggaran BPJS, dan buat surat."""
    ctx.meta[DEBUG_KEY] = debug


def _annotate_targets(files: list[Path], annotate: Path) -> list[tuple[Path, Path]]:
    from kpps_xl.errors import KppsError
    from kpps_xl.io_utils import fit_name
    from kpps_xl.outputs import ANNOTATED_SUFFIX

    sources = [f for f in files if f.suffix.lower() in (".xlsx", ".xlsm")]
    if annotate.suffix.lower() in (".xlsx", ".xlsm"):
        if len(files) > 1:
            raise KppsError("Beberapa berkas diperiksa: --tandai harus berupa folder, "
                            f"bukan berkas {annotate.name}.")
        return [(sources[0], annotate)] if sources else []
    return [(src, annotate / fit_name(src.stem, f"{ANNOTATED_SUFFIX}{src.suffix}"))
            for src in sources]


def _write_outputs(console: Console, report: Report, out_json: Path | None, junit: Path | None,
                   targets: list[tuple[Path, Path]], annotate: Path | None) -> None:
    from kpps_xl.guard import located
    from kpps_xl.io_utils import atomic_path
    from kpps_xl.report_json import write_report

    if out_json:
        with located(out_json, writing=True), atomic_path(out_json) as tmp:
            write_report(report, tmp)
        console.print(f"Laporan JSON: {out_json}")
    if junit:
        from kpps_xl.workbook.junit import write_junit

        with located(junit, writing=True):
            write_junit(report, junit)
        console.print(f"Laporan JUnit: {junit}")
    if annotate:
        from kpps_xl.workbook import annotate as annotate_copy

        if not targets:
            console.print("[yellow]Salinan bertanda hanya dapat dibuat dari berkas .xlsx/.xlsm.[/]")
        for source, target in targets:
            with located(source), located(target, writing=True, kinds=(OSError,)):
                annotate_copy(source, report, target)
            console.print(f"Salinan bertanda: {target}")


@app.command("check", cls=KppsCommand, no_args_is_help=True, epilog=EXIT_CODES_HELP)
def check_command(
    paths: Annotated[list[Path], typer.Argument(
        help="Berkas .xlsx/.xlsm/.xls/.csv atau folder berisi berkas tersebut.",
        metavar="BERKAS", show_default=False)],
    report: Annotated[Path | None, typer.Option(
        "--laporan", "--report", metavar="BERKAS", help="Tulis laporan JSON ke berkas ini.")] = None,
    junit: Annotated[Path | None, typer.Option(
        "--junit", metavar="BERKAS", help="Tulis laporan JUnit XML (untuk CI).")] = None,
    annotate: Annotated[Path | None, typer.Option(
        "--tandai", "--annotate", metavar="TUJUAN",
        help="Tulis salinan bertanda (.xlsx); untuk beberapa berkas: sebuah folder "
             "(nama salinan: <nama>-diperiksa.xlsx).")] = None,
    reference_date: Annotated[str | None, typer.Option(
        "--tanggal-acuan", "--reference-date", metavar="TTTT-BB-HH",
        help="Tanggal acuan usia (bawaan: 2024-02-14, hari pemungutan suara).")] = None,
    config: ConfigOption = None,
    region: Annotated[str | None, typer.Option(
        "--kode-wilayah", metavar="KODE",
        help="Kode kabupaten/kota kantor (4 digit), mis. 1706.")] = None,
    limit: Annotated[int, typer.Option(
        "--tampil", metavar="ANGKA", help="Jumlah temuan yang ditampilkan di layar.")] = 20,
) -> None:
    """Periksa daftar KPPS: NIK, usia, petugas ganda, dan susunan TPS."""
    from kpps_xl.api import check
    from kpps_xl.console import make_console, print_report, print_verdict
    from kpps_xl.outputs import refuse_overwriting_inputs
    from kpps_xl.roster import expand_paths
    from kpps_xl.settings import _region, load_settings, parse_date

    console = make_console()
    settings = load_settings(config).with_overrides(
        reference_date=parse_date(reference_date, "--tanggal-acuan") if reference_date else None,
        region_code=_region(region) if region else None,
    )
    skipped: list[Path] = []
    files = expand_paths(paths, skipped)
    targets = _annotate_targets(files, annotate) if annotate else []
    outputs = [("--laporan", report), ("--junit", junit)]
    refuse_overwriting_inputs(paths, [(o, p) for o, p in outputs if p is not None]
                              + [("--tandai", t) for _, t in targets])
    for path in skipped:
        console.print(f"Dilewati (keluaran kpps-xl, bukan daftar petugas): {path}")
    result = _run_check(console, check, files, settings)
    _write_outputs(console, result, report, junit, targets, annotate)
    print_report(console, result, limit)
    print_verdict(console, result)
    raise typer.Exit(1 if result.errors else 0)


def _run_check(console: Console, check, files: list[Path], settings) -> Report:  # noqa: ANN001
    from kpps_xl.progress import CheckProgress

    with CheckProgress(console, files) as progress:
        return check(files, settings, on_sheet=progress.on_sheet, on_file=progress.on_file,
                     on_stage=progress.on_stage, workers=None)


@app.command("sample", cls=KppsCommand)
def sample_command(
    outdir: Annotated[Path, typer.Argument(help="Folder tujuan contoh berkas.", metavar="FOLDER")
                      ] = Path("contoh-kpps"),
) -> None:
    """Tulis contoh daftar KPPS sintetis (tanpa data pribadi asli) dan kpps-xl.toml berkomentar,
    untuk dicoba: kpps-xl check, budget dan letters di folder itu."""
    from kpps_xl.console import make_console
    from kpps_xl.samples import write_samples

    console = make_console()
    for path in write_samples(outdir):
        console.print(f"Ditulis: {path}")


@app.command("init", cls=KppsCommand)
def init_command(
    folder: Annotated[Path, typer.Argument(help="Folder tempat kpps-xl.toml ditulis.",
                                           metavar="FOLDER")] = Path("."),
    overwrite: Annotated[bool, typer.Option(
        "--timpa", help="Timpa kpps-xl.toml yang sudah ada.")] = False,
) -> None:
    """Tulis kpps-xl.toml berkomentar (pengaturan pemeriksaan, anggaran, kantor dan surat)
    untuk diisi, lalu jalankan check, budget dan letters di folder itu."""
    from kpps_xl.console import make_console
    from kpps_xl.errors import KppsError
    from kpps_xl.starter import CONFIG_NAME, write_config

    written = write_config(folder, overwrite=overwrite)
    if written is None:
        raise KppsError(f"{Path(folder) / CONFIG_NAME} sudah ada dan tidak diubah; beri --timpa "
                        "untuk menggantinya dengan contoh berkomentar.")
    make_console().print(f"Ditulis: {written} (sesuaikan [kantor], [surat] dan [anggaran]).")


# --- Commands implemented in their own modules: one import + one registration line each. ---
from kpps_xl.budget.command import budget_command  # noqa: E402

app.command("budget", cls=KppsCommand)(budget_command)
from kpps_xl.letters.command import letters_command  # noqa: E402

app.command("letters", cls=KppsCommand)(letters_command)
from kpps_xl.excel.serve import serve_command  # noqa: E402

app.command("serve", cls=KppsCommand)(serve_command)
from kpps_xl.health.command import follow_up_command  # noqa: E402
from kpps_xl.health.export import export_app  # noqa: E402

app.command("tindak-lanjut", cls=KppsCommand)(follow_up_command)
app.add_typer(export_app, name="export", cls=KppsGroup)


if __name__ == "__main__":  # `python -m kpps_xl.cli` runs the command as `python -m kpps_xl` does
    main()
