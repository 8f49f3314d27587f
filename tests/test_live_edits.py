"""The live workbook after a clerk edits it between button clicks: every edit Excel allows is
replayed on the payload/openpyxl doubles, then Periksa Data / Hapus Tanda / Hitung Anggaran run
again. Each scenario ends with a clear Indonesian message, nothing of the clerk's lost, and the
marks exactly matching the current findings."""

from __future__ import annotations

import copy
import os
import re
from collections.abc import Callable
from typing import Any

import pytest
from builders import HEADER, numbered, team
from openpyxl import Workbook
from openpyxl.styles import PatternFill

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")

from kpps_xl.excel import scripts  # noqa: E402
from kpps_xl.excel._xlwings import load_xlwings  # noqa: E402
from kpps_xl.excel.payload import CLIENT_VBA, payload_from_workbook  # noqa: E402
from kpps_xl.excel.replay import (  # noqa: E402
    Replay,
    coloured_cells,
    delete_cols,
    delete_rows,
    delete_sheet,
    insert_cols,
    insert_rows,
    rename_sheet,
    replay,
    sort_rows,
)

xw = load_xlwings()
SHEET = "KEC A"
GREEN = PatternFill("solid", start_color="FF00B050")


def people() -> list[list[Any]]:
    """Two teams with a duplicate NIK (rows 4 and 11), a short NIK (6), a bad date (14)."""
    rows = numbered(team(1) + team(2, first_serial=20))
    rows[9][2] = rows[2][2]
    rows[4][2] = rows[4][2][:15]
    rows[12][4] = "31-02-1985"
    return rows


def roster(name: str = SHEET, extra: dict[str, list[list[Any]]] | None = None) -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = name
    for row in [HEADER, *people()]:
        ws.append(row)
    for other, rows in (extra or {}).items():
        sheet = wb.create_sheet(other)
        for row in rows:
            sheet.append(row)
    return wb


def officejs_payload(wb: Workbook, client: str = "Office.js") -> dict[str, Any]:
    """What the Office.js client sends: blank cells of the used range as "" (range.values)."""
    payload = payload_from_workbook(wb, client=client)
    for sheet in payload["sheets"]:
        sheet["values"] = [["" if v is None else v for v in row] for row in sheet["values"]]
    return payload


def run(wb: Workbook, script: Callable[..., None], client: str = "Office.js", info: str = ""
        ) -> Replay:
    """One button click: what Excel sends for wb, the script (with ribbon.js's run info, if
    any), its actions applied to wb."""
    book = xw.Book(json=officejs_payload(wb, client))
    script(book, *([info] if info else []))
    return replay(wb, book.json()["actions"])


def ribbon_info(wb: Workbook) -> str:
    """The run info ribbon.js sends: roster sheets and what is protected (kppsSurvey)."""
    import json

    return json.dumps({"roster": [ws.title for ws in wb.worksheets if ws.title != "Temuan"],
                       "terkunci": [ws.title for ws in wb.worksheets if ws.protection.sheet],
                       "buku_terkunci": bool(wb.security and wb.security.lockStructure)})


def fresh_marks(wb: Workbook) -> dict[str, dict[str, str]]:
    """{sheet: {cell: colour}} a first run on the same values (no earlier marks) colours."""
    clean = Workbook()
    clean.remove(clean.active)
    for ws in wb.worksheets:
        if ws.title == "Temuan":
            continue
        copy_ws = clean.create_sheet(ws.title)
        for row in ws.iter_rows(values_only=True):
            copy_ws.append(list(row))
    run(clean, scripts.periksa_roster)
    return marks_of(clean)


def marks_of(wb: Workbook) -> dict[str, dict[str, str]]:
    return {ws.title: coloured_cells(ws) for ws in wb.worksheets
            if ws.title != "Temuan" and coloured_cells(ws)}


def our_names(wb: Workbook) -> list[str]:
    return [n for n in wb.defined_names if n.startswith("KPPS_TANDA_")]


def temuan_cells(wb: Workbook) -> set[tuple[str, str]]:
    """(sheet, cell) of every Temuan link."""
    from kpps_xl.excel.replay import link_of

    out = set()
    for row in wb["Temuan"].iter_rows(min_row=2, values_only=True):
        link = link_of(row[4])
        if link:
            out.add(link[:2])
    return out


# Edits Excel makes to cells and names alike (names are Excel-maintained references).
STRUCTURE_EDITS = {
    "insert a column before NIK": lambda wb: insert_cols(wb, SHEET, 3),
    "insert two columns at A": lambda wb: insert_cols(wb, SHEET, 1, 2),
    "delete the L/P column": lambda wb: delete_cols(wb, SHEET, 4),
    "delete the No column": lambda wb: delete_cols(wb, SHEET, 1),
    "delete the Tanggal Lahir column (marked)": lambda wb: delete_cols(wb, SHEET, 5),
    "insert a column and delete a row": lambda wb: (insert_cols(wb, SHEET, 2),
                                                    delete_rows(wb, SHEET, 11)),
    "rename the marked sheet": lambda wb: rename_sheet(wb, SHEET, "KEC A (revisi)"),
    "rename to a name with quotes and non-ASCII": lambda wb: rename_sheet(
        wb, SHEET, "Kec. O'Brien \"Ñ\" – 2"),
    "rename, then insert rows": lambda wb: (rename_sheet(wb, SHEET, "Lubuk"),
                                            insert_rows(wb, "Lubuk", 2, 3)),
}


