"""Files read in worker processes give the same roster and the same report as files read in turn."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
from builders import HEADER, nik_for, numbered, simple_sheet, team, write_xlsx

from kpps_xl.api import check
from kpps_xl.roster import load_roster

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
