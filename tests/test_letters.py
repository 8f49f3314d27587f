"""Letters rendered from the shipped templates with OKU Selatan figures: golden text and safety."""

from __future__ import annotations

import importlib.util
import zipfile
from pathlib import Path

import openpyxl
import pytest
from docxtpl import DocxTemplate
from test_letters_helpers import (
    docx_texts,
    docx_xml,
    okus_budget,
    okus_roster,
    okus_sections,
    okus_settings,
)

from kpps_xl.letters import LetterError, render_letters, skipped_letters
from kpps_xl.letters.render import jinja_env

ROOT = Path(__file__).resolve().parents[1]

KOP = [
    "KOMISI PEMILIHAN UMUM",
    "KABUPATEN OGAN KOMERING ULU SELATAN",
    "Jalan Raya Ranau & Pasar <Km. 3>, Muaradua, Telepon (0735) 590000",
    "Email: kab.okuselatan@kpu.go.id   Laman: kab-okuselatan.kpu.go.id",
]
INTRO = ("Dalam rangka penyelenggaraan Pemilihan Umum Tahun 2024 di Kabupaten Ogan Komering "
         "Ulu Selatan, dengan memperhatikan ketentuan:")
UU_7 = "Undang-Undang Nomor 7 Tahun 2017 tentang Pemilihan Umum"
PKPU_8 = ("Peraturan Komisi Pemilihan Umum Nomor 8 Tahun 2022 tentang Pembentukan dan Tata "
          "Kerja Badan Ad Hoc Penyelenggara Pemilihan Umum dan Pemilihan Gubernur dan Wakil "
          "Gubernur, Bupati dan Wakil Bupati, serta Wali Kota dan Wakil Wali Kota")
TK_BASIS = [
    f"1.\t{UU_7};",
    f"2.\t{PKPU_8};",
    "3.\tPeraturan Pemerintah Nomor 44 Tahun 2015 tentang Penyelenggaraan Program Jaminan "
    "Kecelakaan Kerja dan Jaminan Kematian sebagaimana telah diubah terakhir dengan Peraturan "
    "Pemerintah Nomor 49 Tahun 2023;",
    "4.\tInstruksi Presiden Nomor 2 Tahun 2021 tentang Optimalisasi Pelaksanaan Program "
    "Jaminan Sosial Ketenagakerjaan.",
]
TABLE_HEAD = ["No", "Badan", "Program", "Jumlah Orang", "Masa Kerja", "Iuran/Orang/ Bulan",
              "Jumlah"]
OKUS_ROWS = [
    "1", "KPPS", "JKK dan JKM (BPU)", "9.464", "1 bulan", "Rp16.800", "Rp158.995.200",
    "2", "PPK/PPS", "JKK dan JKM (BPU)", "876", "6 bulan", "Rp16.800", "Rp88.300.800",
    "JUMLAH", "10.340", "Rp247.296.000",
]
COUNTS_ONLY = ("Jumlah KPPS 9.464 orang (3 nama terlampir) dan PPK/PPS 876 orang (1 nama "
               "terlampir) dihitung dari jumlah petugas yang direncanakan, bukan dari daftar "
               "nama; daftar nama selengkapnya akan kami sampaikan kemudian.")
WORDS = "dua ratus empat puluh tujuh juta dua ratus sembilan puluh enam ribu rupiah"
CLOSING_AND_SIGNER = [
    "Demikian disampaikan, atas perhatian dan kerja samanya diucapkan terima kasih.",
    "KETUA KOMISI PEMILIHAN UMUM KABUPATEN OGAN KOMERING ULU SELATAN,",
    "Budi & <Rekan>",
    "Tembusan Yth.:",
    "1.\tKetua KPU Provinsi Sumatera Selatan;",
    "2.\tKetua Bawaslu Kabupaten Ogan Komering Ulu Selatan;",
    "3.\tArsip.",
]
PESERTA_HEAD = ["No", "Nama", "NIK", "Tanggal Lahir", "Jabatan", "TPS", "Kelurahan/ Desa",
                "Kecamatan"]


def heading(nomor: str, hal: str, kepada: str, di: str) -> list[str]:
    return [*KOP, "Nomor", ":", nomor, "Muaradua, 12 Januari 2024", "Sifat", ":", "Penting",
            "Lampiran", ":", "1 (satu) berkas", "Hal", ":", hal, f"Yth. {kepada}", "di", di]


