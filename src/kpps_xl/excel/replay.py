"""Replay xlwings actions onto an openpyxl workbook, to inspect what Excel would show."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import PatternFill
from openpyxl.utils.cell import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

_LINK = re.compile(r'^=HYPERLINK\("#\'((?:[^\'"]|""|\'\')+)\'!([A-Z]+[0-9]+)","([^"]*)"\)$')


@dataclass
class Replay:
    """The workbook being replayed onto, plus what cannot live in a cell (alerts)."""

    book: Workbook
    alerts: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


def _sheet(r: Replay, action: dict[str, Any]) -> Worksheet:
    return r.book.worksheets[action["sheet_position"]]


def _unprotected(ws: Worksheet) -> Worksheet:
    """Excel refuses to format a protected sheet's cells (the client stops the batch there)."""
    if ws.protection.sheet:
        raise PermissionError(f"sheet {ws.title!r} is protected")
    return ws


def _cells(r: Replay, action: dict[str, Any]) -> Iterable[Any]:
    ws = _sheet(r, action)
    for i in range(action["row_count"]):
        for j in range(action["column_count"]):
            yield ws.cell(action["start_row"] + 1 + i, action["start_column"] + 1 + j)


def _fill(color: str | None) -> PatternFill:
    if color is None or color == "":
        return PatternFill(fill_type=None)
    hex6 = color.lstrip("#").upper()
    return PatternFill(fill_type="solid", start_color="FF" + hex6, end_color="FF" + hex6)


def _write(cell: Any, value: Any) -> None:
    if isinstance(value, str) and value.startswith("'"):
        cell.value = value[1:]
        cell.data_type = "s"
        cell.quotePrefix = True
    else:
        cell.value = value


def set_values(r: Replay, a: dict[str, Any]) -> None:
    ws = _sheet(r, a)
    for i, row in enumerate(a["values"]):
        for j, value in enumerate(row):
            _write(ws.cell(a["start_row"] + 1 + i, a["start_column"] + 1 + j), value)


def set_range_color(r: Replay, a: dict[str, Any]) -> None:
    _unprotected(_sheet(r, a))
    fill = _fill(a["args"][0])
    for cell in _cells(r, a):
        cell.fill = fill


def set_range_colors(r: Replay, a: dict[str, Any]) -> None:
    ws = _unprotected(_sheet(r, a))
    for i, row in enumerate(a["args"][0]):
        for j, color in enumerate(row):
            if color != "keep":
                ws.cell(a["start_row"] + 1 + i, a["start_column"] + 1 + j).fill = _fill(color)


def add_sheet(r: Replay, a: dict[str, Any]) -> None:
    """Excel refuses a second sheet whose name differs only in case, and any new sheet in a
    workbook whose structure is protected (the batch stops)."""
    index, name = a["args"][0], a["args"][1]
    if r.book.security is not None and r.book.security.lockStructure:
        raise PermissionError("the workbook structure is protected")
    if any(n.casefold() == name.casefold() for n in r.book.sheetnames):
        raise ValueError(f"addSheet: a sheet named {name!r} already exists")
    r.book.create_sheet(title=name, index=index)


def sheet_delete(r: Replay, a: dict[str, Any]) -> None:
    if r.book.security is not None and r.book.security.lockStructure:
        raise PermissionError("the workbook structure is protected")
    r.book.remove(_sheet(r, a))


def set_sheet_name(r: Replay, a: dict[str, Any]) -> None:
    """Excel renames the sheet and rewrites every name that refers to it."""
    rename_sheet(r.book, _sheet(r, a).title, a["args"][0])


def activate_sheet(r: Replay, a: dict[str, Any]) -> None:
    r.book.active = int(a["args"][0])


def set_autofit(r: Replay, a: dict[str, Any]) -> None:
    ws = _sheet(r, a)
    for j in range(a["column_count"]):
        col = a["start_column"] + 1 + j
        texts = (display_text(ws.cell(a["start_row"] + 1 + i, col).value)
                 for i in range(a["row_count"]))
        ws.column_dimensions[get_column_letter(col)].width = min(
            80, max((len(t) for t in texts), default=8) + 2)


def set_number_format(r: Replay, a: dict[str, Any]) -> None:
    for cell in _cells(r, a):
        cell.number_format = a["args"][0]


def alert(r: Replay, a: dict[str, Any]) -> None:
    r.alerts.append(a["args"][0])


def run_macro(r: Replay, a: dict[str, Any]) -> None:
    """Emulate the VBA KppsTandai(wb, sheet, colour, addresses) macro of macros/kpps.bas."""
    name, sheet, color, addresses = a["args"][:4]
    if not name.endswith("KppsTandai"):
        raise NotImplementedError(f"macro {name}")
    ws = _unprotected(r.book[sheet])
    for part in addresses.split(","):
        for row in ws[part] if ":" in part else ((ws[part],),):
            for cell in row:
                cell.fill = _fill(color or None)


