"""compute_budget: published cases, PPU by hand, rounding, roster counts, JKN, summaries."""

from __future__ import annotations

import re
from fractions import Fraction

import pandas as pd
import pytest
from test_budget_helpers import kpps_rows, roster_of, settings_with

from kpps_xl.budget import Budget, BudgetLine, compute_budget
from kpps_xl.budget.money import half_up, percent_text, rupiah
from kpps_xl.settings import Settings, SettingsError


def test_mukomuko_4095_kpps_on_bpu_for_one_month_from_settings():
    settings = settings_with({"peran": {"anggota_kpps": {"jumlah": 4095}}})
    budget = compute_budget(None, settings)
    assert budget.total == 68_796_000
    (line,) = budget.lines
    assert (line.body, line.scheme, line.count, line.months) == ("KPPS", "BPU", 4095, 1)
    assert (line.base, line.premium, line.rate) == (1_000_000, 16_800, "1% + Rp6.800")


def test_mukomuko_585_tps_roster_over_three_kecamatan_gives_the_same_total():
    rows = (kpps_rows("LUBUK PINANG", "ARAH TIGA", 200) + kpps_rows("KOTA MUKOMUKO", "KOTO JAYA", 200)
            + kpps_rows("TERAS TERUNJAM", "TERAS TERUNJAM", 185))
    budget = compute_budget(roster_of(rows), settings_with({}))
    assert budget.total == 68_796_000
    assert sum(x.count for x in budget.lines) == 4095
    ketua = [x for x in budget.lines if x.role == "Ketua KPPS"]
    assert {x.kecamatan: x.count for x in ketua} == {
        "KOTA MUKOMUKO": 200, "LUBUK PINANG": 200, "TERAS TERUNJAM": 185}
    assert [x.kecamatan for x in budget.lines] == sorted(x.kecamatan for x in budget.lines)


def test_mukomuko_from_tps_count_and_per_tps_roles():
    settings = settings_with({"jumlah_tps": 585, "peran": {"ketua_kpps": {"per_tps": 1},
                                                           "anggota_kpps": {"per_tps": 6}}})
    budget = compute_budget(None, settings)
    assert [(x.role, x.count) for x in budget.lines] == [("Ketua KPPS", 585),
                                                         ("Anggota KPPS", 3510)]
    assert budget.total == 68_796_000


def test_oku_selatan_9464_kpps_one_month_plus_876_ppk_pps_six_months_on_bpu():
    settings = settings_with({
        "badan": {"PPK": {"skema": "BPU", "bulan": 6}, "PPS": {"skema": "BPU", "bulan": 6}},
        "peran": {"anggota_kpps": {"jumlah": 9464},
                  "ketua_ppk": {"jumlah": 19}, "anggota_ppk": {"jumlah": 76},
                  "ketua_pps": {"jumlah": 260}, "anggota_pps": {"jumlah": 521}},
    })
    budget = compute_budget(None, settings)
    assert budget.total == 247_296_000
    assert budget.total_for("BPU") == budget.total_for("TK") == 247_296_000
    summary = {s.body: s for s in budget.by_body()}
    assert summary["KPPS"].subtotal == 158_995_200
    assert summary["PPK"].count + summary["PPS"].count == 876
    assert summary["PPK"].subtotal + summary["PPS"].subtotal == 88_300_800
    assert summary["PPS"].months == 6 and summary["PPS"].premium == 16_800


def test_ppu_kpps_case_computed_by_hand_with_pemilu_honoraria():
    # 10 TPS on PPU, Pemilu 2024 honoraria:
    #   ketua   1.200.000: JKK 0,24% = 2.880, JKM 0,30% = 3.600 -> 6.480 x 10 = 64.800
    #   anggota 1.100.000: JKK 0,24% = 2.640, JKM 0,30% = 3.300 -> 5.940 x 60 = 356.400
    #   total for 1 month = 421.200
    roster = roster_of(kpps_rows("LUBUK PINANG", "ARAH TIGA", 10))
    settings = settings_with({"badan": {"KPPS": {"skema": "PPU"}}})
    budget = compute_budget(roster, settings)
    assert [(x.role, x.count, x.base, x.rate, x.premium, x.subtotal) for x in budget.lines] == [
        ("Ketua KPPS", 10, 1_200_000, "0,24% + 0,30%", 6_480, 64_800),
        ("Anggota KPPS", 60, 1_100_000, "0,24% + 0,30%", 5_940, 356_400),
    ]
    assert budget.total == 421_200
    assert budget.by_body()[0].premium == 6_480  # max of the roles, subtotal exact


