"""Reader mechanisms for layouts nobody showed us: aliases, place keys, roles, activity, own sheets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kpps_xl.api import check
from kpps_xl.roster.aliases import field_for
from kpps_xl.roster.header import context_from_rows, row_fields
from kpps_xl.roster.own import OWN_FIRST_ROWS
from kpps_xl.roster.places import place_key
from kpps_xl.roster.values import parse_activity, parse_role, parse_tps
from kpps_xl.samples import write_samples
from kpps_xl.settings import Settings
from kpps_xl.workbook import annotate


@pytest.mark.parametrize(("header", "field"), [
    ("KEC. DOMISILI", "kecamatan_domisili"), ("DESA/KEL. DOMISILI", "kelurahan_domisili"),
    ("ALAMAT SESUAI KTP", "alamat"), ("Asal Desa", "kelurahan_domisili"),
    ("Kelurahan (Domisili)", "kelurahan_domisili"), ("Kecamatan sesuai KTP", "kecamatan_domisili"),
    ("Desa Tempat Tinggal", "kelurahan_domisili"), ("TPS Domisili", None),
    ("KECAMATAN", "kecamatan"), ("DESA/KELURAHAN", "kelurahan"), ("NO. TPS", "tps"),
    ("Lokasi Tugas", "tps"), ("Desa Tempat Tugas", "kelurahan"), ("Kab/Kota", "kabkota"),
    ("Ket.", "keterangan"), ("KETERANGAN", "keterangan"),
])
def test_a_qualified_header_is_never_a_placement_field(header, field):
    assert field_for(header) == field


def test_domicile_columns_before_placement_do_not_take_the_placement_fields():
    row = ["NO", "NIK", "NAMA", "KEC. DOMISILI", "DESA/KEL. DOMISILI", "ALAMAT SESUAI KTP",
           "KECAMATAN", "DESA/KELURAHAN", "NO. TPS", "JABATAN"]
    found = row_fields(row)
    assert (found["kecamatan"], found["kelurahan"], found["tps"]) == (6, 7, 8)
    assert (found["kecamatan_domisili"], found["kelurahan_domisili"], found["alamat"]) == (3, 4, 5)


def test_a_more_specific_alias_beats_a_prefix_fallback_in_the_same_row():
    # "Jabatan di sekolah" (prefix: jabatan) stands before the real "JABATAN" column.
    assert row_fields(["Nama", "NIK", "Jabatan di sekolah", "JABATAN"])["jabatan"] == 3
    # of two exact aliases the longer one is the more specific
    assert row_fields(["Nama", "NIK", "TPS", "No. TPS"])["tps"] == 3
    assert row_fields(["Nama", "NIK", "TPS", "TPS"])["tps"] == 2


@pytest.mark.parametrize(("a", "b", "kind"), [
    ("TEBING  KANDANG", "Tebing Kandang", "kelurahan"),
    ("Kel. Tebing-Kandang", "tebing kandang", "kelurahan"),
    ("Desa Air Buluh", "AIR BULUH", "kelurahan"), ("DESA/KEL. Air Buluh", "air buluh", "kelurahan"),
    ("Kec. Ipuh", "IPUH", "kecamatan"), ("Kecamatan  Lubuk Pinang", "lubuk pinang.", "kecamatan"),
    ("Kab. Mukomuko", "KABUPATEN MUKOMUKO", "kabkota"), ("Kota  Bengkulu", "KOTA BENGKULU", "kabkota"),
])
def test_one_spelling_of_a_place(a, b, kind):
    assert place_key(a, kind) == place_key(b, kind)
    assert "|" not in place_key(f"{a}|x", kind)


def test_kabupaten_and_kota_of_one_name_stay_two_regencies():
    assert place_key("Kabupaten Bekasi", "kabkota") != place_key("Kota Bekasi", "kabkota")
    # a desa may be called "Kota Baru": its Kota is a name, not a prefix
    assert place_key("Kota Baru", "kelurahan") != place_key("Baru", "kelurahan")


@pytest.mark.parametrize("value", [1, "1", "01", "001", "TPS 1", "TPS.001", "TPS 01", "tps-1"])
def test_tps_numbers_meet(value):
    assert parse_tps(value) == "001"


@pytest.mark.parametrize(("jabatan", "peran", "badan"), [
    ("Ketua merangkap anggota", "ketua", None), ("KETUA KPPS", "ketua", None), ("Ketua", "ketua", None),
    ("Ketua KPPS merangkap Anggota", "ketua", None), ("KPPS 1", "ketua", None),
    ("Anggota KPPS 1", "anggota", None), ("Anggota KPPS 6", "anggota", None),
    ("Linmas", "anggota", "Linmas"), ("Satlinmas", "anggota", "Linmas"),
    ("Petugas Ketertiban TPS", "anggota", "Linmas"),
    ("Ketua/Anggota", None, None), ("Ketua atau Anggota", None, None),
])
def test_roles_in_the_words_of_pkpu_8_2022_pasal_28(jabatan, peran, badan):
    assert parse_role(jabatan) == (peran, badan)


@pytest.mark.parametrize(("text", "reason"), [
    ("PAW", None), ("Pengganti Budi yang mengundurkan diri", None), ("Menggantikan Sari", None),
    ("Mengundurkan diri", "mengundurkan diri"), ("Diganti", "diganti (PAW)"),
    ("di-PAW", "diganti (PAW)"), ("Digantikan oleh Andi", "diganti (PAW)"),
    ("Berhenti", "berhenti/tidak aktif"), ("Meninggal dunia", "meninggal dunia"),
    ("Sehat", None), (None, None),
])
def test_keterangan_tells_the_leaving_officer_from_the_replacement(text, reason):
    assert parse_activity(text) == reason


@pytest.mark.parametrize(("rows", "expected"), [
    ([["DAFTAR ANGGOTA KPPS KECAMATAN IPUH"], ["KABUPATEN MUKOMUKO - PEMILU 2024"]],
     {"kecamatan": "IPUH", "kabkota": "KABUPATEN MUKOMUKO"}),
    ([["KECAMATAN LUBUK PINANG"]], {"kecamatan": "LUBUK PINANG"}),
    ([["KEC. AIR RAMI", None, "DESA/KEL. : Pasar Ipuh"]],
     {"kecamatan": "AIR RAMI", "kelurahan": "PASAR IPUH"}),
    ([["PPS DESA PONDOK BARU KECAMATAN KOTA MUKOMUKO"]],
     {"kelurahan": "PONDOK BARU", "kecamatan": "KOTA MUKOMUKO"}),
    ([["DAFTAR NAMA ANGGOTA KPPS"], ["PEMILIHAN UMUM TAHUN 2024"]], {}),
])
def test_places_from_titles_in_any_common_wording(rows, expected):
    assert context_from_rows(rows) == expected


def test_own_sheet_first_rows_match_what_kpps_xl_writes():
    from kpps_xl.excel import output, temuan
    from kpps_xl.workbook import sheets

    assert sheets.FINDINGS_HEADER in OWN_FIRST_ROWS[sheets.FINDINGS_SHEET]
    assert tuple(temuan.HEADER) in OWN_FIRST_ROWS["Temuan"]
    assert tuple(output.SURAT_HEADER) in OWN_FIRST_ROWS["Surat"]
    assert tuple(output.BUDGET_HEADER[:6]) in OWN_FIRST_ROWS["Anggaran"]
    # every sheet of the annotated copy is recognised, Tindak Lanjut by its title
    assert set(sheets.OWN_SHEETS) <= set(OWN_FIRST_ROWS)
    from kpps_xl.health import FOLLOW_UP_TITLE

    assert OWN_FIRST_ROWS[sheets.FOLLOW_UP_SHEET] == ((FOLLOW_UP_TITLE,),)


@pytest.fixture(scope="module")
def sample_dir(tmp_path_factory) -> Path:
    outdir = tmp_path_factory.mktemp("contoh")
    write_samples(outdir)
    return outdir


def findings_of(path: Path, settings: Settings | None = None) -> list[dict]:
    """The report's findings without the file names (a copy has another name)."""
    doc = check(path, settings or Settings()).to_dict()
    return [{**f, "file": None, "related": [{**r, "file": None} for r in f["related"]]}
            for f in doc["findings"]]


