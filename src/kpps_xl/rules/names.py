"""Name keys for dup.person: case, titles, old spellings, doubled letters and the variant table."""

from __future__ import annotations

import importlib.resources
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

# Honorifics and degrees, matched as whole words after dots became spaces ("S.Pd" -> "s pd").
_TITLES = (
    r"\b(?:hj|hajjah|haji|h|drs|dra|dr|ir|prof|kh|ust|ustadz"
    r"|s (?:pd i|pd|pdi|ag|e|h i|h|hi|kom|t|sos|ip|si|km|ked|kep|farm|psi|ak|hut|pt|tp|ars)"
    r"|m (?:pd i|pd|pdi|m|h|si|kes|ag|t)|a md(?: kep| keb)?|spd|spdi|skom|ssos|mpd|amd|bsc)\b"
)
_NAME_STEPS = ((r",.*$", ""), (r"[.'\"`’]", " "), (_TITLES, " "))
# Doubled letters collapse to one. RE2 (pyarrow) has no backreferences, so one group per
# letter and at most nine groups per pattern (\1..\9 in the rewrite).
_LETTER_CHUNKS = ("abcdefghi", "jklmnopqr", "stuvwxyz")
_DOUBLES = tuple(("|".join(f"({c}){c}+" for c in chunk),
                  "".join(f"\\{i}" for i in range(1, len(chunk) + 1))) for chunk in _LETTER_CHUNKS)
_ASCII_SPACE = r"[\t\n\x0b\x0c\r\x1c-\x1f ]"  # what Python's \s matches below U+0080
_PART = re.compile(r"[a-z]+(?: [a-z]+)*")


@dataclass(frozen=True)
class NameTable:
    """The name-variant table of data/name_variants.toml, in key form (see name_keys)."""

    spelling: tuple[tuple[str, str], ...]
    words: Mapping[str, str]    # one-word variant -> canonical
    phrases: Mapping[str, str]  # several-word variant ("abdul rahman") -> canonical


def _spelled(text: str, spelling: tuple[tuple[str, str], ...]) -> str:
    """The scalar twin of the vectorised spelling + doubled-letter steps (for the table)."""
    for old, new in spelling:
        text = text.replace(old, new)
    return re.sub(r"([a-z])\1+", r"\1", text)


@lru_cache(maxsize=1)
def name_table() -> NameTable:
    """Load the bundled table once; variants get the same spelling steps as the names."""
    source = importlib.resources.files("kpps_xl").joinpath("data", "name_variants.toml")
    data = tomllib.loads(source.read_text(encoding="utf-8"))
    spelling = tuple((str(old), str(new)) for old, new in data["spelling"].items())
    words: dict[str, str] = {}
    phrases: dict[str, str] = {}
    for canonical, variants in data["variants"].items():
        target = _spelled(canonical, spelling)
        for variant in (canonical, *variants):
            if not _PART.fullmatch(variant):
                raise ValueError(f"name_variants.toml: '{variant}' is not lower-case words")
            key = _spelled(variant, spelling)
            (phrases if " " in key else words)[key] = target
    return NameTable(spelling, MappingProxyType(words), MappingProxyType(phrases))


def _map_words(keys: pd.Series, words: Mapping[str, str]) -> pd.Series:
    """Split at whitespace runs, replace every word found in `words`, join with one space."""
    if keys.empty:
        return keys
    parts = pc.utf8_split_whitespace(_arrow_text(keys))
    flat = pc.list_flatten(parts)
    position = pc.index_in(flat, value_set=pa.array(list(words), type=pa.string()))
    canonical = pa.array(list(words.values()), type=pa.string()).take(position)
    mapped = pc.if_else(pc.is_valid(position), canonical, flat)
    joined = pc.binary_join(pa.ListArray.from_arrays(parts.offsets, mapped), " ")
    return pd.Series(joined.to_pandas(types_mapper=pd.ArrowDtype), index=keys.index).astype("string")


def _keys_of_distinct(names: pd.Series) -> pd.Series:
    table = name_table()
    out = names.astype("string").str.lower()
    for pattern, repl in _NAME_STEPS:
        out = out.str.replace(pattern, repl, regex=True)
    out = out.str.strip()
    for old, new in table.spelling:
        out = out.str.replace(old, new, regex=False)
    for pattern, repl in _DOUBLES:
        out = out.str.replace(pattern, repl, regex=True)
    ascii_only = pc.all(pc.string_is_ascii(pa.array(out))).as_py() is not False
    for canonical, pattern in _phrase_patterns(table.phrases):
        if ascii_only:  # Python's \s on ASCII text, spelled so Arrow's RE2 runs it (no fallback)
            pattern = pattern.replace(r"\s", _ASCII_SPACE)
        out = out.str.replace(pattern, canonical, regex=True)
    return _map_words(out, table.words)


def _phrase_patterns(phrases: Mapping[str, str]) -> list[tuple[str, str]]:
    """One regex per canonical spelling, longest phrase first, any whitespace between words."""
    by_canonical: dict[str, list[str]] = {}
    for phrase in sorted(phrases, key=len, reverse=True):
        by_canonical.setdefault(phrases[phrase], []).append(r"\s+".join(phrase.split()))
    return [(canonical, r"\b(?:" + "|".join(alts) + r")\b") for canonical, alts in by_canonical.items()]