def test_pilkada_preset_uses_pilkada_honoraria_on_ppu():
    settings = settings_with({"preset": "pilkada2024", "badan": {"KPPS": {"skema": "PPU"}},
                              "peran": {"ketua_kpps": {"jumlah": 1}, "anggota_kpps": {"jumlah": 6}}})
    budget = compute_budget(None, settings)
    # 900.000 -> 2.160 + 2.700 = 4.860; 850.000 -> 2.040 + 2.550 = 4.590
    assert [(x.base, x.premium) for x in budget.lines] == [(900_000, 4_860), (850_000, 4_590)]
    assert budget.total == 4_860 + 6 * 4_590


def test_half_rupiah_rounds_up_per_programme_not_on_the_summed_rate():
    # honor 1.020.625: JKK 0,24% = 2.449,5 -> 2.450; JKM 0,30% = 3.061,875 -> 3.062 => 5.512.
    # (0,54% in one go would be 5.511,375 -> 5.511: the rule is per programme.)
    settings = settings_with({"peran": {"anggota_pps": {"jumlah": 3, "honor": 1_020_625}}})
    (line,) = compute_budget(None, settings).lines
    assert (line.premium, line.months, line.subtotal) == (5_512, 6, 3 * 6 * 5_512)


def test_half_up_and_text_helpers():
    assert half_up(Fraction(49, 2)) == 25
    assert half_up(Fraction(4899, 200)) == 24
    assert half_up(0) == 0
    assert percent_text(Fraction(24, 10_000)) == "0,24%"
    assert percent_text(Fraction(3, 1000)) == "0,30%"
    assert percent_text(Fraction(1, 100)) == "1%"
    assert percent_text(Fraction(125, 100_000)) == "0,125%"
    assert rupiah(68_796_000) == "Rp68.796.000"


def test_bpu_declared_income_is_clamped_to_the_floor():
    settings = settings_with({"skema": {"BPU": {"penghasilan": 500_000}},
                              "peran": {"linmas": {"jumlah": 2}}})
    (line,) = compute_budget(None, settings).lines
    assert (line.base, line.premium) == (1_000_000, 16_800)


def test_bpu_higher_declared_income_and_changed_jkm():
    settings = settings_with({"skema": {"BPU": {"penghasilan": 2_345_650, "jkm": 7_000}},
                              "peran": {"pantarlih": {"jumlah": 4}}})
    (line,) = compute_budget(None, settings).lines
    # 1% of 2.345.650 = 23.456,5 -> 23.457; + 7.000
    assert (line.premium, line.rate, line.subtotal) == (30_457, "1% + Rp7.000", 4 * 30_457)


def test_jkn_counts_only_people_without_active_jkn_in_the_roster():
    rows = kpps_rows("LUBUK PINANG", "ARAH TIGA", 2, status_jkn="aktif")
    rows[0]["status_jkn"] = "Tidak terdaftar"  # the ketua of TPS 001
    rows[1]["status_jkn"] = "nonaktif"
    rows[2]["status_jkn"] = None  # unknown counts as not covered
    settings = settings_with({"badan": {"KPPS": {"jkn": True}}})
    budget = compute_budget(roster_of(rows), settings)
    jkn = {x.role: x for x in budget.lines if x.scheme == "JKN"}
    assert jkn["Ketua KPPS"].count == 1 and jkn["Anggota KPPS"].count == 2
    assert jkn["Anggota KPPS"].premium == 42_000 and jkn["Anggota KPPS"].rate == "Rp42.000"
    assert budget.total_for("JKN") == budget.total_for("KES") == 3 * 42_000
    assert budget.total_for("TK") == 14 * 16_800
    assert budget.total == 3 * 42_000 + 14 * 16_800


def test_jkn_with_government_share_costs_35000():
    settings = settings_with({"skema": {"JKN": {"bantuan_pemerintah": True}},
                              "peran": {"anggota_kpps": {"jumlah": 4095, "jkn": True,
                                                         "jumlah_jkn": 1099}}})
    budget = compute_budget(None, settings)
    assert budget.total_for("JKN") == 1099 * 35_000
    assert budget.total == 68_796_000 + 1099 * 35_000


