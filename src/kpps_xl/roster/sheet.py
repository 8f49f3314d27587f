"""One sheet of cell values -> normalised Roster rows (header found, non-data rows skipped)."""

from __future__ import annotations

import re
from collections.abc import Sequence

import pandas as pd
from openpyxl.utils import get_column_letter

from kpps_xl.roster.header import (
    Header,
    context_from_rows,
    context_from_sheet_name,
    context_from_text,
    find_header,
)
from kpps_xl.roster.model import CANONICAL_COLUMNS, Roster, SheetInfo
from kpps_xl.roster.values import (
    is_tick,
    nik_cell,
    parse_date,
    parse_role,
    parse_sex,
    parse_tps,
    split_ttl,
    text_of,
)

_COLUMN_NUMBER = re.compile(r"^\(?\d{1,2}\)?$")
_TOTAL = re.compile(r"^(jumlah|total)\b", re.IGNORECASE)
_SIGNATURE = re.compile(
    r"\b(mengetahui|ttd|tanda tangan|dibuat oleh|ditetapkan di|ketua pps|sekretaris pps|"
    r"ketua ppk|a\.n\.|an\. ketua)\b",
    re.IGNORECASE,
)
_DIGITS = re.compile(r"\d")
_TEXT_FIELDS = ("nama", "tempat_lahir", "jabatan", "kelurahan", "kecamatan", "no_hp",
                "status_jkn", "alamat", "badan")


def _cell(row: Sequence[object], index: int | None) -> object:
    if index is None or index >= len(row):
        return None
    value = row[index]
    return None if value == "" else value


def _classify(row: Sequence[object], header: Header, in_footer: bool) -> str | None:
    """None for a data row, else the Indonesian reason the row is skipped."""
    cells = [text_of(v) for v in row]
    filled = [c for c in cells if c is not None]
    if not filled:
        return "baris kosong"
    name = text_of(_cell(row, header.columns.get("nama")))
    nik = text_of(_cell(row, header.columns.get("nik")))
    nik_like = nik is not None and len(_DIGITS.findall(nik)) >= 8
    if in_footer and not nik_like:
        return "bagian bawah (JUMLAH/tanda tangan)"
    if len(filled) >= 3 and all(_COLUMN_NUMBER.match(c) for c in filled):
        return "baris nomor kolom"
    if _TOTAL.match(filled[0]) and not nik_like:
        return "baris JUMLAH"
    if any(_SIGNATURE.search(c) for c in filled) and not nik_like:
        return "blok tanda tangan"
    if name or nik:
        return None
    mapped = [k for k in header.columns if k not in ("no", "umur", "keterangan")]
    if sum(1 for k in mapped if _cell(row, header.columns[k]) is not None) >= 2:
        return None
    return "baris tanpa nama dan NIK"


def _is_footer_start(reason: str | None) -> bool:
    return reason in ("baris JUMLAH", "blok tanda tangan")


def _sex_value(row: Sequence[object], columns: dict[str, int]) -> tuple[object, str | None]:
    """(raw text shown to the user, 'L'/'P'/None) for one or two sex columns."""
    if "sex_l" in columns or "sex_p" in columns:
        male = is_tick(_cell(row, columns.get("sex_l")))
        female = is_tick(_cell(row, columns.get("sex_p")))
        if male == female:
            raw = None if not male else "L dan P"
            return raw, None
        return ("L" if male else "P"), ("L" if male else "P")
    raw = _cell(row, columns.get("jenis_kelamin"))
    return text_of(raw), parse_sex(raw)


def _dob_value(row: Sequence[object], columns: dict[str, int]) -> tuple[object, object]:
    """(tempat_lahir, raw date cell) from separate columns or one 'Tempat, Tanggal Lahir' cell."""
    if "tanggal_lahir" in columns:
        return _cell(row, columns.get("tempat_lahir")), _cell(row, columns["tanggal_lahir"])
    if "ttl" in columns:
        return split_ttl(_cell(row, columns["ttl"]))
    return _cell(row, columns.get("tempat_lahir")), None


def _empty_frame() -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series(dtype="object") for name in CANONICAL_COLUMNS})


def _letters(header: Header, first_col: int) -> dict[str, str]:
    letters = {name: get_column_letter(index + first_col) for name, index in header.columns.items()}
    if "ttl" in letters:
        letters.setdefault("tanggal_lahir", letters["ttl"])
        letters.setdefault("tempat_lahir", letters["ttl"])
    if "sex_l" in letters:
        letters.setdefault("jenis_kelamin", letters["sex_l"])
    return letters


