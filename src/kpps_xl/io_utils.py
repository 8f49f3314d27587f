"""Atomic file writing and cell-text safety shared by every writer."""

from __future__ import annotations

import copy
import datetime as dt
import errno
import hashlib
import os
import re
import shutil
import tempfile
import warnings
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# XML 1.0 forbids these (openpyxl raises IllegalCharacterError, ElementTree writes bad XML);
# lone surrogates cannot be encoded as UTF-8 at all.
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
EXCEL_CELL_CHARS = 32_767


_TEMP_TAG = ".kpps-"
NAME_MAX = 255  # bytes in one file name (ext4, NTFS in UTF-16 units: 255 as well)
_TEMP_ROOM = 40  # ".kpps-PID-xxxxxxxx" + the suffix, beside the name kept in a temp name


def fit_name(stem: str, tail: str, limit: int = NAME_MAX) -> str:
    """stem + tail, the stem shortened (whole characters) so the name fits limit UTF-8 bytes:
    a roster named with 240 characters still gets its '-diperiksa' copy and backups."""
    room = limit - len(tail.encode("utf-8"))
    encoded = stem.encode("utf-8")
    if len(encoded) > room:
        stem = encoded[:max(room, 1)].decode("utf-8", "ignore").rstrip() or "_"
    return stem + tail


def _temp_prefix(target: Path) -> str:
    return "." + fit_name(target.name, _TEMP_TAG, NAME_MAX - _TEMP_ROOM)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # another user's process, or no way to tell: leave its file alone
    return True


def remove_stale_temps(target: Path) -> list[Path]:
    """Delete temp files of target left by a kpps-xl run that was killed (its pid is gone).

    Only our own pattern (.NAME.kpps-PID-xxxx) is touched; a run still writing keeps its file.
    """
    removed = []
    prefix = _temp_prefix(target)
    for path in target.parent.glob(prefix.replace("[", "[[]") + "*"):
        pid_text = path.name[len(prefix):].split("-", 1)[0]
        if not pid_text.isdigit() or int(pid_text) == os.getpid() or _alive(int(pid_text)):
            continue
        try:
            path.unlink()
            removed.append(path)
        except OSError:
            continue
    return removed


# Documents a clerk opens and edits: kpps-xl stamps what it wrote (a fingerprint of the parts in
# the zip comment, which Excel, Word and LibreOffice drop when they save), so a rewrite can tell
# its own unchanged output from a file the clerk changed, or never kpps-xl's.
_STAMPED = frozenset({".xlsx", ".xlsm", ".docx"})
_STAMP = b"kpps-xl "
BACKUP_WORD = "sebelumnya"
_ANNOTATED = "-diperiksa"  # kept last in a backup's name: outputs.ANNOTATED_SUFFIX


class OutputKept(UserWarning):
    """An existing output was not kpps-xl's unchanged file: its content was kept as backup."""

    def __init__(self, target: Path, backup: Path) -> None:
        super().__init__(f"{target} -> {backup}")
        self.target, self.backup = target, backup


def _fingerprint(archive: zipfile.ZipFile) -> bytes:
    digest = hashlib.sha256()
    for info in archive.infolist():
        digest.update(f"{info.filename}\0{info.CRC}\0{info.file_size}\n".encode())
    return _STAMP + digest.hexdigest()[:32].encode()


def stamp(path: Path) -> None:
    """Mark a finished .xlsx/.xlsm/.docx as kpps-xl's own (the zip comment; no part changes)."""
    if path.suffix.lower() not in _STAMPED or not zipfile.is_zipfile(path):
        return
    with zipfile.ZipFile(path, "a") as archive:
        archive.comment = _fingerprint(archive)


def own_unchanged(path: Path) -> bool:
    """True when path is a file kpps-xl wrote and nobody has saved over since."""
    try:
        with zipfile.ZipFile(path) as archive:
            return archive.comment == _fingerprint(archive)
    except (OSError, zipfile.BadZipFile, ValueError, RuntimeError, EOFError):
        return False


def backup_name(target: Path, when: dt.datetime) -> Path:
    """'surat_pemda (sebelumnya 2024-02-14 09.30.00).docx'; an annotated copy keeps its
    '-diperiksa' ending, so a folder check still knows it as kpps-xl's own output."""
    stem, tail = target.stem, target.suffix
    if stem.endswith(_ANNOTATED):
        stem, tail = stem[:-len(_ANNOTATED)], _ANNOTATED + tail
    label = when.strftime("%Y-%m-%d %H.%M.%S")
    for number in range(1, 1000):
        extra = "" if number == 1 else f" {number}"
        candidate = target.with_name(fit_name(stem, f" ({BACKUP_WORD} {label}{extra}){tail}"))
        if not candidate.exists():
            return candidate
    raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(target))