def test_two_rosters_add_up_and_settings_cover_bodies_not_in_them():
    first = roster_of(kpps_rows("LUBUK PINANG", "ARAH TIGA", 3))
    second = roster_of(kpps_rows("LUBUK PINANG", "SUMBER MAKMUR", 2)
                       + [{"kecamatan": "LUBUK PINANG", "badan": "PPK", "peran": "ketua"}]
                       + [{"kecamatan": "LUBUK PINANG", "badan": "PPK", "peran": "anggota"}] * 4)
    settings = settings_with({"peran": {"linmas": {"per_tps": 2}, "pkd": {"per_kelurahan": 1},
                                        "ketua_panwascam": {"jumlah": 1}}})
    budget = compute_budget([first, second], settings)
    counts = {x.role: x.count for x in budget.lines}
    assert counts["Ketua KPPS"] == 5 and counts["Anggota KPPS"] == 30
    assert counts["Ketua PPK"] == 1 and counts["Anggota PPK"] == 4
    assert counts["Satlinmas (petugas ketertiban TPS)"] == 10
    assert counts["Panwaslu Kelurahan/Desa"] == 2
    assert counts["Ketua Panwaslu Kecamatan"] == 1
    ppk = next(x for x in budget.lines if x.role == "Ketua PPK")
    assert (ppk.scheme, ppk.months, ppk.premium) == ("PPU", 6, 6_000 + 7_500)
    assert budget.total == sum(x.count * x.months * x.premium for x in budget.lines)


def test_settings_count_for_a_body_in_the_roster_is_ignored_with_a_note():
    roster = roster_of(kpps_rows("LUBUK PINANG", "ARAH TIGA", 1))
    settings = settings_with({"peran": {"anggota_kpps": {"jumlah": 999}}})
    budget = compute_budget(roster, settings)
    assert budget.total == 7 * 16_800
    assert any("anggota_kpps.jumlah diabaikan" in note for note in budget.notes)


def test_per_tps_without_any_tps_count_is_a_note_not_a_guess():
    budget = compute_budget(None, settings_with({"peran": {"linmas": {"per_tps": 2}}}))
    assert budget.lines == () and budget.total == 0
    assert "jumlah tps tidak diketahui" in budget.notes[0]


def test_to_dict_is_json_ready_with_integer_total():
    budget = compute_budget(None, settings_with({"peran": {"anggota_kpps": {"jumlah": 4095}}}))
    data = budget.to_dict()
    assert data["total"] == 68_796_000 and isinstance(data["total"], int)
    assert data["lines"][0] == {
        "kecamatan": None, "body": "KPPS", "role": "Anggota KPPS", "scheme": "BPU",
        "count": 4095, "months": 1, "base": 1_000_000, "rate": "1% + Rp6.800",
        "premium": 16_800, "subtotal": 68_796_000}
    assert data["by_body"] == [{"body": "KPPS", "scheme": "BPU", "count": 4095, "months": 1,
                                "premium": 16_800, "subtotal": 68_796_000}]


def test_by_body_and_total_for_on_hand_built_lines():
    lines = (
        BudgetLine("A", "PPK", "Ketua PPK", "PPU", 1, 6, 2_500_000, "0,24% + 0,30%", 13_500,
                   81_000),
        BudgetLine("A", "PPK", "Anggota PPK", "PPU", 4, 6, 2_200_000, "0,24% + 0,30%", 11_880,
                   285_120),
        BudgetLine("A", "PPK", "Anggota PPK", "JKN", 2, 6, 0, "Rp42.000", 42_000, 504_000),
    )
    budget = Budget(lines=lines, total=870_120)
    assert [(s.body, s.scheme, s.count, s.premium, s.subtotal) for s in budget.by_body()] == [
        ("PPK", "PPU", 5, 13_500, 366_120), ("PPK", "JKN", 2, 42_000, 504_000)]
    assert budget.total_for("TK") == 366_120
    assert budget.total_for("ppu") == 366_120
    assert budget.total_for("JKN") == 504_000
    assert budget.total_for("XYZ") == 0


def test_empty_roster_and_no_settings_give_an_empty_budget():
    budget = compute_budget(roster_of([]), None)
    assert budget == Budget(lines=(), total=0)


