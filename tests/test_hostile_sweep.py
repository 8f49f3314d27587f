"""Broken and hostile files the other hostile tests do not have, through every front door:
content that does not match the name, a dimension far past Excel's grid, CSV lines Excel could
not show; each ends in the right reading or an Indonesian refusal (exit 2), input unchanged."""

from __future__ import annotations

import hashlib
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from clirun import invoke

from kpps_xl.api import check
from kpps_xl.errors import KppsError
from kpps_xl.settings import Settings
from kpps_xl.workbook import annotate

ROOT = Path(__file__).resolve().parents[1]
XLS = ROOT / "tests" / "fixtures" / "kpps_cacat.xls"
XLSX = ROOT / "samples" / "kpps_cacat.xlsx"
CSV = ROOT / "samples" / "kpps_bersih.csv"
TOML = ROOT / "samples" / "kpps-xl.toml"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def found(path: Path) -> list[tuple]:
    return sorted((f.code, f.sheet, f.row, f.column, f.value)
                  for f in check(path, Settings()).findings)


def front_doors(path: Path, out: Path) -> dict[str, tuple[int, str]]:
    """check, budget, letters and export on path (the sample settings); exit code and text."""
    runs = {"check": ["check", str(path), "--laporan", str(out / "r.json")],
            "budget": ["budget", str(path), "-c", str(TOML), "--abaikan-galat",
                       "-o", str(out / "anggaran.xlsx")],
            "letters": ["letters", str(path), "-c", str(TOML), "--abaikan-galat",
                        "-o", str(out / "surat")],
            "export": ["export", "bpjs-tk", str(path), "-c", str(TOML),
                       "-o", str(out / "peserta.xlsx")]}
    results = {}
    for name, args in runs.items():
        result = invoke(args)
        assert "Traceback" not in result.output and "internal" not in result.text, result.output
        results[name] = (result.exit_code, result.text)
    return results


# Content that does not match the name -------------------------------------------------------

@pytest.mark.parametrize("suffix", [".xlsx", ".xlsm"])
def test_a_real_xls_under_an_xlsx_name_reads_like_the_xls_and_is_not_called_encrypted(tmp_path,
                                                                                     suffix):
    misnamed = tmp_path / f"daftar{suffix}"
    shutil.copy(XLS, misnamed)
    before = digest(misnamed)
    expected = found(XLS)
    assert ("nik.precision_lost", "KEC TERAS TERUNJAM") in {(c, s) for c, s, *_ in expected}
    assert found(misnamed) == expected
    out = tmp_path / "hasil" / f"daftar-diperiksa{suffix}"
    with pytest.raises(KppsError, match=r"Isinya sebenarnya buku kerja \.xls") as refused:
        annotate(misnamed, check(misnamed, Settings()), out)
    assert "kata sandi" not in str(refused.value)
    assert not out.exists()
    runs = front_doors(misnamed, tmp_path)
    assert runs["check"][0] == 1 and runs["budget"][0] == 0 and runs["letters"][0] == 0
    assert not any("kata sandi" in text for _, text in runs.values())
    assert digest(misnamed) == before


def test_an_xlsx_under_an_xls_name_reads_like_the_xlsx(tmp_path):
    misnamed = tmp_path / "daftar.xls"
    shutil.copy(XLSX, misnamed)
    assert found(misnamed) == found(XLSX)
    result = invoke(["check", str(misnamed), "--tandai", str(tmp_path / "x-diperiksa.xlsx")])
    assert result.exit_code == 1, result.text
    assert "Traceback" not in result.output


def _encrypted(target: Path) -> Path:
    """An OLE file as Excel's 'Encrypt with Password' writes: a directory naming an
    EncryptedPackage stream (the .xls fixture with its Workbook entry renamed)."""
    data = bytearray(XLS.read_bytes())
    at = data.find("Workbook".encode("utf-16-le"))
    name = "EncryptedPackage".encode("utf-16-le") + b"\0\0"
    data[at:at + len(name)] = name
    data[at + 64:at + 66] = len(name).to_bytes(2, "little")  # the entry's name length
    target.write_bytes(bytes(data))
    return target


def test_a_password_protected_workbook_is_named_as_such_by_every_front_door(tmp_path):
    path = _encrypted(tmp_path / "rahasia.xlsx")
    before = digest(path)
    for name, (code, text) in front_doors(path, tmp_path).items():
        assert code == 2, (name, text)
        assert "rahasia.xlsx dilindungi kata sandi" in text, (name, text)
    assert digest(path) == before


