"""Bad [anggaran] settings give an Indonesian SettingsError naming the setting."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_budget_helpers import kpps_rows, roster_of, settings_with

from kpps_xl.budget import budget_config, compute_budget
from kpps_xl.errors import InputError, KppsError
from kpps_xl.settings import SettingsError, load_settings


@pytest.mark.parametrize(("anggaran", "named", "words"), [
    ({"peran": {"anggota_kpps": {"jumlah": -5}}}, "anggaran.peran.anggota_kpps.jumlah",
     "antara 0"),
    ({"peran": {"anggota_kpps": {"jumlah": 12.5}}}, "anggaran.peran.anggota_kpps.jumlah",
     "bilangan bulat"),
    ({"peran": {"anggota_kpps": {"jumlah": "4095"}}}, "anggaran.peran.anggota_kpps.jumlah",
     "bilangan bulat"),
    ({"peran": {"anggota_kpps": {"jumlah": True}}}, "anggaran.peran.anggota_kpps.jumlah",
     "bilangan bulat"),
    ({"peran": {"anggota_kpps": {"jumlah": {"LUBUK PINANG": -1}}}},
     "anggaran.peran.anggota_kpps.jumlah.LUBUK PINANG", "jumlah orang"),
    ({"jumlah_tps": -1}, "anggaran.jumlah_tps", "jumlah orang"),
    ({"badan": {"KPPS": {"skema": "ASURANSI"}}}, "anggaran.badan.KPPS.skema", "tidak dikenal"),
    ({"peran": {"ketua_ppk": {"skema": "JKN"}}}, "anggaran.peran.ketua_ppk.skema",
     "tidak dikenal"),
    ({"skema": {"TASPEN": {"iuran": 1}}}, "anggaran.skema", "Skema tidak dikenal"),
    ({"peran": {"bendahara": {"jumlah": 1}}}, "anggaran.peran.bendahara", "Peran tidak dikenal"),
    ({"badan": {"KPU": {"bulan": 2}}}, "anggaran.badan.KPU", "Badan tidak dikenal"),
    ({"skema": {"PPU": {"jkk_persen": 120}}}, "anggaran.skema.PPU.jkk_persen", "antara 0 dan 100"),
    ({"skema": {"BPU": {"jkk_persen": -1}}}, "anggaran.skema.BPU.jkk_persen", "antara 0 dan 100"),
    ({"skema": {"PPU": {"jkm_persen": "tiga"}}}, "anggaran.skema.PPU.jkm_persen", "persentase"),
    ({"skema": {"PPU": {"jkk_persen": 0.123456}}}, "anggaran.skema.PPU.jkk_persen",
     "4 angka desimal"),
    ({"badan": {"PPK": {"bulan": 0}}}, "anggaran.badan.PPK.bulan", "antara 1 dan 24"),
    ({"peran": {"pkd": {"bulan": 25}}}, "anggaran.peran.pkd.bulan", "antara 1 dan 24"),
    ({"peran": {"pkd": {"bulan": 6.5}}}, "anggaran.peran.pkd.bulan", "bilangan bulat"),
    ({"peran": {"ketua_kpps": {"honor": -1}}}, "anggaran.peran.ketua_kpps.honor", "rupiah"),
    ({"preset": "pemilu2029"}, "anggaran.preset", "pemilu2024"),
    ({"tarif": 1}, "[anggaran]", "tidak dikenal"),
    ({"peran": {"linmas": {"jumlahh": 3}}}, "[anggaran.peran.linmas]", "jumlahh"),
    ({"skema": {"BPU": {"penghasilan_min": 3_000_000, "penghasilan_maks": 2_000_000}}},
     "anggaran.skema.BPU.penghasilan_min", "lebih besar"),
    ({"skema": {"JKN": {"bantuan_pemerintah": "ya"}}}, "anggaran.skema.JKN.bantuan_pemerintah",
     "true atau false"),
    ({"peran": {"Ketua-KPPS2": {"badan": "KPPS", "jabatan": "x", "skema": "BPU", "bulan": 1,
                                "honor": 1}}}, "Ketua-KPPS2", "huruf kecil"),
])
def test_bad_setting_is_named_in_an_indonesian_error(anggaran, named, words):
    with pytest.raises(SettingsError) as caught:
        compute_budget(None, settings_with(anggaran))
    assert named in str(caught.value)
    assert words in str(caught.value)
    assert isinstance(caught.value, KppsError)


def test_new_role_from_settings_is_budgeted_and_matched_in_the_roster():
    settings = settings_with({"peran": {"operator_sirekap": {
        "badan": "Operator Sirekap", "jabatan": "Operator Sirekap", "skema": "PPU", "bulan": 2,
        "honor": 1_000_000}}})
    assert budget_config(settings).role("operator_sirekap").honorarium == 1_000_000
    roster = roster_of([{"kecamatan": "A", "badan": "OPERATOR SIREKAP"}] * 3)
    (line,) = compute_budget(roster, settings).lines
    # 1.000.000: 2.400 + 3.000 = 5.400 x 3 people x 2 months
    assert (line.body, line.premium, line.subtotal) == ("Operator Sirekap", 5_400, 32_400)


def test_unknown_body_in_the_roster_names_it_and_where_it_is():
    roster = roster_of([{"kecamatan": "A", "badan": "Relawan", "_file": "daftar.xlsx",
                         "_sheet": "KEC A", "_row": 9}])
    with pytest.raises(InputError) as caught:
        compute_budget(roster, None)
    message = str(caught.value)
    assert "Relawan" in message and "baris 9" in message and "[anggaran.peran" in message


def test_two_roles_with_the_same_jabatan_are_refused():
    settings = settings_with({"peran": {"ketua_pps": {"jabatan": "Anggota PPS"}}})
    with pytest.raises(SettingsError, match="Anggota PPS"):
        compute_budget(None, settings)


def test_percent_written_as_indonesian_text_is_accepted():
    config = budget_config(settings_with({"skema": {"PPU": {"jkk_persen": "0,10%",
                                                            "jkm_persen": "0,20"}}}))
    assert config.schemes["PPU"].rate_text() == "0,10% + 0,20%"


def test_sample_settings_file_is_valid_and_budgets_linmas_per_tps():
    sample = Path(__file__).resolve().parents[1] / "samples" / "kpps-xl.toml"
    settings = load_settings(sample)
    roster = roster_of(kpps_rows("LUBUK PINANG", "ARAH TIGA", 3))
    budget = compute_budget(roster, settings)
    counts = {x.role: x.count for x in budget.lines}
    assert counts == {"Ketua KPPS": 3, "Anggota KPPS": 18, "Satlinmas (petugas ketertiban TPS)": 6}
    # the sample chooses the default preset ppu_honor: 0,54% of each honorarium
    assert budget.total == 3 * 6_480 + 18 * 5_940 + 6 * 3_780


def test_range_error_message_reads_cleanly_without_a_stray_dot():
    with pytest.raises(SettingsError) as err:
        budget_config(settings_with({"peran": {"linmas": {"jumlah": -1}}}))
    assert str(err.value) == ("Pengaturan 'anggaran.peran.linmas.jumlah' harus jumlah orang "
                              "antara 0 dan 10.000.000, bukan -1.")
