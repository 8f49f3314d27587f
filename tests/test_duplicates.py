"""dup.nik / dup.person: name variants, NIKs one typo apart, twins, and bounded groups."""

from __future__ import annotations

import datetime as dt
import itertools
import random

import numpy as np
import pytest
from builders import HEADER, nik_for, numbered, team

from kpps_xl.roster import merge, roster_from_values
from kpps_xl.rules.duplicates import PLACES_SHOWN, RELATED_CAP, _near_nik_pairs
from kpps_xl.rules.names import name_key, name_table, same_person_names
from kpps_xl.settings import Settings
from kpps_xl.validate import validate

BORN = dt.date(1988, 7, 21)


def officer(name: str, nik: str, sex: str = "L", born: dt.date = BORN, tps: int = 9,
            jabatan: str = "Anggota") -> list[object]:
    return [name, nik, sex, born.strftime("%d-%m-%Y"), jabatan, tps]


def check_rows(rows: list[list[object]]):
    roster = roster_from_values([HEADER, *numbered(rows)], "KEC A", "a.xlsx")
    return validate(roster, Settings())


def dup_rows(report, code: str = "dup.person") -> list[int]:
    return sorted(f.row for f in report.findings if f.code == code)


def with_pair(first: list[object], second: list[object]) -> list[list[object]]:
    """A clean team (rows 2-8) with two extra officers after it (rows 9 and 10)."""
    return [*team(1), first, second]


# Variants that must meet: (as typed in one file, as typed in another).
VARIANT_PAIRS = [
    ("M. Yusuf", "Muhammad Yusuf"), ("Muh. Yusuf", "Muhamad Yusuf"), ("Moh. Yusuf", "Mohammad Yusuf"),
    ("Mhd. Yusuf", "Mochammad Yusuf"), ("Moch. Yusuf", "MUHAMMAD YUSUF"), ("Muhammad Yusup", "M Yusuf"),
    ("Abd. Rahman Hakim", "Abdul Rahman Hakim"), ("Abdurrahman Hakim", "Abdul Rahman Hakim"),
    ("Nur Aini", "Noor Aini"), ("Achmad Djunaedi", "Ahmad Junaedi"), ("Sitti Fatimah", "Siti Fatimah"),
    ("Hj. Siti Aminah, S.Pd", "SITI AMINAH"), ("Soekarno Putra", "Sukarno Putra"),
    ("Syarifuddin", "Syarifudin"), ("Hassan Basri", "Hasan Basri"), ("Chairul Anwar", "Khairul Anwar"),
]


@pytest.mark.parametrize(("typed", "other"), VARIANT_PAIRS)
def test_name_variants_with_the_same_birth_date_are_dup_person(typed: str, other: str) -> None:
    # unrelated NIKs (other regency, other serial): only the name + date can join them
    report = check_rows(with_pair(officer(typed, nik_for(BORN, "L", 11)),
                                  officer(other, nik_for(BORN, "L", 4321, region="167101"))))
    assert dup_rows(report) == [9, 10]
    assert name_key(typed) == name_key(other)


@pytest.mark.parametrize(("one", "two"), [
    ("Hasan Basri", "Husain Basri"), ("Rina Lestari", "Rini Lestari"), ("Muhammad Hasan", "Muhammad Husain"),
    ("Nur Aini", "Nurul Aini"), ("Abdul Rahman", "Abdul Rahim"), ("Ahmad Fauzi", "Ahmad Fauzan")])
def test_different_names_with_the_same_birth_date_are_not_joined(one: str, two: str) -> None:
    report = check_rows(with_pair(officer(one, nik_for(BORN, "L", 11)),
                                  officer(two, nik_for(BORN, "L", 4321, region="167101"))))
    assert dup_rows(report) == []
    assert name_key(one) != name_key(two)


