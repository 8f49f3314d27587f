"""Name keys for dup.person: case, titles, old spellings, doubled letters and the variant table."""

from __future__ import annotations

import importlib.resources
import re
import tomllib
from collections.abc import Iterator, Mapping
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
_ROWS_AT_ONCE = 1 << 18  # rows split into words at once by _word_keys
_CHUNK = 1 << 18  # sequences hashed or compared at once by _sequence_classes
_SAMPLE = 1 << 14  # rows sampled to decide whether to key the distinct names (name_key_codes)


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


@lru_cache(maxsize=1)
def _title_vocabulary() -> pa.Array:
    """Every word written in the title pattern (the words of its multi-word titles among them)."""
    return pa.array(sorted(set(re.findall(r"[a-z]+", _TITLES.replace(r"\b", " ")))),
                    type=pa.string())


def _phrase_vocabulary(table: NameTable) -> pa.Array:
    return pa.array(sorted({w for phrase in table.phrases for w in phrase.split()}),
                    type=pa.string())


def _word_by_word_exact(table: NameTable) -> bool:
    """Old spellings of letters only (never a space, never emptying a word) and variants of
    one word mapped to one word: the condition under which _word_keys gives what the regex
    steps give."""
    return (all(re.fullmatch("[a-z]+", old) and re.fullmatch("[a-z]+", new)
                for old, new in table.spelling)
            and all(re.fullmatch("[a-z]+", word) for word in table.words.values()))


def _phrase_patterns(phrases: Mapping[str, str]) -> list[tuple[str, str]]:
    """One regex per canonical spelling, longest phrase first, any whitespace between words."""
    by_canonical: dict[str, list[str]] = {}
    for phrase in sorted(phrases, key=len, reverse=True):
        by_canonical.setdefault(phrases[phrase], []).append(r"\s+".join(phrase.split()))
    return [(canonical, r"\b(?:" + "|".join(alts) + r")\b") for canonical, alts in by_canonical.items()]


def _text_series(text: pa.Array) -> pd.Series:
    return pd.Series(pd.arrays.ArrowStringArray(text))


def name_keys(names: pd.Series) -> pd.Series:
    """Vectorised comparison keys: 'Hj. Siti Aminah, S.Pd' -> 'siti aminah', 'M. Yusuf' ->
    'muhamad yusuf' (= 'Muhammad Yusuf'); '' for an empty name. Each distinct name once."""
    keys = name_key_codes(names)
    text = pa.concat_arrays([keys.split.text(), pa.array([""], type=pa.string())])
    codes = np.where(keys.codes >= 0, keys.codes, len(text) - 1)
    return pd.Series(pd.arrays.ArrowStringArray(text.take(pa.array(codes, type=pa.int64()))),
                     index=names.index)


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
    """Name keys split into parts: the parts of key i are parts[codes[offsets[i]:offsets[i+1]]]
    (a part's code is the same in every key); length[c] is the length of part c."""

    parts: pa.Array
    offsets: np.ndarray
    codes: np.ndarray
    length: np.ndarray

    def text(self, which: np.ndarray | None = None) -> pa.Array:
        """The keys (all, or those numbered in `which`) as text: parts joined by one space."""
        offsets, codes = self.offsets, self.codes
        if which is not None:
            offsets, codes = _gather(offsets, codes, np.asarray(which, dtype=np.int64))
        lists = pa.ListArray.from_arrays(pa.array(offsets.astype(np.int32)),
                                         self.parts.take(pa.array(codes, type=pa.int64())))
        return pc.binary_join(lists, " ")


@dataclass(frozen=True)
class NameKeys:
    """The name keys of a column as codes: row i has key codes[i], -1 for a missing name or an
    empty key; split holds the parts of every key (split at spaces, so split.text() gives the
    keys exactly)."""

    codes: np.ndarray
    split: NameSplit


def _gather(offsets: np.ndarray, values: np.ndarray, which: np.ndarray
            ) -> tuple[np.ndarray, np.ndarray]:
    """The ranges `which` of a ragged array (offsets, values), as a new ragged array."""
    lengths = np.diff(offsets)[which]
    bounds = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
    index = np.repeat(offsets[:-1][which] - bounds[:-1], lengths) + np.arange(bounds[-1])
    return bounds, values[index]


