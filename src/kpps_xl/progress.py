"""Progress of a check run: a rich bar over the files (counts, rows, ETA), or a plain line per file."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType

from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from kpps_xl.console import literal
from kpps_xl.roster import expand_paths

STAGES = {"rules": "Memeriksa aturan (NIK, usia, ganda, TPS)", "write": "Menulis hasil"}


def thousands(number: int) -> str:
    """12.345 (Indonesian thousands separator)."""
    return f"{number:,}".replace(",", ".")


def clock(seconds: float) -> str:
    """0:01:05 style duration."""
    whole = max(0, round(seconds))
    return f"{whole // 3600}:{whole // 60 % 60:02d}:{whole % 60:02d}"


class CheckProgress:
    """Callbacks for api.check: on_file (per file read), on_sheet (one process), on_stage.

    On a terminal a transient rich bar advances by file size (so the ETA holds when one city's
    file is twenty times a small regency's); elsewhere (CI logs) each event is one plain line on
    stderr.
    """

    def __init__(self, console: Console, paths: Iterable[str | Path],
                 plain: bool | None = None) -> None:
        self.console = console
        self.files = expand_paths(paths)
        self.sizes = {str(p): _size(p) for p in self.files}
        self.total = sum(self.sizes.values()) or 1
        self.done_bytes = 0
        self.rows = 0
        self.plain = (not console.is_terminal) if plain is None else plain
        self.log = Console(file=sys.stderr, highlight=False, soft_wrap=True)
        self.started = time.monotonic()
        self._bar: Progress | None = None
        self._task: TaskID | None = None

    def __enter__(self) -> CheckProgress:
        self.started = time.monotonic()
        if not self.plain:
            self._bar = Progress(
                SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                TextColumn("{task.fields[files]} berkas, {task.fields[rows]} baris"),
                TimeElapsedColumn(), TextColumn("sisa"), TimeRemainingColumn(),
                console=self.console, transient=True)
            self._bar.__enter__()
            self._task = self._bar.add_task("Membaca berkas", total=self.total,
                                            files=f"0/{len(self.files)}", rows="0")
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if self._bar is not None:
            self._bar.__exit__(kind, error, trace)

    def eta(self) -> float | None:
        """Seconds left for reading, from the bytes read so far (None before the first file)."""
        if not self.done_bytes:
            return None
        elapsed = time.monotonic() - self.started
        return elapsed * (self.total - self.done_bytes) / self.done_bytes

    def on_file(self, file: str, rows: int, done: int, total: int) -> None:
        """One file read (from a worker process or in turn)."""
        self.done_bytes += self.sizes.get(file, 0)
        self.rows += rows
        if self._bar is not None and self._task is not None:
            self._bar.update(self._task, completed=self.done_bytes,
                             description=f"Membaca {_name(file)}",
                             files=f"{done}/{total}", rows=thousands(self.rows))
            return
        left = self.eta()
        self.log.print(f"\\[{done}/{total}] {_name(file)}: {thousands(rows)} baris; "
                       f"total {thousands(self.rows)} baris, berlalu "
                       f"{clock(time.monotonic() - self.started)}"
                       + (f", perkiraan sisa {clock(left)}" if left is not None and done < total
                          else ""))

    def on_sheet(self, file: str, sheet: str) -> None:
        """A sheet is being read (files read in turn only)."""
        if self._bar is not None and self._task is not None:
            self._bar.update(self._task, description=f"Membaca {_name(file)} / {literal(sheet)}")

    def on_stage(self, stage: str) -> None:
        """Reading is over and a later stage starts ("rules", "write")."""
        label = STAGES.get(stage, stage)
        if self._bar is not None and self._task is not None:
            self._bar.update(self._task, completed=self.total, description=f"{label}...")
            return
        self.log.print(f"{label} ({thousands(self.rows)} baris, berlalu "
                       f"{clock(time.monotonic() - self.started)})")


@contextmanager
def working(console: Console, label: str) -> Iterator[None]:
    """A long step without counts: a spinner with its label on a terminal (gone when it is
    done), elsewhere (CI logs) one plain line on stderr when it starts."""
    if console.is_terminal:
        with console.status(f"{label}..."):
            yield
        return
    Console(file=sys.stderr, highlight=False, soft_wrap=True).print(f"{label}...")
    yield


def _name(file: str) -> str:
    """A file's name as shown on the console: NIK-like digits masked, markup printed literally."""
    return literal(Path(file).name)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
