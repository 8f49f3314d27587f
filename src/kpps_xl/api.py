"""High-level library calls: check files or directories in one step."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from kpps_xl.findings import Report
from kpps_xl.meanwhile import imported_meanwhile
from kpps_xl.roster import FileDone, expand_paths, load_roster
from kpps_xl.settings import Settings
from kpps_xl.validate import validate

# imported by the rules only (kpps_xl.schema), so while one file is read: fastexcel and zlib
# release the GIL, so the import runs beside them
RULE_MODULES = ("pandera.pandas",)


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
    with imported_meanwhile(RULE_MODULES if len(files) == 1 else ()):
        roster = load_roster(files, settings.reference_date.year, on_sheet=on_sheet,
                             kabkota=settings.office_area(), on_file=on_file, workers=workers)
    if on_stage:
        on_stage("rules")
    return validate(roster, settings)
