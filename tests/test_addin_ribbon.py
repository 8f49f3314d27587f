"""ribbon.js finds roster sheets the way Python does: same NIK aliases, same 60 scanned rows."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

from kpps_xl.roster.aliases import ALIASES, field_for
from kpps_xl.roster.header import SCAN_ROWS

RIBBON = Path(__file__).resolve().parents[1] / "src" / "kpps_xl" / "addin" / "static" / "js" / "ribbon.js"
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
    assert node, "node is needed to run src/kpps_xl/addin/static/js/ribbon.js"
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


CLIENT_JS = Path(sys.modules["xlwings_server"].__file__ if "xlwings_server" in sys.modules else
                 __import__("xlwings_server").__file__).parent / "static/js/custom-scripts/index.js"
ODD_NAMES = ["Kec. X, Desa A", "KEC B ", " KEC C", "Catatan", "Temuan", "A", "Rekap,2024"]


def client_sent(names: list[str], exclude: str) -> list[str]:
    """Sheets xlwings' Office.js client sends for this exclude string (its split-and-trim)."""
    excluded = {item.strip() for item in exclude.split(",")} if exclude else set()
    return [n for n in names if n not in excluded]


def test_xlwings_client_still_splits_exclude_on_commas_and_trims():
    text = CLIENT_JS.read_text()
    assert 'excludeArray = exclude.split(",").map((item) => item.trim());' in text


def test_send_plan_sends_every_wanted_sheet_whatever_its_name():
    wanted = ["Kec. X, Desa A", "KEC B ", " KEC C", "A", "Temuan"]
    plan = run_ribbon(f"kppsSendPlan({json.dumps(ODD_NAMES)}, {json.dumps(wanted)})")
    assert plan["lost"] == []
    sent = client_sent(ODD_NAMES, plan["exclude"])
    assert set(wanted) <= set(sent) and sent == plan["sent"]
    assert "Catatan" not in sent  # a plain-named other sheet is left out
    assert "Rekap,2024" in sent  # cannot be listed, so it travels (Python skips it, says so)


def test_send_plan_never_excludes_a_roster_named_like_a_piece_of_another_name():
    names = ["A", "A, B", "B", "C "]
    plan = run_ribbon(f'kppsSendPlan({json.dumps(names)}, ["A", "C "])')
    assert {"A", "C "} <= set(client_sent(names, plan["exclude"]))


def _survey_script(sheets: dict[str, list[list]], script: str) -> tuple[dict, list[str]]:
    """Run kppsRun under node with a fake Excel holding `sheets`; return runPython's options."""
    fake = {"sheets": [{"name": n, "head": (rows + [[]] * 60)[:60],
                        "rows": len(rows), "cols": max(len(r) for r in rows)}
                       for n, rows in sheets.items()]}
    expression = f"""(async () => {{
      const fake = {json.dumps(fake)};
      globalThis.Office = {{actions: {{associate() {{}}}}, context: {{diagnostics: {{platform: "PC"}}}},
                           PlatformType: {{OfficeOnline: "OfficeOnline"}}}};
      globalThis.Excel = {{run: async (f) => f({{sync: async () => {{}}, workbook: {{worksheets:
        {{load() {{ return {{items: fake.sheets.map((s) => ({{name: s.name,
          getRange() {{ return {{load() {{ return {{values: s.head}}; }}}}; }},
          getUsedRangeOrNullObject() {{ return {{load() {{ return {{isNullObject: false,
            rowCount: s.rows, columnCount: s.cols}}; }}}}; }}}}))}}; }}}}}}}})}};
      let options = null;
      globalThis.xlwings = {{runPython: async (o) => {{ options = o; }}}};
      await kppsRun({{completed() {{}}}}, "{script}", "Temuan", true);
      return options;
    }})()"""
    options = run_ribbon_async(expression)
    return options, client_sent(list(sheets), options["exclude"])


