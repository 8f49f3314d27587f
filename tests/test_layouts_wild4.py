"""Wild layouts, round 4 (tests/layouts_wild4.py), read person by person by both readers."""

from __future__ import annotations

import datetime as dt

import pytest
from layouts_wild import found_and_planted, mismatches, read_layout
from layouts_wild3 import place_mismatches
from layouts_wild4 import LAYOUTS, build, extra_mismatches


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("liar4")
    return {name: build(name, folder) for name in LAYOUTS}


@pytest.mark.parametrize("reader", ["arrow", "calamine"])
@pytest.mark.parametrize("name", list(LAYOUTS))
def test_every_officer_is_read_with_its_values(built, name, reader, monkeypatch):
    path, truth = built[name]
    frame = read_layout(path, reader, monkeypatch).df
    assert (mismatches(frame, truth) + place_mismatches(frame, truth)
            + extra_mismatches(frame, truth)) == []
    assert len(frame) == len(truth.people)


@pytest.mark.parametrize("name", list(LAYOUTS))
def test_exactly_the_planted_findings(built, name):
    found, planted = found_and_planted(*built[name])
    assert found == planted


@pytest.mark.parametrize("name", [n for n, (suffix, _) in LAYOUTS.items() if suffix == "xlsx"])
def test_the_annotated_copy_checks_exactly_like_its_original(built, name, tmp_path):
    from test_layouts import assert_annotated_copy_checks_the_same

    path, truth = built[name]
    found = assert_annotated_copy_checks_the_same(path, tmp_path)
    assert len(found) == len(truth.planted)


@pytest.mark.parametrize(("text", "place", "date"), [
    ("12-05-1990, Palembang", "Palembang", "12-05-1990"),
    ("12 Mei 1990 / PALEMBANG", "PALEMBANG", "12 Mei 1990"),
    ("12/05/1990 Palembang", "Palembang", "12/05/1990"),
    ("12.05.1990\nMuara Enim", "Muara Enim", "12.05.1990"),
    ("1990-05-12 - Lahat", "Lahat", "1990-05-12"),
    ("12-05-1990, Desa 8 Ilir", "Desa 8 Ilir", "12-05-1990"),
    ("31-02-1985, Lahat", "Lahat", "31-02-1985"),  # impossible, still the date's place
    ("Palembang, 12-05-1990", "Palembang", "12-05-1990"),  # place first, as before
    ("12-05-1990", None, "12-05-1990"),
])
def test_a_place_and_date_cell_typed_date_first(text, place, date):
    from kpps_xl.roster.values import split_ttl

    assert split_ttl(text) == (place, date)


@pytest.mark.parametrize(("value", "sex"), [
    (1, "L"), (2, "P"), ("1", "L"), ("2", "P"), (1.0, "L"), ("Laki-laki (L)", "L"),
    ("Perempuan (P)", "P"), (3, None), ("12", None), ("(L)", None),
])
def test_sex_written_as_the_population_register_codes(value, sex):
    from kpps_xl.roster.values import parse_sex

    assert parse_sex(value) == sex


@pytest.mark.parametrize(("jabatan", "peran"), [
    ("Agt.", "anggota"), ("Agt 2", "anggota"), ("ANGG.", "anggota"), ("Angg. KPPS", "anggota"),
    ("ANGGT", "anggota"), ("Agt. KPPS 6", "anggota"), ("KETUA", "ketua"), ("Agustina", None),
    ("Agt/Ketua", None),
])
def test_anggota_written_short(jabatan, peran):
    from kpps_xl.roster.values import parse_role

    assert parse_role(jabatan)[0] == peran


@pytest.mark.parametrize(("text", "date"), [
    ("Sabtu, 12 Mei 1990", dt.date(1990, 5, 12)), ("Jum'at, 1 Maret 1991", dt.date(1991, 3, 1)),
    ("Minggu 3 Juni 1990", dt.date(1990, 6, 3)), ("Saturday, 12-May-1990", dt.date(1990, 5, 12)),
    ("Sabtu", None), ("Kamisah, 12 Mei 1990", None),
])
def test_a_long_date_with_its_weekday(text, date):
    from kpps_xl.roster.values import parse_date

    assert parse_date(text) == date


@pytest.mark.parametrize(("cell", "tps"), [("1671071005001", "001"), ("1671071005012", "012"),
                                           ("TPS 003", "003"), ("16710710050011", "16710710050011")])
def test_a_sirekap_tps_code_is_its_tps_number(cell, tps):
    from kpps_xl.roster.values import parse_tps

    assert parse_tps(cell) == tps


@pytest.mark.parametrize(("header", "field"), [
    ("Full Name", "nama"), ("ID Number", "nik"), ("Date of Birth", "tanggal_lahir"),
    ("Place of Birth", "tempat_lahir"), ("Position", "jabatan"), ("Polling Station", "tps"),
    ("Village", "kelurahan"), ("District", "kecamatan"), ("Phone Number", "no_hp"),
    ("nama_lengkap", "nama"), ("nkk", "no_kk"), ("kode_tps", "tps"),
    ("STATUS", "keterangan"), ("Status Petugas", "keterangan"),
    # the standing of something else, or the person's health: no status, no JKN
    ("Status Kesehatan", None), ("Status Perkawinan", None), ("Riwayat Kesehatan", None),
    ("Kepesertaan BPJS Kesehatan", "status_jkn"), ("BPJS Kes", "status_jkn"),
])
def test_english_snake_case_and_status_labels(header, field):
    from kpps_xl.roster.aliases import field_for

    assert field_for(header) == field