def letter_part(texts: list[str]) -> list[str]:
    """Texts up to the end of the tembusan (the lampiran page follows)."""
    return texts[: texts.index("3.\tArsip.") + 1]


@pytest.fixture()
def okus_out(tmp_path: Path) -> dict[str, Path]:
    paths = render_letters(okus_budget(), okus_roster(), okus_settings(), tmp_path)
    return {p.name: p for p in paths}


def test_okus_pemda_letter_golden_text(okus_out):
    hal = ("Permohonan Fasilitasi Anggaran Iuran Jaminan Sosial Ketenagakerjaan bagi Badan Ad "
           "Hoc Pemilihan Umum Tahun 2024")
    expected = [
        *heading("045/PP.04-SD/1609/2024", hal, "Bupati Ogan Komering Ulu Selatan",
                 "Muaradua"),
        INTRO, *TK_BASIS,
        "Sehubungan dengan hal tersebut, kami mohon Pemerintah Kabupaten Ogan Komering Ulu "
        "Selatan berkenan memfasilitasi anggaran iuran Jaminan Kecelakaan Kerja (JKK) dan "
        "Jaminan Kematian (JKM) BPJS Ketenagakerjaan bagi badan ad hoc penyelenggara "
        "pemilihan, dengan rincian sebagai berikut:",
        *TABLE_HEAD, *OKUS_ROWS,
        f"Jumlah kebutuhan anggaran seluruhnya sebesar Rp247.296.000 ({WORDS}) untuk 10.340 "
        "orang. Daftar nama 4 orang peserta (KPPS, PPK/PPS) tercantum dalam lampiran surat "
        f"ini. {COUNTS_ONLY}",
        *CLOSING_AND_SIGNER,
    ]
    assert letter_part(docx_texts(okus_out["surat_pemda.docx"])) == expected


def test_okus_bpjs_ketenagakerjaan_letter_golden_text(okus_out):
    hal = ("Pendaftaran Peserta Jaminan Sosial Ketenagakerjaan bagi Badan Ad Hoc Pemilihan "
           "Umum Tahun 2024")
    expected = [
        *heading("046/PP.04-SD/1609/2024", hal,
                 "Kepala BPJS Ketenagakerjaan Kantor Cabang Baturaja", "Baturaja"),
        INTRO, *TK_BASIS,
        "Sehubungan dengan hal tersebut, bersama ini kami sampaikan permohonan pendaftaran "
        "badan ad hoc penyelenggara pemilihan di wilayah Kabupaten Ogan Komering Ulu Selatan "
        "sebagai peserta program Jaminan Kecelakaan Kerja (JKK) dan Jaminan Kematian (JKM) "
        "BPJS Ketenagakerjaan, dengan rincian sebagai berikut:",
        *TABLE_HEAD, *OKUS_ROWS,
        f"Jumlah iuran seluruhnya sebesar Rp247.296.000 ({WORDS}) untuk 10.340 orang peserta. "
        "Daftar nama 4 orang peserta (KPPS, PPK/PPS) beserta Nomor Induk Kependudukan (NIK) "
        f"tercantum dalam lampiran surat ini. {COUNTS_ONLY}",
        *CLOSING_AND_SIGNER,
    ]
    assert letter_part(docx_texts(okus_out["surat_bpjs_ketenagakerjaan.docx"])) == expected


