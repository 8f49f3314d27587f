"""Terminal output shared by every CLI command: no broken paths, cell text literal, NIKs masked."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import typer
    from rich.console import Console

    from kpps_xl.findings import Finding, Report

WIDE = 100  # below this width, or when not a terminal, findings print one per line
_SEVERITY = {"error": ("Galat", "red"), "warning": ("Peringatan", "yellow"), "info": ("Info", "blue")}


def make_console(stderr: bool = False) -> Console:
    """A rich console whose plain messages are never wrapped (soft wrap): a path or a word
    stays whole at any terminal width; tables still fit the width."""
    from rich.console import Console

    return Console(stderr=stderr, soft_wrap=True, highlight=False)


def shown(text: object) -> str:
    """Any text from a file or a message, safe to print: NIK-like digit runs masked."""
    from kpps_xl.guard import mask_text

    return mask_text(str(text))


def literal(text: object) -> str:
    """shown(text) escaped for rich markup: '[/red]' in a cell prints as typed."""
    from rich.markup import escape

    return escape(shown(text))


def fail(message: object, code: int = 2) -> typer.Exit:
    """Print an Indonesian error in red on stderr (markup-safe, masked); return the exit signal."""
    import typer

    make_console(stderr=True).print(f"[bold red]Gagal:[/] {literal(message)}")
    return typer.Exit(code)


def is_wide(console: Console) -> bool:
    """Tables only on a real terminal at least WIDE columns wide (not in CI logs or pipes)."""
    return console.is_terminal and console.width >= WIDE


def _place(finding: Finding, several: bool) -> str:
    if finding.column:
        place = f"{finding.sheet}!{finding.column}{finding.row}"
    else:
        place = f"{finding.sheet} baris {finding.row or '-'}"
    if several and finding.file:
        place = f"{Path(finding.file).name}: {place}"
    return place


def print_report(console: Console, report: Report, limit: int) -> None:
    """The findings summary and the first `limit` findings: tables when wide, else lines."""
    from kpps_xl.catalogue import CATALOGUE

    if not report.findings:
        return
    # Health findings (UU 27/2022) are never shown on a console or in a CI log.
    visible = [f for f in report.findings
               if f.severity != "info" and not CATALOGUE[f.code].sensitive]
    first = visible[:limit] if limit > 0 else []
    if is_wide(console):
        console.print(_summary_table(report))
        if first:
            console.print(_findings_table(report, first))
    else:
        _print_lines(console, report, first)
    if len(visible) > len(first):
        console.print(f"... dan {len(visible) - len(first)} temuan lain (lihat --laporan atau "
                      "--tandai untuk semuanya; --tampil mengatur jumlah di layar).")
    hidden = sum(1 for f in report.findings if CATALOGUE[f.code].sensitive)
    if hidden:
        console.print(f"{hidden} temuan data kesehatan tidak ditampilkan di layar "
                      "(UU 27/2022); rinciannya di --laporan / --tandai.")


def _levels(report: Report) -> dict[str, str]:
    """Severity per code as found ([kesehatan] settings may change a code's level)."""
    return {f.code: f.severity for f in report.findings}


def _print_lines(console: Console, report: Report, first: list[Finding]) -> None:
    from rich.text import Text

    from kpps_xl.catalogue import CATALOGUE

    console.print(f"Ringkasan pemeriksaan ({report.rows} baris petugas):")
    levels = _levels(report)
    for code, count in report.by_code().items():
        entry = CATALOGUE[code]
        label, style = _SEVERITY[levels[code]]
        line = Text(f"  {count:>5}  ")
        line.append(label, style=style)
        line.append(f"  {code}: {shown(entry.title)}")
        console.print(line)
    if first:
        console.print(f"{len(first)} temuan pertama (NIK disamarkan):")
    several = len(report.files) > 1
    for finding in first:
        label, style = _SEVERITY[finding.severity]
        line = Text("- ")
        line.append(label, style=style)
        line.append(f" {shown(_place(finding, several))} {finding.code}: {shown(finding.message)}")
        console.print(line)


def _summary_table(report: Report):  # noqa: ANN202 - rich Table, imported lazily
    from rich.table import Table
    from rich.text import Text

    from kpps_xl.catalogue import CATALOGUE

    table = Table(title=f"Ringkasan pemeriksaan ({report.rows} baris petugas)")
    for header in ("Kode", "Tingkat", "Temuan"):
        table.add_column(header)
    table.add_column("Jumlah", justify="right")
    levels = _levels(report)
    for code, count in report.by_code().items():
        entry = CATALOGUE[code]
        label, style = _SEVERITY[levels[code]]
        table.add_row(code, Text(label, style=style), Text(shown(entry.title)), str(count))
    return table


def _findings_table(report: Report, first: list[Finding]):  # noqa: ANN202
    from rich.table import Table
    from rich.text import Text

    several = len(report.files) > 1
    table = Table(title=f"{len(first)} temuan pertama (NIK disamarkan)")
    table.add_column("Lokasi", no_wrap=True)
    table.add_column("Kode", no_wrap=True)
    table.add_column("Pesan", overflow="fold", ratio=1)
    for finding in first:
        table.add_row(Text(shown(_place(finding, several))), finding.code,
                      Text(shown(finding.message)))
    return table


def print_verdict(console: Console, report: Report) -> None:
    """The last line: verdict, counts and the reference date."""
    verdict = "[red]ADA GALAT[/]" if report.errors else "[green]TIDAK ADA GALAT[/]"
    console.print(f"{verdict}: {report.errors} galat, {report.warnings} peringatan, "
                  f"{report.rows} baris diperiksa, acuan usia {report.reference_date}.")
