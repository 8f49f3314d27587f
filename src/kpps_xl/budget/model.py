"""Budget result types: one line per kecamatan x role x scheme, summaries for letters."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any, Protocol

# total_for() prefixes that stand for a programme rather than a single scheme.
_PROGRAMME_SCHEMES = {
    "TK": ("BPU", "PPU"),  # BPJS Ketenagakerjaan (JKK + JKM)
    "KES": ("JKN",),  # BPJS Kesehatan
}


class _Counted(Protocol):
    @property
    def scheme(self) -> str: ...

    @property
    def count(self) -> int: ...


def people_count(items: Iterable[_Counted]) -> int:
    """Head count of budget lines (or rows with scheme and count), each person once.

    JKN lines repeat people already on a BPJS Ketenagakerjaan line of the same role, so only
    BPU/PPU lines count. A list with JKN lines only (the BPJS Kesehatan letter) counts those.
    Used by the workbook's JUMLAH row and by the letters.
    """
    items = list(items)
    tk = [x.count for x in items if x.scheme != "JKN"]
    return sum(tk) if tk else sum(x.count for x in items)


@dataclass(frozen=True)
class BudgetLine:
    """One budget line; money in integer rupiah, premium per person per month."""

    kecamatan: str | None
    body: str  # "KPPS", "Linmas", "PPK", "PPS", "Pantarlih", "PTPS", "PKD", "Panwascam", ...
    role: str  # "Ketua KPPS", "Anggota KPPS", ...
    scheme: str  # "BPU" | "PPU" | "JKN"
    count: int
    months: int
    base: int  # BPU: declared income; PPU: honorarium; JKN: 0 (flat contribution)
    rate: str  # human text of the rate, e.g. "1% + Rp6.800" or "0,24% + 0,30%"
    premium: int  # per person per month, integer rupiah
    subtotal: int  # count * months * premium


@dataclass(frozen=True)
class BodySummary:
    """One row per (body, scheme) for letters.

    premium is the highest per-person monthly premium among the body's roles (roles with
    different honoraria differ under PPU); months is the longest cover. subtotal is exact.
    """

    body: str
    scheme: str
    count: int
    months: int
    premium: int
    subtotal: int


@dataclass(frozen=True)
class Budget:
    """All budget lines and the grand total (integer rupiah)."""

    lines: tuple[BudgetLine, ...]
    total: int
    notes: tuple[str, ...] = ()  # Indonesian remarks for the user (e.g. ignored settings)

    def by_body(self) -> list[BodySummary]:
        """Aggregate lines per (body, scheme) in first-appearance order."""
        groups: dict[tuple[str, str], list[BudgetLine]] = {}
        for line in self.lines:
            groups.setdefault((line.body, line.scheme), []).append(line)
        return [
            BodySummary(
                body=body,
                scheme=scheme,
                count=sum(x.count for x in rows),
                months=max(x.months for x in rows),
                premium=max(x.premium for x in rows),
                subtotal=sum(x.subtotal for x in rows),
            )
            for (body, scheme), rows in groups.items()
        ]

    def total_for(self, scheme_prefix: str) -> int:
        """Sum of subtotals for a scheme or programme.

        "TK" = BPJS Ketenagakerjaan (BPU + PPU), "KES" or "JKN" = BPJS Kesehatan,
        "BPU" / "PPU" = that scheme only. Any other text matches schemes starting with it
        (case-insensitive); no match gives 0.
        """
        key = scheme_prefix.strip().upper()
        schemes = _PROGRAMME_SCHEMES.get(key)
        if schemes is not None:
            return sum(x.subtotal for x in self.lines if x.scheme in schemes)
        return sum(x.subtotal for x in self.lines if x.scheme.upper().startswith(key))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict: lines, per-body summary, totals (integers) and notes."""
        return {
            "lines": [asdict(x) for x in self.lines],
            "by_body": [asdict(x) for x in self.by_body()],
            "total_tk": self.total_for("TK"),
            "total_jkn": self.total_for("JKN"),
            "total": self.total,
            "notes": list(self.notes),
        }
