"""kpps-xl export bpjs-tk: the enrolment file is written, re-read, and leaves out the right people."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from builders import HEADER, nik_for, numbered, team, write_xlsx
from clirun import invoke

from kpps_xl.health.enrolment import (
    DEFAULT_COLUMNS,
    EXCLUDED_SHEET,
    FIELDS,
    build_enrolment,
    cover_end,
    layout_from,
    write_enrolment,
)
from kpps_xl.roster import roster_from_values
from kpps_xl.settings import Settings, SettingsError, load_settings
from kpps_xl.validate import validate

EXPORT_HEADER = [*HEADER, "Tempat Lahir", "Alamat", "No HP", "No KPJ"]


def rows() -> list[list[object]]:
    out = []
    for i, row in enumerate(team(1) + team(2, 20)):
        out.append([*row, "Mukomuko", f"RT 00{i % 9 + 1}", f"0812345678{i:02d}", "-"])
    out[3][1] = "17060214029"  # nik.format: an error, not exported
    out[9][1] = out[8][1]      # the same NIK twice: the first copy is exported once
    return out


def enrolment(settings: Settings | None = None, aktif: list[bool] | None = None):
    # the BPU preset: a KPPS wage is the declared income (the default ppu_honor uses the honor)
    settings = settings or Settings(sections={"anggaran": {"skema_bawaan": "bpu_minimum"}})
    roster = roster_from_values([EXPORT_HEADER, *numbered(rows())], "KEC A", "a.xlsx")
    if aktif is not None:
        roster.df["aktif"] = aktif
    return build_enrolment(roster, validate(roster, settings), settings)


def test_only_valid_unique_active_officers_are_exported_and_the_rest_have_a_reason():
    aktif = [i != 5 for i in range(14)]  # row 7 resigned (PAW)
    result = enrolment(aktif=aktif)
    exported = [r["nik"] for r in result.rows]
    assert len(exported) == 11 and len(set(exported)) == 11
    assert [e[2] for e in result.excluded] == [5, 7, 11]
    reasons = [e[7] for e in result.excluded]
    assert "harus tepat 16 digit" in reasons[0] and reasons[1].startswith("Tidak aktif")
    assert reasons[2].startswith("NIK ganda") and "baris 10" in reasons[2]


def test_values_follow_the_roster_and_the_budget_scheme():
    first = enrolment().rows[0]
    source = rows()[0]
    assert first["nik"] == source[1] and first["nama"] == source[0]
    assert first["tanggal_lahir"] == source[3] and first["jenis_kelamin"] == "L"
    assert (first["tanggal_mulai"], first["tanggal_selesai"]) == ("25-01-2024", "24-02-2024")
    assert first["upah"] == 1_000_000 and first["skema"] == "BPU"  # KPPS: BPU declared income
    assert first["no_kpj"] == "" and first["no_hp"] == source[8]


def test_ppu_roles_use_the_honorarium_and_their_months(tmp_path: Path):
    config = tmp_path / "kpps-xl.toml"
    config.write_text('[pemeriksaan]\nkolom_wajib = ["nama", "nik", "jabatan"]\n'
                      '[ekspor.bpjs_tk]\ntanggal_mulai = 2024-01-04\n', encoding="utf-8")
    header = [*HEADER, "Badan"]
    born = dt.date(1980, 1, 31)
    body = [["Ketua PPK", nik_for(born, "L", 1), "L", "31-01-1980", "Ketua", None, "PPK"]]
    roster = roster_from_values([header, *numbered(body)], "PPK", "p.xlsx")
    settings = load_settings(config)
    result = build_enrolment(roster, validate(roster, settings), settings)
    row = result.rows[0]
    assert (row["upah"], row["skema"], row["jabatan"]) == (2_500_000, "PPU", "Ketua PPK")
    assert (row["tanggal_mulai"], row["tanggal_selesai"]) == ("04-01-2024", "03-07-2024")


def test_cover_end_clamps_to_the_end_of_the_month():
    assert cover_end(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 28)
    assert cover_end(dt.date(2024, 11, 7), 1) == dt.date(2024, 12, 6)


def test_written_file_is_read_back_with_text_numbers_and_dates(tmp_path: Path):
    result = enrolment(aktif=[i != 5 for i in range(14)])
    path = write_enrolment(result, tmp_path / "peserta.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Peserta", EXCLUDED_SHEET]
    ws = wb["Peserta"]
    values = [[c.value for c in row] for row in ws.iter_rows()]
    assert values[0] == [FIELDS[k] for k in DEFAULT_COLUMNS]
    assert len(values) == 1 + len(result.rows)
    nik_col = DEFAULT_COLUMNS.index("nik") + 1
    assert all(ws.cell(r, nik_col).data_type == "s" and len(ws.cell(r, nik_col).value) == 16
               for r in range(2, ws.max_row + 1))
    assert [v[:3] for v in values[1:3]] == [[r["no"], r["nik"], r["nama"]] for r in result.rows[:2]]
    upah = DEFAULT_COLUMNS.index("upah")
    assert {v[upah] for v in values[1:]} == {1_000_000}
    assert all(len(v[DEFAULT_COLUMNS.index("tanggal_lahir")]) == 10 for v in values[1:])
    other = [[c.value for c in row] for row in wb[EXCLUDED_SHEET].iter_rows()]
    assert other[0][-1] == "Alasan" and [r[3] for r in other[1:]] == [5, 7, 11]


def test_layout_is_data_in_settings(tmp_path: Path):
    config = tmp_path / "kpps-xl.toml"
    config.write_text('[ekspor.bpjs_tk]\nkolom = ["nama", "nik", "no_kpj", "kecamatan"]\n'
                      'judul = { nik = "NOMOR INDUK KEPENDUDUKAN" }\nnama_sheet = "TK"\n',
                      encoding="utf-8")
    settings = load_settings(config)
    result = enrolment(settings)
    path = write_enrolment(result, tmp_path / "p.xlsx")
    ws = openpyxl.load_workbook(path)["TK"]
    assert [c.value for c in ws[1]] == ["NAMA LENGKAP", "NOMOR INDUK KEPENDUDUKAN", "NO KPJ",
                                        "KECAMATAN"]


@pytest.mark.parametrize(("text", "word"), [
    ('kolom = ["nik", "golongan_darah"]', "golongan_darah"),
    ('kolom = []', "kolom"),
    ('kolom = ["nik", "nik"]', "dua kali"),
    ('judul = { nama_ibu = "IBU" }', "nama_ibu"),
    ('tanggal_mulai = "kemarin"', "tanggal_mulai"),
    ("tanggal_mulai = 2024-02-01\ntanggal_selesai = 2024-01-01", "tanggal_selesai"),
    ('nama_sheet = "Tidak Diekspor"', "nama_sheet"),
    ('format = "csv"', "format"),
])
def test_bad_layout_settings_name_the_key(tmp_path: Path, text, word):
    config = tmp_path / "kpps-xl.toml"
    config.write_text(f"[ekspor.bpjs_tk]\n{text}\n", encoding="utf-8")
    with pytest.raises(SettingsError, match=word):
        layout_from(load_settings(config))


def test_cli_writes_the_file_and_keeps_names_off_the_screen(tmp_path: Path):
    book = write_xlsx(tmp_path / "daftar.xlsx", {"KEC A": [EXPORT_HEADER, *numbered(rows())]})
    out = tmp_path / "peserta.xlsx"
    result = invoke(["export", "bpjs-tk", str(book), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "12 orang" in result.text and "2 orang tidak diekspor" in result.text
    assert not any(r[0] in result.output for r in rows())
    assert openpyxl.load_workbook(out)["Peserta"].max_row == 13
    bad = invoke(["export", "bpjs-tk", str(book), "--out", str(tmp_path / "p.csv")])
    assert bad.exit_code == 2 and ".xlsx" in bad.text


def test_user_text_in_the_export_is_never_a_formula(tmp_path: Path):
    data = rows()
    data[0][0] = "=1+1"
    data[0][7] = "+62 812"  # alamat starting like a formula
    roster = roster_from_values([EXPORT_HEADER, *numbered(data)], "KEC A", "a.xlsx")
    settings = Settings()
    path = write_enrolment(build_enrolment(roster, validate(roster, settings), settings),
                           tmp_path / "p.xlsx")
    ws = openpyxl.load_workbook(path)["Peserta"]
    cells = {c.value: c for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    assert cells["=1+1"].data_type == "s" and cells["+62 812"].data_type == "s"
