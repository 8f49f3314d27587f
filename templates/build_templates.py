"""Generate the letter templates (docxtpl tags in python-docx documents): run to refresh them."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

FONT = "Arial"
SIZE = Pt(11)
PAGE_W, PAGE_H = Cm(21.0), Cm(29.7)
MARGIN_L, MARGIN_R, MARGIN_T, MARGIN_B = Cm(2.5), Cm(2.0), Cm(1.2), Cm(1.5)
TEXT_W = 16.5  # cm between the margins
SIGNER_INDENT = Cm(7.5)

TEMPLATE_FILES = {
    "pemda": "surat_pemda.docx",
    "bpjs_tk": "surat_bpjs_ketenagakerjaan.docx",
    "bpjs_kes": "surat_bpjs_kesehatan.docx",
}

_INTRO = ("Dalam rangka penyelenggaraan {{ pemilihan }} di {{ kantor.wilayah_judul }}, "
          "dengan memperhatikan ketentuan:")


# Where the names are, which counts have no names behind them, then the exclusions: both
# sentences are built in letters/context.py (peserta_sentence, exclusion_sentence).
_LAMPIRAN_SENTENCE = ("{{ peserta_kalimat }}{% if dikecualikan_ada %} {{ dikecualikan_kalimat }}"
                      "{% endif %}")


_CLOSING = "Demikian disampaikan, atas perhatian dan kerja samanya diucapkan terima kasih."

BODIES: dict[str, tuple[str, str]] = {
    "pemda": (
        "Sehubungan dengan hal tersebut, kami mohon Pemerintah {{ kantor.wilayah_judul }} "
        "berkenan memfasilitasi anggaran iuran {{ program }} bagi badan ad hoc penyelenggara "
        "pemilihan, dengan rincian sebagai berikut:",
        "Jumlah kebutuhan anggaran seluruhnya sebesar {{ total_rupiah }} "
        "({{ total_terbilang }}) untuk {{ jumlah_orang }} orang. " + _LAMPIRAN_SENTENCE,
    ),
    "bpjs_tk": (
        "Sehubungan dengan hal tersebut, bersama ini kami sampaikan permohonan pendaftaran "
        "badan ad hoc penyelenggara pemilihan di wilayah {{ kantor.wilayah_judul }} sebagai "
        "peserta program {{ program }}, dengan rincian sebagai berikut:",
        "Jumlah iuran seluruhnya sebesar {{ total_rupiah }} ({{ total_terbilang }}) untuk "
        "{{ jumlah_orang }} orang peserta. " + _LAMPIRAN_SENTENCE,
    ),
    "bpjs_kes": (
        "Sehubungan dengan hal tersebut, bersama ini kami sampaikan permohonan pendaftaran "
        "atau pengaktifan kembali kepesertaan {{ program }} bagi badan ad hoc penyelenggara "
        "pemilihan di wilayah {{ kantor.wilayah_judul }} yang belum memiliki kepesertaan JKN "
        "aktif, dengan rincian sebagai berikut:",
        "Jumlah iuran seluruhnya sebesar {{ total_rupiah }} ({{ total_terbilang }}) untuk "
        "{{ jumlah_orang }} orang peserta. " + _LAMPIRAN_SENTENCE,
    ),
}

FIGURE_COLUMNS = (  # header, cell text, width cm, alignment
    ("No", "{{ r.no }}", 0.9, "center"),
    ("Badan", "{{ r.badan }}", 3.3, "left"),
    ("Program", "{{ r.program }}", 3.4, "left"),
    ("Jumlah Orang", "{{ r.jumlah }}", 1.8, "right"),
    ("Masa Kerja", "{{ r.masa_kerja }}", 1.7, "center"),
    ("Iuran/Orang/ Bulan", "{{ r.iuran }}", 2.5, "right"),
    ("Jumlah", "{{ r.subtotal }}", 2.9, "right"),
)

PESERTA_COLUMNS = (
    ("No", "{{ p.no }}", 0.7, "center"),
    ("Nama", "{{ p.nama }}", 3.4, "left"),
    ("NIK", "{{ p.nik }}", 3.1, "left"),
    ("Tanggal Lahir", "{{ p.tanggal_lahir }}", 1.8, "center"),
    ("Jabatan", "{{ p.jabatan }}", 2.5, "left"),
    ("TPS", "{{ p.tps }}", 0.9, "center"),
    ("Kelurahan/ Desa", "{{ p.kelurahan }}", 2.2, "left"),
    ("Kecamatan", "{{ p.kecamatan }}", 1.9, "left"),
)

_ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
          "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
          "right": WD_ALIGN_PARAGRAPH.RIGHT}


def _set_base_style(doc: Document) -> None:
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = SIZE
    rfonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), FONT)
    fmt = style.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing = 1.0
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "id-ID")
    style.element.get_or_add_rPr().append(lang)


def _set_page(doc: Document) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE_W, PAGE_H
    section.left_margin, section.right_margin = MARGIN_L, MARGIN_R
    section.top_margin, section.bottom_margin = MARGIN_T, MARGIN_B


def _add_run(p: Paragraph, text: str, bold: bool, size: Pt | None) -> None:
    """The paragraph's one run (nothing for empty text)."""
    if text:
        run = p.add_run(text)
        run.bold = bold or None
        if size is not None:
            run.font.size = size