# A dimension far past Excel's grid ----------------------------------------------------------

@pytest.mark.parametrize("ref", ["A1:I1000000000", "A1:ABCDE9", "A1:I99999999999"])
def test_a_dimension_with_a_row_or_column_past_any_grid_is_refused_not_ignored(tmp_path, ref):
    path = tmp_path / "daftar.xlsx"
    with zipfile.ZipFile(XLSX) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data, count = re.subn(rb'<dimension ref="[^"]*"', f'<dimension ref="{ref}"'.encode(),
                                      data)
                assert count == 1
            dst.writestr(info, data)
    for name, (code, text) in front_doors(path, tmp_path).items():
        assert code == 2, (name, text)
        assert f"menyatakan ukuran {ref}, di luar batas Excel" in text, (name, text)
        assert "maximum number of rows" not in text  # no English from the parser


# CSV lines Excel could not show -------------------------------------------------------------

def test_a_ten_megabyte_line_is_refused_quickly_naming_its_line(tmp_path):
    path = tmp_path / "daftar.csv"
    path.write_bytes(CSV.read_bytes() + b"x;" * (5 << 20) + b"\r\n")
    with pytest.raises(KppsError, match=r"daftar\.csv .* di baris 23: lebih dari 16\.384 kolom"):
        check(path, Settings())


def test_a_long_line_that_is_one_huge_field_only_under_the_wrong_delimiter_is_read(tmp_path):
    """A ';' roster with a 200.000-character line of short fields: the ',' guess sees one field
    past Python's csv limit, which must not refuse the file the ';' guess reads."""
    rows = CSV.read_bytes().decode("cp1252").splitlines()
    width = rows[0].count(";") + 1
    note = ";".join(["catatan " + "x" * 20_000] * width)
    path = tmp_path / "daftar.csv"
    path.write_text("\r\n".join([*rows, note]) + "\r\n", encoding="cp1252")
    reference = tmp_path / "asli.csv"
    shutil.copy(CSV, reference)
    report = check(path, Settings())
    assert report.rows >= check(reference, Settings()).rows


def test_a_utf8_mark_over_windows_1252_text_reads_like_the_text(tmp_path):
    marked = tmp_path / "daftar.csv"
    marked.write_bytes(b"\xef\xbb\xbf" + CSV.read_bytes())
    plain = tmp_path / "ref" / "daftar.csv"
    plain.parent.mkdir()
    shutil.copy(CSV, plain)
    assert CSV.read_bytes().decode("cp1252") != CSV.read_bytes().decode("utf-8", "replace")
    assert found(marked) == found(plain)
    assert check(marked, Settings()).rows == check(plain, Settings()).rows > 0


# A workbook full of Excel features: the annotated copy keeps every one -------------------

