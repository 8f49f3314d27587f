"""The Arrow .xlsx reader (fastexcel) reads every workbook exactly as the python-calamine reader."""

from __future__ import annotations

import datetime as dt
from functools import partial
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from fuzzlib import SAMPLES, generate
from layouts import flat_export, per_desa_workbook, regency_file
from openpyxl.styles import Font

import kpps_xl.roster as roster_module
from kpps_xl.errors import InputError
from kpps_xl.roster import limits, load_roster, read_files, readers
from kpps_xl.roster.limits import KEEP_PART

READ_FILES = read_files

NIK = "1706036503890001"


def _sheet_facts(roster) -> list[tuple]:  # noqa: ANN001
    return [(s.sheet, s.header_row, s.columns, s.rows, s.note, s.skipped, s.named_skips, s.blocks,
             s.kecamatan, s.kelurahan) for s in roster.sheets]


# How the Arrow reader finds number cells: in a thread while fastexcel parses ("thread"), or
# afterwards for the needed columns only as in the process pool, from the XML the limit scan
# kept ("pool") or inflated again as for a sheet too big to keep ("inflate").
MODES = ("thread", "pool", "inflate")


def _read(path: Path, fast: bool, monkeypatch: pytest.MonkeyPatch,  # noqa: ANN202
          mode: str = "thread"):
    monkeypatch.setattr(readers, "_FAST_SUFFIXES",
                        frozenset({".xlsx", ".xlsm"}) if fast else frozenset())
    monkeypatch.setattr(limits, "KEEP_PART", 0 if mode == "inflate" else KEEP_PART)
    spare_core = mode == "thread"
    # spare_core=False: the number cells of the needed columns only, as in the process pool
    monkeypatch.setattr(roster_module, "read_files", partial(READ_FILES, spare_core=spare_core))
    try:
        roster = load_roster(path)
    except InputError as exc:
        return str(exc)
    except Exception as exc:  # noqa: BLE001  (a damaged zip: the CLI's guard words it)
        return f"{type(exc).__name__}: {exc}"
    return roster


def assert_same(path: Path, monkeypatch: pytest.MonkeyPatch, mode: str = "thread") -> object:
    """Both readers give the same rows and sheet facts, or the same refusal."""
    fast, slow = _read(path, True, monkeypatch, mode), _read(path, False, monkeypatch)
    if isinstance(slow, str) or isinstance(fast, str):
        assert fast == slow, path.name
        return fast
    pd.testing.assert_frame_equal(fast.df, slow.df)
    assert _sheet_facts(fast) == _sheet_facts(slow)
    return fast


