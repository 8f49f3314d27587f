"""Indonesian formatting edge values and [kantor]/[surat] settings errors for letters."""

from __future__ import annotations

import datetime as dt

import pytest
from test_letters_helpers import okus_budget, okus_roster, okus_sections, okus_settings

from kpps_xl.letters import angka, render_letters, rupiah, tanggal, terbilang, terbilang_rupiah
from kpps_xl.letters.config import format_nomor, letter_setup, parse_letter_settings
from kpps_xl.settings import Settings, SettingsError


@pytest.mark.parametrize(("value", "words"), [
    (0, "nol"),
    (11, "sebelas"),
    (100, "seratus"),
    (1_000, "seribu"),
    (1_000_000, "satu juta"),
    (1_001_000_000, "satu miliar satu juta"),
    (247_296_000, "dua ratus empat puluh tujuh juta dua ratus sembilan puluh enam ribu"),
])
def test_terbilang_edge_values(value, words):
    assert terbilang(value) == words
    assert terbilang_rupiah(value) == f"{words} rupiah"


@pytest.mark.parametrize(("value", "text"), [
    (0, "Rp0"), (11, "Rp11"), (100, "Rp100"), (1_000, "Rp1.000"), (1_000_000, "Rp1.000.000"),
    (1_001_000_000, "Rp1.001.000.000"), (247_296_000, "Rp247.296.000"), (-5_000, "-Rp5.000"),
])
def test_rupiah_uses_dots_and_no_decimals(value, text):
    assert rupiah(value) == text


def test_rupiah_and_terbilang_refuse_floats():
    with pytest.raises(TypeError):
        rupiah(16800.0)
    with pytest.raises(TypeError):
        terbilang(1.5)


@pytest.mark.parametrize(("date", "text"), [
    (dt.date(2024, 2, 14), "14 Februari 2024"),
    (dt.date(2024, 1, 1), "1 Januari 2024"),
    (dt.date(2024, 11, 27), "27 November 2024"),
    (dt.date(2023, 12, 31), "31 Desember 2023"),
    (dt.date(2024, 8, 17), "17 Agustus 2024"),
])
def test_indonesian_dates(date, text):
    assert tanggal(date) == text


def test_thousands_for_counts():
    assert angka(9_464) == "9.464"
    assert angka(0) == "0"


def test_nomor_pattern_fills_known_fields():
    values = {"urut": "045", "tahun": "2024", "bulan_romawi": "I", "kode_satker": "1609"}
    assert format_nomor("{urut}/PP.04-SD/{kode_satker}/{bulan_romawi}/{tahun}", values,
                        "surat.nomor_pola") == "045/PP.04-SD/1609/I/2024"


def test_nomor_pattern_with_unknown_placeholder_names_setting_and_field():
    with pytest.raises(SettingsError, match=r"'surat.nomor_pola'.*\{nomer\}"):
        format_nomor("{nomer}/2024", {}, "surat.nomor_pola")


def test_nomor_pattern_with_a_format_spec_is_a_settings_error_not_a_crash():
    values = {"urut": "045", "tahun": "2024", "bulan": "01", "kode_satker": "1609"}
    for pattern, shown in (("{urut}/{tahun:04d}", "{tahun:04d}"), ("{bulan!r}", "{bulan!r}"),
                           ("{urut:>5}/{tahun}", "{urut:>5}")):
        with pytest.raises(SettingsError, match=r"'surat.nomor_pola'") as err:
            format_nomor(pattern, values, "surat.nomor_pola")
        assert shown in str(err.value)
    with pytest.raises(SettingsError, match=r"'surat.nomor_pola'"):
        format_nomor("{urut}/{tahun[0]}", values, "surat.nomor_pola")
    sections = okus_sections()
    sections["surat"]["nomor_pola"] = "{urut}/{tahun:04d}"
    ls = parse_letter_settings(okus_settings(sections))
    with pytest.raises(SettingsError, match=r"'surat.nomor_pola'"):
        letter_setup(ls, "pemda")


