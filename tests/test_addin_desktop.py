"""Desktop add-in checked statically: ribbon XML, VBA text, Python entry points, .xlam zip."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

from openpyxl import Workbook

from kpps_xl.excel import desktop
from kpps_xl.excel.xlam import PART, image_ids, inject_ribbon

ROOT = Path(__file__).resolve().parents[1]
CUSTOMUI = ROOT / "src" / "kpps_xl" / "addin" / "customUI14.xml"
BAS = ROOT / "macros" / "kpps.bas"
ICONS = ROOT / "src" / "kpps_xl" / "addin" / "static" / "images" / "icons"
NS = "{http://schemas.microsoft.com/office/2009/07/customui}"


def ribbon_buttons() -> list[ET.Element]:
    return list(ET.parse(CUSTOMUI).getroot().iter(f"{NS}button"))


def ribbon_subs() -> set[str]:
    return set(re.findall(r"^Public Sub (\w+)\(control As IRibbonControl\)", BAS.read_text(),
                          re.MULTILINE))


FOUR = ["Periksa Data", "Hapus Tanda", "Hitung Anggaran", "Buat Surat"]


def test_ribbon_xml_has_kpps_tab_with_local_and_server_groups_of_four_buttons():
    root = ET.parse(CUSTOMUI).getroot()
    (tab,) = root.iter(f"{NS}tab")
    assert tab.get("label") == "KPPS"
    groups = {g.get("label"): [b.get("label") for b in g.iter(f"{NS}button")]
              for g in root.iter(f"{NS}group")}
    assert groups == {"Python di komputer ini": FOUR, "Lewat server": FOUR}


def test_every_on_action_is_a_ribbon_sub_in_the_bas_file():
    subs = ribbon_subs()
    assert subs == {"OnKpps", "OnKppsServer"}
    assert {b.get("onAction") for b in ribbon_buttons()} == subs


def test_every_tag_names_a_python_entry_point_or_a_server_script():
    import os

    os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")
    from kpps_xl.excel import server_scripts

    local = [b.get("tag") for b in ribbon_buttons() if b.get("onAction") == "OnKpps"]
    served = [b.get("tag") for b in ribbon_buttons() if b.get("onAction") == "OnKppsServer"]
    assert local == list(desktop.ENTRY_POINTS) == served
    for tag in local:
        assert callable(getattr(desktop, tag))
        assert getattr(server_scripts, tag).__xlscript__  # registered with xlwings.server


def test_bas_calls_runpython_with_the_tag_and_has_the_mark_macro():
    text = BAS.read_text()
    assert text.startswith('Attribute VB_Name = "KppsRibbon"')
    assert '"import " & KPPS_MODULE & " as d; d." & control.Tag & "()"' in text
    assert 'KPPS_MODULE As String = "kpps_xl.excel.desktop"' in text
    assert "Public Sub KppsTandai(wb As Workbook, SheetName As String" in text
    assert "32767" in text
    assert "'xlwings.xlam'!RunServerPython\", Url & \"/xlwings/custom-scripts-call/\"" in text
    assert "RunRemotePython" not in text.replace("RunRemotePython is deprecated", "")


def test_every_ribbon_image_has_an_icon_file():
    for image in image_ids(CUSTOMUI.read_text()):
        assert (ICONS / f"{image}-32.png").read_bytes().startswith(b"\x89PNG")


def test_inject_ribbon_builds_a_zip_excel_can_read(tmp_path):
    plain = tmp_path / "plain.xlsx"
    Workbook().save(plain)
    out = tmp_path / "kpps-xl.xlsx"
    ids = inject_ribbon(plain, out, CUSTOMUI, ICONS)
    with zipfile.ZipFile(out) as z:
        names = set(z.namelist())
        assert PART in names and all(f"customUI/images/{i}.png" in names for i in ids)
        root_rels = z.read("_rels/.rels").decode()
        assert "ui/extensibility" in root_rels and 'Target="customUI/customUI14.xml"' in root_rels
        assert 'Extension="png"' in z.read("[Content_Types].xml").decode()
        rels = ET.fromstring(z.read("customUI/_rels/customUI14.xml.rels"))
        assert {r.get("Id") for r in rels} == set(ids)
        ET.fromstring(z.read(PART))
    from openpyxl import load_workbook

    load_workbook(out)  # still a valid workbook package


def test_desktop_scripts_read_kpps_xl_toml_next_to_the_workbook(tmp_path, monkeypatch):
    from kpps_xl.excel import book as xb

    folder = tmp_path / "kantor"
    folder.mkdir()
    (folder / "kpps-xl.toml").write_text('[pemeriksaan]\ntanggal_acuan = "2024-11-27"\n',
                                         encoding="utf-8")
    elsewhere = tmp_path / "lain"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # RunPython leaves the working directory where Excel started
    monkeypatch.delenv(xb.SETTINGS_ENV, raising=False)

    class DesktopBook:  # what xw.Book.caller() gives on Windows: a COM book with a fullname
        api = object()
        fullname = str(folder / "daftar.xlsx")
        sheets = ()

    assert xb.settings_path(DesktopBook()) == folder / "kpps-xl.toml"
    assert str(xb.excel_settings(DesktopBook()).reference_date) == "2024-11-27"
    monkeypatch.setenv(xb.SETTINGS_ENV, str(tmp_path / "x.toml"))
    assert xb.settings_path(DesktopBook()) == tmp_path / "x.toml"  # explicit setting wins
