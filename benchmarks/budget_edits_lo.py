"""Check: the budget workbook after finance staff edit it in a real spreadsheet (LibreOffice).

Run: .venv/bin/python benchmarks/budget_edits_lo.py [folder]
Writes the sample's budget workbook (kpps-xl budget's writer), then for each edit a finance
officer makes (change a rate, add a kecamatan line above JUMLAH, add one under the header,
delete a line, type a number over a formula) LibreOffice headless applies it through UNO (rows
inserted the way Calc inserts them, references moving with them), recalculates and saves; the
values are read back and every total is checked against the lines the sheet now holds.
Prints JSON, one entry per edit: ok, the totals read, what was expected. Needs soffice and the
system python3 with the `uno` module (Debian: python3-uno); the UNO half runs under it.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

UNO_PYTHON = "/usr/bin/python3"
BUDGET = "Anggaran"

# Each edit: UNO steps. Rows are 1-based as the clerk sees them; "total" is the JUMLAH row.
EDITS: dict[str, list[dict[str, Any]]] = {
    "rate changed in Parameter": [
        {"op": "set", "sheet": "Parameter", "cell": "B10", "value": 0.0054}],
    "kecamatan line added above JUMLAH": [
        {"op": "insert_row", "sheet": BUDGET, "row": "total"},
        {"op": "copy_row", "sheet": BUDGET, "from": "total-2", "to": "total-1"},
        {"op": "set", "sheet": BUDGET, "cell": "B{total-1}", "value": "KECAMATAN BARU"},
        {"op": "set", "sheet": BUDGET, "cell": "F{total-1}", "value": 100}],
    "line added under the header": [
        {"op": "insert_row", "sheet": BUDGET, "row": 5},
        {"op": "copy_row", "sheet": BUDGET, "from": 6, "to": 5},
        {"op": "set", "sheet": BUDGET, "cell": "F5", "value": 7}],
    "a line deleted": [{"op": "delete_row", "sheet": BUDGET, "row": 6}],
    "a number typed over a subtotal formula": [
        {"op": "set", "sheet": BUDGET, "cell": "K7", "value": 12345}],
}


def _uno(src: str, dst: str, steps: list[dict[str, Any]], port: int) -> None:
    """(system python3 with uno) apply steps to src in LibreOffice, recalculate, save dst."""
    sys.path.append("/usr/lib/python3/dist-packages")
    import uno  # type: ignore[import-not-found]
    from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]

    def prop(name: str, value: Any) -> Any:
        p = PropertyValue()
        p.Name, p.Value = name, value
        return p

    profile = Path(tempfile.mkdtemp(prefix="kpps-lo-"))
    office = subprocess.Popen(["soffice", "--headless", "--norestore", "--nologo",
                               f"-env:UserInstallation={profile.as_uri()}",
                               f"--accept=socket,host=127.0.0.1,port={port};urp;"],
                              stderr=subprocess.DEVNULL)
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(120):
        try:
            ctx = resolver.resolve(f"uno:socket,host=127.0.0.1,port={port};urp;"
                                   "StarOffice.ComponentContext")
            break
        except Exception:  # noqa: BLE001 - office still starting
            time.sleep(0.25)
    desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    try:
        doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(src), "_blank", 0,
                                           (prop("Hidden", True),))
        budget = doc.Sheets.getByName(BUDGET)

        def total() -> int:  # the JUMLAH row now
            for row in range(4, 400):
                if budget.getCellByPosition(3, row).getString() == "JUMLAH":
                    return row + 1
            raise LookupError("JUMLAH")

        def row_of(text: object) -> int:
            return int(eval(str(text).replace("total", str(total())), {}))  # noqa: S307

        for step in steps:
            sheet = doc.Sheets.getByName(step["sheet"])
            if step["op"] == "insert_row":
                sheet.Rows.insertByIndex(row_of(step["row"]) - 1, 1)
            elif step["op"] == "delete_row":
                sheet.Rows.removeByIndex(row_of(step["row"]) - 1, 1)
            elif step["op"] == "copy_row":
                source = row_of(step["from"])
                target = row_of(step["to"])
                sheet.copyRange(sheet.getCellRangeByName(f"A{target}").CellAddress,
                                sheet.getCellRangeByName(f"A{source}:K{source}").RangeAddress)
            elif step["op"] == "set":
                cell = sheet.getCellRangeByName(
                    step["cell"].format(**{"total-1": total() - 1}))
                value = step["value"]
                cell.setString(value) if isinstance(value, str) else cell.setValue(value)
        doc.calculateAll()
        doc.storeToURL(uno.systemPathToFileUrl(dst),
                       (prop("FilterName", "Calc MS Excel 2007 XML"),))
        doc.close(True)
    finally:
        with contextlib.suppress(Exception):  # the bridge goes down with the office
            desktop.terminate()
        office.wait(timeout=60)


def _totals(path: Path) -> dict[str, Any]:
    """Line sums the sheet holds now, against its JUMLAH, BPJS TK/JKN and Rekap totals."""
    from openpyxl import load_workbook

    wb = load_workbook(path, data_only=True)
    ws = wb[BUDGET]
    rows = list(ws.iter_rows(min_row=5, values_only=True))
    at = next(i for i, r in enumerate(rows) if r[3] == "JUMLAH")
    lines = [r for r in rows[:at] if isinstance(r[10], int | float)]
    subtotal = sum(r[10] for r in lines)
    people = sum(r[5] for r in lines if r[4] != "JKN")
    tk, jkn = rows[at + 1][10], rows[at + 2][10]
    rekap = [r for r in wb["Rekap"].iter_rows(min_row=5, values_only=True) if r[0]]
    found = {"jumlah": rows[at][10], "orang": rows[at][5], "tk+jkn": tk + jkn,
             "rekap": rekap[-1][3], "rekap_orang": rekap[-1][2]}
    expected = {"jumlah": subtotal, "orang": people, "tk+jkn": subtotal, "rekap": subtotal,
                "rekap_orang": people}
    return {"ok": found == expected, "found": found, "expected": expected}


def main(folder: Path) -> dict[str, Any]:
    from kpps_xl.budget import compute_budget, write_budget_workbook
    from kpps_xl.roster import load_roster
    from kpps_xl.samples import write_samples
    from kpps_xl.settings import Settings

    folder.mkdir(parents=True, exist_ok=True)
    write_samples(folder)
    settings = Settings()
    roster = load_roster([folder / "kpps_bersih.xlsx"], settings.reference_date.year)
    source = write_budget_workbook(compute_budget(roster, settings), settings,
                                   folder / "anggaran.xlsx")
    out: dict[str, Any] = {"as written": _totals(source)}
    for i, (name, steps) in enumerate(EDITS.items()):
        target = folder / f"diedit-{i}.xlsx"
        started = time.perf_counter()
        subprocess.run([UNO_PYTHON, __file__, "--uno", str(source), str(target),
                        json.dumps(steps), str(2100 + i)], check=True)
        out[name] = {**_totals(target), "seconds": round(time.perf_counter() - started, 1)}
    return out


if __name__ == "__main__":
    if sys.argv[1:2] == ["--uno"]:
        _uno(os.path.abspath(sys.argv[2]), os.path.abspath(sys.argv[3]), json.loads(sys.argv[4]),
             int(sys.argv[5]))
    else:
        where = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp())
        print(json.dumps(main(where), indent=1, ensure_ascii=False))
