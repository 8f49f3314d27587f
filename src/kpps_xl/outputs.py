"""Inputs are sacred: no output path may overwrite an input; kpps-xl's own outputs are known."""

from __future__ import annotations

import os
import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from kpps_xl.errors import KppsError

ANNOTATED_SUFFIX = "-diperiksa"
ROSTER_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xls", ".xlsb", ".ods", ".csv"})

# What each kind of kpps-xl output workbook contains: the sheets its writer always creates
# (tests/test_outputs.py keeps these equal to the writers' own constants).
OWN_SIGNATURES: dict[str, frozenset[str]] = {
    "diperiksa": frozenset({"Temuan", "Ringkasan"}),
    "anggaran": frozenset({"Parameter", "Anggaran", "Rekap"}),
    "lampiran": frozenset({"Daftar Peserta", "Rekap Anggaran"}),
    "tindak-lanjut": frozenset({"Tindak Lanjut"}),  # only this sheet (kpps-xl tindak-lanjut)
}
_EXACT = frozenset({"tindak-lanjut"})  # kinds recognised only when these are all the sheets
# Output options and what they write: a workbook kind the folder reader will skip, or None
# for a text file (JSON, XML) that must never carry a roster suffix inside an input folder.
OUTPUT_KINDS: dict[str, str | None] = {
    "--laporan": None, "--junit": None, "--tandai": "diperiksa",
    "--keluaran": "anggaran", "--json": None,
}

_SHEET_NAME = re.compile(rb'<(?:\w+:)?sheet\b[^>]*\bname="([^"]*)"')


class OutputRefused(KppsError):
    """An output path that would overwrite an input, or be read as one next time."""


def sheet_names(path: Path) -> frozenset[str]:
    """Sheet names from xl/workbook.xml, without loading the workbook; empty when unreadable
    (then it is not a kpps-xl output, and the roster reader reports the damage itself)."""
    from xml.sax.saxutils import unescape

    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo("xl/workbook.xml")
            if info.file_size > 8_000_000:
                return frozenset()
            xml = archive.read(info)
    except (OSError, zipfile.BadZipFile, KeyError, RuntimeError, ValueError):
        return frozenset()
    return frozenset(unescape(m.decode("utf-8", "replace"), {"&quot;": '"'})
                     for m in _SHEET_NAME.findall(xml))


def own_output_kind(path: Path) -> str | None:
    """The kind of kpps-xl output path is (an OWN_SIGNATURES key), or None for any other file.

    Recognised by content (the sheets its writer creates); an annotated copy also by its name
    (``X-diperiksa.xlsx``), because the Excel add-in puts Temuan/Ringkasan into the clerk's own
    roster in place, and that roster must still be read.
    """
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        return None
    names = sheet_names(path)
    for kind, needed in OWN_SIGNATURES.items():
        if kind in _EXACT and names != needed:
            continue
        if needed <= names and (kind != "diperiksa" or path.stem.endswith(ANNOTATED_SUFFIX)):
            return kind
    return None


def _real(path: Path) -> Path:
    """Absolute, symlinks resolved, '..' applied (even through folders that do not exist)."""
    return Path(os.path.realpath(os.path.abspath(path)))


def _same(a: Path, b: Path) -> bool:
    if _real(a) == _real(b):
        return True
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)  # hard links
    except OSError:
        return False


def refuse_overwriting_inputs(inputs: Iterable[str | Path],
                              outputs: Sequence[tuple[str, Path]],
                              kinds: Mapping[str, str | None] | None = None) -> None:
    """Raise OutputRefused when an output (option, path) is an input file, or lies in an input
    folder where the next run would read it as a roster.

    inputs are the paths as the user gave them (files and folders); option names the output
    (what it writes: kinds[option] when given, else its OUTPUT_KINDS entry; None for a file the
    folder reader would not recognise as kpps-xl's, which is refused in an input folder).
    Every command that reads rosters and writes files calls this before any work.
    """
    kinds = OUTPUT_KINDS if kinds is None else {**OUTPUT_KINDS, **kinds}
    given = [Path(p) for p in inputs]
    files = [p for p in given if not p.is_dir()]
    folders = [_real(p) for p in given if p.is_dir()]
    for option, out in outputs:
        for source in files:
            if _same(out, source):
                raise OutputRefused(
                    f"{option} {out} adalah berkas masukan yang sedang diperiksa: kpps-xl tidak "
                    "pernah menimpa berkas asli. Pilih nama atau folder lain.")
        real = _real(out)
        if real.parent in folders and real.suffix.lower() in ROSTER_SUFFIXES:
            if real.is_file() and own_output_kind(real) is None:
                raise OutputRefused(
                    f"{option} {out} adalah berkas masukan di folder {real.parent}: kpps-xl "
                    "tidak pernah menimpa berkas asli. Pilih nama atau folder lain.")
            kind = kinds.get(option)
            readable = kind is None or (kind == "diperiksa"
                                        and not real.stem.endswith(ANNOTATED_SUFFIX))
            if readable:
                raise OutputRefused(
                    f"{option} {out} berada di folder masukan {real.parent} dan akan ikut "
                    "dibaca sebagai daftar petugas pada pemeriksaan berikutnya. Tulis ke folder "
                    "lain" + (f", atau beri nama berakhiran {ANNOTATED_SUFFIX}{real.suffix}."
                              if kind == "diperiksa" else "."))


def refuse_inputs_in_folder(inputs: Iterable[str | Path], folder: Path, option: str,
                            written: Iterable[str]) -> None:
    """Raise OutputRefused when an output folder would receive a file named like an input
    (written: the file names or glob patterns the command writes there)."""
    import fnmatch

    target = _real(folder)
    patterns = list(written)
    for source in inputs:
        path = Path(source)
        if path.is_dir():
            continue
        if _real(path).parent == target and any(fnmatch.fnmatch(path.name, p) for p in patterns):
            raise OutputRefused(
                f"{option} {folder}: kpps-xl akan menulis {path.name} di sana, padahal berkas "
                "itu adalah masukan. Pilih folder lain.")
