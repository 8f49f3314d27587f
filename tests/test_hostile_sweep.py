"""Broken and hostile files the other hostile tests do not have, through every front door:
content that does not match the name, a dimension far past Excel's grid, CSV lines Excel could
not show; each ends in the right reading or an Indonesian refusal (exit 2), input unchanged."""

from __future__ import annotations

import hashlib
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from clirun import invoke

from kpps_xl.api import check
from kpps_xl.errors import KppsError
from kpps_xl.settings import Settings
from kpps_xl.workbook import annotate

ROOT = Path(__file__).resolve().parents[1]
XLS = ROOT / "tests" / "fixtures" / "kpps_cacat.xls"
XLSX = ROOT / "samples" / "kpps_cacat.xlsx"
CSV = ROOT / "samples" / "kpps_bersih.csv"
TOML = ROOT / "samples" / "kpps-xl.toml"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def found(path: Path) -> list[tuple]:
    return sorted((f.code, f.sheet, f.row, f.column, f.value)
                  for f in check(path, Settings()).findings)


def front_doors(path: Path, out: Path) -> dict[str, tuple[int, str]]:
    """check, budget, letters and export on path (the sample settings); exit code and text."""
    runs = {"check": ["check", str(path), "--laporan", str(out / "r.json")],
            "budget": ["budget", str(path), "-c", str(TOML), "--abaikan-galat",
                       "-o", str(out / "anggaran.xlsx")],
            "letters": ["letters", str(path), "-c", str(TOML), "--abaikan-galat",
                        "-o", str(out / "surat")],
            "export": ["export", "bpjs-tk", str(path), "-c", str(TOML),
                       "-o", str(out / "peserta.xlsx")]}
    results = {}
    for name, args in runs.items():
        result = invoke(args)
        assert "Traceback" not in result.output and "internal" not in result.text, result.output
        results[name] = (result.exit_code, result.text)
    return results


# Content that does not match the name -------------------------------------------------------

@pytest.mark.parametrize("suffix", [".xlsx", ".xlsm"])
def test_a_real_xls_under_an_xlsx_name_reads_like_the_xls_and_is_not_called_encrypted(tmp_path,
                                                                                     suffix):
    misnamed = tmp_path / f"daftar{suffix}"
    shutil.copy(XLS, misnamed)
    before = digest(misnamed)
    expected = found(XLS)
    assert ("nik.precision_lost", "KEC TERAS TERUNJAM") in {(c, s) for c, s, *_ in expected}
    assert found(misnamed) == expected
    out = tmp_path / "hasil" / f"daftar-diperiksa{suffix}"
    with pytest.raises(KppsError, match=r"Isinya sebenarnya buku kerja \.xls") as refused:
        annotate(misnamed, check(misnamed, Settings()), out)
    assert "kata sandi" not in str(refused.value)
    assert not out.exists()
    runs = front_doors(misnamed, tmp_path)
    assert runs["check"][0] == 1 and runs["budget"][0] == 0 and runs["letters"][0] == 0
    assert not any("kata sandi" in text for _, text in runs.values())
    assert digest(misnamed) == before


def test_an_xlsx_under_an_xls_name_reads_like_the_xlsx(tmp_path):
    misnamed = tmp_path / "daftar.xls"
    shutil.copy(XLSX, misnamed)
    assert found(misnamed) == found(XLSX)
    result = invoke(["check", str(misnamed), "--tandai", str(tmp_path / "x-diperiksa.xlsx")])
    assert result.exit_code == 1, result.text
    assert "Traceback" not in result.output


def _encrypted(target: Path) -> Path:
    """An OLE file as Excel's 'Encrypt with Password' writes: a directory naming an
    EncryptedPackage stream (the .xls fixture with its Workbook entry renamed)."""
    data = bytearray(XLS.read_bytes())
    at = data.find("Workbook".encode("utf-16-le"))
    name = "EncryptedPackage".encode("utf-16-le") + b"\0\0"
    data[at:at + len(name)] = name
    data[at + 64:at + 66] = len(name).to_bytes(2, "little")  # the entry's name length
    target.write_bytes(bytes(data))
    return target


def test_a_password_protected_workbook_is_named_as_such_by_every_front_door(tmp_path):
    path = _encrypted(tmp_path / "rahasia.xlsx")
    before = digest(path)
    for name, (code, text) in front_doors(path, tmp_path).items():
        assert code == 2, (name, text)
        assert "rahasia.xlsx dilindungi kata sandi" in text, (name, text)
    assert digest(path) == before


# A dimension far past Excel's grid ----------------------------------------------------------

@pytest.mark.parametrize("ref", ["A1:I1000000000", "A1:ABCDE9", "A1:I99999999999"])
def test_a_dimension_with_a_row_or_column_past_any_grid_is_refused_not_ignored(tmp_path, ref):
    path = tmp_path / "daftar.xlsx"
    with zipfile.ZipFile(XLSX) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data, count = re.subn(rb'<dimension ref="[^"]*"', f'<dimension ref="{ref}"'.encode(),
                                      data)
                assert count == 1
            dst.writestr(info, data)
    for name, (code, text) in front_doors(path, tmp_path).items():
        assert code == 2, (name, text)
        assert f"menyatakan ukuran {ref}, di luar batas Excel" in text, (name, text)
        assert "maximum number of rows" not in text  # no English from the parser


# CSV lines Excel could not show -------------------------------------------------------------

def test_a_ten_megabyte_line_is_refused_quickly_naming_its_line(tmp_path):
    path = tmp_path / "daftar.csv"
    path.write_bytes(CSV.read_bytes() + b"x;" * (5 << 20) + b"\r\n")
    with pytest.raises(KppsError, match=r"daftar\.csv .* di baris 23: lebih dari 16\.384 kolom"):
        check(path, Settings())


def test_a_long_line_that_is_one_huge_field_only_under_the_wrong_delimiter_is_read(tmp_path):
    """A ';' roster with a 200.000-character line of short fields: the ',' guess sees one field
    past Python's csv limit, which must not refuse the file the ';' guess reads."""
    rows = CSV.read_bytes().decode("cp1252").splitlines()
    width = rows[0].count(";") + 1
    note = ";".join(["catatan " + "x" * 20_000] * width)
    path = tmp_path / "daftar.csv"
    path.write_text("\r\n".join([*rows, note]) + "\r\n", encoding="cp1252")
    reference = tmp_path / "asli.csv"
    shutil.copy(CSV, reference)
    report = check(path, Settings())
    assert report.rows >= check(reference, Settings()).rows


def test_a_utf8_mark_over_windows_1252_text_reads_like_the_text(tmp_path):
    marked = tmp_path / "daftar.csv"
    marked.write_bytes(b"\xef\xbb\xbf" + CSV.read_bytes())
    plain = tmp_path / "ref" / "daftar.csv"
    plain.parent.mkdir()
    shutil.copy(CSV, plain)
    assert CSV.read_bytes().decode("cp1252") != CSV.read_bytes().decode("utf-8", "replace")
    assert found(marked) == found(plain)
    assert check(marked, Settings()).rows == check(plain, Settings()).rows > 0