def name_key_codes(names: pd.Series) -> NameKeys:
    """Name keys as codes (see NameKeys), without a Python string per row.

    Rows whose name is ASCII letters and single spaces (most) are keyed word by word
    (_word_keys: each distinct word once); the others, and the few where a title or phrase of
    several words may match, by the regex steps, each distinct name once. A key is the
    sequence of its parts' codes, so equal keys are found by hashing those sequences
    (_sequence_classes, verified exactly), never by hashing a million strings. When a sample
    of rows repeats names (a few thousand names down a million rows), the distinct names are
    keyed instead of the rows."""
    text = _arrow_text(names.astype("string"))
    step = max(len(text) // _SAMPLE, 1)
    sample = text.take(pa.array(np.arange(0, len(text), step), type=pa.int64()))
    if len(text) > _SAMPLE and pc.count_distinct(sample).as_py() < len(sample) // 2:
        distinct = pc.dictionary_encode(text)
        keys = _key_codes(distinct.dictionary)
        rows = distinct.indices.to_numpy(zero_copy_only=False)
        return NameKeys(keys.codes[rows], keys.split)
    return _key_codes(text)


def _key_codes(text: pa.Array) -> NameKeys:
    """name_key_codes of text (no nulls), row by row."""
    table = name_table()
    rows = len(text)
    if _word_by_word_exact(table) and rows:
        by_regex, word_lengths, word_flat, words = _word_keys(text, table)
    else:
        by_regex = np.ones(rows, dtype=bool)
        word_lengths, word_flat = np.zeros(0, np.int64), np.zeros(0, np.int64)
        words = pa.array([], type=pa.string())
    regex_rows = np.flatnonzero(by_regex)
    distinct = pc.dictionary_encode(text.take(pa.array(regex_rows, type=pa.int64())))
    regex_keys = _keys_by_regex(distinct.dictionary)
    pieces = pc.split_pattern(regex_keys, " ")
    regex_lengths = np.diff(pieces.offsets.to_numpy().astype(np.int64))
    parts = pc.dictionary_encode(pa.concat_arrays([words, pc.list_flatten(pieces)]))
    part_code = parts.indices.to_numpy(zero_copy_only=False).astype(np.int32)
    flat = np.concatenate([part_code[:len(words)][word_flat], part_code[len(words):]])
    lengths = np.concatenate([word_lengths, regex_lengths])
    offsets = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
    valid = np.concatenate([word_lengths > 0, pc.greater(pc.binary_length(regex_keys), 0)
                            .to_numpy(zero_copy_only=False).astype(bool)])
    item_class, representative = _sequence_classes(offsets, flat, valid)
    item = np.empty(rows, dtype=np.int64)
    item[~by_regex] = np.arange(rows - len(regex_rows))
    item[regex_rows] = rows - len(regex_rows) + distinct.indices.to_numpy(
        zero_copy_only=False).astype(np.int64)
    key_offsets, key_codes = _gather(offsets, flat, representative)
    length = pc.utf8_length(parts.dictionary).to_numpy(zero_copy_only=False).astype(np.int64)
    return NameKeys(item_class[item] if rows else np.zeros(0, np.int64),
                    NameSplit(parts.dictionary, key_offsets, key_codes, length))


def _word_keys(text: pa.Array, table: NameTable
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray, pa.Array]:
    """Keys of the rows a word at a time: (rows left to the regex steps, the number of key
    words of every other row, their words as codes into the last item, the distinct key words).

    Exact for a name of ASCII letters and single spaces: no step but the titles and the
    phrases sees past a word (no comma, dot or quote; old spellings and doubled letters are
    letters inside a word; the variant table maps whole words to one word), a title of one
    word is a whole word, and a title or phrase of several words needs two adjacent words of
    its vocabulary, which leaves the row to the regex steps. A title word is dropped.
    Rows are split _ROWS_AT_ONCE at a time; each distinct word is keyed once."""
    chunks = []
    for lo in range(0, len(text), _ROWS_AT_ONCE):
        lists = pc.split_pattern(text.slice(lo, _ROWS_AT_ONCE), " ")
        offsets = lists.offsets.to_numpy().astype(np.int64)
        tokens = pc.dictionary_encode(pc.list_flatten(lists))
        chunks.append((offsets - offsets[0], tokens.indices.to_numpy(zero_copy_only=False),
                       tokens.dictionary))
    joined = pc.dictionary_encode(pa.concat_arrays([vocabulary for *_, vocabulary in chunks]))
    vocabulary, shared = joined.dictionary, joined.indices.to_numpy(zero_copy_only=False)
    letters = np.flatnonzero(pc.match_substring_regex(vocabulary, r"^[A-Za-z]+$").to_numpy(
        zero_copy_only=False))
    lowered = pc.ascii_lower(vocabulary.take(pa.array(letters, type=pa.int64())))
    spelled = _arrow_text(_spelled_forms(_text_series(lowered)))
    words = _arrow_text(_map_words(_text_series(spelled), table.words))
    # per distinct token: 1 letters only, 2 a title word, 4 kept (no title), 8 a phrase word
    flag = np.zeros(len(vocabulary), dtype=np.uint8)
    flag[letters] = (1 | _bits(pc.is_in(lowered, value_set=_title_vocabulary()), 2)
                     | _bits(pc.greater(pc.binary_length(spelled), 0), 4)
                     | _bits(pc.is_in(spelled, value_set=_phrase_vocabulary(table)), 8))
    word_of = np.full(len(vocabulary), -1, dtype=np.int32)
    word_of[letters] = np.arange(len(letters))
    out, start = [], 0
    for offsets, local, local_vocabulary in chunks:
        token = shared[start:start + len(local_vocabulary)][local]
        start += len(local_vocabulary)
        out.append(_word_rows(offsets, flag[token], word_of[token]))
    return (np.concatenate([o[0] for o in out]), np.concatenate([o[1] for o in out]),
            np.concatenate([o[2] for o in out]), words)


def _word_rows(offsets: np.ndarray, flags: np.ndarray, word: np.ndarray
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """_word_keys for some rows, given the flags and key word of each of their tokens."""
    def row_of(at: np.ndarray) -> np.ndarray:
        return np.searchsorted(offsets, at, side="right") - 1

    by_regex = np.zeros(len(offsets) - 1, dtype=bool)
    by_regex[row_of(np.flatnonzero((flags & 1) == 0))] = True  # other characters, or empty
    inner = np.ones(len(flags), dtype=bool)  # token i+1 is in the row of token i
    inner[offsets[1:-1]] = False
    titled = (flags & 2) != 0
    by_regex[row_of(np.flatnonzero(titled[:-1] & titled[1:] & inner[1:]))] = True
    kept = np.flatnonzero(flags & 4)
    phrased = np.flatnonzero((flags[kept[:-1]] & 8) != 0)  # a phrase word and the next kept
    at, following = kept[phrased], kept[phrased + 1]
    pair = ((flags[following] & 8) != 0) & (row_of(at) == row_of(following))
    by_regex[row_of(at[pair])] = True
    total = np.concatenate([[0], np.cumsum((flags & 4) != 0, dtype=np.int32)])
    lengths = (total[offsets[1:]] - total[offsets[:-1]])[~by_regex]
    kept = kept[~np.repeat(by_regex, np.diff(offsets))[kept]]
    return by_regex, lengths.astype(np.int64), word[kept]


def _bits(mask: pa.Array, bit: int) -> np.ndarray:
    return mask.to_numpy(zero_copy_only=False).astype(np.uint8) * np.uint8(bit)


_HASH_BASE = np.uint64(0x9E3779B97F4A7C15)
_HASH_LENGTH = np.uint64(0xC2B2AE3D27D4EB4F)


def _sequence_classes(offsets: np.ndarray, flat: np.ndarray, valid: np.ndarray
                      ) -> tuple[np.ndarray, np.ndarray]:
    """Classes of equal sequences (item i is flat[offsets[i]:offsets[i + 1]]) among the valid
    items, in order of first appearance (-1 for the others), and the first item of each class.

    A polynomial hash of each sequence is factorised, then every item is compared with its
    class's first item element by element; a collision falls back to comparing tuples."""
    lengths = np.diff(offsets)
    power = np.cumprod(np.concatenate([[np.uint64(1)], np.full(int(lengths.max(initial=0)),
                                                                _HASH_BASE)]),
                       dtype=np.uint64)  # wraps modulo 2**64
    digest = lengths.astype(np.uint64) * _HASH_LENGTH
    for items, index, within in _ranges(offsets, np.arange(len(lengths))):
        filled = items[lengths[items] > 0]
        terms = (flat[index].astype(np.uint64) + np.uint64(1)) * power[within]
        starts = (offsets[filled] - offsets[items[0]]).astype(np.int64)
        digest[filled] ^= np.add.reduceat(terms, starts) if len(terms) else terms[:0]
    members = np.flatnonzero(valid)
    classes = np.full(len(lengths), -1, dtype=np.int64)
    codes, uniques = pd.factorize(digest[members])
    classes[members] = codes
    representative = members[first_positions(codes, len(uniques))]
    if not _same_sequences(offsets, flat, members, representative[codes]):
        codes, uniques = pd.factorize(np.asarray(
            [tuple(flat[offsets[i]:offsets[i + 1]]) for i in members], dtype=object))
        classes[members] = codes
        representative = members[first_positions(codes, len(uniques))]
    return classes, representative


def _ranges(offsets: np.ndarray, items: np.ndarray
            ) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Chunks of items: (the items, the flat index of each of their elements, its position
    within its item), elements in item order."""
    for lo in range(0, len(items), _CHUNK):
        chunk = items[lo:lo + _CHUNK]
        count = offsets[chunk + 1] - offsets[chunk]
        within = np.arange(int(count.sum())) - np.repeat(np.cumsum(count) - count, count)
        yield chunk, np.repeat(offsets[chunk], count) + within, within


def _same_sequences(offsets: np.ndarray, flat: np.ndarray, items: np.ndarray,
                    others: np.ndarray) -> bool:
    """Whether item items[i] equals item others[i] for every i (items ascending)."""
    lengths = np.diff(offsets)
    if not (lengths[items] == lengths[others]).all():
        return False
    return all((flat[index] == flat[index - np.repeat(offsets[chunk] - offsets[partner],
                                                      lengths[chunk])]).all()
               for (chunk, index, _), partner in zip(
                   _ranges(offsets, items),
                   (others[lo:lo + _CHUNK] for lo in range(0, len(items), _CHUNK)), strict=True))


def first_positions(codes: np.ndarray, count: int) -> np.ndarray:
    """The first position of each code 0..count-1 (every code occurs)."""
    first = np.full(count, len(codes), dtype=np.int64)
    np.minimum.at(first, codes, np.arange(len(codes)))
    return first


def split_names(keys: pd.Series | pa.Array) -> NameSplit:
    """Split name keys at whitespace (Arrow: one pass, parts dictionary-encoded)."""
    parts = pc.utf8_split_whitespace(_arrow_text(keys))
    flat = pc.dictionary_encode(pc.list_flatten(parts))
    offsets = parts.offsets.to_numpy().astype(np.int64)
    return NameSplit(flat.dictionary, offsets - offsets[0],
                     flat.indices.to_numpy(zero_copy_only=False).astype(np.int64),
                     pc.utf8_length(flat.dictionary).to_numpy(zero_copy_only=False).astype(np.int64))


def _split_of(keys: NameSplit | pd.Series | pa.Array) -> NameSplit:
    return keys if isinstance(keys, NameSplit) else split_names(keys)


def _first_letter_bits(parts: pa.Array) -> np.ndarray:
    """Per part, the bit of its first character (ord % 64); 0 for an empty part."""
    firsts = pc.dictionary_encode(pc.utf8_slice_codeunits(parts, 0, 1))
    bits = [1 << (ord(c) % 64) if c else 0 for c in firsts.dictionary.to_pylist()]
    return np.array(bits, dtype=np.uint64)[firsts.indices.to_numpy(zero_copy_only=False)]


def part_masks(keys: NameSplit | pd.Series | pa.Array
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per name key, vectorised: a 64-bit mask of its full parts (a part's bit from its id), a
    mask of the first letters of all parts, and a mask of the letters of its one-letter parts.

    Used to rule out most name pairs before same_person_names: if every part of A is in B,
    A's full mask is inside B's and A's initials inside B's first letters.
    """
    split = _split_of(keys)
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


def full_parts(keys: NameSplit | pd.Series | pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """Per name key, the codes of its parts longer than one letter: (offsets, codes) with the
    codes of key i at codes[offsets[i]:offsets[i + 1]] (a part's code is the same in every key)."""
    split = _split_of(keys)
    offsets, codes = split.offsets, split.codes
    owner = np.repeat(np.arange(len(offsets) - 1), np.diff(offsets))
    full = split.length[codes] > 1
    return np.searchsorted(owner[full], np.arange(len(offsets))), codes[full].astype(np.int64)


def maybe_same_person(masks: tuple[np.ndarray, np.ndarray, np.ndarray], a: np.ndarray,
                      b: np.ndarray) -> np.ndarray:
    """Vectorised necessary condition of same_person_names for pairs (a[i], b[i]) of indices
    into the keys part_masks was computed on (false positives only, never false negatives)."""
    return parts_within(masks, a, b) | parts_within(masks, b, a)


def parts_within(masks: tuple[np.ndarray, np.ndarray, np.ndarray], a: np.ndarray,
                 b: np.ndarray) -> np.ndarray:
    """Per pair, by masks: key a[i] has a full part, its full parts are all among b[i]'s and its
    initials among b[i]'s first letters (one direction of maybe_same_person)."""
    full, letters, initials = masks
    return ((full[a] & ~full[b]) == 0) & ((initials[a] & ~letters[b]) == 0) & (full[a] != 0)


def same_person_names(first: str, second: str) -> bool:
    """Two different name keys that may still be one person: every part of the shorter name is
    a distinct part of the longer one (or its initial), and at least one full part is shared.
    Names with as many parts are tried both ways, so the order of the two never matters.

    'yusuf' ~ 'muhamad yusuf', 'a yani' ~ 'ahmad yani'; never 'hasan' ~ 'husain' (twins'
    names differ in a part, which is exactly what this refuses).
    """
    short, long = sorted((first.split(), second.split()), key=len)
    if not short or first == second:
        return False
    return _parts_among(short, long) or (len(short) == len(long) and _parts_among(long, short))


def _parts_among(short: list[str], long: list[str]) -> bool:
    """Every part of `short` is a distinct part of `long` (or a one-letter initial of one), and
    at least one of them is a full part."""
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