def test_okus_bpjs_kesehatan_letter_golden_text_lists_only_inactive_jkn(tmp_path):
    render_letters(okus_budget(jkn=1_099), okus_roster(), okus_settings(), tmp_path)
    texts = docx_texts(tmp_path / "surat_bpjs_kesehatan.docx")
    hal = ("Pendaftaran Peserta Jaminan Kesehatan Nasional bagi Badan Ad Hoc Pemilihan Umum "
           "Tahun 2024")
    expected = [
        *heading("047/PP.04-SD/1609/2024", hal, "Kepala BPJS Kesehatan Kantor Cabang Baturaja",
                 "Baturaja"),
        INTRO,
        f"1.\t{UU_7};",
        f"2.\t{PKPU_8};",
        "3.\tInstruksi Presiden Nomor 1 Tahun 2022 tentang Optimalisasi Pelaksanaan Program "
        "Jaminan Kesehatan Nasional;",
        "4.\tSurat Edaran Bersama Menteri Dalam Negeri Nomor 400.5/6257/SJ, Ketua Komisi "
        "Pemilihan Umum Nomor 20 Tahun 2023, Ketua Badan Pengawas Pemilihan Umum Nomor "
        "3576.1/PM.04/K1/11/2023, dan Direktur Utama Badan Penyelenggara Jaminan Sosial "
        "Kesehatan Nomor 2 Tahun 2023 tanggal 20 November 2023 tentang Pelaksanaan Skrining "
        "Riwayat Kesehatan dan Optimalisasi Kepesertaan Aktif Jaminan Kesehatan Nasional bagi "
        "Petugas Penyelenggara Pemilu dan Pilkada Tahun 2024 di Lingkungan Pemerintah Daerah.",
        "Sehubungan dengan hal tersebut, bersama ini kami sampaikan permohonan pendaftaran atau "
        "pengaktifan kembali kepesertaan Jaminan Kesehatan Nasional (JKN) BPJS Kesehatan bagi "
        "badan ad hoc penyelenggara pemilihan di wilayah Kabupaten Ogan Komering Ulu Selatan "
        "yang belum memiliki kepesertaan JKN aktif, dengan rincian sebagai berikut:",
        *TABLE_HEAD,
        "1", "KPPS", "JKN Kelas III", "1.099", "1 bulan", "Rp42.000", "Rp46.158.000",
        "JUMLAH", "1.099", "Rp46.158.000",
        "Jumlah iuran seluruhnya sebesar Rp46.158.000 (empat puluh enam juta seratus lima puluh "
        "delapan ribu rupiah) untuk 1.099 orang peserta. Daftar nama 2 orang peserta (KPPS) "
        "beserta Nomor Induk Kependudukan (NIK) tercantum dalam lampiran surat ini. Jumlah "
        "KPPS 1.099 orang (2 nama terlampir) dihitung dari jumlah petugas yang direncanakan, "
        "bukan dari daftar nama; daftar nama selengkapnya akan kami sampaikan kemudian.",
        *CLOSING_AND_SIGNER,
    ]
    assert letter_part(texts) == expected
    lampiran = texts[len(expected):]
    assert lampiran[:5] == [
        "LAMPIRAN SURAT KOMISI PEMILIHAN UMUM KABUPATEN OGAN KOMERING ULU SELATAN",
        "NOMOR\t: 047/PP.04-SD/1609/2024", "TANGGAL\t: 12 Januari 2024",
        "DAFTAR NAMA PESERTA", hal]
    # Ahmad (aktif) and the PPS member (aktif, no JKN line) are not listed.
    assert lampiran[5:] == [
        *PESERTA_HEAD,
        "1", "Rina Marlina", "1609016207920003", "22-07-1992", "Anggota KPPS", "002",
        "Bumi Agung", "Muaradua",
        "2", "Siti & <Ani>", "1609014102900001", "01-02-1990", "Ketua KPPS", "001",
        "Pasar Muaradua", "Muaradua",
        "KETUA KOMISI PEMILIHAN UMUM KABUPATEN OGAN KOMERING ULU SELATAN,", "Budi & <Rekan>",
    ]


def test_pemda_letter_with_jkn_quotes_both_programmes_and_grand_total(tmp_path):
    render_letters(okus_budget(jkn=1_099), okus_roster(), okus_settings(), tmp_path)
    texts = docx_texts(tmp_path / "surat_pemda.docx")
    assert ("Permohonan Fasilitasi Anggaran Iuran Jaminan Sosial Ketenagakerjaan dan Jaminan "
            "Kesehatan bagi Badan Ad Hoc Pemilihan Umum Tahun 2024") in texts
    at = texts.index("JKN Kelas III")
    assert texts[at - 2: at + 2] == ["3", "KPPS", "JKN Kelas III", "1.099"]
    assert "Rp293.454.000" in texts  # 247.296.000 + 46.158.000


def test_ampersand_and_angle_brackets_print_as_typed_in_every_letter(okus_out):
    for name in ("surat_pemda.docx", "surat_bpjs_ketenagakerjaan.docx"):
        texts = docx_texts(okus_out[name])
        assert "Siti & <Ani>" in texts
        assert "Budi & <Rekan>" in texts
        assert KOP[2] in texts
        xml = docx_xml(okus_out[name])
        assert "Siti &amp; &lt;Ani&gt;" in xml  # escaped once, valid XML


