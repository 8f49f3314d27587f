"""TPS team rules: exactly the configured number of KPPS officers and exactly one ketua."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import pandas as pd

from kpps_xl.findings import Finding
from kpps_xl.roster.coded import fill_text
from kpps_xl.roster.model import Roster, active_rows
from kpps_xl.rules.base import clean, make, records, ref_of
from kpps_xl.settings import Settings


def _label(row: Any) -> str:
    """'TPS 004 Kel. Tebing Kandang Kec. Ipuh': the places as typed in the team's first row
    (the key only groups; a place name may hold any character)."""
    kel, kec = clean(row.kelurahan), clean(row.kecamatan)
    parts = [f"TPS {clean(row.tps_no) or '?'}"]
    parts += [p for p in (kel and f"Kel. {kel}", kec and f"Kec. {kec}") if p]
    return " ".join(parts)


def check_teams(roster: Roster, settings: Settings) -> Iterator[Finding]:
    """tps.size and tps.ketua, reported at the TPS's first row (column None), others related."""
    frame = active_rows(roster.df)
    kpps = frame[(fill_text(frame["badan"], "KPPS").str.upper() == "KPPS") & frame["tps_no"].notna()]
    stats = kpps.assign(_ketua=(kpps["peran"] == "ketua").fillna(False)).groupby(
        "tps_key", sort=False).agg(size=("_row", "size"), ketua=("_ketua", "sum"))
    bad = stats[(stats["size"] != settings.team_size) | (stats["ketua"] != 1)]
    if bad.empty:
        return
    members = kpps[kpps["tps_key"].isin(bad.index)]
    # the groups of groupby(sort=False): first appearance, rows in frame order (rows once)
    codes, keys = pd.factorize(members["tps_key"])
    order = np.argsort(codes, kind="stable")
    rows_all = list(records(members.iloc[order]))
    counts = np.bincount(codes, minlength=len(keys))
    sizes = bad["size"].reindex(keys).astype(int).tolist()
    ketuas = bad["ketua"].reindex(keys).astype(int).tolist()
    for end, count, size, ketua in zip(np.cumsum(counts).tolist(), counts.tolist(), sizes,
                                       ketuas, strict=True):
        rows = rows_all[end - count:end]
        first, others = rows[0], tuple(ref_of(r) for r in rows[1:])
        if size != settings.team_size:
            yield make(roster, first, "tps.size",
                       f"{_label(first)} berisi {size} anggota KPPS; seharusnya "
                       f"{settings.team_size}.", "tps", first.tps, others, column=None)
        if ketua != 1:
            detail = "tidak memiliki ketua" if ketua == 0 else f"memiliki {ketua} ketua"
            yield make(roster, first, "tps.ketua",
                       f"{_label(first)} {detail}; seharusnya tepat satu.", "jabatan",
                       first.jabatan, others, column=None)
