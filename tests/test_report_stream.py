"""The streamed JSON report is byte-identical to json.dumps(report.to_dict()) on every sample."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from kpps_xl.api import check
from kpps_xl.findings import Finding, Ref, Report
from kpps_xl.report_json import report_chunks, write_report
from kpps_xl.samples import write_samples

FIXTURES = Path(__file__).parent / "fixtures"


def _reference(report: Report) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=1)


def _streamed(report: Report) -> str:
    out = io.StringIO()
    write_report(report, out)
    return out.getvalue()


@pytest.fixture(scope="module")
def sample_dir(tmp_path_factory) -> Path:
    outdir = tmp_path_factory.mktemp("contoh")
    write_samples(outdir)
    return outdir


@pytest.mark.parametrize("name", ["kpps_bersih.xlsx", "kpps_bersih.csv", "kpps_cacat.xlsx",
                                  "kpps_cacat_2.xlsx", "*"])
def test_streamed_report_of_sample_equals_dumped_dict(sample_dir, name):
    paths = [sample_dir] if name == "*" else [sample_dir / name]
    report = check(paths)
    assert report.findings or name in ("kpps_bersih.xlsx", "kpps_bersih.csv", "kpps_cacat_2.xlsx")
    assert _streamed(report) == _reference(report)


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.iterdir() if p.suffix != ".md"))
def test_streamed_report_of_legacy_fixture_equals_dumped_dict(name):
    report = check(FIXTURES / name)
    assert report.findings
    assert _streamed(report) == _reference(report)


def test_streamed_report_escapes_like_json_module_and_chunks_findings():
    awkward = 'kutip " garis \\ tab\t baris\nbaru é 中 \x01 \u2028'
    findings = [
        Finding(code="dup.nik", severity="error", message=f"{awkward} {i}", sheet=awkward,
                row=i, column="C", field="nik", value=None if i % 3 else awkward, tps="001",
                related=tuple(Ref(sheet=f"S{j}", row=j or None, file=None if j else awkward)
                              for j in range(i % 4)),
                file=None if i % 2 else "/data/kab.xlsx")
        for i in range(10_000)
    ]
    report = Report(findings=findings, rows=10_000, files=["/data/kab.xlsx", awkward],
                    reference_date="2024-02-14", version="9.9")
    chunks = list(report_chunks(report))
    assert len(chunks) > 3  # written piece by piece, not as one string
    assert "".join(chunks) == _reference(report)


def test_streamed_report_without_findings_equals_dumped_dict(tmp_path):
    report = Report(findings=[], rows=0, files=[], reference_date="2024-02-14")
    target = tmp_path / "r.json"
    write_report(report, target)
    assert target.read_text(encoding="utf-8") == _reference(report)
    assert json.loads(target.read_text(encoding="utf-8"))["findings"] == []


class _Section:
    def to_dict(self) -> dict:
        return {"per_kecamatan": [{"kecamatan": "Kota \"Lama\"", "jumlah": 3}], "catatan": None}


def test_streamed_report_keeps_sections_after_the_findings():
    finding = Finding(code="nik.format", severity="error", message="NIK salah", sheet="S1",
                      row=5, column="C", field="nik", value="12", tps=None)
    report = Report(findings=[finding], rows=1, files=[], reference_date="2024-02-14")
    report.follow_up = _Section()
    text = _streamed(report)
    assert text == _reference(report)
    assert list(json.loads(text))[-2:] == ["findings", "follow_up"]