def assert_annotated_copy_checks_the_same(path: Path, tmp: Path,
                                          settings: Settings | None = None) -> list[dict]:
    """check(annotated copy) == check(original); returns the findings."""
    settings = settings or Settings()
    original = findings_of(path, settings)
    copy = annotate(path, check(path, settings), tmp / f"{path.stem}-diperiksa.xlsx")
    assert findings_of(Path(copy), settings) == original
    return original


@pytest.mark.parametrize("name", ["kpps_bersih.xlsx", "kpps_cacat.xlsx", "kpps_cacat_2.xlsx"])
def test_an_annotated_sample_checks_exactly_like_its_original(sample_dir, tmp_path, name):
    doc = json.loads((sample_dir / "expected.json").read_text(encoding="utf-8"))
    conf = doc["settings"]
    settings = Settings(region_code=conf["region_code"], team_size=conf["team_size"])
    found = assert_annotated_copy_checks_the_same(sample_dir / name, tmp_path, settings)
    assert len(found) == len(doc["files"][name])


def test_budget_of_the_clean_sample_knows_every_kecamatan(sample_dir):
    from kpps_xl.budget import compute_budget
    from kpps_xl.roster import load_roster

    roster = load_roster(sample_dir / "kpps_bersih.xlsx")
    assert roster.df["kecamatan"].notna().all()
    budget = compute_budget(roster, Settings())
    assert all(line.kecamatan for line in budget.lines)


def test_a_ketua_anggota_placeholder_is_reported_by_tps_ketua():
    from builders import HEADER, numbered, team

    from kpps_xl.roster import roster_from_values
    from kpps_xl.validate import validate

    rows = team(1)
    rows[0][4] = "Ketua/Anggota"
    report = validate(roster_from_values([HEADER, *numbered(rows)], "S", "a.xlsx"), Settings())
    assert [(f.code, f.row) for f in report.findings] == [("tps.ketua", 2)]
    rows[0][4] = "Ketua merangkap anggota"
    report = validate(roster_from_values([HEADER, *numbered(rows)], "S", "a.xlsx"), Settings())
    assert report.findings == []
