"""Health and coverage columns in wordings no alias names: BPJS headers, screening and JKN words."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from builders import HEADER, nik_for, numbered, team, write_xlsx

from kpps_xl.api import check
from kpps_xl.budget.compute import jkn_active_text
from kpps_xl.health.follow_up import follow_up
from kpps_xl.health.status import screening_state
from kpps_xl.roster import read_file, roster_from_values
from kpps_xl.roster.aliases import field_for
from kpps_xl.settings import Settings


@pytest.mark.parametrize(("header", "field"), [
    ("Kepesertaan BPJS Kesehatan", "status_jkn"),
    ("Status Kepesertaan JKN", "status_jkn"),
    ("Keaktifan JKN", "status_jkn"),
    ("Segmen JKN", "status_jkn"),
    ("BPJS Kes", "status_jkn"),
    ("No. Kartu Indonesia Sehat", "no_bpjs_kes"),
    ("Nomor Kartu BPJS Kes.", "no_bpjs_kes"),
    ("No. BPJS Kesehatan / KIS", "no_bpjs_kes"),
    ("No. BPJS Naker", "no_kpj"),
    ("Nomor Peserta BPJS Tenaga Kerja", "no_kpj"),
    # a work-accident status is not the health status, and "No. BPJS" does not say which card
    ("Status BPJS Ketenagakerjaan", None),
    ("BPJS Ketenagakerjaan", None),
    ("No. BPJS", None),
    ("Nomor Kartu BPJS", None),
    # exact aliases and other fields keep their meaning
    ("Status BPJS", "status_jkn"),
    ("No", "no"),
    ("Skrining BPJS Kes", "skrining"),
    ("Keterangan", "keterangan"),
])
def test_a_bpjs_header_is_read_by_its_programme_and_kind(header: str, field: str | None):
    assert field_for(header) == field


@pytest.mark.parametrize(("text", "state"), [
    ("Hipertensi", "berisiko"), ("DM, Hipertensi", "berisiko"), ("Ada riwayat penyakit", "berisiko"),
    ("Perlu pemeriksaan lanjutan", "berisiko"), ("Dirujuk ke puskesmas", "berisiko"),
    ("Tidak lolos", "berisiko"), ("TMS", "berisiko"), ("Tidak sehat", "berisiko"),
    ("Tidak normal", "berisiko"),
    ("Tidak ada riwayat", "tidak_berisiko"), ("Tidak ada keluhan", "tidak_berisiko"),
    ("Tanpa komorbid", "tidak_berisiko"), ("Lolos", "tidak_berisiko"),
    ("Memenuhi syarat", "tidak_berisiko"), ("Negatif", "tidak_berisiko"),
    ("Tidak", "belum"), ("Belum, hipertensi?", "belum"), ("Sudah", "sudah"), ("N/A", "tidak_dikenal"),
])
def test_screening_results_written_as_conditions_referrals_or_pass_fail(text: str, state: str):
    assert screening_state(text) == state


@pytest.mark.parametrize(("text", "active"), [
    ("PBI APBD", True), ("PBPU Pemda", True), ("Mandiri", True), ("PPU", True), ("KIS", True),
    ("Terdaftar", True), ("Punya", True), ("√", True), ("Aktif (PBI)", True),
    ("Menunggak", False), ("Aktif (menunggak)", False), ("Tidak terdaftar", False),
    ("Belum punya", False), ("Diblokir", False), ("PBI?", False), ("0001234567890", False),
])
def test_jkn_status_written_as_the_segment_or_arrears(text: str, active: bool):
    assert jkn_active_text(text) is active


SEHAT = dt.date(1988, 5, 9)
OLD = dt.date(1966, 3, 2)
# A Pemda-style sheet: health columns after the placement, in headers the alias lists lack.
WIDE = [*HEADER, "Kecamatan", "Status BPJS Ketenagakerjaan", "Kepesertaan BPJS Kesehatan",
        "No. Kartu Indonesia Sehat", "No. BPJS Naker", "Hasil Skrining Riwayat Kesehatan"]
# (BPJS TK status, JKN, KIS number, KPJ number, screening) per member of a 7-person team
HEALTH = [("Aktif", "PBI APBD", "0001234567890", "12345678901", "Tidak ada keluhan"),
          ("Aktif", "Menunggak", "0001234567891", "12345678902", "Hipertensi"),
          ("Aktif", "Mandiri", "0001234567892", "12345678903", "Tidak lolos"),
          ("Aktif", "Belum terdaftar", None, "12345678904", "Lolos"),
          ("Belum", "√", "0001234567894", None, "Perlu pemeriksaan lanjutan"),
          ("Aktif", "PPU", "0001234567895", "12345678906", "Belum"),
          ("Aktif", "PBI?", "0001234567896", "12345678907", "Negatif")]


def texts(column: pd.Series) -> list[str | None]:
    return [None if pd.isna(value) else str(value) for value in column]


def wide_rows() -> list[list[object]]:
    rows = [[*row, "Teras", *HEALTH[i]] for i, row in enumerate(team(3, 30))]
    rows[1][1:4] = [nik_for(OLD, "L", 77), "L", OLD.strftime("%d/%m/%Y")]
    return numbered(rows)


def test_unseen_health_headers_feed_the_follow_up_list():
    roster = roster_from_values([["DAFTAR KPPS"], WIDE, *wide_rows()], "Teras", "a.xlsx")
    frame = roster.df
    assert texts(frame["status_jkn"]) == [h[1] for h in HEALTH]  # not the TK status
    assert texts(frame["no_bpjs_kes"]) == [h[2] for h in HEALTH]
    assert texts(frame["no_kpj"]) == [h[3] for h in HEALTH]
    result = follow_up(roster, Settings())
    assert result is not None
    assert [(p.row, p.needs) for p in result.people] == [
        (4, ("berisiko", "jkn")), (5, ("berisiko",)), (6, ("jkn",)), (7, ("berisiko",)),
        (8, ("skrining",)), (9, ("jkn",))]
    assert result.totals() == {"officers": 7, "not_screened": 1, "at_risk": 3,
                               "no_active_jkn": 3, "people": 6}


def test_unseen_health_headers_read_the_same_by_both_readers(tmp_path: Path):
    path = write_xlsx(tmp_path / "teras.xlsx", {"Teras": [["DAFTAR KPPS"], WIDE, *wide_rows()]})
    fast = read_file(path)
    slow = roster_from_values([["DAFTAR KPPS"], WIDE, *wide_rows()], "Teras", str(path))
    for column in ("status_jkn", "no_bpjs_kes", "no_kpj", "skrining"):
        assert texts(fast.df[column]) == texts(slow.df[column])
    report = check([path], Settings())
    rows = {code: sorted(f.row for f in report.findings if f.code == code)
            for code in ("health.at_risk", "health.not_screened")}
    assert rows == {"health.at_risk": [4, 5, 7], "health.not_screened": [8]}
