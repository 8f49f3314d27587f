"""`kpps-xl letters` end to end, --pdf with and without LibreOffice, and the kop logo."""

from __future__ import annotations

import re
import shutil
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from clirun import invoke
from docx import Document
from test_letters_helpers import docx_texts, okus_budget, okus_roster, okus_sections, okus_settings

from kpps_xl.letters import LetterError, render_letters
from kpps_xl.letters.render import find_soffice

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_CONFIG = ROOT / "samples" / "kpps-xl.toml"
SAMPLE_ROSTER = ROOT / "samples" / "kpps_bersih.xlsx"


def _config_without(tmp_path: Path, section: str) -> Path:
    text = SAMPLE_CONFIG.read_text(encoding="utf-8")
    kept, skipping = [], False
    for row in text.splitlines():
        if row.startswith("["):
            skipping = row.strip() == f"[{section}]"
        if not skipping:
            kept.append(row)
    path = tmp_path / "kpps-xl.toml"
    path.write_text("\n".join(kept) + "\n", encoding="utf-8")
    return path


def test_sample_roster_and_settings_write_letters_and_lampiran(tmp_path):
    out = tmp_path / "surat"
    result = invoke(["letters", str(SAMPLE_ROSTER), "--config",
                                 str(SAMPLE_CONFIG), "--out", str(out)])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir())
    assert "surat_pemda.docx" in names and "lampiran_pemda.xlsx" in names
    assert "surat_bpjs_ketenagakerjaan.docx" in names
    texts = docx_texts(out / "surat_pemda.docx")
    assert "Yth. Bupati Mukomuko" in texts
    assert "Mukomuko, 12 Januari 2024" in texts
    assert not re.search(r"\d{16}", result.output)  # NIKs never reach the console


def test_missing_kantor_section_exits_2_with_message_not_traceback(tmp_path):
    config = _config_without(tmp_path, "kantor")
    result = invoke(["letters", str(SAMPLE_ROSTER), "--config", str(config),
                                 "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert "Bagian [kantor] belum ada" in result.text
    assert "Traceback" not in result.text
    assert not (tmp_path / "o").exists()


def test_user_template_with_unknown_fields_exits_2_listing_them(tmp_path):
    doc = Document()
    doc.add_paragraph("{{ nama_bupati }} {{ nomor }}")
    doc.save(str(tmp_path / "saya.docx"))
    result = invoke(["letters", str(SAMPLE_ROSTER), "--config",
                                 str(SAMPLE_CONFIG), "--out", str(tmp_path / "o"),
                                 "--template", str(tmp_path / "saya.docx")])
    assert result.exit_code == 2
    assert "nama_bupati" in result.text


def test_pdf_without_libreoffice_says_so_before_writing(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "kosong"))
    out = tmp_path / "o"
    with pytest.raises(LetterError, match="'soffice' tidak ditemukan") as err:
        render_letters(okus_budget(), okus_roster(), okus_settings(), out, pdf=True)
    assert "tanpa --pdf" in str(err.value)
    assert not out.exists()


def test_pdf_option_converts_when_libreoffice_exists_else_explains(tmp_path):
    out = tmp_path / "o"
    if find_soffice() is None:
        with pytest.raises(LetterError, match="'soffice' tidak ditemukan"):
            render_letters(okus_budget(), okus_roster(), okus_settings(), out, pdf=True)
        return
    paths = render_letters(okus_budget(), okus_roster(), okus_settings(), out, pdf=True)
    pdfs = [p for p in paths if p.suffix == ".pdf"]
    assert [p.name for p in pdfs] == ["surat_pemda.pdf", "surat_bpjs_ketenagakerjaan.pdf"]
    for pdf in pdfs:
        assert pdf.read_bytes()[:5] == b"%PDF-"


def _png(path: Path) -> Path:
    """A 4x4 red PNG written by hand (no imaging library needed)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    raw = b"".join(b"\x00" + b"\xff\x00\x00" * 4 for _ in range(4))
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 4, 8, 2,
                                                                       0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
    return path


def test_logo_from_settings_lands_in_the_kop(tmp_path):
    _png(tmp_path / "logo.png")
    sections = okus_sections()
    sections["kantor"]["logo"] = "logo.png"
    settings = okus_settings(sections)
    settings = type(settings)(region_code="1609", sections=sections,
                              source=str(tmp_path / "kpps-xl.toml"))
    render_letters(okus_budget(), okus_roster(), settings, tmp_path / "o")
    doc = Document(str(tmp_path / "o" / "surat_pemda.docx"))
    assert len(doc.inline_shapes) == 1


def test_soffice_lookup_matches_path():
    assert (find_soffice() is None) == (shutil.which("soffice") is None
                                        and shutil.which("libreoffice") is None)


def test_logo_that_is_not_an_image_exits_2_naming_kantor_logo(tmp_path):
    (tmp_path / "logo.png").write_text("bukan gambar", encoding="utf-8")
    _png(tmp_path / "half.png").write_bytes((tmp_path / "half.png").read_bytes()[:30])
    for name in ("logo.png", "half.png"):
        sections = okus_sections()
        sections["kantor"]["logo"] = name
        settings = type(okus_settings())(region_code="1609", sections=sections,
                                         source=str(tmp_path / "kpps-xl.toml"))
        with pytest.raises(LetterError, match="'kantor.logo'"):
            render_letters(okus_budget(), okus_roster(), settings, tmp_path / "o")
        assert not (tmp_path / "o").exists()
    config = SAMPLE_CONFIG.read_text(encoding="utf-8").replace(
        '# logo = "logo-kpu.png"', 'logo = "logo.png"')
    assert 'logo = "logo.png"' in config
    (tmp_path / "kpps-xl.toml").write_text(config, encoding="utf-8")
    result = invoke(["letters", str(SAMPLE_ROSTER), "--config",
                                 str(tmp_path / "kpps-xl.toml"), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2 and "kantor.logo" in result.text
    assert "Traceback" not in result.text and not isinstance(result.exception, ValueError)


def test_template_that_is_not_a_word_file_exits_2_naming_it(tmp_path):
    (tmp_path / "saya.docx").write_text("bukan docx", encoding="utf-8")
    folder = tmp_path / "templat"
    folder.mkdir()
    with zipfile.ZipFile(folder / "surat_pemda.docx", "w") as zf:
        zf.writestr("hello.txt", "zip, not Word")
    for template in (tmp_path / "saya.docx", folder):
        result = invoke(["letters", str(SAMPLE_ROSTER), "--config",
                                     str(SAMPLE_CONFIG), "--out", str(tmp_path / "o"),
                                     "--template", str(template)])
        assert result.exit_code == 2, result.output
        text = " ".join(result.output.split())
        assert "tidak dapat dibuka sebagai dokumen Word" in text
        assert template.name in text
        assert not (tmp_path / "o").exists()