@pytest.mark.parametrize("name", list(STRUCTURE_EDITS))
def test_hapus_tanda_after_structure_edits_clears_exactly_the_marked_cells(name):
    wb = roster()
    wb[SHEET]["J3"].fill = GREEN  # the clerk's own colour, off the marked columns
    run(wb, scripts.periksa_roster)
    STRUCTURE_EDITS[name](wb)
    sheet = wb.worksheets[0]
    clerks = {a: c for a, c in coloured_cells(sheet).items() if c == "00B050"}
    marked = len(coloured_cells(sheet)) - len(clerks)
    result = run(wb, scripts.hapus_tanda)
    assert coloured_cells(sheet) == clerks and len(clerks) == 1
    assert f"Tanda pada {marked} sel" in result.alerts[-1]
    assert "Temuan" not in wb.sheetnames and not our_names(wb)


@pytest.mark.parametrize("name", list(STRUCTURE_EDITS))
def test_rerun_after_structure_edits_marks_exactly_the_current_findings(name):
    wb = roster()
    run(wb, scripts.periksa_roster)
    STRUCTURE_EDITS[name](wb)
    result = run(wb, scripts.periksa_roster)
    assert marks_of(wb) == fresh_marks(wb)
    assert {s for s, _ in temuan_cells(wb)} == {wb.worksheets[0].title}
    assert "Pemeriksaan selesai" in result.alerts[-1]


def test_deleting_a_marked_sheet_leaves_dead_names_that_are_neither_painted_nor_counted():
    wb = roster(extra={"KEC B": [HEADER, *numbered(team(5, first_serial=50))]})
    wb["KEC B"]["C4"] = "123"  # a short NIK: KEC B gets a mark too
    run(wb, scripts.periksa_roster)
    assert set(marks_of(wb)) == {SHEET, "KEC B"}
    delete_sheet(wb, SHEET)
    assert any(str(d.attr_text).startswith("#REF!$") for d in wb.defined_names.values())
    left = len(coloured_cells(wb["KEC B"]))
    result = run(wb, scripts.hapus_tanda)
    assert marks_of(wb) == {} and not our_names(wb)
    assert f"Tanda pada {left} sel" in result.alerts[-1] and left == 1


def test_rerun_after_deleting_a_marked_sheet_marks_the_rest_exactly():
    wb = roster(extra={"KEC B": [HEADER, *numbered(team(5, first_serial=50))]})
    wb["KEC B"]["C4"] = "123"
    run(wb, scripts.periksa_roster)
    delete_sheet(wb, "KEC B")
    run(wb, scripts.periksa_roster)
    assert marks_of(wb) == fresh_marks(wb) and set(marks_of(wb)) == {SHEET}
    assert {s for s, _ in temuan_cells(wb)} == {SHEET}


@pytest.mark.parametrize("own", ["temuan", "TEMUAN", "Temuan "])
def test_a_clerks_sheet_named_like_temuan_in_another_case_is_refused_before_any_mark(own):
    """Excel compares sheet names without case: adding 'Temuan' beside 'TEMUAN' fails in the
    client after the marks were applied (it was an internal error, kode 3)."""
    wb = roster(extra={own: [["catatan rapat PPK"], ["jangan dihapus"]]})
    result = run(wb, scripts.periksa_roster)
    if own.strip() != own:  # 'Temuan ' is another name for Excel: ours is added beside it
        assert "Pemeriksaan selesai" in result.alerts[-1] and wb[own]["A1"].value
        return
    assert result.counts == {"alert": 1}
    assert f"Lembar '{own}' sudah ada dan bukan buatan add-in KPPS" in result.alerts[0]
    assert marks_of(wb) == {} and wb[own]["A2"].value == "jangan dihapus"


def test_a_failure_after_marks_were_queued_sends_no_half_done_actions(monkeypatch):
    """The one guarded entry drops what a script queued before it failed: no red cells
    without the names that let Hapus Tanda find them."""
    from kpps_xl.excel import output

    def broken(*args, **kwargs):
        raise RuntimeError("disk penuh")

    monkeypatch.setattr(output, "replace_sheet", broken)
    wb = roster()
    result = run(wb, scripts.periksa_roster)
    assert result.counts == {"alert": 1} and "kode 3" in result.alerts[0]
    assert marks_of(wb) == {} and not our_names(wb)


