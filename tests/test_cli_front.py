"""The CLI's front door: whole paths at any width, Indonesian usage and help, the guarded
entry (exit 2 input / 3 internal, --debug), literal cell text, and inputs never overwritten."""

from __future__ import annotations

import errno
import hashlib
import json
from pathlib import Path

import pytest
from builders import simple_sheet, team, write_xlsx
from clirun import invoke

from kpps_xl.guard import EXIT_INPUT, EXIT_INTERNAL, Refusal, describe, guarded, located

ENGLISH = ("Usage:", "Show this message", "[required]", "[default", "Options", "Arguments",
           "Commands", "list[Path]", "<path>", "<bool>", "<int>", "<str>", "Error", "Try '",
           "No such", "Missing", "Traceback", "Errno")


@pytest.fixture
def bad_book(tmp_path: Path) -> Path:
    rows = team(1)
    rows[1][2] = "[/red]X[bold]"  # markup in a cell must print literally
    rows[2][1] = "17060214029"
    return write_xlsx(tmp_path / "cacat.xlsx", {"KEC A": simple_sheet(rows)})


@pytest.mark.parametrize("width", [40, 80, 200])
def test_error_message_keeps_a_long_path_whole_at_any_width(tmp_path, width):
    missing = tmp_path / ("folder-dengan-nama-yang-sangat-panjang-sekali" * 2) / "tidak-ada.xlsx"
    result = invoke(["check", str(missing)], width=width)
    assert result.exit_code == 2
    assert str(missing) in result.output  # raw output: no line break inside the path
    assert "Berkas tidak ditemukan" in result.output


@pytest.mark.parametrize(("width", "tty", "table"), [(40, False, False), (80, False, False),
                                                      (200, False, False), (80, True, False),
                                                      (200, True, True)])
def test_findings_one_per_line_unless_a_wide_terminal(bad_book, width, tty, table):
    env = {"TTY_COMPATIBLE": "1"} if tty else {"TTY_COMPATIBLE": "0"}
    result = invoke(["check", str(bad_book)], width=width, env=env)
    assert result.exit_code == 1
    assert ("┃" in result.output) is table
    lines = result.output.splitlines()
    if not table:
        found = [line for line in lines if line.startswith("- ")]
        assert len(found) == 2, result.output
        assert any("KEC A!D4 sex.invalid" in line for line in found)  # one finding, one line
    assert "[/red]X[bold]" in result.output  # printed literally, never a MarkupError
    assert "17060214029" not in result.output


def test_help_is_indonesian_and_names_the_exit_codes():
    for args in (["--help"], ["check", "--help"], ["budget", "--help"], ["letters", "--help"],
                 ["sample", "--help"], ["serve", "--help"], ["tindak-lanjut", "--help"],
                 ["export", "--help"], ["export", "bpjs-tk", "--help"]):
        result = invoke(args, width=80)
        assert result.exit_code == 0, (args, result.output)
        assert result.output.startswith("Cara pakai: kpps-xl"), args
        assert "Tampilkan bantuan ini lalu keluar." in result.text
        for word in ENGLISH:
            assert word not in result.output, (args, word)
    check_help = invoke(["check", "--help"], width=80).text
    for code in ("0 = tidak ada galat", "1 = ada galat", "2 = berkas tidak dapat diperiksa",
                 "3 = kesalahan internal"):
        assert code in check_help
    assert "--laporan, --report BERKAS" in check_help and "(wajib)" in check_help
    assert "[anggaran]" in invoke(["letters", "--help"]).text
    assert "[anggaran]" in invoke(["budget", "--help"]).text


@pytest.mark.parametrize(("args", "needle"), [
    (["check", "--reprot", "x.xlsx"], "Opsi --reprot tidak dikenal. Maksud Anda: --laporan?"),
    (["chek"], "Perintah 'chek' tidak dikenal. Maksud Anda: check?"),
    (["check", "x.xlsx", "--tampil", "banyak"], "Nilai untuk opsi --tampil tidak sah: harus "
                                                 "bilangan bulat"),
    (["check", "x.xlsx", "--laporan"], "Opsi --laporan memerlukan nilai."),
    (["serve", "extra"], "Argumen berlebih: extra."),
    (["--debug"], "Belum ada perintah"),
])
def test_usage_errors_are_indonesian_and_name_the_option(args, needle):
    result = invoke(args)
    assert result.exit_code == 2, result.output
    assert needle in result.text
    for word in ENGLISH:
        assert word not in result.output, word


