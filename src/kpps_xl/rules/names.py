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
_SIMPLE_NAME = r"^[A-Za-z]+(?: [A-Za-z]+)*$"  # keyed word by word (_keys_word_by_word)


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


def _spelled_forms(names: pd.Series) -> pd.Series:
    """The steps before the phrases: lower case, cut at the first comma, dots and quotes to
    spaces, titles out, trimmed, old spellings, doubled letters collapsed."""
    table = name_table()
    out = names.astype("string").str.lower()
    for pattern, repl in _NAME_STEPS:
        out = out.str.replace(pattern, repl, regex=True)
    out = out.str.strip()
    for old, new in table.spelling:
        out = out.str.replace(old, new, regex=False)
    for pattern, repl in _DOUBLES:
        out = out.str.replace(pattern, repl, regex=True)
    return out


def _keys_by_regex(names: pa.Array) -> pa.Array:
    """Keys of distinct names through every step, in the order the module docstring gives."""
    table = name_table()
    out = _spelled_forms(_text_series(names))
    ascii_only = pc.all(pc.string_is_ascii(pa.array(out))).as_py() is not False
    for canonical, pattern in _phrase_patterns(table.phrases):
        if ascii_only:  # Python's \s on ASCII text, spelled so Arrow's RE2 runs it (no fallback)
            pattern = pattern.replace(r"\s", _ASCII_SPACE)
        out = out.str.replace(pattern, canonical, regex=True)
    return _arrow_text(_map_words(out, table.words))


def _keys_of_distinct(names: pa.Array) -> pa.Array:
    """Keys of distinct names: names of ASCII letters and single spaces (most) word by word
    (_keys_word_by_word: every distinct word once), the rest and the few simple names where
    a title or a phrase of several words may match through the regex steps."""
    if not _word_by_word_exact(name_table()):
        return _keys_by_regex(names)
    simple = np.flatnonzero(pc.match_substring_regex(names, _SIMPLE_NAME).to_numpy(
        zero_copy_only=False))
    keys, needs_regex = _keys_word_by_word(names.take(pa.array(simple, type=pa.int64())))
    other = np.ones(len(names), dtype=bool)
    other[simple[~needs_regex]] = False
    other_at = np.flatnonzero(other)
    by_regex = _keys_by_regex(names.take(pa.array(other_at, type=pa.int64())))
    word_at = simple[~needs_regex]
    place = np.empty(len(names), dtype=np.int64)  # position of each name's key in the concat
    place[word_at] = np.arange(len(word_at))
    place[other_at] = len(word_at) + np.arange(len(other_at))
    done = pa.concat_arrays([keys.filter(pa.array(~needs_regex)), by_regex])
    return done.take(pa.array(place))


def _keys_word_by_word(names: pa.Array) -> tuple[pa.Array, np.ndarray]:
    """Keys of simple names (_SIMPLE_NAME) from the keys of their distinct words, and a mask of
    the names this cannot key (the regex steps do).

    Exact: in such a name no step but the titles and the phrases sees past a word (no comma,
    dot or quote; the spellings and doubled letters are letters inside a word; the variant
    table maps whole words), a title of one word is a whole word, and a title or phrase of
    several words needs two adjacent words of its vocabulary, which sends the name to the
    regex steps. A word that was a title is dropped; the rest are joined by one space."""
    table = name_table()
    lists = pc.split_pattern(pc.ascii_lower(names), " ")
    offsets = lists.offsets.to_numpy().astype(np.int64)
    offsets -= offsets[0]
    words = pc.dictionary_encode(pc.list_flatten(lists))
    code = words.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    spelled = _arrow_text(_spelled_forms(_text_series(words.dictionary)))
    mapped = _arrow_text(_map_words(_text_series(spelled), table.words))
    owner = np.repeat(np.arange(len(names)), np.diff(offsets))
    needs_regex = np.zeros(len(names), dtype=bool)
    titled = pc.is_in(words.dictionary, value_set=_title_vocabulary()).to_numpy(
        zero_copy_only=False)[code]
    risky = (owner[1:] == owner[:-1]) & titled[1:] & titled[:-1]
    needs_regex[owner[1:][risky]] = True
    kept_word = pc.greater(pc.binary_length(spelled), 0).to_numpy(zero_copy_only=False)
    kept = np.flatnonzero(kept_word[code])
    phrased = pc.is_in(spelled, value_set=_phrase_vocabulary(table)).to_numpy(
        zero_copy_only=False)[code[kept]]
    risky = (owner[kept][1:] == owner[kept][:-1]) & phrased[1:] & phrased[:-1]
    needs_regex[owner[kept][1:][risky]] = True
    bounds = np.concatenate([[0], np.cumsum(kept_word[code])])[offsets].astype(np.int32)
    joined = pc.binary_join(pa.ListArray.from_arrays(pa.array(bounds),
                                                     mapped.take(pa.array(code[kept]))), " ")
    return joined, needs_regex


