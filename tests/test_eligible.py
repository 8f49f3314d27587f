"""The eligibility gate: who budget, letters and exports may use, and why the others are out."""

from __future__ import annotations

import pandas as pd
import pytest
from builders import HEADER, nik_for, numbered, team

from kpps_xl.eligible import (
    RosterHasErrors,
    eligible_people,
    exclusion_text,
    refusal,
    select_eligible,
)
from kpps_xl.roster import roster_from_values
from kpps_xl.settings import Settings, SettingsError, check_fields
from kpps_xl.validate import validate


def roster(rows):
    return roster_from_values([HEADER, *numbered(rows)], "KEC A", "a.xlsx")


def test_errors_stop_with_the_summary_unless_go_on_or_the_setting():
    rows = team(1)
    rows[2][1] = ""  # nik.missing
    r = roster(rows)
    with pytest.raises(RosterHasErrors) as err:
        eligible_people(r, Settings())
    assert "NIK kosong (nik.missing): 1" in str(err.value)
    assert err.value.report.errors >= 1
    assert len(eligible_people(r, Settings(), go_on=True).roster.df) == 6
    assert len(eligible_people(r, Settings(ignore_errors=True)).roster.df) == 6
    assert check_fields({"abaikan_galat": True}) == {"ignore_errors": True}
    with pytest.raises(SettingsError):
        check_fields({"abaikan_galat": "ya"})


def test_a_nik_counts_once_and_the_first_clean_copy_is_kept():
    rows = team(1) + team(2, first_serial=8)
    rows[8][1] = rows[1][1]   # row 10 repeats row 3's NIK
    rows[9][1] = rows[1][1]   # and row 11 too
    r = roster(rows)
    chosen = select_eligible(r, validate(r, Settings()))
    niks = chosen.roster.df["nik"].tolist()
    assert len(niks) == len(set(niks)) == 12
    assert [(e.row, e.codes) for e in chosen.excluded] == [(10, ("dup.nik",)), (11, ("dup.nik",))]
    assert "baris 3" in chosen.excluded[0].reasons[0]


def test_when_the_first_copy_has_its_own_error_a_later_copy_is_kept():
    rows = team(1)
    born = "01-01-2010"  # under 17 on 2024-02-14
    rows.append(["Salinan", rows[3][1], "L", "31-01-1980", "Anggota", "1"])
    rows[3][3] = born
    r = roster(rows)
    chosen = select_eligible(r, validate(r, Settings()))
    out = {e.row: e.codes for e in chosen.excluded}
    assert out == {5: ("age.under_min",)}
    assert "Salinan" in chosen.roster.df["nama"].tolist()


def test_inactive_rows_never_count_and_are_listed_with_their_reason():
    r = roster(team(1, size=8))  # the eighth resigned: a team of 7 active officers
    r.df["aktif"] = [True] * 7 + [False]
    r.df["alasan_nonaktif"] = [pd.NA] * 7 + ["PAW"]
    chosen = eligible_people(r, Settings())  # no errors: no refusal
    assert len(chosen.roster.df) == 7 and chosen.inactive == 1 and chosen.count_excluded == 0
    assert chosen.excluded[0].reasons == ("Tidak aktif (PAW)",)
    assert "tidak aktif" in exclusion_text(chosen.excluded)


def test_team_errors_do_not_exclude_anyone():
    r = roster(team(1, size=6))  # tps.size error only
    report = validate(r, Settings())
    assert report.errors and all(f.code.startswith("tps.") for f in report.findings
                                 if f.severity == "error")
    assert select_eligible(r, report).excluded == ()
    assert "Jumlah anggota TPS tidak sesuai" in refusal(report)


def test_nik_typed_with_spaces_is_the_same_nik():
    rows = team(1)
    nik = nik_for(__import__("datetime").date(1980, 1, 31), "L", 99)
    rows[0][1] = nik
    rows[1][1] = f"{nik[:4]} {nik[4:8]} {nik[8:12]} {nik[12:]}"
    r = roster(rows)
    chosen = select_eligible(r, validate(r, Settings()))
    assert [e.row for e in chosen.excluded] == [3]
