"""Ribbon scripts of the KPPS add-in (re-exported from kpps_xl.excel)."""

from kpps_xl.excel.server_scripts import buat_surat, hapus_tanda, hitung_anggaran, periksa_roster

__all__ = ["buat_surat", "hapus_tanda", "hitung_anggaran", "periksa_roster"]
