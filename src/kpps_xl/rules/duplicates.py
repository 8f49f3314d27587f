"""Duplicate rules across sheets and files: dup.nik and dup.person (every occurrence, bounded).

Both are columnar (hashing over the whole roster); Finding objects are built only for flagged
rows. A finding lists at most RELATED_CAP other occurrences in `related` and names at most
PLACES_SHOWN of them in its message, which counts the rest ("dan 1.996 lainnya"), so the work
and the report grow with the number of copies, not with its square.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np
import pandas as pd
import pyarrow.compute as pc

from kpps_xl.findings import Finding, mask_nik
from kpps_xl.roster.grid import arrow_text
from kpps_xl.roster.model import Roster
from kpps_xl.rules.base import make, records, ref_of, where
from kpps_xl.rules.names import (
    NameKeys,
    first_positions,
    full_parts,
    maybe_same_person,
    name_key_codes,
    part_masks,
    parts_within,
    same_person_names,
)
from kpps_xl.rules.nik import nik_digits_of, nik_numbers_of
from kpps_xl.settings import Settings

RELATED_CAP = 10   # other occurrences listed in a finding's `related`
PLACES_SHOWN = 3   # other occurrences named in a dup.nik message
_POW10 = 10 ** np.arange(15, -1, -1, dtype=np.int64)  # place value of NIK digit 0..15


def _place(row: Any) -> str:
    file, sheet, excel_row = where(row)
    return f"sheet {sheet} baris {excel_row}"


def _count(number: int) -> str:
    """Indonesian thousands separator: 1996 -> '1.996'."""
    return f"{number:,}".replace(",", ".")


def _groups(key: pd.Series, eligible: pd.Series) -> tuple[np.ndarray, list[np.ndarray]]:
    """Frame positions of eligible rows whose key occurs twice or more among eligible rows, and
    the groups as arrays of indices into those positions: groups in order of first occurrence,
    rows in frame order (what a dict of lists built row by row would give)."""
    eligible = eligible.fillna(False).astype(bool).to_numpy()
    keys = key[eligible]
    repeated = keys.duplicated(keep=False).to_numpy()
    positions = np.flatnonzero(eligible)[repeated]
    if not len(positions):
        return positions, []
    codes, _ = pd.factorize(keys[repeated])
    order = np.argsort(codes, kind="stable")
    bounds = np.flatnonzero(np.diff(codes[order])) + 1
    return positions, np.split(order, bounds)


def _rows(frame: pd.DataFrame, positions: np.ndarray) -> list[Any]:
    return list(records(frame.iloc[positions]))


def _others(group: Sequence[int], member: int, cap: int = RELATED_CAP) -> list[int]:
    """The first `cap` members of a group other than `member` (group in frame order)."""
    head = [m for m in group[:cap + 1] if m != member]
    return head[:cap]


def dup_nik(roster: Roster, settings: Settings) -> Iterator[Finding]:
    """Same NIK (as text) more than once; NIKs stored as numbers are excluded (already broken)."""
    frame = roster.df
    digits = nik_digits_of(roster)
    eligible = (digits.str.len() >= 8) & ~frame["nik_numeric"]
    key = pd.Series(_nik_keys(digits, nik_numbers_of(roster)), index=frame.index)
    positions, groups = _groups(key, eligible)
    rows = _rows(frame, positions)
    refs = [ref_of(r) for r in rows]
    for group in groups:
        members = group.tolist()
        places = [_place(rows[m]) for m in members[:PLACES_SHOWN + 1]]
        for member in members:
            row = rows[member]
            shown = [p for m, p in zip(members, places, strict=False) if m != member][:PLACES_SHOWN]
            rest = len(members) - 1 - len(shown)
            more = f" dan {_count(rest)} lainnya" if rest > 0 else ""
            yield make(roster, row, "dup.nik",
                       f"NIK {mask_nik(row.nik)} juga tercantum di {'; '.join(shown)}{more}.",
                       "nik", row.nik,
                       related=tuple(refs[m] for m in _others(members, member)))


def _nik_keys(digits: pd.Series, numbers: tuple[pd.Series, np.ndarray]) -> np.ndarray:
    """One int64 per row, equal exactly where the NIK digit texts are equal: the number of 16
    ASCII digits (a bijection), minus one minus a code of any other text (hashing integers,
    not a million strings)."""
    ok, number = numbers
    ascii_only = pc.fill_null(pc.string_is_ascii(arrow_text(digits)), False)
    plain = ok.to_numpy(dtype=bool) & ascii_only.to_numpy(zero_copy_only=False)
    keys = np.where(plain, number, 0)
    other = np.flatnonzero(~plain)
    keys[other] = -1 - pd.factorize(digits.iloc[other], use_na_sentinel=False)[0]
    return keys


_WINDOWS = ((0, 4), (3, 7), (6, 10), (9, 13), (12, 16))
_CROWD = 48  # distinct NIKs sharing a window key beyond which that key is searched digit by digit


def _digit_matrix(nik: np.ndarray) -> np.ndarray:
    """(n, 16) uint8 digits of 16-digit NIKs given as int64."""
    out = np.empty((len(nik), 16), dtype=np.uint8)
    rest = nik.copy()
    for i in range(15, -1, -1):
        rest, out[:, i] = np.divmod(rest, 10)
    return out


def _equal_key_pairs(keys: np.ndarray, among: np.ndarray, found: list[np.ndarray],
                     crowd: int | None = None, bits: np.ndarray | None = None) -> np.ndarray:
    """Append pairs (i, j) of `among` with equal keys; return a mask of `among` whose key is
    shared by more than `crowd` (those groups give no pairs: the caller searches them finer).
    With `bits`, only pairs whose bit masks share a bit are kept (bits[i] & bits[j] != 0).

    One sort, then a comparison at growing offsets: a group of k gives its k(k-1)/2 pairs."""
    order = np.argsort(keys)
    ordered, ids = keys[order], among[order]
    crowded = np.zeros(len(keys), dtype=bool)
    if crowd is not None and len(ordered):
        starts = np.flatnonzero(np.concatenate([[True], ordered[1:] != ordered[:-1]]))
        sizes = np.diff(np.append(starts, len(ordered)))
        big = np.repeat(sizes > crowd, sizes)
        crowded[order[big]] = True
        ordered, ids = ordered[~big], ids[~big]
    offset = 1
    while offset < len(ordered):
        same = np.flatnonzero(ordered[offset:] == ordered[:-offset])
        if not len(same):
            break
        left, right = ids[same], ids[same + offset]
        if bits is not None:
            share = (bits[left] & bits[right]) != 0
            left, right = left[share], right[share]
        found.append(np.stack([np.minimum(left, right), np.maximum(left, right)], axis=1))
        offset += 1
    return crowded


def _keys(nik: np.ndarray, digits: np.ndarray, first: int, stop: int, mix: np.ndarray) -> np.ndarray:
    """NIKs with digits first..stop-1 zeroed, mixed with the birth day (a hash: verified later)."""
    window = np.zeros(len(nik), dtype=np.int64)
    for i in range(first, stop):
        window = window * 10 + digits[:, i]
    return (nik - window * _POW10[stop - 1]).astype(np.uint64) ^ mix


def _sorted_unique(values: np.ndarray) -> np.ndarray:
    """np.unique by sorting (numpy's hash-based unique is slow on these structured keys)."""
    ordered = np.sort(values)
    if not len(ordered):
        return ordered
    return ordered[np.concatenate([[True], ordered[1:] != ordered[:-1]])]


def _near_nik_pairs(nik: np.ndarray, day: np.ndarray, bits: np.ndarray | None = None
                    ) -> np.ndarray:
    """Pairs (i, j), i < j, of distinct 16-digit NIKs with the same birth day that differ in
    exactly one digit or by one swap of adjacent digits (with `bits`: only pairs whose masks
    share a bit, filtered as candidates are found, before any verification).

    Exact hashing, near-linear. Every such pair agrees outside one of five overlapping
    windows of four digits (0-3, 3-6, 6-9, 9-12, 12-15), so NIKs with the window zeroed are
    keys (mixed with the day); candidates are verified digit by digit. A key shared by more
    than _CROWD NIKs (one kecamatan, one birthday, many officers) is searched finer instead:
    one key per digit zeroed and per adjacent pair in ascending order, which holds at most
    ten distinct NIKs, so the work never grows with the square of a crowd.
    """
    found: list[np.ndarray] = []
    every = np.arange(len(nik), dtype=np.int64)
    digits = _digit_matrix(nik)
    mix = day.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)
    crowded = np.zeros(len(nik), dtype=bool)
    for first, stop in _WINDOWS:
        crowded |= _equal_key_pairs(_keys(nik, digits, first, stop, mix), every, found, _CROWD,
                                    bits)
    if crowded.any():
        few = np.flatnonzero(crowded)
        sub, sub_digits, sub_mix = nik[few], digits[few].astype(np.int64), mix[few]
        for i in range(16):
            _equal_key_pairs(_keys(sub, digits[few], i, i + 1, sub_mix), few, found, bits=bits)
        for j in range(15):
            a, b = sub_digits[:, j], sub_digits[:, j + 1]
            swapped = sub + (np.minimum(a, b) - a) * _POW10[j] + (np.maximum(a, b) - b) * _POW10[j + 1]
            _equal_key_pairs(swapped.astype(np.uint64) ^ sub_mix, few, found, bits=bits)
    if not found:
        return np.empty((0, 2), dtype=np.int64)
    joined = np.concatenate(found)
    codes = _sorted_unique(joined[:, 0] * len(nik) + joined[:, 1])
    pairs = np.stack([codes // len(nik), codes % len(nik)], axis=1)
    da, db = digits[pairs[:, 0]], digits[pairs[:, 1]]
    differ = da != db
    count = differ.sum(axis=1)
    first = differ.argmax(axis=1)
    nxt = np.minimum(first + 1, 15)
    at = np.arange(len(pairs))
    swap = ((count == 2) & differ[at, nxt] & (da[at, first] == db[at, nxt])
            & (da[at, nxt] == db[at, first]))
    keep = (day[pairs[:, 0]] == day[pairs[:, 1]]) & ((count == 1) | swap)
    return pairs[keep]


def _near_matches(frame: pd.DataFrame, names: NameKeys, day: np.ndarray, eligible: np.ndarray,
                  numbers: tuple[pd.Series, np.ndarray]) -> dict[int, list[int]]:
    """Frame position -> positions of rows that are probably the same person under a NIK one
    typo away: same birth date, NIKs one digit or one adjacent swap apart, names that differ
    but are compatible (same_person_names) and no conflicting sex. Twins are never matched.

    names: the name keys; day: days since 1970 (eligible rows: a key and a birth date);
    numbers: nik.nik_numbers_of. Names come first: only rows
    of a (name key, day) with a compatible other name born that day (_compatible_units) go
    to the near-NIK search."""
    ok, number = numbers
    valid = eligible & ok.to_numpy(dtype=bool) & ~frame["nik_numeric"].to_numpy(dtype=bool)
    if valid.sum() < 2:
        return {}
    pos = np.flatnonzero(valid)
    key_code, split = names.codes, names.split
    masks = part_masks(split)
    day_code, days = pd.factorize(day[pos])
    unit, unit_first = _codes(key_code[pos] * len(days) + day_code)  # (name key, day)
    chosen = _compatible_units(key_code[pos][unit_first], day_code[unit_first],
                               full_parts(split), masks)[unit]
    if chosen.sum() < 2:
        return {}
    number = number[pos]
    # nodes (a NIK and a day) numbered in order of first appearance among all valid rows
    seen = np.flatnonzero(pd.Index(np.unique(number[chosen])).get_indexer(number) >= 0)
    node = _codes(pd.factorize(number[seen])[0].astype(np.int64) * len(days) + day_code[seen])[0]
    kept = chosen[seen]
    node = np.unique(node[kept], return_inverse=True)[1].astype(np.int64)
    first_row = first_positions(node, int(node.max()) + 1)
    pos, day_code, nik = pos[seen][kept], day_code[seen][kept], number[seen][kept]
    names_code = key_code[pos]
    # a compatible pair shares a full name part: one bit test per candidate pair rules most out
    order = np.argsort(node, kind="stable")
    starts = np.searchsorted(node[order], np.arange(len(first_row)))
    node_full = np.bitwise_or.reduceat(masks[0][names_code][order], starts)
    pairs = _near_nik_pairs(nik[first_row], day[pos][first_row], node_full)
    if not len(pairs):
        return {}
    involved = np.isin(node, np.unique(pairs))
    sex = frame["sex"].iloc[pos[involved]].to_numpy(dtype=object)
    people = pd.DataFrame({"pos": pos[involved], "node": node[involved],
                           "name": names_code[involved],
                           "sex": np.where(pd.isna(sex), "", sex)})
    people["pid"] = people.groupby(["node", "name", "sex"], sort=False).ngroup()
    persons = people.drop_duplicates("pid").sort_values("pid")
    linked = (pd.DataFrame({"node_a": pairs[:, 0], "node_b": pairs[:, 1]})
              .merge(persons[["node", "pid"]].rename(columns={"node": "node_a", "pid": "a"}))
              .merge(persons[["node", "pid"]].rename(columns={"node": "node_b", "pid": "b"})))
    name = persons["name"].to_numpy()
    sex_of = persons["sex"].to_numpy(dtype=object)
    a, b = linked["a"].to_numpy(), linked["b"].to_numpy()
    fits = (name[a] != name[b]) & ((sex_of[a] == sex_of[b]) | (sex_of[a] == "") | (sex_of[b] == ""))
    a, b = a[fits], b[fits]
    if len(a):
        fits = maybe_same_person(masks, name[a], name[b])
        a, b = a[fits], b[fits]
    if not len(a):
        return {}
    first, second = split.text(name[a]).to_pylist(), split.text(name[b]).to_pylist()
    same = np.array([same_person_names(x, y) for x, y in zip(first, second, strict=True)],
                    dtype=bool)
    a, b = a[same], b[same]
    if not len(a):
        return {}
    return _rows_of_matches(people["pid"].to_numpy(), people["pos"].to_numpy(), a, b)


def _codes(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Codes of equal values in order of first appearance, and the first position of each."""
    codes, uniques = pd.factorize(values)
    return codes.astype(np.int64), first_positions(codes, len(uniques))


_CHUNK = 1 << 18  # queries of _compatible_units compared at once (bounds the candidate arrays)
_UNITS_AT_ONCE = 1 << 18  # units (whole days) bucketed at once by _compatible_units


def _compatible_units(unit_key: np.ndarray, unit_day: np.ndarray,
                      parts: tuple[np.ndarray, np.ndarray],
                      masks: tuple[np.ndarray, np.ndarray, np.ndarray]) -> np.ndarray:
    """Mask of the units (a name key and a birth day) with a compatible other unit that day:
    maybe_same_person on their keys, a necessary condition of same_person_names.

    If A's parts are all in B, B holds A's rarest full part (the one in the fewest units born
    that day), so each unit is compared only with the units of that one (day, part) bucket,
    by masks: the work grows with the size of the rarest buckets, never with a day's square.
    Units are taken in order of birth day, whole days at a time (bounded memory)."""
    by_day = _stable_order(unit_day)
    chosen = np.zeros(len(unit_key), dtype=bool)
    days = unit_day[by_day]
    cuts = np.unique(np.searchsorted(days, days[::_UNITS_AT_ONCE], side="left"))
    for lo, hi in zip(cuts, [*cuts[1:], len(days)], strict=True):
        _compatible_in(by_day[lo:hi], unit_key, unit_day, parts, masks, chosen)
    return chosen


def _compatible_in(units: np.ndarray, unit_key: np.ndarray, unit_day: np.ndarray,
                   parts: tuple[np.ndarray, np.ndarray],
                   masks: tuple[np.ndarray, np.ndarray, np.ndarray], chosen: np.ndarray) -> None:
    """_compatible_units for whole days of units (in order of day): sets their mask.

    A bucket is a run of the (unit, full part) entries, made in order of day and then sorted
    by part (a radix sort, stable: days stay in order within a part)."""
    offsets, codes = parts
    key = unit_key[units]
    counts = np.diff(offsets)[key]
    total = int(counts.sum())
    if not total:
        return
    starts = np.cumsum(counts) - counts
    entry_unit = np.repeat(units.astype(np.int32), counts)  # entries of a unit together
    part = codes[np.repeat(offsets[:-1][key] - starts, counts)
                 + np.arange(total)].astype(np.int32)
    order = _stable_order(part)
    tally = np.bincount(part)
    del part
    ordered_part = np.repeat(np.arange(len(tally), dtype=np.int32), tally)  # part[order]
    ordered_day = np.repeat(unit_day[units].astype(np.int32), counts)[order]
    new = np.ones(total, dtype=bool)
    new[1:] = (ordered_part[1:] != ordered_part[:-1]) | (ordered_day[1:] != ordered_day[:-1])
    del ordered_part, ordered_day
    run_start = np.flatnonzero(new)
    run_size = np.diff(np.append(run_start, total))
    # per unit, its smallest bucket (ties: the first in part order): size in the high bits
    run_of = np.cumsum(new, dtype=np.int32) - 1  # per ordered entry, its bucket
    del new
    packed = np.empty(total, dtype=np.int64)
    packed[order] = run_size[run_of] << 32 | run_of
    del run_of
    has = counts > 0
    best = np.minimum.reduceat(packed, starts[has])
    del packed
    wide = best >> 32 >= 2
    query, target = units[np.flatnonzero(has)[wide]], best[wide] & 0xFFFFFFFF
    for lo in range(0, len(query), _CHUNK):
        q, first = query[lo:lo + _CHUNK], run_start[target[lo:lo + _CHUNK]]
        n = run_size[target[lo:lo + _CHUNK]]
        left = np.repeat(q, n)
        right = entry_unit[order[np.repeat(first - (np.cumsum(n) - n), n) + np.arange(int(n.sum()))]]
        # a query holds a full part (its bucket's), so parts_within's full-part test holds
        inside = parts_within(masks, unit_key[left], unit_key[right]) & (left != right)
        chosen[left[inside]] = True
        chosen[right[inside]] = True


def _stable_order(values: np.ndarray) -> np.ndarray:
    """np.argsort(values, kind="stable") of non-negative integers, by an LSD radix sort over
    16-bit digits (numpy sorts 16-bit integers by radix, in linear time; a stable sort of
    wider integers is several times slower)."""
    top = int(values.max()) if len(values) else 0
    order = np.argsort((values & 0xFFFF).astype(np.uint16), kind="stable")
    shift = 16
    while top >> shift:
        digit = ((values[order] >> shift) & 0xFFFF).astype(np.uint16)
        order = order[np.argsort(digit, kind="stable")]
        shift += 16
    return order


def _rows_of_matches(pid: np.ndarray, pos: np.ndarray, a: np.ndarray,
                     b: np.ndarray) -> dict[int, list[int]]:
    """Every row of a matched person -> the first RELATED_CAP rows of its partners (one shared
    list per person, so many copies of one person stay linear)."""
    needed = np.unique(np.concatenate([a, b]))
    chosen = np.isin(pid, needed)
    order = np.argsort(pid[chosen], kind="stable")
    sorted_pid, sorted_pos = pid[chosen][order], pos[chosen][order]
    starts = np.searchsorted(sorted_pid, needed, "left")
    ends = np.searchsorted(sorted_pid, needed, "right")
    rows_of = {p: sorted_pos[s:e].tolist() for p, s, e in zip(needed.tolist(), starts.tolist(),
                                                                ends.tolist(), strict=True)}
    partners: dict[int, set[int]] = {}
    for x, y in zip(a.tolist(), b.tolist(), strict=True):
        partners.setdefault(x, set()).add(y)
        partners.setdefault(y, set()).add(x)
    matches: dict[int, list[int]] = {}
    for person, others in partners.items():
        rows = sorted({r for other in others for r in rows_of[other][:RELATED_CAP]})[:RELATED_CAP]
        for row in rows_of[person]:
            matches[row] = rows
    return matches


def dup_person(roster: Roster, settings: Settings) -> Iterator[Finding]:
    """Probably one person under different NIKs: every occurrence of
    (a) the same name key (titles, spellings and the name-variant table) and date of birth, or
    (b) the same date of birth, compatible names and NIKs one digit or one adjacent swap apart.
    """
    frame = roster.df
    names = name_key_codes(frame["nama"])
    key_code = names.codes
    eligible = (key_code >= 0) & frame["dob"].notna().to_numpy(dtype=bool)
    digits = nik_digits_of(roster)
    day = frame["dob"].to_numpy().astype("datetime64[D]").astype(np.int64)  # NaT: not eligible
    key = pd.Series(key_code * (1 << 22) + (day % (1 << 22)), index=frame.index)
    positions, groups = _groups(key, pd.Series(eligible, index=frame.index))
    same_key: dict[int, tuple[list[int], int, int]] = {}  # pos -> (group, own index, other NIK)
    own = digits.iloc[positions].to_numpy(dtype=object)  # NIK text of the grouped rows only
    for group in groups:
        members = positions[group].tolist()
        niks = own[group].tolist()
        first = niks[0]
        other_nik = next((m for m, n in zip(members, niks, strict=True) if n != first), None)
        if other_nik is None:
            continue  # one NIK on every row: dup.nik, not dup.person
        for index, (pos, nik) in enumerate(zip(members, niks, strict=True)):
            same_key[pos] = (members, index, members[0] if nik != first else other_nik)
    near = _near_matches(frame, names, day, eligible, nik_numbers_of(roster))
    flagged = sorted(set(same_key) | set(near), key=lambda p: _first_seen(p, same_key))
    if not flagged:
        return
    wanted = set(flagged) | {p for ps in near.values() for p in ps}
    for pos, (members, _, other_nik) in same_key.items():
        wanted.update(_others(members, pos))
        wanted.add(other_nik)
    ordered = sorted(wanted)
    by_pos = dict(zip(ordered, _rows(frame, np.array(ordered, dtype=np.int64)), strict=True))
    refs = {pos: ref_of(row) for pos, row in by_pos.items()}
    for pos in flagged:
        row = by_pos[pos]
        if pos in same_key:
            members, _, other_nik = same_key[pos]
            others = _others(members, pos)
            message = (f"{row.nama} dengan tanggal lahir yang sama juga tercantum di "
                       f"{_place(by_pos[other_nik])} dengan NIK lain "
                       f"({mask_nik(by_pos[other_nik].nik)}).")
        else:
            others = []
            partner = by_pos[near[pos][0]]
            message = (f"{row.nama} dengan tanggal lahir yang sama tercantum juga sebagai "
                       f"{partner.nama} di {_place(partner)} dengan NIK yang hanya berbeda satu "
                       f"digit atau dua digit bertukar ({mask_nik(partner.nik)}); mungkin NIK "
                       "salah ketik.")
        others = others + [p for p in near.get(pos, []) if p not in others]
        yield make(roster, row, "dup.person", message, "nama", row.nama,
                   related=tuple(refs[p] for p in others[:RELATED_CAP]))


def _first_seen(pos: int, same_key: dict[int, tuple[list[int], int, int]]) -> tuple[int, int, int]:
    """Finding order: name+date groups in order of first occurrence, then near-NIK rows."""
    if pos in same_key:
        members, index, _ = same_key[pos]
        return (0, members[0], index)
    return (1, pos, 0)