def test_typing_into_temuan_is_never_lost():
    wb = roster()
    run(wb, scripts.periksa_roster)
    wb["Temuan"]["I3"] = "sudah dicek ke rumahnya"
    again = run(wb, scripts.periksa_roster)
    assert again.counts == {"alert": 1}
    assert "berisi tulisan Anda (mis. sel I3)" in again.alerts[0]
    assert wb["Temuan"]["I3"].value == "sudah dicek ke rumahnya"
    before = marks_of(wb)
    cleared = run(wb, scripts.hapus_tanda)
    assert marks_of(wb) == {} and before
    assert wb["Temuan"]["I3"].value == "sudah dicek ke rumahnya"
    assert "tidak dihapus" in cleared.alerts[-1] and "I3" in cleared.alerts[-1]


def test_a_note_typed_below_the_temuan_table_counts_as_the_clerks_text():
    wb = roster()
    run(wb, scripts.periksa_roster)
    below = wb["Temuan"].max_row + 2
    wb["Temuan"].cell(below, 2, "Catatan: diperiksa ulang Senin")
    again = run(wb, scripts.periksa_roster)
    assert f"sel B{below}" in again.alerts[0] and again.counts == {"alert": 1}


def test_renaming_or_deleting_temuan_between_runs():
    wb = roster()
    run(wb, scripts.periksa_roster)
    rename_sheet(wb, "Temuan", "Temuan lama")  # the clerk keeps the old list
    again = run(wb, scripts.periksa_roster)
    assert "Temuan lama" in wb.sheetnames and "Temuan" in wb.sheetnames
    assert "'Temuan lama'" not in again.alerts[-1].split("Lembar diperiksa:")[1].split(".")[0]
    assert coloured_cells(wb[SHEET]) == fresh_marks(wb)[SHEET]
    delete_sheet(wb, "Temuan")
    run(wb, scripts.hapus_tanda)  # the names still find the marks without Temuan
    assert coloured_cells(wb[SHEET]) == {} and not our_names(wb) and "Temuan lama" in wb.sheetnames


def test_the_same_button_twice_gives_the_same_workbook():
    wb = roster()
    run(wb, scripts.periksa_roster)
    first = (marks_of(wb), temuan_cells(wb), sorted(our_names(wb)))
    run(wb, scripts.periksa_roster)
    assert (marks_of(wb), temuan_cells(wb), sorted(our_names(wb))) == first
    assert wb.sheetnames.count("Temuan") == 1
    run(wb, scripts.hapus_tanda)
    second = run(wb, scripts.hapus_tanda)
    assert second.counts == {"alert": 1} and "Tidak ada tanda" in second.alerts[0]


def test_vba_client_after_column_insert_and_sheet_rename():
    wb = roster()
    run(wb, scripts.periksa_roster, client=CLIENT_VBA)
    insert_cols(wb, SHEET, 2)
    rename_sheet(wb, SHEET, "KEC A'2")
    run(wb, scripts.periksa_roster, client=CLIENT_VBA)
    assert marks_of(wb) == fresh_marks(wb)
    payload = copy.deepcopy(officejs_payload(wb, CLIENT_VBA))
    assert payload["names"]


def by_name(row: tuple) -> str:
    """Sort key that really reorders the fixture ('Petugas 1-1' ... are in name order)."""
    return str(row[1])[::-1]


def test_hapus_tanda_after_sorting_by_name_clears_the_moved_marks_and_nothing_else():
    """Data > Sort moves the rows with their fills; Excel leaves the names where they were."""
    wb = roster()
    wb[SHEET]["B9"].fill = GREEN  # the clerk's own colour on a name cell
    run(wb, scripts.periksa_roster)
    sort_rows(wb, SHEET, 2, 15, key=by_name)
    clerks = {a: c for a, c in coloured_cells(wb[SHEET]).items() if c == "00B050"}
    marked = len(coloured_cells(wb[SHEET])) - len(clerks)
    result = run(wb, scripts.hapus_tanda)
    assert coloured_cells(wb[SHEET]) == clerks
    assert f"Tanda pada {marked} sel" in result.alerts[-1]


def test_rerun_after_sorting_and_fixing_marks_exactly_the_current_findings():
    wb = roster()
    run(wb, scripts.periksa_roster)
    sort_rows(wb, SHEET, 2, 15, key=by_name)
    short = next(r for r in range(2, 16) if len(str(wb[SHEET].cell(r, 3).value)) == 15)
    wb[SHEET].cell(short, 3).value = "1706021402900099"  # the clerk fixes the short NIK
    run(wb, scripts.periksa_roster)
    assert marks_of(wb) == fresh_marks(wb)


def test_sorting_then_inserting_a_column_and_a_row_still_finds_every_mark():
    wb = roster()
    run(wb, scripts.periksa_roster)
    sort_rows(wb, SHEET, 2, 15, key=by_name)
    insert_cols(wb, SHEET, 2)
    insert_rows(wb, SHEET, 5)
    marked = len(coloured_cells(wb[SHEET]))
    result = run(wb, scripts.hapus_tanda)
    assert coloured_cells(wb[SHEET]) == {} and f"Tanda pada {marked} sel" in result.alerts[-1]


