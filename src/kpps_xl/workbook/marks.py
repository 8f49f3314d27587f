"""Pure helpers: which findings belong to a workbook and how they group per cell and row."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl.utils.cell import column_index_from_string

from kpps_xl.findings import Finding, Severity
from kpps_xl.io_utils import xml_text

SEVERITY_LABEL: dict[str, str] = {"error": "Galat", "warning": "Peringatan", "info": "Info"}
SEVERITY_RANK: dict[str, int] = {"error": 0, "warning": 1, "info": 2}

clean_text = xml_text  # one implementation (io_utils); kept under its old name for callers


def severity_label(severity: str) -> str:
    """Indonesian label of a severity: Galat, Peringatan, Info."""
    return SEVERITY_LABEL.get(severity, severity)


def worst(severities: Iterable[str]) -> Severity:
    """The most serious severity among several (error > warning > info)."""
    return min(severities, key=lambda s: SEVERITY_RANK.get(s, 3))  # type: ignore[return-value]


def same_file(finding_file: str | None, source: Path) -> bool:
    """True when a finding belongs to source (a finding without a file belongs to any)."""
    if finding_file is None:
        return True
    try:
        return Path(finding_file).resolve() == source.resolve()
    except OSError:
        return Path(finding_file).name == source.name


class FileMatch:
    """same_file for one source, resolving each distinct file name once (not once per finding)."""

    def __init__(self, source: Path) -> None:
        self.source = source
        self._seen: dict[str, bool] = {}

    def __call__(self, finding_file: str | None) -> bool:
        if finding_file is None:
            return True
        known = self._seen.get(finding_file)
        if known is None:
            known = self._seen[finding_file] = same_file(finding_file, self.source)
        return known


def findings_for(findings: Iterable[Finding], source: Path) -> list[Finding]:
    """The findings that concern the given source file, in their original order."""
    match = FileMatch(source)
    return [f for f in findings if match(f.file)]


def column_index(letter: str | None) -> int | None:
    """1-based index of an Excel column letter, None when absent or not a valid column."""
    if not letter:
        return None
    try:
        return column_index_from_string(letter.strip().upper())
    except ValueError:
        return None


@dataclass(frozen=True)
class CellMark:
    """Everything to paint on one cell: its worst severity and every message."""

    severity: Severity
    messages: tuple[str, ...]


def _merge(marks: dict, key: tuple, finding: Finding) -> None:
    text = f"[{severity_label(finding.severity)}] {clean_text(finding.message)}"
    old = marks.get(key)
    if old is None:
        marks[key] = CellMark(finding.severity, (text,))
    elif text not in old.messages:
        marks[key] = CellMark(worst((old.severity, finding.severity)), (*old.messages, text))


def group_marks(
    findings: Iterable[Finding],
) -> tuple[dict[tuple[str, int, int], CellMark], dict[tuple[str, int], CellMark]]:
    """Split findings into cell marks (sheet, row, col) and row marks (sheet, row).

    Findings without a sheet or a row cannot be painted and are left out here; they still
    appear in the "Temuan" sheet.
    """
    cells: dict[tuple[str, int, int], CellMark] = {}
    rows: dict[tuple[str, int], CellMark] = {}
    for finding in findings:
        if not finding.sheet or not finding.row or finding.row < 1:
            continue
        col = column_index(finding.column)
        if col is None:
            _merge(rows, (finding.sheet, finding.row), finding)
        else:
            _merge(cells, (finding.sheet, finding.row, col), finding)
    return cells, rows


def comment_text(messages: Sequence[str]) -> str:
    """The Indonesian comment put on a marked cell."""
    return "kpps-xl:\n" + "\n".join(f"• {m}" for m in messages)


def cell_location(sheet: str, column: str, row: int) -> str:
    """Internal hyperlink location of a cell: 'Sheet name'!C23 (quotes doubled)."""
    return "'" + sheet.replace("'", "''") + f"'!{column}{row}"


def order_findings(findings: Iterable[Finding], sheet_order: Sequence[str]) -> list[Finding]:
    """Sort by the sheets' order in the workbook, then row, column and code."""
    position = {name: i for i, name in enumerate(sheet_order)}

    def key(f: Finding) -> tuple:
        return (
            position.get(f.sheet or "", len(position)),
            f.sheet or "",
            f.row if f.row is not None else 0,
            column_index(f.column) or 0,
            SEVERITY_RANK.get(f.severity, 3),
            f.code,
        )

    return sorted(findings, key=key)


def ref_text(file: str | None, sheet: str | None, row: int | None, source: Path,
             match: FileMatch | None = None) -> str:
    """One place as short text: 'KEC A!31', or 'lain.xlsx KEC B!12' for another file."""
    where = f"{sheet or '-'}!{row}" if row else (sheet or "-")
    if file and not (match or FileMatch(source))(file):
        where = f"{Path(file).name} {where}"
    return where


def related_text(finding: Finding, source: Path) -> str:
    """The other copies of a finding as short text: 'KEC A!31; lain.xlsx KEC B!12'."""
    return "; ".join(ref_text(ref.file, ref.sheet, ref.row, source) for ref in finding.related)


def _dup_groups(findings: Sequence[Finding]) -> list[list[int]]:
    """Indices of dup.* findings joined through `related` (union-find per code), in order."""
    parent: dict[int, int] = {}
    at: dict[tuple[str, str, str | None, int | None], int] = {}
    for i, f in enumerate(findings):
        if f.code.startswith("dup.") and f.row:
            at.setdefault((f.code, f.file or "", f.sheet, f.row), i)
            parent[i] = i

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in parent:
        f = findings[i]
        for ref in f.related:
            j = at.get((f.code, ref.file or "", ref.sheet, ref.row))
            if j is not None:
                a, b = root(i), root(j)
                if a != b:
                    parent[max(a, b)] = min(a, b)
    groups: dict[int, list[int]] = {}
    for i in parent:
        groups.setdefault(root(i), []).append(i)
    return [members for members in groups.values() if len(members) > 1]


def related_texts(findings: Sequence[Finding], source: Path, shown: int) -> list[str]:
    """The Terkait text of every finding, in order: at most `shown` places, then a count.

    A duplicate group with more copies than its findings' bounded `related` name is counted
    once, at its first finding ("2.000 kemunculan: ... (+1.993 lainnya)"); every other copy
    shows its own places, the number left out and the row of that group line ("kelompok di
    No 5"), so the sheet grows with the copies, never with their square.
    """
    match = FileMatch(source)

    def places(f: Finding) -> str:
        return "; ".join(ref_text(r.file, r.sheet, r.row, source, match)
                         for r in f.related[:shown])

    texts = []
    for f in findings:
        hidden = len(f.related) - shown
        texts.append(places(f) + (f" (+{_count(hidden)} lainnya)" if hidden > 0 else ""))
    for members in _dup_groups(findings):
        size = len(members)
        if all(len(findings[i].related) >= size - 1 for i in members):
            continue  # every finding already names the whole group
        first = members[0]
        for i in members:
            hidden = size - 1 - min(shown, len(findings[i].related))
            if i == first:
                texts[i] = f"{_count(size)} kemunculan: {places(findings[i])} (+{_count(hidden)} lainnya)"
            else:
                texts[i] = f"{places(findings[i])} (+{_count(hidden)} lainnya, kelompok di No {first + 1})"
    return texts


def _count(number: int) -> str:
    """Indonesian thousands separator: 1996 -> '1.996'."""
    return f"{number:,}".replace(",", ".")
