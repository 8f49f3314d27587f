"""The seams of the clerk's loop: check -> edit the annotated copy (fix, delete, insert, rename,
add a sheet) -> check again -> budget -> letters, and the same commands run twice."""

from __future__ import annotations

import collections
import hashlib
import json
import shutil
import zipfile
from pathlib import Path

import openpyxl
from clirun import invoke

ROOT = Path(__file__).resolve().parents[1]


def cli(*args: str) -> tuple[int, str]:
    result = invoke(list(args))
    return result.exit_code, result.text


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def findings(report: Path) -> list[tuple]:
    doc = json.loads(report.read_text(encoding="utf-8"))
    return sorted((f["code"], f["sheet"], f["row"], f["column"], f["value"], f["message"],
                   tuple((r["sheet"], r["row"]) for r in f["related"])) for f in doc["findings"])


def clerk_edits(path: Path, report: dict) -> None:
    """What a clerk does in the annotated copy: retype a NIK Excel spoiled, delete the second copy
    of a duplicate, add the missing member under a short TPS team, rename a sheet, add one."""
    by_code = collections.defaultdict(list)
    for f in report["findings"]:
        by_code[f["code"]].append(f)
    wb = openpyxl.load_workbook(path)
    spoiled = by_code["nik.precision_lost"][0]
    cell = wb[spoiled["sheet"]][f"{spoiled['column']}{spoiled['row']}"]
    cell.value, cell.number_format = str(spoiled["value"])[:-1] + "9", "@"
    short = next(f for f in by_code["tps.size"] if "berisi 6" in f["message"])
    last = max([short["row"], *(r["row"] for r in short["related"])])
    ws = wb[short["sheet"]]
    nik_column = spoiled["column"] if spoiled["sheet"] == short["sheet"] else "C"
    dup = max((f for f in by_code["dup.nik"] if f["sheet"] == short["sheet"]),
              key=lambda f: f["row"])

    def insert() -> None:
        ws.insert_rows(last + 1)
        for column, template in enumerate(ws[last], 1):
            ws.cell(row=last + 1, column=column, value=template.value)
        ws[f"{nik_column}{last + 1}"].value = "1706030101900099"
        ws[f"{nik_column}{last + 1}"].number_format = "@"

    # bottom-up, so one edit never moves the row of the other
    for edit in sorted([(last + 1, insert), (dup["row"], lambda: ws.delete_rows(dup["row"]))],
                       key=lambda e: -e[0]):
        edit[1]()
    renamed = next(n for n in wb.sheetnames if n not in (spoiled["sheet"], short["sheet"])
                   and wb[n].max_row > 20)
    wb[renamed].title = f"KEC {renamed}"[:31]
    wb.create_sheet("Catatan Operator")["A1"] = "dicek ulang"
    wb.save(path)


def test_the_edited_annotated_copy_checks_exactly_like_the_same_edits_on_the_original(desk):
    code, out = cli("check", "daftar.xlsx", "--laporan", "r0.json", "--tandai",
                    "daftar-diperiksa.xlsx")
    assert code == 1, out
    report = json.loads((desk / "r0.json").read_text(encoding="utf-8"))
    shutil.copy(desk / "daftar.xlsx", desk / "asli-disunting.xlsx")
    clerk_edits(desk / "daftar-diperiksa.xlsx", report)
    clerk_edits(desk / "asli-disunting.xlsx", report)

    assert cli("check", "daftar-diperiksa.xlsx", "--laporan", "r1.json",
               "--tandai", "ulang/daftar-diperiksa.xlsx")[0] == 1
    assert cli("check", "asli-disunting.xlsx", "--laporan", "rt.json")[0] == 1
    edited, truth = findings(desk / "r1.json"), findings(desk / "rt.json")
    assert edited == truth  # old marks and the stale Temuan rows are never read as data
    assert not any(code == "nik.precision_lost" for code, *_ in edited)  # the NIK retyped

    again = openpyxl.load_workbook(desk / "ulang" / "daftar-diperiksa.xlsx")
    first = openpyxl.load_workbook(desk / "daftar-diperiksa.xlsx")
    # Temuan/Ringkasan refreshed (written last again), not piled up; the clerk's sheets kept
    assert sorted(again.sheetnames) == sorted(first.sheetnames)
    assert again.sheetnames[-3:] == ["Temuan", "Ringkasan", "Tindak Lanjut"]
    temuan = again["Temuan"]
    assert temuan.max_row - 1 == len(edited)
    for ws in again.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.comment is not None:
                    assert cell.comment.text.count("kpps-xl") <= 1, cell.coordinate
    spoiled = next(f for f in report["findings"] if f["code"] == "nik.precision_lost")
    fixed = again[spoiled["sheet"]][f"{spoiled['column']}{spoiled['row']}"]
    assert fixed.comment is None and fixed.fill.fill_type is None