def test_fingerprints_are_kept_in_a_few_string_names_and_removed_with_the_marks():
    from kpps_xl.excel import marknames

    wb = roster()
    run(wb, scripts.periksa_roster)
    keys = [n for n in wb.defined_names if n.startswith(marknames.KEY_PREFIX)]
    assert len(keys) == 1
    text = str(wb.defined_names[keys[0]].attr_text)
    rows = {int(a.lstrip("ABCDEFGH")) for a in coloured_cells(wb[SHEET])}
    assert text.startswith('"') and len(set(text.strip('"').split())) == len(rows) >= 4
    run(wb, scripts.hapus_tanda)
    assert not [n for n in wb.defined_names if n.startswith("KPPS_")]


def test_key_names_split_into_literals_excel_accepts():
    from kpps_xl.excel import marknames

    keys = {f"K{i:07d}" for i in range(2_000)}
    defs = marknames.key_definitions(keys)
    assert all(len(f) <= marknames.MAX_FORMULA for _, f in defs)
    literals = [lit for _, f in defs for lit in marknames._LITERAL.findall(f)]
    assert all(len(lit) <= marknames.LITERAL_CHARS for lit in literals)
    assert {k for lit in literals for k in lit.split()} == keys


def test_an_in_place_fix_without_a_sort_keeps_trusting_the_names():
    wb = roster()
    run(wb, scripts.periksa_roster)
    wb[SHEET]["B14"] = "Nama Baru Diketik"  # a marked row's other cell edited in place
    marked = len(coloured_cells(wb[SHEET]))
    result = run(wb, scripts.hapus_tanda)
    assert coloured_cells(wb[SHEET]) == {} and f"Tanda pada {marked} sel" in result.alerts[-1]


# The ribbon and the server, as the clerk's click really travels.

@pytest.fixture(scope="module")
def server():
    from addin_app import fresh_app
    from fastapi.testclient import TestClient

    from kpps_xl.excel.security import Policy

    patch = pytest.MonkeyPatch()
    app = fresh_app(Policy(), patch)
    with TestClient(app, base_url="https://127.0.0.1:8000") as client:
        yield client
    patch.undo()


def click(server, wb: Workbook, script: str, info: str = '{"roster": ["KEC A"]}') -> Replay:
    """A ribbon click through xlwings-server: ribbon.js always sends its run info as args."""
    payload = officejs_payload(wb)
    payload["args"] = [info]
    response = server.post(f"/xlwings/custom-scripts-call/{script}", json=payload)
    assert response.status_code == 200, response.text
    return replay(wb, response.json()["actions"])


def test_hapus_tanda_from_the_ribbon_with_its_run_info_clears_after_a_sort(server):
    """ribbon.js sends one argument to every script: Hapus Tanda took none (kode 3)."""
    wb = roster()
    click(server, wb, "periksa_roster")
    assert marks_of(wb)
    sort_rows(wb, SHEET, 2, 15, key=by_name)
    marked = len(coloured_cells(wb[SHEET]))
    result = click(server, wb, "hapus_tanda")
    assert "sudah dihapus" in result.alerts[-1] and f"Tanda pada {marked} sel" in result.alerts[-1]
    assert marks_of(wb) == {} and "Temuan" not in wb.sheetnames


def test_ribbon_hapus_tanda_sends_the_roster_sheets_too():
    import json

    from test_addin_ribbon import run_ribbon_async

    expression = """(async () => {
      globalThis.Office = {actions: {associate() {}}, context: {diagnostics: {platform: "PC"}},
                           PlatformType: {OfficeOnline: "OfficeOnline"}};
      const heads = {"KEC A": [["No", "Nama", "NIK"]], "Temuan": [["No"]], "Catatan": [["x"]]};
      globalThis.Excel = {run: async (f) => f({sync: async () => {}, workbook: {worksheets:
        {load() { return {items: Object.keys(heads).map((name) => ({name,
          getRange() { return {load() { return {values: heads[name]}; }}; },
          getUsedRangeOrNullObject() { return {load() { return {isNullObject: false,
            rowCount: 10, columnCount: 3}; }}; }}))}; }}}})};
      let options = null;
      globalThis.xlwings = {runPython: async (o) => { options = o; }};
      await kppsHapus({completed() {}});
      return options;
    })()"""
    options = run_ribbon_async(expression)
    assert options["scriptName"] == "hapus_tanda"
    assert options["exclude"] == "Catatan"
    assert json.loads(options["args"][0])["roster"] == ["KEC A"]


# Hitung Anggaran after the finance officer edited the budget sheets.

def clean_roster() -> Workbook:
    wb = Workbook()
    wb.active.title = SHEET
    for row in [HEADER, *numbered(team(1) + team(2, first_serial=20))]:
        wb.active.append(row)
    return wb


def named_cell(wb: Workbook, name: str) -> Any:
    sheet, _, address = str(wb.defined_names[name].attr_text).partition("!")
    return wb[sheet.strip("'")][address.replace("$", "")]


