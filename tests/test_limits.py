"""Limits before work: hostile extents, merges, bombs, long cells and odd CSVs are refused or read."""

from __future__ import annotations

import codecs
import io
import re
import zipfile

import pytest
from fuzzlib import BASES, add_merge, add_row, inline_cell, ods_cases, read_parts, rezip, set_cells

from kpps_xl.errors import InputError
from kpps_xl.roster import load_roster, readers
from kpps_xl.roster.aliases import HEADER_TEXT_MAX, field_for, normalise_header
from kpps_xl.roster.header import find_header
from kpps_xl.roster.limits import MAX_CELL_CHARS, check_package
from kpps_xl.roster.readers import fill_merged, read_csv_values

SHEET = "KEC TERAS TERUNJAM"


@pytest.fixture(scope="module")
def cacat() -> bytes:
    return BASES["cacat"].read_bytes()


@pytest.fixture(scope="module")
def clean_rows() -> int:
    return len(load_roster(BASES["cacat"]).df)


def _write(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(("ref", "words"), [
    ("ZZZ99999", "di luar batas Excel"),
    ("XFE1048577", "di luar batas Excel"),
    ("XFD1048576", "terlalu luas"),
    ("A1048576", "jauh di luar tabel"),
])
def test_far_away_cell_is_refused_before_reading_and_names_file_sheet_and_limit(
        tmp_path, cacat, ref, words):
    row = re.sub(r"\D", "", ref)
    path = _write(tmp_path, "jauh.xlsx", add_row(cacat, f'<row r="{row}">{inline_cell(ref, "x")}</row>'))
    with pytest.raises(InputError) as caught:
        load_roster(path)
    message = str(caught.value)
    assert words in message and "jauh.xlsx" in message and SHEET in message


def test_a_dimension_beyond_excel_is_refused_and_an_overstated_one_is_read(tmp_path, cacat, clean_rows):
    parts = read_parts(cacat)
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFE5"/>', parts[sheet])
    with pytest.raises(InputError, match="di luar batas Excel"):
        load_roster(_write(tmp_path, "dim.xlsx", rezip(parts)))
    parts[sheet] = parts[sheet].replace(b"A1:XFE5", b"A1:XFD1048576")
    assert len(load_roster(_write(tmp_path, "dim2.xlsx", rezip(parts))).df) == clean_rows


@pytest.mark.parametrize("ref", ["B5:C1048576", "A1:XFD1048576", "A8:I1048576"])
def test_a_huge_merge_never_expands_beyond_the_real_data(tmp_path, cacat, clean_rows, ref):
    roster = load_roster(_write(tmp_path, "merge.xlsx", add_merge(cacat, ref)))
    assert len(roster.df) <= clean_rows
    assert roster.df["_row"].max() < 200


def test_a_merge_beyond_excel_is_refused(tmp_path, cacat):
    with pytest.raises(InputError, match="merge"):
        load_roster(_write(tmp_path, "m.xlsx", add_merge(cacat, "A1:XFE2000000")))


def test_fill_merged_clips_to_the_rows_and_columns_present():
    values = [["TPS 1", "", ""], ["", "a", "b"], ["", "c"]]
    filled = fill_merged(values, [((0, 0), (1_048_575, 0)), ((1, 1), (1, 16_383))])
    assert len(filled) == 3
    assert [row[0] for row in filled] == ["TPS 1"] * 3
    assert max(map(len, filled)) == 3


def test_zip_bomb_sizes_and_ratio_are_checked_from_the_directory(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/sharedStrings.xml", b" " * (9 << 20))
    path = _write(tmp_path, "bomb.xlsx", buffer.getvalue())
    with pytest.raises(InputError, match="zip bomb"):
        check_package(path)
    with pytest.raises(InputError, match="bagian xl/sharedStrings.xml"):
        check_package(path, max_part=1 << 20, max_ratio=10**9)
    with pytest.raises(InputError, match="pecah daftar"):
        check_package(path, max_total=1 << 20, max_ratio=10**9)
    check_package(path, max_ratio=10**9)


def test_a_cell_longer_than_excel_allows_is_refused_naming_the_cell(tmp_path, cacat):
    data = set_cells(cacat, {"I8": inline_cell("I8", "x" * (MAX_CELL_CHARS + 1))})
    with pytest.raises(InputError, match=r"sel I8 berisi 32\.768 karakter"):
        load_roster(_write(tmp_path, "panjang.xlsx", data))
    data = set_cells(cacat, {"I8": inline_cell("I8", "x" * MAX_CELL_CHARS)})
    assert len(load_roster(_write(tmp_path, "pas.xlsx", data)).df)


def test_header_detection_examines_only_the_start_of_a_long_cell():
    long_text = "Nama " + "kata " * 6_000
    assert len(normalise_header(long_text)) <= HEADER_TEXT_MAX
    assert field_for("Jabatan di KPPS menurut SK nomor 12 tahun 2024") == "jabatan"
    rows = [[long_text] * 30 for _ in range(50)] + [["No", "Nama", "NIK", "Jabatan"]]
    header = find_header(rows)
    assert header is not None and header.row == 50 and header.columns["nik"] == 2


@pytest.mark.parametrize("value", ["-1e15", "1e300"])
def test_a_date_or_duration_calamine_cannot_convert_is_an_input_error(tmp_path, cacat, value,
                                                                      monkeypatch):
    parts = read_parts(cacat)
    styles = parts["xl/styles.xml"].decode()
    count = int(re.search(r'<cellXfs count="(\d+)"', styles).group(1))
    styles = re.sub(r'<cellXfs count="\d+">', f'<cellXfs count="{count + 1}">', styles)
    styles = styles.replace("</cellXfs>", '<xf numFmtId="46" fontId="0" fillId="0" borderId="0" '
                            'applyNumberFormat="1"/></cellXfs>')
    parts["xl/styles.xml"] = styles.encode()
    path = _write(tmp_path, "durasi.xlsx", rezip(parts))
    path.write_bytes(set_cells(path.read_bytes(), {"E8": f'<c r="E8" s="{count}"><v>{value}</v></c>'}))
    # The Arrow reader (fastexcel) reads -1e15 as text (row kept) and refuses 1e300 cleanly.
    try:
        roster = load_roster(path)
    except InputError as exc:
        assert f"Sheet '{SHEET}' di durasi.xlsx tidak dapat dibaca" in str(exc)
    else:
        assert 8 in set(roster.df["_row"])
    # python-calamine (the reader of .xls/.ods and of unusual .xlsx) cannot convert it.
    monkeypatch.setattr(readers, "_FAST_SUFFIXES", frozenset())
    with pytest.raises(InputError, match=f"Sheet '{SHEET}' di durasi.xlsx tidak dapat dibaca"):
        load_roster(path)


def test_ods_repeats_beyond_excel_or_filling_a_huge_area_are_refused(tmp_path):
    cases = {c.name: c.data for c in ods_cases(BASES["ods"].read_bytes())}
    for name, words in (("ods_repeat_huge.ods", "diulang 99.999.999.999 kali"),
                        ("ods_repeat_rows.ods", "diulang 1.048.000 kali"),
                        ("ods_repeat_both.ods", "1.000 sel terisi diulang 1.000.000 kali"),
                        ("ods_repeat_cols.ods", "di luar batas Excel")):
        with pytest.raises(InputError, match=words):
            load_roster(_write(tmp_path, name, cases[name]))
    assert len(load_roster(BASES["ods"]).df)  # LibreOffice's own million-row empty repeat is fine


# --- CSV as Excel writes it on every platform ---

@pytest.fixture(scope="module")
def csv_text() -> str:
    return BASES["csv"].read_bytes().decode("cp1252").replace("\r\n", "\n")


@pytest.fixture(scope="module")
def csv_rows(csv_text, tmp_path_factory) -> list[list[object]]:
    path = tmp_path_factory.mktemp("csv") / "lf.csv"
    path.write_bytes(csv_text.encode("utf-8"))
    return read_csv_values(path)


@pytest.mark.parametrize("encode", [
    lambda t: t.replace("\n", "\r").encode("cp1252"),  # Excel for Mac "CSV (Macintosh)"
    lambda t: t.replace("\n", "\r\n").encode("utf-8"),
    lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
    lambda t: codecs.BOM_UTF16_LE + t.replace("\n", "\r\n").encode("utf-16-le"),  # "Unicode Text"
    lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
], ids=["cr-only", "crlf", "utf8-bom", "utf16le-bom", "utf16be-bom"])
def test_csv_line_ends_and_encodings_excel_writes_read_the_same_rows(tmp_path, csv_text, csv_rows, encode):
    path = _write(tmp_path, "daftar.csv", encode(csv_text))
    assert read_csv_values(path) == csv_rows


def test_csv_quoted_newline_stays_in_its_cell_and_a_bare_cr_does_not_crash(tmp_path, csv_text):
    quoted = csv_text.replace("Bengkulu", '"Beng\nkulu"', 1)
    rows = read_csv_values(_write(tmp_path, "q.csv", quoted.encode("utf-8")))
    assert any("Beng\nkulu" in row for row in rows)
    bare = csv_text.replace("Bengkulu", "Beng\rkulu", 1)
    assert len(load_roster(_write(tmp_path, "b.csv", bare.encode("utf-8"))).df) >= 20


def test_csv_nul_bytes_are_dropped_and_a_binary_file_is_refused(tmp_path, csv_text, csv_rows):
    with_nul = csv_text.replace("Pasar", "Pa\x00sar").encode()
    assert read_csv_values(_write(tmp_path, "n.csv", with_nul)) == csv_rows
    with pytest.raises(InputError, match="NUL"):
        read_csv_values(_write(tmp_path, "bin.csv", b"\x00\x01\x00" * 500 + csv_text.encode()))


def test_csv_field_longer_than_the_csv_module_allows_is_refused_with_the_line(tmp_path, csv_text):
    lines = csv_text.split("\n")
    lines[3] = lines[3].replace("Mukomuko", "m" * 140_000, 1)
    with pytest.raises(InputError, match=r"baris 4: satu kolom lebih dari 131\.072 karakter"):
        load_roster(_write(tmp_path, "panjang.csv", "\n".join(lines).encode()))
    lines[3] = lines[3].replace("m" * 140_000, "m" * 40_000)
    with pytest.raises(InputError, match="batas Excel 32.767"):
        load_roster(_write(tmp_path, "panjang2.csv", "\n".join(lines).encode()))


def _naive_extent(xml: bytes) -> tuple[int, int, int, int]:
    """(cells, addressed cells, farthest row, farthest column) by parsing every cell tag."""
    from kpps_xl.roster.limits import column_number

    tags = re.findall(rb"<c(?=[ >/])([^>]*)>", xml)
    refs = [re.search(rb'\br="([A-Z]+)(\d+)"', t) for t in tags]
    rows = [int(m.group(2)) for m in refs if m]
    cols = [column_number(m.group(1).decode()) for m in refs if m]
    addressed = sum(t.startswith(b' r="') for t in tags)
    return len(tags), addressed, max(rows, default=0), max(cols, default=0)


@pytest.mark.parametrize("seed", range(12))
def test_the_extent_scan_agrees_with_a_full_parse_of_every_cell(seed):
    """Far rows and wide columns anywhere in the sheet (not only last), <cols> and
    <conditionalFormatting> tags, unaddressed and self-closing cells, pieces of any size."""
    import random

    from kpps_xl.roster.limits import column_letters, scan_extent

    rng = random.Random(seed)
    rows = []
    for r in range(1, 60):
        cells = []
        for c in sorted(rng.sample(range(1, 40), rng.randint(1, 6))):
            col = rng.choice([c, c, c, rng.randint(27, 18_000)])
            row = rng.choice([r] * 30 + [rng.randint(1_000_000, 9_999_999)])
            ref = f' r="{column_letters(col)}{row}"' if rng.random() > 0.05 else ""
            cells.append(rng.choice([f"<c{ref} t=\"s\"><v>1</v></c>", f"<c{ref}><v>2</v></c>",
                                     f'<c{ref} s="1"/>']))
        rows.append(f'<row r="{r}">{"".join(cells)}</row>')
    head = '<cols><col min="1" max="3" width="9"/></cols>' if seed % 2 else ""
    tail = ('<conditionalFormatting sqref="A1"><cfRule type="x" priority="1"/>'
            '</conditionalFormatting>') if seed % 3 else ""
    xml = (f'<worksheet>{head}<sheetData>{"".join(rows)}</sheetData>{tail}</worksheet>').encode()
    zf_bytes = io.BytesIO()
    with zipfile.ZipFile(zf_bytes, "w") as zf:
        zf.writestr("s.xml", xml)
    cells, addressed, far_row, far_col = _naive_extent(xml)
    for piece in (7, 64, 1 << 20):
        with zipfile.ZipFile(zf_bytes) as zf, pytest.MonkeyPatch.context() as mp:
            mp.setattr("kpps_xl.roster.limits.XML_CHUNK", piece)
            extent = scan_extent(zf, "s.xml", keep=1 << 20)
        assert (extent.cells, extent.addressed) == (cells, addressed)
        assert extent.rows == far_row
        assert extent.columns == max(far_col, 26)
        assert b"".join(extent.kept or []) == xml


def test_the_extent_scan_keeps_no_more_than_asked():
    from kpps_xl.roster.limits import scan_extent

    rows = b'<row r="1"><c r="A1"><v>1</v></c></row>' * 500
    xml = b"<worksheet><sheetData>" + rows + b"</sheetData></worksheet>"
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as zf:
        zf.writestr("s.xml", xml)
    with zipfile.ZipFile(data) as zf:
        assert scan_extent(zf, "s.xml", keep=len(xml)).kept is not None
        assert scan_extent(zf, "s.xml", keep=len(xml) - 1).kept is None
        assert scan_extent(zf, "s.xml").kept is None


def test_read_ahead_gives_the_same_items_raises_the_producers_error_and_stops_early():
    from kpps_xl.parts import read_ahead

    assert list(read_ahead(iter([b"a", b"b", b"c"]), depth=1)) == [b"a", b"b", b"c"]

    def broken():
        yield b"a"
        raise zipfile.BadZipFile("Bad CRC-32")

    with pytest.raises(zipfile.BadZipFile):
        list(read_ahead(broken()))
    produced = []

    def endless():
        for i in range(10_000):
            produced.append(i)
            yield b"x"

    ahead = read_ahead(endless(), depth=2)
    assert next(ahead) == b"x"
    ahead.close()  # the consumer stops: the producer stops too, a few items ahead at most
    assert len(produced) <= 5


def test_a_big_sheet_scanned_with_read_ahead_gives_the_same_extent(monkeypatch):
    from kpps_xl.roster.limits import scan_extent

    rows = b"".join(b'<row r="%d"><c r="A%d"><v>1</v></c><c r="AB%d" t="s"><v>0</v></c></row>'
                    % (r, r, r) for r in range(1, 3000))
    xml = b"<worksheet><sheetData>" + rows + b'</sheetData><mergeCells><mergeCell ref="A1:B2"/>' \
        b"</mergeCells></worksheet>"
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("s.xml", xml)
    monkeypatch.setattr("kpps_xl.roster.limits.XML_CHUNK", 1000)
    with zipfile.ZipFile(data) as zf:
        plain, ahead = scan_extent(zf, "s.xml"), scan_extent(zf, "s.xml", ahead=True)
    assert plain == ahead and (ahead.rows, ahead.columns, ahead.cells) == (2999, 28, 5998)
    assert ahead.merges == ["A1:B2"]


def test_cell_length_check_skips_only_columns_too_small_to_hold_a_long_cell():
    import pyarrow as pa

    from kpps_xl.roster.fast import check_lengths

    short = pa.array(["é" * 100] * 400)  # 80,000 bytes in all, no cell near the limit
    check_lengths([short], "a.xlsx", "S")
    wide = pa.array(["ok", "é" * (MAX_CELL_CHARS + 1)])  # the long cell is 2-byte letters
    with pytest.raises(InputError, match=r"32\.768 karakter"):
        check_lengths([short, wide], "a.xlsx", "S")
    with pytest.raises(InputError, match=r"32\.768 karakter"):
        check_lengths([pa.array(["x" * (MAX_CELL_CHARS + 1), None]).slice(0, 1)], "a.xlsx", "S")
    check_lengths([pa.array(["x" * MAX_CELL_CHARS, "y"]).slice(0, 1), pa.nulls(3, pa.string())],
                  "a.xlsx", "S")
