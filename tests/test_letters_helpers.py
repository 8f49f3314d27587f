"""OKU Selatan fixtures for the letter tests: budget, small roster, settings, docx text."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from typing import Any

import pandas as pd
from docx import Document
from docx.table import Table
from docx.text.paragraph import Paragraph

from kpps_xl.budget import Budget, BudgetLine
from kpps_xl.roster.model import CANONICAL_COLUMNS, Roster
from kpps_xl.settings import Settings

BPU = 16_800


def line(body: str, role: str, scheme: str, count: int, months: int, premium: int,
         kecamatan: str | None = None) -> BudgetLine:
    """A budget line with an exact subtotal."""
    base = 0 if scheme == "JKN" else 1_000_000
    return BudgetLine(kecamatan, body, role, scheme, count, months, base, "-", premium,
                      count * months * premium)


def okus_budget(jkn: int = 0) -> Budget:
    """OKU Selatan: 9,464 KPPS x 1 month + 876 PPK/PPS x 6 months, BPU Rp16.800 (+ JKN)."""
    lines = [line("KPPS", "Anggota KPPS", "BPU", 9_464, 1, BPU),
             line("PPK/PPS", "Anggota PPK/PPS", "BPU", 876, 6, BPU)]
    if jkn:
        lines.append(line("KPPS", "Anggota KPPS", "JKN", jkn, 1, 42_000))
    return Budget(lines=tuple(lines), total=sum(x.subtotal for x in lines))


PEOPLE = (
    # nama, nik, dob, jabatan, badan, tps, kelurahan, kecamatan, status_jkn
    ("Siti & <Ani>", "1609014102900001", "1990-02-01", "Ketua KPPS", "KPPS", "001",
     "Pasar Muaradua", "Muaradua", "tidak aktif"),
    ("Ahmad Fauzi", "1609011503850002", "1985-03-15", "Anggota KPPS", "KPPS", "001",
     "Pasar Muaradua", "Muaradua", "aktif"),
    ("Rina Marlina", "1609016207920003", "1992-07-22", "Anggota KPPS", "KPPS", "002",
     "Bumi Agung", "Muaradua", None),
    ("Joko Susilo", "1609020101800004", "1980-01-01", "Ketua PPS", "PPK/PPS", None,
     "Bumi Agung", "Muaradua", "aktif"),
)


def okus_roster() -> Roster:
    """Four people: three KPPS (one with & and < in the name), one PPS."""
    rows: list[dict[str, Any]] = []
    for i, (nama, nik, dob, jabatan, badan, tps, kel, kec, jkn) in enumerate(PEOPLE):
        row = dict.fromkeys(CANONICAL_COLUMNS)
        row.update(_file="okus.xlsx", _sheet="MUARADUA", _row=i + 5, nama=nama, nik=nik,
                   dob=pd.Timestamp(dob), tanggal_lahir=dob, jabatan=jabatan, badan=badan,
                   tps=tps, tps_no=tps, kelurahan=kel, kecamatan=kec, status_jkn=jkn)
        rows.append(row)
    df = pd.DataFrame(rows, columns=list(CANONICAL_COLUMNS))
    df["dob"] = pd.to_datetime(df["dob"])
    return Roster(df=df)


def okus_sections() -> dict[str, Any]:
    """[kantor] and [surat] as parsed from TOML (a fresh copy each call)."""
    return {
        "kantor": {
            "wilayah": "KABUPATEN OGAN KOMERING ULU SELATAN",
            "alamat": "Jalan Raya Ranau & Pasar <Km. 3>, Muaradua",
            "kota": "Muaradua",
            "telepon": "(0735) 590000",
            "email": "kab.okuselatan@kpu.go.id",
            "laman": "kab-okuselatan.kpu.go.id",
        },
        "surat": {
            "tanggal": dt.date(2024, 1, 12),
            "nomor_pola": "{urut}/PP.04-SD/{kode_satker}/{tahun}",
            "sifat": "Penting",
            "tembusan": ["Ketua KPU Provinsi Sumatera Selatan",
                         "Ketua Bawaslu Kabupaten Ogan Komering Ulu Selatan", "Arsip"],
            "penanda_tangan": {"nama": "Budi & <Rekan>"},
            "pemda": {"kepada": "Bupati Ogan Komering Ulu Selatan", "di": "Muaradua",
                      "urut": "045"},
            "bpjs_tk": {"kepada": "Kepala BPJS Ketenagakerjaan Kantor Cabang Baturaja",
                        "di": "Baturaja", "urut": "046"},
            "bpjs_kes": {"kepada": "Kepala BPJS Kesehatan Kantor Cabang Baturaja",
                         "di": "Baturaja", "urut": "047"},
        },
    }


def okus_settings(sections: dict[str, Any] | None = None) -> Settings:
    """Settings with the OKU Selatan region code and letter sections."""
    return Settings(region_code="1609", sections=sections or okus_sections())


def _block_texts(block: Any) -> list[str]:
    out: list[str] = []
    for child in block.iter_inner_content():
        if isinstance(child, Paragraph):
            out.append(child.text)
        elif isinstance(child, Table):
            for row in child.rows:
                seen: set[int] = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:  # merged cells repeat
                        continue
                    seen.add(id(cell._tc))
                    out.extend(_block_texts(cell))
    return out


def docx_texts(path: Path) -> list[str]:
    """Non-empty paragraph and table-cell texts of a .docx, in document order."""
    return [t for t in _block_texts(Document(str(path))) if t.strip()]


def docx_xml(path: Path) -> str:
    """All XML parts of a .docx joined (to look for leftover template tags)."""
    with zipfile.ZipFile(path) as zf:
        return "".join(zf.read(n).decode("utf-8") for n in zf.namelist()
                       if n.endswith(".xml"))