def test_nomor_without_urut_leaves_a_visible_blank_and_month_in_roman():
    sections = okus_sections()
    sections["surat"]["nomor_pola"] = "{urut}/PP.04-SD/{kode_satker}/{bulan_romawi}/{tahun}"
    del sections["surat"]["pemda"]["urut"]
    ls = parse_letter_settings(okus_settings(sections))
    assert letter_setup(ls, "pemda").nomor == "……/PP.04-SD/1609/I/2024"


def test_nomor_written_in_full_overrides_the_pattern():
    sections = okus_sections()
    sections["surat"]["pemda"]["nomor"] = "12/PL.02.1-SD/1609/2024"
    ls = parse_letter_settings(okus_settings(sections))
    assert letter_setup(ls, "pemda").nomor == "12/PL.02.1-SD/1609/2024"


def test_kode_satker_falls_back_to_region_code_and_is_named_when_both_missing():
    sections = okus_sections()
    ls = parse_letter_settings(Settings(region_code=None, sections=sections))
    with pytest.raises(SettingsError, match="'surat.kode_satker' belum diisi"):
        letter_setup(ls, "pemda")


def test_missing_kantor_section_is_a_clear_error(tmp_path):
    sections = okus_sections()
    del sections["kantor"]
    with pytest.raises(SettingsError, match=r"Bagian \[kantor\] belum ada"):
        render_letters(okus_budget(), okus_roster(), okus_settings(sections), tmp_path)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("section", "key", "name"), [
    ("kantor", "alamat", "'kantor.alamat'"),
    ("kantor", "kota", "'kantor.kota'"),
    ("surat", "nomor_pola", "'surat.nomor_pola'"),
    ("surat.pemda", "kepada", "'surat.pemda.kepada'"),
    ("surat.bpjs_tk", "kepada", "'surat.bpjs_tk.kepada'"),
    ("surat.penanda_tangan", "nama", "'surat.penanda_tangan.nama'"),
])
def test_missing_setting_names_the_setting_and_writes_nothing(tmp_path, section, key, name):
    sections = okus_sections()
    table = sections
    for part in section.split("."):
        table = table[part]
    del table[key]
    out = tmp_path / "out"
    with pytest.raises(SettingsError, match=name) as err:
        render_letters(okus_budget(), okus_roster(), okus_settings(sections), out)
    assert "belum diisi" in str(err.value)
    assert not out.exists()


def test_unknown_key_in_surat_section_lists_known_keys():
    sections = okus_sections()
    sections["surat"]["tembusn"] = ["Arsip"]
    with pytest.raises(SettingsError, match=r"tidak dikenal di \[surat\]: tembusn"):
        parse_letter_settings(okus_settings(sections))


def test_invalid_values_name_the_setting():
    for key, value, name in (("batas_tabel_lampiran", "lima", "surat.batas_tabel_lampiran"),
                             ("pemilihan", "pileg", "surat.pemilihan"),
                             ("tanggal", "31-02-2024", "surat.tanggal"),
                             ("tembusan", "Arsip", "surat.tembusan")):
        sections = okus_sections()
        sections["surat"][key] = value
        with pytest.raises(SettingsError, match=name):
            ls = parse_letter_settings(okus_settings(sections))
            letter_setup(ls, "pemda")


def test_missing_logo_file_is_named(tmp_path):
    sections = okus_sections()
    sections["kantor"]["logo"] = "tidak-ada.png"
    with pytest.raises(SettingsError, match="'kantor.logo'"):
        parse_letter_settings(Settings(sections=sections, source=str(tmp_path / "k.toml")))


def test_date_defaults_to_today_when_not_set():
    sections = okus_sections()
    del sections["surat"]["tanggal"]
    ls = parse_letter_settings(okus_settings(sections), today=dt.date(2024, 2, 1))
    assert ls.tanggal == dt.date(2024, 2, 1)
