"""End to end: the generated sample rosters are read and every planted problem found, nothing else."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from kpps_xl.api import check
from kpps_xl.samples import write_samples
from kpps_xl.settings import Settings


@pytest.fixture(scope="module")
def samples(tmp_path_factory) -> tuple[Path, dict]:
    outdir = tmp_path_factory.mktemp("contoh")
    write_samples(outdir)
    return outdir, json.loads((outdir / "expected.json").read_text(encoding="utf-8"))


def _settings(doc: dict) -> Settings:
    conf = doc["settings"]
    return Settings(reference_date=dt.date.fromisoformat(conf["reference_date"]),
                    region_code=conf["region_code"], team_size=conf["team_size"])


def _found(report) -> set[tuple]:
    return {(Path(f.file).name, f.code, f.sheet, f.row, f.column) for f in report.findings}


def _expected(doc: dict, name: str) -> set[tuple]:
    return {(name, e["code"], e["sheet"], e["row"], e["column"]) for e in doc["files"][name]}


@pytest.mark.parametrize("name", ["kpps_bersih.xlsx", "kpps_bersih.csv", "kpps_cacat.xlsx",
                                  "kpps_cacat_2.xlsx"])
def test_each_sample_gives_exactly_its_planted_findings(samples, name):
    outdir, doc = samples
    report = check(outdir / name, _settings(doc))
    assert _found(report) == _expected(doc, name)


def test_clean_sample_rows_are_all_read(samples):
    outdir, doc = samples
    report = check(outdir / "kpps_bersih.xlsx", _settings(doc))
    assert report.rows == 84 and report.errors == 0 and report.warnings == 0


def test_both_defect_files_together_add_the_cross_file_duplicate(samples):
    outdir, doc = samples
    names = doc["together"]["files"]
    report = check([outdir / n for n in names], _settings(doc))
    expected = set().union(*(_expected(doc, n) for n in names)) | {
        (e["file"], e["code"], e["sheet"], e["row"], e["column"])
        for e in doc["together"]["extra_findings"]}
    assert _found(report) == expected
    cross = [f for f in report.findings if f.code == "dup.nik" and f.sheet == "KEC AIR RAMI"]
    assert Path(cross[0].related[0].file).name == "kpps_cacat.xlsx"


def test_committed_samples_match_what_the_checker_expects():
    root = Path(__file__).resolve().parents[1] / "samples"
    doc = json.loads((root / "expected.json").read_text(encoding="utf-8"))
    report = check(root / "kpps_cacat.xlsx", _settings(doc))
    assert _found(report) == _expected(doc, "kpps_cacat.xlsx")


@pytest.mark.parametrize("suffix", ["xls", "ods"])
def test_legacy_xls_and_ods_copies_give_the_same_findings_as_the_xlsx(suffix):
    root = Path(__file__).resolve().parents[1]
    doc = json.loads((root / "samples" / "expected.json").read_text(encoding="utf-8"))
    original = check(root / "samples" / "kpps_cacat.xlsx", _settings(doc))
    converted = check(root / "tests" / "fixtures" / f"kpps_cacat.{suffix}", _settings(doc))
    assert converted.rows == original.rows
    assert {(f.code, f.sheet, f.row, f.column) for f in converted.findings} == {
        (f.code, f.sheet, f.row, f.column) for f in original.findings}
