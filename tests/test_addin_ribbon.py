"""ribbon.js finds roster sheets the way Python does: same NIK aliases, same 60 scanned rows."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

from kpps_xl.roster.aliases import ALIASES, field_for
from kpps_xl.roster.header import SCAN_ROWS

RIBBON = Path(__file__).resolve().parents[1] / "addin" / "static" / "js" / "ribbon.js"
HEADERS = ["NIK", "Nomor Induk Kependudukan", "N I K", "N.I.K", "NIK KTP-el", "No. NIK",
           "NIK (16 digit)", "NIK / No. KTP", "No KTP", "nik ktp el", "NIK KK", "No. KK",
           "Nama", "Nomor", "NIKAH", "No. Induk Kependudukan (sesuai KTP)", "(NIK)", "NIK KK Lama"]


def js_list(name: str) -> list[str]:
    match = re.search(rf"const {name} = \[(.*?)\];", RIBBON.read_text(), re.DOTALL)
    assert match, name
    return json.loads("[" + match.group(1).rstrip().rstrip(",") + "]")


def run_ribbon(expression: str) -> object:
    """Evaluate an expression after loading ribbon.js under node with a stub Office object."""
    node = shutil.which("node") or shutil.which("nodejs")
    assert node, "node is needed to run addin/static/js/ribbon.js"
    source = f"require('fs').readFileSync({json.dumps(str(RIBBON))}, 'utf8')"
    script = ("globalThis.Office = {actions: {associate() {}}};"
              f"require('vm').runInThisContext({source});"
              f"process.stdout.write(JSON.stringify({expression}));")
    out = subprocess.run([node, "-e", script], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def test_ribbon_js_nik_aliases_equal_python_aliases():
    nik = [alias for alias, name in ALIASES.items() if name == "nik"]
    assert sorted(js_list("KPPS_NIK_ALIASES")) == sorted(nik)
    starts_with_nik = [alias for alias, name in ALIASES.items() if name != "nik" and any(
        " ".join(alias.split()[:k]) in nik for k in range(1, len(alias.split())))]
    assert sorted(js_list("KPPS_NOT_NIK_ALIASES")) == sorted(starts_with_nik)


def test_ribbon_js_accepts_every_nik_header_python_accepts():
    found = run_ribbon(f"{json.dumps(HEADERS)}.map(kppsIsNikHeader)")
    assert dict(zip(HEADERS, found, strict=True)) == {h: field_for(h) == "nik" for h in HEADERS}
    assert found[HEADERS.index("NIK KTP-el")] and found[HEADERS.index("NIK / No. KTP")]


def test_ribbon_js_scans_60_rows_like_python_for_a_header_below_a_long_title_block():
    assert re.search(r'KPPS_HEADER_ROWS = "A1:[A-Z]+(\d+)"', RIBBON.read_text()).group(1) == str(
        SCAN_ROWS)
    rows = [["DAFTAR ANGGOTA KPPS"]] * 44 + [["No", "Nama Lengkap", "No. NIK"]]
    assert run_ribbon(f"kppsLooksLikeRoster({json.dumps(rows)})") is True
    assert run_ribbon('kppsLooksLikeRoster([["Nama", "NIK KK"]])') is False
