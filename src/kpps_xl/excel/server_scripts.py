"""The ribbon scripts registered for xlwings-server and xlwings Lite (imports xlwings)."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from kpps_xl.excel import scripts
from kpps_xl.excel._xlwings import load_xlwings, server_api

xw = load_xlwings()
_server = server_api()
_range_cache = importlib.import_module("xlwings.pro._xlremote").get_range_api


def _register(func: Callable[..., None]) -> Callable[..., None]:
    """Wrap a script so xlwings injects the calling book and sees our Indonesian help."""

    def wrapper(book: xw.Book, *args: str) -> None:
        try:
            func(book, *args)
        finally:
            _range_cache.cache_clear()  # unbounded lru_cache in xlwings' remote engine

    wrapper.__name__ = wrapper.__qualname__ = func.__name__
    wrapper.__doc__ = func.__doc__
    wrapper.__module__ = __name__
    return _server.script(wrapper, description=" ".join((func.__doc__ or "").split()))


periksa_roster: Any = _register(scripts.periksa_roster)
hapus_tanda: Any = _register(scripts.hapus_tanda)
hitung_anggaran: Any = _register(scripts.hitung_anggaran)
buat_surat: Any = _register(scripts.buat_surat)

__all__ = ["buat_surat", "hapus_tanda", "hitung_anggaran", "periksa_roster"]