def test_no_template_tags_left_anywhere_in_the_output(tmp_path):
    sections = okus_sections()
    sections["surat"]["batas_tabel_lampiran"] = 2
    paths = render_letters(okus_budget(jkn=10), okus_roster(), okus_settings(sections),
                           tmp_path)
    docx = [p for p in paths if p.suffix == ".docx"]
    assert len(docx) == 3
    for path in docx:
        xml = docx_xml(path)
        for tag in ("{{", "}}", "{%", "%}", "{#"):
            assert tag not in xml, (path.name, tag)


def test_long_participant_list_says_terlampir_and_leaves_the_table_out(tmp_path):
    sections = okus_sections()
    sections["surat"]["batas_tabel_lampiran"] = 3
    render_letters(okus_budget(), okus_roster(), okus_settings(sections), tmp_path)
    texts = docx_texts(tmp_path / "surat_pemda.docx")
    assert ("Jumlah kebutuhan anggaran seluruhnya sebesar Rp247.296.000 "
            f"({WORDS}) untuk 10.340 orang. Daftar nama 4 orang peserta (KPPS, PPK/PPS) "
            f"terlampir. {COUNTS_ONLY}") in texts
    assert not any("lampiran_pemda.xlsx" in t for t in texts)  # "terlampir", no file name
    assert "DAFTAR NAMA PESERTA" not in texts
    assert "1609014102900001" not in texts
    assert texts[-1] == "3.\tArsip."


def test_lampiran_workbook_stores_nik_as_sixteen_digit_text(okus_out):
    wb = openpyxl.load_workbook(okus_out["lampiran_pemda.xlsx"])
    ws = wb["Daftar Peserta"]
    header = [c.value for c in ws[1]]
    assert header == ["No", "Nama", "NIK", "Tanggal Lahir", "Jabatan", "Badan", "TPS",
                      "Kelurahan/Desa", "Kecamatan"]
    niks = [row[2] for row in ws.iter_rows(min_row=2)]
    assert len(niks) == 4
    for cell in niks:
        assert cell.data_type == "s"
        assert cell.number_format == "@"
        assert isinstance(cell.value, str) and len(cell.value) == 16 and cell.value.isdigit()
    assert [r[1].value for r in ws.iter_rows(min_row=2)][2] == "Siti & <Ani>"
    assert [r[6].value for r in ws.iter_rows(min_row=2)][2] == "001"
    rekap = [list(r) for r in wb["Rekap Anggaran"].iter_rows(values_only=True)]
    assert rekap[-3:] == [
        [1, "KPPS", "JKK dan JKM (BPU)", 9464, 1, 16800, 158995200],
        [2, "PPK/PPS", "JKK dan JKM (BPU)", 876, 6, 16800, 88300800],
        [None, "JUMLAH", None, 10340, None, None, 247296000],
    ]


def test_nik_typed_with_spaces_and_dots_is_cleaned_not_renumbered(tmp_path):
    roster = okus_roster()
    roster.df.loc[0, "nik"] = "'1609 0141.0290-0001"
    render_letters(okus_budget(), roster, okus_settings(), tmp_path)
    ws = openpyxl.load_workbook(tmp_path / "lampiran_pemda.xlsx")["Daftar Peserta"]
    assert "1609014102900001" in [r[2].value for r in ws.iter_rows(min_row=2)]


def test_kesehatan_letter_skipped_when_budget_has_no_jkn(okus_out, tmp_path):
    assert set(okus_out) == {"surat_pemda.docx", "lampiran_pemda.xlsx",
                             "surat_bpjs_ketenagakerjaan.docx",
                             "lampiran_bpjs_ketenagakerjaan.xlsx"}
    reasons = skipped_letters(okus_budget(), okus_settings())
    assert list(reasons) == ["bpjs_kes"]
    assert "BPJS Kesehatan tidak dibuat" in reasons["bpjs_kes"]


