"""Two rosters side by side on one sheet: the second is never dropped without a word."""

from __future__ import annotations

from pathlib import Path

import pytest
from builders import HEADER, numbered, team, write_xlsx

from kpps_xl.api import check
from kpps_xl.roster import readers
from kpps_xl.settings import Settings


def _sheet(gap: int, second_header: list[str]) -> list[list[object]]:
    """TPS 1 in the first columns, `gap` blank columns, TPS 2 beside it (its own header)."""
    left, right = numbered(team(1, 1)), numbered(team(2, 20))
    rows: list[list[object]] = [["DAFTAR ANGGOTA KPPS DESA LUBUK PINANG"],
                                [*HEADER, *[None] * gap, *second_header]]
    rows += [[*a, *[None] * gap, *b] for a, b in zip(left, right, strict=True)]
    return rows


@pytest.mark.parametrize("reader", ["arrow", "calamine"])
@pytest.mark.parametrize(("gap", "letter"), [(1, "I"), (3, "K")])
def test_a_second_roster_beside_the_first_is_reported_on_its_header(tmp_path: Path, monkeypatch,
                                                                    reader, gap, letter):
    if reader == "calamine":
        monkeypatch.setattr(readers, "_FAST_SUFFIXES", frozenset())
    path = write_xlsx(tmp_path / "a.xlsx", {"KEC IPUH": _sheet(gap, HEADER)})
    report = check(path, Settings())
    beside = [f for f in report.findings if f.code == "sheet.second_table"]
    assert [(f.severity, f.sheet, f.row, f.column) for f in beside] == [
        ("warning", "KEC IPUH", 2, letter)]
    assert f"kolom {letter}" in beside[0].message
    assert report.summary()["rows"] == 7  # the first roster, read as before


@pytest.mark.parametrize("extra", [["Nama Ibu Kandung", "NIK Ibu"],
                                   ["Keterangan", "Nama Panggilan", "No HP"]])
def test_extra_columns_beside_a_roster_are_no_second_roster(tmp_path: Path, extra):
    path = write_xlsx(tmp_path / "a.xlsx", {"KEC IPUH": _sheet(0, extra)})
    assert not [f for f in check(path, Settings()).findings if f.code == "sheet.second_table"]