def run_ribbon_async(expression: str) -> object:
    node = shutil.which("node") or shutil.which("nodejs")
    source = f"require('fs').readFileSync({json.dumps(str(RIBBON))}, 'utf8')"
    script = (f"require('vm').runInThisContext({source});"
              f"Promise.resolve({expression}).then((v) => process.stdout.write(JSON.stringify(v)));")
    prelude = "globalThis.Office = {actions: {associate() {}}};"
    out = subprocess.run([node, "-e", prelude + script], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def test_periksa_checks_sheets_with_commas_and_edge_spaces_and_names_the_skipped(tmp_path):
    import os

    os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")
    from builders import HEADER, numbered, team

    from kpps_xl.excel import scripts
    from kpps_xl.excel._xlwings import load_xlwings
    from kpps_xl.excel.payload import payload_from_sheets

    def roster(tps: int, short: int) -> list[list]:
        people = numbered(team(tps))
        people[short][2] = people[short][2][:15]  # one NIK one digit short per sheet
        return [HEADER, *people]

    sheets = {"Kec. X, Desa A": roster(1, 2), "KEC B ": roster(2, 3), "Catatan": [["bebas"]],
              "Rekap, 2024": [["Jumlah", 14]]}
    options, sent = _survey_script(sheets, "periksa_roster")
    assert {"Kec. X, Desa A", "KEC B "} <= set(sent) and "Catatan" not in sent
    payload = payload_from_sheets({n: rows if n in sent else [] for n, rows in sheets.items()})
    book = load_xlwings().Book(json=payload)
    scripts.periksa_roster(book, *options["args"])
    actions = book.json()["actions"]
    table = next(a for a in actions if a["func"] == "setValues")["values"]
    short = {(r[3], r[5]) for r in table[1:] if r[2] == "nik.format"}
    assert short == {("'Kec. X, Desa A", 4), ("'KEC B ", 5)}
    message = actions[-1]["args"][0]
    assert "Lembar diperiksa: 'Kec. X, Desa A' (7 baris), 'KEC B ' (7 baris)." in message
    assert "'Catatan' (tidak ada judul kolom Nama dan NIK di 60 baris pertama)" in message
    assert "'Rekap, 2024' (tidak ditemukan baris judul kolom (Nama/NIK))" in message


TASKPANE = RIBBON.parent / "taskpane.js"


def run_taskpane(expression: str) -> object:
    node = shutil.which("node") or shutil.which("nodejs")
    source = f"require('fs').readFileSync({json.dumps(str(TASKPANE))}, 'utf8')"
    script = (f"require('vm').runInThisContext({source});"
              f"process.stdout.write(JSON.stringify({expression}));")
    out = subprocess.run([node, "-e", script], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def test_task_pane_counts_the_last_check_per_sheet_and_code_from_temuan():
    from kpps_xl.excel.temuan import HEADER

    rows = [HEADER,
            [1, "Galat", "nik.format", "'KEC A", "C5", 5, "001", "NIK ..."],
            [2, "Galat", "nik.format", "'KEC A", "C9", 9, "002", "NIK ..."],
            [3, "Peringatan", "phone.format", "'Kec. B, Desa <X>", "H4", 4, "", "..."],
            ["", "Info", "", "", "", "", "", "... dan 3 temuan lainnya"]]
    counts = run_taskpane(f"kppsCounts({json.dumps(rows)})")
    assert counts == {"bySheet": {"KEC A": {"nik.format": 2},
                                  "Kec. B, Desa <X>": {"phone.format": 1}},
                      "totals": {"Galat": 2, "Peringatan": 1, "Info": 0}}
    html = run_taskpane(f"kppsSummaryHtml(kppsCounts({json.dumps(rows)}))")
    assert "2 galat, 1 peringatan" in html and "&lt;X&gt;" in html and "<X>" not in html


def test_task_pane_buttons_match_the_ribbon_scripts():
    html = (RIBBON.parents[2] / "templates" / "taskpane.html").read_text()
    scripts = re.findall(r'data-script="([a-z_]+)"', html)
    assert scripts == re.findall(r'kppsRun\(event, "([a-z_]+)"', RIBBON.read_text())
    for key in ("tanggal_acuan", "kode_wilayah", "skema_bawaan"):
        assert f'name="{key}"' in html