@lru_cache(maxsize=1)
def _title_vocabulary() -> pa.Array:
    """Every word written in the title pattern (the words of its multi-word titles among them)."""
    return pa.array(sorted(set(re.findall(r"[a-z]+", _TITLES.replace(r"\b", " ")))),
                    type=pa.string())


def _phrase_vocabulary(table: NameTable) -> pa.Array:
    return pa.array(sorted({w for phrase in table.phrases for w in phrase.split()}),
                    type=pa.string())


def _word_by_word_exact(table: NameTable) -> bool:
    """Old spellings of letters only (never a space, never emptying a word): the condition
    under which _keys_word_by_word gives what the regex steps give."""
    return all(re.fullmatch("[a-z]+", old) and re.fullmatch("[a-z]+", new)
               for old, new in table.spelling)


def _phrase_patterns(phrases: Mapping[str, str]) -> list[tuple[str, str]]:
    """One regex per canonical spelling, longest phrase first, any whitespace between words."""
    by_canonical: dict[str, list[str]] = {}
    for phrase in sorted(phrases, key=len, reverse=True):
        by_canonical.setdefault(phrases[phrase], []).append(r"\s+".join(phrase.split()))
    return [(canonical, r"\b(?:" + "|".join(alts) + r")\b") for canonical, alts in by_canonical.items()]


def _text_series(text: pa.Array) -> pd.Series:
    return pd.Series(pd.arrays.ArrowStringArray(text))


def name_key_codes(names: pd.Series) -> tuple[np.ndarray, pa.Array]:
    """Name keys as codes: per row, the index of its key in `keys` (the distinct non-empty
    keys, in order of first appearance), -1 for a missing name or an empty key. Each distinct
    name is keyed once and no Python string is made per row."""
    raw = pc.dictionary_encode(_arrow_text(names.astype("string")))
    keyed = pc.dictionary_encode(_keys_of_distinct(raw.dictionary))
    code_of_raw = keyed.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    keys = keyed.dictionary
    empty = pc.index(keys, "").as_py()
    if empty >= 0:  # '' (an empty or all-title name) is no key
        code_of_raw = np.where(code_of_raw == empty, -1, code_of_raw - (code_of_raw > empty))
        keys = pa.concat_arrays([keys[:empty], keys[empty + 1:]])
    rows = raw.indices.to_numpy(zero_copy_only=False)
    return (code_of_raw[rows] if len(code_of_raw) else np.full(len(rows), -1, dtype=np.int64),
            keys)


def name_keys(names: pd.Series) -> pd.Series:
    """Vectorised comparison keys: 'Hj. Siti Aminah, S.Pd' -> 'siti aminah', 'M. Yusuf' ->
    'muhamad yusuf' (= 'Muhammad Yusuf'); '' for an empty name. Each distinct name once."""
    codes, keys = name_key_codes(names)
    text = pa.concat_arrays([keys, pa.array([""], type=keys.type)]).take(
        pa.array(np.where(codes >= 0, codes, len(keys))))
    return pd.Series(pd.arrays.ArrowStringArray(text), index=names.index)