def name_keys(names: pd.Series) -> pd.Series:
    """Vectorised comparison keys: 'Hj. Siti Aminah, S.Pd' -> 'siti aminah', 'M. Yusuf' ->
    'muhamad yusuf' (= 'Muhammad Yusuf'); '' for an empty name. Each distinct name once."""
    codes, distinct = pd.factorize(names.astype("string"), use_na_sentinel=True)
    keys = _keys_of_distinct(pd.Series(distinct, dtype="string")).fillna("").to_numpy(dtype=object)
    out = pd.Series(keys.take(codes) if len(keys) else [""] * len(codes), index=names.index,
                    dtype="string")
    return out.where(codes >= 0, "")


def name_key(name: str | None) -> str:
    """name_keys for one name."""
    return str(name_keys(pd.Series([name], dtype="string")).iloc[0])


def _arrow_text(keys: pd.Series) -> pa.Array:
    """The keys as one Arrow string array, '' for missing (Arrow-backed text: no Python str)."""
    filled = keys.fillna("")
    if isinstance(filled.dtype, pd.StringDtype) and filled.dtype.storage == "pyarrow":
        text = pa.array(filled).cast(pa.string())
    else:
        text = pa.array(filled.astype(object), type=pa.string())
    return text.combine_chunks() if isinstance(text, pa.ChunkedArray) else text


def part_masks(keys: pd.Series, split: NameSplit | None = None
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per name key, vectorised: a 64-bit mask of its full parts (a part's bit from its id), a
    mask of the first letters of all parts, and a mask of the letters of its one-letter parts.

    Used to rule out most name pairs before same_person_names: if every part of A is in B,
    A's full mask is inside B's and A's initials inside B's first letters.
    """
    flat, offsets, length, codes = split if split is not None else split_names(keys)
    full = np.where(length > 1, np.left_shift(np.uint64(1), (codes % 64).astype(np.uint64)),
                    np.uint64(0)).astype(np.uint64)
    first_codes, firsts = pd.factorize(flat.str[:1])
    letter_bit = np.array([1 << (ord(c[0]) % 64) if c else 0 for c in firsts.tolist()] + [0],
                          dtype=np.uint64)[first_codes]
    initial = np.where(length == 1, letter_bit, np.uint64(0)).astype(np.uint64)
    starts = offsets[:-1]

    def per_name(values: np.ndarray) -> np.ndarray:
        if not len(values):
            return np.zeros(len(starts), dtype=np.uint64)
        return np.bitwise_or.reduceat(values, np.minimum(starts, len(values) - 1)).astype(np.uint64)

    return per_name(full), per_name(letter_bit), per_name(initial)


NameSplit = tuple[pd.Series, np.ndarray, np.ndarray, np.ndarray]


def split_names(keys: pd.Series) -> NameSplit:
    """Name keys split at whitespace: (every part, offsets per key, part lengths, part codes);
    a part's code is the same in every key. part_masks and full_parts share one split."""
    parts = pc.utf8_split_whitespace(_arrow_text(keys))
    flat = pd.Series(pc.list_flatten(parts).to_pandas(types_mapper=pd.ArrowDtype)).astype("string")
    offsets = parts.offsets.to_numpy().astype(np.int64)
    length = flat.str.len().to_numpy(dtype=np.int64, na_value=0)
    codes, _ = pd.factorize(flat)
    return flat, offsets, length, codes


def full_parts(keys: pd.Series, split: NameSplit | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Per name key, the codes of its parts longer than one letter: (offsets, codes) with the
    codes of key i at codes[offsets[i]:offsets[i + 1]] (a part's code is the same in every key)."""
    _, offsets, length, codes = split if split is not None else split_names(keys)
    owner = np.repeat(np.arange(len(offsets) - 1), np.diff(offsets))
    full = length > 1
    return np.searchsorted(owner[full], np.arange(len(offsets))), codes[full].astype(np.int64)


def maybe_same_person(masks: tuple[np.ndarray, np.ndarray, np.ndarray], a: np.ndarray,
                      b: np.ndarray) -> np.ndarray:
    """Vectorised necessary condition of same_person_names for pairs (a[i], b[i]) of indices
    into the keys part_masks was computed on (false positives only, never false negatives)."""
    full, letters, initials = masks

    def inside(x: np.ndarray, y: np.ndarray) -> np.ndarray:
        return ((full[x] & ~full[y]) == 0) & ((initials[x] & ~letters[y]) == 0) & (full[x] != 0)

    return inside(a, b) | inside(b, a)


def same_person_names(first: str, second: str) -> bool:
    """Two different name keys that may still be one person: every part of the shorter name is
    a distinct part of the longer one (or its initial), and at least one full part is shared.

    'yusuf' ~ 'muhamad yusuf', 'a yani' ~ 'ahmad yani'; never 'hasan' ~ 'husain' (twins'
    names differ in a part, which is exactly what this refuses).
    """
    short, long = sorted((first.split(), second.split()), key=len)
    if not short or first == second:
        return False
    free = list(long)
    full = False
    for part in short:
        match = next((p for p in free if p == part), None)
        if match is None and len(part) == 1:
            match = next((p for p in free if p.startswith(part)), None)
        if match is None:
            return False
        full = full or len(part) > 1
        free.remove(match)
    return full