def _para(container, text: str = "", *, bold: bool = False, size: Pt | None = None,
          align: str | None = None, after: float = 0, before: float = 0,
          keep_next: bool = False) -> Paragraph:
    """One paragraph holding one run, so docxtpl tags are never split across runs."""
    p = container.add_paragraph()
    _add_run(p, text, bold, size)
    if align:
        p.alignment = _ALIGN[align]
    p.paragraph_format.space_after = Pt(after)
    p.paragraph_format.space_before = Pt(before)
    if keep_next:
        p.paragraph_format.keep_with_next = True
    return p


def _cell_para(cell: _Cell, text: str, *, bold: bool = False, size: Pt | None = None,
               align: str = "left") -> Paragraph:
    """Write text into a cell's first paragraph (one run)."""
    p = cell.paragraphs[0]
    _add_run(p, text, bold, size)
    p.alignment = _ALIGN[align]
    return p


def _borders(table: Table, attrs: Sequence[tuple[str, str]]) -> None:
    """The same border (w:* attributes in this order) on every edge of the table."""
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        for name, value in attrs:
            el.set(qn(name), value)
        borders.append(el)
    table._tbl.tblPr.append(borders)


def _no_borders(table: Table) -> None:
    _borders(table, (("w:val", "nil"),))


def _grid_borders(table: Table) -> None:
    _borders(table, (("w:val", "single"), ("w:sz", "4"), ("w:space", "0"), ("w:color", "000000")))


def _fixed_widths(table: Table, widths_cm: Sequence[float]) -> None:
    table.autofit = False
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm, strict=True):
            cell.width = Cm(width)
    for col, width in zip(table.columns, widths_cm, strict=True):
        col.width = Cm(width)


def _cell_margins(table: Table, left_right_cm: float = 0.1) -> None:
    mar = OxmlElement("w:tblCellMar")
    for edge in ("left", "right"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:w"), str(int(left_right_cm * 567)))
        el.set(qn("w:type"), "dxa")
        mar.append(el)
    table._tbl.tblPr.append(mar)


def _shade(cell: _Cell, fill: str = "D9D9D9") -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shd)


def _row_flags(row, header: bool = False) -> None:  # type: ignore[no-untyped-def]
    tr_pr = row._tr.get_or_add_trPr()
    cant = OxmlElement("w:cantSplit")
    tr_pr.append(cant)
    if header:
        tr_pr.append(OxmlElement("w:tblHeader"))


def _bottom_rule(p: Paragraph) -> None:
    """The kop's closing line: thick over thin, full width."""
    p_pr = p._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "thickThinSmallGap")
    bottom.set(qn("w:sz"), "24")
    bottom.set(qn("w:space"), "1")
    bottom.set(qn("w:color"), "000000")
    bdr.append(bottom)
    p_pr.append(bdr)


