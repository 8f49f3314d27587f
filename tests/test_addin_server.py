"""The xlwings-server app with XLWINGS_PROJECT_DIR=addin: scripts, KPPS.* functions, manifest."""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from addin_app import fresh_app
from fastapi.testclient import TestClient
from openpyxl import Workbook, load_workbook

from kpps_xl.excel.demo import roster_rows
from kpps_xl.excel.payload import payload_from_sheets, payload_from_xlsx
from kpps_xl.excel.replay import fill_of, link_of, replay
from kpps_xl.excel.security import Policy

ADDIN = Path(__file__).resolve().parents[1] / "src" / "kpps_xl" / "addin"
NS = {"o": "http://schemas.microsoft.com/office/appforoffice/1.1",
      "bt": "http://schemas.microsoft.com/office/officeappbasictypes/1.0",
      "v": "http://schemas.microsoft.com/office/taskpaneappversionoverrides"}
SHEET = "KEC KOTA"
FUNCTIONS = {"USIA", "CEK_NIK", "NIK_TGL_LAHIR", "IURAN"}


@pytest.fixture(scope="module")
def client():
    patch = pytest.MonkeyPatch()
    app = fresh_app(Policy(), patch)
    with TestClient(app, base_url="https://127.0.0.1:8000") as test_client:
        yield test_client
    patch.undo()


def call_udf(client, name: str, *args):
    body = {"func_name": name, "args": [[[a]] if not isinstance(a, list) else a for a in args],
            "caller_address": "[Buku1.xlsx]Sheet1!B2", "session_id": "t", "runtime": "1.4",
            "version": "x", "client": "Office.js", "culture_info_name": "id-ID",
            "date_format": "dd/MM/yyyy"}
    response = client.post("/xlwings/custom-functions-call", json=body)
    assert response.status_code == 200, response.text
    return response.json()["result"]


def test_scripts_meta_lists_the_four_ribbon_scripts_with_indonesian_help(client):
    meta = client.get("/xlwings/custom-scripts-meta").json()
    by_name = {m["function_name"]: m for m in meta}
    assert set(by_name) == {"periksa_roster", "hapus_tanda", "hitung_anggaran", "buat_surat"}
    assert "Temuan" in by_name["periksa_roster"]["description"]
    assert "Anggaran" in by_name["hitung_anggaran"]["description"]


def test_posting_a_roster_payload_marks_cells_and_links_temuan(client, tmp_path):
    rows, planted = roster_rows(140, problems_every=10)
    path = tmp_path / "roster.xlsx"
    wb = Workbook()
    wb.active.title = SHEET
    for r in rows:
        wb.active.append(r)
    wb.save(path)
    response = client.post("/xlwings/custom-scripts-call/periksa_roster",
                           json=payload_from_xlsx(path))
    assert response.status_code == 200, response.text
    actions = response.json()["actions"]
    wb = load_workbook(path)
    replay(wb, actions)
    bad = planted.rows["nik_short"][0]
    assert fill_of(wb[SHEET], f"C{bad}") == "FFC7CE"
    links = [link_of(c.value) for c in wb["Temuan"]["E"][1:]]
    assert (SHEET, f"C{bad}", f"C{bad}") in links
    wb.save(path)
    undo = client.post("/xlwings/custom-scripts-call/hapus_tanda", json=payload_from_xlsx(path))
    replay(wb, undo.json()["actions"])
    assert "Temuan" not in wb.sheetnames and fill_of(wb[SHEET], f"C{bad}") is None


def test_script_refusal_argument_from_ribbon_js_reaches_python(client):
    payload = payload_from_sheets({SHEET: [[]]})
    payload["args"] = ['[{"sheet": "KEC KOTA", "mb": 7.2}]']
    response = client.post("/xlwings/custom-scripts-call/periksa_roster", json=payload)
    assert response.status_code == 200, response.text
    (action,) = response.json()["actions"]
    assert action["func"] == "alert" and "7,2 MB" in action["args"][0]


