"""Annotated copy of the user's workbook: fills, comments, "Temuan" and "Ringkasan" sheets."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from kpps_xl.errors import KppsError
from kpps_xl.findings import Report
from kpps_xl.workbook.marks import findings_for, group_marks
from kpps_xl.workbook.paint import (
    check_merge_sizes,
    check_paths,
    clear_previous_marks,
    damaged_parts,
    decorate,
    open_workbook,
    quiet_openpyxl,
    refuse_strict,
    remove_own_sheets,
    save,
)
from kpps_xl.workbook.sheets import own_sheets
from kpps_xl.workbook.stream import annotate_stream

Engine = Literal["auto", "openpyxl", "stream"]


def annotate(source: Path, report: Report, out: Path, engine: Engine = "auto") -> Path:
    """Write an annotated copy of source to out and return out; source is never modified.

    Cells with findings are filled (red = galat, yellow = peringatan, blue = info) and carry a
    comment with every Indonesian message; a finding without a column lightly fills the used
    width of its row and puts its comment on the row's first cell. A "Temuan" sheet lists every
    finding with a link to its cell, a "Ringkasan" sheet counts them and draws a bar chart.
    Only findings whose ``file`` is source (or None) are used. Sheets named "Temuan" and
    "Ringkasan" from an earlier run are replaced and earlier kpps-xl marks are cleared.
    Only .xlsx and .xlsm can be annotated (.xls and .csv raise KppsError); VBA is kept when both
    source and out are .xlsm, and dropped when an .xlsm is annotated into an .xlsx.

    engine "openpyxl" loads and saves the whole workbook (the reference, slow on big rosters);
    "stream" lets openpyxl edit only the marked rows and copies every other row as raw XML;
    "auto" (default) streams when the workbook allows it and falls back to openpyxl otherwise.
    """
    source, out = Path(source), Path(out)
    keep_vba = check_paths(source, out)
    refuse_strict(source)
    with quiet_openpyxl(), damaged_parts(source):
        if engine != "openpyxl":
            cells, rows = group_marks(findings_for(report.findings, source))
            if annotate_stream(source, report, out, keep_vba, cells, rows):  # checks merges
                return out
            if engine == "stream":
                raise KppsError(f"'{source.name}' tidak dapat diproses dengan mesin cepat.")
        check_merge_sizes(source)
        return annotate_openpyxl(source, report, out, keep_vba)


def annotate_openpyxl(source: Path, report: Report, out: Path, keep_vba: bool) -> Path:
    """The reference path: load the whole workbook with openpyxl, edit it, save it."""
    wb = open_workbook(source, keep_vba)
    if own_sheets(wb):
        remove_own_sheets(wb)
        clear_previous_marks(wb)
    decorate(wb, report, source)
    save(wb, out, source)
    return out