@pytest.mark.parametrize("module", ["kpps_xl", "kpps_xl.cli"])
def test_python_dash_m_runs_the_command(module):
    import os
    import subprocess
    import sys

    from kpps_xl import __version__

    src = str(Path(__file__).resolve().parents[1] / "src")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [src, os.environ.get("PYTHONPATH")]))}
    done = subprocess.run([sys.executable, "-m", module, "--versi"], capture_output=True, text=True,
                          env=env, check=False)
    assert (done.returncode, done.stdout.strip()) == (0, f"kpps-xl {__version__}")


def test_version_and_english_aliases_still_work(bad_book, tmp_path):
    result = invoke(["--versi"])
    assert result.exit_code == 0 and result.output.startswith("kpps-xl ")
    assert invoke(["--version"]).output == result.output
    english, indonesian = tmp_path / "en.json", tmp_path / "id.json"
    assert invoke(["check", str(bad_book), "--report", str(english)]).exit_code == 1
    assert invoke(["check", str(bad_book), "--laporan", str(indonesian)]).exit_code == 1
    assert json.loads(english.read_text())["findings"] == json.loads(indonesian.read_text())["findings"]


def test_internal_failure_exits_3_with_a_message_and_traceback_only_under_debug(bad_book,
                                                                               monkeypatch):
    import kpps_xl.api

    def broken(*_args, **_kwargs):
        raise ValueError("too many values to unpack 1706021402900001")

    monkeypatch.setattr(kpps_xl.api, "check", broken)
    result = invoke(["check", str(bad_book)])
    assert result.exit_code == EXIT_INTERNAL
    assert "Kesalahan internal kpps-xl (ValueError)" in result.text and "--debug" in result.text
    assert "Traceback" not in result.output
    debug = invoke(["--debug", "check", str(bad_book)])
    assert debug.exit_code == EXIT_INTERNAL
    assert "Traceback" in debug.output and "too many values" in debug.output
    assert "1706021402900001" not in debug.output  # masked even in the traceback