def _feature_workbook(path: Path) -> Path:
    """A roster as an Excel Table with data validation, conditional formatting, a defined name,
    a hyperlink, frozen panes, a clerk's comment on a cell that gets a finding, a Rekap sheet
    of formulas with a chart, and a link to another workbook (as Excel writes it)."""
    import openpyxl
    from builders import simple_sheet, team
    from openpyxl.chart import BarChart, Reference
    from openpyxl.comments import Comment
    from openpyxl.formatting.rule import CellIsRule
    from openpyxl.styles import PatternFill
    from openpyxl.workbook.defined_name import DefinedName
    from openpyxl.worksheet.datavalidation import DataValidation
    from openpyxl.worksheet.table import Table, TableStyleInfo

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "KEC IPUH"
    people = team(1) + team(2, first_serial=20)
    people[3][1] = people[3][1][:15]  # nik.format at C5
    for row in simple_sheet(people, title=None):
        ws.append(row)
    last = ws.max_row
    ws.add_table(Table(displayName="DaftarKPPS", ref=f"A1:G{last}",
                       tableStyleInfo=TableStyleInfo(name="TableStyleMedium9")))
    validation = DataValidation(type="list", formula1='"L,P"', allow_blank=True)
    ws.add_data_validation(validation)
    validation.add(f"D2:D{last}")
    ws.conditional_formatting.add(f"G2:G{last}", CellIsRule(
        operator="equal", formula=["1"], fill=PatternFill("solid", fgColor="FFC7CE")))
    ws["C5"].comment = Comment("NIK dari KTP lama, minta fotokopi", "Operator")
    ws["H2"], ws["H2"].hyperlink = "laman KPU", "https://kab-mukomuko.kpu.go.id"
    ws.freeze_panes = "B2"
    wb.defined_names["JumlahPetugas"] = DefinedName(
        "JumlahPetugas", attr_text=f"'KEC IPUH'!$A$2:$A${last}")
    rekap = wb.create_sheet("Rekap")
    for row in (["TPS", "Jumlah"], [1, "=COUNTIF('KEC IPUH'!G:G,1)"],
                [2, "=COUNTIF('KEC IPUH'!G:G,2)"]):
        rekap.append(row)
    chart = BarChart()
    chart.add_data(Reference(rekap, min_col=2, min_row=1, max_row=3), titles_from_data=True)
    rekap.add_chart(chart, "D2")
    wb.save(path)
    ns = (b'<Relationship Id="rIdX" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
          b'relationships/externalLink" Target="externalLinks/externalLink1.xml"/>')
    extra = {
        "xl/externalLinks/externalLink1.xml":
            b'<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            b'<externalBook r:id="rId1"><sheetNames><sheetName val="Sheet1"/></sheetNames>'
            b"</externalBook></externalLink>",
        "xl/externalLinks/_rels/externalLink1.xml.rels":
            b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            b'relationships/externalLinkPath" Target="rekap.xlsx" TargetMode="External"/>'
            b"</Relationships>"}
    with zipfile.ZipFile(path) as src:
        parts = {i.filename: src.read(i) for i in src.infolist()}
    parts.update(extra)
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>", ns + b"</Relationships>")
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(
        b"</sheets>", b'</sheets><externalReferences><externalReference xmlns:r="http://schemas.'
        b'openxmlformats.org/officeDocument/2006/relationships" r:id="rIdX"/>'
        b"</externalReferences>", 1)
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", b'<Override PartName="/xl/externalLinks/externalLink1.xml" ContentType="'
        b'application/vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml"/></Types>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in parts.items():
            dst.writestr(name, data)
    return path


@pytest.mark.parametrize("engine", ["auto", "openpyxl"])
def test_the_annotated_copy_keeps_every_excel_feature_of_the_roster(tmp_path, engine):
    import openpyxl

    source = _feature_workbook(tmp_path / "kaya.xlsx")
    before = digest(source)
    report = check(source, Settings())
    assert ("nik.format", 5, "C") in {(f.code, f.row, f.column) for f in report.findings}
    out = annotate(source, report, tmp_path / engine / "kaya-diperiksa.xlsx", engine=engine)
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(out) as dst:
        assert set(src.namelist()) <= set(dst.namelist())  # no part lost
        assert b"externalReference " in dst.read("xl/workbook.xml")
        link = dst.read("xl/externalLinks/_rels/externalLink1.xml.rels")
        assert b'Target="rekap.xlsx"' in link and b'TargetMode="External"' in link
    wb = openpyxl.load_workbook(out)
    ws = wb["KEC IPUH"]
    assert list(ws.tables) == ["DaftarKPPS"] and ws.tables["DaftarKPPS"].ref == "A1:G15"
    assert [str(v.sqref) for v in ws.data_validations.dataValidation] == ["D2:D15"]
    assert [str(r.sqref) for r in ws.conditional_formatting] == ["G2:G15"]
    assert ws["H2"].hyperlink.target == "https://kab-mukomuko.kpu.go.id"
    assert ws.freeze_panes == "B2" and "JumlahPetugas" in wb.defined_names
    comment = ws["C5"].comment.text
    assert comment.startswith("NIK dari KTP lama, minta fotokopi") and "hanya 15 digit" in comment
    assert ws["C5"].fill.fgColor.rgb != openpyxl.load_workbook(source)["KEC IPUH"]["C5"] \
        .fill.fgColor.rgb  # marked
    assert wb["Rekap"]["B2"].value == "=COUNTIF('KEC IPUH'!G:G,1)" and len(wb["Rekap"]._charts) == 1
    assert digest(source) == before


# Formula cells whose value was never stored (a script wrote the workbook) ------------------

