"""KPPS.* worksheet functions (re-exported from kpps_xl.excel)."""

from kpps_xl.excel.server_functions import cek_nik, iuran, nik_tgl_lahir, usia

__all__ = ["cek_nik", "iuran", "nik_tgl_lahir", "usia"]
