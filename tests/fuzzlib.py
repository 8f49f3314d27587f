"""Deterministic hostile inputs made from the samples (shared by the quick test and benchmarks/fuzz.py)."""

from __future__ import annotations

import codecs
import io
import random
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
FIXTURES = ROOT / "tests" / "fixtures"
BASES = {
    "cacat": SAMPLES / "kpps_cacat.xlsx",
    "bersih": SAMPLES / "kpps_bersih.xlsx",
    "cacat2": SAMPLES / "kpps_cacat_2.xlsx",
    "csv": SAMPLES / "kpps_bersih.csv",
    "ods": FIXTURES / "kpps_cacat.ods",
    "xls": FIXTURES / "kpps_cacat.xls",
}
SHEET = "xl/worksheets/sheet1.xml"
NIK = "1706036503890001"  # a NIK of the samples (synthetic)
# Formula payloads: every one must come out of kpps-xl as text, never as a live formula.
INJECTIONS = ("=cmd|' /C calc'!A0", "=1+1", '=HYPERLINK("http://contoh.invalid/x","klik")',
              "+1+1", "-1+1", "@SUM(1+1)", "\t=1+1", "\r=1+1", "=WEBSERVICE(\"http://x.invalid\")")


@dataclass(frozen=True)
class Case:
    """One hostile input: a file name (its suffix picks the reader) and its bytes."""

    name: str
    data: bytes
    kind: str


def read_parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {info.filename: zf.read(info.filename) for info in zf.infolist()}


