"""Coded (Categorical) roster columns: every rule and output sees what plain strings gave."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from builders import nik_for, write_xlsx

from kpps_xl.budget.compute import compute_budget
from kpps_xl.eligible import select_eligible
from kpps_xl.health.follow_up import follow_up
from kpps_xl.letters.context import participant_rows, select_participants
from kpps_xl.roster import load_roster, merge, read_file
from kpps_xl.roster.coded import CODED_COLUMNS, concat_column, encode, plain
from kpps_xl.roster.model import Roster
from kpps_xl.settings import Settings
from kpps_xl.validate import validate

ROLES = ("Ketua KPPS", *("Anggota KPPS",) * 6)


def _rows(region: str, first: int, teams: list[tuple[str, str | None, int, int]],
          extra: dict[int, list[object]] | None = None) -> list[list[object]]:
    """Officer rows: per team (desa as typed, TPS as typed, size, ketua count)."""
    out: list[list[object]] = []
    serial = first
    for desa, tps, size, ketua in teams:
        for i in range(size):
            serial += 1
            sex = "L" if serial % 2 else "P"
            born = dt.date(1975, 1, 1) + dt.timedelta(days=61 * serial)
            role = "Ketua KPPS" if i < ketua else "Anggota KPPS"
            row: list[object] = [len(out) + 1, f"Petugas {region} {serial}",
                                 nik_for(born, sex, serial, region), sex, born.strftime("%d-%m-%Y"),
                                 role, tps, desa]
            out.append(row + (extra or {}).get(len(out), ["Aktif", "Sudah", "Pasar Ipuh", ""]))
    return out


def _home_and_kk(i: int, nik: str) -> list[object]:
    """Alamat (some empty, some shared) and No. KK: valid, the NIK pasted, 15 digits, '-',
    empty, or a number cell."""
    kk = [nik[:6] + "0101180001", nik, nik[:15], "-", None, int(nik[:6] + "0101180002")][i % 6]
    return [None if i % 4 == 3 else f"Dusun {i % 3} RT {i % 2:02d}", kk]


HEAD = ["No", "Nama", "NIK", "L/P", "Tanggal Lahir", "Jabatan", "TPS", "Desa/Kelurahan",
        "Status JKN", "Skrining Kesehatan", "Desa Domisili", "Keterangan"]


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Two regencies' files, the regency named nowhere, with the same kecamatan and desa
    names: the first file's kecamatan comes from its sheet names ("Ipuh", "Air Rami"), the
    second's from a column, its desa typed in other case; empty places and TPS; a PAW row;
    JKN and screening words; a domicile desa that differs."""
    root = tmp_path_factory.mktemp("coded")
    first = {
        "Ipuh": [["DAFTAR ANGGOTA KPPS"], HEAD, *_rows("170602", 0, [
            ("Pasar Ipuh", "1", 7, 1), ("PASAR IPUH", "01", 7, 1), ("pasar  ipuh", "TPS 2", 7, 1),
            ("Tirta Mulya", "1", 6, 1), (None, "3", 7, 0)],
            extra={3: ["Tidak aktif", "Belum", "Tirta Mulya", ""],
                   9: ["", "", None, "PAW: mengundurkan diri"],
                   30: [None, "Berisiko", "", ""]})],
        "Air Rami": [HEAD, *_rows("170602", 100, [("Pasar Ipuh", "1", 7, 2), ("Bukit Harapan", None, 7, 1)])],
    }
    second_head = [*HEAD[:7], "Kecamatan", *HEAD[7:], "Alamat", "No. KK"]
    teams = [("pasar ipuh", "001", 7, 1), ("PASAR IPUH", "1", 7, 1), ("Tirta Mulya", "1", 5, 1)]
    second = [r[0:7] + ["IPUH" if i < 10 else None] + r[7:] + _home_and_kk(i, str(r[2]))
              for i, r in enumerate(_rows("170603", 200, teams))]
    a = write_xlsx(root / "kab-satu.xlsx", first)
    b = write_xlsx(root / "kab-dua.xlsx", {"DATA": [second_head, *second]})
    return [a, b]


def _decoded(roster: Roster) -> Roster:
    """The same roster with every coded column as plain strings (how the reader stored it
    before the columns were coded)."""
    frame = roster.df.assign(**{c: plain(roster.df[c]) for c in CODED_COLUMNS if c in roster.df})
    return Roster(df=frame, sheets=roster.sheets, files=roster.files)


def test_coded_columns_are_sorted_categoricals_and_merge_unites_them(files: list[Path]) -> None:
    roster = load_roster(files)
    alone = [read_file(f) for f in files]
    for name, column in [(n, r.df[n]) for r in alone for n in CODED_COLUMNS]:
        categories = column.cat.categories
        assert categories.tolist() == sorted(categories.tolist()), name
    for name in CODED_COLUMNS:
        column = roster.df[name]
        assert isinstance(column.dtype, pd.CategoricalDtype), name
        categories = column.cat.categories
        assert isinstance(categories.dtype, pd.StringDtype)
        assert categories.tolist() == sorted(categories.tolist()), name
        assert set(categories) == set(column.dropna()), name  # no unused category
        expected = pd.concat([plain(r.df[name]) for r in alone], ignore_index=True)
        assert plain(column).astype(object).tolist() == expected.astype(object).tolist(), name
    # the two files' teams never share a key, though their desa and TPS read the same
    keys_a = set(alone[0].df["tps_key"].dropna())
    keys_b = set(alone[1].df["tps_key"].dropna())
    assert keys_a and keys_b and not keys_a & keys_b


