"""Nothing from a cell is ever a formula, control characters never crash a writer, NIKs stay masked."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
from pathlib import Path

import openpyxl
import pytest
import python_calamine
from clirun import invoke
from fuzzlib import BASES, INJECTIONS, SAMPLES, formulas, inline_cell, set_cells

from kpps_xl.io_utils import (
    OutputKept,
    atomic_path,
    cell_text,
    remove_stale_temps,
    safe_text,
    set_text,
)

PAYLOAD_CELLS = {"B8": INJECTIONS[0], "B9": INJECTIONS[2], "B10": "@SUM(1+1)", "B11": "#REF!",
                 "B12": "Ana\x01\x02 Budi\x1b", "F13": "=1+1", "G14": "+62 812"}


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> dict[str, Path]:
    """A clean roster with formula payloads and control characters in names, jabatan and TPS,
    run through check --annotate (and --junit), budget and letters."""
    work = tmp_path_factory.mktemp("inject")
    source = work / "daftar.xlsx"
    source.write_bytes(set_cells(BASES["bersih"].read_bytes(),
                                 {ref: inline_cell(ref, text) for ref, text in PAYLOAD_CELLS.items()}))
    config = SAMPLES / "kpps-xl.toml"
    runs = {
        "check": ["check", str(source), "--annotate", str(work / "a.xlsx"),
                  "--junit", str(work / "j.xml")],
        "budget": ["budget", str(source), "-c", str(config), "-o", str(work / "b.xlsx"),
                   "--abaikan-galat"],
        "letters": ["letters", str(source), "-c", str(config), "-o", str(work / "surat"),
                    "--abaikan-galat"],
    }
    for name, args in runs.items():
        result = invoke(args)
        assert result.exit_code in (0, 1), (name, result.output)
        assert "Traceback" not in result.output
    written = {"annotated": work / "a.xlsx", "budget": work / "b.xlsx"}
    written.update({p.stem: p for p in (work / "surat").glob("*.xlsx")})
    assert any(name.startswith("lampiran") for name in written)
    return written


def _texts(path: Path) -> set[str]:
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    return {v for name in book.sheet_names
            for row in book.get_sheet_by_name(name).to_python() for v in row if isinstance(v, str)}


def test_no_payload_becomes_a_formula_in_any_output(outputs):
    for name, path in outputs.items():
        live = [f for f in formulas(path) if any(p.lstrip("=@+") in f for p in PAYLOAD_CELLS.values())]
        assert live == [], name
        book = openpyxl.load_workbook(path)
        for ws in book.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    if cell.value in PAYLOAD_CELLS.values():
                        assert cell.data_type == "s", (name, ws.title, cell.coordinate)


def test_payloads_are_kept_as_the_clerk_typed_them(outputs):
    annotated = _texts(outputs["annotated"])
    assert {INJECTIONS[0], INJECTIONS[2], "@SUM(1+1)", "#REF!"} <= annotated
    lampiran = set().union(*(_texts(p) for n, p in outputs.items() if n.startswith("lampiran")))
    assert INJECTIONS[0] in lampiran and "'" + INJECTIONS[0] not in lampiran
    assert "Ana Budi" in lampiran  # control characters dropped, the name kept


def test_set_text_forces_text_and_excels_quote_prefix():
    ws = openpyxl.Workbook().active
    cell = set_text(ws["A1"], "=HYPERLINK(\"x\")")
    assert (cell.value, cell.data_type, cell.quotePrefix) == ('=HYPERLINK("x")', "s", True)
    assert set_text(ws["A2"], "#N/A").data_type == "s"
    plain = set_text(ws["A3"], "Budi")
    assert (plain.data_type, plain.quotePrefix) == ("s", False)
    assert set_text(ws["A4"], "a\x00b\x1fc\ud800").value == "abc"
    assert len(cell_text("x" * 40_000)) == 32_767


def test_safe_text_for_live_excel_ranges():
    assert safe_text("=1+1") == "'=1+1" and safe_text("-5") == "'-5" and safe_text("\t=1") == "'\t=1"
    assert safe_text("Budi\x01") == "Budi" and safe_text(12) == 12 and safe_text(None) is None


def test_console_and_junit_never_show_a_full_nik(tmp_path):
    nik = "1706036503890001"
    data = set_cells(BASES["cacat"].read_bytes(), {
        "H8": inline_cell("H8", nik), "D9": inline_cell("D9", nik),
        "E10": inline_cell("E10", "Mukomuko, " + nik), "B11": inline_cell("B11", "[/red] " + nik)})
    source = tmp_path / f"{nik}.xlsx"
    source.write_bytes(data)
    junit = tmp_path / "j.xml"
    result = invoke(["check", str(source), "--junit", str(junit), "--report", str(tmp_path / "r.json")])
    assert result.exit_code == 1, result.output
    assert not re.search(r"\d{16}", result.output)
    assert not re.search(r"\d{16}", junit.read_text("utf-8"))
    assert nik in (tmp_path / "r.json").read_text("utf-8")  # the report file keeps values


# --- writes that survive a kill ---

_WRITER = """
import sys, time
from kpps_xl.io_utils import atomic_path
with atomic_path(sys.argv[1]) as tmp:
    tmp.write_bytes(b"partial 1706036503890001")
    print(tmp, flush=True)
    time.sleep(60)
"""


def test_a_write_killed_midway_leaves_the_old_output_and_the_next_run_removes_its_temp(tmp_path):
    target = tmp_path / "hasil.xlsx"
    target.write_bytes(b"previous")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1] / "src")}
    writer = subprocess.Popen([sys.executable, "-c", _WRITER, str(target)], stdout=subprocess.PIPE,
                              text=True, env=env)
    temp = Path(writer.stdout.readline().strip())
    assert temp.exists() and temp.parent == tmp_path
    assert temp.stat().st_mode & 0o077 == 0  # a half-written file is readable by its owner only
    writer.send_signal(signal.SIGKILL)
    writer.wait(10)
    writer.stdout.close()
    assert target.read_bytes() == b"previous" and temp.exists()
    with pytest.warns(OutputKept), atomic_path(target) as tmp:  # "previous" is kept, not lost
        tmp.write_bytes(b"new")
    assert target.read_bytes() == b"new"
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names[0] == "hasil (sebelumnya " + names[0][18:] and names[1:] == ["hasil.xlsx"]
    assert (tmp_path / names[0]).read_bytes() == b"previous"  # and no temp file left


def test_stale_temp_cleanup_keeps_live_writers_and_other_files(tmp_path):
    target = tmp_path / "hasil.xlsx"
    live = tmp_path / f".hasil.xlsx.kpps-{os.getppid()}-abc.xlsx"
    dead = tmp_path / ".hasil.xlsx.kpps-999999999-abc.xlsx"
    other = tmp_path / ".hasil.xlsx.bak"
    for path in (live, dead, other):
        path.write_bytes(b"x")
    assert remove_stale_temps(target) == [dead]
    assert live.exists() and other.exists() and not dead.exists()


def test_concurrent_writers_of_one_output_never_mix(tmp_path):
    target = tmp_path / "hasil.json"
    payloads = [bytes([65 + i]) * 200_000 for i in range(6)]

    def write(data: bytes) -> None:
        for _ in range(5):
            with atomic_path(target) as tmp:
                tmp.write_bytes(data)

    threads = [threading.Thread(target=write, args=(p,)) for p in payloads]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert target.read_bytes() in payloads
    assert [p.name for p in tmp_path.iterdir()] == ["hasil.json"]