def keep_edited(target: Path) -> Path | None:
    """Before target is replaced: when it is a document kpps-xl did not write as it is now
    (the clerk edited the letter, the finance officer changed a rate), keep it under
    backup_name and warn OutputKept; return the backup (None when nothing needed keeping)."""
    if target.suffix.lower() not in _STAMPED or not target.is_file() or own_unchanged(target):
        return None
    backup = backup_name(target, dt.datetime.now())
    try:
        os.link(target, backup)  # the old file itself, whatever its size
    except OSError:  # no hard links (FAT flash disks): a copy
        shutil.copy2(target, backup)
    warnings.warn(OutputKept(target, backup), stacklevel=3)
    return backup


@contextmanager
def atomic_path(target: str | Path, backup: bool = False) -> Iterator[Path]:
    """Yield a temp path beside target; on success rename it over target (keeping a .bak).

    The previous target stays intact until the rename, so a run killed mid-write (kill -9, power
    cut) leaves the old output as it was; its temp file (readable only by the owner while being
    written, as it may hold NIKs) is removed by the next run writing the same target. Two runs
    writing the same target never mix: each renames its own complete file. A target that is a
    device or a pipe is written directly; a folder raises IsADirectoryError. A document
    (.xlsx/.xlsm/.docx) is stamped as kpps-xl's; an existing one that is not kpps-xl's
    unchanged output (edited since) is kept under a '(sebelumnya …)' name first (keep_edited).
    """
    target = Path(target)
    if target.exists() and not target.is_file():
        if target.is_dir():
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(target))
        yield target  # a device or pipe (/dev/null, /dev/stdout, a FIFO): written as it is,
        return        # never replaced by a regular file (as root, a rename would replace it)
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temps(target)
    fd, tmp_name = tempfile.mkstemp(prefix=f"{_temp_prefix(target)}{os.getpid()}-",
                                    suffix=target.suffix, dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        stamp(tmp)
        if backup and target.exists():
            shutil.copy2(target, target.with_name(target.name + ".bak"))
        keep_edited(target)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; the finished file follows the umask
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()


def xml_text(value: object) -> str:
    """Text fit for an XML file: None becomes '', illegal control characters are dropped."""
    if value is None:
        return ""
    return _ILLEGAL_XML.sub("", str(value))


def cell_text(value: object) -> str:
    """Text fit for a worksheet cell: xml_text, at most 32.767 characters (Excel's limit)."""
    return xml_text(value)[:EXCEL_CELL_CHARS]


def formula_like(text: str) -> bool:
    """True for text a spreadsheet would run as a formula when typed or edited (=, +, -, @, tab, CR)."""
    return text.startswith(_FORMULA_START)


def set_text(cell: Any, value: object) -> Any:
    """Write value into an openpyxl cell as text that is never a formula; return the cell.

    The one writer of cell text from user data: control characters are dropped, the data type is
    forced to text ('s', so '=cmd|...' or '#REF!' stay text) and formula-like text gets Excel's
    quote prefix (the apostrophe Excel itself shows, not part of the value), so editing the cell
    in Excel keeps it text. The clerk's value is kept intact otherwise.
    """
    text = cell_text(value)
    cell.value = text
    cell.data_type = "s"
    if formula_like(text):
        cell.quotePrefix = True
    return cell


def set_value(cell: Any, value: object) -> Any:
    """Write a number, date or bool as is and anything else as text (set_text); return the cell."""
    if value is None or isinstance(value, bool | int | float) or hasattr(value, "isoformat"):
        cell.value = value
        return cell
    return set_text(cell, value)


def write_only_cell(ws: Any, value: object, like: Any = None) -> Any:
    """A write-only openpyxl cell holding value (text through set_text, numbers as they are).

    like: a cell whose style the new one takes, copied as its style ids the way openpyxl's own
    worksheet copy does: one copy instead of a lookup per font, alignment or number format
    (~10x cheaper a cell on a list of tens of thousands of rows).
    """
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws)
    if like is not None:
        cell._style = copy.copy(like._style)  # noqa: SLF001
    return set_value(cell, value)


def safe_text(value: object) -> object:
    """Text for a live Excel range (xlwings, office.js), where Excel parses what it receives.

    Control characters are dropped and formula-like text gets a leading apostrophe, which Excel
    turns into its quote prefix (the cell shows the clerk's text, never a formula).
    Non-text values are returned unchanged.
    """
    if not isinstance(value, str):
        return value
    text = cell_text(value)
    return "'" + text if formula_like(text) else text
