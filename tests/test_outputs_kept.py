"""Re-running a command never loses a clerk's edits: an output edited since kpps-xl wrote it (a
letter retyped in Word, a rate changed in the budget, notes in the annotated copy) is kept under a
'(sebelumnya …)' name before the new one replaces it; kpps-xl's own unchanged outputs are simply
rewritten; Ctrl+C while writing leaves every output whole."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from clirun import invoke
from docx import Document

from kpps_xl.io_utils import OutputKept, atomic_path, backup_name, own_unchanged, stamp

EDIT = "DIUBAH OLEH OPERATOR"


def kept(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if "(sebelumnya " in p.name)


def test_a_stamp_tells_kpps_xls_unchanged_output_from_an_edited_one(tmp_path):
    path = tmp_path / "a.xlsx"
    openpyxl.Workbook().save(path)
    assert not own_unchanged(path)  # no stamp: not known as kpps-xl's
    stamp(path)
    assert own_unchanged(path)
    with zipfile.ZipFile(path) as zf:  # the stamp is the zip comment: no part changed
        assert zf.testzip() is None and zf.comment.startswith(b"kpps-xl ")
    wb = openpyxl.load_workbook(path)
    wb.active["A1"] = EDIT
    wb.save(path)  # saved by another program (no comment kept)
    assert not own_unchanged(path)
    stamp(path)
    parts = {}
    with zipfile.ZipFile(path) as zf:  # a part changed under a kept comment
        parts = {i.filename: zf.read(i) for i in zf.infolist()}
        comment = zf.comment
    parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"].replace(
        EDIT.encode(), b"LAIN")
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
        zf.comment = comment
    assert not own_unchanged(path)


def test_backup_names_keep_the_annotated_ending_and_never_collide(tmp_path):
    import datetime as dt

    when = dt.datetime(2024, 2, 14, 9, 30)
    first = backup_name(tmp_path / "daftar-diperiksa.xlsx", when)
    assert first.name == "daftar (sebelumnya 2024-02-14 09.30.00)-diperiksa.xlsx"
    first.write_bytes(b"x")
    assert backup_name(tmp_path / "daftar-diperiksa.xlsx", when).name == \
        "daftar (sebelumnya 2024-02-14 09.30.00 2)-diperiksa.xlsx"
    assert backup_name(tmp_path / "surat_pemda.docx", when).name == \
        "surat_pemda (sebelumnya 2024-02-14 09.30.00).docx"


def test_text_outputs_and_fresh_targets_need_no_backup(tmp_path):
    report = tmp_path / "laporan.json"
    for text in ("1", "2"):
        with atomic_path(report) as tmp:
            tmp.write_text(text)
    assert report.read_text() == "2" and kept(tmp_path) == []


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist() if n != "docProps/core.xml"}


def _letter_text(path: Path) -> str:
    return "\n".join(p.text for p in Document(str(path)).paragraphs)


def test_letters_and_budget_rerun_keep_what_the_clerk_edited_and_nothing_else(desk):
    run_letters = ["letters", "daftar.xlsx", "--abaikan-galat", "-o", "surat"]
    run_budget = ["budget", "daftar.xlsx", "--abaikan-galat", "-o", "anggaran.xlsx"]
    for _ in range(2):  # kpps-xl's own unchanged outputs: rewritten, nothing kept
        for args in (run_letters, run_budget):
            result = invoke(args)
            assert result.exit_code == 0, result.text
            assert "sebelumnya" not in result.text
    assert kept(desk) == []

    letter = desk / "surat" / "surat_pemda.docx"
    doc = Document(str(letter))
    doc.paragraphs[0].text = EDIT  # the clerk retypes a line in Word
    doc.save(str(letter))
    book = openpyxl.load_workbook(desk / "anggaran.xlsx")
    book["Parameter"]["A1"] = EDIT  # the finance officer writes on the Parameter sheet
    book.save(desk / "anggaran.xlsx")
    lampiran = _parts(desk / "surat" / "lampiran_pemda.xlsx")

    letters_again = invoke(run_letters)
    budget_again = invoke(run_budget)
    assert letters_again.exit_code == budget_again.exit_code == 0
    backups = kept(desk)
    assert [p.name[:len("surat_pemda (")] for p in backups if p.suffix == ".docx"] == \
        ["surat_pemda ("]
    assert [p.name[:len("anggaran (")] for p in backups if p.suffix == ".xlsx"] == ["anggaran ("]
    old_letter = next(p for p in backups if p.suffix == ".docx")
    old_budget = next(p for p in backups if p.suffix == ".xlsx")
    assert EDIT in _letter_text(old_letter) and EDIT not in _letter_text(letter)
    assert openpyxl.load_workbook(old_budget)["Parameter"]["A1"].value == EDIT
    assert openpyxl.load_workbook(desk / "anggaran.xlsx")["Parameter"]["A1"].value != EDIT
    for result, name in ((letters_again, old_letter.name), (budget_again, old_budget.name)):
        assert "Catatan:" in result.text and f"disimpan sebagai '{name}'" in result.text
    # the untouched lampiran was rewritten (same content), not kept
    assert _parts(desk / "surat" / "lampiran_pemda.xlsx") == lampiran
    assert own_unchanged(letter) and own_unchanged(desk / "anggaran.xlsx")


def test_an_annotated_copy_the_clerk_edited_is_kept_and_never_read_as_a_roster(desk):
    first = invoke(["check", "daftar.xlsx", "--tandai", "daftar-diperiksa.xlsx"])
    assert first.exit_code == 1, first.text
    book = openpyxl.load_workbook(desk / "daftar-diperiksa.xlsx")
    book.worksheets[0]["A1"] = EDIT
    book.save(desk / "daftar-diperiksa.xlsx")
    again = invoke(["check", "daftar.xlsx", "--tandai", "daftar-diperiksa.xlsx"])
    assert again.exit_code == 1, again.text
    (backup,) = kept(desk)
    assert backup.name.endswith(")-diperiksa.xlsx")
    assert openpyxl.load_workbook(backup).worksheets[0]["A1"].value == EDIT
    folder = invoke(["check", str(desk), "--laporan", "r.json"])  # the whole folder
    alone = invoke(["check", "daftar.xlsx", "--laporan", "r1.json"])
    import json

    rows = [json.loads((desk / n).read_text(encoding="utf-8"))["summary"]["rows"]
            for n in ("r.json", "r1.json")]
    assert folder.exit_code == alone.exit_code == 1 and rows[0] == rows[1]


def test_ctrl_c_while_writing_the_letters_leaves_every_output_whole(desk, monkeypatch):
    assert invoke(["letters", "daftar.xlsx", "--abaikan-galat", "-o", "surat"]).exit_code == 0
    before = {p.name: p.read_bytes() for p in (desk / "surat").iterdir()}

    def interrupted(self, filename):  # noqa: ANN001, ANN202 - openpyxl's Workbook.save
        half = b"PK\x03\x04 setengah 1706036503890001"
        if hasattr(filename, "write"):  # a buffer spliced into the temp file later
            filename.write(half)
        else:
            Path(filename).write_bytes(half)
        raise KeyboardInterrupt

    monkeypatch.setattr(openpyxl.Workbook, "save", interrupted)
    result = invoke(["letters", "daftar.xlsx", "--abaikan-galat", "-o", "surat"])
    assert result.exit_code == 130 and "dihentikan (Ctrl+C)" in result.text
    assert "Traceback" not in result.output and "Exception ignored" not in result.output
    after = {p.name: p.read_bytes() for p in (desk / "surat").iterdir()}
    assert set(after) == set(before)  # no temp file, no backup, nothing half-written
    for name, data in after.items():
        assert zipfile.is_zipfile(desk / "surat" / name), name
        if name.endswith(".xlsx"):
            assert data == before[name]  # the interrupted lampiran is the previous one


@pytest.mark.parametrize("suffix", [".docx", ".xlsx"])
def test_a_file_of_the_clerks_under_an_output_name_is_kept(tmp_path, suffix):
    target = tmp_path / f"anggaran{suffix}"
    target.write_bytes(b"milik operator")
    with pytest.warns(OutputKept), atomic_path(target) as tmp:
        tmp.write_bytes(b"baru")
    (backup,) = kept(tmp_path)
    assert backup.read_bytes() == b"milik operator" and target.read_bytes() == b"baru"


def test_a_roster_with_a_very_long_unicode_name_gets_its_copy_and_its_backup(tmp_path):
    folder = tmp_path / "folder ñ spasi"
    folder.mkdir()
    stem = "Daftar KPPS Kecamatan Ñ " + "ñ" * 112 + "x"  # 250 bytes in UTF-8
    assert len(stem.encode()) == 250
    roster = folder / f"{stem}.xlsx"
    shutil.copy(Path(__file__).resolve().parents[1] / "samples" / "kpps_cacat.xlsx", roster)
    out = tmp_path / "hasil"
    first = invoke(["check", str(roster), "--tandai", str(out)])
    assert first.exit_code == 1, first.text
    (copy,) = out.iterdir()
    assert copy.name.endswith("-diperiksa.xlsx") and len(copy.name.encode()) <= 255
    assert copy.name.startswith("Daftar KPPS Kecamatan Ñ ñ")
    book = openpyxl.load_workbook(copy)
    book.worksheets[0]["A1"] = EDIT
    book.save(copy)
    again = invoke(["check", str(roster), "--tandai", str(out)])
    assert again.exit_code == 1, again.text
    (backup,) = kept(out)
    assert backup.name.endswith(")-diperiksa.xlsx") and len(backup.name.encode()) <= 255
    assert openpyxl.load_workbook(backup).worksheets[0]["A1"].value == EDIT
    assert not [p for p in out.iterdir() if ".kpps-" in p.name]
