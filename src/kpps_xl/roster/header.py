"""Header detection: score the first rows against the alias table, merge two-row headers."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import PurePath

from kpps_xl.roster.aliases import (
    DOB_PARTS,
    EXACT,
    PLACEMENT_FIELDS,
    QUALIFIERS,
    SEX_SUB,
    TTL_SUB,
    TYPO,
    field_for,
    field_match,
    normalise_header,
)

SCAN_ROWS = 60
DEEP_SCAN_ROWS = 250  # rows searched when the first SCAN_ROWS hold no header (sheet._deep_header)
DOB_SPLIT = ("tanggal_lahir", "dob_month", "dob_year")  # TGL | BLN | THN sub-columns
@dataclass
class Header:
    """Where the header is and which 0-based column holds each field."""

    row: int  # 0-based index of the (first) header row
    data_start: int  # 0-based index of the first row below the header
    columns: dict[str, int] = field(default_factory=dict)
    beside: int | None = None  # 0-based column where a second roster's header starts, if any


NUMBERISH = re.compile(r"^[\d\s.,:;/\-+()']*$")


def row_fields(row: Sequence[object]) -> dict[str, int]:
    """Field -> column index of a header row; of two columns claiming a field, the more specific
    alias wins ('NO. TPS' over 'TPS DOMISILI'), then the first."""
    best: dict[str, tuple[int, int]] = {}
    for index, cell in enumerate(row):
        if cell is None or cell == "" or isinstance(cell, int | float):
            continue
        if cell.__class__ is str and NUMBERISH.match(cell):  # a NIK, date or number as text
            continue
        found = field_match(cell)
        if found and (found[0] not in best or found[1] > best[found[0]][0]):
            best[found[0]] = (found[1], index)
    if "status" in best and "keterangan" not in best:  # a STATUS column alone is the Keterangan
        best["keterangan"] = best.pop("status")
    return {name: index for name, (_, index) in sorted(best.items(), key=lambda kv: kv[1][1])}


def _best_possible(row: Sequence[object]) -> int:
    """An upper bound of a row's header score: every text cell a field, Nama and NIK among them."""
    texts = sum(1 for cell in row if cell is not None and cell != "" and not isinstance(
        cell, int | float) and not (cell.__class__ is str and NUMBERISH.match(cell)))
    return score_bound(texts)


def score_bound(texts: int) -> int:
    """The best score a row of that many text cells could have."""
    return texts + 2 * min(2, texts)


def _score(found: dict[str, int]) -> int:
    bonus = sum(2 for key in ("nama", "nik") if key in found)
    return len(found) + bonus


def _sub_header(parent: list[object], sub: list[object], columns: dict[str, int]) -> bool:
    """Fill columns from a second header row under merged parents; True when it is one.

    A data row can hold "L" under "L/P", so a sub-header needs a complete pair:
    L and P under JENIS KELAMIN, or TEMPAT and TANGGAL under TEMPAT/TGL LAHIR.
    """
    found: dict[str, int] = {}
    parent_field: str | None = None
    for index in range(len(sub)):
        parent_value = parent[index] if index < len(parent) else None
        has_parent = bool(normalise_header(parent_value))
        if has_parent:
            parent_field = field_for(parent_value)
        label = normalise_header(sub[index])
        if not label:
            continue
        if parent_field == "jenis_kelamin" and label in SEX_SUB:
            found.setdefault(SEX_SUB[label], index)
        elif parent_field in ("ttl", "tanggal_lahir", "tempat_lahir") and (
                sub_field := TTL_SUB.get(label) or DOB_PARTS.get(label) or field_for(sub[index])
        ) in (*TTL_SUB.values(), *DOB_PARTS.values()):
            found.setdefault(sub_field, index)
        elif not has_parent and (name := field_for(sub[index])):
            found.setdefault(name, index)
    pairs = ({"sex_l", "sex_p"}, {"tempat_lahir", "tanggal_lahir"}, set(DOB_SPLIT))
    if not any(pair <= found.keys() for pair in pairs):
        return False
    if not set(DOB_SPLIT) <= found.keys():  # a day without month and year is no split date
        for part in ("dob_month", "dob_year"):
            found.pop(part, None)
    columns.update(found)
    if "sex_l" in found:
        columns.pop("jenis_kelamin", None)
    if "tanggal_lahir" in found:
        columns.pop("ttl", None)
    return True