def test_ppk_and_pps_secretariat_rows_in_a_roster_are_budgeted_not_dropped():
    rows = kpps_rows("KEC A", "KEL 1", 2)
    rows += [{"kecamatan": "KEC A", "badan": "PPK", "peran": p}
             for p in ("ketua", "anggota", "anggota", "sekretaris", "pelaksana", "pelaksana")]
    rows += [{"kecamatan": "KEC A", "kelurahan": "KEL 1", "badan": "PPS", "peran": p}
             for p in ("ketua", "anggota", "sekretaris", "pelaksana")]
    budget = compute_budget(roster_of(rows), Settings())
    counts = {x.role: x.count for x in budget.lines}
    assert counts["Sekretaris PPK"] == 1 and counts["Pelaksana Sekretariat PPK"] == 2
    assert counts["Sekretaris PPS"] == 1 and counts["Pelaksana Sekretariat PPS"] == 1
    assert counts["Ketua PPK"] == 1 and counts["Anggota PPK"] == 2
    assert sum(x.count for x in budget.lines) == len(rows)
    # PPU 0,24% + 0,30%: 1.850.000 -> 4.440 + 5.550 = 9.990 per month, 6 months
    (sek,) = [x for x in budget.lines if x.role == "Sekretaris PPK"]
    assert (sek.body, sek.scheme, sek.premium, sek.subtotal) == (
        "Sekretariat PPK", "PPU", 9_990, 6 * 9_990)


def test_jkn_status_words_ya_ada_sudah_aktif_are_active_and_negations_are_not():
    from kpps_xl.budget.compute import jkn_inactive

    active = ["Ya", "Ada", "Sudah aktif", "Aktif", "AKTIF (PBI)", " aktif "]
    inactive = ["Tidak", "Nonaktif", "Tidak aktif", "Belum", "-", "", "non-aktif",
                "Tidak ada", "tdk aktif", "PBI?", None]
    status = pd.Series(active + inactive, dtype=object)
    assert jkn_inactive(status).tolist() == [False] * len(active) + [True] * len(inactive)
    rows = kpps_rows("KEC A", "KEL 1", 1)
    for row, text in zip(rows, ("Ya", "Ada", "Sudah aktif", "Tidak aktif", "Belum", "-", "Nonaktif"),
                         strict=True):
        row["status_jkn"] = text
    budget = compute_budget(roster_of(rows), settings_with({"badan": {"KPPS": {"jkn": True}}}))
    assert sum(x.count for x in budget.lines if x.scheme == "JKN") == 4


def _lines_of(anggaran):
    return [(x.kecamatan, x.scheme, x.count) for x in compute_budget(None, settings_with(anggaran)).lines]


def test_jumlah_jkn_scalar_with_per_kecamatan_jumlah_is_a_kab_kota_total():
    role = {"jkn": True, "jumlah": {"A": 10, "B": 5}, "jumlah_jkn": 3}
    assert _lines_of({"peran": {"anggota_kpps": role}}) == [
        ("A", "BPU", 10), ("B", "BPU", 5), (None, "JKN", 3)]


def test_jumlah_jkn_per_kecamatan_with_a_scalar_jumlah_gives_jkn_lines_per_kecamatan():
    role = {"jkn": True, "jumlah": 10, "jumlah_jkn": {"A": 3, "B": 2}}
    assert _lines_of({"peran": {"anggota_kpps": role}}) == [
        ("A", "JKN", 3), ("B", "JKN", 2), (None, "BPU", 10)]
    # both per kecamatan: an unlisted kecamatan keeps everyone (the default)
    role = {"jkn": True, "jumlah": {"A": 10, "B": 5}, "jumlah_jkn": {"A": 3}}
    assert _lines_of({"peran": {"anggota_kpps": role}}) == [
        ("A", "BPU", 10), ("A", "JKN", 3), ("B", "BPU", 5), ("B", "JKN", 5)]


def test_jumlah_jkn_with_derived_per_tps_counts_is_used_as_given():
    role = {"jkn": True, "per_tps": 6, "jumlah_jkn": 3}
    assert _lines_of({"jumlah_tps": 10, "peran": {"anggota_kpps": role}}) == [
        (None, "BPU", 60), (None, "JKN", 3)]


def test_jumlah_jkn_larger_than_the_count_is_a_settings_error_naming_it():
    cases = (({"jumlah": 10, "jumlah_jkn": 30}, "anggaran.peran.anggota_kpps.jumlah_jkn'"),
             ({"jumlah": {"A": 10, "B": 5}, "jumlah_jkn": {"A": 11}},
              "anggaran.peran.anggota_kpps.jumlah_jkn.A'"),
             ({"jumlah": {"A": 10}, "jumlah_jkn": {"C": 1}},
              "anggaran.peran.anggota_kpps.jumlah_jkn'"))
    for role, named in cases:
        with pytest.raises(SettingsError, match=re.escape(named)):
            compute_budget(None, settings_with({"peran": {"anggota_kpps": {"jkn": True, **role}}}))
    with pytest.raises(SettingsError, match="jumlah_jkn"):
        compute_budget(None, settings_with({"jumlah_tps": 1, "peran": {
            "anggota_kpps": {"jkn": True, "per_tps": 6, "jumlah_jkn": 7}}}))


