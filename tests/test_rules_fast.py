"""The fast paths of the post-read stage give exactly what the plain pandas/Python paths give."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import random

import numpy as np
import pandas as pd
import pytest
from builders import HEADER, nik_for, numbered, team

from kpps_xl.findings import Finding, Ref, Report, new_finding
from kpps_xl.health.follow_up import FollowUp, Person, PlaceCount
from kpps_xl.report_json import write_report
from kpps_xl.roster import merge, roster_from_values
from kpps_xl.roster.values import nik_digits_series
from kpps_xl.rules import duplicates, nik
from kpps_xl.rules.base import records
from kpps_xl.rules.names import name_keys, part_masks
from kpps_xl.rules.shared import few_collections, one_run, shared
from kpps_xl.settings import Settings
from kpps_xl.validate import validate

AWKWARD = 'kutip " garis \\ tab\t baris\nbaru é 中 \x01 \u2028 %s %d'


def _mixed_frame(rows: int) -> pd.DataFrame:
    rng = random.Random(rows)

    def maybe(value: object) -> object:
        return None if rng.random() < 0.3 else value

    return pd.DataFrame({
        "_file": pd.Series([maybe(f"f{i % 3}.xlsx") for i in range(rows)], dtype="str"),
        "_sheet": pd.Series([f"S{i % 2}" for i in range(rows)], dtype="string"),
        "_row": np.arange(2, rows + 2, dtype=np.int64),
        "nama": pd.Series([maybe(f"{AWKWARD} {i}") for i in range(rows)], dtype="string"),
        "aktif": [i % 3 != 0 for i in range(rows)],
        "dob": pd.Series([maybe(dt.datetime(1980, 1, 1 + i % 28)) for i in range(rows)],
                         dtype="datetime64[s]"),
        "umur": [maybe(float(i)) if i % 4 else np.nan for i in range(rows)],
        "lain": pd.Series([maybe(("x", i)) for i in range(rows)], dtype=object),
        "kat": pd.Categorical([maybe("a" if i % 2 else "b") for i in range(rows)]),
        "arrow": pd.Series([maybe(i) for i in range(rows)], dtype="int64[pyarrow]"),
        "kec": pd.Series([None if (i // 5) % 4 == 0 else f"Kec {i // 7}" for i in range(rows)],
                         dtype="string"),  # runs of equal cells and of NA
    })


@pytest.mark.parametrize("rows", [0, 1, 57])
def test_records_are_the_namedtuples_of_itertuples(rows: int) -> None:
    frame = _mixed_frame(rows)
    fast = list(records(frame))
    plain = list(frame.itertuples(index=False, name="R"))
    assert [r._fields for r in fast] == [r._fields for r in plain]
    assert [tuple(map(repr, r)) for r in fast] == [tuple(map(repr, r)) for r in plain]
    assert [tuple(map(type, r)) for r in fast] == [tuple(map(type, r)) for r in plain]
    if rows > 1:  # a run of equal cells shares one str object
        kec = [r.kec for r in fast[5:12]]
        assert kec[0] is kec[1] and kec[0] == "Kec 0"


def test_new_finding_is_the_dataclass_finding() -> None:
    related = (Ref("S", 3, None), Ref(None, None, "f.xlsx"))
    values = ("dup.nik", "error", AWKWARD, "S", 7, "C", "nik", None, "001", related, "f.xlsx")
    fast, plain = new_finding(*values), Finding(*values)
    assert fast == plain and hash(fast) == hash(plain) and fast.to_dict() == plain.to_dict()
    assert dataclasses.replace(fast, severity="warning") == dataclasses.replace(
        plain, severity="warning")
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.code = "x"  # type: ignore[misc]


def _old_parts(digits: pd.Series) -> pd.DataFrame:
    """rules.nik._parts as it was: text slices of the digits."""
    ok = digits.str.fullmatch(r"\d{16}").fillna(False)
    safe = digits.where(ok, "0000000101000000")
    raw = safe.str[6:8].astype("int64")
    month = safe.str[8:10].astype("int64")
    yy = safe.str[10:12].astype("int64")
    female = raw > 40
    day = raw.where(~female, raw - 40)
    return pd.DataFrame({"ok": ok.astype(bool), "day": day, "female": female, "month": month,
                         "yy": yy, "serial": safe.str[12:].astype("int64"),
                         "region": safe.str[:4].astype("int64")})


def _odd_niks(count: int) -> list[object]:
    rng = random.Random(5)
    out: list[object] = [None, "", "17060221078800", "1706 0221 0788 0001", "1706022107880000",
                         "1706020002880001", "1706027102880001", "1706022902000001",
                         "1706022902010001", "9999023113990001", "١٧٠٦٠٢٢١٠٧٨٨٠٠٠١",
                         "17060221078800011", "1706o22107880001", "0006022107880001"]
    while len(out) < count:
        digits = [rng.choice("0123456789") for _ in range(16)]
        out.append("".join(digits))
    return out


def test_nik_parts_read_from_numbers_equal_the_text_slices() -> None:
    digits = nik_digits_series(pd.Series(_odd_niks(400), dtype="string"))
    new = nik._parts(digits)
    old = _old_parts(digits)
    for column in old.columns:
        assert new[column].tolist() == old[column].tolist(), column


def test_nik_rules_inside_and_outside_one_run_agree() -> None:
    rows = [[f"Petugas {i}", n, "L", "21-07-1988", "Anggota", 1 + i // 7]
            for i, n in enumerate(_odd_niks(60))]
    roster = roster_from_values([HEADER, *numbered(rows)], "KEC A", "a.xlsx")
    settings = Settings(region_code="1706")
    alone = [f for rule in (nik.structure, nik.consistency) for f in rule(roster, settings)]
    with one_run(roster):
        shared_run = [f for rule in (nik.structure, nik.consistency)
                      for f in rule(roster, settings)]
    assert alone == shared_run
    assert {f.code for f in alone} >= {"nik.missing", "nik.format", "nik.birthdate",
                                       "nik.region"}


def test_shared_values_live_for_one_run_and_one_frame() -> None:
    roster = roster_from_values([HEADER, *numbered(team(1))], "KEC A", "a.xlsx")
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    assert shared(roster, "k", compute) == 1 and shared(roster, "k", compute) == 2
    with one_run(roster):
        assert shared(roster, "k", compute) == 3 and shared(roster, "k", compute) == 3
        roster.df = roster.df.copy()  # another frame: computed again
        assert shared(roster, "k", compute) == 4
    assert shared(roster, "k", compute) == 5


def test_gc_is_back_on_after_a_run_even_when_it_fails() -> None:
    import gc

    assert gc.isenabled()
    with pytest.raises(ValueError), few_collections():
        assert not gc.isenabled()
        raise ValueError
    assert gc.isenabled()


def _planted_roster(seed: int):
    """Officers with planted near-NIK typos, name variants, same-name twins and other days."""
    rng = random.Random(seed)
    names = ["Muhammad Yusuf", "M. Yusuf", "Siti Aminah", "Hj. Siti Aminah, S.Pd", "Ahmad Yani",
             "A. Yani", "Hasan Basri", "Husain Basri", "Nur Aini", "Noor Aini", "Budi", "Rina"]
    rows = []
    born = [dt.date(1980 + i % 3, 1 + i % 2, 5) for i in range(3)]
    for i in range(240):
        day = rng.choice(born)
        base = nik_for(day, "L", rng.randrange(1, 40))
        if rng.random() < 0.5:  # one typo away from a planted base
            k = rng.randrange(12, 16)
            base = base[:k] + str((int(base[k]) + 1) % 10) + base[k + 1:]
        name = rng.choice(names) if i % 4 else f"Unik{i} Sendiri{i}"  # lonely: no shared part
        rows.append([name, base, "L", day.strftime("%d-%m-%Y"), "Anggota", 1 + i // 7])
    return roster_from_values([HEADER, *numbered(rows)], "KEC A", "a.xlsx")


@pytest.mark.parametrize("seed", range(3))
def test_near_pairs_filtered_by_name_bits_are_the_filtered_full_set(seed: int) -> None:
    roster = _planted_roster(seed)
    frame = roster.df
    valid = frame["dob"].notna().to_numpy()
    digits = nik_digits_series(frame["nik"])[valid]
    niks = digits.astype("int64").to_numpy()
    days = frame["dob"][valid].to_numpy().astype("datetime64[D]").astype(np.int64)
    unique = pd.DataFrame({"n": niks, "d": days}).drop_duplicates()
    niks, days = unique["n"].to_numpy(), unique["d"].to_numpy()
    bits = np.array([1 << (i % 5) for i in range(len(niks))], dtype=np.uint64)
    full = duplicates._near_nik_pairs(niks, days)
    kept = full[(bits[full[:, 0]] & bits[full[:, 1]]) != 0]
    assert len(full) > len(kept) > 0
    fast = duplicates._near_nik_pairs(niks, days, bits)
    assert sorted(map(tuple, fast.tolist())) == sorted(map(tuple, kept.tolist()))
    assert part_masks(name_keys(frame["nama"]))[0].dtype == np.uint64
    assert any(f.code == "dup.person" for f in validate(roster, Settings()).findings)


def _follow_up(count: int) -> FollowUp:
    people = tuple(Person(
        file=None if i % 3 else f"/data/{AWKWARD}.xlsx", sheet=AWKWARD, row=i + 2,
        kecamatan=None if i % 4 == 0 else f"Kec {i % 5}", kelurahan=AWKWARD, tps=f"{i:03d}",
        nama=f"{AWKWARD} {i}", nik=None, jabatan="Ketua", age=None if i % 7 else 40 + i % 20,
        no_hp=None, skrining="Belum" if i % 2 else None, status_jkn=None,
        needs=(("skrining",), ("berisiko", "jkn"), ())[i % 3]) for i in range(count))
    places = tuple(PlaceCount(None if i % 2 else "f.xlsx", AWKWARD, None, f"{i:03d}", 7, i, 0, 2)
                   for i in range(count // 2))
    return FollowUp({"skrining": True, "status_jkn": False}, places, people)


@pytest.mark.parametrize("count", [0, 1, 9_000])
def test_streamed_follow_up_equals_the_dumped_dict(count: int) -> None:
    findings = [Finding(code="health.not_screened", severity="warning", message=f"{AWKWARD} {i}",
                        sheet="S", row=i, column="D", field="skrining", value=None, tps="001",
                        related=(Ref("S", i, AWKWARD),) if i % 2 else ())
                for i in range(count // 3)]
    report = Report(findings=findings, rows=count, files=[AWKWARD], reference_date="2024-02-14",
                    version="9.9", follow_up=_follow_up(count))
    out = io.StringIO()
    write_report(report, out)
    assert out.getvalue() == json.dumps(report.to_dict(), ensure_ascii=False, indent=1)


def test_health_roster_report_streams_like_the_dumped_dict() -> None:
    header = [*HEADER, "Hasil Skrining", "Status JKN", "No. KK"]
    rows = []
    for i, row in enumerate(team(1, 1) + team(2, 20)):
        kk = nik_for(dt.date(1988, 7, 21), "L", 500 + i)
        rows.append([*row, ("Belum", "Berisiko", None, "Tidak Berisiko")[i % 4],
                     ("Aktif", None, "Tidak aktif")[i % 3], int(kk) if i % 5 == 0 else kk])
    report = validate(roster_from_values([header, *numbered(rows)], "KEC", "a.xlsx"), Settings())
    assert report.follow_up is not None and report.follow_up.people
    out = io.StringIO()
    write_report(report, out)
    assert out.getvalue() == json.dumps(report.to_dict(), ensure_ascii=False, indent=1)


def _reference_exclusions(roster, report) -> list[tuple]:
    """select_eligible's exclusions as a row-by-row loop over pandas rows (the old way)."""
    from kpps_xl.eligible import person_errors

    def text(value: object) -> str:
        return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else (
            str(value).strip())

    df = roster.df
    errors = {k: [f for f in v if f.code != "dup.nik"]
              for k, v in person_errors(report.findings).items()}
    errors = {k: v for k, v in errors.items() if v}
    seen: dict[str, int] = {}
    out = []
    for pos in range(len(df)):
        row = df.iloc[pos]
        key = (text(row["_file"]), text(row["_sheet"]), int(row["_row"]))
        digits = nik_digits_series(pd.Series([row["nik"]], dtype="string")).iloc[0]
        if row["aktif"] is False or row["aktif"] == False:  # noqa: E712 - numpy bool
            why = text(row["alasan_nonaktif"])
            reasons, codes = [f"Tidak aktif ({why})" if why else
                              "Tidak aktif (PAW/mengundurkan diri)"], ["row.inactive"]
        elif key in errors:
            reasons = [f.message for f in errors[key]]
            codes = [f.code for f in errors[key]]
        elif digits and digits in seen:
            first = df.iloc[seen[digits]]
            reasons = [f"NIK ganda: sudah dihitung sekali (lembar {text(first['_sheet'])} "
                       f"baris {first['_row']})"]
            codes = ["dup.nik"]
        else:
            if digits:
                seen[digits] = pos
            continue
        out.append((*key, text(row["nama"]), text(row["nik"]), text(row["jabatan"]),
                    text(row["tps_no"]) or text(row["tps"]), tuple(dict.fromkeys(reasons)),
                    tuple(dict.fromkeys(codes))))
    return out