# "Nama Lama" | "NIK Lama" | "Nama Pengganti" | "NIK Pengganti": who was replaced by whom
_REPLACED = re.compile(r"\b(?:lama|baru|pengganti|diganti|digantikan|mengganti|menggantikan|"
                       r"semula|sebelum|sesudah|keluar|masuk)\b")


def replacement_list(row: Sequence[object]) -> bool:
    """A PAW recap's header: Nama or NIK named twice, for the officer replaced and the one
    replacing (the people are in the roster itself; the recap is no roster of its own)."""
    named: dict[str, int] = {}
    for cell in row:
        if isinstance(cell, str) and (name := field_for(cell)) in ("nama", "nik") and _REPLACED.search(
                normalise_header(cell)):
            named[name] = named.get(name, 0) + 1
    return max(named.values(), default=0) >= 2


def transposed_labels(rows: Sequence[Sequence[object]]) -> int | None:
    """The column holding a transposed roster's labels (Nama, NIK and one more field down one
    of the first columns, an officer per column to its right), or None."""
    width = min(max(map(len, rows), default=0), 6)
    for column in range(width):
        found = row_fields([row[column] if column < len(row) else None for row in rows])
        if "nama" in found and "nik" in found and len(found) >= 3:
            return column
    return None


def second_table(row: Sequence[object], columns: dict[str, int]) -> int | None:
    """Where a second roster's header starts in the header row, right of the one read (TPS 1 in
    A:G, TPS 2 in I:O): Nama, NIK and one more field named again past the last column read (a
    mother's name and NIK at the end are no roster). Only the first roster is read; the caller
    reports the second."""
    last = max(columns.values())
    again = row_fields(row[last + 1:])
    if "nama" in again and "nik" in again and len(again) >= 3:
        return last + 1 + min(again.values())
    return None


def find_header(rows: list[list[object]], bounds: Sequence[int] | None = None,
                limit: int = SCAN_ROWS) -> Header | None:
    """Best-scoring header row among the first `limit` rows; it must name nama or NIK and one
    more field.

    bounds: per row, an upper bound of its score (text cells + 4) when the caller has them.
    """
    best: tuple[int, int, dict[str, int]] | None = None
    for index, row in enumerate(rows[:limit]):
        if best is not None and (bounds[index] if bounds is not None else _best_possible(row)
                                 ) <= best[0]:
            continue  # cannot beat the header found (data rows below it, mostly)
        found = row_fields(row)
        if not ("nama" in found or "nik" in found) or len(found) < 2:
            continue
        score = _score(found)
        if best is None or score > best[0]:
            best = (score, index, found)
    if best is None:
        return None
    _, index, columns = best
    header = Header(row=index, data_start=index + 1, columns=dict(columns),
                    beside=second_table(rows[index], columns))
    labels = with_band_above(rows, index)
    used = set(columns.values())
    for name, column in row_fields(labels).items():  # labels written above blank cells
        if name not in header.columns and column not in used:
            header.columns[name] = column
            used.add(column)
    below = rows[index + 1] if index + 1 < len(rows) else None
    if below is not None and (_sub_header(labels, below, header.columns)
                              or _group_sub_header(labels, below, header.columns)):
        header.data_start = index + 2
    elif index and _band_row(rows[index - 1]):  # a merged group label above the header row
        _qualify_by_groups(rows[index - 1], labels, header.columns)
    if below is not None:
        _joined_labels(labels, below, header, index)
    _split_ttl_pair(rows, labels, header)
    _ttl_in_one(rows, header)
    return header


