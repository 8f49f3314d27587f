"""Health seams on wordings and rosters not seen before: one JKN status reader for budget,
follow-up and letters; screening and certificate words; the BPJS TK file from other layouts."""

from __future__ import annotations

import datetime as dt

import pytest
from builders import nik_for

from kpps_xl.budget.compute import jkn_active_text
from kpps_xl.health.status import certificate_present, screening_state

ACTIVE_JKN = ["PBI", "Non PBI", "Non-PBI", "NON PBI (Mandiri)", "nonPBI", "Bukan PBI", "KIS",
              "BPJS Mandiri kelas 3", "Kelas III", "Penerima Bantuan Iuran",
              "Pekerja Penerima Upah", "Bukan Penerima Upah", "BPJS Kesehatan", "Askes", "PNS",
              "1", "TRUE", "Aktif - PBI"]
INACTIVE_JKN = ["tidak punya", "Tidak Punya BPJS", "", "   ", "aktif/nonaktif", "Non Aktif PBI",
                "Non PBI nonaktif", "Tidak ada BPJS", "Bukan peserta", "0", "FALSE", "-",
                "Non aktif sejak 2023", "PBI?", "Belum terdaftar", "0001234567890"]


@pytest.mark.parametrize("text", ACTIVE_JKN)
def test_a_jkn_segment_written_out_or_negated_is_still_active_cover(text):
    """'Non PBI' is the segment of those paying their own premium: it read as 'no JKN'."""
    assert jkn_active_text(text) is True


@pytest.mark.parametrize("text", INACTIVE_JKN)
def test_no_card_an_unsure_or_a_both_ways_status_is_not_active(text):
    assert jkn_active_text(text) is False


@pytest.mark.parametrize(("text", "state"), [
    ("Kurang sehat", "berisiko"), ("Kurang baik", "berisiko"), ("Risti", "berisiko"),
    ("Perlu tindak lanjut", "berisiko"), ("Tidak perlu tindak lanjut", "tidak_berisiko"),
    ("Baik", "tidak_berisiko"), ("TRUE", "sudah"), ("FALSE", "belum"),
    ("Sudah skrining - tidak berisiko", "tidak_berisiko"), ("Belum Skrining", "belum"),
])
def test_screening_words_that_weaken_or_refer(text, state):
    assert screening_state(text) == state


@pytest.mark.parametrize(("text", "present"), [
    ("Nihil", False), ("Menyusul", False), ("N", False), ("T", False), ("FALSE", False),
    ("Ada", True), ("Y", True), ("TRUE", True), ("440/123/PKM/2024", True),
])
def test_a_certificate_that_is_none_or_still_to_come_is_absent(text, present):
    assert certificate_present(text) is present


# One roster through check, follow-up, budget and the BPJS Kesehatan letter's list.
HEADER = ["No", "Nama", "NIK", "L/P", "Tanggal Lahir", "Jabatan", "TPS", "Kecamatan",
          "Kepesertaan JKN"]
STATUSES = ["Non PBI", "tidak punya", None, "KIS", "aktif/nonaktif", "BPJS Mandiri kelas 3",
            "PBI", "0", "Bukan PBI", "Nonaktif", "1", "Kelas III", "Belum", "Penerima Bantuan Iuran"]


def _rows() -> list[list[object]]:
    rows = []
    for i, status in enumerate(STATUSES):
        sex = "L" if i % 2 == 0 else "P"
        dob = dt.date(1984, 1, 5) + dt.timedelta(days=97 * i)
        tps = 1 + i // 7
        rows.append([i + 1, f"Petugas {i + 1}", nik_for(dob, sex, 10 + i), sex,
                     dob.strftime("%d-%m-%Y"), "Ketua" if i % 7 == 0 else "Anggota", tps,
                     "Teras", status])
    rows[7][2] = rows[7][2][:15]  # an error: row 9 ('0') is left out of budget and letter
    return rows


def test_check_follow_up_budget_and_letter_agree_on_who_has_no_active_jkn():
    from dataclasses import replace

    from kpps_xl.eligible import budget_of, eligible_people
    from kpps_xl.health.follow_up import follow_up
    from kpps_xl.letters.context import select_participants
    from kpps_xl.roster import roster_from_values
    from kpps_xl.settings import Settings

    roster = roster_from_values([HEADER, *_rows()], "Teras", "teras.xlsx", 2024)
    base = Settings()
    anggaran = {**dict(base.section("anggaran")), "peran": {
        k: {"jkn": True} for k in ("ketua_kpps", "anggota_kpps")}}
    settings = replace(base, sections={**dict(base.sections), "anggaran": anggaran})
    without = {i + 2 for i, s in enumerate(STATUSES) if not jkn_active_text(s)}
    assert without == {3, 4, 6, 9, 11, 14}  # tidak punya, blank, both ways, 0, Nonaktif, Belum
    listed = follow_up(roster, settings)
    assert listed is not None
    assert {p.row for p in listed.people if "jkn" in p.needs} == without
    eligible = eligible_people(roster, settings, go_on=True)
    assert [e.row for e in eligible.excluded] == [9]
    budget = budget_of(eligible, settings)
    jkn_people = sum(line.count for line in budget.lines if line.scheme == "JKN")
    letter = select_participants(eligible.roster, budget, "bpjs_kes")
    assert jkn_people == len(letter) == len(without - {9})
    assert set(letter["_row"].astype(int)) == without - {9}


