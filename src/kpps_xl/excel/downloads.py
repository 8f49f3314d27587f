"""Safe lookup of a letter file under the server's output folder (no path traversal)."""

from __future__ import annotations

import os
from pathlib import Path

from kpps_xl.excel.output import OUTPUT_ENV


def output_root() -> Path:
    """Where Buat Surat writes on a server: $KPPS_XL_OUTPUT_DIR or ~/kpps-xl/surat."""
    return Path(os.environ.get(OUTPUT_ENV) or Path.home() / "kpps-xl" / "surat").resolve()


def resolve_download(folder: str, name: str) -> Path | None:
    """The file <root>/<folder>/<name>, or None if it is missing or outside the root."""
    if any(part in ("", ".", "..") or "/" in part or "\\" in part for part in (folder, name)):
        return None
    root = output_root()
    path = (root / folder / name).resolve()
    if root not in path.parents or not path.is_file():
        return None
    return path
