"""Running the CLI in tests independently of the terminal width and the temp path length."""

from __future__ import annotations

from collections.abc import Sequence

from click.testing import Result
from typer.testing import CliRunner

from kpps_xl.cli import app


def flat(text: str) -> str:
    """Output with every run of whitespace (line breaks from wrapping included) made one space."""
    return " ".join(text.split())


def invoke(args: Sequence[str], width: int = 80, env: dict[str, str] | None = None,
           **kwargs: object) -> Result:
    """Run `kpps-xl args` at a fixed terminal width; `result.text` is the flattened output."""
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": str(width), **(env or {})},
                                **kwargs)
    result.text = flat(result.output)  # type: ignore[attr-defined]
    return result
