"""Ribbon scripts run on JSON payloads built from .xlsx fixtures, results replayed with openpyxl."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")

from kpps_xl.excel import scripts  # noqa: E402
from kpps_xl.excel._xlwings import load_xlwings  # noqa: E402
from kpps_xl.excel.demo import roster_rows  # noqa: E402
from kpps_xl.excel.payload import (  # noqa: E402
    CLIENT_VBA,
    payload_from_sheets,
    payload_from_workbook,
    payload_from_xlsx,
)
from kpps_xl.excel.replay import coloured_cells, fill_of, link_of, replay, replay_file  # noqa: E402

xw = load_xlwings()
SHEET = "KEC KOTA MUKOMUKO"
RED, YELLOW = "FFC7CE", "FFEB9C"


def write_roster(path: Path, count: int = 70, every: int = 10, extra: list | None = None):
    rows, planted = roster_rows(count, problems_every=every)
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    for row in rows + (extra or []):
        ws.append(row)
    for cell in ws["C"]:
        if isinstance(cell.value, str):
            cell.number_format = "@"
    notes = wb.create_sheet("Catatan")
    notes["A1"] = "catatan bebas, bukan daftar petugas"
    wb.save(path)
    return planted


def run(script, payload: dict, *args):
    book = xw.Book(json=payload)
    script(book, *args)
    return book.json()["actions"]


@pytest.fixture()
def roster_file(tmp_path: Path) -> tuple[Path, object]:
    path = tmp_path / "daftar.xlsx"
    return path, write_roster(path)


def test_periksa_marks_planted_cells_and_temuan_links_point_at_them(roster_file, tmp_path):
    path, planted = roster_file
    actions = run(scripts.periksa_roster, payload_from_xlsx(path))
    result = replay_file(path, actions, tmp_path / "hasil.xlsx")
    wb = load_workbook(tmp_path / "hasil.xlsx")
    ws = wb[SHEET]
    for row in planted.rows["nik_number"] + planted.rows["nik_short"]:
        assert fill_of(ws, f"C{row}") == RED, row
    assert fill_of(ws, f"E{planted.rows['bad_date'][0]}") == RED
    assert fill_of(ws, "B10") is None and fill_of(ws, "C10") is None
    temuan = wb["Temuan"]
    assert [c.value for c in temuan[1]][:8] == ["No", "Tingkat", "Kode", "Lembar", "Sel", "Baris",
                                                "TPS", "Pesan"]
    assert temuan["J1"].value is None  # marks live in workbook names now, not in columns J:K
    assert any(n.startswith("KPPS_TANDA_") for n in wb.defined_names)
    links = [link_of(temuan.cell(r, 5).value) for r in range(2, temuan.max_row + 1)]
    codes = [temuan.cell(r, 3).value for r in range(2, temuan.max_row + 1)]
    assert all(links)
    for (sheet, address, text), code, r in zip(links, codes, range(2, temuan.max_row + 1),
                                               strict=True):
        assert sheet == SHEET and text == address
        assert address.endswith(str(temuan.cell(r, 6).value))
        assert ws[address].fill.fill_type == "solid", (code, address)
    assert ("nik.precision_lost", f"C{planted.rows['nik_number'][0]}") in {
        (c, lk[1]) for c, lk in zip(codes, links, strict=True)}
    assert wb.active.title == SHEET
    assert "galat" in result.alerts[-1] and "Temuan" in result.alerts[-1]


def test_periksa_uses_few_set_colors_actions_on_office_js(roster_file):
    path, _ = roster_file
    actions = run(scripts.periksa_roster, payload_from_xlsx(path))
    funcs = [a["func"] for a in actions]
    assert funcs.count("setRangeColors") <= 4
    assert "setRangeColor" in funcs  # only the Temuan header
    assert funcs.count("setValues") == 1
    assert len(actions) <= 12


def test_hapus_tanda_undoes_marks_and_removes_temuan_but_keeps_data(roster_file, tmp_path):
    path, planted = roster_file
    first = run(scripts.periksa_roster, payload_from_xlsx(path))
    marked = tmp_path / "marked.xlsx"
    replay_file(path, first, marked)
    second = run(scripts.hapus_tanda, payload_from_xlsx(marked))
    clean = tmp_path / "clean.xlsx"
    result = replay_file(marked, second, clean)
    wb = load_workbook(clean)
    assert "Temuan" not in wb.sheetnames
    assert coloured_cells(wb[SHEET]) == {}
    original = load_workbook(path)[SHEET]
    assert [[c.value for c in r] for r in wb[SHEET].iter_rows()] == [
        [c.value for c in r] for r in original.iter_rows()]
    assert {a["func"] for a in second} <= {"setRangeColors", "sheetDelete", "alert", "nameDelete"}
    assert not any(n.startswith("KPPS_TANDA_") for n in wb.defined_names)
    assert "sudah dihapus" in result.alerts[-1]


def test_hapus_tanda_without_temuan_says_so(roster_file):
    path, _ = roster_file
    actions = run(scripts.hapus_tanda, payload_from_xlsx(path))
    assert [a["func"] for a in actions] == ["alert"]
    assert "Tidak ada tanda" in actions[0]["args"][0]


def test_periksa_again_after_a_fix_clears_the_fixed_cell(roster_file, tmp_path):
    path, planted = roster_file
    marked = tmp_path / "marked.xlsx"
    replay_file(path, run(scripts.periksa_roster, payload_from_xlsx(path)), marked)
    fixed_row = planted.rows["nik_short"][0]
    wb = load_workbook(marked)
    wb[SHEET][f"C{fixed_row}"] = "1706010203900099"
    wb.save(marked)
    again = tmp_path / "again.xlsx"
    replay_file(marked, run(scripts.periksa_roster, payload_from_xlsx(marked)), again)
    wb = load_workbook(again)
    assert fill_of(wb[SHEET], f"C{fixed_row}") is None
    assert fill_of(wb[SHEET], f"C{planted.rows['nik_number'][0]}") == RED
    assert wb.sheetnames.count("Temuan") == 1


def test_formula_looking_sheet_name_and_cells_are_never_written_back_as_formulas(tmp_path):
    rows, _ = roster_rows(7)
    rows[3][6] = '=cmd|" /C calc"!A0'  # TPS cell of the first person
    rows[4][2] = "@SUM(1)"  # NIK cell
    name = "=1+1 Kec'A"
    actions = run(scripts.periksa_roster, payload_from_sheets({name: rows}))
    written = [v for a in actions if a["func"] == "setValues" for row in a["values"] for v in row]
    formulas = [v for v in written if isinstance(v, str) and v.startswith(("=", "+", "-", "@"))]
    assert formulas and all(v.startswith("=HYPERLINK(") for v in formulas)
    assert "'" + name in written
    wb = Workbook()
    wb.active.title = name
    replay(wb, actions)
    targets = {link_of(v)[:2] for v in formulas}
    assert (name, "C5") in targets


def test_vba_client_above_32767_rows_is_refused_with_a_message():
    rows, _ = roster_rows(32_800)
    payload = payload_from_sheets({SHEET: rows}, client=CLIENT_VBA)
    actions = run(scripts.periksa_roster, payload)
    assert [a["func"] for a in actions] == ["alert"]
    message = actions[0]["args"][0]
    assert "32.767" in message and SHEET in message


def test_vba_client_marks_with_one_macro_call_per_colour(roster_file):
    path, planted = roster_file
    actions = run(scripts.periksa_roster, payload_from_xlsx(path, client=CLIENT_VBA))
    macros = [a for a in actions if a["func"] == "runMacro"]
    assert 1 <= len(macros) <= 2
    assert all(a["args"][0].endswith("KppsTandai") and a["args"][1] == SHEET for a in macros)
    assert "setRangeColors" not in {a["func"] for a in actions}
    wb = load_workbook(path)
    replay(wb, actions)
    assert fill_of(wb[SHEET], f"C{planted.rows['nik_number'][0]}") == RED


def test_web_sheet_too_big_gets_indonesian_refusal():
    too_big = json.dumps([{"sheet": SHEET, "mb": 6.4}])
    actions = run(scripts.periksa_roster, payload_from_sheets({SHEET: [[]]}), too_big)
    assert [a["func"] for a in actions] == ["alert"]
    assert "5 MB" in actions[0]["args"][0] and "6,4 MB" in actions[0]["args"][0]


def test_workbook_without_roster_gets_clear_message():
    actions = run(scripts.periksa_roster, payload_from_sheets({"Sheet1": [["halo"]]}))
    assert [a["func"] for a in actions] == ["alert"]
    assert "Nama" in actions[0]["args"][0] and "NIK" in actions[0]["args"][0]


def test_dates_as_real_date_cells_are_read(tmp_path):
    rows, _ = roster_rows(7)
    rows[4][4] = dt.datetime(2010, 6, 1)  # under 17 on 14-02-2024
    path = tmp_path / "tanggal.xlsx"
    wb = Workbook()
    for r in rows:
        wb.active.append(r)
    wb.active.title = SHEET
    wb.save(path)
    actions = run(scripts.periksa_roster, payload_from_xlsx(path))
    temuan = next(a for a in actions if a["func"] == "setValues")["values"]
    assert any(r[2] == "age.under_min" and r[5] == 5 for r in temuan[1:])


def go_on_settings(tmp_path: Path, monkeypatch) -> None:
    """KPPS_XL_SETTINGS pointing at a kpps-xl.toml with abaikan_galat = true."""
    toml = tmp_path / "lanjut.toml"
    toml.write_text("[pemeriksaan]\nabaikan_galat = true\n", encoding="utf-8")
    monkeypatch.setenv("KPPS_XL_SETTINGS", str(toml))


def test_hitung_anggaran_on_a_roster_with_errors_stops_with_the_check_summary(roster_file):
    path, _ = roster_file
    actions = run(scripts.hitung_anggaran, payload_from_xlsx(path))
    assert [a["func"] for a in actions] == ["alert"]
    message, mode = actions[0]["args"][0], actions[0]["args"][3]
    assert mode == "critical"
    assert "galat" in message and "NIK ganda (dup.nik)" in message
    assert "Periksa Data" in message and "abaikan_galat" in message


def test_hitung_anggaran_writes_the_cli_budget_workbook_with_live_formulas(tmp_path):
    """One writer, two targets: the sheets Hitung Anggaran writes inside Excel hold the same
    cells, formulas and names as `kpps-xl budget`, and recalculated they equal compute_budget."""
    import formulas
    from openpyxl.utils import get_column_letter

    from kpps_xl.budget.workbook import write_budget_workbook
    from kpps_xl.eligible import budget_of, eligible_people
    from kpps_xl.excel import book as xb
    from kpps_xl.roster import merge
    from kpps_xl.settings import Settings

    path = tmp_path / "bersih.xlsx"
    write_roster(path, count=70, every=0)
    payload = payload_from_xlsx(path)
    actions = run(scripts.hitung_anggaran, payload)
    wb = load_workbook(path)
    result = replay(wb, actions)
    in_excel = tmp_path / "di-excel.xlsx"
    wb.save(in_excel)
    settings = Settings()
    parts = xb.roster_parts(xw.Book(json=payload), settings)
    budget = budget_of(eligible_people(merge(parts), settings), settings)
    cli = write_budget_workbook(budget, settings, tmp_path / "cli.xlsx")
    ours, theirs = load_workbook(in_excel), load_workbook(cli)
    for name in ("Parameter", "Anggaran", "Rekap"):
        a, b = ours[name], theirs[name]
        for row in b.iter_rows():
            for cell in row:
                assert a[cell.coordinate].value == cell.value, (name, cell.coordinate)
                assert a[cell.coordinate].number_format == cell.number_format, cell.coordinate
    # the add-in's own bookkeeping (KPPS_SIDIK_ANGGARAN: what it wrote, to tell edits) aside
    assert {n: d.attr_text for n, d in ours.defined_names.items()
            if not n.startswith("KPPS_")} == {
        n: d.attr_text for n, d in theirs.defined_names.items()}
    assert "KPPS_SIDIK_ANGGARAN" in ours.defined_names
    from formula_ranges import fixed_ranges

    model = formulas.ExcelModel().loads(str(fixed_ranges(in_excel, tmp_path / "fixed"))).finish()
    solution = model.calculate()
    total_row = 5 + len(budget.lines)
    total_col = get_column_letter(max(c.column for c in theirs["Anggaran"][4] if c.value))
    key = next(k for k in solution if k.upper().endswith(f"ANGGARAN'!{total_col}{total_row}"))
    assert solution[key].value[0][0] == budget.total
    assert "Anggaran dihitung" in result.alerts[-1] and "Parameter" in result.alerts[-1]


def test_buat_surat_writes_letters_on_the_server_and_links_them_in_a_surat_sheet(tmp_path, monkeypatch):
    samples = Path(__file__).resolve().parents[1] / "samples"
    monkeypatch.setenv("KPPS_XL_SETTINGS", str(samples / "kpps-xl.toml"))
    monkeypatch.setenv("KPPS_XL_OUTPUT_DIR", str(tmp_path / "surat"))
    monkeypatch.setenv("KPPS_XL_PUBLIC_URL", "https://127.0.0.1:8000")
    source = samples / "kpps_bersih.xlsx"
    actions = run(scripts.buat_surat, payload_from_xlsx(source))
    written = sorted(p.name for p in (tmp_path / "surat").rglob("*") if p.is_file()
                     and not p.name.startswith("."))
    assert written == ["lampiran_bpjs_ketenagakerjaan.xlsx", "lampiran_pemda.xlsx",
                       "surat_bpjs_ketenagakerjaan.docx", "surat_pemda.docx"]
    wb = load_workbook(source)
    result = replay(wb, actions)
    links = [row[2] for row in wb["Surat"].iter_rows(min_row=2, values_only=True)]
    assert len(links) == 4
    assert all(link.startswith('=HYPERLINK("https://127.0.0.1:8000/') for link in links)
    assert "4 berkas surat" in result.alerts[-1]


def test_settings_and_letter_errors_become_critical_alerts_not_tracebacks(tmp_path, monkeypatch):
    rows, _ = roster_rows(14)
    payload = payload_from_sheets({SHEET: rows})
    monkeypatch.setenv("KPPS_XL_OUTPUT_DIR", str(tmp_path / "surat"))
    (tmp_path / "rusak.toml").write_text("[pemeriksaan\nx=1", encoding="utf-8")
    no_office = tmp_path / "tanpa-kantor.toml"
    no_office.write_text("[pemeriksaan]\n", encoding="utf-8")
    monkeypatch.setenv("KPPS_XL_SETTINGS", str(no_office))
    letter = run(scripts.buat_surat, payload)
    assert letter[-1]["func"] == "alert" and letter[-1]["args"][3] == "critical"
    assert "[kantor]" in letter[-1]["args"][0]
    monkeypatch.setenv("KPPS_XL_SETTINGS", str(tmp_path / "rusak.toml"))
    for script in (scripts.periksa_roster, scripts.hitung_anggaran, scripts.buat_surat):
        actions = run(script, payload)
        assert [a["func"] for a in actions] == ["alert"], script.__name__
        assert actions[0]["args"][3] == "critical" and "rusak.toml" in actions[0]["args"][0]
    from kpps_xl.excel import desktop

    book = xw.Book(json=payload)
    monkeypatch.setattr(desktop, "_caller", lambda: book)
    desktop.hitung_anggaran()
    assert [a["func"] for a in book.json()["actions"]] == ["alert"]


@pytest.mark.parametrize("script, name", [(scripts.hitung_anggaran, "Anggaran"),
                                          (scripts.hitung_anggaran, "Parameter"),
                                          (scripts.hitung_anggaran, "Rekap"),
                                          (scripts.buat_surat, "Surat"),
                                          (scripts.periksa_roster, "Temuan"),
                                          (scripts.hapus_tanda, "Temuan")])
def test_clerks_own_sheet_named_anggaran_surat_or_temuan_is_never_deleted(
        script, name, tmp_path, monkeypatch):
    monkeypatch.setenv("KPPS_XL_OUTPUT_DIR", str(tmp_path / "surat"))
    rows, _ = roster_rows(14)
    own = [["Rencana anggaran kantor 2024 (dibuat manual)"], ["ATK", 5_000_000]]
    actions = run(script, payload_from_sheets({SHEET: rows, name: own}))
    assert [a["func"] for a in actions] == ["alert"]
    message, mode = actions[0]["args"][0], actions[0]["args"][3]
    assert mode == "critical" and f"'{name}'" in message and "Ganti nama" in message
    assert not (tmp_path / "surat").exists()


def test_sheets_the_add_in_wrote_are_still_replaced(roster_file, tmp_path, monkeypatch):
    path, _ = roster_file
    go_on_settings(tmp_path, monkeypatch)
    first = tmp_path / "satu.xlsx"
    replay_file(path, run(scripts.hitung_anggaran, payload_from_xlsx(path)), first)
    again = run(scripts.hitung_anggaran, payload_from_xlsx(first))
    assert "sheetDelete" in [a["func"] for a in again]
    assert "Anggaran dihitung" in again[-1]["args"][0]


def _workbook(sheets: dict[str, list[list]]) -> Workbook:
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(list(row))
    return wb


def _round_trip(wb: Workbook, script, tmp_path: Path, name: str):
    """Run a script on what Excel would send for wb, then apply its actions to wb."""
    return replay(wb, run(script, payload_from_workbook(wb)))


def test_hapus_tanda_clears_every_red_cell_when_findings_exceed_the_temuan_limit(tmp_path):
    from builders import HEADER, numbered, team

    from kpps_xl.excel import temuan

    people = [row for tps in range(1, temuan.MAX_ROWS // 7 + 80) for row in team(tps)]
    for row in people:
        row[1] = row[1][:15]  # every NIK one digit short: an error per person
    wb = _workbook({"KEC A": [HEADER, *numbered(people)]})
    ws = wb["KEC A"]

    def red_niks() -> int:
        return sum(cell.fill.fill_type == "solid" for (cell,) in ws.iter_rows(min_col=3, max_col=3))

    result = _round_trip(wb, scripts.periksa_roster, tmp_path, "a.xlsx")
    assert red_niks() == len(people) > temuan.MAX_ROWS
    assert "Lembar Temuan memuat 20.000" in result.alerts[-1]
    _round_trip(wb, scripts.hapus_tanda, tmp_path, "b.xlsx")
    assert red_niks() == 0
    assert "Temuan" not in wb.sheetnames


def test_hapus_tanda_and_rerun_keep_the_clerks_fill_on_info_finding_cells(tmp_path):
    from builders import HEADER, numbered, team
    from openpyxl.styles import PatternFill

    rows = [HEADER, *numbered(team(1)), ["", "JUMLAH", "", "", "", "", 7], [], ["", "Mengetahui,"],
            ["", "Budi Santoso"]]
    wb = _workbook({"KEC A": rows})
    green = PatternFill("solid", start_color="FF00B050")
    wb["KEC A"]["B12"].fill = green  # the clerk's own colour on the signer's name
    _round_trip(wb, scripts.periksa_roster, tmp_path, "a.xlsx")
    assert any(r[2] == "row.skipped" for r in wb["Temuan"].iter_rows(values_only=True))
    _round_trip(wb, scripts.periksa_roster, tmp_path, "b.xlsx")
    assert fill_of(wb["KEC A"], "B12") == "00B050"
    _round_trip(wb, scripts.hapus_tanda, tmp_path, "c.xlsx")
    assert coloured_cells(wb["KEC A"]) == {"B12": "00B050"}


@pytest.mark.parametrize("name", ["01", "1"])
def test_marks_on_a_sheet_with_a_numeric_looking_name_are_cleared(name, tmp_path):
    from builders import HEADER, numbered, team

    people = numbered(team(1))
    people[2][2] = people[2][2][:15]
    for row in people:
        row[6] = "001"
    wb = _workbook({name: [HEADER, *people]})
    actions = run(scripts.periksa_roster, payload_from_sheets({name: [HEADER, *people]}))
    table = next(a for a in actions if a["func"] == "setValues")["values"]
    assert {(r[3], r[6]) for r in table[1:] if r[2]} == {("'" + name, "'001")}
    replay(wb, actions)
    assert fill_of(wb[name], "C4") == RED
    ws = wb["Temuan"]
    for row in range(2, ws.max_row + 1):  # what Excel keeps if it still turns "01" into 1
        for col in (4, 10):
            if ws.cell(row, col).value:
                ws.cell(row, col).value = float(ws.cell(row, col).value)
    _round_trip(wb, scripts.hapus_tanda, tmp_path, "b.xlsx")
    assert coloured_cells(wb[name]) == {} and "Temuan" not in wb.sheetnames


def test_pengaturan_sheet_from_the_task_pane_overrides_the_settings_file():
    from kpps_xl.excel import book as xb

    rows, planted = roster_rows(14)
    rows[4][4] = "01-06-2007"  # 16 on 14-02-2024, 17 on 27-11-2024
    settings_sheet = [["Pengaturan KPPS", "Nilai"], ["tanggal_acuan", "2024-11-27"],
                      ["kode_wilayah", "1706"], ["skema_bawaan", "bpu_minimum"]]
    book = xw.Book(json=payload_from_sheets({SHEET: rows, "Pengaturan": settings_sheet}))
    settings = xb.excel_settings(book)
    assert str(settings.reference_date) == "2024-11-27" and settings.region_code == "1706"
    assert settings.section("anggaran")["skema_bawaan"] == "bpu_minimum"
    actions = run(scripts.periksa_roster, payload_from_sheets({SHEET: rows,
                                                               "Pengaturan": settings_sheet}))
    assert "tanggal acuan 27-11-2024" in actions[-1]["args"][0]
    bad = [["Pengaturan KPPS", "Nilai"], ["kode_wilayah", "17x"]]
    actions = run(scripts.periksa_roster, payload_from_sheets({SHEET: rows, "Pengaturan": bad}))
    assert actions[-1]["args"][3] == "critical" and "kode_wilayah" in actions[-1]["args"][0]
    clerks_own = [["Catatan pengaturan saya"], ["tanggal_acuan", "2030-01-01"]]
    book = xw.Book(json=payload_from_sheets({SHEET: rows, "Pengaturan": clerks_own}))
    assert str(xb.excel_settings(book).reference_date) == "2024-02-14"
