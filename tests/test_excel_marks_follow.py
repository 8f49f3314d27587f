"""Marks follow the cells: the clerk deletes or inserts rows between runs (Excel moves the
KPPS_TANDA_* names like it moves the cells), and Hapus Tanda / a re-run stay exact."""

from __future__ import annotations

import copy
import os

import pytest
from builders import HEADER, numbered, team
from openpyxl import Workbook

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")

from kpps_xl.excel import scripts  # noqa: E402
from kpps_xl.excel._xlwings import load_xlwings  # noqa: E402
from kpps_xl.excel.payload import CLIENT_VBA, payload_from_workbook  # noqa: E402
from kpps_xl.excel.replay import coloured_cells, delete_rows, insert_rows, replay  # noqa: E402

xw = load_xlwings()
SHEET = "KEC A"


def roster() -> Workbook:
    """Two teams; a duplicate NIK pair (rows 4 and 12), a short NIK (row 6), a bad date (14)."""
    people = numbered(team(1) + team(2, first_serial=20))
    people[9][2] = people[2][2]  # row 11 repeats row 4's NIK
    people[4][2] = people[4][2][:15]
    people[12][4] = "31-02-1985"
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    for row in [HEADER, *people]:
        ws.append(row)
    return wb


def run(wb: Workbook, script, client: str = "Office.js"):
    book = xw.Book(json=payload_from_workbook(wb, client=client))
    script(book)
    return replay(wb, book.json()["actions"])


def fresh_marks(wb: Workbook) -> dict[str, str]:
    """What a first run on the same values (no earlier marks) colours."""
    clean = Workbook()
    clean.active.title = SHEET
    for row in wb[SHEET].iter_rows(values_only=True):
        clean.active.append(list(row))
    run(clean, scripts.periksa_roster)
    return coloured_cells(clean[SHEET])


def edits():
    return {
        "delete the duplicate": lambda wb: delete_rows(wb, SHEET, 11),
        "delete two rows above the marks": lambda wb: delete_rows(wb, SHEET, 2, 2),
        "delete a marked row": lambda wb: delete_rows(wb, SHEET, 6),
        "insert a row above everything": lambda wb: insert_rows(wb, SHEET, 2),
        "insert three rows in the middle": lambda wb: insert_rows(wb, SHEET, 9, 3),
        "insert then delete": lambda wb: (insert_rows(wb, SHEET, 5, 2), delete_rows(wb, SHEET, 13)),
    }


@pytest.mark.parametrize("name", list(edits()))
def test_hapus_tanda_after_row_edits_clears_exactly_the_marked_cells(name):
    wb = roster()
    run(wb, scripts.periksa_roster)
    assert coloured_cells(wb[SHEET])
    edits()[name](wb)
    before = coloured_cells(wb[SHEET])  # the marks, moved with their cells by Excel
    result = run(wb, scripts.hapus_tanda)
    assert coloured_cells(wb[SHEET]) == {}
    assert f"Tanda pada {len(before)} sel" in result.alerts[-1]
    assert "Temuan" not in wb.sheetnames
    assert not [n for n in wb.defined_names if n.startswith("KPPS_TANDA_")]


@pytest.mark.parametrize("name", list(edits()))
def test_rerun_after_row_edits_marks_exactly_the_current_findings(name):
    wb = roster()
    run(wb, scripts.periksa_roster)
    edits()[name](wb)
    run(wb, scripts.periksa_roster)
    assert coloured_cells(wb[SHEET]) == fresh_marks(wb)


def test_the_issue_scenario_delete_the_duplicate_then_rerun_leaves_no_stray_red():
    wb = roster()
    run(wb, scripts.periksa_roster)
    assert {"C4", "C11"} <= set(coloured_cells(wb[SHEET]))
    delete_rows(wb, SHEET, 11)  # the natural fix
    run(wb, scripts.periksa_roster)
    marked = coloured_cells(wb[SHEET])
    assert "C4" not in marked and "C11" not in marked  # no finding left there, no colour
    assert {"C6", "E13"} <= set(marked)  # short NIK stayed, bad date moved up one row
    assert marked == fresh_marks(wb)  # (plus TPS 2 now one short: a real new finding)


def test_a_clerks_own_colour_on_a_cell_that_moves_is_left_alone():
    from openpyxl.styles import PatternFill

    wb = roster()
    wb[SHEET]["H3"].fill = PatternFill("solid", start_color="FF00B050")
    run(wb, scripts.periksa_roster)
    insert_rows(wb, SHEET, 2)
    run(wb, scripts.hapus_tanda)
    assert coloured_cells(wb[SHEET]) == {"H4": "00B050"}


def test_names_shift_like_excel():
    wb = roster()
    from openpyxl.workbook.defined_name import DefinedName

    wb.defined_names["KPPS_TANDA_1"] = DefinedName(
        "KPPS_TANDA_1", attr_text="'KEC A'!$C$5:$C$9,'KEC A'!$E$12,'KEC A'!$C$3")
    delete_rows(wb, SHEET, 8, 3)  # rows 8-10 go
    assert wb.defined_names["KPPS_TANDA_1"].attr_text == (
        "'KEC A'!$C$5:$C$7,'KEC A'!$E$9,'KEC A'!$C$3")
    delete_rows(wb, SHEET, 3)
    assert wb.defined_names["KPPS_TANDA_1"].attr_text == (
        "'KEC A'!$C$4:$C$6,'KEC A'!$E$8,'KEC A'!#REF!")
    insert_rows(wb, SHEET, 5, 2)
    assert wb.defined_names["KPPS_TANDA_1"].attr_text.startswith("'KEC A'!$C$4:$C$8,")


def test_vba_client_names_without_definitions_are_read_and_neutralised():
    wb = roster()
    first = run(wb, scripts.periksa_roster, client=CLIENT_VBA)
    assert first.counts.get("namesAdd")
    payload = payload_from_workbook(wb, client=CLIENT_VBA)
    for entry in payload["names"]:  # the VBA client sends sheet_index + address, no refers_to
        formula = entry.pop("refers_to")
        entry["sheet_index"] = 0
        entry["address"] = formula.replace("'KEC A'!", "").replace("$", "").lstrip("=")
    book = xw.Book(json=copy.deepcopy(payload))
    scripts.hapus_tanda(book)
    actions = book.json()["actions"]
    cleared = [a for a in actions if a["func"] == "runMacro" and a["args"][2] == ""]
    assert cleared and "nameDelete" not in {a["func"] for a in actions}
    assert f"Tanda pada {len(coloured_cells(wb[SHEET]))} sel" in actions[-1]["args"][0]
