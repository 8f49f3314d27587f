"""Import xlwings with the remote engine switched on (PolyForm Noncommercial key)."""

from __future__ import annotations

import os
from types import ModuleType

LICENSE_ENV = "XLWINGS_LICENSE_KEY"
NONCOMMERCIAL = "noncommercial"


def load_xlwings() -> ModuleType:
    """xlwings, after making sure a licence key is set (an existing key is kept)."""
    os.environ.setdefault(LICENSE_ENV, NONCOMMERCIAL)
    import xlwings

    return xlwings


def server_api() -> ModuleType:
    """xlwings.server (script/func/arg/ret decorators that work on Linux servers)."""
    load_xlwings()
    import xlwings.server

    return xlwings.server