def test_eligibility_gate_excludes_as_the_row_by_row_loop() -> None:
    from kpps_xl.eligible import select_eligible

    header = [*HEADER, "Keterangan"]
    rows = []
    for i, row in enumerate(team(1, 1) + team(2, 20) + team(3, 40) + team(4, 60)):
        if i % 5 == 1:
            row[1] = "123"  # nik.format: an error, left out
        if i % 6 == 2:
            row[1] = nik_for(dt.date(1990, 2, 14), "L", 1)  # a copy of row 1's NIK
        rows.append([*row, ("Diganti", "Mengundurkan diri", None, None)[i % 4]])
    roster = roster_from_values([header, *numbered(rows)], "KEC", "a.xlsx")
    report = validate(roster, Settings())
    eligible = select_eligible(roster, report)
    got = [(e.file, e.sheet, e.row, e.nama, e.nik, e.jabatan, e.tps, e.reasons, e.codes)
           for e in eligible.excluded]
    assert got == _reference_exclusions(roster, report)
    assert {c for e in eligible.excluded for c in e.codes} >= {"row.inactive", "nik.format",
                                                               "dup.nik"}


def _near_inputs(roster):
    from kpps_xl.rules.names import name_key_codes

    frame = roster.df
    keys = name_key_codes(frame["nama"])
    day = frame["dob"].to_numpy().astype("datetime64[D]").astype(np.int64)
    eligible = (keys.codes >= 0) & frame["dob"].notna().to_numpy(dtype=bool)
    return frame, keys, day, eligible, nik._numbers(nik_digits_series(frame["nik"]))


