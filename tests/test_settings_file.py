"""kpps-xl.toml as Windows editors save it, and dates typed the way clerks type them."""

from __future__ import annotations

import codecs
import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest

from kpps_xl.settings import SettingsError, load_settings

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "kpps-xl.toml"
# the sample's text with one non-ASCII letter in a free-text setting
TEXT = SAMPLE.read_text(encoding="utf-8").replace("Jalan Jenderal", "Jalan Jénderal")


@pytest.mark.parametrize("encode", [
    lambda t: t.encode("utf-8"),
    lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),  # Notepad's "UTF-8 with BOM"
    lambda t: t.encode("utf-16"),  # Notepad's "Unicode" (a BOM, then UTF-16-LE)
    lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
    lambda t: t.encode("cp1252"),  # Notepad's "ANSI" on a Windows in Indonesian
    lambda t: t.replace("\n", "\r\n").encode("utf-8"),
], ids=["utf8", "utf8-bom", "utf16", "utf16-be", "ansi", "crlf"])
def test_a_settings_file_reads_the_same_however_windows_saved_it(tmp_path: Path, encode):
    path = tmp_path / "kpps-xl.toml"
    path.write_bytes(encode(TEXT))
    settings = load_settings(path)
    assert replace(settings, source=None) == replace(load_settings(_utf8(tmp_path, TEXT)), source=None)
    assert settings.sections["kantor"]["alamat"].startswith("Jalan Jénderal")
    assert settings.reference_date == dt.date(2024, 2, 14)


def _utf8(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "utf8" / "kpps-xl.toml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("typed", ['"14-02-2024"', '"14/02/2024"', '"14 Februari 2024"',
                                   '"14 Feb 2024"', '" 2024-02-14 "', "2024-02-14"])
def test_the_reference_date_may_be_typed_as_a_clerk_types_dates(tmp_path: Path, typed: str):
    text = TEXT.replace("tanggal_acuan = 2024-02-14", f"tanggal_acuan = {typed}")
    assert load_settings(_utf8(tmp_path, text)).reference_date == dt.date(2024, 2, 14)


@pytest.mark.parametrize("typed", ["45336", '"45336"', '"31-02-2024"', '"kemarin"'])
def test_a_reference_date_that_is_no_date_is_refused_in_indonesian(tmp_path: Path, typed: str):
    text = TEXT.replace("tanggal_acuan = 2024-02-14", f"tanggal_acuan = {typed}")
    with pytest.raises(SettingsError, match="tanggal_acuan.*TTTT-BB-HH"):
        load_settings(_utf8(tmp_path, text))


def test_bytes_no_windows_code_page_holds_are_refused_in_indonesian(tmp_path: Path):
    path = tmp_path / "kpps-xl.toml"
    path.write_bytes(TEXT.encode("utf-8") + b"\n# \x81\x8d\n")
    with pytest.raises(SettingsError, match="UTF-8"):
        load_settings(path)