def test_every_variant_in_the_table_meets_its_canonical_spelling() -> None:
    table = name_table()
    assert table.words and table.phrases
    for variant, canonical in table.words.items():
        assert name_key(variant) == canonical
    for phrase, canonical in table.phrases.items():
        assert name_key(phrase) == canonical


def swap(nik: str, i: int) -> str:
    return nik[:i] + nik[i + 1] + nik[i] + nik[i + 2:]


def replace(nik: str, i: int, digit: str) -> str:
    return nik[:i] + digit + nik[i + 1:]


BASE = nik_for(BORN, "L", 3857)  # 1706022107883857: every adjacent pair differs


@pytest.mark.parametrize("typo", [
    replace(BASE, 15, "1"), replace(BASE, 2, "4"), replace(BASE, 9, "8"), swap(BASE, 14), swap(BASE, 12),
    swap(BASE, 7), swap(BASE, 0)])
@pytest.mark.parametrize(("name", "other"), [
    ("Muhammad Yusuf", "Yusuf"), ("Siti Aminah", "Aminah"), ("A. Yani", "Ahmad Yani"),
    ("Ahmad Yani", "A. Yani"), ("Yusuf", "Muhammad Yusuf"), ("Siti Aminah", "S. Aminah"),
    ("Budi Santoso", "Budi Santoso Putra")])
def test_nik_one_typo_apart_with_compatible_names_is_dup_person(typo: str, name: str, other: str) -> None:
    report = check_rows(with_pair(officer(name, BASE), officer(other, typo)))
    assert dup_rows(report) == [9, 10]
    found = next(f for f in report.findings if f.code == "dup.person" and f.row == 9)
    assert [r.row for r in found.related] == [10]
    assert "salah ketik" in found.message and BASE not in found.message and typo not in found.message


@pytest.mark.parametrize("other_nik", [
    replace(replace(BASE, 15, "1"), 14, "0"),   # two digits
    BASE[:12] + BASE[15] + BASE[13:15] + BASE[12],  # a swap of digits that are not adjacent
    nik_for(BORN, "L", 1, region="167101"),     # unrelated
])
def test_nik_more_than_one_typo_apart_is_not_joined_on_a_partial_name(other_nik: str) -> None:
    report = check_rows(with_pair(officer("Muhammad Yusuf", BASE), officer("Yusuf", other_nik)))
    assert dup_rows(report) == []


def test_near_nik_needs_the_same_birth_date_and_sex() -> None:
    later = officer("Yusuf", replace(BASE, 15, "1"), born=BORN + dt.timedelta(days=1))
    assert dup_rows(check_rows(with_pair(officer("Muhammad Yusuf", BASE), later))) == []
    woman = officer("Yusuf", replace(BASE, 15, "1"), sex="P")
    assert dup_rows(check_rows(with_pair(officer("Muhammad Yusuf", BASE), woman))) == []


@pytest.mark.parametrize(("one", "two", "sex_two"), [
    ("Hasan Basri", "Husain Basri", "L"), ("Rina Lestari", "Rini Lestari", "L"),
    ("Muhammad Hasan", "Muhammad Husain", "L"), ("Putra Wijaya", "Putri Wijaya", "P"),
    ("Fajar", "Senja", "L")])
def test_twins_are_never_flagged(one: str, two: str, sex_two: str) -> None:
    # twins: the same date, consecutive serials (one digit apart), other names
    first = nik_for(BORN, "L", 1)
    second = nik_for(BORN, sex_two, 2)
    report = check_rows(with_pair(officer(one, first), officer(two, second, sex=sex_two)))
    assert [f.code for f in report.findings if f.code.startswith("dup.")] == []
    assert not same_person_names(name_key(one), name_key(two))


@pytest.mark.parametrize(("one", "two"), [
    ("a yani", "ahmad yani"), ("m yusuf", "muhammad yusuf"), ("siti a", "siti aminah"),
    ("yusuf", "muhammad yusuf"), ("hasan basri", "husain basri"), ("a b", "ahmad budi"),
    ("a", "ahmad"), ("siti aminah", "aminah siti")])