def test_a_rate_and_an_honorarium_changed_in_parameter_survive_hitung_anggaran_again():
    wb = clean_roster()
    first = run(wb, scripts.hitung_anggaran)
    assert "total Rp" in first.alerts[-1]
    named_cell(wb, "PPU_JKK").value = 0.0025  # the finance officer's new rate
    insert_rows(wb, "Parameter", 3)  # and a row of their own above the table
    wb["Parameter"]["A3"] = "Catatan bendahara"
    named_cell(wb, "HONOR_KETUA_KPPS").value = 1_300_000
    for row in numbered(team(3, first_serial=40)):  # a new team joined the roster
        wb[SHEET].append(row)
    again = run(wb, scripts.hitung_anggaran)
    assert named_cell(wb, "PPU_JKK").value == 0.0025
    assert named_cell(wb, "HONOR_KETUA_KPPS").value == 1_300_000
    assert named_cell(wb, "PPU_JKM").value == 0.003  # untouched rates stay the writer's
    message = again.alerts[-1]
    assert "dipertahankan (HONOR_KETUA_KPPS, PPU_JKK)" in message
    assert "Jumlah orang" in [c.value for c in wb["Anggaran"][4]]
    counts = [r[5] for r in wb["Anggaran"].iter_rows(min_row=5, values_only=True)
              if r[3] in ("Ketua KPPS", "Anggota KPPS")]
    assert counts == [3, 18]  # the new team is counted


def test_deleting_a_line_from_anggaran_or_the_parameter_sheet_is_rebuilt_cleanly():
    wb = clean_roster()
    run(wb, scripts.hitung_anggaran)
    lines = wb["Anggaran"].max_row
    delete_rows(wb, "Anggaran", 5)
    delete_sheet(wb, "Parameter")  # its names become #REF!
    again = run(wb, scripts.hitung_anggaran)
    assert "total Rp" in again.alerts[-1] and "dipertahankan" not in again.alerts[-1]
    assert wb["Anggaran"].max_row == lines and named_cell(wb, "PPU_JKK").value == 0.0024
    assert sorted(wb.sheetnames) == sorted([SHEET, "Parameter", "Anggaran", "Rekap"])


def test_text_typed_beside_the_budget_tables_is_never_overwritten():
    wb = clean_roster()
    run(wb, scripts.hitung_anggaran)
    wb["Rekap"]["G5"] = "sudah diajukan ke BPKAD 3 Maret"
    again = run(wb, scripts.hitung_anggaran)
    assert again.counts == {"alert": 1} and "berisi tulisan Anda (mis. sel G5)" in again.alerts[0]
    assert wb["Rekap"]["G5"].value == "sudah diajukan ke BPKAD 3 Maret"


# Protection: Excel refuses a colour on a protected sheet, a new sheet in a protected workbook,
# halfway through the actions (the marks already applied, their names not yet).

def test_a_protected_roster_sheet_is_checked_not_coloured_and_its_marks_stay_known():
    wb = roster(extra={"KEC B": [HEADER, *numbered(team(5, first_serial=50))]})
    wb["KEC B"]["C4"] = "123"
    run(wb, scripts.periksa_roster, info=ribbon_info(wb))
    before = coloured_cells(wb[SHEET])
    wb[SHEET].protection.sheet = True  # Tinjau > Lindungi Lembar
    wb[SHEET]["C6"] = "1706021402900099"  # fixed before protecting
    again = run(wb, scripts.periksa_roster, info=ribbon_info(wb))
    assert coloured_cells(wb[SHEET]) == before  # untouched: Excel would have refused
    assert "Lembar dilindungi, warnanya tidak diubah: 'KEC A'" in again.alerts[-1]
    assert (SHEET, "C4") in temuan_cells(wb) and ("KEC B", "C4") in temuan_cells(wb)
    cleared = run(wb, scripts.hapus_tanda, info=ribbon_info(wb))
    assert coloured_cells(wb[SHEET]) == before and coloured_cells(wb["KEC B"]) == {}
    assert "tandanya tetap" in cleared.alerts[-1] and our_names(wb)
    wb[SHEET].protection.sheet = False
    last = run(wb, scripts.hapus_tanda, info=ribbon_info(wb))
    assert coloured_cells(wb[SHEET]) == {} and not our_names(wb)
    assert f"Tanda pada {len(before)} sel" in last.alerts[-1]


@pytest.mark.parametrize("script", [scripts.periksa_roster, scripts.hapus_tanda,
                                    scripts.hitung_anggaran, scripts.buat_surat])
def test_a_protected_workbook_is_refused_before_any_action(script, tmp_path, monkeypatch):
    from openpyxl.workbook.protection import WorkbookProtection

    monkeypatch.setenv("KPPS_XL_OUTPUT_DIR", str(tmp_path / "surat"))
    wb = roster()
    run(wb, scripts.periksa_roster)
    wb.security = WorkbookProtection(lockStructure=True)
    before = marks_of(wb)
    result = run(wb, script, info=ribbon_info(wb))
    assert result.counts == {"alert": 1} and "Lindungi Buku Kerja" in result.alerts[0]
    assert marks_of(wb) == before and not (tmp_path / "surat").exists()