def _lampiran(path: Path) -> list[dict]:
    ws = openpyxl.load_workbook(path, read_only=True)["Daftar Peserta"]
    rows = list(ws.iter_rows(values_only=True))
    top = next(i for i, r in enumerate(rows) if r and r[0] == "No")
    return [dict(zip(rows[top], r, strict=False)) for r in rows[top + 1:] if r and r[0] is not None]


def _sheet_parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist() if n != "docProps/core.xml"}


def test_check_budget_and_letters_count_the_same_people_per_kecamatan_and_rerun_the_same(desk):
    roster = desk / "daftar.xlsx"
    before = digest(roster)
    runs = []
    for run in ("1", "2"):
        assert cli("check", "daftar.xlsx", "--laporan", f"{run}/r.json")[0] == 1
        code, out = cli("budget", "daftar.xlsx", "--abaikan-galat", "-o", f"{run}/anggaran.xlsx",
                        "--json", f"{run}/anggaran.json")
        assert code == 0, out
        code, out = cli("letters", "daftar.xlsx", "--abaikan-galat", "-o", f"{run}/surat")
        assert code == 0, out
        runs.append(desk / run)
    assert digest(roster) == before
    one, two = runs
    assert (one / "r.json").read_bytes() == (two / "r.json").read_bytes()
    assert (one / "anggaran.json").read_bytes() == (two / "anggaran.json").read_bytes()
    for name in ("anggaran.xlsx", "surat/lampiran_bpjs_ketenagakerjaan.xlsx"):
        assert _sheet_parts(one / name) == _sheet_parts(two / name), name
    assert not [p for p in desk.rglob("*") if ".kpps-" in p.name]  # no temp file left

    budget = json.loads((one / "anggaran.json").read_text(encoding="utf-8"))
    by_budget = collections.Counter()
    for line in budget["lines"]:
        if line["body"] == "KPPS":
            by_budget[line.get("kecamatan") or ""] += line["count"]
    people = _lampiran(one / "surat" / "lampiran_bpjs_ketenagakerjaan.xlsx")
    by_letters = collections.Counter(p.get("Kecamatan") or "" for p in people)
    assert by_budget == by_letters and sum(by_budget.values()) == len(people)
    report = json.loads((one / "r.json").read_text(encoding="utf-8"))
    excluded = _lampiran_excluded(one / "surat" / "lampiran_bpjs_ketenagakerjaan.xlsx")
    assert len(people) + excluded == report["summary"]["rows"]


def _lampiran_excluded(path: Path) -> int:
    book = openpyxl.load_workbook(path, read_only=True)
    if "Dikecualikan" not in book.sheetnames:
        return 0
    rows = list(book["Dikecualikan"].iter_rows(values_only=True))
    top = next(i for i, r in enumerate(rows) if r and r[0] == "No")
    return sum(1 for r in rows[top + 1:] if r and r[0] is not None)
