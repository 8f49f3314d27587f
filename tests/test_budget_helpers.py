"""Builders for budget tests (no tests here): in-memory rosters and [anggaran] settings."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from kpps_xl.roster.model import CANONICAL_COLUMNS, Roster
from kpps_xl.settings import Settings


def roster_of(rows: Iterable[Mapping[str, Any]]) -> Roster:
    """A Roster whose df has every canonical column; unspecified cells are None."""
    records = [{c: row.get(c) for c in CANONICAL_COLUMNS} for row in rows]
    return Roster(df=pd.DataFrame.from_records(records, columns=list(CANONICAL_COLUMNS)))


def kpps_rows(kecamatan: str, kelurahan: str, tps_count: int, status_jkn: str | None = None,
              first_tps: int = 1) -> list[dict[str, Any]]:
    """Seven KPPS per TPS (1 ketua + 6 anggota) for consecutive TPS numbers."""
    rows = []
    for n in range(first_tps, first_tps + tps_count):
        tps = f"{n:03d}"
        for i in range(7):
            rows.append({
                "kecamatan": kecamatan, "kelurahan": kelurahan, "badan": "KPPS",
                "peran": "ketua" if i == 0 else "anggota", "tps_no": tps,
                "tps_key": f"{kecamatan}|{kelurahan}|{tps}", "status_jkn": status_jkn,
                "_file": "daftar.xlsx", "_sheet": kecamatan, "_row": 5 + i,
            })
    return rows


def settings_with(anggaran: Mapping[str, Any], skema_bawaan: str = "bpu_minimum") -> Settings:
    """Default Settings with the given [anggaran] section.

    The published-figure fixtures (Mukomuko, OKU Selatan: domain-reference §9) are BPU
    Rp16.800 figures, so these builders choose the "bpu_minimum" preset unless told otherwise;
    the default preset (ppu_honor) has its own tests.
    """
    return Settings(sections={"anggaran": {"skema_bawaan": skema_bawaan, **dict(anggaran)}})
