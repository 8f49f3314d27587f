"""Columns derived once per check run and shared by the rules (NIK digits, name keys, ages...)."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

import pandas as pd

from kpps_xl.roster.model import Roster

T = TypeVar("T")

# The roster being validated and its derived values; only set inside validate() (one run), so
# a value can never outlive a change to the roster.
_RUN: ContextVar[tuple[Roster, dict[Any, Any]] | None] = ContextVar("kpps_xl_rules_run", default=None)


@contextmanager
def one_run(roster: Roster) -> Iterator[None]:
    """Share derived values between the rules of one validate() call on this roster."""
    token = _RUN.set((roster, {}))
    try:
        yield
    finally:
        _RUN.reset(token)


def shared(roster: Roster, key: str, compute: Callable[[], T]) -> T:
    """compute() once per run (and per roster frame); outside a run, computed each time.

    Callers must not modify what they get: other rules receive the same object.
    """
    run = _RUN.get()
    if run is None or run[0] is not roster:
        return compute()
    store = run[1]
    frame_key = (key, id(roster.df))
    if frame_key not in store:
        store[frame_key] = (roster.df, compute())  # keeps the frame alive: its id stays unique
    return store[frame_key][1]


@contextmanager
def few_collections() -> Iterator[None]:
    """The cyclic garbage collector paused while a run builds many small objects (findings,
    rows, follow-up records: none form cycles); re-enabled after, if it was on.

    With a million-row roster in memory each automatic full collection walks every tracked
    object, and building 400,000 findings triggers dozens of them (a third of the run)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def has_field(roster: Roster, field_name: str) -> pd.Series:
    """roster.has_field(field_name), once per run (ages, health rules and follow-up ask)."""
    return shared(roster, f"has_field:{field_name}", lambda: roster.has_field(field_name))
