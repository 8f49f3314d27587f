"""Marks kept as workbook names, which Excel itself moves when rows or columns change.

Excel moves names with inserted/deleted rows and columns and renamed sheets, but not with
Data > Sort, which moves the rows' fills and leaves the names on the old addresses. So each
marked row's fingerprint (its other cells) is kept too, in KPPS_KUNCI_* string names; a later
run finds a sorted row by its fingerprint (relocated).

A marked cell's own fill from before (the clerk's colour, which ribbon.js reads) is kept in
KPPS_ASLI_* string names as "<row fingerprint>.<n>.<RRGGBB>" (n: the cell's place among its
row's marked columns) and in KPPS_ASLIW_<RRGGBB>_* reference names over those cells, so it
comes back when the mark goes, wherever the row has moved or however it was edited."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from typing import Any

from kpps_xl.excel.cells import col_index, col_letter, runs

PREFIX = "KPPS_TANDA_"
KEY_PREFIX = "KPPS_KUNCI_"
ORIGINAL_PREFIX = "KPPS_ASLI_"
PLACE_PREFIX = "KPPS_ASLIW_"  # + RRGGBB + "_n": where the own fills under marks are
# Excel caps one string literal in a formula at 255 characters.
LITERAL_CHARS = 255
_LITERAL = re.compile(r'"([^"]*)"')
# Characters per name definition: far below Excel's formula limit, so every client accepts it.
MAX_FORMULA = 1_800
_AREA = re.compile(r"^\$?([A-Za-z]{1,3})\$?([0-9]+)(?::\$?([A-Za-z]{1,3})\$?([0-9]+))?$")

Marked = dict[str, set[tuple[int, int]]]


def quote_sheet(name: str) -> str:
    """'KEC A' -> "'KEC A'" (always quoted, quotes doubled), as Excel writes references."""
    return "'" + name.replace("'", "''") + "'"


def _area(sheet: str, first_row: int, last_row: int, column: int) -> str:
    letter = col_letter(column)
    end = f":${letter}${last_row}" if last_row != first_row else ""
    return f"{quote_sheet(sheet)}!${letter}${first_row}{end}"


def definitions(marked: dict[str, Iterable[tuple[int, int]]], limit: int = MAX_FORMULA
                ) -> list[tuple[str, str]]:
    """[(name, "='KEC A'!$C$5:$C$9,'KEC A'!$E$12")] covering every marked cell."""
    out: list[tuple[str, str]] = []
    for sheet in sorted(marked):
        areas = (_area(sheet, run.first_row, run.last_row, run.column)
                 for run in runs(dict.fromkeys(marked[sheet])))
        _pack(areas, PREFIX, ",", limit, out)
    return out


def _pack(parts: Iterable[str], prefix: str, joiner: str, limit: int,
          out: list[tuple[str, str]]) -> None:
    """Append (name, formula) pairs joining parts with joiner, each formula under limit."""
    formula = ""
    for part in parts:
        if formula and len(formula) + 1 + len(part) > limit:
            out.append((f"{prefix}{len(out) + 1}", formula))
            formula = ""
        formula = f"{formula}{joiner}{part}" if formula else f"={part}"
    if formula:
        out.append((f"{prefix}{len(out) + 1}", formula))


def split_union(formula: str) -> Iterator[str]:
    """The comma-separated areas of a reference formula, commas inside quotes kept."""
    text = formula[1:] if formula.startswith("=") else formula
    current, quoted = "", False
    for ch in text:
        if ch == "'":
            quoted = not quoted
        if ch == "," and not quoted:
            yield current
            current = ""
        else:
            current += ch
    if current:
        yield current


def _sheet_and_address(area: str) -> tuple[str | None, str]:
    """("KEC A", "$C$5") of "'KEC A'!$C$5"; a deleted sheet's part "#REF!$C$5" gives "#REF"."""
    if "!" not in area:
        return None, area
    sheet, _, address = area.rpartition("!")
    if address == "":  # "'KEC A'!#REF!": cells the clerk deleted
        return None, area
    if sheet.startswith("'") and sheet.endswith("'"):
        sheet = sheet[1:-1].replace("''", "'")
    return sheet, address


