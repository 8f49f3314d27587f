"""kpps-xl: check KPPS rosters, budget BPJS premiums and write letters, where the data lives."""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

_LAZY = {
    "check": "kpps_xl.api",
    "load_roster": "kpps_xl.roster",
    "compute_budget": "kpps_xl.budget",
    "write_budget_workbook": "kpps_xl.budget",
    "render_letters": "kpps_xl.letters",
}

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str) -> Any:
    """Import the public API on first use so `import kpps_xl` stays cheap."""
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'kpps_xl' has no attribute {name!r}")
