"""Command line: kpps-xl check | budget | letters | sample | serve."""

from __future__ import annotations

import typer

app = typer.Typer(
    help="kpps-xl: periksa daftar KPPS, hitung anggaran BPJS, dan buat surat.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)


def main() -> None:
    """Console-script entry point."""
    app()


# --- Commands implemented in their own modules: one import + one registration line each. ---