def test_same_person_names_does_not_depend_on_the_order_of_the_two(one: str, two: str) -> None:
    assert same_person_names(one, two) == same_person_names(two, one)
    assert same_person_names(one, two) == (one not in ("hasan basri", "a b", "a"))


def brute_force_pairs(niks: list[str], days: list[int]) -> set[tuple[int, int]]:
    out = set()
    for i, j in itertools.combinations(range(len(niks)), 2):
        a, b = niks[i], niks[j]
        if days[i] != days[j] or a == b:
            continue
        diff = [k for k in range(16) if a[k] != b[k]]
        one = len(diff) == 1
        swapped = (len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]]
                   and a[diff[1]] == b[diff[0]])
        if one or swapped:
            out.add((i, j))
    return out


@pytest.mark.parametrize("seed", range(4))
def test_near_nik_hashing_finds_exactly_the_brute_force_pairs(seed: int) -> None:
    rng = random.Random(seed)
    niks: list[str] = []
    days: list[int] = []
    for _ in range(300):
        if niks and rng.random() < 0.6:  # a typo of an earlier NIK, often on another day
            source = rng.randrange(len(niks))
            nik, day = niks[source], days[source] if rng.random() < 0.8 else rng.randrange(3)
            i = rng.randrange(15)
            nik = swap(nik, i) if rng.random() < 0.5 else replace(nik, i + rng.randrange(2),
                                                                   str(rng.randrange(10)))
        else:
            nik, day = f"{rng.randrange(10**15, 10**16)}", rng.randrange(3)
        niks.append(nik)
        days.append(day)
    assert_pairs_as_brute_force(niks, days)


def assert_pairs_as_brute_force(niks: list[str], days: list[int]) -> None:
    unique = sorted(set(zip(niks, days, strict=True)))
    niks, days = [n for n, _ in unique], [d for _, d in unique]
    pairs = _near_nik_pairs(np.array([int(n) for n in niks], dtype=np.int64), np.array(days))
    expected = brute_force_pairs(niks, days)
    assert expected and {tuple(p) for p in pairs.tolist()} == expected


def test_near_nik_hashing_in_a_crowd_of_one_birthday_is_still_exact() -> None:
    # 700 officers of one kecamatan born on one day: serials 000-999 in the last three digits,
    # so a three-digit window holds far more than _CROWD NIKs and the finer search takes over
    rng = random.Random(9)
    serials = rng.sample(range(1000), 700)
    niks = [f"1706022107881{s:03d}" for s in serials]
    assert_pairs_as_brute_force(niks, [0] * len(niks))


