"""`kpps-xl budget` through typer's CliRunner: files written, JSON total, exit 2 on bad input."""

from __future__ import annotations

import json

from builders import simple_sheet, team, write_xlsx
from clirun import invoke

MUKOMUKO = """
[anggaran]
preset = "pemilu2024"
skema_bawaan = "bpu_minimum"

[anggaran.peran.anggota_kpps]
jumlah = 4095
"""


def test_budget_from_settings_only_writes_workbook_and_json(tmp_path):
    config = tmp_path / "kpps-xl.toml"
    config.write_text(MUKOMUKO, encoding="utf-8")
    out, js = tmp_path / "anggaran.xlsx", tmp_path / "anggaran.json"
    result = invoke(["budget", "--config", str(config), "--out", str(out),
                                 "--json", str(js)])
    assert result.exit_code == 0, result.output
    assert out.is_file()
    data = json.loads(js.read_text(encoding="utf-8"))
    assert data["total"] == 68_796_000
    assert data["lines"][0]["premium"] == 16_800 and data["lines"][0]["rate"] == "1% + Rp6.800"
    assert "Rp68.796.000" in result.text


def test_budget_from_a_roster_file(tmp_path):
    roster = write_xlsx(tmp_path / "kpps.xlsx",
                        {"KEC LUBUK PINANG": simple_sheet(team(1) + team(2, first_serial=8))})
    out, js = tmp_path / "anggaran.xlsx", tmp_path / "anggaran.json"
    result = invoke(["budget", str(roster), "--out", str(out), "--json", str(js),
                                 "--config", str(tmp_path / "none.toml")], catch_exceptions=False)
    # an explicit config that does not exist is a clear error, not a traceback
    assert result.exit_code == 2 and "tidak ditemukan" in result.text
    config = tmp_path / "kpps-xl.toml"
    config.write_text("[anggaran]\n", encoding="utf-8")
    result = invoke(["budget", str(roster), "--out", str(out), "--json", str(js),
                                 "--config", str(config)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    data = json.loads(js.read_text(encoding="utf-8"))
    assert {(x["role"], x["count"]) for x in data["lines"]} == {("Ketua KPPS", 2),
                                                               ("Anggota KPPS", 12)}
    # the default preset (ppu_honor): 0,54% of the Pemilu 2024 honoraria
    assert data["total"] == 2 * 6_480 + 12 * 5_940
    assert "ppu_honor" in result.text


def test_bad_setting_exits_2_with_the_setting_named_and_no_traceback(tmp_path):
    config = tmp_path / "kpps-xl.toml"
    config.write_text("[anggaran.badan.PPK]\nbulan = 0\n", encoding="utf-8")
    result = invoke(["budget", "--config", str(config), "--out",
                                 str(tmp_path / "a.xlsx")])
    assert result.exit_code == 2
    assert "anggaran.badan.PPK.bulan" in result.text
    assert "Traceback" not in result.text
    assert not (tmp_path / "a.xlsx").exists()


def test_negative_count_exits_2(tmp_path):
    config = tmp_path / "kpps-xl.toml"
    config.write_text("[anggaran.peran.linmas]\njumlah = -2\n", encoding="utf-8")
    result = invoke(["budget", "--config", str(config), "--out",
                                 str(tmp_path / "a.xlsx")])
    assert result.exit_code == 2 and "anggaran.peran.linmas.jumlah" in result.text


def test_help_is_in_indonesian():
    result = invoke(["budget", "--help"])
    assert result.exit_code == 0
    assert "Hitung anggaran iuran BPJS" in result.text and "--json" in result.text


def test_nothing_to_budget_is_a_clear_error_not_an_empty_workbook(tmp_path, monkeypatch):


    monkeypatch.chdir(tmp_path)
    result = invoke(["budget", "--out", str(tmp_path / "a.xlsx")])
    assert result.exit_code == 2
    assert "Tidak ada petugas yang dapat dianggarkan" in result.text
    assert not (tmp_path / "a.xlsx").exists()


def test_out_or_json_that_cannot_be_written_exits_2_without_traceback_or_a_stray_workbook(
        tmp_path, monkeypatch):
    config = tmp_path / "kpps-xl.toml"
    config.write_text(MUKOMUKO, encoding="utf-8")
    folder = tmp_path / "folder.xlsx"
    folder.mkdir()
    out = tmp_path / "anggaran.xlsx"
    for args in (["--out", str(folder)], ["--out", str(out), "--json", str(folder)],
                 ["--out", str(out), "--json", "/dev/full"],
                 ["--out", str(tmp_path / "MUKOMUKO.toml" / "x.xlsx")]):
        (tmp_path / "MUKOMUKO.toml").write_text("", encoding="utf-8")
        result = invoke(["budget", "--config", str(config), *args])
        assert result.exit_code == 2, (args, result.output)
        assert "Gagal" in result.text and "Traceback" not in result.text
        assert result.exception is None or isinstance(result.exception, SystemExit)
        assert not out.exists(), args
    # a write that fails half-way (disk full): exit 2 and no JSON left from this run
    import kpps_xl.budget.workbook as workbook

    def full(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(workbook, "write_budget_workbook", full)
    js = tmp_path / "anggaran.json"
    result = invoke(["budget", "--config", str(config), "--out", str(out),
                                 "--json", str(js)])
    assert result.exit_code == 2 and "tidak dapat ditulis: ruang disk penuh" in result.text
    assert "No space" not in result.text
    assert not js.exists() and not out.exists()


def test_out_with_another_suffix_is_refused_not_written_as_xlsx_under_a_csv_name(tmp_path):
    config = tmp_path / "kpps-xl.toml"
    config.write_text(MUKOMUKO, encoding="utf-8")
    for name in ("anggaran.csv", "anggaran.xls", "anggaran"):
        out = tmp_path / name
        result = invoke(["budget", "--config", str(config), "--out", str(out)])
        assert result.exit_code == 2 and ".xlsx" in result.text and "--json" in result.text
        assert not out.exists()
