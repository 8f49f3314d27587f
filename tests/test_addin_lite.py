"""xlwings Lite's main.py under CPython with the payload harness: the same four scripts and
functions as the server, same bodies (Pyodide itself is not run here)."""

from __future__ import annotations

import copy
import importlib.util
import os
from pathlib import Path

import pytest

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")

from kpps_xl.excel import output, scripts  # noqa: E402
from kpps_xl.excel._xlwings import load_xlwings  # noqa: E402
from kpps_xl.excel.demo import roster_rows  # noqa: E402
from kpps_xl.excel.payload import payload_from_sheets  # noqa: E402

LITE = Path(__file__).resolve().parents[1] / "src" / "kpps_xl" / "addin" / "lite"
SAMPLES = Path(__file__).resolve().parents[1] / "samples"
xw = load_xlwings()
SCRIPTS = ("periksa_roster", "hapus_tanda", "hitung_anggaran", "buat_surat")


@pytest.fixture(scope="module")
def lite():
    spec = importlib.util.spec_from_file_location("kpps_lite_main", LITE / "main.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def actions_of(script, payload) -> list[dict]:
    book = xw.Book(json=copy.deepcopy(payload))
    script(book)
    return book.json()["actions"]


def test_main_exposes_the_four_scripts_with_indonesian_docstrings(lite):
    for name in SCRIPTS:
        script = getattr(lite, name)
        assert script.__doc__ and script.__doc__.split(":")[0] in (
            "Periksa Data", "Hapus Tanda", "Hitung Anggaran", "Buat Surat")
    for name in ("usia", "cek_nik", "nik_tgl_lahir", "iuran"):
        assert callable(getattr(lite, name))


@pytest.mark.parametrize("name", ["periksa_roster", "hitung_anggaran"])
def test_lite_scripts_give_the_same_actions_as_the_server_scripts(lite, name):
    rows, _ = roster_rows(70, problems_every=10)
    payload = payload_from_sheets({"KEC A": rows})
    assert actions_of(getattr(lite, name), payload) == actions_of(getattr(scripts, name), payload)


def test_lite_functions_answer_like_the_server(lite):
    assert lite.usia("14-02-1990") == 34
    assert lite.cek_nik([["1706014101900001"], [None], [0]]) == [["OK"], [""], [""]]
    assert lite.iuran("BPU", 1_500_000, 3) == 50_400


def test_lite_buat_surat_writes_in_memory_and_lists_files_without_dead_links(
        lite, tmp_path, monkeypatch):
    from openpyxl import load_workbook

    from kpps_xl.excel.payload import payload_from_xlsx
    from kpps_xl.excel.replay import replay

    monkeypatch.setattr(output, "is_lite", lambda: True)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("KPPS_XL_SETTINGS", str(SAMPLES / "kpps-xl.toml"))
    actions = actions_of(lite.buat_surat, payload_from_xlsx(SAMPLES / "kpps_bersih.xlsx"))
    written = sorted(p.name for p in (tmp_path / "surat-kpps").iterdir())
    assert written and all(n.endswith((".docx", ".xlsx")) for n in written)
    wb = load_workbook(SAMPLES / "kpps_bersih.xlsx")
    result = replay(wb, actions)
    rows = list(wb["Surat"].iter_rows(min_row=2, values_only=True))
    assert sorted(r[1] for r in rows) == written and all(not r[2] for r in rows)
    assert "xlwings Lite" in result.alerts[-1]


def test_requirements_name_the_package():
    lines = [line for line in (LITE / "requirements.txt").read_text().splitlines()
             if line and not line.startswith("#")]
    assert lines == ["kpps-xl==0.1.0"]
