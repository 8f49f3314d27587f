"""KPPS.* worksheet functions registered for xlwings-server / xlwings Lite (imports xlwings)."""

from __future__ import annotations

from typing import Any

from kpps_xl.excel import functions as fx
from kpps_xl.excel._xlwings import server_api
from kpps_xl.excel.book import excel_settings

_server = server_api()
func, arg = _server.func, _server.arg


@func
@arg("tanggal_lahir", err_to_str=True, ndim=2, doc="Tanggal lahir: satu sel atau satu kolom.")
@arg("tanggal_acuan", err_to_str=True,
     doc="Tanggal acuan (kosong = tanggal acuan pengaturan, mis. 14-02-2024).")
def usia(tanggal_lahir: Any, tanggal_acuan: Any = None) -> Any:
    """Usia dalam tahun penuh pada tanggal acuan (hari pemungutan suara)."""
    return fx.usia(tanggal_lahir, tanggal_acuan, excel_settings())


@func
@arg("nik", err_to_str=True, ndim=2,
     doc="NIK: satu sel atau satu kolom (sebaiknya berformat Teks).")
def cek_nik(nik: Any) -> Any:
    """Periksa NIK: "OK" atau alasan NIK salah (16 digit, kode wilayah, tanggal lahir)."""
    return fx.cek_nik(nik)


@func
@arg("nik", err_to_str=True, ndim=2, doc="NIK 16 digit: satu sel atau satu kolom.")
def nik_tgl_lahir(nik: Any) -> Any:
    """Tanggal lahir menurut NIK (perempuan: tanggal + 40). Format sel sebagai tanggal."""
    return fx.nik_tgl_lahir(nik, excel_settings())


@func
@arg("skema", err_to_str=True,
     doc='Skema iuran: "BPU", "PPU" (BPJS Ketenagakerjaan) atau "JKN" (BPJS Kesehatan).')
@arg("honor", err_to_str=True, ndim=2,
     doc="Honorarium per bulan (rupiah, mis. 1500000 atau \"1.500.000\").")
@arg("bulan", err_to_str=True, doc="Jumlah bulan kepesertaan, bilangan bulat 1-24 (kosong = 1).")
def iuran(skema: Any, honor: Any, bulan: Any = None) -> Any:
    """Iuran BPJS satu orang (rupiah) untuk skema dan honor ini, dikali jumlah bulan; tarif
    sama dengan perhitungan anggaran (BPU memakai penghasilan yang dilaporkan di pengaturan)."""
    return fx.iuran(skema, honor, bulan, excel_settings())


__all__ = ["cek_nik", "iuran", "nik_tgl_lahir", "usia"]
