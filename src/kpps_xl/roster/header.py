"""Header detection: score the first rows against the alias table, merge two-row headers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kpps_xl.roster.aliases import SEX_SUB, TTL_SUB, field_for, normalise_header

SCAN_ROWS = 60
_CONTEXT = re.compile(
    r"\b(kecamatan|kec|kelurahan|desa|kelurahan\s*/\s*desa|desa\s*/\s*kelurahan|kel|tps)\b\.?"
    r"\s*[:.]\s*(.+)",
    re.IGNORECASE,
)


@dataclass
class Header:
    """Where the header is and which 0-based column holds each field."""

    row: int  # 0-based index of the (first) header row
    data_start: int  # 0-based index of the first row below the header
    columns: dict[str, int] = field(default_factory=dict)


def row_fields(row: list[object]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, cell in enumerate(row):
        name = field_for(cell)
        if name and name not in found:
            found[name] = index
    return found


def _score(found: dict[str, int]) -> int:
    bonus = sum(2 for key in ("nama", "nik") if key in found)
    return len(found) + bonus


def _sub_header(parent: list[object], sub: list[object], columns: dict[str, int]) -> bool:
    """Fill columns from a second header row under merged parents; True when it is one.

    A data row can hold "L" under "L/P", so a sub-header needs a complete pair:
    L and P under JENIS KELAMIN, or TEMPAT and TANGGAL under TEMPAT/TGL LAHIR.
    """
    found: dict[str, int] = {}
    parent_field: str | None = None
    for index in range(len(sub)):
        parent_value = parent[index] if index < len(parent) else None
        has_parent = bool(normalise_header(parent_value))
        if has_parent:
            parent_field = field_for(parent_value)
        label = normalise_header(sub[index])
        if not label:
            continue
        if parent_field == "jenis_kelamin" and label in SEX_SUB:
            found.setdefault(SEX_SUB[label], index)
        elif parent_field in ("ttl", "tanggal_lahir", "tempat_lahir") and (
                sub_field := TTL_SUB.get(label) or field_for(sub[index])) in TTL_SUB.values():
            found.setdefault(sub_field, index)
        elif not has_parent and (name := field_for(sub[index])):
            found.setdefault(name, index)
    pairs = ({"sex_l", "sex_p"}, {"tempat_lahir", "tanggal_lahir"})
    if not any(pair <= found.keys() for pair in pairs):
        return False
    columns.update(found)
    if "sex_l" in found:
        columns.pop("jenis_kelamin", None)
    if "tanggal_lahir" in found:
        columns.pop("ttl", None)
    return True


def find_header(rows: list[list[object]]) -> Header | None:
    """Best-scoring header row among the first rows; it must name nama or NIK and one more field."""
    best: tuple[int, int, dict[str, int]] | None = None
    for index, row in enumerate(rows[:SCAN_ROWS]):
        found = row_fields(row)
        if not ("nama" in found or "nik" in found) or len(found) < 2:
            continue
        score = _score(found)
        if best is None or score > best[0]:
            best = (score, index, found)
    if best is None:
        return None
    _, index, columns = best
    header = Header(row=index, data_start=index + 1, columns=dict(columns))
    if index + 1 < len(rows) and _sub_header(rows[index], rows[index + 1], header.columns):
        header.data_start = index + 2
    return header


def context_from_text(text: str) -> tuple[str, str] | None:
    """'KECAMATAN : LUBUK PINANG' -> ('kecamatan', 'LUBUK PINANG'); kelurahan/desa likewise."""
    match = _CONTEXT.search(text)
    if not match:
        return None
    kind = match.group(1).lower()
    value = match.group(2).strip(" :.")
    if not value:
        return None
    return (_context_kind(kind), value.upper())


def _context_kind(word: str) -> str:
    if word.startswith("kec"):
        return "kecamatan"
    return "tps" if word.startswith("tps") else "kelurahan"


def context_from_rows(rows: list[list[object]]) -> dict[str, str]:
    """Kecamatan/kelurahan named in title rows above the header."""
    context: dict[str, str] = {}
    for row in rows:
        for cell in row:
            if isinstance(cell, str) and (hit := context_from_text(cell)):
                context.setdefault(hit[0], hit[1])
    return context


_SHEET_PREFIX = re.compile(r"^\s*(kec(?:amatan)?|kel(?:urahan)?|desa|ds|tps)\b\.?\s*(.*)$", re.I)


def context_from_sheet_name(name: str) -> dict[str, str]:
    """'KEC LUBUK PINANG' -> kecamatan; 'KEL 8 ILIR' / 'DESA X' -> kelurahan."""
    match = _SHEET_PREFIX.match(name)
    if not match or not match.group(2).strip():
        return {}
    return {_context_kind(match.group(1).lower()): match.group(2).strip().upper()}
