"""Terminal output shared by every CLI command: consoles that never break words or paths."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import typer
    from rich.console import Console


def make_console(stderr: bool = False) -> Console:
    """A rich console whose plain messages are never wrapped (soft wrap): a path or a word
    stays whole at any terminal width; tables still fit the width."""
    from rich.console import Console

    return Console(stderr=stderr, soft_wrap=True, highlight=False)


def fail(message: object, code: int = 2) -> typer.Exit:
    """Print an Indonesian error in red on stderr (markup-safe) and return the exit signal."""
    import typer
    from rich.markup import escape

    make_console(stderr=True).print(f"[bold red]Gagal:[/] {escape(str(message))}")
    return typer.Exit(code)