def cells_of(address: str) -> list[tuple[int, int]]:
    """Cells of "$C$5", "C5:D9"; [] for "#REF!" (cells Excel deleted) or anything else."""
    match = _AREA.match(address.strip())
    if not match:
        return []
    c1, r1 = col_index(match[1].upper()), int(match[2])
    c2, r2 = (col_index(match[3].upper()), int(match[4])) if match[3] else (c1, r1)
    return [(r, c) for r in range(min(r1, r2), max(r1, r2) + 1)
            for c in range(min(c1, c2), max(c1, c2) + 1)]


def marked_in(formula: str, default_sheet: str | None = None) -> Marked:
    """{sheet: cells} a name definition covers, deleted (#REF!) parts left out."""
    out: Marked = {}
    for area in split_union(formula):
        sheet, address = _sheet_and_address(area)
        sheet = sheet or default_sheet
        if sheet is None or sheet.upper() == "#REF" or "#REF!" in address.upper():
            continue  # cells or a whole sheet the clerk deleted
        out.setdefault(sheet, set()).update(cells_of(address))
    return out


def our_names(book: Any, prefix: str = PREFIX) -> list[Any]:
    """The book's KPPS_TANDA_* (or other prefix) names (any client: Office.js, VBA, COM)."""
    try:
        names = list(book.names)
    except (AttributeError, NotImplementedError, TypeError):
        return []
    return [n for n in names if _bare(n).upper().startswith(prefix)]


def _bare(name: Any) -> str:
    api = getattr(name, "api", None)
    if isinstance(api, dict):
        return str(api.get("name", ""))
    return str(name.name).rpartition("!")[2]


def _formula_of(book: Any, name: Any) -> tuple[str | None, str | None]:
    """(definition, default sheet) of a name: refers_to, or the VBA client's address list."""
    api = getattr(name, "api", None)
    if isinstance(api, dict) and not api.get("refers_to"):
        address, index = api.get("address"), api.get("sheet_index")
        if address is None or index is None:
            return None, None
        return "=" + str(address), book.sheets[int(index)].name
    return name.refers_to, None


def _deletable(name: Any) -> bool:
    """The VBA client sends names without their definition, and its nameDelete matches on
    the definition, so such a name cannot be deleted: it is redefined as =#REF! instead."""
    api = getattr(name, "api", None)
    return not isinstance(api, dict) or bool(api.get("refers_to"))


def _cell_text(value: Any) -> str:
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return f"{value:.15g}"
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return str(value).strip()


def row_key(row: Sequence[Any], marked_columns: Collection[int]) -> str | None:
    """Fingerprint of a roster row: its non-empty cells outside the marked columns (1-based),
    which the clerk is about to fix; None for a row with nothing else to know it by. Blank
    inserted columns do not change it."""
    parts = [_cell_text(v) for c, v in enumerate(row, start=1)
             if c not in marked_columns and v is not None and _cell_text(v) != ""]
    if not parts:
        return None
    digest = hashlib.blake2b("\x1f".join(parts).encode("utf-8"), digest_size=5).digest()
    return base64.b32encode(digest).decode("ascii")


def _by_row(cells: Iterable[tuple[int, int]]) -> dict[int, frozenset[int]]:
    rows: dict[int, set[int]] = {}
    for row, col in cells:
        rows.setdefault(row, set()).add(col)
    return {row: frozenset(cols) for row, cols in rows.items()}


def row_keys(marked: dict[str, Iterable[tuple[int, int]]],
             values_of: Callable[[str], Sequence[Sequence[Any]]]) -> set[str]:
    """Fingerprints of every marked row (for the KPPS_KUNCI_* names)."""
    keys = set()
    for sheet, cells in marked.items():
        values = values_of(sheet)
        for row, cols in _by_row(cells).items():
            key = row_key(values[row - 1], cols) if row <= len(values) else None
            if key:
                keys.add(key)
    return keys


def key_definitions(keys: Iterable[str], limit: int = MAX_FORMULA, prefix: str = KEY_PREFIX
                    ) -> list[tuple[str, str]]:
    """[(KPPS_KUNCI_1, '="K1 K2 ..."&"..."')]: string literals of at most 255 characters."""
    literals, current = [], ""
    for key in sorted(keys):
        if current and len(current) + 1 + len(key) > LITERAL_CHARS:
            literals.append(current)
            current = ""
        current = f"{current} {key}" if current else key
    if current:
        literals.append(current)
    out: list[tuple[str, str]] = []
    _pack((f'"{literal}"' for literal in literals), prefix, "&", limit, out)
    return out


