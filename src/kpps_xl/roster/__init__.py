"""Reading rosters: files and directories -> one normalised Roster with provenance."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kpps_xl.errors import InputError
from kpps_xl.guard import located
from kpps_xl.memory import release_after
from kpps_xl.roster.model import Roster, SheetInfo
from kpps_xl.roster.readers import SUFFIXES, hidden_sheets, read_sheets
from kpps_xl.roster.strike import NONE, Struck, struck_cells

if TYPE_CHECKING:
    from kpps_xl.roster.sheet import SheetPlan

# pandas (and the modules that build frames with it) is imported only once the first sheet is
# parsed: a million-row sheet's parse then peaks without pandas' ~50 MiB resident
__all__ = ["FileDone", "Roster", "SheetInfo", "expand_paths", "load_roster", "merge", "read_file",
           "read_files", "roster_from_values"]


def __getattr__(name: str) -> Any:
    """roster_from_values, imported on first use (it builds frames: pandas)."""
    if name == "roster_from_values":
        from kpps_xl.roster.sheet import roster_from_values

        return roster_from_values
    raise AttributeError(f"module 'kpps_xl.roster' has no attribute {name!r}")


def expand_paths(paths: Iterable[str | Path], skipped: list[Path] | None = None) -> list[Path]:
    """Files as given plus the spreadsheets inside given directories (sorted, no lock files).

    Inside a directory, kpps-xl's own outputs (annotated copies, budget and lampiran workbooks)
    are left out and appended to skipped; a file given by name is always read.
    """
    from kpps_xl.outputs import own_output_kind

    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = []
            for p in sorted(path.iterdir()):
                if p.suffix.lower() not in SUFFIXES or p.name.startswith(("~$", ".")):
                    continue
                if own_output_kind(p) is not None:
                    if skipped is not None:
                        skipped.append(p)
                    continue
                found.append(p)
            if not found:
                raise InputError(f"Folder {path} tidak berisi berkas lembar kerja (.xlsx/.xls/.csv).")
            out.extend(found)
        elif path.exists():
            out.append(path)
        elif path.is_symlink():  # a dangling link or a link loop: say which
            raise InputError(f"Berkas {path} tidak dapat dibaca: {_link_reason(path)}.")
        else:
            raise InputError(f"Berkas tidak ditemukan: {path}")
    if not out:
        raise InputError("Tidak ada berkas yang diberikan untuk diperiksa.")
    return out


def _link_reason(path: Path) -> str:
    from kpps_xl.guard import os_reason

    try:
        path.stat()
    except OSError as exc:
        return os_reason(exc)
    return "tautan simbolik tidak dapat diikuti"


def merge(rosters: Sequence[Roster], consume: bool = False) -> Roster:
    """Concatenate rosters (row order and provenance kept; coded columns united, never object).

    consume: the rosters' frames are emptied as the merged one is built (load_roster's parts),
    so a national read holds its rows about once at the end, not twice.
    """
    from kpps_xl.roster.coded import concat_frames

    frames = [r.df for r in rosters if len(r.df)]
    empty = rosters[0].df.iloc[0:0] if rosters else None
    if len(frames) == 1:
        frame = frames[0]  # one file: no copy of a million-row frame
    elif not frames:
        frame = empty
    else:
        if consume:
            for roster in rosters:
                roster.df = roster.df.iloc[0:0]
        frame = concat_frames(frames, consume)
    sheets = [s for r in rosters for s in r.sheets]
    files = list(dict.fromkeys(f for r in rosters for f in r.files))
    return Roster(df=frame, sheets=sheets, files=files)


def read_file(path: Path, reference_year: int = 2024,
              on_sheet: Callable[[str, str], None] | None = None,
              kabkota: str | None = None, spare_core: bool = True) -> Roster:
    """Every sheet of one file as one Roster.

    spare_core: a core is free for a helper thread (False inside the pool's workers).

    Sheets are planned one by one (header, context, data rows); the canonical columns of all
    of them are then built together, one pass per run of sheets sharing a column layout.
    """
    return read_files([path], reference_year, on_sheet, kabkota, spare_core)


def read_files(paths: Sequence[Path], reference_year: int = 2024,
               on_sheet: Callable[[str, str], None] | None = None,
               kabkota: str | None = None, spare_core: bool = True) -> Roster:
    """Several files as one Roster (the unit of work of the process pool): every sheet of each
    file is planned, then the columns of all of them are built together (read_file).

    A folder of small files (one per TPS) so costs a few frame passes, not one per file. If
    building them together fails, each file's own pass names the file.
    """
    planned = [(path, _file_plans(path, on_sheet, kabkota, spare_core)) for path in paths]
    from kpps_xl.roster.sheet import frame_plans  # pandas: after the first sheet's parse

    plans = [plan for _, own in planned for plan in own]
    if len(paths) == 1:
        with located(paths[0]):
            frame = frame_plans(plans, reference_year)
    else:
        try:
            frame = frame_plans(plans, reference_year)
        except Exception:  # noqa: BLE001  (each file's own pass raises with its name)
            parts = []
            for path, own in planned:
                with located(path):
                    parts.append(Roster(df=frame_plans(own, reference_year),
                                        sheets=[p.info for p in own], files=[str(path)]))
            return merge(parts, consume=True)
    return Roster(df=frame, sheets=[p.info for p in plans], files=[str(p) for p in paths])


def _file_plans(path: Path, on_sheet: Callable[[str, str], None] | None, kabkota: str | None,
                spare_core: bool) -> list[SheetPlan]:
    """The plan of every sheet of one file, in workbook order. Hidden sheets are left out when
    a visible sheet holds officers (sheet.without_hidden); a file whose officers are all on
    hidden sheets is read as it is (the clerk sent it to be checked)."""
    plans: list[SheetPlan] = []
    struck: dict[str, Struck] | None = None
    hidden: frozenset[str] = frozenset()
    with located(path):
        for name, values, gaps in read_sheets(path, spare_core):
            if on_sheet:
                on_sheet(str(path), name)
            if struck is None:  # after the reader accepted the file (limits checked)
                struck = struck_cells(path)
                hidden = hidden_sheets(path)
            from kpps_xl.roster.sheet import plan_sheet  # pandas: after the first sheet's parse

            with located(path, name):
                plans.append(plan_sheet(values, name, str(path), struck=struck.get(name, NONE),
                                        kabkota=kabkota, gaps=gaps))
            del values
        if not plans:
            raise InputError(f"Berkas {path.name} tidak berisi sheet apa pun.")
    if hidden and any(plan.pieces for plan in plans if plan.info.sheet not in hidden):
        from kpps_xl.roster.sheet import without_hidden

        plans = [without_hidden(p) if p.info.sheet in hidden else p for p in plans]
    return plans


FileDone = Callable[[str, int, int, int], None]  # (file, rows read, files done, files in all)
# Consecutive small files are read as one unit of work (read_files), up to this many files
# or bytes in all; a bigger file is a unit of its own.
BATCH_FILES = 100
BATCH_BYTES = 1 << 20


def batches(files: Sequence[Path]) -> list[list[Path]]:
    """The files in order, consecutive small ones grouped (BATCH_FILES, BATCH_BYTES)."""
    out: list[list[Path]] = []
    current: list[Path] = []
    size = 0
    for path in files:
        own = _size(path)
        if current and (size + own > BATCH_BYTES or len(current) >= BATCH_FILES):
            out.append(current)
            current, size = [], 0
        current.append(path)
        size += own
    if current:
        out.append(current)
    return out


def _rows_of(roster: Roster, path: Path) -> int:
    return sum(info.rows for info in roster.sheets if info.file == str(path))


def _pooled(units: list[list[Path]], workers: int, on_file: FileDone | None,
            *args: object) -> list[Roster]:
    """Units of files read in worker processes, biggest first; results in the given order."""
    order = sorted(range(len(units)), key=lambda i: -sum(map(_size, units[i])))
    # the frame builder (pandas) once in this process, inherited by the forked workers, rather
    # than imported by each worker after its first parse
    import kpps_xl.roster.sheet  # noqa: F401

    out: list[Roster | None] = [None] * len(units)
    total = sum(map(len, units))
    done = 0
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = {pool.submit(read_files, units[i], *args): i for i in order}
        try:
            for future in as_completed(futures):
                index = futures[future]
                out[index] = roster = future.result()
                for path in units[index]:
                    done += 1
                    if on_file:
                        on_file(str(path), _rows_of(roster, path), done, total)
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            raise
    return [r for r in out if r is not None]


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def load_roster(
    paths: Iterable[str | Path] | str | Path,
    reference_year: int = 2024,
    on_sheet: Callable[[str, str], None] | None = None,
    kabkota: str | None = None,
    on_file: FileDone | None = None,
    workers: int | None = 1,
) -> Roster:
    """Read every roster sheet of the given files/directories into one Roster.

    kabkota: the office's kab/kota ([kantor] wilayah) for sheets that name none.
    workers > 1 (None: one per CPU) reads several files at once in worker processes; on_sheet
    is then not called (workers report per file through on_file).
    """
    if isinstance(paths, str | Path):
        paths = [paths]
    files = expand_paths(paths)
    units = batches(files)
    workers = min(workers or os.cpu_count() or 1, len(units))
    if workers > 1:
        parts = _pooled(units, workers, on_file, reference_year, None, kabkota, False)
    else:
        parts = []
        done = 0
        for unit in units:
            parts.append(read_files(unit, reference_year, on_sheet, kabkota))
            for path in unit:
                done += 1
                if on_file:
                    on_file(str(path), _rows_of(parts[-1], path), done, len(files))
    roster = merge(parts, consume=True)
    del parts
    if len(files) > 1:
        release_after(len(roster.df))  # the parts' memory, freed by the merge
    roster.files = [str(p) for p in files]
    if len(roster.df) == 0:
        raise InputError(_no_rows_message(roster.sheets))
    return roster


def _no_rows_message(sheets: Sequence[SheetInfo]) -> str:
    if any(s.note == "kolom NIK tidak ditemukan" for s in sheets):
        names = ", ".join(s.sheet for s in sheets if s.note == "kolom NIK tidak ditemukan")
        return (f"Kolom NIK tidak ditemukan di sheet {names}. Tambahkan kolom berjudul 'NIK' "
                "pada baris judul tabel.")
    return ("Tidak ditemukan daftar petugas di berkas ini: tidak ada baris judul kolom berisi "
            "'Nama' dan 'NIK' di sheet mana pun, atau tabelnya kosong.")