def _joined_labels(labels: Sequence[object], below: Sequence[object], header: Header,
                   index: int) -> None:
    """Labels typed over two unmerged rows, a word in each ("TANGGAL" over "LAHIR", "JENIS" over
    "KELAMIN", "NOMOR" over "TPS"): a column whose two texts joined are an exact (or one-typo)
    alias takes that field, and the row below is part of the header. Only a row of texts without
    digits, and only when it is a sub-header already or two or more columns join so (a data
    row's name under NAMA never joins into an alias). Before, the group sub-header took
    "KELAMIN" and "TPS" alone and "LAHIR" named nothing: no date of birth was read."""
    if any(not isinstance(cell, str) or any(ch.isdigit() for ch in cell)
           for cell in below if cell is not None and cell != ""):
        return
    joined: dict[int, str] = {}
    for column, (top, low) in enumerate(zip(labels, below, strict=False)):
        if isinstance(top, str) and isinstance(low, str) and top.strip() and low.strip():
            found = field_match(f"{top} {low}")
            if found and found[1] >= TYPO:
                joined[column] = found[0]
    if not joined or (header.data_start != index + 2 and len(joined) < 2):
        return
    columns = header.columns
    for column, name in joined.items():
        if name in columns and columns[name] != column:
            continue  # the field has its own column already
        for other in [k for k, v in columns.items() if v == column]:
            del columns[other]
        columns[name] = column
    header.data_start = index + 2


def _groups(parent: Sequence[object], sub: Sequence[object]) -> dict[int, str]:
    """Column -> the group label above it: a label of the parent row over a different sub-label,
    spanning right over blank parent cells (typed once) or repeated (merged) while the
    sub-row has labels ("ALAMAT SESUAI KTP" over ALAMAT | RT | RW | DESA | KECAMATAN)."""
    out: dict[int, str] = {}
    current: str | None = None
    for column, cell in enumerate(sub):
        above = parent[column] if column < len(parent) else None
        own = normalise_header(cell)
        if normalise_header(above):
            current = str(above) if own and own != normalise_header(above) else None
        elif not own:
            current = None
        if current is not None and own:
            out[column] = current
    return out


def _qualified(cell: object, group: str | None) -> object:
    """A placement label under a domicile group ("DESA/KEL" under "ALAMAT SESUAI KTP") read with
    the group's words, so it becomes the domicile field; any other label as it is."""
    if group is None or field_for(cell) not in PLACEMENT_FIELDS:
        return cell
    return f"{cell} {group}" if QUALIFIERS.search(normalise_header(group)) else cell


def _qualify_by_groups(parent: Sequence[object], row: Sequence[object],
                       columns: dict[str, int]) -> None:
    """The header row's fields again when a merged group label above names a domicile."""
    groups = _groups(parent, row)
    qualified = [_qualified(cell, groups.get(column)) for column, cell in enumerate(row)]
    if qualified != list(row):
        kept = {k: v for k, v in columns.items() if v >= len(row) or k in _SUB_FIELDS}
        columns.clear()
        columns.update({**row_fields(qualified), **kept})


_SUB_FIELDS = frozenset({"sex_l", "sex_p", "dob_month", "dob_year"})


def _group_sub_header(parent: Sequence[object], sub: Sequence[object],
                      columns: dict[str, int]) -> bool:
    """A sub-header row of group labels ("ALAMAT SESUAI KTP" over ALAMAT | RT | DESA/KEL,
    "TEMPAT TUGAS" over TPS | DESA/KEL) under a header row naming Nama and NIK: two or more
    exact field labels under groups and nothing that is a value (no digits). Its columns take
    the sub-labels' fields, a placement label under a domicile group the domicile field."""
    groups = _groups(parent, sub)
    cells = [cell for cell in sub if cell is not None and cell != ""]
    if not groups or any(not isinstance(c, str) or any(ch.isdigit() for ch in c) for c in cells):
        return False
    found: dict[str, int] = {}
    exact = 0
    for column, group in groups.items():
        own = field_match(sub[column])
        if own is None:
            continue
        exact += own[1] >= EXACT
        qualified = field_match(_qualified(sub[column], group)) or own
        found.setdefault(qualified[0], column)
    if exact < 2:
        return False
    for name, column in found.items():
        for other in [k for k, v in columns.items() if v == column]:
            del columns[other]
        columns[name] = column
    return True