def names_add(r: Replay, a: dict[str, Any]) -> None:
    """Workbook name: Excel replaces a name that already exists."""
    from openpyxl.workbook.defined_name import DefinedName

    name, refers_to = a["args"][0], a["args"][1]
    if name in r.book.defined_names:
        del r.book.defined_names[name]
    r.book.defined_names[name] = DefinedName(name, attr_text=refers_to.removeprefix("="))


def name_delete(r: Replay, a: dict[str, Any]) -> None:
    name = a["args"][2]
    if name in r.book.defined_names:
        del r.book.defined_names[name]


HANDLERS: dict[str, Callable[[Replay, dict[str, Any]], None]] = {
    "setValues": set_values,
    "setRangeColor": set_range_color,
    "setRangeColors": set_range_colors,
    "addSheet": add_sheet,
    "sheetDelete": sheet_delete,
    "activateSheet": activate_sheet,
    "setSheetName": set_sheet_name,
    "setAutofit": set_autofit,
    "setNumberFormat": set_number_format,
    "alert": alert,
    "runMacro": run_macro,
    "namesAdd": names_add,
    "nameDelete": name_delete,
}


def _shift_rows(first: int, last: int, at: int, count: int) -> tuple[int, int] | None:
    """Rows of an area after Excel inserts (count > 0) or deletes (count < 0) rows at `at`;
    None when every row of the area was deleted (#REF!)."""
    if count > 0:
        return (first + count if first >= at else first, last + count if last >= at else last)
    gone_first, gone_last = at, at - count - 1
    if gone_first <= first and last <= gone_last:
        return None
    def moved(row: int, edge: int) -> int:
        if row < gone_first:
            return row
        return row + count if row > gone_last else edge
    return moved(first, gone_first), moved(last, gone_first - 1)


def _shift_area(area: str, sheet: str, at: int, count: int, axis: str = "row") -> str:
    """One area of a name after Excel inserts/deletes rows (axis "row") or columns ("col")."""
    from kpps_xl.excel.cells import col_index, col_letter
    from kpps_xl.excel.marknames import _AREA, _sheet_and_address, quote_sheet

    name, address = _sheet_and_address(area)
    match = _AREA.match(address)
    if name is None or name.casefold() != sheet.casefold() or not match:
        return area
    c1, c2 = col_index(match[1].upper()), col_index((match[3] or match[1]).upper())
    r1, r2 = int(match[2]), int(match[4] or match[2])
    if axis == "row":
        shifted = _shift_rows(r1, r2, at, count)
        if shifted is None:
            return f"{quote_sheet(name)}!#REF!"
        r1, r2 = shifted
    else:
        shifted = _shift_rows(c1, c2, at, count)
        if shifted is None:
            return f"{quote_sheet(name)}!#REF!"
        c1, c2 = shifted
    end = f":${col_letter(c2)}${r2}" if (c2, r2) != (c1, r1) else ""
    return f"{quote_sheet(name)}!${col_letter(c1)}${r1}{end}"


def _shift_names(book: Workbook, sheet: str, at: int, count: int, axis: str = "row") -> None:
    from kpps_xl.excel.marknames import split_union

    for defined in book.defined_names.values():
        areas = [_shift_area(a, sheet, at, count, axis)
                 for a in split_union(str(defined.attr_text))]
        defined.attr_text = ",".join(areas)


def delete_rows(book: Workbook, sheet: str, first: int, count: int = 1) -> None:
    """What Excel does when the clerk deletes rows: cells move up (fills with them) and every
    workbook name follows; a name part on a deleted row becomes #REF!."""
    book[sheet].delete_rows(first, count)
    _shift_names(book, sheet, first, -count)


def insert_rows(book: Workbook, sheet: str, before: int, count: int = 1) -> None:
    """What Excel does when the clerk inserts rows above `before`: cells and names move down,
    an area spanning the insertion grows."""
    book[sheet].insert_rows(before, count)
    _shift_names(book, sheet, before, count)


def delete_cols(book: Workbook, sheet: str, first: int, count: int = 1) -> None:
    """The clerk deletes columns: cells move left (fills with them), names follow, a name
    part in a deleted column becomes #REF!."""
    book[sheet].delete_cols(first, count)
    _shift_names(book, sheet, first, -count, "col")


def insert_cols(book: Workbook, sheet: str, before: int, count: int = 1) -> None:
    """The clerk inserts columns left of `before`: cells and names move right."""
    book[sheet].insert_cols(before, count)
    _shift_names(book, sheet, before, count, "col")


def _rename_in(formula: str, old: str, new: str | None) -> str:
    """A name definition after sheet `old` is renamed to `new` (None: deleted, where Excel
    writes #REF! in place of the sheet)."""
    from kpps_xl.excel.marknames import _sheet_and_address, quote_sheet, split_union

    out = []
    for area in split_union(formula):
        name, address = _sheet_and_address(area)
        if name is not None and name.casefold() == old.casefold():
            area = f"{quote_sheet(new)}!{address}" if new is not None else f"#REF!{address}"
        out.append(area)
    return ",".join(out)