# KPPS.* over what clerks really select: blanks (desktop 0, web null), errors, booleans, dates
# as serial numbers, text dates.

ERROR = {"type": "Error", "basicValue": "#N/A", "errorType": "NotAvailable"}


def udf(server, name: str, *args: Any) -> Any:
    body = {"func_name": name, "args": list(args), "caller_address": "[Buku1.xlsx]Sheet1!B2",
            "session_id": "t", "runtime": "1.4", "version": "x", "client": "Office.js",
            "culture_info_name": "id-ID", "date_format": "dd/MM/yyyy"}
    response = server.post("/xlwings/custom-functions-call", json=body)
    assert response.status_code == 200, response.text
    return response.json()["result"]


@pytest.mark.parametrize("empty", [0, None, ""], ids=["desktop 0", "web null", "blank text"])
def test_usia_over_a_column_with_blanks_errors_booleans_and_serial_dates(server, empty):
    column = [[32918.0], [empty], [True], [ERROR], ["14-02-1990"], ["1990-02-14"]]
    assert udf(server, "usia", column, [[empty]]) == [
        [34], [""], ["Tanggal tidak terbaca"], ["Sel berisi galat Excel #N/A"], [34], [34]]


def test_an_error_in_a_scalar_argument_never_falls_back_to_the_default(server):
    """#N/A in bulan was read as empty (1 month): IURAN answered a premium."""
    assert udf(server, "iuran", [["PPU"]], [[1_500_000]], [[ERROR]]) == [
        ["Sel berisi galat Excel #N/A"]]
    assert udf(server, "iuran", [[ERROR]], [[1_500_000]], [[1]]) == [
        ["Sel berisi galat Excel #N/A"]]
    assert udf(server, "usia", [[32918.0]], [[ERROR]]) == [["Sel berisi galat Excel #N/A"]]
    assert udf(server, "iuran", [["PPU"]], [[1_500_000], [0], [None], [ERROR]], [[0]]) == [
        [8100], [""], [""], ["Sel berisi galat Excel #N/A"]]


def test_cek_nik_and_nik_tgl_lahir_name_errors_and_booleans_as_excel_shows_them(server):
    result = udf(server, "cek_nik", [["1706021502900001"], [True], [ERROR], [0], [None]])
    assert result[0] == ["OK"] and "NIK TRUE" in result[1][0]
    assert result[2:] == [["Sel berisi galat Excel #N/A"], [""], [""]]
    dates = udf(server, "nik_tgl_lahir", [["1706025502900001"], [ERROR], [False]])
    assert dates[0][0]["basicValue"] == 32919.0  # 15-02-1990, a woman (55 = 15 + 40)
    assert dates[1:] == [["Sel berisi galat Excel #N/A"], [""]]


def test_lite_functions_read_errors_the_same_way():
    from pathlib import Path

    main = Path(__file__).resolve().parents[1] / "src" / "kpps_xl" / "addin" / "lite" / "main.py"
    server = Path(scripts.__file__).parent / "server_functions.py"
    for source in (main, server):
        text = source.read_text(encoding="utf-8")
        args = re.findall(r"@arg\((.*?)\)\n", text, re.DOTALL)
        assert len(args) == 7 and all("err_to_str=True" in a for a in args), source.name
    from kpps_xl.excel import functions as fx
    from kpps_xl.settings import Settings

    assert fx.usia([["#REF!"], [32918]], None, Settings()) == [["Sel berisi galat Excel #REF!"],
                                                                [34]]


# Where the desktop workbook lives: unsaved, on OneDrive/SharePoint (a web address), read-only.

@pytest.mark.parametrize("fullname", ["Book1", "Buku1", "https://d.docs.live.net/4f2a/Dokumen/KPPS.xlsx",
                                      "https://kpu.sharepoint.com/sites/kpu/KPPS.xlsx", ""])
def test_letters_from_a_workbook_with_no_local_folder_are_refused_with_the_way_out(
        fullname, tmp_path, monkeypatch):
    from kpps_xl.excel import output

    monkeypatch.chdir(tmp_path)
    samples = __import__("pathlib").Path(__file__).resolve().parents[1] / "samples"
    monkeypatch.setenv("KPPS_XL_SETTINGS", str(samples / "kpps-xl.toml"))
    book = xw.Book(json=officejs_payload(clean_roster()))
    monkeypatch.setattr(output.xb, "is_remote", lambda b: False)  # as the COM book is
    monkeypatch.setattr(type(book), "fullname", property(lambda b: fullname))
    scripts.buat_surat(book)
    actions = book.json()["actions"]
    assert [a["func"] for a in actions] == ["alert"]
    assert "Simpan dulu di folder lokal" in actions[0]["args"][0]
    assert list(tmp_path.iterdir()) == []  # no 'https:' folder in Excel's working directory