def test_signer_nip_printed_only_when_given(tmp_path):
    sections = okus_sections()
    sections["surat"]["penanda_tangan"] = {"jabatan": "SEKRETARIS KPU KABUPATEN OKU SELATAN",
                                           "nama": "Drs. Hasan", "nip": "197001011990031001"}
    render_letters(okus_budget(), okus_roster(), okus_settings(sections), tmp_path)
    texts = docx_texts(tmp_path / "surat_pemda.docx")
    assert texts.count("NIP 197001011990031001") == 2  # letter and lampiran page
    assert "SEKRETARIS KPU KABUPATEN OKU SELATAN," in texts


def test_pilkada_preset_cites_uu_10_2016_and_mendagri_letter(tmp_path):
    sections = okus_sections()
    sections["surat"]["pemilihan"] = "pilkada"
    render_letters(okus_budget(), okus_roster(), okus_settings(sections), tmp_path)
    text = "\n".join(docx_texts(tmp_path / "surat_bpjs_ketenagakerjaan.docx"))
    assert "Undang-Undang Nomor 10 Tahun 2016" in text
    assert "400.5.7/4295/SJ" in text
    assert "Undang-Undang Nomor 7 Tahun 2017" not in text


def _user_template(path: Path, text: str) -> Path:
    from docx import Document

    doc = Document()
    doc.add_paragraph(text)
    doc.save(str(path))
    return path


def test_user_template_with_unknown_fields_stops_with_the_list_and_writes_nothing(tmp_path):
    template = _user_template(tmp_path / "saya.docx",
                              "{{ nomor }} {{ nama_bupati }} {{ alamat_bpjs }} {{ hal }}")
    out = tmp_path / "out"
    with pytest.raises(LetterError) as err:
        render_letters(okus_budget(), okus_roster(), okus_settings(), out, template=template)
    message = str(err.value)
    assert "alamat_bpjs, nama_bupati" in message
    assert "Isian yang tersedia" in message and "total_rupiah" in message
    assert not out.exists()


def test_user_template_with_filters_renders_for_every_letter(tmp_path):
    template = _user_template(
        tmp_path / "saya.docx",
        "{{ kepada }}: {{ total|rupiah }} / {{ total|terbilang }} / {{ peserta_jumlah }}")
    paths = render_letters(okus_budget(), okus_roster(), okus_settings(), tmp_path / "o",
                           template=template)
    texts = docx_texts(tmp_path / "o" / "surat_pemda.docx")
    assert texts == ["Bupati Ogan Komering Ulu Selatan: Rp247.296.000 / dua ratus empat puluh "
                     "tujuh juta dua ratus sembilan puluh enam ribu / 4"]
    assert len([p for p in paths if p.suffix == ".docx"]) == 2


def test_user_template_with_misspelt_attribute_names_the_field(tmp_path):
    template = _user_template(tmp_path / "saya.docx", "{{ kantor.faksimile }}")
    with pytest.raises(LetterError, match="'faksimile'"):
        render_letters(okus_budget(), okus_roster(), okus_settings(), tmp_path / "o",
                       template=template)


def test_shipped_templates_use_only_context_fields(tmp_path):
    from kpps_xl.letters.config import letter_setup, parse_letter_settings
    from kpps_xl.letters.context import build_context
    from kpps_xl.letters.render import TEMPLATE_FILES

    ls = parse_letter_settings(okus_settings())
    for kind, name in TEMPLATE_FILES.items():
        context = build_context(kind, okus_budget(jkn=5), [], ls, letter_setup(ls, kind), "x")
        doc = DocxTemplate(str(ROOT / "templates" / name))
        assert doc.get_undeclared_template_variables(jinja_env(), context) == set(), name


