"""Terminal output shared by every CLI command: user-facing errors without tracebacks."""

from __future__ import annotations

import typer
from rich.console import Console
from rich.markup import escape


def fail(message: object) -> typer.Exit:
    """Print an Indonesian error in red on stderr (markup-safe) and return the exit-2 signal."""
    Console(stderr=True).print(f"[bold red]Gagal:[/] {escape(str(message))}", highlight=False)
    return typer.Exit(2)
