"""NIK day digits: 01-31 (men) and 41-71 (women) only; every impossible date is nik.birthdate."""

from __future__ import annotations

import datetime as dt

import pytest
from builders import HEADER, numbered, team

from kpps_xl.roster import roster_from_values
from kpps_xl.rules.nik import nik_birthdate, nik_day, nik_problem, nik_sex
from kpps_xl.settings import Settings
from kpps_xl.validate import validate

REFERENCE = dt.date(2024, 2, 14)


def nik_with(day_digits: int, month: int = 2, yy: int = 90, serial: int = 7) -> str:
    """A NIK of Mukomuko (1706 02) with the given raw day digits, month and year."""
    return f"170602{day_digits:02d}{month:02d}{yy:02d}{serial:04d}"


def nik_codes(nik: str) -> list[tuple[str, int]]:
    """(code, row) of nik.* findings when a NIK replaces the third officer's of a clean team."""
    rows = team(1)
    rows[2][1] = nik
    rows[2][2] = None  # sex and date empty: only the NIK itself is judged
    rows[2][3] = None
    roster = roster_from_values([HEADER, *numbered(rows)], "KEC A", "a.xlsx")
    return [(f.code, f.row) for f in validate(roster, Settings()).findings
            if f.code.startswith("nik.")]


# python-stdnum reads the day modulo 40, so 81..99 look like 1..19 to it.
IMPOSSIBLE_DAYS = [0, 32, 39, 40, 72, 80, 81, 85, 99]


@pytest.mark.parametrize("raw", IMPOSSIBLE_DAYS)
def test_day_digits_outside_both_ranges_are_nik_birthdate(raw: int) -> None:
    nik = nik_with(raw)
    assert nik_codes(nik) == [("nik.birthdate", 4)]
    problem = nik_problem(nik)
    assert problem is not None and problem[0] == "nik.birthdate"
    assert f"({raw:02d})" in problem[1] and nik not in problem[1]


@pytest.mark.parametrize("raw", IMPOSSIBLE_DAYS)
def test_helpers_refuse_impossible_day_digits(raw: int) -> None:
    nik = nik_with(raw)
    assert nik_day(nik) is None
    assert nik_birthdate(nik, REFERENCE) is None
    assert nik_sex(nik) is None


@pytest.mark.parametrize(("raw", "sex", "day"), [
    (1, "L", 1), (14, "L", 14), (31, "L", 31), (41, "P", 1), (55, "P", 15), (71, "P", 31)])
def test_day_digits_inside_the_ranges_are_valid(raw: int, sex: str, day: int) -> None:
    nik = nik_with(raw, month=1)
    assert nik_codes(nik) == []
    assert nik_problem(nik) is None
    assert nik_sex(nik) == sex
    assert nik_birthdate(nik, REFERENCE) == dt.date(1990, 1, day)


@pytest.mark.parametrize(("raw", "month", "yy"), [
    (31, 4, 90), (71, 6, 85), (31, 9, 77), (31, 11, 66), (30, 2, 92), (29, 2, 90), (69, 2, 91)])
def test_day_the_month_does_not_have_is_nik_birthdate(raw: int, month: int, yy: int) -> None:
    assert nik_codes(nik_with(raw, month, yy)) == [("nik.birthdate", 4)]


@pytest.mark.parametrize(("raw", "month", "yy"), [(29, 2, 92), (69, 2, 0), (30, 4, 90), (71, 12, 85)])
def test_last_day_of_the_month_is_valid(raw: int, month: int, yy: int) -> None:
    assert nik_codes(nik_with(raw, month, yy)) == []