def rezip(parts: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return buffer.getvalue()


def with_part(data: bytes, name: str, new: bytes | None) -> bytes:
    """The package with one part replaced (None removes it)."""
    parts = read_parts(data)
    if new is None:
        parts.pop(name, None)
    else:
        parts[name] = new
    return rezip(parts)


def xml_text(value: str) -> str:
    """Text for an XML element, control characters written the way Excel does (_x0001_)."""
    escaped = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", lambda m: f"_x{ord(m.group()):04X}_", escaped)


def inline_cell(ref: str, value: str, style: str = "5") -> str:
    return (f'<c r="{ref}" s="{style}" t="inlineStr"><is><t xml:space="preserve">'
            f"{xml_text(value)}</t></is></c>")


def set_cell(sheet_xml: bytes, ref: str, cell_xml: str) -> bytes:
    """Replace cell ref in a sheet (it must exist in the samples' sheet)."""
    pattern = re.compile(rb'<c r="' + ref.encode() + rb'"[^>]*?(?:/>|>.*?</c>)', re.S)
    new, count = pattern.subn(lambda _m: cell_xml.encode(), sheet_xml, count=1)
    if not count:
        raise ValueError(f"cell {ref} not in sheet")
    return new


def set_cells(data: bytes, cells: dict[str, str], part: str = SHEET) -> bytes:
    """Samples' package with some cells of a sheet replaced by raw cell XML."""
    parts = read_parts(data)
    xml = parts[part]
    for ref, cell_xml in cells.items():
        xml = set_cell(xml, ref, cell_xml)
    parts[part] = xml
    return rezip(parts)


def add_row(data: bytes, row_xml: str, part: str = SHEET) -> bytes:
    """Append a row at the end of sheetData."""
    parts = read_parts(data)
    parts[part] = parts[part].replace(b"</sheetData>", row_xml.encode() + b"</sheetData>", 1)
    return rezip(parts)


def add_merge(data: bytes, ref: str, part: str = SHEET) -> bytes:
    parts = read_parts(data)
    xml = parts[part]
    if b"<mergeCells" in xml:
        xml = xml.replace(b"</mergeCells>", f'<mergeCell ref="{ref}"/></mergeCells>'.encode(), 1)
    else:
        xml = xml.replace(b"</sheetData>",
                          f'</sheetData><mergeCells><mergeCell ref="{ref}"/></mergeCells>'.encode(), 1)
    parts[part] = xml
    return rezip(parts)


def _sheet_cells(data: bytes) -> list[str]:
    return re.findall(r'<c r="([A-Z]+\d+)"', read_parts(data)[SHEET].decode())


def _date_style(data: bytes) -> str:
    styles = read_parts(data)["xl/styles.xml"].decode()
    xfs = re.search(r"<cellXfs[^>]*>(.*?)</cellXfs>", styles, re.S)
    for index, xf in enumerate(re.findall(r"<xf\b[^>]*>", xfs.group(1) if xfs else "")):
        if re.search(r'numFmtId="(14|164|165)"', xf):
            return str(index)
    return "0"


def _bytes_cases(rng: random.Random, key: str, data: bytes, count: int) -> Iterator[Case]:
    suffix = BASES[key].suffix
    for i in range(count):
        mutated = bytearray(data)
        for _ in range(rng.randint(1, 12)):
            position = rng.randrange(len(mutated))
            mutated[position] = rng.randrange(256)
        yield Case(f"flip_{key}_{i}{suffix}", bytes(mutated), "flip")
    for i, fraction in enumerate((0.0, 0.5, 0.1, 0.9, 0.99)[: max(2, count // 2)]):
        yield Case(f"trunc_{key}_{i}{suffix}", data[: int(len(data) * fraction)], "truncate")


def _part_cases(rng: random.Random, data: bytes, limit: int | None) -> Iterator[Case]:
    parts = read_parts(data)
    names = list(parts)
    for name in names[:limit]:
        xml = parts[name]
        slug = re.sub(r"\W+", "_", name).strip("_")
        yield Case(f"part_cut_{slug}.xlsx", with_part(data, name, xml[: len(xml) // 2]), "xml")
        yield Case(f"part_rand_{slug}.xlsx", with_part(data, name, rng.randbytes(200)), "xml")
        if limit is None:
            yield Case(f"part_gone_{slug}.xlsx", with_part(data, name, None), "xml")
            yield Case(f"part_empty_{slug}.xlsx", with_part(data, name, b""), "xml")
            tags = xml.replace(b"</", b"<", 3)
            yield Case(f"part_tags_{slug}.xlsx", with_part(data, name, tags), "xml")


def _value_cases(data: bytes) -> Iterator[Case]:
    date = _date_style(data)
    typed = {
        "bool": '<c r="C8" t="b"><v>7</v></c>',
        "error": '<c r="C8" t="e"><v>#REF!</v></c>',
        "num_text": '<c r="C8" t="n"><v>abc</v></c>',
        "huge_num": '<c r="C8"><v>1e308</v></c>',
        "inf": '<c r="C8"><v>INF</v></c>',
        "nan": '<c r="C8"><v>NaN</v></c>',
        "sst_index": '<c r="B8" t="s"><v>999999</v></c>',
        "neg_index": '<c r="B8" t="s"><v>-1</v></c>',
        "neg_date": f'<c r="E8" s="{date}"><v>-5</v></c>',
        "neg_date_big": f'<c r="E8" s="{date}"><v>-99999999</v></c>',
        "huge_date": f'<c r="E8" s="{date}"><v>1e12</v></c>',
        "iso_date": '<c r="E8" t="d"><v>not-a-date</v></c>',
        "nik_sci": '<c r="C8"><v>1.706036503890001E+15</v></c>',
        "nik_neg": '<c r="C8"><v>-1706036503890001</v></c>',
        "str_formula": '<c r="B8" t="str"><f>1+1</f><v>2</v></c>',
        "bad_style": '<c r="B8" s="99999" t="inlineStr"><is><t>X</t></is></c>',
        "rich_text": ('<c r="B8" t="inlineStr"><is><r><t>A</t></r><r><rPr><strike/></rPr><t>B</t>'
                      "</r></is></c>"),
    }
    for name, cell in typed.items():
        yield Case(f"type_{name}.xlsx", set_cells(data, {cell[6:cell.index('"', 6)]: cell}), "type")


def _text_cases(data: bytes) -> Iterator[Case]:
    texts = {
        "ctrl_name": ("B8", "Ana\x01\x02\x0b Budi\x1b"),
        "ctrl_nik": ("C8", "1706\x0003650\x1f3890001"),
        "nul_name": ("B9", "\x00\x00\x00"),
        "markup": ("B8", "[/red] [bold]Ana[/bold] [link=file:///etc/passwd]x[/link]"),
        "pipe_place": ("G8", "TPS|01|x"),
        "pipe_name": ("B8", "Ana | Budi | Cici"),
        "bidi": ("B8", "Ana\u202eidub\u202c"),
        "surrogate": ("B8", "Ana \U0001f600 Budi"),
        "long_cell": ("I8", "x" * 40_000),
        "many_words": ("A3", "KECAMATAN " + "kata " * 60_000),
        "many_lines": ("I8", "baris\n" * 30_000),
        "nik_in_phone": ("H8", NIK),
        "nik_in_sex": ("D8", NIK),
        "nik_in_dob": ("E8", "Mukomuko, " + NIK),
        "nik_in_tps": ("G8", NIK),
        "nik_in_jabatan": ("F8", "Anggota " + NIK),
        "nik_spaced_phone": ("H8", "1706 0365 0389 0001"),
        "nik_sci_phone": ("H8", "1.70603650389E+15"),
    }
    for name, (ref, value) in texts.items():
        yield Case(f"text_{name}.xlsx", set_cells(data, {ref: inline_cell(ref, value)}), "text")
    for i, payload in enumerate(INJECTIONS):
        cells = {"B8": inline_cell("B8", payload), "C9": inline_cell("C9", payload),
                 "G10": inline_cell("G10", payload), "E11": inline_cell("E11", payload),
                 "I12": inline_cell("I12", payload)}
        yield Case(f"inject_{i}.xlsx", set_cells(data, cells), "inject")


def _extent_cases(data: bytes) -> Iterator[Case]:
    far = {"zzz99999": "ZZZ99999", "xfd1048576": "XFD1048576", "a1048576": "A1048576",
           "l1000000": "L1000000", "beyond_excel": "XFE1048577"}
    for name, ref in far.items():
        row = re.sub(r"\D", "", ref)
        yield Case(f"far_{name}.xlsx", add_row(data, f'<row r="{row}">{inline_cell(ref, "x")}</row>'),
                   "extent")
    yield Case("far_dimension.xlsx", _replace(data, rb'<dimension ref="[^"]*"/>',
                                              b'<dimension ref="A1:XFD1048576"/>'), "extent")
    for name, ref in {"all": "A1:XFD1048576", "b5c": "B5:C1048576", "a8i": "A8:I1048576",
                      "beyond": "A1:XFE2000000", "reverse": "I44:A1", "garbage": "A1:??"}.items():
        yield Case(f"merge_{name}.xlsx", add_merge(data, ref), "extent")
    many = "".join(f'<mergeCell ref="J{r}:K{r}"/>' for r in range(1, 200_000, 2))
    yield Case("merge_many.xlsx", _replace(data, rb"</mergeCells>", many.encode() + b"</mergeCells>"),
               "extent")


def _replace(data: bytes, pattern: bytes, new: bytes, part: str = SHEET) -> bytes:
    parts = read_parts(data)
    parts[part] = re.sub(pattern, lambda _m: new, parts[part], count=1)
    return rezip(parts)


def _bomb_cases(data: bytes, big: bool) -> Iterator[Case]:
    size = 2_200_000_000 if big else 60_000_000
    parts = read_parts(data)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for name, part in parts.items():
            zf.writestr(name, part)
        with zf.open("xl/sharedStrings.xml", "w", force_zip64=True) as handle:
            chunk = b" " * (1 << 24)
            for _ in range(size // len(chunk)):
                handle.write(chunk)
    yield Case(f"bomb_sst_{'big' if big else 'small'}.xlsx", buffer.getvalue(), "bomb")
    sst = ('<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
           'uniqueCount="1"><si><t>' + "baris\n" * (1_000_000 if big else 50_000) + "</t></si></sst>")
    parts = read_parts(data)
    parts["xl/sharedStrings.xml"] = sst.encode()
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>", b'<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/'
        b'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
        b"</Relationships>")
    parts[SHEET] = set_cell(parts[SHEET], "I8", '<c r="I8" t="s"><v>0</v></c>')
    yield Case("bomb_newlines.xlsx", rezip(parts), "bomb")
    cells = "".join(inline_cell(f"A{r}", "x" * 10) for r in range(1, 2))
    huge = "y" * (20_000_000 if big else 1_000_000)
    yield Case("bomb_cell.xlsx", add_row(data, f'<row r="60">{cells}{inline_cell("B60", huge)}</row>'),
               "bomb")


def _sheets_case(data: bytes, copies: int) -> Case:
    parts = read_parts(data)
    sheet = parts[SHEET]
    book = parts["xl/workbook.xml"].decode()
    rels = parts["xl/_rels/workbook.xml.rels"].decode()
    types = parts["[Content_Types].xml"].decode()
    for i in range(copies):
        name = f"xl/worksheets/copy{i}.xml"
        parts[name] = sheet
        book = book.replace("</sheets>", f'<sheet xmlns:r="http://schemas.openxmlformats.org/'
                            f'officeDocument/2006/relationships" name="Salinan {i}" '
                            f'sheetId="{100 + i}" r:id="rIdC{i}"/></sheets>')
        rels = rels.replace("</Relationships>", f'<Relationship Id="rIdC{i}" Type="http://schemas.'
                            f'openxmlformats.org/officeDocument/2006/relationships/worksheet" '
                            f'Target="worksheets/copy{i}.xml"/></Relationships>')
        types = types.replace("</Types>", f'<Override PartName="/{name}" ContentType="application/'
                              f'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
    parts["xl/workbook.xml"], parts["xl/_rels/workbook.xml.rels"] = book.encode(), rels.encode()
    parts["[Content_Types].xml"] = types.encode()
    return Case(f"sheets_{copies}.xlsx", rezip(parts), "dups")


def csv_cases(text: str, big: bool) -> Iterator[Case]:
    """CSVs the way Excel writes them on every platform, and some it never writes."""
    lines = text.replace("\r\n", "\n").split("\n")
    body = "\n".join(lines)
    long_field = "z" * (200_000 if big else 140_000)
    variants: dict[str, bytes] = {
        "cr_only": body.replace("\n", "\r").encode("cp1252", "replace"),
        "crlf": body.replace("\n", "\r\n").encode("utf-8"),
        "utf16_bom": codecs.BOM_UTF16_LE + body.replace("\n", "\r\n").encode("utf-16-le"),
        "utf16_be_bom": codecs.BOM_UTF16_BE + body.encode("utf-16-be"),
        "utf8_bom": codecs.BOM_UTF8 + body.encode("utf-8"),
        "nul_bytes": body.replace("Pasar", "Pa\x00sar").encode("utf-8"),
        "nul_first": b"\x00" + body.encode("utf-8"),
        "long_field": (lines[0] + "\n" + lines[1].replace("Bengkulu", long_field, 1) + "\n"
                       + "\n".join(lines[2:])).encode("utf-8"),
        "quoted_newline": body.replace("Bengkulu", '"Beng\nkulu"').encode("utf-8"),
        "quoted_cr": body.replace("Bengkulu", '"Beng\rkulu"').encode("utf-8"),
        "bare_cr_field": body.replace("Bengkulu", "Beng\rkulu").encode("utf-8"),
        "unclosed_quote": body.replace("Bengkulu", '"Bengkulu', 1).encode("utf-8"),
        "empty": b"",
        "only_bom": codecs.BOM_UTF8,
        "binary": bytes(range(256)) * 40,
        "one_column": "\n".join(line.split(";")[1] for line in lines if ";" in line).encode(),
        "many_columns": (";".join(["Nama", "NIK"] + ["x"] * 20_000) + "\n" + body).encode(),
        "inject": body.replace("Umaya Simanjuntak", "=cmd|' /C calc'!A0").replace(
            "Raisa Haryanti", "=HYPERLINK(\"http://x.invalid\")").encode("utf-8"),
        "ctrl": body.replace("Umaya", "Um\x01aya\x1b").encode("utf-8"),
        "markup": body.replace("Umaya", "[/red]Umaya[bold]").encode("utf-8"),
        "latin1": body.replace("Umaya", "Ümaya ñ").encode("latin-1", "replace"),
        "nik_in_phone": body.replace("088258198141", NIK).encode(),
        "nik_dup_rows": (lines[0] + "\n" + "\n".join([lines[1]] * (400 if big else 60))).encode(),
    }
    for name, data in variants.items():
        yield Case(f"csv_{name}.csv", data, "csv")


def ods_cases(data: bytes) -> Iterator[Case]:
    parts = read_parts(data)
    content = parts["content.xml"].decode()
    cell = '<table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell>'

    def wide(count: str) -> str:
        attribute = f'table:number-columns-repeated="{count}" '
        return cell.replace("<table:table-cell ", "<table:table-cell " + attribute)

    rows = '</table:table-row><table:table-row table:number-rows-repeated="{}">'
    repeated = {"cols": wide("16384"), "rows": rows.format(1_048_000) + cell,
                "both": rows.format(1_000_000) + wide("1000"), "huge": wide("99999999999")}
    for name, insert in repeated.items():
        position = content.index("</table:table-row>")
        new = content[:position] + insert + content[position:]
        copy = dict(parts)
        copy["content.xml"] = new.encode()
        yield Case(f"ods_repeat_{name}.ods", rezip(copy), "ods")


def generate(big: bool = False, seed: int = 13) -> Iterator[Case]:
    """Every case; big=False keeps them small and few (the quick test in CI)."""
    rng = random.Random(seed)
    bases = {key: path.read_bytes() for key, path in BASES.items()}
    cacat = bases["cacat"]
    flips = 12 if big else 1
    for key in BASES:
        yield from _bytes_cases(rng, key, bases[key], flips if key != "cacat" else flips * 3)
    yield from _part_cases(rng, cacat, None if big else 3)
    if big:
        yield from _part_cases(rng, bases["cacat2"], None)
    yield from _value_cases(cacat)
    yield from _text_cases(cacat)
    yield from _extent_cases(cacat)
    yield from _bomb_cases(cacat, big)
    yield from csv_cases(bases["csv"].decode("cp1252"), big)
    yield from ods_cases(bases["ods"])
    yield _sheets_case(cacat, 200 if big else 20)
    if big:
        yield from (Case(c.name.replace(".xlsx", "_bersih.xlsx"), c.data, c.kind)
                    for c in _text_cases(bases["bersih"]))


def formulas(path: Path) -> list[str]:
    """Every formula (<f> text) in an .xlsx written by kpps-xl."""
    found = []
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                found += re.findall(r"<f[^>]*>(.*?)</f>", zf.read(name).decode("utf-8", "replace"),
                                    re.S)
    return found


def injected(path: Path) -> list[str]:
    """Formulas in an output that come from a payload of INJECTIONS (cell text turned live)."""
    bodies = [p.lstrip("=+-@\t\r").replace('"', "&quot;") for p in INJECTIONS]
    bodies += [p.lstrip("=+-@\t\r") for p in INJECTIONS]
    return [f for f in formulas(path) if any(b and b in f for b in bodies)]


def leaks(text: str) -> list[str]:
    """16-digit runs (unmasked NIKs) in console or CI text."""
    return re.findall(r"\d{16}", text)

