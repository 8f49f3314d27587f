"""Letters to the Pemda and BPJS from docxtpl templates, with the participant lampiran."""

from __future__ import annotations

from importlib import import_module
from typing import Any

# Public name -> submodule; imported on first use so `kpps-xl --help` stays fast.
_LAZY = {
    "LETTER_KINDS": "config",
    "angka": "formatting", "rupiah": "formatting", "tanggal": "formatting",
    "terbilang": "formatting", "terbilang_rupiah": "formatting",
    "LetterError": "render", "render_letters": "render", "skipped_letters": "render",
}

__all__ = [
    "LETTER_KINDS",
    "LetterError",
    "angka",
    "render_letters",
    "rupiah",
    "skipped_letters",
    "tanggal",
    "terbilang",
    "terbilang_rupiah",
]


def __getattr__(name: str) -> Any:
    """Import the named part of the letters API on first use."""
    if name in _LAZY:
        return getattr(import_module(f"{__name__}.{_LAZY[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
