"""Letters to the Pemda and BPJS from docxtpl templates, with the participant lampiran."""

from kpps_xl.letters.config import LETTER_KINDS
from kpps_xl.letters.formatting import angka, rupiah, tanggal, terbilang, terbilang_rupiah
from kpps_xl.letters.render import LetterError, render_letters, skipped_letters

__all__ = [
    "LETTER_KINDS",
    "LetterError",
    "angka",
    "render_letters",
    "rupiah",
    "skipped_letters",
    "tanggal",
    "terbilang",
    "terbilang_rupiah",
]