def copies_roster(copies: int, same_nik: bool):
    """`copies` rows: one NIK on all (same_nik) or one name and date under new NIKs."""
    rows = []
    for i in range(copies):
        nik = nik_for(BORN, "L", 1 if same_nik else 100 + i * 37)
        name = f"Petugas {i}" if same_nik else "Muhammad Yusuf"
        rows.append(officer(name, nik, tps=i // 7 + 1, jabatan="Ketua" if i % 7 == 0 else "Anggota"))
    return roster_from_values([HEADER, *numbered(rows)], "KEC A", "a.xlsx")


@pytest.mark.parametrize(("same_nik", "code"), [(True, "dup.nik"), (False, "dup.person")])
def test_big_groups_give_one_finding_per_copy_with_bounded_related(same_nik: bool, code: str) -> None:
    copies = 60
    found = [f for f in validate(copies_roster(copies, same_nik), Settings()).findings
             if f.code == code]
    assert sorted(f.row for f in found) == list(range(2, copies + 2))
    for f in found:
        rows = [r.row for r in f.related]
        assert len(rows) == RELATED_CAP and f.row not in rows and len(set(rows)) == RELATED_CAP
        assert rows == sorted(rows) and set(rows) <= set(range(2, 2 + RELATED_CAP + 1))
    if same_nik:
        assert all(f"dan {copies - 1 - PLACES_SHOWN} lainnya." in f.message for f in found)
        assert all(f.message.count("baris") == PLACES_SHOWN for f in found)


def test_small_groups_list_every_other_copy_in_related_and_message() -> None:
    first, second, third = team(1), team(2, first_serial=30), team(3, first_serial=60)
    second[4][1] = third[2][1] = first[4][1]
    a = roster_from_values([HEADER, *numbered(first)], "KEC A", "a.xlsx")
    b = roster_from_values([HEADER, *numbered(second)], "KEC B", "b.xlsx")
    c = roster_from_values([HEADER, *numbered(third)], "KEC C", "c.xlsx")
    dups = [f for f in validate(merge([a, b, c]), Settings()).findings if f.code == "dup.nik"]
    assert [(f.sheet, f.row) for f in dups] == [("KEC A", 6), ("KEC B", 6), ("KEC C", 4)]
    assert [[(r.sheet, r.row) for r in f.related] for f in dups] == [
        [("KEC B", 6), ("KEC C", 4)], [("KEC A", 6), ("KEC C", 4)], [("KEC A", 6), ("KEC B", 6)]]
    assert "lainnya" not in dups[0].message and "sheet KEC C baris 4" in dups[0].message


def test_temuan_lists_a_big_group_once_and_points_to_it(tmp_path) -> None:
    import openpyxl
    from builders import simple_sheet, write_xlsx

    from kpps_xl.api import check
    from kpps_xl.workbook import annotate
    from kpps_xl.workbook.sheets import MAX_RELATED

    copies = 40
    rows = [officer(f"Petugas {i}", nik_for(BORN, "L", 1), tps=i // 7 + 1,
                    jabatan="Ketua" if i % 7 == 0 else "Anggota") for i in range(copies)]
    source = write_xlsx(tmp_path / "salinan.xlsx", {"KEC A": simple_sheet(rows[:25]),
                                                     "KEC B": simple_sheet(rows[25:])})
    out = annotate(source, check(source), tmp_path / "diperiksa.xlsx")
    temuan = list(openpyxl.load_workbook(out)["Temuan"].iter_rows(values_only=True))[1:]
    dups = [r for r in temuan if r[1] == "dup.nik"]
    assert len(dups) == copies
    listing = [r for r in dups if "kemunculan" in r[8]]
    assert len(listing) == 1
    number, places = listing[0][0], listing[0][8]
    hidden = copies - 1 - MAX_RELATED
    assert places == (f"{copies} kemunculan: " + "; ".join(f"KEC A!{r}" for r in range(4, 4 + MAX_RELATED))
                      + f" (+{hidden} lainnya)")
    pointing = [r for r in dups if r is not listing[0]]
    assert all(r[8].endswith(f" (+{hidden} lainnya, kelompok di No {number})") for r in pointing)
    assert all(r[8].count("!") == MAX_RELATED for r in pointing)


def test_name_masks_never_rule_out_a_compatible_pair() -> None:
    import pandas as pd

    from kpps_xl.rules.names import maybe_same_person, part_masks

    rng = random.Random(5)
    parts = ["muhamad", "yusuf", "siti", "aminah", "a", "m", "ahmad", "yani", "nur", "hasan", "b"]
    keys = [" ".join(rng.choice(parts) for _ in range(rng.randint(1, 4))) for _ in range(400)]
    a = np.array([rng.randrange(len(keys)) for _ in range(3000)])
    b = np.array([rng.randrange(len(keys)) for _ in range(3000)])
    allowed = maybe_same_person(part_masks(pd.Series(keys, dtype="string")), a, b)
    exact = np.array([same_person_names(keys[x], keys[y]) for x, y in zip(a, b, strict=True)])
    assert exact.any() and (~exact).any()
    assert not (exact & ~allowed).any()
    assert (~allowed).sum() > len(a) // 2  # and the masks do rule out most pairs
