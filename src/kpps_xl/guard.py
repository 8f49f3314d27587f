"""The one guarded entry of every front door: any exception -> an Indonesian message and exit code.

How to use it (CLI commands get it automatically through ``kpps_xl.clikit``):

* Around work on one file or sheet, wrap it in ``located(path, sheet)``. Nothing is caught:
  the exception passing through is only marked with the file (and sheet) it happened in,
  so whoever reports it later can name them. The innermost mark wins.

* At a front door (an Excel script, a server route, a CLI command), use ``guarded()``::

      from kpps_xl.guard import Refusal, guarded

      try:
          with guarded(file=book_path, sheet=sheet_name):
              do_the_work()
      except Refusal as refusal:
          show_to_the_clerk(refusal.message)   # Indonesian, NIKs masked, no traceback
          log(refusal.detail)                  # the traceback text, for --debug or a log
          return refusal.code                  # EXIT_INPUT (2) or EXIT_INTERNAL (3)

  or, without a ``with`` block, ``explain(exc)`` turns a caught exception into the same
  ``Refusal``.

Exit codes (the CLI's contract, documented in the README and in ``check --help``):
``EXIT_CLEAN`` 0 no error found, ``EXIT_FINDINGS`` 1 errors found, ``EXIT_INPUT`` 2 the input
cannot be checked (missing, damaged, locked, refused; the message names the file and sheet),
``EXIT_INTERNAL`` 3 an internal failure of kpps-xl (a bug: the message says so).
"""

from __future__ import annotations

import errno
import re
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kpps_xl.errors import KppsError

EXIT_CLEAN = 0
EXIT_FINDINGS = 1
EXIT_INPUT = 2
EXIT_INTERNAL = 3

_FILE_ATTR = "_kpps_file"
_SHEET_ATTR = "_kpps_sheet"
_WRITING_ATTR = "_kpps_writing"

# errno -> why, in Indonesian (said after "Berkas X tidak dapat dibaca/ditulis: ").
_ERRNO_WORDS = {
    errno.ENOENT: "berkas atau foldernya tidak ada",
    errno.EACCES: "izin ditolak, atau berkas sedang dibuka/terkunci oleh program lain",
    errno.EPERM: "izin ditolak",
    errno.EEXIST: "sudah ada berkas dengan nama itu",
    errno.ENOSPC: "ruang disk penuh",
    errno.EISDIR: "itu sebuah folder, bukan berkas",
    errno.ENOTDIR: "salah satu bagian jalurnya bukan folder",
    errno.EROFS: "disk/media hanya dapat dibaca",
    errno.ENAMETOOLONG: "nama atau jalurnya terlalu panjang",
    errno.EBUSY: "sedang dipakai program lain",
    errno.EIO: "kesalahan perangkat (disk atau flashdisk bermasalah)",
    errno.EMFILE: "terlalu banyak berkas terbuka",
    errno.ENFILE: "terlalu banyak berkas terbuka",
    errno.ENOTEMPTY: "folder tujuan tidak kosong",
    errno.EXDEV: "tidak dapat dipindahkan antar-disk",
    errno.EFBIG: "berkas terlalu besar",
    errno.EINVAL: "nama atau jalurnya tidak sah",
    errno.ELOOP: "tautan simbolik berputar",
    errno.EDQUOT: "kuota disk habis",
}

# Exception class names (from the readers' libraries) that mean "the file's content is damaged".
_DAMAGED = {
    "BadZipFile": "bukan arsip .xlsx yang utuh (rusak atau terpotong)",
    "LargeZipFile": "arsipnya terlalu besar",
    "error": "isi terkompresinya rusak",  # zlib.error
    "XMLSyntaxError": "isi XML-nya rusak",
    "ParseError": "isi XML-nya rusak",
    "ExpatError": "isi XML-nya rusak",
    "InvalidFileException": "bukan buku kerja yang dikenal",
    "CalamineError": "isinya tidak dapat dibaca (rusak atau bentuknya tidak lazim)",
    "XmlError": "isi XML-nya rusak",
    "ZipError": "bukan arsip .xlsx yang utuh (rusak atau terpotong)",
    "PanicException": "berisi nilai yang tidak dapat dibaca (mis. tanggal di luar jangkauan)",
    "UnicodeDecodeError": "berisi huruf dengan penyandian (encoding) yang tidak dikenal",
    "IllegalCharacterError": "berisi karakter kendali yang tidak boleh ada di buku kerja",
    "MemoryError": "terlalu besar untuk diproses di komputer ini",
}


_DIGIT_RUN = re.compile(r"\d[\d .]{10,}\d")


def mask_text(text: str) -> str:
    """Mask every NIK-like run of 12+ digits (spaces/dots allowed inside) in free text."""
    from kpps_xl.findings import mask_nik

    def one(match: re.Match[str]) -> str:
        digits = re.sub(r"\D", "", match.group())
        return str(mask_nik(digits)) if len(digits) >= 12 else match.group()

    return _DIGIT_RUN.sub(one, text)