def add_kop(doc: Document) -> None:
    """Kop: optional logo, office name, address and contacts, closed by a rule line."""
    table = doc.add_table(rows=1, cols=3)
    _no_borders(table)
    _fixed_widths(table, (2.2, 12.1, 2.2))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    logo, text, _ = table.rows[0].cells
    logo.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    text.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    _cell_para(logo, "{{ logo }}", align="center")
    _cell_para(text, "{{ kantor.instansi }}", bold=True, size=Pt(14), align="center")
    _para(text, "{{ kantor.wilayah }}", bold=True, size=Pt(13), align="center")
    _para(text, "{{ kantor.alamat }}{% if kantor.telepon %}, Telepon {{ kantor.telepon }}"
          "{% endif %}", size=Pt(8.5), align="center")
    _para(text, "{{ kantor.kontak }}", size=Pt(8.5), align="center")
    _bottom_rule(_para(doc, "", size=Pt(2), after=8))


def add_heading_block(doc: Document) -> None:
    """Nomor / Sifat / Lampiran / Hal on the left, place and date top right."""
    widths = (2.3, 0.4, 8.4, 5.4)
    table = doc.add_table(rows=4, cols=4)
    _no_borders(table)
    _fixed_widths(table, widths)
    _cell_margins(table, 0.0)
    rows = (("Nomor", "{{ nomor }}"), ("Sifat", "{{ sifat }}"),
            ("Lampiran", "{{ lampiran }}"), ("Hal", "{{ hal }}"))
    for i, (label, value) in enumerate(rows):
        cells = table.rows[i].cells
        _cell_para(cells[0], label)
        _cell_para(cells[1], ":")
        if i == 0:
            _cell_para(cells[2], value)
            _cell_para(cells[3], "{{ tempat_tanggal }}", align="right")
        else:
            merged = cells[2].merge(cells[3])
            _cell_para(merged, value, align="justify" if i == 3 else "left")


def add_addressee(doc: Document) -> None:
    """Yth. addressee, "di" and the place, as in a surat dinas."""
    _para(doc, "Yth. {{ kepada }}", before=14)
    _para(doc, "di")
    p = _para(doc, "{{ di }}", after=10)
    p.paragraph_format.left_indent = Cm(1.0)


def _numbered_loop(doc: Document, item: str, items: str, indent_cm: float, **kw: Any) -> None:
    """A docxtpl paragraph loop: "1.<tab>item;" with a hanging indent, "." after the last."""
    _para(doc, f"{{%p for {item} in {items} %}}")
    p = _para(doc, f"{{{{ loop.index }}}}.\t{{{{ {item} }}}}{{{{ ';' if not loop.last else '.' }}}}",
              **kw)
    p.paragraph_format.left_indent = Cm(indent_cm)
    p.paragraph_format.first_line_indent = Cm(-indent_cm)
    p.paragraph_format.tab_stops.add_tab_stop(Cm(indent_cm))
    _para(doc, "{%p endfor %}")


def add_legal_basis(doc: Document) -> None:
    """Opening sentence and the numbered legal basis."""
    _para(doc, _INTRO, align="justify", after=3)
    _numbered_loop(doc, "d", "dasar_hukum", 0.7, align="justify")


def _loop_table(doc: Document, columns: Sequence[tuple[str, str, float, str]], *, size: Pt,
                margin_cm: float, loop: str, extra_rows: int = 0) -> Table:
    """Grid table: shaded repeating header, one docxtpl row loop ({%tr for <loop> %}), then
    extra_rows empty rows for the caller."""
    table = doc.add_table(rows=4 + extra_rows, cols=len(columns))
    _grid_borders(table)
    _fixed_widths(table, [c[2] for c in columns])
    _cell_margins(table, margin_cm)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    head, loop_start, body, loop_end = table.rows[:4]
    for cell, (title, _, _, _) in zip(head.cells, columns, strict=True):
        _cell_para(cell, title, bold=True, size=size, align="center")
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        _shade(cell)
    _row_flags(head, header=True)
    _cell_para(loop_start.cells[0], f"{{%tr for {loop} %}}")
    for cell, (_, text, _, align) in zip(body.cells, columns, strict=True):
        _cell_para(cell, text, size=size, align=align)
    _row_flags(body)
    _cell_para(loop_end.cells[0], "{%tr endfor %}")
    return table