def name_key(name: str | None) -> str:
    """name_keys for one name."""
    return str(name_keys(pd.Series([name], dtype="string")).iloc[0])


def _arrow_text(keys: pd.Series | pa.Array) -> pa.Array:
    """The keys as one Arrow string array, '' for missing (Arrow-backed text: no Python str)."""
    if isinstance(keys, pa.Array | pa.ChunkedArray):
        text = pc.fill_null(keys.cast(pa.string()), "")
        return text.combine_chunks() if isinstance(text, pa.ChunkedArray) else text
    filled = keys.fillna("")
    if isinstance(filled.dtype, pd.StringDtype) and filled.dtype.storage == "pyarrow":
        text = pa.array(filled).cast(pa.string())
    else:
        text = pa.array(filled.astype(object), type=pa.string())
    return text.combine_chunks() if isinstance(text, pa.ChunkedArray) else text


@dataclass(frozen=True)
class NameSplit:
    """Name keys split at whitespace: the parts of key i are parts[codes[offsets[i]:offsets[i+1]]]
    (a part's code is the same in every key); length[c] is the length of part c."""

    parts: pa.Array
    offsets: np.ndarray
    codes: np.ndarray
    length: np.ndarray


def split_names(keys: pd.Series | pa.Array) -> NameSplit:
    """Split name keys at whitespace (Arrow: one pass, parts dictionary-encoded); part_masks
    and full_parts share one split."""
    parts = pc.utf8_split_whitespace(_arrow_text(keys))
    flat = pc.dictionary_encode(pc.list_flatten(parts))
    offsets = parts.offsets.to_numpy().astype(np.int64)
    return NameSplit(flat.dictionary, offsets - offsets[0],
                     flat.indices.to_numpy(zero_copy_only=False).astype(np.int64),
                     pc.utf8_length(flat.dictionary).to_numpy(zero_copy_only=False).astype(np.int64))


def _first_letter_bits(parts: pa.Array) -> np.ndarray:
    """Per part, the bit of its first character (ord % 64); 0 for an empty part."""
    firsts = pc.dictionary_encode(pc.utf8_slice_codeunits(parts, 0, 1))
    bits = [1 << (ord(c) % 64) if c else 0 for c in firsts.dictionary.to_pylist()]
    return np.array(bits, dtype=np.uint64)[firsts.indices.to_numpy(zero_copy_only=False)]


def part_masks(keys: pd.Series | pa.Array, split: NameSplit | None = None
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per name key, vectorised: a 64-bit mask of its full parts (a part's bit from its id), a
    mask of the first letters of all parts, and a mask of the letters of its one-letter parts.

    Used to rule out most name pairs before same_person_names: if every part of A is in B,
    A's full mask is inside B's and A's initials inside B's first letters.
    """
    split = split if split is not None else split_names(keys)
    codes = split.codes
    length = split.length[codes]
    full = np.where(length > 1, np.left_shift(np.uint64(1), (codes % 64).astype(np.uint64)),
                    np.uint64(0)).astype(np.uint64)
    letter_bit = _first_letter_bits(split.parts)[codes] if len(codes) else full
    initial = np.where(length == 1, letter_bit, np.uint64(0)).astype(np.uint64)
    starts = split.offsets[:-1]

    def per_name(values: np.ndarray) -> np.ndarray:
        if not len(values):
            return np.zeros(len(starts), dtype=np.uint64)
        return np.bitwise_or.reduceat(values, np.minimum(starts, len(values) - 1)).astype(np.uint64)

    return per_name(full), per_name(letter_bit), per_name(initial)


def full_parts(keys: pd.Series | pa.Array, split: NameSplit | None = None
               ) -> tuple[np.ndarray, np.ndarray]:
    """Per name key, the codes of its parts longer than one letter: (offsets, codes) with the
    codes of key i at codes[offsets[i]:offsets[i + 1]] (a part's code is the same in every key)."""
    split = split if split is not None else split_names(keys)
    offsets, codes = split.offsets, split.codes
    owner = np.repeat(np.arange(len(offsets) - 1), np.diff(offsets))
    full = split.length[codes] > 1
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