def _brute_force_near(roster) -> dict[int, list[int]]:
    """_near_matches by comparing every pair of valid rows in Python."""
    from kpps_xl.rules.names import name_key, same_person_names

    frame = roster.df
    rows = []
    for pos in range(len(frame)):
        name, nik_text, dob, sex = (frame["nama"].iat[pos], frame["nik"].iat[pos],
                                    frame["dob"].iat[pos], frame["sex"].iat[pos])
        key = name_key(None if pd.isna(name) else name)
        digits = nik_digits_series(pd.Series([nik_text], dtype="string")).iloc[0]
        if (key and not pd.isna(dob) and len(digits) == 16 and digits.isdigit()
                and not frame["nik_numeric"].iat[pos]):
            rows.append((pos, (dob, digits), key, "" if pd.isna(sex) else sex))

    def near(a: str, b: str) -> bool:
        diff = [k for k in range(16) if a[k] != b[k]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])

    person: dict[tuple, int] = {}
    pid = [person.setdefault((node, key, sex), len(person)) for _, node, key, sex in rows]
    seen: dict[tuple, int] = {}
    order = [seen.setdefault(node, len(seen)) for _, node, _, _ in rows]  # first appearance
    pairs = set()
    for (_, node_a, key_a, sex_a), p, i in zip(rows, pid, order, strict=True):
        for (_, node_b, key_b, sex_b), q, j in zip(rows, pid, order, strict=True):
            if (i < j and node_a[0] == node_b[0] and near(node_a[1], node_b[1])
                    and (sex_a == sex_b or "" in (sex_a, sex_b))
                    and key_a != key_b and same_person_names(key_a, key_b)):
                pairs.add((p, q))
    if not pairs:
        return {}
    a, b = (np.array(side, dtype=np.int64) for side in zip(*sorted(pairs), strict=True))
    return duplicates._rows_of_matches(np.array(pid), np.array([r[0] for r in rows]), a, b)


