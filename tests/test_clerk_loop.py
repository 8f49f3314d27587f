"""The clerk's whole loop on the defect sample: check -> refuse -> go on -> fix by script -> all pass."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
from clirun import invoke
from docx import Document

from kpps_xl.api import check
from kpps_xl.eligible import person_errors
from kpps_xl.roster import load_roster
from kpps_xl.samples import make_nik
from kpps_xl.settings import load_settings

ROOT = Path(__file__).resolve().parents[1]
NIK = re.compile(r"\d{16}")


def cli(*args: str) -> tuple[int, str]:
    result = invoke(args)
    return result.exit_code, result.text


def lampiran_rows(path: Path, sheet: str, header: str = "No") -> list[dict[str, object]]:
    ws = openpyxl.load_workbook(path, read_only=True)[sheet]
    rows = list(ws.iter_rows(values_only=True))
    top = next(i for i, r in enumerate(rows) if r and r[0] == header)
    names = rows[top]
    return [dict(zip(names, r, strict=False)) for r in rows[top + 1:] if r and r[0] is not None]


def letter_text(path: Path) -> str:
    return "\n".join(p.text for p in Document(str(path)).paragraphs)


# ----------------------------------------------------------------------- the fixing script
def _letters(roster, file: str, sheet: str, field: str) -> str:
    return roster.column_letter(file, sheet, field)


def fix_errors(path: Path) -> int:
    """Fix every error finding of the roster in place, the way a clerk would; return fixes.

    Person errors get a corrected cell (a new NIK typed as text, a readable date of birth of an
    adult, a name, L/P); a TPS with two ketua keeps the first; a TPS without one gets its first
    member as ketua; a TPS one member short gets a new member in the empty row under it.
    """
    settings = load_settings(path.parent / "kpps-xl.toml")
    roster = load_roster([path])
    report = check([path], settings)
    wb = openpyxl.load_workbook(path)
    df = roster.df
    fixes = 0
    serial = 9000

    def new_nik(dob: dt.date, sex: str) -> str:
        nonlocal serial
        serial += 1
        return make_nik("1706", "03", dob, sex, serial)

    def put(file: str, sheet: str, row: int, field: str, value: object) -> None:
        nonlocal fixes
        letter = _letters(roster, file, sheet, field)
        cell = wb[sheet][f"{letter}{row}"]
        if field == "tanggal_lahir" and isinstance(cell.value, str) and "," in cell.value:
            value = f"{cell.value.split(',')[0]}, {value}"  # "Tempat, Tanggal Lahir" in one cell
        cell.value = value
        cell.number_format = "@" if isinstance(value, str) else cell.number_format
        fixes += 1

    adult = dt.date(1990, 1, 1)
    for (file, sheet, row), found in person_errors(report.findings).items():
        codes = {f.code for f in found}
        person = df[(df["_sheet"] == sheet) & (df["_row"] == row)].iloc[0]
        sex = person["sex"] if isinstance(person["sex"], str) else "L"
        if "sex.invalid" in codes:
            put(file, sheet, row, "jenis_kelamin", sex)
        dob = adult if codes & {"age.under_min", "dob.invalid"} or pd.isna(person["dob"]) \
            else person["dob"].date()
        if codes & {"age.under_min", "dob.invalid"}:
            put(file, sheet, row, "tanggal_lahir", dob.strftime("%d-%m-%Y"))
        if "field.missing" in codes:
            put(file, sheet, row, "nama", f"Nama Pengganti {row}")
        firsts = {(f.related[0].sheet, f.related[0].row) for f in found
                  if f.code == "dup.nik" and f.related}
        later_copy = any((sheet, row) > (s, r) for s, r in firsts) if "dup.nik" in codes else False
        if codes & {"nik.missing", "nik.format", "nik.precision_lost", "nik.region",
                    "nik.birthdate"} or later_copy:
            put(file, sheet, row, "nik", new_nik(dob, sex))
    for f in report.findings:
        if f.code == "tps.ketua":
            team = df[df["tps_key"] == df[(df["_sheet"] == f.sheet) & (df["_row"] == f.row)]
                      .iloc[0]["tps_key"]]
            ketua = team[team["peran"] == "ketua"]
            if len(ketua) > 1:
                for row in ketua["_row"].iloc[1:]:
                    put(f.file or "", f.sheet, int(row), "jabatan", "Anggota")
            else:
                put(f.file or "", f.sheet, int(team["_row"].iloc[0]), "jabatan", "Ketua")
        if f.code == "tps.size" and "berisi 6" in f.message:
            team = df[df["tps_key"] == df[(df["_sheet"] == f.sheet) & (df["_row"] == f.row)]
                      .iloc[0]["tps_key"]]
            ws = wb[f.sheet]
            last = int(team["_row"].max())
            assert all(c.value is None for c in ws[last + 1]), "needs an empty row under the TPS"
            for cell, template in zip(ws[last + 1], ws[last], strict=True):
                cell.value = template.value
            put(f.file or "", f.sheet, last + 1, "nama", "Anggota Tambahan")
            put(f.file or "", f.sheet, last + 1, "nik", new_nik(adult, "L"))
            put(f.file or "", f.sheet, last + 1, "tanggal_lahir", "Mukomuko, 01-01-1990")
            put(f.file or "", f.sheet, last + 1, "jenis_kelamin", "LK")
    wb.save(path)
    return fixes


# ------------------------------------------------------------------------------- the loop
def test_defect_sample_loop_refuse_go_on_fix_then_everything_passes(desk):
    roster = desk / "daftar.xlsx"

    # 1. the check finds errors
    code, out = cli("check", str(roster))
    assert code == 1 and "ADA GALAT" in out

    # 2. budget and letters refuse with the check's summary and write nothing
    for command in (["budget", str(roster)], ["letters", str(roster)]):
        code, out = cli(*command)
        assert code == 1, (command, out)
        assert "galat" in out and "NIK kosong (nik.missing): 1" in out
        assert "--abaikan-galat" in out and "Traceback" not in out
    assert not (desk / "anggaran.xlsx").exists() and not (desk / "surat").exists()

    # 3. go on: only valid, unique NIKs are listed; the letter and the workbook say who is out
    report = check([roster], load_settings(desk / "kpps-xl.toml"))
    bad_rows = {(s, r) for (_, s, r), fs in person_errors(report.findings).items()
                if any(f.code != "dup.nik" for f in fs)}
    code, out = cli("letters", str(roster), "--abaikan-galat")
    assert code == 0, out
    lampiran = desk / "surat" / "lampiran_bpjs_ketenagakerjaan.xlsx"
    people = lampiran_rows(lampiran, "Daftar Peserta")
    niks = [str(p["NIK"]) for p in people]
    assert niks and all(NIK.fullmatch(n) for n in niks)
    assert len(set(niks)) == len(niks)
    assert all(p["Nama"] for p in people)
    excluded = lampiran_rows(lampiran, "Dikecualikan")
    assert {(e["Lembar"], e["Baris"]) for e in excluded} >= bad_rows
    assert len(people) + len(excluded) == report.rows
    letter = letter_text(desk / "surat" / "surat_bpjs_ketenagakerjaan.docx")
    assert f"Sebanyak {len(excluded)} baris daftar petugas tidak diikutsertakan" in letter
    assert "lembar Dikecualikan" in letter and ".xlsx" not in letter
    assert f"Daftar nama {len(people)} orang peserta (KPPS)" in letter

    code, out = cli("budget", str(roster), "--abaikan-galat", "--json", "anggaran.json")
    assert code == 0, out
    import json

    budget = json.loads((desk / "anggaran.json").read_text(encoding="utf-8"))
    kpps = sum(x["count"] for x in budget["lines"] if x["body"] == "KPPS")
    assert kpps == len(people)  # each NIK once, people with errors left out
    assert any(f"{len(excluded)} orang" in n for n in budget["notes"])
    notes = [c.value for row in openpyxl.load_workbook(desk / "anggaran.xlsx")["Anggaran"]
             .iter_rows() for c in row if isinstance(c.value, str)]
    assert any("tidak diikutsertakan" in n for n in notes)

    # 4. the clerk fixes the errors in the copy (by script); all three commands succeed
    assert fix_errors(roster) >= len(bad_rows)
    code, out = cli("check", str(roster))
    assert code == 0, out
    shutil.rmtree(desk / "surat")
    for command in (["budget", str(roster)], ["letters", str(roster)]):
        code, out = cli(*command)
        assert code == 0, (command, out)
    people = lampiran_rows(desk / "surat" / "lampiran_bpjs_ketenagakerjaan.xlsx",
                           "Daftar Peserta")
    assert len(people) == report.rows + 1  # every row, plus the member added to TPS 003
    assert "Dikecualikan" not in openpyxl.load_workbook(
        desk / "surat" / "lampiran_bpjs_ketenagakerjaan.xlsx", read_only=True).sheetnames
    assert "tidak diikutsertakan" not in letter_text(desk / "surat" / "surat_pemda.docx")