def mixed_workbook(path: Path) -> None:
    """A roster nobody showed us: table from C4, merged title and TPS cells, NIKs as text, as
    numbers and as scientific text in one column, dates as date cells, serial numbers and text,
    a KK stored as a number, a boolean, a struck-through officer and a second sheet."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "KEC SUKAMAJU"
    ws["C1"] = "DAFTAR ANGGOTA KPPS KECAMATAN SUKAMAJU"
    ws.merge_cells("C1:K1")
    ws["C2"] = "DESA : MEKAR SARI"
    header = ["No", "Nama", "NIK", "Tanggal Lahir", "Jenis Kelamin", "Jabatan", "TPS", "No KK",
              "Keterangan"]
    for col, text in enumerate(header, start=3):
        ws.cell(row=4, column=col, value=text)
    dobs = [dt.datetime(1990, 1, 2), "14-02-1985", 33000, "14 Februari 1979", dt.date(2001, 7, 9),
            "1999-12-31", 36000, dt.datetime(1968, 3, 4, 10, 30)]
    niks = [NIK, int(NIK[:15] + "0"), "1.70603E+15", " 1706036503890004 ", int("1706036503890005"),
            "1706036503890006", NIK[:15] + "7", "3201010101010008"]
    for i in range(14):
        row = 5 + i
        ws.cell(row=row, column=3, value=i + 1)
        ws.cell(row=row, column=4, value=f"Petugas Nomor {i + 1}")
        ws.cell(row=row, column=5, value=niks[i % len(niks)] if i != 3 else niks[3])
        ws.cell(row=row, column=6, value=dobs[i % len(dobs)])
        ws.cell(row=row, column=7, value="L" if i % 2 else "P")
        ws.cell(row=row, column=8, value="Ketua" if i % 7 == 0 else "Anggota")
        ws.cell(row=row, column=10, value=int("320101010101" + f"{i:04d}") if i % 2 else
                "3201010101019999")
        ws.cell(row=row, column=11, value=True if i == 5 else ("PAW" if i == 6 else None))
    ws.cell(row=5, column=9, value="TPS 001")
    ws.merge_cells("I5:I11")
    ws.cell(row=12, column=9, value=2)
    ws.merge_cells("I12:I18")
    ws.cell(row=9, column=4).font = Font(strike=True)
    ws.cell(row=20, column=3, value="JUMLAH")
    ws.cell(row=22, column=8, value="Sukamaju, 20 Januari 2024")
    other = wb.create_sheet("Desa Lain")
    other.append(["Nama", "NIK", "Tgl Lahir", "TPS", "Desa"])
    for i in range(7):
        other.append([f"Orang {i}", 1706036503890100 + i, dt.date(1980 + i, 1, 1), 3, "Lain"])
    wb.save(path)


@pytest.mark.parametrize("mode", MODES)
def test_a_roster_in_an_unseen_layout_reads_the_same_with_both_readers(tmp_path, monkeypatch,
                                                                      mode):
    path = tmp_path / "campur.xlsx"
    mixed_workbook(path)
    roster = assert_same(path, monkeypatch, mode)
    df = roster.df.set_index(["_sheet", "_row"])
    first = df.loc["KEC SUKAMAJU"]
    assert list(first.index) == list(range(5, 19))
    assert first.loc[5, "nik"] == NIK and not first.loc[5, "nik_numeric"]
    assert first.loc[6, "nik_numeric"] and first.loc[6, "nik"] == NIK[:15] + "0"
    assert first.loc[7, "nik_numeric"]  # scientific text
    assert first.loc[8, "nik"] == "1706036503890004" and not first.loc[8, "nik_numeric"]
    assert first.loc[5, "tanggal_lahir"] == "1990-01-02"
    assert first.loc[7, "dob"] == pd.Timestamp(dt.date(1990, 5, 7))  # serial 33000
    assert first.loc[12, "tanggal_lahir"] == "1968-03-04T10:30:00"
    assert set(first.loc[5:11, "tps_no"]) == {"001"} and set(first.loc[12:18, "tps_no"]) == {"002"}
    assert first.loc[6, "no_kk_numeric"] and not first.loc[5, "no_kk_numeric"]
    assert not first.loc[9, "aktif"] and bool(first.loc[11, "aktif"])  # struck; "PAW" serves
    assert first.loc[10, "keterangan"] == "True"  # a boolean cell, as python-calamine shows it
    assert set(first["kecamatan"]) == {"SUKAMAJU"} and set(first["kelurahan"]) == {"MEKAR SARI"}
    assert df.loc["Desa Lain", "nik_numeric"].all()


@pytest.mark.parametrize("make", ["flat", "desa", "regency"])
def test_generated_layouts_read_the_same_with_both_readers(tmp_path, monkeypatch, make):
    path = tmp_path / f"{make}.xlsx"
    if make == "flat":
        flat_export(path)
    elif make == "desa":
        per_desa_workbook(path)
    else:
        regency_file(path, "SOLOK", "13", "title")
    assert len(assert_same(path, monkeypatch).df)


@pytest.mark.parametrize("name", ["kpps_cacat.xlsx", "kpps_cacat_2.xlsx", "kpps_bersih.xlsx"])
def test_samples_read_the_same_with_both_readers(monkeypatch, name):
    assert len(assert_same(SAMPLES / name, monkeypatch).df)


def test_hostile_workbooks_read_the_same_or_are_read_where_calamine_gives_up(tmp_path, monkeypatch):
    """Where python-calamine reads a damaged file, the Arrow reader reads it identically in
    every mode (thread, pool, inflate); where python-calamine gives up on a cell (a huge or
    negative date, a boolean 7) or a merge ("A1:??"), the Arrow reader may read the sheet (the
    cell as text, the merge ignored) or refuses it too."""
    cases = [c for c in generate(big=False) if c.name.endswith(".xlsx")]
    assert len(cases) > 30
    for case in cases:
        path = tmp_path / case.name
        path.write_bytes(case.data)
        slow = _read(path, False, monkeypatch)
        for mode in MODES:
            fast = _read(path, True, monkeypatch, mode)
            if isinstance(slow, str):
                assert isinstance(fast, str) or case.kind in ("type", "extent"), (case.name, mode)
                continue
            assert not isinstance(fast, str), (case.name, mode, fast)
            expected = slow.df.copy()
            if case.kind == "type":  # a negative or huge date serial: shown differently, never a date
                pd.testing.assert_series_equal(fast.df.pop("dob"), expected.pop("dob"))
                fast.df.pop("tanggal_lahir")
                expected.pop("tanggal_lahir")
            pd.testing.assert_frame_equal(fast.df, expected)
            assert _sheet_facts(fast) == _sheet_facts(slow), (case.name, mode)


def test_number_and_boolean_scans_agree_with_a_full_parse_of_every_cell():
    """Columns whose letters prefix each other (A, AA, AAB), numbers, dates, text, booleans,
    errors and empty styled cells, cut into pieces: per column, the rows found are exactly
    those a full parse of every cell tag gives."""
    import random
    import re

    from kpps_xl.roster import fast
    from kpps_xl.roster.limits import column_number

    rng = random.Random(7)
    kinds = {"n": '<c r="{r}"><v>1</v></c>', "d": '<c r="{r}" s="3"><v>33000</v></c>',
             "s": '<c r="{r}" t="s"><v>0</v></c>', "b": '<c r="{r}" t="b"><v>1</v></c>',
             "e": '<c r="{r}" t="e"><v>#N/A</v></c>', "x": '<c r="{r}" s="1"/>',
             "i": '<c r="{r}" t="inlineStr"><is><t>12</t></is></c>'}
    expected: dict[str, dict[int, set[int]]] = {"num": {}, "bool": {}}
    cells = []
    for row in range(1, 400):
        for letters in ("A", "Z", "AA", "ZZ", "AAB"):
            col = column_number(letters) - 1
            kind = rng.choice("nndsbexi")
            cells.append(kinds[kind].format(r=f"{letters}{row}"))
            target = "num" if kind in "nd" else "bool" if kind == "b" else None
            if target:
                expected[target].setdefault(col, set()).add(row)
    xml = ("<sheetData>" + "".join(cells) + "</sheetData>").encode()
    cut = [0, *sorted(rng.sample([m.start() for m in re.finditer(b"<c ", xml)], 20)), len(xml)]
    pieces = [xml[a:b] for a, b in zip(cut, cut[1:], strict=False) if b > a]  # cut before tags
    numbers, booleans = fast.numeric_cells(pieces)
    for found, want in ((numbers, expected["num"]), (booleans, expected["bool"])):
        assert {c: set(np.flatnonzero(f) + 1) for c, f in found.items()} == want
    aab = column_number("AAB") - 1
    wanted = fast.numeric_flags(pieces, [0, 26, aab, 3])
    assert {c: set(np.flatnonzero(f) + 1) for c, f in wanted.items()} == {
        0: expected["num"][0], 26: expected["num"][26], aab: expected["num"][aab], 3: set()}