@pytest.mark.parametrize("command", [["check"], ["budget"], ["letters"]])
def test_ctrl_c_says_what_was_kept_and_exits_130(desk, monkeypatch, command):
    import kpps_xl.api
    import kpps_xl.roster

    def interrupted(*_args, **_kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(kpps_xl.api, "check", interrupted)
    monkeypatch.setattr(kpps_xl.roster, "read_files", interrupted)
    before = {path.name: path.read_bytes() for path in desk.iterdir()}
    result = invoke([*command, "daftar.xlsx"])
    assert result.exit_code == 130
    assert "dihentikan (Ctrl+C)" in result.text and "Berkas asli tidak diubah" in result.text
    assert "Traceback" not in result.output
    assert {path.name: path.read_bytes() for path in desk.iterdir()} == before


def test_failure_while_reading_a_sheet_names_file_and_sheet_exit_2(bad_book, monkeypatch):
    import kpps_xl.roster.sheet

    def damaged(*_args, **_kwargs):
        raise KeyError("xl/styles.xml")

    monkeypatch.setattr(kpps_xl.roster.sheet, "plan_sheet", damaged)
    result = invoke(["check", str(bad_book)])
    assert result.exit_code == EXIT_INPUT, result.output
    assert f"berkas {bad_book}, sheet 'KEC A'" in result.text.replace("Berkas", "berkas")
    assert "Traceback" not in result.output


@pytest.mark.parametrize(("number", "words"), [
    (errno.EEXIST, "sudah ada"), (errno.ENOSPC, "ruang disk penuh"),
    (errno.EACCES, "izin ditolak"), (errno.EROFS, "hanya dapat dibaca"),
    (errno.ENOENT, "tidak ada"), (errno.EISDIR, "folder"), (errno.ENAMETOOLONG, "terlalu panjang"),
])
def test_os_errors_are_indonesian_and_name_the_target_not_the_temp_file(tmp_path, number, words):
    target = tmp_path / "laporan.json"
    error = OSError(number, "English words", str(tmp_path / ".laporan.k3j4h.json"))
    with pytest.raises(Refusal) as caught, guarded(), located(target, writing=True):
        raise error
    refusal = caught.value
    assert refusal.code == EXIT_INPUT
    assert refusal.message == f"Berkas {target} tidak dapat ditulis: {describe(error)[0].split(': ', 1)[1]}"
    assert words in refusal.message and "English" not in refusal.message
    assert ".laporan.k3j4h" not in refusal.message


def test_guard_for_other_front_doors_keeps_the_sheet_and_passes_interrupts(tmp_path):
    with pytest.raises(Refusal) as caught, guarded(file=tmp_path / "a.xlsx", sheet="KEC B"):
        raise IndexError("list index out of range")
    assert caught.value.code == EXIT_INPUT
    assert "a.xlsx, sheet 'KEC B'" in caught.value.message
    assert "IndexError" in caught.value.detail
    with pytest.raises(KeyboardInterrupt), guarded():
        raise KeyboardInterrupt
    with pytest.raises(Refusal) as internal, guarded():
        raise RuntimeError("bug")
    assert internal.value.code == EXIT_INTERNAL


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.mark.parametrize("make_out", [
    lambda d, book: ["--laporan", str(book)],
    lambda d, book: ["--junit", str(book)],
    lambda d, book: ["--tandai", str(book)],
    lambda d, book: ["--tandai", str(d / "nosuch" / ".." / book.name)],
    lambda d, book: ["--laporan", str(d / "tautan.xlsx")],  # a symlink to the input
    lambda d, book: ["--laporan", str(d / "laporan.csv")],  # read as a roster next time
])
def test_outputs_that_would_overwrite_or_pollute_an_input_are_refused(tmp_path, bad_book,
                                                                     make_out):
    (tmp_path / "tautan.xlsx").symlink_to(bad_book)
    before = _digest(tmp_path)
    target = str(bad_book) if "laporan.csv" not in " ".join(make_out(tmp_path, bad_book)) \
        else str(tmp_path)
    result = invoke(["check", target, *make_out(tmp_path, bad_book)])
    assert result.exit_code == EXIT_INPUT, result.output
    assert "tidak pernah menimpa berkas asli" in result.text or "ikut dibaca" in result.text
    assert _digest(tmp_path) == before
    assert not (tmp_path / "nosuch").exists()


def test_budget_and_letters_refuse_to_overwrite_an_input(tmp_path, bad_book):
    before = _digest(tmp_path)
    result = invoke(["budget", str(bad_book), "--keluaran", str(bad_book)])
    assert result.exit_code == EXIT_INPUT and "tidak pernah menimpa" in result.text
    result = invoke(["budget", str(bad_book), "--json", str(tmp_path / "x" / ".." / bad_book.name)])
    assert result.exit_code == EXIT_INPUT
    lampiran = tmp_path / "lampiran_pemda.xlsx"
    lampiran.write_bytes(bad_book.read_bytes())
    result = invoke(["letters", str(lampiran), "--keluaran", str(tmp_path)])
    assert result.exit_code == EXIT_INPUT and "adalah masukan" in result.text
    before["lampiran_pemda.xlsx"] = hashlib.sha256(lampiran.read_bytes()).hexdigest()
    assert _digest(tmp_path) == before


def test_check_dir_annotate_dir_twice_gives_the_same_findings(tmp_path):
    folder = tmp_path / "kec"
    folder.mkdir()
    first, second = team(1), team(2, 20)
    second[0][1] = first[0][1]
    write_xlsx(folder / "a.xlsx", {"KEC A": simple_sheet(first)})
    write_xlsx(folder / "b.xlsx", {"KEC B": simple_sheet(second)})
    runs = []
    for _ in range(2):
        report = tmp_path / "r.json"
        result = invoke(["check", str(folder), "--tandai", str(folder), "--laporan", str(report)])
        assert result.exit_code == 1, result.output
        data = json.loads(report.read_text())
        runs.append((data["files"], data["findings"]))
    assert runs[0] == runs[1]
    assert sorted(Path(f).name for f in runs[1][0]) == ["a.xlsx", "b.xlsx"]
    assert (folder / "a-diperiksa.xlsx").is_file()
    assert "Dilewati (keluaran kpps-xl" in result.text


def test_own_output_signatures_match_the_writers():
    from kpps_xl.budget import workbook
    from kpps_xl.letters import lampiran
    from kpps_xl.outputs import OWN_SIGNATURES
    from kpps_xl.workbook import sheets

    assert OWN_SIGNATURES["diperiksa"] == {sheets.FINDINGS_SHEET, sheets.SUMMARY_SHEET}
    assert OWN_SIGNATURES["tindak-lanjut"] == {sheets.FOLLOW_UP_SHEET}
    assert OWN_SIGNATURES["anggaran"] == {workbook.SHEET_PARAMETER, workbook.SHEET_BUDGET,
                                          workbook.SHEET_SUMMARY}
    assert OWN_SIGNATURES["lampiran"] == {lampiran.PESERTA_SHEET, lampiran.REKAP_SHEET}


def test_a_roster_annotated_in_place_by_the_addin_is_still_read(tmp_path):
    """Temuan/Ringkasan inside the clerk's own roster (Excel add-in) do not make it an output."""
    from kpps_xl.outputs import own_output_kind

    book = write_xlsx(tmp_path / "daftar.xlsx", {"KEC A": simple_sheet(team(1)),
                                                 "Temuan": [["Kode"]], "Ringkasan": [["x"]]})
    assert own_output_kind(book) is None
    copy = tmp_path / "daftar-diperiksa.xlsx"
    copy.write_bytes(book.read_bytes())
    assert own_output_kind(copy) == "diperiksa"


def test_sample_and_init_write_the_commented_settings_the_repo_ships(tmp_path, monkeypatch):
    from kpps_xl.starter import config_text

    repo_copy = Path(__file__).resolve().parents[1] / "samples" / "kpps-xl.toml"
    assert repo_copy.read_text(encoding="utf-8") == config_text(), (
        "samples/kpps-xl.toml is written from src/kpps_xl/data/kpps-xl.toml: edit that one, "
        "then run samples/make_samples.py")
    assert invoke(["sample", str(tmp_path / "contoh")]).exit_code == 0
    assert (tmp_path / "contoh" / "kpps-xl.toml").read_text(encoding="utf-8") == config_text()
    monkeypatch.chdir(tmp_path)
    result = invoke(["init"])
    assert result.exit_code == 0 and (tmp_path / "kpps-xl.toml").is_file()
    (tmp_path / "kpps-xl.toml").write_text("# milik saya\n", encoding="utf-8")
    again = invoke(["init"])
    assert again.exit_code == EXIT_INPUT and "sudah ada" in again.text and "--timpa" in again.text
    assert (tmp_path / "kpps-xl.toml").read_text(encoding="utf-8") == "# milik saya\n"
    assert invoke(["init", "--timpa"]).exit_code == 0
    assert (tmp_path / "kpps-xl.toml").read_text(encoding="utf-8") == config_text()


def test_letters_without_settings_says_how_to_make_them(tmp_path, monkeypatch, bad_book):
    monkeypatch.chdir(tmp_path)
    result = invoke(["letters", "--keluaran", str(tmp_path / "surat")])
    assert result.exit_code == EXIT_INPUT
    assert "kpps-xl.toml tidak ditemukan" in result.text and "kpps-xl init" in result.text
    assert "samples/kpps-xl.toml" not in result.text


@pytest.mark.parametrize(("text", "needle"), [
    ("[pemeriksaan\nusia_min = 17\n", "baris 1, kolom 13: judul bagian tidak ditutup"),
    ("[pemeriksaan]\nusia_min = tujuh\n", "baris 2, kolom 12: nilainya tidak sah"),
    ("[a]\nb = 1\n[a]\n", "baris 3, kolom 3: bagian yang sama ditulis dua kali"),
])
def test_a_broken_toml_is_explained_in_indonesian_with_file_and_line(tmp_path, bad_book, text,
                                                                     needle):
    config = tmp_path / "kpps-xl.toml"
    config.write_text(text, encoding="utf-8")
    result = invoke(["check", str(bad_book), "--pengaturan", str(config)])
    assert result.exit_code == EXIT_INPUT
    assert str(config) in result.text and needle in result.text
    assert "Expected" not in result.text and "Invalid" not in result.text
