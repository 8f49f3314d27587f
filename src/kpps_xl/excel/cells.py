"""Cell addresses and grouping of marked cells into few, large write actions."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from openpyxl.utils.cell import column_index_from_string, get_column_letter

# Range.set_colors() accepts at most this many cells per action (xlwings-server's client).
MAX_SET_COLORS_CELLS = 10_000
# A VBA/COM Range("A1,B2,...") address string may not exceed 255 characters.
MAX_AREA_ADDRESS = 255
# The VBA client (RunServerPython) counts rows in 16-bit Integers.
VBA_MAX_ROWS = 32_767


@dataclass(frozen=True)
class Run:
    """Adjacent rows of one column that get the same fill."""

    column: int
    first_row: int
    last_row: int
    color: str | None


@dataclass(frozen=True)
class Window:
    """One set_colors block: a column slice and its colour matrix ("keep" = untouched)."""

    column: int
    first_row: int
    colors: list[object]  # hex colour, None (clear) or Ellipsis (keep)

    @property
    def last_row(self) -> int:
        return self.first_row + len(self.colors) - 1


def col_index(letter: str) -> int:
    """1-based column index of a column letter."""
    return column_index_from_string(letter)


def col_letter(index: int) -> str:
    """Column letter of a 1-based column index."""
    return get_column_letter(index)


def by_column(cells: dict[tuple[int, int], str | None]) -> dict[int, list[tuple[int, str | None]]]:
    """{(row, col): colour} -> {col: [(row, colour), ...] sorted by row}."""
    out: dict[int, list[tuple[int, str | None]]] = {}
    for (row, col), color in cells.items():
        out.setdefault(col, []).append((row, color))
    for rows in out.values():
        rows.sort()
    return dict(sorted(out.items()))


def runs(cells: dict[tuple[int, int], str | None]) -> list[Run]:
    """Group vertically adjacent cells with the same colour into runs."""
    out: list[Run] = []
    for col, rows in by_column(cells).items():
        start = prev = rows[0][0]
        color = rows[0][1]
        for row, c in rows[1:]:
            if row == prev + 1 and c == color:
                prev = row
                continue
            out.append(Run(col, start, prev, color))
            start = prev = row
            color = c
        out.append(Run(col, start, prev, color))
    return out


def windows(
    cells: dict[tuple[int, int], str | None], limit: int = MAX_SET_COLORS_CELLS
) -> list[Window]:
    """Cover every cell with per-column blocks of at most `limit` rows."""
    out: list[Window] = []
    for col, rows in by_column(cells).items():
        block: list[tuple[int, str | None]] = []
        for row, color in rows:
            if block and row - block[0][0] >= limit:
                out.append(_window(col, block))
                block = []
            block.append((row, color))
        out.append(_window(col, block))
    return out


def _window(col: int, block: list[tuple[int, str | None]]) -> Window:
    first = block[0][0]
    colors: list = [...] * (block[-1][0] - first + 1)
    for row, color in block:
        colors[row - first] = color
    return Window(col, first, colors)


def run_address(run: Run) -> str:
    """A1 address of a run ("C5" or "C5:C9")."""
    letter = col_letter(run.column)
    if run.first_row == run.last_row:
        return f"{letter}{run.first_row}"
    return f"{letter}{run.first_row}:{letter}{run.last_row}"


def area_strings(addresses: Iterable[str], limit: int = MAX_AREA_ADDRESS) -> Iterator[str]:
    """Join addresses with commas into strings no longer than `limit` characters."""
    current = ""
    for address in addresses:
        candidate = f"{current},{address}" if current else address
        if len(candidate) > limit and current:
            yield current
            current = address
        else:
            current = candidate
    if current:
        yield current


def parse_address(text: object) -> tuple[int, int] | None:
    """(row, col) of a plain A1 address such as "C23"; None if it is not one."""
    if not isinstance(text, str):
        return None
    letters = text.rstrip("0123456789").replace("$", "")
    digits = text[len(text.rstrip("0123456789")):]
    if not letters.isalpha() or not digits or len(letters) > 3:
        return None
    return int(digits), col_index(letters.upper())


def parse_area(text: str) -> list[tuple[int, int]]:
    """Cells of "C5" or a one-column run "C5:C9"; [] if it is neither."""
    first, _, last = text.partition(":")
    start, end = parse_address(first), parse_address(last or first)
    if start is None or end is None or start[1] != end[1] or end[0] < start[0]:
        return []
    return [(row, start[1]) for row in range(start[0], end[0] + 1)]