_PAIR_SAMPLE = 30  # data rows looked at to tell a place column from a date column
HEAD_ROWS = SCAN_ROWS + 2 + _PAIR_SAMPLE  # every row find_header looks at (data from row +2)


def _split_ttl_pair(rows: Sequence[Sequence[object]], labels: Sequence[object],
                    header: Header) -> None:
    """"TEMPAT/TGL LAHIR" over two columns without a sub-header row (merged, or written once
    above a blank label): the column holds places and the one to its right dates. Split when
    the next label is blank or the same text, no place cell holds a digit and at least half
    the next column's filled cells (and two or more) read as dates, in the first data rows."""
    columns = header.columns
    column = columns.get("ttl")
    if column is None or "tanggal_lahir" in columns or "tempat_lahir" in columns:
        return
    nxt = column + 1
    label = labels[nxt] if nxt < len(labels) else None
    if nxt in columns.values() or (normalise_header(label) and label != labels[column]):
        return
    from kpps_xl.roster.values import parse_date, text_of

    places = dates = filled = 0
    for row in rows[header.data_start:header.data_start + _PAIR_SAMPLE]:
        place = text_of(row[column]) if column < len(row) else None
        date = row[nxt] if nxt < len(row) else None
        if place is not None and any(ch.isdigit() for ch in place):
            return
        if text_of(date) is None:
            continue
        filled += 1
        places += place is not None
        dates += parse_date(date) is not None
    if dates >= 2 and 2 * dates >= filled and places:
        del columns["ttl"]
        columns["tempat_lahir"], columns["tanggal_lahir"] = column, nxt


def _ttl_in_one(rows: Sequence[Sequence[object]], header: Header) -> None:
    """A lone "Tgl Lahir" or "Tempat Lahir" column (no partner, no TTL column) into which the
    clerk typed place and date ("Palembang, 12-05-1990") is the TTL column: when, in the first
    data rows, two or more and at least half of its filled cells are no date by themselves but
    split into a place and a readable date. Before, a "Tgl Lahir" of such cells gave a
    dob.invalid per officer, and a "Tempat Lahir" of them no date at all."""
    columns = header.columns
    if "ttl" in columns or ("tanggal_lahir" in columns) == ("tempat_lahir" in columns) or (
            "dob_month" in columns or "dob_year" in columns):
        return
    name = "tanggal_lahir" if "tanggal_lahir" in columns else "tempat_lahir"
    column = columns[name]
    from kpps_xl.roster.values import parse_date, split_ttl, text_of

    combined = filled = 0
    for row in rows[header.data_start:header.data_start + _PAIR_SAMPLE]:
        cell = row[column] if column < len(row) else None
        text = text_of(cell)
        if text is None:
            continue
        filled += 1
        if not isinstance(cell, str) or not (text[0].isalpha() or text[-1].isalpha()) or (
                parse_date(text) is not None):
            continue  # a place stands first or last: "12 Mei 1990" is no place and date
        place, date = split_ttl(text)
        combined += bool(place) and parse_date(date) is not None
    if combined >= 2 and 2 * combined >= filled:
        columns["ttl"] = columns.pop(name)


_BAND_ROWS = 2  # header rows above the best one: a form's header spans three rows at most
_LABEL_MAX = 40


def _label_like(cell: object) -> bool:
    """A header label, not a title or a value: 'JABATAN', 'DATA PRIBADI', not 'KECAMATAN X'."""
    if not isinstance(cell, str) or NUMBERISH.match(cell):
        return False
    found = field_match(cell)
    if found is not None and found[1] >= EXACT:
        return True
    return len(cell.strip()) <= _LABEL_MAX and not contexts_in_text(cell)


