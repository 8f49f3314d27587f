"""Scenarios on layouts nobody showed us: exact findings, clean teams, annotated copy = original."""

from __future__ import annotations

from pathlib import Path

import pytest
from layouts import flat_export, indonesian_csv, per_desa_workbook, regency_file

from kpps_xl.api import check
from kpps_xl.errors import KppsError
from kpps_xl.roster import load_roster
from kpps_xl.settings import Settings
from kpps_xl.workbook import annotate


def found(path: Path | list[Path], settings: Settings | None = None) -> list[tuple[str, str, int]]:
    report = check(path, settings or Settings())
    return sorted((f.code, f.sheet or "", f.row or 0) for f in report.findings)


def findings_without_file(path: Path) -> list[dict]:
    doc = check(path, Settings()).to_dict()
    return [{**f, "file": None, "related": [{**r, "file": None} for r in f["related"]]}
            for f in doc["findings"]]


@pytest.mark.parametrize("engine", ["auto", "openpyxl"])
@pytest.mark.parametrize("build", [flat_export, per_desa_workbook], ids=["flat", "per_desa"])
def test_annotated_copy_checks_exactly_like_the_original(tmp_path, build, engine):
    source = tmp_path / "daftar.xlsx"
    build(source)
    copy = annotate(source, check(source, Settings()), tmp_path / "hasil" / "daftar-diperiksa.xlsx",
                    engine=engine)
    assert findings_without_file(copy) == findings_without_file(source)


def test_flat_kabupaten_export_gives_exactly_the_planted_findings(tmp_path):
    source = tmp_path / "siakba.xlsx"
    planted = flat_export(source)
    assert found(source) == planted
    assert {code for code, _, _ in planted} == {"domicile.outside", "row.inactive", "nik.format"}


def test_flat_export_reads_placement_not_domicile_and_counts_serving_officers(tmp_path):
    source = tmp_path / "siakba.xlsx"
    flat_export(source)
    df = load_roster(source).df
    kpps = df[(df["badan"] == "KPPS") & df["aktif"]]
    # 4 teams of 7 serving officers; the two who left are in the frame but not counted
    assert sorted(kpps.groupby("tps_key").size().tolist()) == [7, 7, 7, 7]
    assert int((~df["aktif"]).sum()) == 2
    assert set(df.loc[~df["aktif"], "alasan_nonaktif"]) == {"mengundurkan diri", "diganti (PAW)"}
    # the domicile columns stand before the placement ones and never feed the TPS key
    assert set(df["kecamatan_domisili"].dropna()) == {"IPUH"}
    assert "AIR BULUH" not in set(df["kelurahan"].dropna())
    assert set(df["kabkota"]) == {"KABUPATEN MUKOMUKO"}
    # the hidden rows and the second pasted block (Nama before NIK) are read as data
    assert df["nama"].str.startswith("Petugas Nomor").all()
    assert df["nik"].str.len().isin([15, 16]).all()


def test_findings_quote_places_as_typed(tmp_path):
    source = tmp_path / "siakba.xlsx"
    flat_export(source)
    df = load_roster(source).df
    assert {"PASAR  IPUH", "Kel. Pasar Ipuh", "Pasar Ipuh"} <= set(df["kelurahan"])
    report = check(source, Settings())
    outside = next(f for f in report.findings if f.code == "domicile.outside")
    assert outside.value == "AIR BULUH" and outside.column == "G"
    assert "TPS 001" in outside.message


def test_per_desa_workbook_with_merged_tps_and_title_kecamatan(tmp_path):
    source = tmp_path / "pps.xlsx"
    planted = per_desa_workbook(source)
    assert found(source) == planted and [c for c, _, _ in planted] == ["row.inactive"]
    df = load_roster(source).df
    assert set(df["kecamatan"]) == {"LUBUK PINANG"}
    assert set(df["kelurahan"]) == {"ARAH TIGA", "LUBUK GEDANG"}
    kpps = df[(df["badan"] == "KPPS") & df["aktif"]]
    assert kpps.groupby("tps_key").size().tolist() == [7, 7, 7]
    assert (df["badan"] == "Linmas").sum() == 6


def test_struck_through_officer_is_not_counted_in_the_budget(tmp_path):
    from kpps_xl.budget import compute_budget

    source = tmp_path / "pps.xlsx"
    per_desa_workbook(source)
    budget = compute_budget(load_roster(source), Settings())
    kpps = sum(line.count for line in budget.lines if line.body == "KPPS" and line.scheme != "JKN")
    assert kpps == 21


def test_csv_from_an_indonesian_locale_excel(tmp_path):
    source = tmp_path / "ppk_sukaraja.csv"
    planted = indonesian_csv(source)
    assert found(source) == planted
    assert len(planted) == 2
    df = load_roster(source).df
    assert df["alamat"].str.contains("\r\n").all() and df["alamat"].str.contains("Désa").all()
    assert df.groupby("tps_key").size().tolist() == [7, 7, 7]
    assert df["_row"].tolist() == list(range(2, 23))


def test_a_csv_cannot_be_annotated_and_says_so(tmp_path):
    source = tmp_path / "ppk.csv"
    indonesian_csv(source)
    with pytest.raises(KppsError):
        annotate(source, check(source, Settings()), tmp_path / "ppk-diperiksa.xlsx")


@pytest.mark.parametrize("how", ["none", "title", "column"])
def test_two_regencies_with_the_same_place_names_never_share_a_tps(tmp_path, how):
    a, b = tmp_path / "kab_a.xlsx", tmp_path / "kab_b.xlsx"
    regency_file(a, "SELUMA", "170501", how)
    regency_file(b, "KAUR", "170401", how)
    assert found([a, b]) == []
    df = load_roster([a, b]).df
    assert df.groupby("tps_key").size().tolist() == [7, 7]


def test_a_pasted_block_has_only_its_own_columns(tmp_path):
    source = tmp_path / "siakba.xlsx"
    flat_export(source)
    roster = load_roster(source)
    info = roster.sheets[0]
    start = info.blocks[0][0]  # the second header's Excel row
    first_block = roster.df["_row"] < start
    assert first_block.sum() == 27 and (~first_block).sum() == 9
    has_domicile = roster.has_field("kelurahan_domisili")
    assert has_domicile[first_block].all() and not has_domicile[~first_block].any()
    assert info.letters_at(start - 1)["nik"] == "B" and info.letters_at(start + 1)["nik"] == "C"