def _formula_roster(path: Path, cached: bool) -> Path:
    """Every NIK a formula (=TEXT(H3,"0") over the NIK in H), as openpyxl writes it (no stored
    value), or with its result stored as Excel writes it; one formula whose result is ''."""
    import openpyxl
    from builders import team

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "KEC IPUH"
    ws.append(["DAFTAR ANGGOTA KPPS"])
    ws.append(["No", "Nama", "NIK", "L/P", "Tanggal Lahir", "Jabatan", "TPS", "NIK asli",
               "Catatan"])
    people = team(1) + team(2, first_serial=20)
    for i, person in enumerate(people):
        row = ws.max_row + 1
        ws.append([i + 1, person[0], f'=TEXT(H{row},"0")', *person[2:], person[1], '=""'])
    wb.save(path)
    if cached:  # Excel's form: the result stored beside the formula, as text
        niks = iter(p[1] for p in people)
        with zipfile.ZipFile(path) as src:
            parts = {i.filename: src.read(i) for i in src.infolist()}
        sheet = parts["xl/worksheets/sheet1.xml"]
        sheet = re.sub(rb'<c r="(C\d+)"><f>(TEXT[^<]*)</f><v></v></c>',
                       lambda m: b'<c r="%s" t="str"><f>%s</f><v>%s</v></c>'
                       % (m.group(1), m.group(2), next(niks).encode()), sheet)
        sheet = re.sub(rb'<c r="(I\d+)"><f>([^<]*)</f><v></v></c>',
                       rb'<c r="\1" t="str"><f>\2</f><v></v></c>', sheet)
        parts["xl/worksheets/sheet1.xml"] = sheet
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
            for name, data in parts.items():
                dst.writestr(name, data)
    return path