class Refusal(Exception):
    """What a front door shows: an Indonesian message (NIKs masked), the exit code, and the
    traceback text (``detail``) for --debug or a log."""

    def __init__(self, message: str, code: int = EXIT_INPUT, detail: str = "") -> None:
        super().__init__(message)
        self.message, self.code, self.detail = message, code, detail

    def __str__(self) -> str:
        return self.message


@contextmanager
def located(file: str | Path | None, sheet: str | None = None, writing: bool = False,
            kinds: tuple[type[BaseException], ...] = (BaseException,)) -> Iterator[None]:
    """Mark any exception raised inside (of the given kinds) with the file (and sheet) being
    read, or written. E.g. OSErrors while writing belong to the target, anything else to the
    source: ``with located(source), located(target, writing=True, kinds=(OSError,)):``."""
    try:
        yield
    except BaseException as exc:
        if file is not None and isinstance(exc, kinds) and getattr(exc, _FILE_ATTR, None) is None:
            _mark(exc, _FILE_ATTR, str(file))
            _mark(exc, _WRITING_ATTR, "1" if writing else "")
            if sheet is not None and getattr(exc, _SHEET_ATTR, None) is None:
                _mark(exc, _SHEET_ATTR, sheet)
        raise


def _mark(exc: BaseException, name: str, value: str) -> None:
    try:
        setattr(exc, name, value)
    except (AttributeError, TypeError):  # a few C exceptions refuse new attributes
        exc.add_note(f"{name}={value}")


def where(exc: BaseException) -> tuple[str | None, str | None]:
    """The (file, sheet) an exception was marked with by ``located``, else (None, None)."""
    return getattr(exc, _FILE_ATTR, None), getattr(exc, _SHEET_ATTR, None)


def os_reason(exc: OSError) -> str:
    """Why an OSError happened, in Indonesian words (no English text, no temp-file names)."""
    words = _ERRNO_WORDS.get(exc.errno or -1)
    if words is None:
        code = errno.errorcode.get(exc.errno or -1, "")
        words = "kesalahan sistem" + (f" ({code})" if code else "")
    return words


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _place(file: str | None, sheet: str | None) -> str:
    if file is None:
        return ""
    return f"berkas {file}" + (f", sheet '{sheet}'" if sheet else "")


def _os_target(exc: OSError, file: str | None) -> str | None:
    """The file to name: the located one (never a temp file beside it), else exc.filename."""
    if file is not None:
        return file
    name = exc.filename
    return None if name is None else str(name)


def _verb(exc: BaseException) -> str:
    """'ditulis' / 'dibaca' as located() recorded, 'dipakai' when nobody located it."""
    if getattr(exc, _FILE_ATTR, None) is None:
        return "dipakai"
    return "ditulis" if getattr(exc, _WRITING_ATTR, "") else "dibaca"


def describe(exc: BaseException) -> tuple[str, int]:
    """(Indonesian message, exit code) for any exception; NIK-looking digits are masked."""
    file, sheet = where(exc)
    if isinstance(exc, KppsError):
        message, code = str(exc), EXIT_INPUT
        if file is not None and file not in message and Path(file).name not in message:
            message = f"{_cap(_place(file, sheet))}: {message}"
    elif isinstance(exc, OSError):
        target = _os_target(exc, file)
        subject = f"Berkas {target}" if target else "Berkas"
        if sheet:
            subject += f" (sheet '{sheet}')"
        message, code = f"{subject} tidak dapat {_verb(exc)}: {os_reason(exc)}.", EXIT_INPUT
    elif file is not None and getattr(exc, _WRITING_ATTR, ""):
        message = (f"Berkas {file} tidak dapat ditulis: kesalahan saat menulis "
                   f"[{type(exc).__name__}]. Jalankan lagi dengan --debug untuk rinciannya.")
        code = EXIT_INPUT
    elif file is not None:
        reason = _DAMAGED.get(type(exc).__name__, "isinya tidak dapat diproses (rusak atau "
                                                   "bentuknya tidak lazim)")
        message = (f"{_cap(_place(file, sheet))} tidak dapat diproses: {reason} "
                   f"[{type(exc).__name__}]. Simpan ulang berkas itu dari Excel/LibreOffice "
                   "lalu coba lagi.")
        code = EXIT_INPUT
    else:
        message = (f"Kesalahan internal kpps-xl ({type(exc).__name__}). Ini kekeliruan program, "
                   "bukan kesalahan berkas Anda. Jalankan lagi dengan --debug untuk rinciannya "
                   "dan laporkan kepada pengembang.")
        code = EXIT_INTERNAL
    return mask_text(message), code


def explain(exc: BaseException) -> Refusal:
    """The Refusal a front door shows for exc (already a Refusal: returned as is)."""
    if isinstance(exc, Refusal):
        return exc
    message, code = describe(exc)
    detail = mask_text("".join(traceback.format_exception(exc)))
    return Refusal(message, code, detail)


@contextmanager
def guarded(file: str | Path | None = None, sheet: str | None = None) -> Iterator[None]:
    """Run a front door's work: every Exception leaves as a ``Refusal`` (message, code, detail).

    KeyboardInterrupt, SystemExit and other BaseExceptions pass through untouched.
    """
    try:
        with located(file, sheet):
            yield
    except Refusal:
        raise
    except Exception as exc:
        raise explain(exc) from exc