def rename_sheet(book: Workbook, old: str, new: str) -> None:
    """The clerk renames a sheet: Excel rewrites every name that refers to it (the text of
    HYPERLINK formulas is a string and stays as it was)."""
    if any(n.casefold() == new.casefold() for n in book.sheetnames if n != old):
        raise ValueError(f"sheet {new!r} exists")
    book[old].title = new
    for defined in book.defined_names.values():
        defined.attr_text = _rename_in(str(defined.attr_text), old, new)


def delete_sheet(book: Workbook, name: str) -> None:
    """The clerk deletes a sheet: names that referred to it become =#REF!$C$5,..."""
    book.remove(book[name])
    for defined in book.defined_names.values():
        defined.attr_text = _rename_in(str(defined.attr_text), name, None)


def cut_paste(book: Workbook, sheet: str, source: str, target: str) -> None:
    """The clerk cuts one cell and pastes it elsewhere on the sheet: value and formats move,
    and Excel points every reference to exactly that cell at its new place (a name part that
    is a range holding the cell stays where it was)."""
    from copy import copy

    from kpps_xl.excel.marknames import _AREA, _sheet_and_address, quote_sheet, split_union

    ws = book[sheet]
    src, dst = ws[source], ws[target]
    dst.value, dst._style, dst.data_type = src.value, copy(src._style), src.data_type
    src.value = None
    src.style = "Normal"
    wanted = source.replace("$", "").upper()

    def moved(area: str) -> str:
        name, address = _sheet_and_address(area)
        match = _AREA.match(address)
        if (name is None or name.casefold() != sheet.casefold() or not match or match[3]
                or f"{match[1]}{match[2]}".upper() != wanted):
            return area
        letters = target.rstrip("0123456789").upper()
        return f"{quote_sheet(name)}!${letters}${target[len(letters):]}"

    for defined in book.defined_names.values():
        defined.attr_text = ",".join(moved(a) for a in split_union(str(defined.attr_text)))


def sort_rows(book: Workbook, sheet: str, first: int, last: int, key: Callable[[tuple], Any]
              ) -> None:
    """Data > Sort on rows first..last: whole rows move, values with their fills, borders and
    number formats; workbook names stay on their addresses (Excel does not move them)."""
    from copy import copy

    ws = book[sheet]
    width = ws.max_column
    rows = [[(c.value, copy(c._style), c.data_type) for c in ws[r][:width]]
            for r in range(first, last + 1)]
    rows.sort(key=lambda cells: key(tuple(v for v, _, _ in cells)))
    for offset, cells in enumerate(rows):
        for col, (value, style, data_type) in enumerate(cells, start=1):
            cell = ws.cell(first + offset, col)
            cell.value = value
            cell._style = style
            cell.data_type = data_type


def display_text(value: Any) -> str:
    """What a cell shows, roughly: the text of a HYPERLINK formula, else str(value)."""
    if value is None:
        return ""
    link = link_of(value)
    return link[2] if link else str(value)


def link_of(value: Any) -> tuple[str, str, str] | None:
    """(sheet, address, text) of an internal =HYPERLINK("#'Sheet'!C5","C5") formula."""
    if not isinstance(value, str):
        return None
    match = _LINK.match(value)
    if not match:
        return None
    # Excel reads the string literal first ("" is one "), then the sheet reference ('' is ').
    return match.group(1).replace('""', '"').replace("''", "'"), match.group(2), match.group(3)


def replay(book: Workbook, actions: Iterable[dict[str, Any]]) -> Replay:
    """Apply actions in order; an action this applier does not know raises NotImplementedError."""
    r = Replay(book)
    for action in actions:
        handler = HANDLERS.get(action["func"])
        if handler is None:
            raise NotImplementedError(f"action {action['func']} is not replayed")
        handler(r, action)
        r.counts[action["func"]] = r.counts.get(action["func"], 0) + 1
    return r


def replay_file(source: str | Path, actions: Iterable[dict[str, Any]], target: str | Path
                ) -> Replay:
    """Load source, replay the actions, save to target."""
    result = replay(load_workbook(source), actions)
    result.book.save(target)
    return result


def fill_of(ws: Worksheet, address: str) -> str | None:
    """'FFC7CE'-style fill colour of a cell, None when it has no solid fill."""
    cell = ws[address]
    if cell.fill is None or cell.fill.fill_type != "solid":
        return None
    return str(cell.fill.start_color.rgb)[-6:].upper()


def coloured_cells(ws: Worksheet) -> dict[str, str]:
    """{address: colour} of every solidly filled cell in a sheet."""
    out = {}
    for row in ws.iter_rows():
        for cell in row:
            color = fill_of(ws, cell.coordinate)
            if color:
                out[cell.coordinate] = color
    return out


__all__ = ["Replay", "coloured_cells", "cut_paste", "delete_cols", "delete_rows", "delete_sheet", "fill_of",
           "insert_cols", "insert_rows", "link_of", "rename_sheet", "replay", "replay_file",
           "sort_rows"]
