"""The quick fuzz set: hostile mutations of the samples, each checked end to end in seconds.

Every case must end with exit 0, 1 or 2 (never a traceback), show no unmasked NIK on the console
or in the JUnit XML, write no formula made from cell text, and leave the input unchanged.
benchmarks/fuzz.py runs the big set (hundreds of cases) in capped subprocesses.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from clirun import invoke
from fuzzlib import BASES, SAMPLES, Case, formulas, generate, injected

QUICK = (
    "flip_cacat_0.xlsx", "flip_cacat_1.xlsx", "flip_csv_0.csv", "flip_ods_0.ods", "flip_xls_0.xls",
    "trunc_cacat_1.xlsx", "trunc_xls_0.xls", "part_cut_docProps_app_xml.xlsx",
    "part_rand_docProps_core_xml.xlsx", "part_rand_xl_theme_theme1_xml.xlsx",
    "type_neg_date.xlsx", "type_nik_sci.xlsx", "type_sst_index.xlsx", "type_str_formula.xlsx",
    "type_huge_date.xlsx", "type_bad_style.xlsx", "type_rich_text.xlsx",
    "text_ctrl_name.xlsx", "text_ctrl_nik.xlsx", "text_markup.xlsx", "text_pipe_place.xlsx",
    "text_long_cell.xlsx", "text_many_words.xlsx", "text_nik_in_phone.xlsx", "text_nik_in_sex.xlsx",
    "text_nik_in_dob.xlsx", "text_nik_spaced_phone.xlsx", "inject_0.xlsx", "inject_2.xlsx",
    "inject_5.xlsx", "far_zzz99999.xlsx", "far_a1048576.xlsx", "merge_b5c.xlsx", "merge_all.xlsx",
    "bomb_sst_small.xlsx", "bomb_newlines.xlsx", "csv_cr_only.csv", "csv_utf16_bom.csv",
    "csv_nul_bytes.csv", "csv_long_field.csv", "csv_bare_cr_field.csv", "csv_inject.csv",
    "ods_repeat_rows.ods", "ods_repeat_huge.ods",
)
_NIK_RUN = re.compile(r"\d{16}")


def _cases() -> list[Case]:
    found = {case.name: case for case in generate(big=False) if case.name in QUICK}
    assert set(found) == set(QUICK), set(QUICK) - set(found)
    return [found[name] for name in QUICK]


def _check(source: Path, work: Path) -> tuple[int, str]:
    junit = work / "j.xml"
    result = invoke(["check", str(source), "--report", str(work / "r.json"), "--junit", str(junit),
                     "--annotate", str(work / "a.xlsx")])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    text = result.output + (junit.read_text("utf-8") if junit.exists() else "")
    return result.exit_code, text


@pytest.mark.parametrize("case", _cases(), ids=lambda c: c.name)
def test_hostile_input_ends_cleanly(tmp_path, case):
    source = tmp_path / case.name
    source.write_bytes(case.data)
    before = hashlib.sha256(case.data).hexdigest()
    code, text = _check(source, tmp_path)
    assert code in (0, 1, 2), text
    assert "Traceback" not in text
    assert not _NIK_RUN.search(text), "unmasked NIK on the console or in JUnit"
    annotated = tmp_path / "a.xlsx"
    if annotated.exists():
        try:
            own = set(formulas(source))
        except Exception:  # noqa: BLE001 - a damaged input has no formulas of its own
            own = set()
        assert [f for f in injected(annotated) if f not in own] == []
    assert hashlib.sha256(source.read_bytes()).hexdigest() == before


@pytest.mark.parametrize("name", ["kpps_cacat.xlsx", "kpps_cacat_2.xlsx", "kpps_bersih.xlsx",
                                  "kpps_bersih.csv"])
def test_samples_show_no_unmasked_nik(tmp_path, name):
    code, text = _check(SAMPLES / name, tmp_path)
    assert code in (0, 1)
    assert not _NIK_RUN.search(text)


def test_legacy_fixtures_show_no_unmasked_nik(tmp_path):
    for path in (BASES["ods"], BASES["xls"]):
        code, text = _check(path, tmp_path)
        assert code in (0, 1) and not _NIK_RUN.search(text), path.name
