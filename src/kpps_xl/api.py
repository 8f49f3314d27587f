"""High-level library calls: check files or directories in one step."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from kpps_xl.meanwhile import imported_meanwhile
from kpps_xl.roster import FileDone, expand_paths, load_roster
from kpps_xl.settings import Settings

if TYPE_CHECKING:
    from kpps_xl.findings import Report

# What reading and checking one file needs after its parse (pandas, the frame builder, the
# rules, pandera: ~0.5 s), imported in a thread while the file is read: fastexcel and zlib
# release the GIL, so the imports run beside them.
AFTER_PARSE_MODULES = ("pandas", "kpps_xl.roster.sheet", "kpps_xl.validate", "pandera.pandas")
# From this size on a file is read with nothing imported beside it: its parse is the run's
# peak of memory (a 1 M-row sheet: ~1 GB), and the imports add ~65 MiB resident to it.
MEANWHILE_MAX_BYTES = 16 << 20


def check(
    paths: Iterable[str | Path] | str | Path,
    settings: Settings | None = None,
    on_sheet: Callable[[str, str], None] | None = None,
    on_file: FileDone | None = None,
    workers: int | None = 1,
    on_stage: Callable[[str], None] | None = None,
) -> Report:
    """Read every roster in the given files/directories and validate them together.

    workers: processes reading files at once (None: one per CPU); on_stage("rules") is called
    when reading is done and the rules start.
    """
    settings = settings or Settings()
    files = expand_paths([paths] if isinstance(paths, str | Path) else paths)
    with imported_meanwhile(AFTER_PARSE_MODULES if _read_beside_imports(files) else ()):
        roster = load_roster(files, settings.reference_date.year, on_sheet=on_sheet,
                             kabkota=settings.office_area(), on_file=on_file, workers=workers)
    if on_stage:
        on_stage("rules")
    from kpps_xl.validate import validate

    return validate(roster, settings)


def _read_beside_imports(files: list[Path]) -> bool:
    """One file (no process pool: see imported_meanwhile) small enough that its parse is not
    the peak of memory."""
    if len(files) != 1:
        return False
    try:
        return files[0].stat().st_size < MEANWHILE_MAX_BYTES
    except OSError:
        return False