def test_functions_meta_lists_every_kpps_function_with_help(client):
    meta = client.get("/xlwings/custom-functions-meta").json()
    by_id = {f["id"]: f for f in meta["functions"]}
    assert set(by_id) >= FUNCTIONS
    for f in by_id.values():
        assert f["description"] and all(p["description"] for p in f["parameters"])
    assert [p["name"] for p in by_id["IURAN"]["parameters"]] == ["skema", "honor", "bulan"]
    assert by_id["IURAN"]["parameters"][2].get("optional") is True
    code = client.get("/xlwings/custom-functions-code").text
    for name in FUNCTIONS:
        assert f'CustomFunctions.associate("{name}"' in code


def test_usia_and_iuran_answer_correctly(client):
    assert call_udf(client, "usia", "14-02-1990") == [[34]]
    assert call_udf(client, "usia", [["15-02-2006"], ["14-02-2007"], [None]]) == [[17], [17], [""]]
    assert call_udf(client, "iuran", "BPU", 1_500_000, 3) == [[50_400]]
    assert call_udf(client, "iuran", "PPU", 1_000_000, None) == [[5_400]]
    assert call_udf(client, "cek_nik", "1706014101900001") == [["OK"]]
    assert "16 digit" in call_udf(client, "cek_nik", "170601410190")[0][0]
    assert call_udf(client, "nik_tgl_lahir", "1706014101900001") != [[""]]


def test_manifest_has_kpps_tab_four_buttons_and_every_resid_defined(client):
    text = client.get("/manifest.xml").text
    root = ET.fromstring(text.encode())
    defined = {e.get("id") for e in root.iter() if e.tag.split("}")[1] in ("Image", "Url", "String")
               and e.get("id")}
    used = {e.get("resid") for e in root.iter() if e.get("resid")}
    assert used <= defined, used - defined
    labels = {e.get("id"): e.get("DefaultValue") for e in root.iter() if e.get("DefaultValue")}
    assert labels["KppsTab.Label"] == "KPPS"
    assert labels["Functions.Namespace"] == "KPPS"
    buttons = root.findall(".//v:Control", NS)
    assert [labels[b.find("v:Label", NS).get("resid")] for b in buttons] == [
        "Periksa Data", "Hapus Tanda", "Hitung Anggaran", "Buat Surat"]
    ribbon = client.get("/static/js/ribbon.js").text
    associated = set(re.findall(r'Office\.actions\.associate\("([^"]+)"', ribbon))
    names = {b.find(".//v:FunctionName", NS).text for b in buttons}
    assert names == associated
    for url in (v for k, v in labels.items() if k and k.startswith("Icon.")):
        path = url.split("/static/", 1)[1]
        assert (ADDIN / "static" / path).read_bytes().startswith(b"\x89PNG")
        assert client.get("/static/" + path).status_code == 200


def test_ribbon_js_runs_existing_scripts_and_limits_sheets(client):
    ribbon = client.get("/static/js/ribbon.js").text
    scripts = set(re.findall(r'kppsRun\(event, "([a-z_]+)"', ribbon))
    meta = {m["function_name"] for m in client.get("/xlwings/custom-scripts-meta").json()}
    assert scripts == meta
    assert "exclude:" in ribbon and "include:" not in ribbon and "OfficeOnline" in ribbon


def test_server_settings_come_from_the_addin_folder():
    assert os.environ.get("XLWINGS_PROJECT_DIR", str(ADDIN))
    text = (ADDIN / "pyproject.toml").read_text()
    assert 'functions_namespace = "KPPS"' in text


@pytest.mark.parametrize("empty", [None, 0])
def test_functions_over_http_treat_desktop_0_and_web_null_as_empty(client, empty):
    assert call_udf(client, "usia", [[empty]]) == [[""]]
    assert call_udf(client, "cek_nik", [[empty]]) == [[""]]
    assert call_udf(client, "nik_tgl_lahir", [[empty]]) == [[""]]
    assert call_udf(client, "iuran", "PPU", [[empty]], 3) == [[""]]
    assert call_udf(client, "iuran", "PPU", 1_000_000, [[empty]]) == [[5_400]]


def test_task_pane_page_is_indonesian_and_loads_its_script(client):
    page = client.get("/taskpane.html")
    assert page.status_code == 200
    text = page.text
    assert "Pemeriksaan terakhir" in text and "Pengaturan buku kerja ini" in text
    assert "/static/js/taskpane.js" in text and client.get("/static/js/taskpane.js").status_code == 200
