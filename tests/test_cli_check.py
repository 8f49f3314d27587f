"""kpps-xl check from the command line: exit codes, report files, bad input, originals untouched."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import openpyxl
import pytest
from builders import HEADER, simple_sheet, team, write_xlsx
from clirun import invoke

from kpps_xl.api import check


def run(*args: str):
    return invoke(["check", *args])


@pytest.fixture
def clean_book(tmp_path: Path) -> Path:
    return write_xlsx(tmp_path / "bersih.xlsx", {"KEC A": simple_sheet(team(1) + team(2, 20))})


@pytest.fixture
def bad_book(tmp_path: Path) -> Path:
    rows = team(1)
    rows[2][1] = "17060214029"
    rows[3][0] = "=cmd|' /C calc'!A0"
    return write_xlsx(tmp_path / "cacat.xlsx", {"KEC A": simple_sheet(rows)})


def test_clean_roster_exits_zero(clean_book):
    result = run(str(clean_book))
    assert result.exit_code == 0, result.output
    assert "TIDAK ADA GALAT" in result.text


def test_errors_exit_one_and_nik_is_masked_on_screen(bad_book):
    result = run(str(bad_book))
    assert result.exit_code == 1
    assert "nik.format" in result.text
    assert "17060214029" not in result.text


def test_warnings_only_exit_zero(tmp_path):
    rows = team(1)
    rows[0][3] = "15-02-1991"
    book = write_xlsx(tmp_path / "w.xlsx", {"KEC A": simple_sheet(rows)})
    assert run(str(book)).exit_code == 0


def test_json_report_equals_library_report(bad_book, tmp_path):
    out = tmp_path / "laporan.json"
    assert run(str(bad_book), "--report", str(out)).exit_code == 1
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data == check(bad_book).to_dict()
    assert list(data) == ["tool", "version", "reference_date", "files", "summary", "findings"]
    assert list(data["summary"]) == ["rows", "errors", "warnings", "by_code"]
    finding = data["findings"][0]
    assert list(finding) == ["code", "severity", "message", "sheet", "row", "column", "field",
                             "value", "tps", "related", "file"]
    assert finding["value"] == "17060214029"  # unmasked in the report file


def test_reference_date_and_config_flags(clean_book, tmp_path):
    out = tmp_path / "r.json"
    run(str(clean_book), "--reference-date", "2060-01-01", "--report", str(out))
    assert json.loads(out.read_text())["summary"]["by_code"]["age.over_preferred"] == 14
    config = tmp_path / "kpps-xl.toml"
    config.write_text('[pemeriksaan]\njumlah_kpps_per_tps = 9\n', encoding="utf-8")
    result = run(str(clean_book), "--config", str(config), "--report", str(out))
    assert result.exit_code == 1
    assert json.loads(out.read_text())["summary"]["by_code"] == {"tps.size": 2}


def test_annotated_copy_junit_and_original_bytes_unchanged(bad_book, tmp_path):
    before = hashlib.sha256(bad_book.read_bytes()).hexdigest()
    out, junit = tmp_path / "hasil" / "diperiksa.xlsx", tmp_path / "junit.xml"
    result = run(str(bad_book), "--annotate", str(out), "--junit", str(junit))
    assert result.exit_code == 1, result.output
    assert hashlib.sha256(bad_book.read_bytes()).hexdigest() == before
    book = openpyxl.load_workbook(out)
    assert "Temuan" in book.sheetnames
    assert "16 digit" in book["KEC A"]["C5"].comment.text
    injected = book["KEC A"]["B6"]
    assert injected.value == "=cmd|' /C calc'!A0" and injected.data_type == "s"
    assert "<testsuite" in junit.read_text(encoding="utf-8")


def test_directory_of_files_is_checked_together(tmp_path):
    first, second = team(1), team(2, 20)
    second[0][1] = first[0][1]
    write_xlsx(tmp_path / "a.xlsx", {"KEC A": simple_sheet(first)})
    write_xlsx(tmp_path / "b.xlsx", {"KEC B": simple_sheet(second)})
    out = tmp_path / "r.json"
    assert run(str(tmp_path), "--report", str(out)).exit_code == 1
    dups = [f for f in json.loads(out.read_text())["findings"] if f["code"] == "dup.nik"]
    assert {Path(f["file"]).name for f in dups} == {"a.xlsx", "b.xlsx"}


def _empty_book(path: Path) -> Path:
    openpyxl.Workbook().save(path)
    return path


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _mkdir(path: Path) -> Path:
    path.mkdir()
    return path


def _truncated(path: Path, source: Path) -> Path:
    path.write_bytes(source.read_bytes()[:300])
    return path


@pytest.mark.parametrize(("make", "needle"), [
    (lambda d, ok: d / "tidak-ada.xlsx", "tidak ditemukan"),
    (lambda d, ok: _mkdir(d / "kosong"), "tidak berisi berkas"),
    (lambda d, ok: _write(d / "surat.docx", b"PK\x03\x04"), "bukan lembar kerja"),
    (lambda d, ok: _write(d / "teks.xlsx", b"halo"), "bukan lembar kerja"),
    (lambda d, ok: _truncated(d / "potong.xlsx", ok), "rusak"),
    (lambda d, ok: _write(d / "sandi.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600),
     "kata sandi"),
    (lambda d, ok: _empty_book(d / "kosong.xlsx"), "Tidak ditemukan daftar petugas"),
    (lambda d, ok: write_xlsx(d / "tanpa-nik.xlsx", {"S": [["Nama", "Jabatan", "TPS"], ["A", "Ketua", 1]]}),
     "Kolom NIK tidak ditemukan"),
    (lambda d, ok: _write(d / "nol.xlsx", b""), "kosong"),
])
def test_bad_input_gives_indonesian_message_and_exit_two(tmp_path, clean_book, make, needle):
    target = make(tmp_path, clean_book)
    result = run(str(target))
    assert result.exit_code == 2, result.output
    assert needle in result.text
    assert "Traceback" not in result.text


def test_locked_file_gives_clear_message(clean_book, monkeypatch):
    real_open = Path.open

    def locked(self, *args, **kwargs):
        if self == clean_book:
            raise PermissionError(13, "Permission denied")
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", locked)
    result = run(str(clean_book))
    assert result.exit_code == 2
    assert "terkunci" in result.text


def test_bad_setting_names_the_setting(clean_book, tmp_path):
    config = tmp_path / "kpps-xl.toml"
    config.write_text('[pemeriksaan]\nusia_min = "tujuh belas"\n', encoding="utf-8")
    result = run(str(clean_book), "--config", str(config))
    assert result.exit_code == 2 and "usia_min" in result.text
    assert run(str(clean_book), "--reference-date", "31-02-2024").exit_code == 2
    typed = run(str(clean_book), "--reference-date", "14-02-2024")  # day first, as clerks type
    assert typed.exit_code == 0 and "acuan usia 2024-02-14" in typed.text


def test_truncated_zip_is_really_not_a_zip(clean_book, tmp_path):
    assert not zipfile.is_zipfile(_truncated(tmp_path / "x.xlsx", clean_book))


def test_header_constant_matches_builders():
    assert HEADER[2] == "NIK"


def test_sample_command_writes_files_a_user_can_check(tmp_path):
    out = tmp_path / "contoh"
    result = invoke(["sample", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / "kpps_cacat.xlsx").is_file() and (out / "expected.json").is_file()
    assert run(str(out / "kpps_bersih.xlsx")).exit_code == 0
    assert run(str(out / "kpps_cacat.xlsx")).exit_code == 1


def test_bracketed_setting_names_survive_in_error_messages(clean_book, tmp_path):
    config = tmp_path / "kpps-xl.toml"
    config.write_text("pemeriksaan = 3\n", encoding="utf-8")
    result = run(str(clean_book), "--config", str(config))
    assert result.exit_code == 2 and "[pemeriksaan]" in result.text


def test_report_path_that_is_a_directory_is_a_clear_error(bad_book, tmp_path):
    result = run(str(bad_book), "--report", str(tmp_path))
    assert result.exit_code == 2 and "tidak dapat ditulis" in result.text


def test_annotate_must_be_a_folder_when_several_files_are_checked(clean_book, bad_book, tmp_path):
    result = run(str(clean_book), str(bad_book), "--annotate", str(tmp_path / "x.xlsx"))
    assert result.exit_code == 2 and "harus berupa folder" in result.text
    assert not (tmp_path / "x.xlsx").exists()


def test_unknown_required_column_is_refused_and_sex_can_be_required(clean_book, tmp_path):
    config = tmp_path / "kpps-xl.toml"
    config.write_text('[pemeriksaan]\nkolom_wajib = ["nama", "nomor_hp"]\n', encoding="utf-8")
    result = run(str(clean_book), "--config", str(config))
    assert result.exit_code == 2 and "nomor_hp" in result.text
    rows = team(1)
    rows[2][2] = None
    book = write_xlsx(tmp_path / "jk.xlsx", {"KEC A": simple_sheet(rows)})
    config.write_text('[pemeriksaan]\nkolom_wajib = ["nama", "jenis_kelamin"]\n', encoding="utf-8")
    out = tmp_path / "r.json"
    assert run(str(book), "--config", str(config), "--report", str(out)).exit_code == 1
    assert json.loads(out.read_text())["summary"]["by_code"] == {"field.missing": 1}
