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
CUSTOMUI = ROOT / "addin" / "customUI14.xml"
BAS = ROOT / "macros" / "kpps.bas"
ICONS = ROOT / "addin" / "static" / "images" / "icons"
NS = "{http://schemas.microsoft.com/office/2009/07/customui}"


def ribbon_buttons() -> list[ET.Element]:
    return list(ET.parse(CUSTOMUI).getroot().iter(f"{NS}button"))


def ribbon_subs() -> set[str]:
    return set(re.findall(r"^Public Sub (\w+)\(control As IRibbonControl\)", BAS.read_text(),
                          re.MULTILINE))


def test_ribbon_xml_has_kpps_tab_with_the_four_buttons():
    root = ET.parse(CUSTOMUI).getroot()
    (tab,) = root.iter(f"{NS}tab")
    assert tab.get("label") == "KPPS"
    assert [b.get("label") for b in ribbon_buttons()] == [
        "Periksa Data", "Hapus Tanda", "Hitung Anggaran", "Buat Surat"]


def test_every_on_action_is_a_ribbon_sub_in_the_bas_file():
    subs = ribbon_subs()
    assert subs == {"OnKpps"}
    assert {b.get("onAction") for b in ribbon_buttons()} <= subs


def test_every_tag_names_a_python_entry_point():
    tags = [b.get("tag") for b in ribbon_buttons()]
    assert tags == list(desktop.ENTRY_POINTS)
    for tag in tags:
        assert callable(getattr(desktop, tag))


def test_bas_calls_runpython_with_the_tag_and_has_the_mark_macro():
    text = BAS.read_text()
    assert text.startswith('Attribute VB_Name = "KppsRibbon"')
    assert '"import " & KPPS_MODULE & " as d; d." & control.Tag & "()"' in text
    assert 'KPPS_MODULE As String = "kpps_xl.excel.desktop"' in text
    assert "Public Sub KppsTandai(wb As Workbook, SheetName As String" in text
    assert "32767" in text


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
