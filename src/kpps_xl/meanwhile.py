"""Modules imported in a helper thread while the caller does GIL-free work (parsing a file)."""

from __future__ import annotations

import importlib
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager


@contextmanager
def imported_meanwhile(modules: Sequence[str]) -> Iterator[None]:
    """Import `modules` in a thread during the block; the thread is joined when it ends.

    Only for a block that starts no process: a fork while the thread holds a module's import
    lock would leave that lock held in the child. A failed import is left for the caller's own
    import to raise.
    """
    if not modules:
        yield
        return
    worker = threading.Thread(target=_import_all, args=(tuple(modules),), daemon=True,
                              name="kpps-import")
    worker.start()
    try:
        yield
    finally:
        worker.join()


def _import_all(modules: tuple[str, ...]) -> None:
    for name in modules:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001, S112  (the caller's own import reports it)
            continue
