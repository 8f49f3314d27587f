"""Imports overlapped with reading, and what the reader leaves resident before a big parse."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from kpps_xl.meanwhile import imported_meanwhile
from kpps_xl.roster import limits

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "kpps_bersih.xlsx"


def _module(tmp_path, name: str, body: str = "VALUE = 42\n") -> str:
    (tmp_path / f"{name}.py").write_text(body, encoding="utf-8")
    return name


def test_the_module_is_imported_by_the_end_of_the_block(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(tmp_path))
    name = _module(tmp_path, "kpps_meanwhile_probe_a")
    monkeypatch.delitem(sys.modules, name, raising=False)
    with imported_meanwhile((name,)):
        pass
    assert sys.modules[name].VALUE == 42


def test_a_failing_import_is_left_to_the_callers_own_import(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(tmp_path))
    bad = _module(tmp_path, "kpps_meanwhile_probe_bad", "raise RuntimeError('rusak')\n")
    good = _module(tmp_path, "kpps_meanwhile_probe_b")
    for name in (bad, good):
        monkeypatch.delitem(sys.modules, name, raising=False)
    with imported_meanwhile((bad, good)):
        pass
    assert good in sys.modules and bad not in sys.modules
    with pytest.raises(RuntimeError, match="rusak"):
        __import__(bad)


def test_an_error_in_the_block_still_joins_the_thread(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(tmp_path))
    name = _module(tmp_path, "kpps_meanwhile_probe_c")
    monkeypatch.delitem(sys.modules, name, raising=False)
    with pytest.raises(KeyError), imported_meanwhile((name,)):
        raise KeyError("x")
    assert name in sys.modules


def test_the_check_entry_does_not_import_pandera_before_the_rules_run():
    """pandera is imported by the rules, so a million-row parse runs without it resident."""
    code = "import sys, kpps_xl.api, kpps_xl.cli; print('pandera' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_a_big_sheet_scan_hands_freed_memory_back_before_the_parse(tmp_path, monkeypatch):
    path = tmp_path / "b.xlsx"
    cells = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c><c r="B{r}"><v>1</v></c></row>'
                    for r in range(1, 6))
    sheet = f'<worksheet><sheetData>{cells}</sheetData></worksheet>'
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("xl/worksheets/sheet1.xml", sheet)
        zf.writestr("xl/worksheets/sheet2.xml", sheet.replace('<c r="B', '<c s="0" r="B'))
    calls: list[int] = []
    monkeypatch.setattr(limits, "release_freed_memory", lambda: calls.append(1))
    monkeypatch.setattr(limits, "TRIM_AFTER_SCAN", 10)
    found = limits.check_xlsx_sheets(path)
    assert [e.cells for _, e in found.values()] == [10, 10] and calls == [1, 1]
    monkeypatch.setattr(limits, "TRIM_AFTER_SCAN", 11)
    calls.clear()
    limits.check_xlsx_sheets(path)
    assert calls == []


def test_the_check_entry_and_the_reader_import_no_pandas():
    """pandas comes after the first sheet's parse (roster.read_file), not with the front doors."""
    code = ("import sys, kpps_xl.api, kpps_xl.cli, kpps_xl.roster, kpps_xl.roster.fast, "
            "kpps_xl.progress, kpps_xl.console, kpps_xl.outputs, kpps_xl.settings; "
            "print(sorted(m for m in ('pandas', 'pandera', 'openpyxl') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_a_big_file_is_parsed_before_pandas_is_imported():
    """With nothing imported beside the read (a file past MEANWHILE_MAX_BYTES), fastexcel's
    parse of the first sheet runs with pandas absent; the check still completes."""
    code = (
        "import sys\n"
        "import kpps_xl.api as api, kpps_xl.roster.fast as fast\n"
        "seen = []\n"
        "load = fast._load\n"
        "def probe(reader, name):\n"
        "    seen.append('pandas' in sys.modules)\n"
        "    return load(reader, name)\n"
        "fast._load = probe\n"
        "api.MEANWHILE_MAX_BYTES = 0\n"
        f"report = api.check({str(SAMPLE)!r})\n"
        "print(seen[0], report.rows > 0)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "True"]


def test_imports_run_beside_the_read_only_for_one_small_file(tmp_path, monkeypatch):
    import kpps_xl.api as api

    asked: list[tuple[str, ...]] = []

    def recording(modules):
        asked.append(tuple(modules))
        return imported_meanwhile(())

    monkeypatch.setattr(api, "imported_meanwhile", recording)
    small = SAMPLE
    api.check(small)
    monkeypatch.setattr(api, "MEANWHILE_MAX_BYTES", small.stat().st_size)
    api.check(small)
    folder = tmp_path / "dua"
    folder.mkdir()
    for name in ("a.xlsx", "b.xlsx"):
        (folder / name).write_bytes(small.read_bytes())
    monkeypatch.setattr(api, "MEANWHILE_MAX_BYTES", 1 << 30)
    api.check(folder)
    assert asked == [api.AFTER_PARSE_MODULES, (), ()]