def test_committed_templates_match_the_generator(tmp_path):
    spec = importlib.util.spec_from_file_location("build_templates",
                                                  ROOT / "templates" / "build_templates.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for path in module.main(tmp_path):
        with zipfile.ZipFile(path) as new, zipfile.ZipFile(ROOT / "templates" / path.name) as old:
            assert new.read("word/document.xml") == old.read("word/document.xml"), path.name


def test_templates_are_reachable_through_the_package():
    import importlib.resources

    folder = importlib.resources.files("kpps_xl") / "templates"
    names = {p.name for p in folder.iterdir()}
    assert {"surat_pemda.docx", "surat_bpjs_ketenagakerjaan.docx",
            "surat_bpjs_kesehatan.docx"} <= names


def test_pemda_letter_with_jkn_lines_counts_each_person_once(tmp_path):
    # 9.464 KPPS + 876 PPK/PPS = 10.340 people; the 1.099 JKN lines are the same KPPS again.
    render_letters(okus_budget(jkn=1_099), okus_roster(), okus_settings(), tmp_path)
    texts = docx_texts(tmp_path / "surat_pemda.docx")
    at = texts.index("JUMLAH")
    assert texts[at: at + 3] == ["JUMLAH", "10.340", "Rp293.454.000"]
    assert any("untuk 10.340 orang" in t for t in texts)
    rekap = openpyxl.load_workbook(tmp_path / "lampiran_pemda.xlsx")["Rekap Anggaran"]
    (total,) = [r for r in rekap.iter_rows(values_only=True) if r[1] == "JUMLAH"]
    assert (total[3], total[6]) == (10_340, 293_454_000)
    kes = openpyxl.load_workbook(tmp_path / "lampiran_bpjs_kesehatan.xlsx")["Rekap Anggaran"]
    (total,) = [r for r in kes.iter_rows(values_only=True) if r[1] == "JUMLAH"]
    assert total[3] == 1_099  # a JKN-only letter counts its JKN people


def test_bpjs_kesehatan_letter_lists_only_roles_with_jkn_lines_and_inactive_jkn(tmp_path):
    from test_budget_helpers import kpps_rows, roster_of

    from kpps_xl.budget import compute_budget

    rows = kpps_rows("MUARADUA", "BUMI AGUNG", 1, status_jkn="Tidak aktif")
    rows[1]["status_jkn"] = "Ya"  # an anggota with active JKN
    rows += [{"kecamatan": "MUARADUA", "badan": "PPK", "peran": "ketua", "status_jkn": None}]
    for i, row in enumerate(rows):
        row["nama"] = f"{row['badan']} {row['peran']} {i}"
    sections = okus_sections()
    sections["anggaran"] = {"peran": {"ketua_kpps": {"jkn": True}}}  # JKN for the ketua only
    settings = okus_settings(sections)
    roster = roster_of(rows)
    budget = compute_budget(roster, settings)
    render_letters(budget, roster, settings, tmp_path)
    ws = openpyxl.load_workbook(tmp_path / "lampiran_bpjs_kesehatan.xlsx")["Daftar Peserta"]
    assert [r[1] for r in ws.iter_rows(min_row=2, values_only=True)] == ["KPPS ketua 0"]
    ws = openpyxl.load_workbook(tmp_path / "lampiran_pemda.xlsx")["Daftar Peserta"]
    assert len(list(ws.iter_rows(min_row=2))) == 8  # every budgeted person, once


def test_empty_tembusan_list_prints_no_tembusan_heading(tmp_path):
    sections = okus_sections()
    sections["surat"]["pemda"]["tembusan"] = []  # this letter: none
    sections["surat"]["tembusan"] = []  # every other letter: none either (not the default)
    render_letters(okus_budget(), okus_roster(), okus_settings(sections), tmp_path)
    for name in ("surat_pemda.docx", "surat_bpjs_ketenagakerjaan.docx"):
        texts = docx_texts(tmp_path / name)
        assert not any(t.startswith("Tembusan") for t in texts), name
        assert "Arsip" not in " ".join(texts)
        assert texts[-1] == "Budi & <Rekan>"  # the signer closes the letter


def test_user_template_indexing_an_empty_list_names_the_failing_expression(tmp_path):
    # peserta is empty when the list is longer than batas_tabel_lampiran (here: 0)
    sections = okus_sections()
    sections["surat"]["batas_tabel_lampiran"] = 0
    template = _user_template(tmp_path / "saya.docx",
                              "{{ nomor }} {% for p in rincian %}{{ p.badan }}{% endfor %} "
                              "{{ peserta[0].nama }}")
    with pytest.raises(LetterError) as err:
        render_letters(okus_budget(), okus_roster(), okus_settings(sections), tmp_path / "o",
                       template=template)
    message = str(err.value)
    assert "{{ peserta[0].nama }}" in message and "saya.docx" in message
    assert not message.split(": ", 1)[0].endswith("'list object has no element 0'")
    assert "isian 'list object" not in message


def test_misspelt_attribute_message_also_shows_the_expression(tmp_path):
    template = _user_template(tmp_path / "saya.docx", "{{ kantor.nama }} {{ kantor.faksimile }}")
    with pytest.raises(LetterError, match=r"'faksimile'.*\{\{ kantor\.faksimile \}\}"):
        render_letters(okus_budget(), okus_roster(), okus_settings(), tmp_path / "o",
                       template=template)


def test_closing_signer_and_tembusan_move_as_one_block_so_tembusan_never_starts_a_page(okus_out):
    from docx import Document

    for name in ("surat_pemda.docx", "surat_bpjs_ketenagakerjaan.docx"):
        paragraphs = [p for p in Document(str(okus_out[name])).paragraphs if p.text.strip()]
        texts = [p.text for p in paragraphs]
        block = paragraphs[texts.index(CLOSING_AND_SIGNER[0]): texts.index("3.\tArsip.")]
        assert [p.text for p in block][:3] == CLOSING_AND_SIGNER[:3]
        assert all(p.paragraph_format.keep_with_next for p in block), name


def test_exclusions_are_stated_in_every_letter_with_the_top_reasons(tmp_path):
    from kpps_xl.eligible import Exclusion

    def out(row: int, code: str, why: str) -> Exclusion:
        return Exclusion("a.xlsx", "KEC A", row, "X", "", "Anggota", "001", (why,), (code,))

    excluded = [out(5, "nik.missing", "NIK kosong."), out(6, "nik.missing", "NIK kosong."),
                out(7, "age.under_min", "Usia 16."), out(8, "nik.format", "15 digit."),
                out(9, "dup.nik", "NIK ganda"), out(10, "field.missing", "Nama kosong.")]
    render_letters(okus_budget(), okus_roster(), okus_settings(), tmp_path, excluded=excluded)
    text = " ".join(docx_texts(tmp_path / "surat_pemda.docx"))
    assert ("Sebanyak 6 baris daftar petugas tidak diikutsertakan dalam rincian dan daftar nama "
            "karena datanya belum lengkap atau belum benar (NIK kosong 2; ") in text
    assert "2 alasan lain); rinciannya tercantum pada lembar Dikecualikan" in text


# --- templates received from elsewhere cannot run code (Jinja2 sandbox) ---

_ESCAPES = (
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ cycler.__init__.__globals__.os.popen('touch MARKER').read() }}",
    "{{ joiner.__init__.__globals__['os'].system('touch MARKER') }}",
    "{{ lipsum.__globals__['os'].popen('touch MARKER') }}",
    "{{ namespace.__init__.__globals__ }}",
    "{{ self.__init__.__globals__ }}",
    "{{ kantor.__class__.__init__.__globals__ }}",
    "{{ peserta.__len__() }}",
    "{% set x = kantor|attr('__class__') %}{{ x }}",
    "{{ (kantor|attr('__dict__')) }}",
    "{% for c in [].__class__.__base__.__subclasses__() %}{{ c }}{% endfor %}",
)


