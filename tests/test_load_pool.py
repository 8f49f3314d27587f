"""Files read in worker processes give the same roster and the same report as files read in turn."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest
from builders import HEADER, nik_for, numbered, simple_sheet, team, write_xlsx

from kpps_xl.api import check
from kpps_xl.guard import where
from kpps_xl.roster import load_roster, merge, read_file

OTHER_LAYOUT = ["Nama Lengkap", "NIK", "Jabatan", "TPS", "Kelurahan", "Tempat, Tanggal Lahir"]


def _workbooks(tmp_path):
    """Three regency files: kecamatan sheets in two layouts, a title-only kecamatan, a PAW row,
    a sheet without roster, a short team and one officer listed in two files."""
    shared = ["Sama Orang", nik_for(dt.date(1985, 5, 5), "L", 77), "L", "05-05-1985", "Anggota", 9]
    odd = [["Petugas X", nik_for(dt.date(1970, 1, 2), "P", 5, "170603"), "Ketua", "2",
            "KEL B", "Mukomuko, 02-01-1970"],
           ["Petugas Y", "12345", "Anggota", "2", "KEL B", "Mukomuko, 31-02-1990"]]
    paths = []
    for k in range(3):
        sheets = {
            f"KEC {k}1": [["DAFTAR ANGGOTA KPPS"], [f"KECAMATAN KOTA {k}"], HEADER,
                          *numbered(team(1, 10 * k + 1) + team(2, 10 * k + 100, size=6))],
            f"KEC {k}2": simple_sheet(team(3, 10 * k + 200) + [shared]),
            f"KEC {k}3": [OTHER_LAYOUT, *odd],
            "CATATAN": [["tidak ada daftar di sini"]],
            f"KEC {k}4": simple_sheet(team(4, 10 * k + 300, ketua=2), title=f"KELURAHAN DESA {k}"),
        }
        paths.append(write_xlsx(tmp_path / f"kab{k}.xlsx", sheets))
    return paths


def test_files_read_in_worker_processes_equal_files_read_in_turn(tmp_path):
    paths = _workbooks(tmp_path)
    seen: list[tuple[str, int, int, int]] = []
    pooled = load_roster(paths, workers=2, on_file=lambda *a: seen.append(a))
    serial = load_roster(paths, workers=1)
    pd.testing.assert_frame_equal(pooled.df, serial.df)
    assert [(s.file, s.sheet, s.rows, s.skipped) for s in pooled.sheets] == [
        (s.file, s.sheet, s.rows, s.skipped) for s in serial.sheets]
    assert sorted(a[0] for a in seen) == sorted(map(str, paths))
    assert sorted(a[2] for a in seen) == [1, 2, 3] and {a[3] for a in seen} == {3}
    assert sum(a[1] for a in seen) == len(serial.df)


def test_report_of_pooled_check_is_byte_identical(tmp_path):
    paths = _workbooks(tmp_path)
    pooled, serial = check(paths, workers=2), check(paths, workers=1)
    codes = {f.code for f in serial.findings}
    assert {"dup.nik", "tps.size", "tps.ketua", "nik.format"} <= codes
    assert json.dumps(pooled.to_dict(), ensure_ascii=False) == json.dumps(
        serial.to_dict(), ensure_ascii=False)


def _mixed_folder(tmp_path):
    """The three regency workbooks, TPS files of one team each (two with the same sheet name and
    no kecamatan) and a CSV: small files that are read together."""
    paths = _workbooks(tmp_path)
    for k in range(4):
        sheet = simple_sheet(team(k + 5, 500 + 10 * k), title=f"TPS {k + 5:03d} KELURAHAN SUKA {k % 2}")
        paths.append(write_xlsx(tmp_path / f"tps-{k}.xlsx", {"TPS": sheet}))
    rows = simple_sheet(team(9, 700))
    csv = tmp_path / "tps-9.csv"
    csv.write_text("\n".join(";".join(map(str, r)) for r in rows) + "\n", encoding="utf-8")
    return [*paths, csv]


def test_small_files_read_together_equal_each_file_read_alone(tmp_path, monkeypatch):
    import kpps_xl.roster as roster_module

    paths = _mixed_folder(tmp_path)
    assert roster_module.batches(paths) == [paths]  # all of them in one unit of work
    seen: list[tuple[str, int, int, int]] = []
    together = load_roster(paths, on_file=lambda *a: seen.append(a))
    alone = merge([read_file(p) for p in paths])
    pd.testing.assert_frame_equal(together.df, alone.df, check_exact=True)
    assert list(together.df.dtypes) == list(alone.df.dtypes)
    assert [vars(s) for s in together.sheets] == [vars(s) for s in alone.sheets]
    per_file = alone.df.groupby("_file", observed=True).size()
    assert seen == [(str(p), int(per_file.get(str(p), 0)), i, len(paths))
                    for i, p in enumerate(paths, start=1)]
    monkeypatch.setattr(roster_module, "BATCH_FILES", 3)
    pooled = load_roster(paths, workers=2)
    pd.testing.assert_frame_equal(pooled.df, alone.df, check_exact=True)


def test_units_of_work_keep_the_order_and_their_limits(tmp_path, monkeypatch):
    import kpps_xl.roster as roster_module

    sizes = [10, 10, 50, 10, 200, 10, 10, 10]
    paths = []
    for i, size in enumerate(sizes):
        paths.append(tmp_path / f"{i}.csv")
        paths[-1].write_bytes(b"x" * size)
    monkeypatch.setattr(roster_module, "BATCH_BYTES", 100)
    monkeypatch.setattr(roster_module, "BATCH_FILES", 2)
    units = roster_module.batches(paths)
    assert [[int(p.stem) for p in unit] for unit in units] == [[0, 1], [2, 3], [4], [5, 6], [7]]


def test_a_failure_building_files_together_is_named_by_its_own_file(tmp_path, monkeypatch):
    import kpps_xl.roster.sheet as sheet_module

    paths = _mixed_folder(tmp_path)
    build = sheet_module.frame_plans

    def failing(plans, reference_year):
        if any(p.info.file.endswith("tps-2.xlsx") for p in plans):
            raise ValueError("rusak")
        return build(plans, reference_year)

    monkeypatch.setattr(sheet_module, "frame_plans", failing)
    with pytest.raises(ValueError, match="rusak") as caught:
        load_roster(paths)
    assert where(caught.value) == (str(paths[5]), None)
