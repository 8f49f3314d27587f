"""The clerk's loop on rosters nobody showed us: the budget's totals, the letter's figures and
terbilang, and the lampiran's rows tell one story; who is listed is exactly who has no error;
settings typed per kecamatan meet the roster's kecamatan; half-filled settings are told at once."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import layouts_wild
import layouts_wild3
import openpyxl
import pytest
from clirun import invoke
from docx import Document
from num2words import num2words

ROOT = Path(__file__).resolve().parents[1]
TOML = ROOT / "samples" / "kpps-xl.toml"
# (module, layout): planted errors, other bodies than KPPS, stacked blocks, sorted lists
ROSTERS = [(layouts_wild3, "stacked_tps_blocks"), (layouts_wild3, "age_only"),
           (layouts_wild3, "sorted_by_name"), (layouts_wild3, "tps_in_jabatan"),
           (layouts_wild, "linmas_sheet"), (layouts_wild, "faults_in_wild_layout")]
TOTAL = re.compile(r"sebesar Rp([\d.]+) \(([^)]+)\) untuk ([\d.]+) orang")
NAMED = re.compile(r"Daftar nama ([\d.]+) orang peserta")
PLANNED = " dihitung dari jumlah petugas yang direncanakan"
BODY_COUNT = re.compile(r"([\d.]+) orang(?: \(([\d.]+) nama terlampir\))?")
ERROR_FREE = ("dup.nik",)  # a duplicate's first copy is listed: checked apart
TABLE_LIMIT = 50  # surat.batas_tabel_lampiran's default


def number(text: str) -> int:
    return int(text.replace(".", ""))


def sheet_rows(path: Path, sheet: str) -> list[dict[str, object]]:
    book = openpyxl.load_workbook(path, read_only=True)
    if sheet not in book.sheetnames:
        return []
    rows = list(book[sheet].iter_rows(values_only=True))
    top = next(i for i, r in enumerate(rows) if r and r[0] == "No")
    return [dict(zip(rows[top], r, strict=False)) for r in rows[top + 1:] if r and r[0] is not None]


def letter(path: Path) -> tuple[str, list[list[list[str]]]]:
    doc = Document(str(path))
    return ("\n".join(p.text for p in doc.paragraphs),
            [[[c.text for c in r.cells] for r in t.rows] for t in doc.tables])


@pytest.mark.parametrize(("module", "name"), ROSTERS, ids=[n for _m, n in ROSTERS])
def test_budget_letter_and_lampiran_count_the_same_people(tmp_path, monkeypatch, module, name):
    monkeypatch.chdir(tmp_path)
    shutil.copy(TOML, tmp_path / "kpps-xl.toml")
    path, truth = module.build(name, tmp_path)
    assert invoke(["check", str(path), "--laporan", "r.json"]).exit_code in (0, 1)
    report = json.loads(Path("r.json").read_text(encoding="utf-8"))
    made = invoke(["letters", str(path), "--abaikan-galat", "-o", "surat"])
    assert made.exit_code == 0, made.text
    counted = invoke(["budget", str(path), "--abaikan-galat", "--json", "b.json", "-o", "a.xlsx"])
    assert counted.exit_code == 0, counted.text
    budget = json.loads(Path("b.json").read_text(encoding="utf-8"))

    # 1. the letter's total, its terbilang and its head count are the budget's
    text, tables = letter(tmp_path / "surat" / "surat_bpjs_ketenagakerjaan.docx")
    total = TOTAL.search(text)
    assert total, text
    tk_people = sum(x["count"] for x in budget["lines"] if x["scheme"] in ("BPU", "PPU"))
    assert number(total.group(1)) == budget["total_tk"] > 0
    assert total.group(2) == num2words(budget["total_tk"], lang="id") + " rupiah"
    assert number(total.group(3)) == tk_people

    # 2. the names the letter announces are the lampiran's rows, in the workbook and the letter
    lampiran = tmp_path / "surat" / "lampiran_bpjs_ketenagakerjaan.xlsx"
    listed = sheet_rows(lampiran, "Daftar Peserta")
    excluded = sheet_rows(lampiran, "Dikecualikan")
    named = NAMED.search(text)
    assert named and number(named.group(1)) == len(listed) > 0
    in_letter = [t for t in tables if t and t[0][:3] == ["No", "Nama", "NIK"]]
    if len(listed) <= TABLE_LIMIT:  # longer lists are only in the lampiran workbook
        assert in_letter and len(in_letter[0]) - 1 == len(listed)
        assert [row[2] for row in in_letter[0][1:]] == [str(p["NIK"]) for p in listed]
    else:
        assert not in_letter

    # 3. who is listed: each NIK once, nobody with an error, everyone else who is seated
    niks = [str(p["NIK"]) for p in listed]
    assert len(set(niks)) == len(niks)
    erring = {(f["sheet"], f["row"]) for f in report["findings"] if f["severity"] == "error"
              and f["row"] and not f["code"].startswith("tps.") and f["code"] not in ERROR_FREE}
    inactive = {(f["sheet"], f["row"]) for f in report["findings"] if f["code"] == "row.inactive"}
    nik_of = {(p.sheet, p.row): p.nik for p in truth.people}
    assert not {nik_of[k] for k in erring if k in nik_of} & set(niks)
    clean = [p.nik for p in truth.people if (p.sheet, p.row) not in erring | inactive]
    assert set(niks) == set(clean)
    assert len(listed) + len(excluded) + len(inactive) == report["summary"]["rows"]

    # 4. the head count is the people listed plus those the letter says come from plans
    planned = 0
    for before in text.split(PLANNED)[:-1]:  # "Jumlah Linmas 10 orang (4 nama terlampir) dan …"
        for counted, with_names in BODY_COUNT.findall(before.rsplit("Jumlah ", 1)[-1]):
            planned += number(counted) - (number(with_names) if with_names else 0)
    assert tk_people == len(listed) + planned


def _kecamatan_roster(folder: Path) -> Path:
    path, _truth = layouts_wild3.build("letterhead", folder)
    return path


def test_budget_counts_typed_per_kecamatan_meet_the_rosters_kecamatan(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = _kecamatan_roster(tmp_path)
    assert invoke(["budget", str(path), "--json", "b0.json", "-o", "a0.xlsx",
                   "-c", str(TOML)]).exit_code == 0
    roster_kec = {x["kecamatan"] for x in json.loads(Path("b0.json").read_text())["lines"]}
    (kec,) = roster_kec
    typed = f"Kec. {kec.title()}"  # the roster's kecamatan as the clerk typed it in settings
    assert typed != kec
    (tmp_path / "kpps-xl.toml").write_text(
        TOML.read_text(encoding="utf-8") + f'\n[anggaran.peran.anggota_ppk]\njumlah = {{ "{typed}" '
        '= 4, "KECAMATAN ANTAH" = 4 }\n[anggaran.peran.ketua_ppk]\njumlah = { "KECAMATAN ANTAH" '
        "= 1 }\n", encoding="utf-8")
    result = invoke(["budget", str(path), "--json", "b.json", "-o", "a.xlsx"])
    assert result.exit_code == 0, result.text
    budget = json.loads(Path("b.json").read_text(encoding="utf-8"))
    ppk = {(x["kecamatan"], x["role"]): x["count"] for x in budget["lines"] if x["body"] == "PPK"}
    assert ppk == {(kec, "Anggota PPK"): 4, ("KECAMATAN ANTAH", "Anggota PPK"): 4,
                   ("KECAMATAN ANTAH", "Ketua PPK"): 1}
    assert any("KECAMATAN ANTAH tidak ada di daftar petugas" in n
               and "anggaran.peran.anggota_ppk.jumlah" in n for n in budget["notes"])
    assert any(f"tidak memuat kecamatan {kec}" in n and "Ketua PPK di sana dihitung 0 orang" in n
               for n in budget["notes"])
    assert "KECAMATAN ANTAH tidak ada di daftar petugas" in result.text


def test_half_filled_letter_settings_are_listed_at_once_and_nothing_is_written(tmp_path,
                                                                             monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = _kecamatan_roster(tmp_path)
    (tmp_path / "kpps-xl.toml").write_text(
        '[kantor]\nwilayah = "KOTA PALEMBANG"\n[anggaran]\npreset = "pilkada2024"\n',
        encoding="utf-8")
    result = invoke(["letters", str(path), "-o", "surat"])
    assert result.exit_code == 2, result.text
    assert ("belum diisi: kantor.alamat, kantor.kota, surat.penanda_tangan.nama"
            in result.text), result.text
    assert not (tmp_path / "surat").exists()
