"""Delimited text read by pyarrow into Arrow columns, held to Python's csv module row for row."""

from __future__ import annotations

import pickle
import random
from pathlib import Path

import layouts
import layouts_wild
import layouts_wild3
import pytest

from kpps_xl.roster import load_roster, readers
from kpps_xl.roster.grid import ArrowGrid
from kpps_xl.roster.header import HEAD_ROWS

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
_PIECES = ("a", "b", " ", '"', ";", ",", "\n", "\r\n", "\r", '="', "é", "\t", '""', ";;", "\x0b",
           "\u2028", "\x85")


def _cells(grid: ArrowGrid) -> list[list[str]]:
    """The grid's rows as the csv module gives them (an empty cell as '')."""
    return [[c if c is not None else "" for c in row]
            for row in zip(*[col.to_pylist() for col in grid.columns], strict=True)]


@pytest.mark.parametrize("seed", [1, 2])
def test_every_text_pyarrow_accepts_is_read_as_the_csv_module_reads_it(seed, monkeypatch):
    """pyarrow (forced for short texts too) and the csv module read each text alike, and a
    short text's columns built from the csv module's rows are pyarrow's wherever it reads it."""
    rng = random.Random(seed)
    accepted = short_only = 0
    for _ in range(2500):
        text = "".join(rng.choice(_PIECES) for _ in range(rng.randint(1, 30)))
        for delimiter in (";", ",", "\t"):
            monkeypatch.setattr(readers, "SMALL_TEXT", 0)
            grid = readers.arrow_grid(text, delimiter, "x.csv", "x")
            monkeypatch.setattr(readers, "SMALL_TEXT", 1 << 15)
            short = readers.arrow_grid(text, delimiter, "x.csv", "x")
            if grid is None:
                short_only += short is not None
                continue
            accepted += 1
            rows = readers._csv_rows(text, delimiter, "x.csv")
            assert _cells(grid) == [[readers._text_formula(c) for c in r] for r in rows], text
            assert short is not None and _cells(short) == _cells(grid), text
            assert [c.type for c in short.columns] == [c.type for c in grid.columns]
    assert accepted > 300  # the fast path is not just refused
    assert short_only == 0  # what pyarrow refuses goes row by row on the short path too


@pytest.mark.parametrize(("text", "why"), [
    ("Nama;NIK\nA;1\nJUMLAH\n", "a row with fewer fields"),
    ("Nama;NIK\nA;1;x\n", "a row with more fields"),
    ("Nama;NIK\n\nA;1\n", "an empty line"),
    ("Nama NIK\nA 1\n", "one field a row"),
    ('Nama;NIK\n"A\n' + "x" * 70000 + '\n' * 40 + '";1\n', "a row longer than pyarrow's block"),
])
def test_texts_of_another_shape_go_to_the_csv_module(text, why):
    assert readers.arrow_grid(text, ";", "x.csv", "x") is None, why


def _odd_shapes(folder: Path) -> list[Path]:
    """CSVs in shapes the layout rounds do not write: CRLF and CR line ends, quoted fields
    holding the delimiter and line breaks, cp1252 and UTF-16 text, tabs."""
    header = ["No", "Nama", "NIK", "Jenis Kelamin", "Tanggal Lahir", "Jabatan", "TPS",
              "Kelurahan", "Kecamatan", "Alamat"]
    roles = ["Ketua", *["Anggota"] * 6]
    rows = [[str(i + 1), f"Nama Ke{i}é" if i % 5 else f'"Siti; ""Ani"" {i}"', f"16710{i:011d}",
             "P" if i % 2 else "L", f"{1 + i % 28:02d}/0{1 + i % 9}/19{70 + i % 30}",
             roles[i % 7], f"TPS {1 + i // 7:03d}", "Sukajadi", "Sukarami",
             f'"Jl. Merdeka No. {i},\nRT 01"'] for i in range(28)]
    title = ["DAFTAR KPPS KECAMATAN SUKARAMI", *[""] * (len(header) - 1)]
    out = []
    for name, sep, end, encoding in (("crlf", ";", "\r\n", "utf-8"), ("cr", ",", "\r", "utf-8"),
                                     ("ansi", ";", "\r\n", "cp1252"), ("tab", "\t", "\n", "utf-16")):
        lines = [sep.join(title), sep.join(header), *(sep.join(r) for r in rows)]
        path = folder / f"{name}.csv"
        path.write_bytes((end.join(lines) + end).encode(encoding))
        out.append(path)
    return out


def _built(folder: Path) -> list[Path]:
    paths = _odd_shapes(folder)
    for module in (layouts_wild, layouts_wild3):
        for name, (suffix, builder) in module.LAYOUTS.items():
            if suffix == "csv":
                builder(folder / f"{module.__name__}-{name}.csv")
                paths.append(folder / f"{module.__name__}-{name}.csv")
    layouts.indonesian_csv(folder / "indonesian.csv")
    return [*paths, folder / "indonesian.csv", SAMPLES / "kpps_bersih.csv"]


@pytest.mark.parametrize("short", [0, readers.SMALL_TEXT])  # pyarrow, then the csv module
def test_both_ways_give_the_same_roster_on_every_csv_layout(tmp_path, monkeypatch, short):
    monkeypatch.setattr(readers, "SMALL_TEXT", short)
    paths = _built(tmp_path)
    fast = [read for read in map(readers.read_text_sheet, paths) if isinstance(read, ArrowGrid)]
    assert len(fast) >= 8
    arrow = [pickle.dumps((r.df, [vars(s) for s in r.sheets])) for r in map(load_roster, paths)]
    monkeypatch.setattr(readers, "arrow_grid", lambda *_args: None)
    plain = [pickle.dumps((r.df, [vars(s) for s in r.sheets])) for r in map(load_roster, paths)]
    assert [a == p for a, p in zip(arrow, plain, strict=True)] == [True] * len(paths)


def test_the_delimiter_is_guessed_from_the_first_rows_and_the_file_parsed_once(tmp_path,
                                                                               monkeypatch):
    path = _odd_shapes(tmp_path)[0]
    calls: list[tuple[str, int | None]] = []
    parse = readers._csv_rows

    def counted(text, delimiter, name, limit=None):
        calls.append((delimiter, limit))
        return parse(text, delimiter, name, limit)

    monkeypatch.setattr(readers, "_csv_rows", counted)
    monkeypatch.setattr(readers, "arrow_grid", lambda *_args: None)
    rows = readers.read_text_sheet(path)
    assert len(rows) == 30
    assert calls == [(";", HEAD_ROWS), (",", HEAD_ROWS),
                     ("\t", HEAD_ROWS), (";", None)]


@pytest.mark.parametrize(("text", "expected"), [
    ("Nama;NIK;Jabatan\nA;1;Ketua\n", ";"),
    ("DAFTAR KPPS; KEC. X\nNama,NIK,Jabatan\nA,1,Ketua\n", ","),  # a ';' in the title only
    ("Nama\tNIK\tJabatan\nA, S.Pd; x\t1\tKetua\n", "\t"),
    ("satu baris\nlagi\n", ";"),  # nothing splits: the first guess
    ("a;b\nc,d\n", ";"),  # two guesses split, neither into a header: the first guess
    ("a,b\tc\n", ";"),
])
def test_the_delimiter_is_the_guess_whose_split_names_a_header(text, expected):
    assert readers._delimiter(text, "x.csv") == expected

