"""The Tindak Lanjut list: per kecamatan and TPS, who needs screening, who is at risk, who lacks JKN."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import pandas as pd

from kpps_xl.budget.compute import jkn_inactive
from kpps_xl.roster.coded import fill_text, objects
from kpps_xl.roster.model import Roster, active_mask
from kpps_xl.roster.places import key_series, place_key
from kpps_xl.rules.ages import effective_ages
from kpps_xl.rules.base import text_values
from kpps_xl.rules.health import not_screened, screenings
from kpps_xl.rules.shared import few_collections, has_field
from kpps_xl.settings import Settings

# need key -> Indonesian action shown in the sheet
NEEDS = {
    "skrining": "Ikut skrining riwayat kesehatan",
    "berisiko": "Periksa lanjut di FKTP (berisiko)",
    "jkn": "Daftarkan/aktifkan JKN (Pemda)",
}
_COUNTS = ("officers", "not_screened", "at_risk", "no_active_jkn")


class PlaceCount(NamedTuple):
    """Counts of one TPS (or one kecamatan when kelurahan and tps are None) in one file."""

    file: str | None
    kecamatan: str | None
    kelurahan: str | None
    tps: str | None
    officers: int
    not_screened: int
    at_risk: int
    no_active_jkn: int


class Person(NamedTuple):
    """One officer who needs at least one follow-up action."""

    file: str | None
    sheet: str
    row: int
    kecamatan: str | None
    kelurahan: str | None
    tps: str | None
    nama: str | None
    nik: str | None
    jabatan: str | None
    age: int | None
    no_hp: str | None
    skrining: str | None
    status_jkn: str | None
    needs: tuple[str, ...]


@dataclass(frozen=True)
class FollowUp:
    """The follow-up list of a check run (only built when a sheet has skrining or status JKN)."""

    columns: dict[str, bool]
    places: tuple[PlaceCount, ...]
    people: tuple[Person, ...]

    def for_file(self, source: str | Path) -> FollowUp:
        """Only the places and people of one file (for that file's annotated copy)."""
        wanted = _resolved(source)
        keep = {f for f in {p.file for p in self.places} | {p.file for p in self.people}
                if f is None or _resolved(f) == wanted}
        return FollowUp(self.columns, tuple(p for p in self.places if p.file in keep),
                        tuple(p for p in self.people if p.file in keep))

    def totals(self) -> dict[str, int]:
        out = {name: sum(getattr(p, name) for p in self.places) for name in _COUNTS}
        out["people"] = len(self.people)
        return out

    def by_kecamatan(self) -> list[PlaceCount]:
        """Counts per kecamatan (as typed first), in the order of the TPS list."""
        groups: dict[str, list[PlaceCount]] = {}
        for place in self.places:
            groups.setdefault(_key(place.kecamatan), []).append(place)
        return [PlaceCount(None, rows[0].kecamatan, None, None,
                           *(sum(getattr(r, name) for r in rows) for name in _COUNTS))
                for rows in groups.values()]

    def to_dict(self, lists: bool = True) -> dict[str, Any]:
        """JSON-ready section of the report ("follow_up"); lists=False leaves the per-TPS and
        per-person lists empty (report_json streams them: see place_item, person_item)."""
        def place(p: PlaceCount, drop: tuple[str, ...]) -> dict[str, Any]:
            return {k: v for k, v in p._asdict().items() if k not in drop}

        return {
            "columns": dict(self.columns),
            "totals": self.totals(),
            "kecamatan": [place(p, ("file", "kelurahan", "tps")) for p in self.by_kecamatan()],
            "tps": [place_item(p) for p in self.places] if lists else [],
            "people": [person_item(p) for p in self.people] if lists else [],
        }


def place_item(place: PlaceCount) -> dict[str, Any]:
    """One item of the report's follow_up.tps list."""
    return place._asdict()


def person_item(person: Person) -> dict[str, Any]:
    """One item of the report's follow_up.people list."""
    return {**person._asdict(), "needs": list(person.needs)}


def _resolved(path: str | Path) -> str:
    try:
        return str(Path(path).resolve())
    except OSError:
        return Path(path).name


def _key(text: object, kind: str = "kecamatan") -> str:
    return place_key(_text(text), kind)


def _keys(series: pd.Series, kind: str) -> pd.Series:
    """The one place-key normaliser over a column (once per distinct value)."""
    return key_series(series, kind)


def _text(value: object) -> str | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return str(value)


def needs_frame(roster: Roster, settings: Settings) -> pd.DataFrame:
    """Per active roster row: needs screening / at risk / no active JKN (bool columns) and age."""
    frame = roster.df
    active = active_mask(frame)
    has_screening = has_field(roster, "skrining")
    has_jkn = has_field(roster, "status_jkn")
    state = screenings(roster)
    status = frame["status_jkn"] if "status_jkn" in frame else pd.Series(
        pd.NA, index=frame.index, dtype="string")
    return pd.DataFrame({
        "active": active,
        "skrining": has_screening & not_screened(state),
        "berisiko": has_screening & (state == "berisiko").astype(bool),
        "jkn": has_jkn & jkn_inactive(status).astype(bool),
        "age": effective_ages(roster, settings),
    }, index=frame.index)


def follow_up(roster: Roster, settings: Settings) -> FollowUp | None:
    """The Tindak Lanjut list, None when no sheet has a skrining or status JKN column."""
    frame = roster.df
    columns = {name: any(name in s.columns for s in roster.sheets)
               for name in ("skrining", "status_jkn")}
    if frame.empty or not any(columns.values()):
        return None
    with few_collections():
        return _follow_up(roster, settings, columns)


def _follow_up(roster: Roster, settings: Settings, columns: dict[str, bool]) -> FollowUp:
    frame = roster.df
    needs = needs_frame(roster, settings)
    wanted = [c for c in (*_PERSON_COLUMNS, "tps_key") if c in frame.columns]
    active = frame.loc[needs["active"].to_numpy(bool), wanted]
    flags = needs.loc[active.index]
    order = pd.DataFrame({
        "kec": _keys(active["kecamatan"], "kecamatan"),
        "kel": _keys(active["kelurahan"], "kelurahan"),
        "tps": fill_text(active["tps_no"], "~").astype(str),
        "file": active["_file"].astype(str), "sheet": active["_sheet"].astype(str),
        "row": active["_row"].astype("int64"),
    }, index=active.index).sort_values(["kec", "kel", "tps", "file", "sheet", "row"],
                                       kind="stable")
    data = pd.DataFrame({
        "group": active["_file"].astype(str) + "\x00" + active["tps_key"].astype(str),
        "file": active["_file"], "kecamatan": active["kecamatan"],
        "kelurahan": active["kelurahan"], "tps": fill_text(active["tps_no"], active["tps"]),
        "skrining": flags["skrining"], "berisiko": flags["berisiko"], "jkn": flags["jkn"],
    }, index=active.index).loc[order.index]
    counts = data.groupby("group", sort=False).agg(
        file=("file", "first"), kecamatan=("kecamatan", "first"),
        kelurahan=("kelurahan", "first"), tps=("tps", "first"), officers=("skrining", "size"),
        not_screened=("skrining", "sum"), at_risk=("berisiko", "sum"), no_active_jkn=("jkn", "sum"))
    texts = [[_text(v) for v in _objects(counts, name)]
             for name in ("file", "kecamatan", "kelurahan", "tps")]
    texts[0] = [v or None for v in texts[0]]
    numbers = [counts[name].astype("int64").tolist()
               for name in ("officers", "not_screened", "at_risk", "no_active_jkn")]
    places = tuple(map(PlaceCount._make, zip(*texts, *numbers, strict=True)))
    listed = order.index[flags.loc[order.index, list(NEEDS)].any(axis=1).to_numpy()]
    people = _people(active.loc[listed], flags.loc[listed])
    return FollowUp(columns, places, people)


_PERSON_COLUMNS = ("_file", "_sheet", "_row", "kecamatan", "kelurahan", "tps_no", "tps", "nama",
                   "nik", "jabatan", "no_hp", "skrining", "status_jkn")


def _objects(frame: pd.DataFrame, name: str) -> list[Any]:
    """One column as Python objects, None for missing (Arrow columns convert in C)."""
    if name not in frame.columns:
        return [None] * len(frame)
    column = frame[name]
    if isinstance(column.dtype, pd.StringDtype):
        return text_values(column, None)
    return objects(column)


def _people(rows: pd.DataFrame, flags: pd.DataFrame) -> tuple[Person, ...]:
    """Person records of the listed rows, built column-wise (one pass over plain lists)."""
    columns = [_objects(rows, name) for name in _PERSON_COLUMNS]
    ages = flags["age"].astype("float64").tolist()
    names = tuple(NEEDS)
    code = sum(flags[name].astype(bool).to_numpy().astype(int) << bit
               for bit, name in enumerate(names))
    combos = [tuple(n for bit, n in enumerate(names) if value >> bit & 1)
              for value in range(1 << len(names))]
    needs = [combos[value] for value in code.tolist()]
    file, sheet, row, kec, kel, tps_no, tps, nama, nik, jabatan, hp, skrining, jkn = columns
    return tuple(map(Person._make, zip(
        [f or None for f in file], [str(s) for s in sheet], [int(r) for r in row], kec, kel,
        [n or (str(t) if t is not None else None) for n, t in zip(tps_no, tps, strict=True)],
        nama, nik, jabatan, [None if a != a else int(a) for a in ages], hp, skrining, jkn, needs,
        strict=True)))