def test_jumlah_jkn_without_jkn_or_with_a_roster_is_ignored_with_a_note():
    budget = compute_budget(None, settings_with({"peran": {"anggota_kpps": {"jumlah": 10,
                                                                            "jumlah_jkn": 3}}}))
    assert [x.scheme for x in budget.lines] == ["BPU"]
    assert any("anggaran.peran.anggota_kpps.jumlah_jkn diabaikan" in n for n in budget.notes)
    budget = compute_budget(roster_of(kpps_rows("KEC A", "KEL 1", 1)), settings_with(
        {"peran": {"anggota_kpps": {"jkn": True, "jumlah_jkn": 1}}}))
    assert sum(x.count for x in budget.lines if x.scheme == "JKN") == 6
    assert any("jumlah_jkn diabaikan: jumlah Anggota KPPS dihitung dari daftar" in n
               for n in budget.notes)


def test_government_share_on_an_already_net_iuran_35000_gives_28000_with_a_note():
    settings = settings_with({"skema": {"JKN": {"iuran": 35_000, "bantuan_pemerintah": True}},
                              "peran": {"anggota_kpps": {"jumlah": 10, "jkn": True}}})
    budget = compute_budget(None, settings)
    (jkn,) = [x for x in budget.lines if x.scheme == "JKN"]
    assert jkn.premium == 28_000
    (note,) = budget.notes
    assert "anggaran.skema.JKN" in note and "Rp28.000" in note and "hapus bantuan_pemerintah" in note
    for skema in ({"bantuan_pemerintah": True}, {"iuran": 42_000, "bantuan_pemerintah": True},
                  {"iuran": 35_000}, {"iuran": 35_000, "bantuan_pemerintah": False}):
        settings = settings_with({"skema": {"JKN": skema},
                                  "peran": {"anggota_kpps": {"jumlah": 10, "jkn": True}}})
        assert compute_budget(None, settings).notes == (), skema


def test_cilegon_2024_published_case_on_the_default_ppu_preset():
    """Kota Cilegon 2024 (domain-reference §11): 1,253 TPS -> 1,253 ketua + 7,518 anggota KPPS
    + 2,506 Linmas, PPU 0,54% of the Pemilu 2024 honoraria, one month = Rp62.249.040."""
    from kpps_xl.budget.roles import DEFAULT_ROLES

    settings = Settings(sections={"anggaran": {
        "jumlah_tps": 1_253,
        "peran": {"ketua_kpps": {"per_tps": 1}, "anggota_kpps": {"per_tps": 6},
                  "linmas": {"per_tps": 2}},
    }})  # no skema_bawaan: the default preset
    budget = compute_budget(None, settings)
    assert {(x.role, x.count) for x in budget.lines} == {
        ("Ketua KPPS", 1_253), ("Anggota KPPS", 7_518),
        ("Satlinmas (petugas ketertiban TPS)", 2_506)}
    assert {x.scheme for x in budget.lines} == {"PPU"} and {x.months for x in budget.lines} == {1}
    honor = {r.label: r.honoraria["pemilu2024"] for r in DEFAULT_ROLES}
    for line in budget.lines:  # 0,24% + 0,30% of the honorarium, each part rounded
        assert line.base == honor[line.role]
        assert line.premium == round(line.base * 24 / 10_000) + round(line.base * 30 / 10_000)
    assert [x.premium for x in sorted(budget.lines, key=lambda x: -x.premium)] == [
        6_480, 5_940, 3_780]
    assert budget.total == 62_249_040
    # the same people on the BPU preset would cost far more than Cilegon's whole budget
    bpu = compute_budget(None, Settings(sections={"anggaran": {
        **settings.sections["anggaran"], "skema_bawaan": "bpu_minimum"}}))
    assert bpu.total == 11_277 * 16_800 > 71_211_600


def test_unknown_scheme_preset_is_a_settings_error_listing_the_choices():
    from kpps_xl.budget import budget_config

    with pytest.raises(SettingsError) as err:
        budget_config(settings_with({}, skema_bawaan="bpu"))
    assert "skema_bawaan" in str(err.value) and "ppu_honor" in str(err.value)
    assert "bpu_minimum" in str(err.value)
