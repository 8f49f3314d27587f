"""A bare sheet name as the kecamatan: a sheet of several desa, one of which shares its name."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from builders import HEADER, numbered, team, write_xlsx

from kpps_xl.roster import read_file, roster_from_values

HEAD = [*HEADER, "Desa/Kelurahan"]


def rows(desa: list[str]) -> list[list[object]]:
    """One team per desa (TPS 1, 2, ...), the desa in the last column."""
    out = []
    for tps, name in enumerate(desa, 1):
        out += [[*row, name] for row in team(tps, 10 * tps)]
    return numbered(out)


@pytest.mark.parametrize(("desa", "kecamatan"), [
    (["Air Berau", "Pondok Suguh"], "Pondok Suguh"),  # the kecamatan holds a desa of its name
    (["Air Berau", "Sinar Laut"], "Pondok Suguh"),
    (["Pondok Suguh", "Pondok Suguh"], None),  # one desa's sheet: its kecamatan is not known
])
def test_a_bare_sheet_name_is_the_kecamatan_of_a_sheet_of_several_desa(tmp_path: Path, desa,
                                                                       kecamatan):
    values = [HEAD, *rows(desa)]
    path = write_xlsx(tmp_path / "mukomuko.xlsx", {"Pondok Suguh": values})
    for roster in (roster_from_values(values, "Pondok Suguh", str(path)), read_file(path)):
        found = {None if pd.isna(v) else str(v) for v in roster.df["kecamatan"]}
        assert found == {kecamatan}
        assert roster.df["kelurahan"].astype(str).tolist() == [d for d in desa for _ in range(7)]