def _use_reader(reader: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Read .xlsx files with python-calamine instead of fastexcel when reader is 'calamine'."""
    from kpps_xl.roster import readers

    if reader == "calamine":
        monkeypatch.setattr(readers, "_FAST_SUFFIXES", frozenset())


@pytest.mark.parametrize("reader", ["arrow", "calamine"])
def test_formula_cells_without_a_stored_value_are_named_not_only_called_empty(tmp_path, reader,
                                                                            monkeypatch):
    _use_reader(reader, monkeypatch)
    path = _formula_roster(tmp_path / "skrip.xlsx", cached=False)
    report = check(path, Settings())
    gaps = [f for f in report.findings if f.code == "sheet.uncalculated"]
    assert len(gaps) == 1 and gaps[0].severity == "warning" and gaps[0].sheet == "KEC IPUH"
    # 14 NIK formulas and 14 '=""' formulas, none of them calculated
    assert "28 sel berisi rumus tanpa nilai tersimpan (C3, I3, C4, I4, C5 dan 23 lainnya)" \
        in gaps[0].message
    assert "simpan ulang" in gaps[0].message
    assert sum(f.code == "nik.missing" for f in report.findings) == 14  # what the cells read as


@pytest.mark.parametrize("reader", ["arrow", "calamine"])
def test_formulas_with_stored_results_read_their_results_without_a_warning(tmp_path, reader,
                                                                          monkeypatch):
    _use_reader(reader, monkeypatch)
    path = _formula_roster(tmp_path / "excel.xlsx", cached=True)
    report = check(path, Settings())
    assert not [f for f in report.findings if f.code == "sheet.uncalculated"]
    assert not [f for f in report.findings if f.code.startswith("nik.")]
    assert report.rows == 14


# Inputs are sacred, for every command that reads rosters and writes a file ---------------

def _writing_commands() -> list[tuple[list[str], str]]:
    """(command words, output option) for every CLI command taking roster paths that has an
    option naming a file it writes: found from the app, so a new command is covered too."""
    import typer.main

    from kpps_xl.cli import app

    found = []

    def walk(command, words: list[str]) -> None:  # noqa: ANN001
        if hasattr(command, "commands"):  # a group (typer 0.29 has no click.Group)
            for name, sub in command.commands.items():
                walk(sub, [*words, name])
            return
        takes_rosters = any(p.param_type_name == "argument" and p.nargs == -1
                            for p in command.params)
        for param in command.params:
            names = [o for o in param.opts if o.startswith("--")]
            if takes_rosters and param.param_type_name == "option" and names and \
                    param.metavar in ("BERKAS", "TUJUAN", "FOLDER") and "--pengaturan" not in names \
                    and "--templat" not in names:
                found.append((words, names[0]))

    walk(typer.main.get_command(app), [])
    return found


WRITERS = _writing_commands()


def test_every_writing_command_is_found():
    commands = {(" ".join(words), option) for words, option in WRITERS}
    assert {("check", "--laporan"), ("check", "--tandai"), ("budget", "--keluaran"),
            ("letters", "--keluaran"), ("export bpjs-tk", "--keluaran"),
            ("tindak-lanjut", "--keluaran"), ("tindak-lanjut", "--json")} <= commands


@pytest.mark.parametrize(("words", "option"), WRITERS,
                         ids=[f"{' '.join(w)} {o}" for w, o in WRITERS])
def test_no_command_writes_over_its_input_or_into_its_input_folder(tmp_path, words, option):
    folder = tmp_path / "daftar"
    folder.mkdir()
    roster = folder / "daftar.xlsx"
    shutil.copy(ROOT / "samples" / "kpps_bersih.xlsx", roster)
    before = digest(roster)
    config = ["-c", str(TOML)] if words[0] != "check" else []
    result = invoke([*words, str(roster), option, str(roster), *config])
    assert result.exit_code == 2, result.text
    assert "Traceback" not in result.output
    assert digest(roster) == before
    assert sorted(p.name for p in folder.iterdir()) == ["daftar.xlsx"]


def test_the_upload_list_is_not_written_where_the_next_check_would_read_it(tmp_path):
    folder = tmp_path / "daftar"
    folder.mkdir()
    shutil.copy(ROOT / "samples" / "kpps_bersih.xlsx", folder / "daftar.xlsx")
    result = invoke(["export", "bpjs-tk", str(folder), "-c", str(TOML),
                     "-o", str(folder / "peserta-bpjs-tk.xlsx")])
    assert result.exit_code == 2 and "akan ikut dibaca sebagai daftar petugas" in result.text
    assert sorted(p.name for p in folder.iterdir()) == ["daftar.xlsx"]
    elsewhere = invoke(["export", "bpjs-tk", str(folder), "-c", str(TOML),
                        "-o", str(tmp_path / "peserta-bpjs-tk.xlsx")])
    assert elsewhere.exit_code == 0, elsewhere.text
    assert invoke(["check", str(folder)]).exit_code == 0  # no false duplicates from the list


def test_excels_lock_file_given_as_a_roster_is_named_as_such(tmp_path):
    shutil.copy(XLSX, tmp_path / "daftar.xlsx")
    lock = tmp_path / "~$daftar.xlsx"  # Excel's owner file while daftar.xlsx is open
    lock.write_bytes(b"\x05operator" + b" " * 46 + b"\x05\x00o\x00p\x00" + b"\x00" * 100)
    result = invoke(["check", str(lock)])
    assert result.exit_code == 2
    assert "penanda bahwa daftar.xlsx sedang dibuka di Excel" in result.text
    assert invoke(["check", str(tmp_path), "--laporan", str(tmp_path / "r.json")]).exit_code == 1


@pytest.mark.parametrize("reader", ["arrow", "calamine"])
def test_cells_showing_an_excel_error_are_named_not_only_called_empty(tmp_path, reader,
                                                                    monkeypatch):
    """A NIK filled by a VLOOKUP that found nothing shows #N/A in Excel; typed #REF! and
    #VALUE! cells too: every reader sees them empty, the warning names them."""
    _use_reader(reader, monkeypatch)
    path = _formula_roster(tmp_path / "vlookup.xlsx", cached=True)
    with zipfile.ZipFile(path) as src:
        parts = {i.filename: src.read(i) for i in src.infolist()}
    sheet = parts["xl/worksheets/sheet1.xml"]
    sheet, n = re.subn(rb'<c r="C4" t="str"><f>[^<]*</f><v>\d+</v></c>',
                       b'<c r="C4" t="e"><f>VLOOKUP(B4,Data!A:B,2,0)</f><v>#N/A</v></c>', sheet)
    sheet, m = re.subn(rb'<c r="(E[67])"[^>]*>(?:<is><t>[^<]*</t></is>|<v>[^<]*</v>)</c>',
                       lambda g: b'<c r="%s" t="e"><v>%s</v></c>'
                       % (g.group(1), b"#REF!" if g.group(1) == b"E6" else b"#VALUE!"), sheet)
    assert (n, m) == (1, 2)
    parts["xl/worksheets/sheet1.xml"] = sheet
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in parts.items():
            dst.writestr(name, data)
    report = check(path, Settings())
    (warning,) = [f for f in report.findings if f.code == "sheet.formula_error"]
    assert warning.severity == "warning"
    assert "3 sel menampilkan galat rumus Excel (C4 (#N/A), E6 (#REF!), E7 (#VALUE!))" \
        in warning.message
    assert ("nik.missing", 4) in {(f.code, f.row) for f in report.findings}
    assert not [f for f in report.findings if f.code == "sheet.uncalculated"]