def _crowded_roster(seed: int):
    """Three files: crowded birthdays (consecutive serials), twins, NIK typos and swaps of
    officers of other files, many copies of one person, titles and name variants."""
    rng = random.Random(seed)
    same = [("Muhammad Yusuf", "M. Yusuf", "Yusuf", "Muh Yusuf Hakim"),
            ("Hj. Siti Aminah, S.Pd", "Siti Aminah", "Aminah", "Sitti Aminah Zahra"),
            ("Ahmad Yani", "A. Yani", "Achmad Yani", "Yani"),
            ("Abdul Rahman Hakim", "Abdurrahman Hakim", "Abd Rahman", "Rahman Hakim"),
            ("Budi Santoso", "Budi", "Budi Santoso Putra", "BUDI SANTOSO")]
    twins = ["Hasan Basri", "Husain Basri", "Rina Lestari", "Rini Lestari", "Fajar", "Senja"]
    born = [dt.date(1975 + i, 1 + i, 3 + i) for i in range(4)]
    files = []
    for f in range(3):
        rows: list[list[object]] = []
        for i in range(70):  # one crowded birthday per file: serials 1..70
            day = born[f % 2]
            name = rng.choice(same)[rng.randrange(4)] if i % 3 else rng.choice(twins)
            sex = rng.choice("LP") if i % 5 else None
            rows.append([name, nik_for(day, sex or "L", 1 + i), sex, day, "Anggota", 1 + i // 7])
        for i in range(25):  # typos and swaps of rows of this or an earlier file
            source = rng.choice(files[-1] if files and i % 2 else rows)
            nik, k = str(source[1]), rng.randrange(15)
            nik = (nik[:k] + nik[k + 1] + nik[k] + nik[k + 2:] if i % 3 else
                   nik[:k] + str((int(nik[k]) + 1) % 10) + nik[k + 1:])
            group = next((g for g in same if source[0] in g), (rng.choice(twins),) * 4)
            rows.append([rng.choice(group), nik, source[2], source[3], "Anggota", 12])
        for i in range(12):  # many copies of one person under new NIKs
            rows.append(["Nur Aini" if i % 2 else "Noor Aini", nik_for(born[3], "P", 500 + 37 * i),
                         "P", born[3], "Anggota", 13])
        files.append(rows)
    rosters = []
    for f, rows in enumerate(files):
        values = [[r[0], r[1], r[2], r[3].strftime("%d-%m-%Y"), r[4], r[5]] for r in rows]
        rosters.append(roster_from_values([HEADER, *numbered(values)], f"KEC {f}", f"f{f}.xlsx"))
    return merge(rosters)


def _small_chunks(monkeypatch) -> None:  # noqa: ANN001
    """Every chunked loop of dup.person runs many times on a small roster."""
    from kpps_xl.rules import names as names_module

    for module, name, size in ((duplicates, "_UNITS_AT_ONCE", 7), (duplicates, "_CHUNK", 5),
                               (names_module, "_ROWS_AT_ONCE", 11),
                               (names_module, "_CHUNK", 13)):
        monkeypatch.setattr(module, name, size)


@pytest.mark.parametrize("chunked", [False, True])
@pytest.mark.parametrize("seed", range(3))
def test_near_matches_equal_the_brute_force_pairs(seed: int, chunked: bool, monkeypatch) -> None:
    if chunked:
        _small_chunks(monkeypatch)
    roster = _crowded_roster(seed)
    expected = _brute_force_near(roster)
    assert expected and len(expected) < len(roster.df)
    assert duplicates._near_matches(*_near_inputs(roster)) == expected


@pytest.mark.parametrize("seed", range(3))
def test_near_matches_skipping_incompatible_names_equal_the_full_search(seed: int,
                                                                        monkeypatch) -> None:
    roster = _planted_roster(seed) if seed < 2 else _crowded_roster(seed)
    searched: list[int] = []
    real = duplicates._compatible_units

    def spy(unit_key, *rest):  # noqa: ANN001, ANN202
        out = real(unit_key, *rest)
        searched.extend([int(out.sum()), len(out)])
        return out

    monkeypatch.setattr(duplicates, "_compatible_units", spy)
    fast = duplicates._near_matches(*_near_inputs(roster))
    assert 0 < searched[0] < searched[1]  # some units were left out of the search
    monkeypatch.setattr(duplicates, "_compatible_units",
                        lambda unit_key, *rest: np.ones(len(unit_key), dtype=bool))
    full = duplicates._near_matches(*_near_inputs(roster))
    assert fast and fast == full


@pytest.mark.parametrize("chunked", [False, True])
@pytest.mark.parametrize("seed", range(3))
def test_compatible_units_are_those_of_the_all_pairs_mask_test(seed: int, chunked: bool,
                                                               monkeypatch) -> None:
    from kpps_xl.rules.names import full_parts, maybe_same_person, split_names

    if chunked:
        _small_chunks(monkeypatch)
    rng = random.Random(seed)  # fewer than 64 parts: the masks are exact, no bit collisions
    words = ["muhamad", "yusuf", "siti", "aminah", "a", "m", "yani", "nur", "sri", "b", "dewi"]
    keys = sorted({" ".join(rng.choice(words) for _ in range(rng.randint(1, 4)))
                   for _ in range(300)})
    units = sorted({(rng.randrange(len(keys)), rng.randrange(6 if seed else 1))
                    for _ in range(500)})
    unit_key = np.array([k for k, _ in units], dtype=np.int64)
    unit_day = np.array([d for _, d in units], dtype=np.int64)
    series = pd.Series(keys, dtype="string")
    split = split_names(series)
    masks = part_masks(split)
    got = duplicates._compatible_units(unit_key, unit_day, full_parts(split), masks)
    a, b = np.triu_indices(len(units), 1)
    same_day = unit_day[a] == unit_day[b]
    a, b = a[same_day], b[same_day]
    fits = maybe_same_person(masks, unit_key[a], unit_key[b])
    expected = np.zeros(len(units), dtype=bool)
    expected[a[fits]] = expected[b[fits]] = True
    assert 0 < expected.sum() < len(units)
    assert got.tolist() == expected.tolist()


def _awkward_names(seed: int) -> list[str]:
    """Names in every layout the word-by-word keys must get right, or leave to the regex."""
    rng = random.Random(seed)
    words = ["Siti", "Aminah", "Muhammad", "M", "Moh", "Yusuf", "Abdul", "Abd", "Rahman",
             "Hakim", "Nur", "Noor", "Sitti", "Djoko", "Soekarno", "Chairul", "Hassan",
             "Achmad", "Yani", "A", "S", "Md", "Pd", "I", "E", "Hj", "H", "Dr", "Ir", "Haji",
             "Kep", "Si", "Drs", "Abdurrahman", "Aa", "Ooe", "Sjamsul", "Bsc", "SPd"]
    out = [" ".join(rng.choice(words) for _ in range(rng.randint(1, 5))) for _ in range(900)]
    out += [w.upper() for w in out[:40]] + [w.lower() for w in out[40:80]]
    out += ["Abdul Rahman", "Abdul H Rahman", "Abd Rahman Hakim", "S Pd I", "Siti S Pd",
            "A Md Kep", "M Pd", "Hj", "H", "Siti Hj Aminah", "Hj. Siti Aminah, S.Pd",
            "Siti  Aminah", " Siti Aminah", "Siti Aminah ", "Siti\tAminah", "Siti\nAminah",
            "Zoë Aminah", "M.Yusuf", "O'neil", "", "Siti,Aminah", "Abdul\u00a0Rahman"]
    return out


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("extra", ["", "Zoë Abdul Rahman"])  # a non-ASCII name: Python regex
def test_name_keys_word_by_word_equal_the_regex_steps(seed: int, extra: str,
                                                       monkeypatch) -> None:
    import re

    from kpps_xl.rules import names as names_module

    if seed == 2:
        _small_chunks(monkeypatch)

    typed = pd.Series([*_awkward_names(seed), extra, None], dtype="string")
    by_regex = names_module._word_keys(names_module._arrow_text(typed),
                                       names_module.name_table())[0]
    simple = np.array([bool(re.fullmatch(r"[A-Za-z]+( [A-Za-z]+)*", n or ""))
                       for n in typed.fillna("")])
    assert (simple & ~by_regex).any()  # keyed word by word
    assert (simple & by_regex).any()   # simple, but a title or phrase may span two words
    assert not (~simple & ~by_regex).any()
    fast = name_keys(typed).tolist()
    monkeypatch.setattr(names_module, "_word_by_word_exact", lambda table: False)
    assert fast == name_keys(typed).tolist()
    assert fast[-1] == "" and "" in fast[:-1]  # no name, and a name of titles only


@pytest.mark.parametrize("collide", [False, True])
def test_key_codes_are_the_classes_of_equal_key_texts(collide: bool, monkeypatch) -> None:
    from kpps_xl.rules import names as names_module
    from kpps_xl.rules.names import name_key_codes

    if collide:  # every sequence hashes to its first part and length: the exact fallback
        monkeypatch.setattr(names_module, "_HASH_BASE", np.uint64(0))
        _small_chunks(monkeypatch)
    typed = pd.Series(_awkward_names(7) * 2, dtype="string")
    keys = name_key_codes(typed)
    text = name_keys(typed).tolist()
    distinct = keys.split.text().to_pylist()
    assert len(distinct) == len(set(distinct)) and set(distinct) == set(text) - {""}
    assert [distinct[c] if c >= 0 else "" for c in keys.codes] == text
    from kpps_xl.rules.names import full_parts

    by_text = pd.Series(keys.split.text().to_pylist(), dtype="string")
    assert [m.tolist() for m in part_masks(keys.split)[1:]] == [
        m.tolist() for m in part_masks(by_text)[1:]]  # letters and initials

    def full_words(split) -> list[list[str]]:  # noqa: ANN001
        offsets, codes = full_parts(split)
        parts = split.parts.to_pylist()
        return [sorted(parts[c] for c in codes[a:b]) for a, b in zip(offsets[:-1], offsets[1:], strict=True)]

    assert full_words(keys.split) == full_words(names_module.split_names(by_text))


def test_key_codes_of_repeated_names_equal_the_row_by_row_codes(monkeypatch) -> None:
    from kpps_xl.rules import names as names_module

    rng = random.Random(3)
    typed = pd.Series(rng.choices(_awkward_names(3)[:60] + _awkward_names(3)[-22:], k=3000),
                      dtype="string")  # a few names down many rows
    keyed: list[int] = []
    real = names_module._key_codes

    def spy(text):  # noqa: ANN001, ANN202
        keyed.append(len(text))
        return real(text)

    monkeypatch.setattr(names_module, "_SAMPLE", 256)
    monkeypatch.setattr(names_module, "_key_codes", spy)
    keys = names_module.name_key_codes(typed)
    assert keyed and keyed[0] < len(typed) // 3  # the distinct names were keyed, not the rows
    by_row = real(names_module._arrow_text(typed))

    def texts(found) -> list[str]:  # noqa: ANN001
        distinct = found.split.text().to_pylist()
        return [distinct[c] if c >= 0 else "" for c in found.codes]

    assert texts(keys) == texts(by_row) == name_keys(typed).tolist()


def test_nik_keys_are_equal_exactly_where_the_nik_texts_are() -> None:
    ascii_niks = [n for n in _odd_niks(300) if isinstance(n, str)]
    arabic = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
    typed = [*ascii_niks, *ascii_niks[20:60], *[n.translate(arabic) for n in ascii_niks[20:40]],
             "0006022107880001", "6022107880001", "0000000000000000", None, "", "abc"]
    digits = nik_digits_series(pd.Series(typed, dtype="string"))
    keys = duplicates._nik_keys(digits, nik._numbers(digits))
    text = digits.fillna("<NA>").to_numpy(dtype=object)
    same_key = keys[:, None] == keys[None, :]
    same_text = text[:, None] == text[None, :]
    assert (same_key == same_text).all()
    assert same_text.sum() > len(typed)  # repeated NIKs, some also in Arabic-Indic digits


def test_phone_digits_equal_the_plain_replacement() -> None:
    from kpps_xl.schema import phone_digits

    cells = ["081234567890", "+6281234567890", "0812 3456 7890", "0812-3456-7890",
             "(0812) 3456.7890", "0812\u00a03456\u20037890", "0812\t3456\n7890", "0812/3456",
             "", None, "62 812 3456 789 ", "O812345678", "٠٨١٢٣٤٥٦٧٨٩٠", "+"]
    series = pd.Series(cells * 3, dtype="string")
    plain = series.str.replace(r"[\s\-.()/]", "", regex=True)
    assert phone_digits(series).tolist() == plain.tolist()
    assert phone_digits(series[:2]).tolist() == plain[:2].tolist()


def test_sex_check_equals_map_unique() -> None:
    from kpps_xl.roster.values import map_unique, parse_sex
    from kpps_xl.schema import sex_recognised

    series = pd.Series(["L", "P", "laki-laki", "Perempuan", "x", "", None, " l ", "LK", "Pr"] * 4,
                       dtype="string")
    assert sex_recognised(series).tolist() == map_unique(series, parse_sex).notna().tolist()


def test_new_finding_has_exactly_the_dataclass_fields_in_order() -> None:
    values = ("nik.format", "error", "m", "S", 2, None, "nik", "1", None, (), None)
    assert list(vars(new_finding(*values))) == [f.name for f in dataclasses.fields(Finding)]


@pytest.mark.parametrize("extra", ["", "Zoë Abdul Rahman"])
def test_name_keys_on_ascii_names_equal_python_regex_keys(extra: str, monkeypatch) -> None:
    from kpps_xl.rules import names as names_module

    spaces = [" ", "\t", "\n", "\x0b", "\x0c", "\r", "\x1c", "\x1f", "  \t "]
    typed = [f"Abdul{s}Rahman {i}" for i, s in enumerate(spaces)] + [
        "Abd. Rahman", "ABDUL RAHMAN HAKIM", "Hj. Abdul  Rahman, S.Pd", "abdulrahman", extra]
    series = pd.Series(typed, dtype="string")
    fast = name_keys(series).tolist()
    monkeypatch.setattr(names_module, "_ASCII_SPACE", r"\s")  # the pattern as written
    assert fast == name_keys(series).tolist()
    assert fast[:len(spaces)] == [f"abdurahman {i}" for i in range(len(spaces))]


def test_not_screened_equals_the_per_row_test() -> None:
    from kpps_xl.health.status import screening_states
    from kpps_xl.rules.health import not_screened

    cells = ["Belum", "Berisiko", "Tidak Berisiko", "Sudah", "???", "", None, "-", "√", "blm"]
    state = screening_states(pd.Series(cells * 3, dtype="string"))
    expected = state.map(lambda s: s in (None, "belum", "tidak_dikenal")).astype(bool)
    assert not_screened(state).tolist() == expected.tolist()
    assert set(state.tolist()) >= {None, "belum", "tidak_dikenal", "berisiko", "sudah"}


@pytest.mark.parametrize("dtype", ["string", "str", object])
def test_arrow_text_is_the_same_array_for_every_text_dtype(dtype: object) -> None:
    import pyarrow as pa

    from kpps_xl.rules.names import _arrow_text

    values = ["siti aminah", None, "", "zoë 中", "a  b"]
    series = pd.Series(values, dtype=dtype)
    expected = pa.array(["siti aminah", "", "", "zoë 中", "a  b"], type=pa.string())
    assert _arrow_text(series).equals(expected)
    assert _arrow_text(series[1:]).equals(expected[1:])
