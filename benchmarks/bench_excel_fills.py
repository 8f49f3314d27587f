"""Benchmark: the second Periksa Data and Hapus Tanda on a marked roster, with and without the
fills survey ribbon.js sends (the clerk's own fills kept under the marks).

Run: .venv/bin/python benchmarks/bench_excel_fills.py [rows] [clerk_fills]
Prints JSON: run-info size, KPPS_ASLI_/KPPS_ASLIW_ names, script seconds (median of 3) for Periksa Data run
again and Hapus Tanda, each with the survey ("warna": every mark plus `clerk_fills` cells the
clerk coloured, a third of them under a mark) and without it (older ribbon.js, VBA, Lite).
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time


def main(rows: int = 33_439, clerk_fills: int = 2_000) -> dict:
    os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")
    import logging

    from kpps_xl.excel import scripts
    from kpps_xl.excel._xlwings import load_xlwings
    from kpps_xl.excel.cells import col_letter
    from kpps_xl.excel.demo import roster_rows
    from kpps_xl.excel.payload import name_entry, payload_from_sheets

    logging.disable(logging.INFO)
    xw = load_xlwings()
    sheet = "KEC KOTA MUKOMUKO"
    values, _ = roster_rows(rows, problems_every=33)
    first = xw.Book(json=payload_from_sheets({sheet: values}))
    scripts.periksa_roster(first)
    actions = first.json()["actions"]
    names = {a["args"][0]: a["args"][1] for a in actions if a["func"] == "namesAdd"}
    marked = scripts.marknames.marked_by_names(xw.Book(json=payload_from_sheets(
        {sheet: values}, names=names)))[sheet]
    under = sorted(marked)[: clerk_fills // 3]
    apart = [(r, 2) for r in range(2, 2 + clerk_fills - len(under))]  # the Nama column
    fills = {**{c: "#FFC7CE" for c in marked}, **{c: "#00B050" for c in under + apart}}
    info = json.dumps({"roster": [sheet], "warna": {sheet: [
        [f"{col_letter(c)}{r}", colour] for (r, c), colour in sorted(fills.items())]}})

    def timed(script, with_info: bool) -> tuple[float, list]:  # noqa: ANN001
        times, out = [], []
        for _ in range(3):
            book = xw.Book(json=payload_from_sheets({sheet: values}, names=names))
            book.api["names"] = [name_entry(n, f) for n, f in names.items()]
            start = time.perf_counter()
            script(book, info if with_info else "")
            times.append(time.perf_counter() - start)
            out = book.json()["actions"]
        return round(statistics.median(times), 3), out

    result: dict = {"rows": rows, "marked_cells": len(marked), "clerk_fills": clerk_fills,
                    "run_info_kb": round(len(info) / 1e3, 1)}
    for label, script in (("periksa_again", scripts.periksa_roster),
                          ("hapus_tanda", scripts.hapus_tanda)):
        with_s, acts = timed(script, True)
        without_s, _ = timed(script, False)
        added = [a["args"][0] for a in acts if a["func"] == "namesAdd"]
        result[label] = {"with_survey_s": with_s, "without_survey_s": without_s,
                         "fill_names": sum(n.startswith("KPPS_ASLI_") for n in added),
                         "place_names": sum(n.startswith("KPPS_ASLIW_") for n in added)}
    return result


if __name__ == "__main__":
    print(json.dumps(main(*(int(a) for a in sys.argv[1:3])), indent=2))
