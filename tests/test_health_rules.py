"""Health and coverage rules: each code raised at the right cell, and not raised when fine."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from builders import HEADER, nik_for, numbered, team, write_xlsx

from kpps_xl.health.status import certificate_present, screening_state
from kpps_xl.roster import load_roster, roster_from_values
from kpps_xl.settings import Settings, SettingsError, load_settings
from kpps_xl.validate import validate

# Health columns after the standard ones (A-G): H skrining, I surat sehat, J BPJS Kes, K KPJ,
# L KK
HEALTH_HEADER = [*HEADER, "Hasil Skrining", "Surat Keterangan Sehat", "No. Kartu BPJS Kesehatan",
                 "No. KPJ", "No. KK"]
CODES = ("health.not_screened", "health.at_risk", "health.no_certificate", "bpjs.kes_format",
         "bpjs.tk_format", "kk.format")


def healthy_team(tps: int = 1) -> list[list[object]]:
    """A team whose health columns are all fine (KK differs from every NIK)."""
    rows = team(tps)
    for i, row in enumerate(rows):
        row += ["Tidak Berisiko", "Ada", f"000{1234567000 + i}", f"2401234{5670 + i}",
                f"17060201010{10000 + i}"]
    return rows


def check(rows, settings=None, header=HEALTH_HEADER):
    roster = roster_from_values([header, *numbered(rows)], "KEC A", "a.xlsx")
    return validate(roster, settings or Settings())


def found(report, codes=CODES):
    return [(f.code, f.row, f.column) for f in report.findings if f.code in codes]


def test_clean_health_columns_raise_nothing():
    assert check(healthy_team()).findings == []


def test_roster_without_health_columns_raises_no_health_finding():
    assert found(check(team(1), header=HEADER)) == []


@pytest.mark.parametrize("value", ["Belum", "blm mengisi", "-", None, "entahlah"])
def test_not_screened_on_belum_empty_or_unknown(value):
    rows = healthy_team()
    rows[2][6] = value
    assert found(check(rows)) == [("health.not_screened", 4, "H")]


@pytest.mark.parametrize("value", ["Berisiko", "BERESIKO", "Risiko tinggi", "Ya, berisiko"])
def test_at_risk_on_berisiko_wordings(value):
    rows = healthy_team()
    rows[3][6] = value
    report = check(rows)
    assert found(report) == [("health.at_risk", 5, "H")]
    assert "usia" not in report.findings[0].message  # 34 years old: below the preferred max


@pytest.mark.parametrize("value", ["Tidak Berisiko", "tdk beresiko", "Non Risiko", "Normal",
                                   "Sudah", "√", "Risiko rendah"])
def test_screened_not_at_risk_wordings_raise_nothing(value):
    rows = healthy_team()
    rows[1][6] = value
    assert found(check(rows)) == []


def test_at_risk_message_adds_the_age_above_the_preferred_maximum():
    rows = healthy_team()
    old = dt.date(1964, 5, 1)  # 59 on 2024-02-14
    rows[4][1], rows[4][3] = nik_for(old, "L", 77), old.strftime("%d-%m-%Y")
    rows[4][6] = "Berisiko"
    report = check(rows)
    at_risk = [f for f in report.findings if f.code == "health.at_risk"]
    assert [(f.row, f.column) for f in at_risk] == [(6, "H")]
    assert "usia 59 tahun" in at_risk[0].message and "55" in at_risk[0].message
    assert ("age.over_preferred", 6, "E") in [(f.code, f.row, f.column) for f in report.findings]


@pytest.mark.parametrize("value", [None, "Tidak", "Tidak ada", "-", "Belum"])
def test_no_certificate(value):
    rows = healthy_team()
    rows[0][7] = value
    assert found(check(rows)) == [("health.no_certificate", 2, "I")]


@pytest.mark.parametrize(("column", "value", "code", "letter"), [
    (8, "000123456789", "bpjs.kes_format", "J"),          # 12 digits
    (8, 1234567890123, "bpjs.kes_format", "J"),           # stored as a number
    (8, "0001-2345-678X-9", "bpjs.kes_format", "J"),      # a letter inside
    (9, "240123456", "bpjs.tk_format", "K"),              # 9 digits
    (9, 24012345678, "bpjs.tk_format", "K"),              # stored as a number
    (10, "170602010101", "kk.format", "L"),                # 12 digits
    (10, 1706020101010000, "kk.format", "L"),             # number: the 16th digit is gone
])
def test_id_number_wrong_length_or_stored_as_number(column, value, code, letter):
    rows = healthy_team()
    rows[5][column] = value
    report = check(rows)
    assert found(report) == [(code, 7, letter)]
    digits = "".join(ch for ch in str(value) if ch.isdigit())
    assert digits not in report.findings[0].message  # the number is masked in the message


@pytest.mark.parametrize(("column", "value"), [
    (8, "0001 2345 6789 0"), (8, "-"), (8, None), (9, "2401.2345.678"), (9, "-"),
    (10, "1706 0201 0101 0001"), (10, None),
])
def test_id_numbers_with_separators_or_placeholders_are_fine(column, value):
    rows = healthy_team()
    rows[6][column] = value
    assert found(check(rows)) == []


def test_kk_equal_to_the_persons_nik_is_a_typing_error():
    rows = healthy_team()
    rows[2][10] = rows[2][1]
    rows[3][10] = rows[2][1]  # another person's NIK as KK (a family member): fine
    report = check(rows)
    assert found(report) == [("kk.format", 4, "L")]
    assert "sama dengan NIK" in report.findings[0].message


def test_inactive_rows_are_not_followed_up():
    rows = healthy_team()
    rows[2][6] = "Belum"
    roster = roster_from_values([HEALTH_HEADER, *numbered(rows)], "KEC A", "a.xlsx")
    roster.df["aktif"] = [i != 2 for i in range(len(roster.df))]
    assert found(validate(roster, Settings())) == []


def test_levels_and_switches_come_from_settings(tmp_path: Path):
    rows = healthy_team()
    rows[0][6], rows[1][7], rows[2][10] = "Belum", "Tidak", "123"
    config = tmp_path / "kpps-xl.toml"
    config.write_text('[kesehatan]\nbelum_skrining = "galat"\ntanpa_surat_sehat = "mati"\n'
                      "format_kk = false\n", encoding="utf-8")
    report = check(rows, load_settings(config))
    assert [(f.code, f.severity) for f in report.findings] == [("health.not_screened", "error")]
    assert report.errors == 1
    assert {f.code for f in check(rows).findings} == {
        "health.not_screened", "health.no_certificate", "kk.format"}


@pytest.mark.parametrize(("text", "word"), [
    ('[kesehatan]\nberisiko = "merah"\n', "kesehatan.berisiko"),
    ('[kesehatan]\nbelum_vaksin = "info"\n', "belum_vaksin"),
    ("kesehatan = 3\n", "[kesehatan]"),
])
def test_bad_health_settings_name_the_key(tmp_path: Path, text, word):
    config = tmp_path / "kpps-xl.toml"
    config.write_text(text, encoding="utf-8")
    with pytest.raises(SettingsError, match=word.replace("[", r"\[").replace("]", r"\]")):
        load_settings(config)


def test_default_settings_keep_catalogue_levels():
    settings = Settings()
    assert all(settings.level(code) == "warning" for code in CODES)
    assert dataclasses.replace(settings, rule_levels={"kk.format": None}).level("kk.format") is None


def test_screening_and_certificate_wordings():
    assert screening_state("Sudah - Tidak Berisiko") == "tidak_berisiko"
    assert screening_state("belum, berisiko?") == "belum"
    assert screening_state("") is None
    assert certificate_present("440/12/PKM/2024") and not certificate_present("kosong")


def test_health_columns_read_from_a_workbook_with_numbers_kept_recognisable(tmp_path: Path):
    """A layout the other tests lack: health columns before the placement, ids typed as numbers."""
    dob = dt.date(1990, 3, 1)
    header = ["NO", "NAMA LENGKAP", "N I K", "NOMOR KK", "NPWP", "NO. BPJS KESEHATAN",
              "NO KPJ BPJS KETENAGAKERJAAN", "STATUS JKN", "HASIL SKRINING KESEHATAN",
              "SURAT KET. SEHAT", "L/P", "TGL LAHIR", "JABATAN", "NO TPS"]
    rows = [header,
            [1, "Ani", nik_for(dob, "P", 1), 1706020101010001, "12.345.678.9-012.000",
             1234567890123, "24012345678", "Aktif", "Berisiko", "Ada", "P", "01-03-1990",
             "Ketua", 1],
            [2, "Budi", nik_for(dob, "L", 2), "1706020101010002", 123456789012000,
             "0001234567890", 24012345679, "Tidak aktif", "Belum", "Tidak", "L", "01-03-1990",
             "Anggota", 1]]
    path = write_xlsx(tmp_path / "kesehatan.xlsx", {"TPS 1": rows})
    roster = load_roster(path)
    df = roster.df
    assert df["no_kk_numeric"].tolist() == [True, False]
    assert df["npwp_numeric"].tolist() == [False, True]
    assert df["no_bpjs_kes"].tolist() == ["1234567890123", "0001234567890"]
    assert df["no_bpjs_kes_numeric"].tolist() == [True, False]
    assert df["no_kpj_numeric"].tolist() == [False, True]
    assert df["skrining"].tolist() == ["Berisiko", "Belum"]
    assert df["surat_sehat"].tolist() == ["Ada", "Tidak"]
    assert df["status_jkn"].tolist() == ["Aktif", "Tidak aktif"]
    letters = roster.sheets[0].columns
    assert (letters["no_kk"], letters["skrining"], letters["surat_sehat"]) == ("D", "I", "J")
    report = validate(roster, Settings())
    assert sorted((f.code, f.row, f.column) for f in report.findings if f.code in CODES) == [
        ("bpjs.kes_format", 2, "F"), ("bpjs.tk_format", 3, "G"), ("health.at_risk", 2, "I"),
        ("health.no_certificate", 3, "J"), ("health.not_screened", 3, "I"),
        ("kk.format", 2, "D")]


def test_every_health_setting_and_export_column_is_documented_and_in_the_sample_config():
    from kpps_xl.health.config import RULE_KEYS
    from kpps_xl.health.enrolment import FIELDS

    root = Path(__file__).resolve().parents[1]
    docs = (root / "docs" / "kesehatan.md").read_text(encoding="utf-8")
    readme = (root / "README.md").read_text(encoding="utf-8")
    for key, code in RULE_KEYS.items():
        assert f"{key} = " in docs and f"`{key}`" in readme and f"`{code}`" in docs
    for key in FIELDS:
        assert f"`{key}`" in docs or f'"{key}"' in docs, key
    sample = load_settings(root / "samples" / "kpps-xl.toml")
    assert set(sample.rule_levels) == set(RULE_KEYS.values())