def test_saved_folder_accepts_windows_and_posix_paths():
    from pathlib import Path

    from kpps_xl.excel.output import saved_folder

    assert saved_folder(r"C:\Users\kpu\Documents\KPPS.xlsx") == Path(r"C:\Users\kpu\Documents")
    assert saved_folder(r"\\server\share\KPPS.xlsx") is not None
    assert saved_folder("/Users/kpu/KPPS.xlsx") == Path("/Users/kpu")


def test_the_same_button_pressed_twice_quickly_sends_one_request():
    """ribbon.js ignores a click while a request runs: the second payload would be read before
    the first one's actions land (a second 'Temuan' added: Excel refuses)."""
    from test_addin_ribbon import run_ribbon_async

    expression = """(async () => {
      globalThis.Office = {actions: {associate() {}}, context: {diagnostics: {platform: "PC"}},
                           PlatformType: {OfficeOnline: "OfficeOnline"}};
      globalThis.Excel = {run: async (f) => f({sync: async () => {}, workbook: {worksheets:
        {load() { return {items: [{name: "KEC A",
          getRange() { return {load() { return {values: [["Nama", "NIK"]]}; }}; },
          getUsedRangeOrNullObject() { return {load() { return {isNullObject: false,
            rowCount: 10, columnCount: 3}; }}; }}]}; }}}})};
      let calls = 0, done = 0, release;
      const gate = new Promise((r) => { release = r; });
      globalThis.xlwings = {runPython: async () => { calls += 1; await gate; }};
      const first = kppsPeriksa({completed() { done += 1; }});
      await new Promise((r) => setTimeout(r, 10));
      await kppsPeriksa({completed() { done += 1; }});
      release();
      await first;
      await kppsPeriksa({completed() { done += 1; }});
      return {calls, done};
    })()"""
    assert run_ribbon_async(expression) == {"calls": 2, "done": 3}


def test_a_workbook_of_51_sheets_is_checked_and_cleared_with_a_bounded_message():
    sheets = {f"Desa {i:02d}": [HEADER, *numbered(team(i, first_serial=10 * i))]
              for i in range(1, 52)}
    for i, rows in enumerate(sheets.values(), start=1):
        if i % 5 == 0:
            rows[3][2] = "12345"  # a short NIK on every fifth sheet
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    first = run(wb, scripts.periksa_roster)
    assert set(marks_of(wb)) == {f"Desa {i:02d}" for i in range(5, 52, 5)}
    assert "dan 39 lainnya" in first.alerts[-1] and len(first.alerts[-1]) < 1_500
    rename_sheet(wb, "Desa 10", "Desa 10 (revisi)")
    delete_sheet(wb, "Desa 15")
    run(wb, scripts.periksa_roster)
    assert marks_of(wb) == fresh_marks(wb)
    run(wb, scripts.hapus_tanda)
    assert marks_of(wb) == {} and not our_names(wb)


# The CLI's annotated copy (kpps-xl check --tandai) opened in Excel, then the buttons.

def annotated_copy(tmp_path) -> Workbook:
    from openpyxl import load_workbook

    from kpps_xl import check
    from kpps_xl.workbook.annotate import annotate

    source = tmp_path / "daftar.xlsx"
    wb = roster()
    wb[SHEET].append([])
    wb[SHEET].append(["", "Mengetahui,"])  # a row.skipped info finding: a row mark in the CLI
    wb[SHEET].append(["", "Budi Santoso"])
    wb.save(source)
    out = annotate(source, check([source]), tmp_path / "daftar-tandai.xlsx")
    return load_workbook(out)


def test_periksa_on_the_clis_annotated_copy_replaces_its_marks_exactly(tmp_path):
    """Its Temuan was taken for the clerk's own sheet: Periksa Data refused to run."""
    wb = annotated_copy(tmp_path)
    cli_marks = coloured_cells(wb[SHEET])
    assert cli_marks and "Temuan" in wb.sheetnames
    result = run(wb, scripts.periksa_roster)
    assert "Pemeriksaan selesai" in result.alerts[-1]
    assert coloured_cells(wb[SHEET]) == fresh_marks(wb)[SHEET]  # CLI info and row fills gone
    assert wb["Temuan"]["A1"].value == "No" and wb["Temuan"]["B1"].value == "Tingkat"


def test_hapus_tanda_on_the_clis_annotated_copy_clears_its_fills(tmp_path):
    wb = annotated_copy(tmp_path)
    marked = coloured_cells(wb[SHEET])
    result = run(wb, scripts.hapus_tanda)
    assert coloured_cells(wb[SHEET]) == {} and "Temuan" not in wb.sheetnames
    assert f"Tanda pada {len(marked)} sel" in result.alerts[-1]
    assert "Ringkasan" in wb.sheetnames  # the CLI's other sheets are left as they are