@pytest.mark.parametrize("text", _ESCAPES)
def test_a_template_reaching_outside_its_context_is_refused_and_runs_nothing(tmp_path, text):
    marker = tmp_path / "MARKER"
    template = _user_template(tmp_path / "jahat.docx",
                              "{{ nomor }} " + text.replace("MARKER", str(marker)))
    out = tmp_path / "out"
    with pytest.raises(LetterError) as err:
        render_letters(okus_budget(), okus_roster(), okus_settings(), out, template=template)
    assert "tidak diizinkan" in str(err.value) and "jahat.docx" in str(err.value)
    assert not marker.exists()
    assert not list(out.glob("*.docx")) if out.exists() else True


def test_a_template_cannot_change_the_context_it_is_given(tmp_path):
    template = _user_template(tmp_path / "ubah.docx", "{{ peserta.append(1) }}{{ nomor }}")
    with pytest.raises(LetterError, match="tidak diizinkan"):
        render_letters(okus_budget(), okus_roster(), okus_settings(), tmp_path / "o",
                       template=template)


def test_the_letter_environment_is_sandboxed_and_strict():
    from jinja2.sandbox import SandboxedEnvironment

    env = jinja_env()
    assert isinstance(env, SandboxedEnvironment) and env.autoescape
    assert not {"cycler", "joiner", "lipsum", "namespace"} & set(env.globals)
    assert env.from_string("{{ a }}").render(a="<b>") == "&lt;b&gt;"