def _band_row(row: Sequence[object]) -> bool:
    """A row of a multi-row header: two or more distinct labels and nothing else (a merged
    title repeats one text across its cells; a data row holds numbers)."""
    filled = [cell for cell in row if cell is not None and cell != ""]
    return len(set(map(str, filled))) >= 2 and all(_label_like(cell) for cell in filled)


def with_band_above(rows: Sequence[Sequence[object]], index: int) -> list[object]:
    """The header row with each blank cell taken from the header rows right above it.

    Forms write NO, JABATAN or "TEMPAT/TGL LAHIR" once in the top row of a two- or three-row
    header, above blank cells (unmerged); the labels of the band then count for the header row.
    """
    labels = list(rows[index])
    for above in range(index - 1, max(index - 1 - _BAND_ROWS, -1), -1):
        row = rows[above]
        if not _band_row(row):
            break
        if len(row) > len(labels):
            labels.extend([None] * (len(row) - len(labels)))
        for column, cell in enumerate(row):
            if labels[column] is None or labels[column] == "":
                labels[column] = cell
    return labels


# Place words of title rows: "KECAMATAN : LUBUK PINANG", "DAFTAR ANGGOTA KPPS KECAMATAN IPUH",
# "KEC. X", "DESA/KEL. : Y", "KABUPATEN MUKOMUKO - PEMILU 2024", "TPS 003".
_KIND_WORDS = (
    ("kelurahan", r"(?:kelurahan|kel|desa|ds)\.?\s*/\s*(?:kelurahan|kel|desa|ds)|kelurahan|desa|kel|ds"),
    ("kecamatan", r"kecamatan|kec"),
    ("kabkota", r"(?:kabupaten|kab)\.?\s*/\s*kota|kota\s*/\s*(?:kabupaten|kab)|kabupaten|kab|kota"),
    ("tps", r"tps"),
)
# "TPS01" / "TPS1" are written without a space: a TPS word may end right before its number.
_KIND_RE = re.compile("|".join(f"(?P<{kind}>\\b(?:{words})(?:\\b|(?<=tps)(?=\\d))\\.?)"
                               for kind, words in _KIND_WORDS), re.IGNORECASE)
_STOP = re.compile(r"\s(?:-|–|—)\s|[,;()\[\]]|\b(?:pemilu|pemilihan|pilkada|tahun|periode|provinsi|"
                   r"prov|nomor|no|pada|dalam|untuk|20\d\d)\b", re.IGNORECASE)
_TITLE_START = re.compile(r"^\s*(?:daftar|susunan|data|rekap\w*|nama[- ]nama|pps|kpps|ppk)\b",
                          re.IGNORECASE)
_REGENCY_WORD = {"kab": "KABUPATEN", "kabupaten": "KABUPATEN", "kota": "KOTA"}
_REGENCY_START = re.compile(r"^(?:KABUPATEN|KAB|KOTA)\b")  # "Kabupaten/Kota : KOTA PALEMBANG"


def contexts_in_text(text: str) -> list[tuple[str, str, int]]:
    """(kind, value, start) of every place named in a text, kinds kabkota/kecamatan/kelurahan/tps.

    A place word right after another one is part of its name ("KECAMATAN KOTA MUKOMUKO"); a
    value ends at the next place word, a dash, a comma, a year or words such as PEMILU/TAHUN.
    Kab/kota keep their word ("KABUPATEN MUKOMUKO", "KOTA BENGKULU").
    """
    hits = [m for m in _KIND_RE.finditer(text)]
    found: list[tuple[str, str, int]] = []
    index = 0
    while index < len(hits):
        match = hits[index]
        start = match.end()
        following = index + 1
        # a place word that directly follows (after ':' / spaces) belongs to the value
        while following < len(hits) and not text[start:hits[following].start()].strip(" :.\t"):
            start = hits[following].end()
            following += 1
        stop = hits[following].start() if following < len(hits) else len(text)
        raw = text[match.end():stop]
        if cut := _STOP.search(raw):
            raw = raw[:cut.start()]
        value = raw.strip(" :.\t-").upper()
        kind = match.lastgroup or ""
        if kind == "tps":  # a TPS number: "TPS 005", not "PADA TPS DI KELURAHAN ..."
            value = value.split(" ")[0] if value and value[0].isdigit() else ""
        if value:
            if kind == "kabkota" and not _REGENCY_START.match(value):
                # "Kabupaten/Kota : PALEMBANG" does not say which: the name as written
                word = _REGENCY_WORD.get(match.group(0).lower().rstrip("."))
                value = f"{word} {value}" if word else value
            found.append((kind, re.sub(r"\s+", " ", value), match.start()))
        index = following
    return found


