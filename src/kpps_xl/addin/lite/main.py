"""KPPS di xlwings Lite: empat tombol dan fungsi KPPS.* langsung di Excel, tanpa server."""

# xlwings Lite (Pyodide inside Excel) runs this file as the workbook's main.py. The scripts and
# functions below are thin wrappers: the bodies are the same ones the server runs
# (kpps_xl.excel.scripts / kpps_xl.excel.functions). Under CPython the decorators are inert,
# so the tests call these functions directly on payload books.

from __future__ import annotations

from typing import Any

import xlwings as xw
from xlwings import arg, func, script

from kpps_xl.excel import functions as fx
from kpps_xl.excel import scripts
from kpps_xl.excel.book import excel_settings


@script
def periksa_roster(book: xw.Book) -> None:
    """Periksa Data: tandai sel bermasalah (merah = galat, kuning = peringatan) dan tulis lembar
    Temuan berisi setiap temuan dengan tautan ke selnya."""
    scripts.periksa_roster(book)


@script
def hapus_tanda(book: xw.Book) -> None:
    """Hapus Tanda: hapus warna tanda dan lembar Temuan; isi data tidak diubah."""
    scripts.hapus_tanda(book)


@script
def hitung_anggaran(book: xw.Book) -> None:
    """Hitung Anggaran: hitung iuran BPJS petugas dan tulis lembar Anggaran (rumus hidup)."""
    scripts.hitung_anggaran(book)


@script
def buat_surat(book: xw.Book) -> None:
    """Buat Surat: buat surat pengajuan anggaran BPJS dan lampirannya (di xlwings Lite berkas
    ditulis ke penyimpanan sementara Lite; lembar Surat mendaftar berkasnya)."""
    scripts.buat_surat(book)


@func
@arg("tanggal_lahir", err_to_str=True, ndim=2, doc="Tanggal lahir: satu sel atau satu kolom.")
@arg("tanggal_acuan", err_to_str=True, doc="Tanggal acuan (kosong = tanggal acuan pengaturan).")
def usia(tanggal_lahir: Any, tanggal_acuan: Any = None) -> Any:
    """Usia dalam tahun penuh pada tanggal acuan (hari pemungutan suara)."""
    return fx.usia(tanggal_lahir, tanggal_acuan, excel_settings())


@func
@arg("nik", err_to_str=True, ndim=2,
     doc="NIK: satu sel atau satu kolom (sebaiknya berformat Teks).")
def cek_nik(nik: Any) -> Any:
    """Periksa NIK: "OK" atau alasan NIK salah."""
    return fx.cek_nik(nik)


@func
@arg("nik", err_to_str=True, ndim=2, doc="NIK 16 digit: satu sel atau satu kolom.")
def nik_tgl_lahir(nik: Any) -> Any:
    """Tanggal lahir menurut NIK (perempuan: tanggal + 40)."""
    return fx.nik_tgl_lahir(nik, excel_settings())


@func
@arg("skema", err_to_str=True, doc='Skema iuran: "BPU", "PPU" atau "JKN".')
@arg("honor", err_to_str=True, ndim=2, doc="Honorarium per bulan (rupiah).")
@arg("bulan", err_to_str=True, doc="Jumlah bulan kepesertaan, 1-24 (kosong = 1).")
def iuran(skema: Any, honor: Any, bulan: Any = None) -> Any:
    """Iuran BPJS satu orang (rupiah) untuk skema dan honor ini, dikali jumlah bulan."""
    return fx.iuran(skema, honor, bulan, excel_settings())