# The BPJS Ketenagakerjaan upload file from roster layouts the tests had not used.

def _people(n: int = 7) -> list[tuple[str, str, str, dt.date, str]]:
    out = []
    for i in range(n):
        sex = "L" if i % 2 == 0 else "P"
        dob = dt.date(1985, 3, 1) + dt.timedelta(days=40 * i)
        out.append((f"Orang {i + 1}", nik_for(dob, sex, i + 1), sex, dob,
                    "Ketua" if i == 0 else "Anggota"))
    return out


def _layouts() -> dict[str, list[list[object]]]:
    people = _people()
    return {
        # "Tempat, Tanggal Lahir" in one column, sex spelled out, TPS as text, phone and address
        "ttl": [["No", "Nama Lengkap", "NIK", "Tempat, Tanggal Lahir", "Jenis Kelamin",
                 "Jabatan", "TPS", "Alamat", "No. HP"]]
        + [[i + 1, n, k, f"Mukomuko, {d:%d-%m-%Y}", "Laki-laki" if s == "L" else "Perempuan", j,
            "001", f"Jl. Merdeka {i}", f"0812345678{i}"] for i, (n, k, s, d, j) in
           enumerate(people)],
        # real date cells, upper-case headers, NIK of one officer typed as a number
        "date_cells": [["NO", "NAMA", "NIK", "TEMPAT LAHIR", "TGL LAHIR", "L/P", "JABATAN",
                        "NO TPS"]]
        + [[i + 1, n, int(k) if i == 3 else k, "Bengkulu", dt.datetime.combine(d, dt.time()), s,
            j, 1] for i, (n, k, s, d, j) in enumerate(people)],
        # "Tempat/Tgl Lahir" with slashes, no sex column (from the NIK), one short NIK
        "ttl_slash": [["No", "Nama", "NIK", "Tempat/Tgl Lahir", "Jabatan", "TPS"]]
        + [[i + 1, n, k[:15] if i == 5 else k, f"Padang, {d:%d/%m/%Y}", j, "TPS 002"]
           for i, (n, k, s, d, j) in enumerate(people)],
    }


@pytest.mark.parametrize("layout", list(_layouts()))
def test_the_enrolment_file_lists_exactly_the_eligible_as_text_and_agrees_with_the_letter(
        tmp_path, layout):
    import re

    from builders import write_xlsx
    from openpyxl import load_workbook

    from kpps_xl.eligible import budget_of, eligible_people
    from kpps_xl.health.enrolment import build_enrolment, write_enrolment
    from kpps_xl.letters.context import select_participants
    from kpps_xl.roster import load_roster
    from kpps_xl.settings import Settings
    from kpps_xl.validate import validate

    path = write_xlsx(tmp_path / f"{layout}.xlsx", {"DATA": _layouts()[layout]})
    settings = Settings()
    roster = load_roster([path], 2024)
    report = validate(roster, settings)
    erring = {f.row for f in report.findings if f.severity == "error" and f.row}
    enrolment = build_enrolment(roster, report, settings)
    out = write_enrolment(enrolment, tmp_path / "peserta.xlsx")
    ws = load_workbook(out)["Peserta"]
    header = [c.value for c in ws[1]]
    assert header[:6] == ["NO", "NIK", "NAMA LENGKAP", "TEMPAT LAHIR",
                          "TANGGAL LAHIR (DD-MM-YYYY)", "JENIS KELAMIN (L/P)"]
    rows = list(ws.iter_rows(min_row=2))
    people = {k: (n, s, d) for n, k, s, d, _ in _people()}
    for row in rows:
        nik, name, place, born, sex = (c.value for c in row[1:6])
        assert row[1].data_type == "s" and re.fullmatch(r"\d{16}", nik)
        assert (name, sex, born) == (people[nik][0], people[nik][1], f"{people[nik][2]:%d-%m-%Y}")
        assert place in ("Mukomuko", "Bengkulu", "Padang")
        assert re.fullmatch(r"\d{2}-\d{2}-\d{4}", row[8].value) and row[8].data_type == "s"
    excluded = load_workbook(out)["Tidak Diekspor"]
    left_out = {r[3] for r in excluded.iter_rows(min_row=2, values_only=True)}
    assert left_out == erring and len(rows) + len(left_out) == 7
    assert len(left_out) == (0 if layout == "ttl" else 1)  # the NIK typed as a number / short
    eligible = eligible_people(roster, settings, go_on=True, report=report)
    letter = select_participants(eligible.roster, budget_of(eligible, settings), "bpjs_tk")
    assert sorted(str(n) for n in letter["nik"]) == sorted(c[1].value for c in rows)