def context_from_text(text: str) -> tuple[str, str] | None:
    """'KECAMATAN : LUBUK PINANG' -> ('kecamatan', 'LUBUK PINANG'): the first place named."""
    found = contexts_in_text(text)
    return (found[0][0], found[0][1]) if found else None


def title_context(text: str) -> tuple[str, str] | None:
    """The place of a section title inside a table: the text starts with the place word or
    with DAFTAR/SUSUNAN/PPS/... ("KECAMATAN IPUH", "DAFTAR KPPS DESA X"); names never match."""
    found = title_contexts(text)
    return found[0] if found else None


def title_contexts(text: str) -> list[tuple[str, str]]:
    """Every (kind, value) a section title names, the first kind of each ("TPS 003 KELURAHAN
    X" names the TPS and the kelurahan); [] when the text is no title (see title_context)."""
    found = contexts_in_text(text)
    if not found or not (found[0][2] == 0 or _TITLE_START.match(text)):
        return []
    first: dict[str, str] = {}
    for kind, value, _ in found:
        first.setdefault(kind, value)
    return list(first.items())


# A letterhead's address and contact lines (kop surat): the office's own kelurahan and
# kecamatan, not the roster's ("Jalan ... Kelurahan X Kecamatan Y Kode Pos 30753").
_ADDRESS_LINE = re.compile(r"^\s*(?:jalan|jln?|alamat)\b|\b(?:kode\s*pos|telepon|telp|faks|fax|"
                           r"e-?mail|pos-el|laman|website|situs)\b|https?:|www\.", re.IGNORECASE)


def context_from_rows(rows: Sequence[Sequence[object]]) -> dict[str, str]:
    """Kab/kota, kecamatan, kelurahan and TPS named in title rows above the header (a
    letterhead's address and contact lines name the office, not the roster: skipped)."""
    context: dict[str, str] = {}
    for row in rows:
        for cell in _label_values(row):
            if isinstance(cell, str) and cell.strip() and not _ADDRESS_LINE.search(cell):
                for kind, value, _ in contexts_in_text(cell):
                    context.setdefault(kind, value)
    return context


def _label_values(row: Sequence[object]) -> list[object]:
    """The row's cells, a metadata block's label | value pair as one text: "Kecamatan" |
    ": SUKARAMI" (or "Kecamatan" | ":" | "SUKARAMI") -> "Kecamatan : SUKARAMI". The value is in
    one of the next two cells and is no place word or field label itself."""
    out: list[object] = []
    skip = -1
    for index, cell in enumerate(row):
        if index <= skip:
            continue
        if isinstance(cell, str) and _KIND_RE.fullmatch(cell.strip().rstrip(": ")):
            nxt = [(j, row[j]) for j in range(index + 1, min(index + 3, len(row)))
                   if isinstance(row[j], str) and row[j].strip(" :")]
            if nxt and not _KIND_RE.fullmatch(value := nxt[0][1].strip(" :")) and not field_for(value):
                out.append(f"{cell.strip().rstrip(': ')} : {value}")
                skip = nxt[0][0]
                continue
        out.append(cell)
    return out