def roster_from_values(
    values: Sequence[Sequence[object]],
    sheet: str,
    file: str | None = None,
    reference_year: int = 2024,
    first_row: int = 1,
    first_col: int = 1,
) -> Roster:
    """Read one sheet given as a 2-D list of cell values (first cell at first_row/first_col)."""
    rows = [list(r) for r in values]
    info = SheetInfo(file=file or "", sheet=sheet)
    header = find_header(rows)
    if header is None:
        info.note = "tidak ditemukan baris judul kolom (Nama/NIK)"
        return Roster(df=_empty_frame(), sheets=[info], files=[info.file])
    info.header_row = header.row + first_row
    info.columns = _letters(header, first_col)
    context = context_from_sheet_name(sheet)
    context.update(context_from_rows(rows[: header.row]))
    info.kecamatan, info.kelurahan = context.get("kecamatan"), context.get("kelurahan")
    if "nik" not in header.columns:
        info.note = "kolom NIK tidak ditemukan"
        return Roster(df=_empty_frame(), sheets=[info], files=[info.file])
    records = _records(rows, header, info, context, reference_year, first_row)
    frame = _frame(records, info, sheet, file or "")
    info.rows = len(frame)
    return Roster(df=frame, sheets=[info], files=[info.file])


def _records(rows, header, info, context, reference_year, first_row) -> list[tuple]:
    columns = header.columns
    records: list[tuple] = []
    in_footer = False
    kelurahan = context.get("kelurahan")
    for index in range(header.data_start, len(rows)):
        row = rows[index]
        reason = _classify(row, header, in_footer)
        if reason is not None:
            in_footer = in_footer or _is_footer_start(reason)
            first = next((text_of(c) for c in row if text_of(c)), None)
            hit = context_from_text(first) if first and reason != "baris kosong" else None
            if hit and hit[0] == "kelurahan":
                kelurahan = hit[1]
                reason = "judul kelurahan"
            if reason != "baris kosong":
                info.skipped.append((index + first_row, reason))
            continue
        nik_raw, nik_numeric = nik_cell(_cell(row, columns.get("nik")))
        sex_raw, sex = _sex_value(row, columns)
        place, dob_raw = _dob_value(row, columns)
        jabatan = text_of(_cell(row, columns.get("jabatan")))
        peran, badan_from_role = parse_role(jabatan)
        tps_raw = text_of(_cell(row, columns.get("tps")))
        records.append((
            index + first_row,
            text_of(_cell(row, columns.get("nama"))),
            nik_raw, nik_numeric, sex_raw, sex, text_of(place),
            text_of(dob_raw), parse_date(dob_raw, reference_year),
            jabatan, peran,
            text_of(_cell(row, columns.get("badan"))) or badan_from_role or "KPPS",
            tps_raw, parse_tps(tps_raw),
            (text_of(_cell(row, columns.get("kelurahan"))) or kelurahan),
            (text_of(_cell(row, columns.get("kecamatan"))) or context.get("kecamatan")),
            text_of(_cell(row, columns.get("no_hp"))),
            text_of(_cell(row, columns.get("status_jkn"))),
            text_of(_cell(row, columns.get("alamat"))),
        ))
    return records


_RECORD_FIELDS = ("_row", "nama", "nik", "nik_numeric", "jenis_kelamin", "sex", "tempat_lahir",
                  "tanggal_lahir", "dob", "jabatan", "peran", "badan", "tps", "tps_no",
                  "kelurahan", "kecamatan", "no_hp", "status_jkn", "alamat")


def _frame(records: list[tuple], info: SheetInfo, sheet: str, file: str) -> pd.DataFrame:
    if not records:
        return _empty_frame()
    data = dict(zip(_RECORD_FIELDS, zip(*records, strict=True), strict=True))
    frame = pd.DataFrame({
        "_file": file, "_sheet": sheet,
        "_row": pd.Series(data["_row"], dtype="int64"),
        **{k: pd.Series(data[k], dtype="string") for k in _RECORD_FIELDS
           if k not in ("_row", "nik_numeric", "dob")},
        "nik_numeric": pd.Series(data["nik_numeric"], dtype="bool"),
        "dob": pd.to_datetime(pd.Series(data["dob"], dtype="object"), errors="coerce"),
    })
    kel = frame["kelurahan"].fillna(sheet).str.upper().str.strip()
    kec = frame["kecamatan"].fillna("").str.upper().str.strip()
    frame["tps_key"] = kec + "|" + kel + "|" + frame["tps_no"].fillna("?")
    return frame[list(CANONICAL_COLUMNS)]