def add_figures(doc: Document) -> None:
    """Figures per body: count, months, premium per person per month, subtotal; total row."""
    small = Pt(9.5)
    table = _loop_table(doc, FIGURE_COLUMNS, size=small, margin_cm=0.1, loop="r in rincian",
                        extra_rows=1)
    total = table.rows[4]
    label = total.cells[0].merge(total.cells[2])
    _cell_para(label, "JUMLAH", bold=True, size=small, align="center")
    _cell_para(total.cells[3], "{{ jumlah_orang }}", bold=True, size=small, align="right")
    total.cells[4].merge(total.cells[5])
    _cell_para(total.cells[6], "{{ total_rupiah }}", bold=True, size=small, align="right")
    _row_flags(total)


def add_signer(doc: Document, before: float = 12, keep_last: bool = False) -> None:
    """Signer block on the right: jabatan, space for the signature, name, NIP when given.

    keep_last: the name (and NIP) stay with what follows, so a Tembusan never starts a page.
    """
    def right(text: str, **kw) -> Paragraph:  # type: ignore[no-untyped-def]
        p = _para(doc, text, align="center", **{"keep_next": True, **kw})
        p.paragraph_format.left_indent = SIGNER_INDENT
        return p

    right("{{ ttd.jabatan }},", before=before, after=46)
    right("{{ ttd.nama }}", bold=True, keep_next=keep_last)
    _para(doc, "{%p if ttd.nip %}")
    right("NIP {{ ttd.nip }}", keep_next=keep_last)
    _para(doc, "{%p endif %}")


def add_tembusan(doc: Document) -> None:
    """Tembusan Yth.: numbered list; nothing at all when the list is empty."""
    small = Pt(9.5)
    _para(doc, "{%p if tembusan %}")
    _para(doc, "Tembusan Yth.:", size=small, before=10, keep_next=True)
    # keep_next: the list moves as a block, never split over two pages
    _numbered_loop(doc, "t", "tembusan", 0.6, size=small, keep_next=True)
    _para(doc, "{%p endif %}")


def add_participant_page(doc: Document) -> None:
    """Lampiran page with the participant table, only when the list is short."""
    _para(doc, "{%p if peserta_tabel %}")
    head_lines = ("LAMPIRAN SURAT {{ kantor.nama }}", "NOMOR\t: {{ nomor }}",
                  "TANGGAL\t: {{ tanggal }}")
    for i, text in enumerate(head_lines):
        p = _para(doc, text, size=Pt(10))
        p.paragraph_format.left_indent = Cm(8.5)
        p.paragraph_format.tab_stops.add_tab_stop(Cm(10.8))
        if i == 0:
            p.paragraph_format.page_break_before = True
    _para(doc, "DAFTAR NAMA PESERTA", bold=True, align="center", before=12)
    _para(doc, "{{ hal }}", align="center", after=8)
    _loop_table(doc, PESERTA_COLUMNS, size=Pt(9), margin_cm=0.08, loop="p in peserta")
    add_signer(doc, before=18)
    _para(doc, "{%p endif %}")


def build(kind: str) -> Document:
    """One letter template (pemda, bpjs_tk or bpjs_kes)."""
    doc = Document()
    _set_base_style(doc)
    _set_page(doc)
    doc.core_properties.author = "kpps-xl"
    doc.core_properties.title = ""
    doc.core_properties.comments = ""
    body = doc.element.body
    for p in list(body.iterchildren(qn("w:p"))):
        body.remove(p)
    add_kop(doc)
    add_heading_block(doc)
    add_addressee(doc)
    add_legal_basis(doc)
    request, total = BODIES[kind]
    _para(doc, request, align="justify", before=6, after=6, keep_next=True)
    add_figures(doc)
    _para(doc, total, align="justify", before=6, after=6)
    _para(doc, _CLOSING, align="justify", keep_next=True)
    add_signer(doc, keep_last=True)
    add_tembusan(doc)
    add_participant_page(doc)
    return doc


def main(out_dir: Path) -> list[Path]:
    """Write the three templates into out_dir."""
    written = []
    for kind, name in TEMPLATE_FILES.items():
        path = out_dir / name
        build(kind).save(path)
        written.append(path)
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent
    for path in main(target):
        sys.stdout.write(f"{path}\n")