_SHEET_PREFIX = re.compile(r"^\s*(kec(?:amatan)?|kel(?:urahan)?|desa|ds|tps)(?:\b|(?<=tps)(?=\d))\.?\s*"
                           r"(.*)$", re.I)
# A clerk's numbering of sheets: "01. KEC. ILIR BARAT I", "1-Ilir Barat I", "(3) Desa X"; not
# the digits of a name such as "8 Ilir" or "3-4 Ulu".
_SHEET_NUMBER = re.compile(r"^\s*\(?\d{1,3}\s*[.)\-_]\s*(?=[^\W\d_])")


def sheet_place_name(name: str) -> str:
    """The sheet name without a leading sheet number, trimmed: '01. Ilir Barat I' -> 'Ilir Barat I'."""
    return _SHEET_NUMBER.sub("", name).strip()


def _context_kind(word: str) -> str:
    if word.startswith("kec"):
        return "kecamatan"
    return "tps" if word.startswith("tps") else "kelurahan"


def context_from_sheet_name(name: str) -> dict[str, str]:
    """'KEC LUBUK PINANG' -> kecamatan; 'KEL 8 ILIR' / 'DESA X' -> kelurahan; '01. KEC. A - KEL.
    B' -> both (a leading sheet number is dropped; a value ends where a title's would)."""
    name = sheet_place_name(name)
    match = _SHEET_PREFIX.match(name)
    if not match or not match.group(2).strip():
        return {}
    found: dict[str, str] = {}
    for kind, value, _ in contexts_in_text(name):
        if kind != "kabkota":
            found.setdefault(kind, value)
    return found or {_context_kind(match.group(1).lower()): match.group(2).strip().upper()}


# Words a clerk adds to a file's name that are no part of a place: versions, copies, dates,
# "se-Kecamatan" (every desa of it), "lengkap", and kpps-xl's own "-diperiksa" (the annotated
# copy must read as its original).
_FILE_NOISE = re.compile(r"\b(?:final|revisi|rev|fix|perbaikan|update|terbaru|baru|copy|salinan|"
                         r"kirim|lengkap|semua|gabungan|diperiksa|v\d+)\b|\bse\s*-|\(\d+\)|"
                         r"\d{1,2}[-.]\d{1,2}[-.]\d{2,4}|\b\d{6,8}\b", re.IGNORECASE)
# What a file's name may start with before the place: "DAFTAR KPPS KEC. X", "Data_PPS_Desa_Y".
_FILE_LEAD = re.compile(r"^(?:\s*(?:daftar|data|rekap\w*|susunan|nama[- ]nama|lampiran|anggota|"
                        r"petugas|calon|kpps|pps|ppk|sk|pemilu|pilkada|\d{4})\b[\s\-.]*)*",
                        re.IGNORECASE)


def context_from_file_name(file: str | None) -> dict[str, str]:
    """The kecamatan and kelurahan a file's name gives ("KPPS_KEC_KALIDONI_final.xlsx" ->
    kecamatan KALIDONI): underscores as spaces, version words, copy numbers and dates cut, the
    leading DAFTAR/DATA/KPPS/... words dropped, then read as a sheet name is (it must start
    with the place word: "bare kelurahan sheets" names nothing). The weakest source: a sheet
    name, a title or a column wins."""
    found = _file_name_places(file)
    return {kind: value for kind, value in found.items() if kind in ("kecamatan", "kelurahan")}


def _file_name_places(file: str | None) -> dict[str, str]:
    if not file:
        return {}
    text = _FILE_NOISE.sub(" - ", re.sub(r"[_+]+", " ", PurePath(file).stem))
    return context_from_sheet_name(_FILE_LEAD.sub("", text))


def tps_from_file_name(file: str | None) -> str | None:
    """The TPS a file's name gives when it is one TPS's form ("TPS 01.xlsx", "KPPS_TPS_004_Desa
    Sukajadi.xlsx"): a plain number after the TPS word ("TPS 1-5" names no one TPS)."""
    tps = _file_name_places(file).get("tps")
    return tps if tps and tps.isdigit() else None