def test_merge_of_plain_and_coded_frames_keeps_text() -> None:
    coded = encode(pd.Series(["Ipuh", None, "Air Rami"], dtype="string"))
    other = pd.Series(["Kota", "ipuh"], dtype="string")
    joined = concat_column([coded, other])
    assert joined.astype(object).tolist() == ["Ipuh", pd.NA, "Air Rami", "Kota", "ipuh"]
    united = concat_column([coded, encode(other)])
    assert united.cat.categories.tolist() == ["Air Rami", "Ipuh", "Kota", "ipuh"]
    rosters = [Roster(df=pd.DataFrame({"_file": encode(pd.Series([f] * 2, dtype="string")),
                                       "kecamatan": encode(pd.Series(kec, dtype="string"))}),
                      files=[f]) for f, kec in (("a", ["X", None]), ("b", [None, "x"]))]
    merged = merge(rosters).df
    assert merged["kecamatan"].astype(object).tolist() == ["X", pd.NA, pd.NA, "x"]
    assert merged["_file"].cat.categories.tolist() == ["a", "b"]


@pytest.mark.parametrize("which", ["both", "first"])
def test_every_rule_and_output_is_unchanged_on_coded_columns(files: list[Path], which: str) -> None:
    coded = load_roster(files if which == "both" else files[:1])
    decoded = _decoded(coded)
    assert not any(isinstance(decoded.df[c].dtype, pd.CategoricalDtype) for c in CODED_COLUMNS)
    settings = Settings()
    report = validate(coded, settings)
    assert report.to_dict() == validate(decoded, settings).to_dict()
    codes = {(f.code, f.sheet, f.row) for f in report.findings}
    # the sheet name is the kecamatan: "Pasar Ipuh" and "PASAR IPUH" TPS 1/01 are one team
    # (14 rows, one inactive: tps.size) in Ipuh, its TPS 2 (row 17) holds 7; Air Rami's TPS 1
    # has 2 ketua
    assert ("tps.size", "Ipuh", 3) in codes
    assert not any(c == "tps.size" and s == "Ipuh" and r == 17 for c, s, r in codes)
    assert ("tps.ketua", "Air Rami", 2) in codes
    assert any(c == "row.inactive" for c, _, _ in codes)
    assert any(c == "domicile.outside" for c, _, _ in codes)
    if which == "both":
        kk_rows = {r for c, s, r in codes if c == "kk.format" and s == "DATA"}
        assert kk_rows == {3, 4, 7, 9, 10, 13, 15, 16, 19}
    if which == "both":
        assert any(c == "tps.size" and s == "DATA" for c, s, _ in codes)  # kab-dua's 5 Tirta Mulya
    assert coded.df.loc[coded.df["_sheet"] == "Air Rami", "kecamatan"].eq("Air Rami").all()
    assert follow_up(coded, settings) == follow_up(decoded, settings)
    assert follow_up(coded, settings) is not None
    eligible = select_eligible(coded, report)
    assert eligible.excluded == select_eligible(decoded, report).excluded
    assert eligible.excluded
    budget = compute_budget(eligible.roster, settings)
    assert budget == compute_budget(select_eligible(decoded, report).roster, settings)
    for kind in ("bpjs_tk", "bpjs_kes", "pemda"):
        chosen = select_participants(eligible.roster, budget, kind)
        plain_chosen = select_participants(select_eligible(decoded, report).roster, budget, kind)
        assert chosen.index.tolist() == plain_chosen.index.tolist(), kind
        assert participant_rows(chosen) == participant_rows(plain_chosen), kind


def test_unite_is_union_categoricals_on_parts_with_shared_disjoint_empty_and_missing_values(
) -> None:
    """Many parts (as a country's files): categories overlapping, disjoint, empty, all-NA,
    codes of several widths; the united column equals pandas' union_categoricals, sorted."""
    import random

    from pandas.api.types import union_categoricals

    from kpps_xl.roster.coded import unite

    rng = random.Random(3)
    words = [f"Kec {c}{i}" for c in "ABC" for i in range(90)]  # > 127: int16 codes in a part
    parts = []
    for index in range(40):
        size = rng.choice([0, 1, 5, 300])
        pool = rng.sample(words, rng.randint(1, len(words))) if index % 7 else [None]
        values = [rng.choice(pool + [None]) for _ in range(size)]
        parts.append(encode(pd.Series(values, dtype="string")))
    united = unite(parts)
    expected = union_categoricals([p.astype("category") for p in parts], sort_categories=True)
    assert united.cat.categories.tolist() == list(expected.categories)
    assert united.astype(object).where(united.notna(), None).tolist() == [
        None if pd.isna(v) else v for v in expected.astype(object)]


def test_eligibility_keys_of_a_coded_column_match_the_stripped_text() -> None:
    from kpps_xl.eligible import _stripped_codes

    text = pd.Series([" KEC A", "KEC A ", None, "kec a", "", "KEC B"], dtype="string")
    coded = encode(text).iloc[[0, 1, 2, 3, 4]]  # "KEC B" left as an unused category
    codes, names = _stripped_codes(coded)
    plain_codes, plain_names = pd.factorize(text.iloc[:5].fillna("").str.strip())
    assert [names[c] for c in codes] == [plain_names[c] for c in plain_codes]
    assert [names[c] for c in codes] == ["KEC A", "KEC A", "", "kec a", ""]