def stored_keys(book: Any, prefix: str = KEY_PREFIX) -> set[str]:
    """Fingerprints the last run kept (empty when it kept none: an older version, VBA)."""
    keys: set[str] = set()
    for name in our_names(book, prefix):
        formula, _ = _formula_of(book, name)
        for literal in _LITERAL.findall(formula or ""):
            keys.update(literal.split())
    return keys


Fills = dict[str, dict[tuple[int, int], str]]
_ENTRY = re.compile(r"^([A-Z2-7]{8})\.([0-9]{1,3})\.([0-9A-F]{6})$")


def _row_cells(marked: dict[str, Iterable[tuple[int, int]]],
               values_of: Callable[[str], Sequence[Sequence[Any]]]
               ) -> Iterator[tuple[str, str, list[tuple[int, int]]]]:
    """(sheet, row fingerprint, the row's marked cells left to right) of every marked row."""
    for sheet, cells in marked.items():
        values = values_of(sheet)
        for row, cols in _by_row(cells).items():
            key = row_key(values[row - 1], cols) if row <= len(values) else None
            if key:
                yield sheet, key, [(row, col) for col in sorted(cols)]


def original_entries(marked: dict[str, Iterable[tuple[int, int]]], originals: Fills,
                     values_of: Callable[[str], Sequence[Sequence[Any]]]) -> set[str]:
    """"KEY.n.RRGGBB" for every marked cell that had a fill of its own before it was marked."""
    out = set()
    for sheet, key, cells in _row_cells(marked, values_of):
        for place, cell in enumerate(cells):
            colour = originals.get(sheet, {}).get(cell)
            if colour:
                out.add(f"{key}.{place}.{colour.lstrip('#').upper()}")
    return out


def place_definitions(originals: Fills, limit: int = MAX_FORMULA) -> list[tuple[str, str]]:
    """[("KPPS_ASLIW_00B050_1", "='KEC A'!$C$6,...")]: where each own fill under a mark is, one
    name family per colour; Excel moves these with the cells, so a row edited in place (or a
    deleted data column, which changes every row's fingerprint) still finds its fill."""
    by_colour: dict[str, dict[str, set[tuple[int, int]]]] = {}
    for sheet, cells in originals.items():
        for cell, colour in cells.items():
            by_colour.setdefault(colour.lstrip("#").upper(), {}).setdefault(sheet, set()).add(cell)
    out: list[tuple[str, str]] = []
    for colour in sorted(by_colour):
        family: list[tuple[str, str]] = []
        for sheet in sorted(by_colour[colour]):
            areas = (_area(sheet, run.first_row, run.last_row, run.column)
                     for run in runs(dict.fromkeys(by_colour[colour][sheet])))
            _pack(areas, f"{PLACE_PREFIX}{colour}_", ",", limit, family)
        out.extend(family)
    return out


def stored_places(book: Any) -> Fills:
    """{sheet: {cell: "#RRGGBB"}} of the KPPS_ASLIW_* names, where Excel has moved them."""
    out: Fills = {}
    for name in our_names(book, PLACE_PREFIX):
        colour = _bare(name)[len(PLACE_PREFIX):len(PLACE_PREFIX) + 6].upper()
        formula, sheet = _formula_of(book, name)
        if not formula or not re.fullmatch(r"[0-9A-F]{6}", colour):
            continue
        for key, cells in marked_in(formula, sheet).items():
            out.setdefault(key, {}).update(dict.fromkeys(cells, "#" + colour))
    return out


