"""Contribution schemes as data (BPJS TK BPU and PPU, BPJS Kesehatan PBPU kelas III)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction
from types import MappingProxyType

from kpps_xl.budget.money import half_up, percent_text, rupiah


@dataclass(frozen=True)
class Scheme:
    """A premium rule: percentage parts of a base (each rounded half-up) plus a flat part.

    base_kind tells where the base comes from: "declared" (BPU: declared income, clamped to
    [income_min, income_max]), "honorarium" (PPU: the role's monthly honorarium) or "none"
    (JKN: flat contribution).
    """

    code: str
    title: str
    legal_basis: str
    as_of: dt.date
    base_kind: str
    jkk: Fraction = Fraction(0)
    jkm: Fraction = Fraction(0)  # percentage part (PPU)
    flat: int = 0  # flat rupiah part (BPU JKM, JKN contribution)
    declared_income: int = 0
    income_min: int = 0
    income_max: int = 0

    @property
    def programme(self) -> str:
        """"TK" for BPJS Ketenagakerjaan, "KES" for BPJS Kesehatan."""
        return "KES" if self.code == "JKN" else "TK"

    def base_for(self, honorarium: int) -> int:
        """The monthly base the percentages apply to."""
        if self.base_kind == "declared":
            return min(max(self.declared_income, self.income_min), self.income_max)
        if self.base_kind == "honorarium":
            return honorarium
        return 0

    def premium(self, base: int) -> int:
        """Per person per month: each percentage part rounded half-up, plus the flat part."""
        return half_up(base * self.jkk) + half_up(base * self.jkm) + self.flat

    def rate_text(self) -> str:
        """Human text of the rate: "1% + Rp6.800", "0,24% + 0,30%", "Rp42.000"."""
        parts = []
        if self.jkk:
            parts.append(percent_text(self.jkk))
        if self.jkm:
            parts.append(percent_text(self.jkm))
        if self.flat or not parts:
            parts.append(rupiah(self.flat))
        return " + ".join(parts)


BPU = Scheme(
    code="BPU",
    title="BPJS Ketenagakerjaan Bukan Penerima Upah (JKK + JKM)",
    legal_basis="PP 44/2015 jo. PP 82/2019; Permenaker 1/2016 (JKK 1% penghasilan, "
                "min. Rp1.000.000; JKM Rp6.800)",
    as_of=dt.date(2024, 1, 1),
    base_kind="declared",
    jkk=Fraction(1, 100),
    flat=6_800,
    declared_income=1_000_000,
    income_min=1_000_000,
    income_max=20_700_000,
)

PPU = Scheme(
    code="PPU",
    title="BPJS Ketenagakerjaan Penerima Upah (JKK 0,24% + JKM 0,30% honorarium)",
    legal_basis="PP 44/2015 jo. PP 82/2019 (JKK risiko sangat rendah 0,24%; JKM 0,30%)",
    as_of=dt.date(2024, 1, 1),
    base_kind="honorarium",
    jkk=Fraction(24, 10_000),
    jkm=Fraction(30, 10_000),
)

JKN = Scheme(
    code="JKN",
    title="BPJS Kesehatan PBPU kelas III",
    legal_basis="Perpres 64/2020 jo. Perpres 63/2022 (kelas III Rp42.000; Rp35.000 bila "
                "bantuan iuran pemerintah Rp7.000 berlaku)",
    as_of=dt.date(2024, 1, 1),
    base_kind="none",
    flat=42_000,
)

JKN_GOVERNMENT_SHARE = 7_000  # central-government aid for class III (Perpres 64/2020)

DEFAULT_SCHEMES: MappingProxyType[str, Scheme] = MappingProxyType(
    {s.code: s for s in (BPU, PPU, JKN)}
)
TK_SCHEMES = ("BPU", "PPU")  # schemes a role may use for BPJS Ketenagakerjaan