# A sheet of petugas ketertiban TPS ("LINMAS", "DAFTAR PETUGAS KETERTIBAN TPS"): not KPPS members.
_LINMAS_WORDS = re.compile(r"\b(?:sat\s*)?linmas\b|\bketertiban\b|\bhansip\b", re.IGNORECASE)
_KPPS_WORDS = re.compile(r"\bkpps\b|kelompok penyelenggara", re.IGNORECASE)


def section_badan(text: str) -> str | None:
    """The body a section title inside a table names: 'Linmas' ("B. PETUGAS KETERTIBAN TPS
    (LINMAS)"), 'KPPS' ("A. ANGGOTA KPPS"), or None."""
    linmas, kpps = bool(_LINMAS_WORDS.search(text)), bool(_KPPS_WORDS.search(text))
    if linmas == kpps:
        return None
    return "Linmas" if linmas else "KPPS"


# A voter list kept beside the roster (the TPS's DPT, to look officers up): no officer of its own.
_VOTER_WORDS = re.compile(r"\bdaftar pemilih\b|\b(?:dpt|dps|dpshp|dptb|dpk)\b", re.IGNORECASE)


def voter_list(name: str, titles: Sequence[Sequence[object]], columns: dict[str, int]) -> bool:
    """A sheet of voters (DPT/DPS/"DAFTAR PEMILIH TETAP"), named so in its name or titles, with
    no jabatan column and no KPPS words: the TPS's voters, not its officers."""
    texts = [name, *(cell for row in titles for cell in row if isinstance(cell, str))]
    return ("jabatan" not in columns and any(_VOTER_WORDS.search(text) for text in texts)
            and not any(_KPPS_WORDS.search(text) for text in texts))


# The ad hoc bodies above the TPS (PPS per desa, PPK per kecamatan, their secretariats) and the
# Pantarlih: a roster of theirs is budgeted by its own roles, not as KPPS.
_BODY_WORDS = (("PPK", re.compile(r"\bppk\b|\bpanitia pemilihan kecamatan\b", re.IGNORECASE)),
               ("PPS", re.compile(r"\bpps\b|\bpanitia pemungutan suara\b", re.IGNORECASE)))
_SECRETARIAT = re.compile(r"\bsekretariat\s*$", re.IGNORECASE)
_PANTARLIH = re.compile(r"\bpantarlih\b|\bpemutakhiran data pemilih\b", re.IGNORECASE)


def _body_named(texts: Sequence[str]) -> str | None:
    """PPS, PPK, 'Sekretariat PPS'/'Sekretariat PPK' (every mention after "Sekretariat") or
    Pantarlih named by the texts; None when none or both PPS and PPK are named."""
    if any(_PANTARLIH.search(text) for text in texts):
        return "Pantarlih"
    named = []
    for body, pattern in _BODY_WORDS:
        hits = [(text, m) for text in texts for m in pattern.finditer(text)]
        if hits:
            secretariat = all(_SECRETARIAT.search(text[:m.start()]) for text, m in hits)
            named.append(f"Sekretariat {body}" if secretariat else body)
    return named[0] if len(named) == 1 else None


def badan_of_sheet(name: str, titles: Sequence[Sequence[object]], at_tps: bool = False
                   ) -> str | None:
    """The body the sheet name or its title rows name, when they never name KPPS: 'Linmas',
    'Pantarlih', or PPS/PPK and their secretariats (not on a sheet whose rows serve at a TPS:
    "LAMPIRAN SK PPS ..." over a TPS column is a KPPS roster the PPS decided)."""
    texts = [name, *(cell for row in titles for cell in row if isinstance(cell, str))]
    if any(_KPPS_WORDS.search(text) for text in texts):
        return None
    if any(_LINMAS_WORDS.search(text) for text in texts):
        return "Linmas"
    body = _body_named(texts)
    return None if body is None or (at_tps and body != "Pantarlih") else body
