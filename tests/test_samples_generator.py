"""Synthetic sample rosters: valid NIKs, full teams, reproducible bytes, precise expectations."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from collections import Counter
from pathlib import Path

import pytest
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook
from stdnum.exceptions import ValidationError
from stdnum.id import nik as stdnik

from kpps_xl import samples
from kpps_xl.catalogue import CATALOGUE

REF = samples.REFERENCE_DATE
PLANTED = {
    "nik.missing", "nik.format", "nik.precision_lost", "nik.region", "nik.birthdate",
    "nik.dob_mismatch", "nik.sex_mismatch", "nik.outside_area", "dup.nik", "dup.person",
    "age.under_min", "age.over_preferred", "dob.invalid", "field.missing", "sex.invalid",
    "tps.size", "tps.ketua", "phone.format", "sheet.no_roster", "health.not_screened",
    "health.at_risk", "health.no_certificate", "bpjs.kes_format", "bpjs.tk_format", "kk.format",
}
TITLES = re.compile(r"\b(h|hj|drs|dra|ir|s\.?pd(\.?i)?|s\.?e|s\.?kom|a\.?md|s\.?sos)\b\.?")


@pytest.fixture(scope="module")
def sample_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    outdir = tmp_path_factory.mktemp("samples")
    samples.write_samples(outdir)
    return outdir


def nik_date(nik: str) -> dt.date:
    """Date in a NIK with the voting-day century rule (YY <= 24 -> 20YY)."""
    day, month, year = int(nik[6:8]) % 40, int(nik[8:10]), int(nik[10:12])
    return dt.date(year + (2000 if year <= REF.year % 100 else 1900), month, day)


def parse_dob(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if not isinstance(value, str):
        return None
    text = value.split(", ", 1)[-1].strip()
    for pattern in ("%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            pass
    parts = text.split()
    if len(parts) == 3 and parts[1].capitalize() in samples.BULAN:
        return dt.date(int(parts[2]), samples.BULAN.index(parts[1].capitalize()), int(parts[0]))
    return None


def age(dob: dt.date) -> int:
    return samples.age_on(dob, REF)


def sheet_rows(path: Path, plan: samples.WorkbookPlan) -> list[dict[str, object]]:
    """Every officer row of a workbook as field -> cell value, read back from the file."""
    wb = load_workbook(path)
    found = []
    for sheet in plan.sheets:
        ws = wb[sheet.spec.name]
        placement = samples.place(sheet.spec, sheet.officers)
        for officer, row in zip(sheet.officers, placement.rows, strict=True):
            cells = {key: ws[f"{letter}{row}"].value for key, letter in placement.letters.items()}
            cells.update(_sheet=sheet.spec.name, _row=row, _kel=officer.kelurahan,
                         _officer=officer)
            found.append(cells)
    return found


def sex_of(cells: dict[str, object]) -> str | None:
    if "jk" in cells:
        text = str(cells["jk"]).upper()
        return {"L": "L", "LK": "L", "LAKI-LAKI": "L", "P": "P", "PR": "P",
                "PEREMPUAN": "P"}.get(text)
    if cells.get("jk_l") and not cells.get("jk_p"):
        return "L"
    if cells.get("jk_p") and not cells.get("jk_l"):
        return "P"
    return None


def dob_of(cells: dict[str, object]) -> dt.date | None:
    return parse_dob(cells.get("tanggal_lahir", cells.get("ttl")))


def digits(value: object) -> str:
    return re.sub(r"\D", "", str(value)) if value is not None else ""


def base_name(name: object) -> str:
    text = TITLES.sub(" ", str(name).lower().replace(",", " "))
    return " ".join(text.split())


def test_clean_workbook_niks_are_valid_and_agree_with_each_row(sample_dir: Path) -> None:
    plans = samples.sample_plans()
    rows = sheet_rows(sample_dir / samples.SAMPLE_FILES["clean"], plans.clean)
    assert len(rows) >= 70
    for cells in rows:
        where = f"{cells['_sheet']}!{cells['_row']}"
        assert isinstance(cells["nik"], str), where
        nik = digits(cells["nik"])
        assert stdnik.is_valid(nik), where
        assert nik.startswith(samples.OFFICE_REGION), where
        assert nik_date(nik) == dob_of(cells), where
        assert ("P" if int(nik[6:8]) > 40 else "L") == sex_of(cells), where
        assert 17 <= age(nik_date(nik)) <= 55, where
        assert re.fullmatch(r"08\d{8,11}", str(cells.get("no_hp") or "08123456789")), where


def test_clean_sample_set_has_no_duplicate_nik_or_person(sample_dir: Path) -> None:
    plans = samples.sample_plans()
    rows = sheet_rows(sample_dir / samples.SAMPLE_FILES["clean"], plans.clean)
    niks = [digits(cells["nik"]) for cells in rows]
    people = [(base_name(cells["nama"]), dob_of(cells)) for cells in rows]
    with open(sample_dir / samples.SAMPLE_FILES["csv"], encoding="cp1252") as handle:
        records = list(csv.DictReader(handle, delimiter=";"))
    niks += [r["NIK"].lstrip("'") for r in records]
    people += [(base_name(r["Nama"]), parse_dob(r["Tgl Lahir"])) for r in records]
    assert len(set(niks)) == len(niks)
    assert len(set(people)) == len(people)
    assert all(stdnik.is_valid(nik) for nik in niks)


def test_text_nik_ending_in_zero_is_present_in_clean_file(sample_dir: Path) -> None:
    rows = sheet_rows(sample_dir / samples.SAMPLE_FILES["clean"], samples.sample_plans().clean)
    assert any(isinstance(c["nik"], str) and c["nik"].endswith("0") for c in rows)


def test_every_tps_of_clean_files_has_seven_officers_and_one_ketua(sample_dir: Path) -> None:
    plans = samples.sample_plans()
    rows = sheet_rows(sample_dir / samples.SAMPLE_FILES["clean"], plans.clean)
    teams = Counter((c["_sheet"], c["_kel"], digits(c["tps"])) for c in rows)
    ketua = Counter((c["_sheet"], c["_kel"], digits(c["tps"])) for c in rows
                    if str(c["jabatan"]).lower().startswith("ketua"))
    assert len(teams) >= 10
    assert set(teams.values()) == {7}
    assert ketua == Counter(dict.fromkeys(teams, 1))
    with open(sample_dir / samples.SAMPLE_FILES["csv"], encoding="cp1252") as handle:
        records = list(csv.DictReader(handle, delimiter=";"))
    csv_teams = Counter((r["Desa"], r["TPS"]) for r in records)
    csv_ketua = Counter((r["Desa"], r["TPS"]) for r in records if r["Jabatan"].startswith("Ketua"))
    assert set(csv_teams.values()) == {7}
    assert csv_ketua == Counter(dict.fromkeys(csv_teams, 1))


def test_csv_sample_is_cp1252_semicolon_with_apostrophe_niks(sample_dir: Path) -> None:
    raw = (sample_dir / samples.SAMPLE_FILES["csv"]).read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    header, first = raw.decode("cp1252").splitlines()[:2]
    assert header.split(";")[2] == "NIK"
    assert first.split(";")[2].startswith("'1706")


def test_same_seed_gives_same_bytes_and_other_seed_other_people(tmp_path: Path) -> None:
    first = samples.write_samples(tmp_path / "a")
    second = samples.write_samples(tmp_path / "b")
    other = samples.write_samples(tmp_path / "c", seed=7)
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name
    assert first[0].read_bytes() != other[0].read_bytes()


def test_committed_samples_match_the_generator(sample_dir: Path) -> None:
    committed = Path(__file__).resolve().parents[1] / "samples"
    for name in (*samples.SAMPLE_FILES.values(), samples.EXPECTED_FILE):
        assert (committed / name).read_bytes() == (sample_dir / name).read_bytes(), (
            f"samples/{name} is stale: run python samples/make_samples.py")


def test_expected_json_lists_every_planted_code(sample_dir: Path) -> None:
    doc = json.loads((sample_dir / samples.EXPECTED_FILE).read_text(encoding="utf-8"))
    assert doc["settings"] == {"reference_date": "2024-02-14", "region_code": "1706",
                               "team_size": 7}
    defect = doc["files"][samples.SAMPLE_FILES["defect"]]
    assert {e["code"] for e in defect} == PLANTED
    assert doc["files"][samples.SAMPLE_FILES["clean"]] == []
    assert doc["files"][samples.SAMPLE_FILES["csv"]] == []
    assert doc["files"][samples.SAMPLE_FILES["defect2"]] == []
    together = doc["together"]["extra_findings"]
    assert {e["file"] for e in together} == set(doc["together"]["files"])
    assert {e["code"] for e in together} == {"dup.nik"}
    for entry in defect + together:
        assert entry["severity"] == CATALOGUE[entry["code"]].severity
    assert [tuple(samples.Expected(e["code"], e["sheet"], e["row"], e["column"]))
            for e in defect] == samples.make_defect_roster(sample_dir / "again.xlsx")


def test_duplicates_are_expected_at_every_occurrence(sample_dir: Path) -> None:
    plan = samples.sample_plans().defect.first
    rows = sheet_rows(sample_dir / samples.SAMPLE_FILES["defect"], plan)
    expected = samples.workbook_expected(plan)
    nik_counts = Counter(digits(c["nik"]) for c in rows if c["nik"] is not None)
    dup_rows = {(c["_sheet"], c["_row"]) for c in rows if nik_counts[digits(c["nik"])] > 1}
    assert dup_rows == {(e.sheet, e.row) for e in expected if e.code == "dup.nik"}
    assert len({sheet for sheet, _ in dup_rows}) == 2
    person_counts = Counter((base_name(c["nama"]), dob_of(c)) for c in rows if c["nama"])
    same = {(c["_sheet"], c["_row"]) for c in rows
            if c["nama"] and person_counts[(base_name(c["nama"]), dob_of(c))] > 1}
    assert same == {(e.sheet, e.row) for e in expected if e.code == "dup.person"}


def _cell_shows(code: str, value: object, cells: dict[str, object]) -> bool:
    """Does the cell at an Expected location really show the planted problem?"""
    nik = digits(cells["nik"])
    checks = {
        "nik.missing": lambda: value is None,
        "nik.format": lambda: len(digits(value)) != 16,
        "nik.precision_lost": lambda: isinstance(value, int) and str(value).endswith("0"),
        "nik.region": lambda: nik[:2] in ("00", "99"),
        "nik.birthdate": lambda: _impossible_nik_date(nik),
        "nik.dob_mismatch": lambda: nik_date(nik) != dob_of(cells),
        "nik.sex_mismatch": lambda: ("P" if int(nik[6:8]) > 40 else "L") != sex_of(cells),
        "nik.outside_area": lambda: stdnik.is_valid(nik) and nik[:4] != samples.OFFICE_REGION,
        "dup.nik": lambda: len(nik) == 16,
        "dup.person": lambda: bool(value),
        "age.under_min": lambda: age(dob_of(cells)) == 16,
        "age.over_preferred": lambda: age(dob_of(cells)) == 58,
        "dob.invalid": lambda: value == "31-02-1985" and dob_of(cells) is None,
        "field.missing": lambda: value is None,
        "sex.invalid": lambda: value == "X",
        "phone.format": lambda: value == "12345",
        "health.not_screened": lambda: value in (None, "Belum"),
        "health.at_risk": lambda: re.fullmatch(r"ber[ei]siko", str(value).lower()) is not None,
        "health.no_certificate": lambda: value == "Tidak",
        "bpjs.kes_format": lambda: isinstance(value, int) or len(digits(value)) != 13,
        "bpjs.tk_format": lambda: isinstance(value, int) or len(digits(value)) != 11,
        "kk.format": lambda: isinstance(value, int) or digits(value) == nik,
    }
    return checks[code]()


def _impossible_nik_date(nik: str) -> bool:
    try:
        stdnik.get_birth_date(nik)
    except ValidationError:
        return True
    return False


def test_each_expected_location_shows_its_problem_and_other_rows_are_clean(
        sample_dir: Path) -> None:
    plan = samples.sample_plans().defect.first
    path = sample_dir / samples.SAMPLE_FILES["defect"]
    rows = {(c["_sheet"], c["_row"]): c for c in sheet_rows(path, plan)}
    ws_cache = load_workbook(path)
    flagged = set()
    for e in samples.workbook_expected(plan):
        if e.code == "sheet.no_roster":
            assert e.sheet in ws_cache.sheetnames and e.row is None
            continue
        cells = rows[(e.sheet, e.row)]
        flagged.add((e.sheet, e.row))
        if e.code.startswith("tps."):
            assert e.column is None
            continue
        value = ws_cache[e.sheet][f"{e.column}{e.row}"].value
        assert _cell_shows(e.code, value, cells), e
    for key, cells in rows.items():
        if key in flagged:
            continue
        nik = digits(cells["nik"])
        assert isinstance(cells["nik"], str) and stdnik.is_valid(nik), key
        assert nik.startswith(samples.OFFICE_REGION) and nik_date(nik) == dob_of(cells), key
        assert 17 <= age(dob_of(cells)) <= 55 and sex_of(cells) is not None, key
        if "skrining" in cells:  # health columns: screened, certificate, well-formed numbers
            assert "tidak" in str(cells["skrining"]).lower() and cells["surat_sehat"] == "Ada"
            assert [len(digits(cells[k])) for k in ("no_bpjs_kes", "no_kpj", "no_kk")] == [
                13, 11, 16] and digits(cells["no_kk"]) != nik, key


def test_tps_findings_sit_on_the_first_row_of_their_tps(sample_dir: Path) -> None:
    plan = samples.sample_plans().defect.first
    rows = sheet_rows(sample_dir / samples.SAMPLE_FILES["defect"], plan)
    teams: dict[tuple[object, ...], list[dict[str, object]]] = {}
    for c in rows:
        teams.setdefault((c["_sheet"], c["_kel"], digits(c["tps"])), []).append(c)
    wrong = {}
    for members in teams.values():
        ketua = sum(str(m["jabatan"]).lower().startswith("ketua") for m in members)
        codes = ({"tps.size"} if len(members) != 7 else set()) | (
            {"tps.ketua"} if ketua != 1 else set())
        for code in codes:
            wrong[(code, members[0]["_sheet"], members[0]["_row"])] = True
    expected = {(e.code, e.sheet, e.row) for e in samples.workbook_expected(plan)
                if e.code.startswith("tps.")}
    assert set(wrong) == expected
    assert Counter(code for code, _, _ in expected) == {"tps.ketua": 2, "tps.size": 1}


def test_second_defect_file_repeats_one_nik_of_the_first(sample_dir: Path) -> None:
    plans = samples.sample_plans().defect
    cross = samples.cross_file_expected()
    first = sheet_rows(sample_dir / samples.SAMPLE_FILES["defect"], plans.first)
    second = sheet_rows(sample_dir / samples.SAMPLE_FILES["defect2"], plans.second)
    shared = {digits(c["nik"]) for c in first} & {digits(c["nik"]) for c in second}
    assert len(shared) == 1
    located = {(c["_sheet"], c["_row"]) for c in first + second if digits(c["nik"]) in shared}
    assert located == {(e.sheet, e.row) for found in cross.values() for e in found}


def test_big_roster_is_palembang_like_with_full_teams(tmp_path: Path) -> None:
    path = samples.make_big_roster(tmp_path / "big.xlsx", 33439)
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    assert tuple(rows[0]) == samples.BIG_HEADER
    data = rows[1:]
    assert len(data) == 33439 and all(len(r) == 12 for r in data)
    teams = Counter((r[9], r[8], r[7]) for r in data)
    assert len(teams) == 4777 and set(teams.values()) == {7}
    assert len({r[8] for r in data}) == 107 and len({r[9] for r in data}) == 18
    assert Counter(r[6] for r in data)["Ketua"] == 4777
    niks = [r[2] for r in data]
    assert len(set(niks)) == len(niks) and all(stdnik.is_valid(n) for n in niks[::97])
    assert all(isinstance(r[5], dt.date) and nik_date(r[2]) == r[5] for r in data[::101])
    assert all(isinstance(r[7], str) and len(r[7]) == 3 for r in data[:50])


def test_big_values_match_the_written_roster(tmp_path: Path) -> None:
    values = samples.make_big_values(20, seed=3)
    path = samples.make_big_roster(tmp_path / "small.xlsx", 20, seed=3)
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    assert [list(map(str, r)) for r in values[1:]] == [
        [str(int(r[0])), *map(str, r[1:])] for r in rows[1:]]
    with pytest.raises(ValueError):
        samples.make_big_roster(tmp_path / "too_big.xlsx", 1_048_576)
