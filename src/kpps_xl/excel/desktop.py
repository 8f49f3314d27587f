"""Entry points for the desktop add-in (kpps-xl.xlam): VBA RunPython calls these by name."""

from __future__ import annotations

from typing import Any

from kpps_xl.excel import scripts
from kpps_xl.excel._xlwings import load_xlwings


def _caller() -> Any:
    return load_xlwings().Book.caller()


def periksa_roster() -> None:
    """Periksa Data di buku kerja aktif (Excel desktop, Python lokal)."""
    scripts.periksa_roster(_caller())


def hapus_tanda() -> None:
    """Hapus Tanda di buku kerja aktif (Excel desktop, Python lokal)."""
    scripts.hapus_tanda(_caller())


def hitung_anggaran() -> None:
    """Hitung Anggaran di buku kerja aktif (Excel desktop, Python lokal)."""
    scripts.hitung_anggaran(_caller())


def buat_surat() -> None:
    """Buat Surat di samping buku kerja aktif (Excel desktop, Python lokal)."""
    scripts.buat_surat(_caller())


ENTRY_POINTS = ("periksa_roster", "hapus_tanda", "hitung_anggaran", "buat_surat")