def test_cut_and_paste_of_a_marked_cell_moves_its_mark_with_it():
    """A lone marked cell is a name part of its own, which Excel re-points on cut/paste."""
    from kpps_xl.excel.replay import cut_paste

    wb = roster()
    run(wb, scripts.periksa_roster)
    assert coloured_cells(wb[SHEET])["E14"] == "FFC7CE"  # the impossible date, alone in E
    cut_paste(wb, SHEET, "E14", "J20")  # parked beside the table while the clerk checks it
    assert coloured_cells(wb[SHEET]).get("J20") == "FFC7CE"
    marked = len(coloured_cells(wb[SHEET]))
    result = run(wb, scripts.hapus_tanda)
    assert coloured_cells(wb[SHEET]) == {} and f"Tanda pada {marked} sel" in result.alerts[-1]


def test_a_clerks_comment_and_colours_on_roster_cells_survive_both_buttons():
    from openpyxl.comments import Comment

    wb = roster()
    wb[SHEET]["B5"].comment = Comment("pindah dari TPS 3", "Operator")
    wb[SHEET]["C6"].comment = Comment("KTP dicek ulang", "Operator")  # a cell we mark
    wb[SHEET]["A2"].fill = GREEN
    first = run(wb, scripts.periksa_roster)
    second = run(wb, scripts.hapus_tanda)
    assert wb[SHEET]["B5"].comment.text == "pindah dari TPS 3"
    assert wb[SHEET]["C6"].comment.text == "KTP dicek ulang"
    assert coloured_cells(wb[SHEET]) == {"A2": "00B050"}
    funcs = set(first.counts) | set(second.counts)
    assert not {f for f in funcs if "note" in f.lower() or "comment" in f.lower()
                or f.lower().startswith("clear")}


def test_merging_the_tps_cells_of_each_team_after_marking_changes_no_finding():
    wb = roster()
    run(wb, scripts.periksa_roster)
    before = fresh_marks(wb)
    for first, last in ((2, 8), (9, 15)):  # the clerk merges G2:G8 and G9:G15
        wb[SHEET].merge_cells(f"G{first}:G{last}")
    result = run(wb, scripts.periksa_roster)
    assert "field.missing" not in {r[2] for r in wb["Temuan"].iter_rows(values_only=True)}
    assert marks_of(wb) == before and "Pemeriksaan selesai" in result.alerts[-1]


def health_annotated_copy(tmp_path) -> tuple[Any, Workbook]:
    """(source path, the CLI's annotated copy) of a roster with a screening column: the copy
    holds Temuan, Ringkasan and the Tindak Lanjut list (names and NIKs of the same people)."""
    from openpyxl import load_workbook

    from kpps_xl import check
    from kpps_xl.workbook.annotate import annotate

    source = tmp_path / "sehat.xlsx"
    wb = Workbook()
    wb.active.title = SHEET
    for row in [[*HEADER, "Skrining Kesehatan"],
                *[[*r, "belum"] for r in numbered(team(1) + team(2, first_serial=20))]]:
        wb.active.append(row)
    wb.save(source)
    out = annotate(source, check([source]), tmp_path / "sehat-tandai.xlsx")
    copy_wb = load_workbook(out)
    assert {"Temuan", "Ringkasan", "Tindak Lanjut"} <= set(copy_wb.sheetnames)
    return source, copy_wb


@pytest.mark.parametrize("renamed", [{"Tindak Lanjut": "TL untuk Dinkes"},
                                     {"Ringkasan": "Ringkasan lama", "Temuan": "Temuan CLI"}])
def test_kpps_xl_sheets_the_clerk_renamed_are_never_read_as_officers(renamed, tmp_path):
    """A renamed Tindak Lanjut list was read as a roster: every officer a duplicate NIK."""
    source, wb = health_annotated_copy(tmp_path)
    for old, new in renamed.items():
        rename_sheet(wb, old, new)
    result = run(wb, scripts.periksa_roster)
    message = result.alerts[-1]
    assert "Lembar diperiksa: 'KEC A' (14 baris)." in message
    for new in renamed.values():
        assert f"'{new}' (lembar hasil kpps-xl, bukan daftar petugas)" in message
    assert {s for s, _ in temuan_cells(wb)} == {SHEET}
    codes = {r[2] for r in wb["Temuan"].iter_rows(min_row=2, values_only=True)}
    assert "dup.nik" not in codes


def test_the_cli_checks_an_annotated_copy_with_renamed_sheets_like_the_original(tmp_path):
    from kpps_xl import check

    source, wb = health_annotated_copy(tmp_path)
    rename_sheet(wb, "Tindak Lanjut", "TL untuk Dinkes")
    rename_sheet(wb, "Temuan", "Temuan 12 Feb")
    edited = tmp_path / "sehat-diedit.xlsx"
    wb.save(edited)

    def flat(path) -> list[tuple]:
        return [(f.code, f.sheet, f.row, f.column) for f in check([path]).findings]

    assert flat(edited) == flat(source) and flat(source)