def originals_of(marked: dict[str, Iterable[tuple[int, int]]], entries: Iterable[str],
                 values_of: Callable[[str], Sequence[Sequence[Any]]],
                 keys: Collection[str] = (), places: Fills | None = None) -> Fills:
    """{sheet: {cell: "#RRGGBB"}}: the stored own fill of each marked cell, found by its row's
    fingerprint (after a sort or inserted rows too); for a row whose fingerprint the last run
    did not keep (`keys`: it was edited in place, or a data column was deleted), by where
    Excel has moved the fill's place name (`places`)."""
    table = {}
    for entry in entries:
        match = _ENTRY.match(entry)
        if match:
            table[(match[1], int(match[2]))] = "#" + match[3]
    places = places or {}
    out: Fills = {}
    for sheet, cells in marked.items():
        values, at = values_of(sheet), places.get(sheet, {})
        for row, cols in _by_row(cells).items():
            key = row_key(values[row - 1], cols) if row <= len(values) else None
            for place, col in enumerate(sorted(cols)):
                colour = table.get((key, place)) if key else None
                if colour is None and (key is None or key not in keys):
                    colour = at.get((row, col))
                if colour:
                    out.setdefault(sheet, {})[(row, col)] = colour
    return out


def relocated(cells: set[tuple[int, int]], values: Sequence[Sequence[Any]], keys: set[str]
              ) -> set[tuple[int, int]]:
    """Where the marked cells of one sheet are now: a row whose fingerprint still matches
    stays where the names say; when rows were sorted, a marked row is found by its
    fingerprint under the same marked columns, and name rows holding someone else are
    dropped. Without such evidence (an in-place edit) the names are trusted."""
    by_row = _by_row(cells)
    if not keys or not values:
        return cells

    def key_at(row: int, cols: frozenset[int]) -> str | None:
        return row_key(values[row - 1], cols) if row <= len(values) else None

    now = {row: key_at(row, cols) for row, cols in by_row.items()}
    # A name row left with nothing else in it (its cell was cut and pasted away from the table,
    # where Excel re-pointed the name) is no sign of a sort: it is trusted, like a match.
    kept = {row for row, key in now.items() if key is None or key in keys}
    if len(kept) == len(by_row):
        return cells
    patterns = sorted(set(by_row.values()), key=sorted)
    moved: dict[int, frozenset[int]] = {}
    for row in range(1, len(values) + 1):
        if row in kept:
            continue
        found = next((cols for cols in patterns if key_at(row, cols) in keys), None)
        if found is not None:
            moved[row] = found
    if not moved:
        return cells
    return ({(row, col) for row in kept for col in by_row[row]}
            | {(row, col) for row, cols in moved.items() for col in cols})


def marked_by_names(book: Any, values_of: Callable[[str], Sequence[Sequence[Any]]] | None = None
                    ) -> Marked:
    """Every cell still covered by a KPPS_TANDA_* name, where Excel has moved it to; with
    `values_of` (a sheet's current values), rows the clerk sorted are followed too."""
    out: Marked = {}
    for name in our_names(book):
        formula, sheet = _formula_of(book, name)
        if not formula:
            continue
        for key, cells in marked_in(formula, sheet).items():
            out.setdefault(key, set()).update(cells)
    keys = stored_keys(book) if values_of is not None else set()
    if keys and values_of is not None:
        out = {sheet: relocated(cells, values_of(sheet), keys) for sheet, cells in out.items()}
    return out


def replace_names(book: Any, marked: dict[str, Iterable[tuple[int, int]]],
                  keys: Iterable[str] = (), originals: Iterable[str] = (),
                  places: Fills | None = None) -> int:
    """Delete the old KPPS_TANDA_* / KPPS_KUNCI_* / KPPS_ASLI_* / KPPS_ASLIW_* names and add
    ones covering `marked`, the marked rows' fingerprints `keys`, the marked cells' own fills
    `originals` (original_entries) and where those fills are (`places`); return how many
    mark names."""
    new = definitions(marked)
    fingerprints = (key_definitions(keys) + key_definitions(originals, prefix=ORIGINAL_PREFIX)
                    + place_definitions(places or {}))
    taken = {n for n, _ in new + fingerprints}
    ours = [*our_names(book), *our_names(book, KEY_PREFIX), *our_names(book, ORIGINAL_PREFIX),
            *our_names(book, PLACE_PREFIX)]
    for name in ours:
        if _deletable(name):
            name.delete()
        elif _bare(name) not in taken:
            book.names.add(_bare(name), "=#REF!")
    for name, formula in new + fingerprints:
        book.names.add(name, formula)
    return len(new)
