"""Build kpps-xl.xlam on Windows with Excel installed (cannot run on Linux).

Steps: Excel (COM, pywin32) creates a workbook, imports macros/kpps.bas into its VBA project
and saves it as an add-in; then the ribbon XML and icons are put into the zip.
Needs: Excel for Windows, `pip install pywin32`, and in Excel: File > Options > Trust Center >
Trust Center Settings > Macro Settings > "Trust access to the VBA project object model".
Usage (from the repository root):  python src\\kpps_xl\\addin\\build_xlam.py  [output.xlam]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from kpps_xl.excel.xlam import inject_ribbon

ROOT = Path(__file__).resolve().parents[3]
ADDIN = Path(__file__).resolve().parent
XL_OPEN_XML_ADDIN = 55


def build_vba_addin(target: Path) -> None:
    """Excel saves an .xlam holding the KppsRibbon VBA module."""
    import win32com.client  # Windows only

    excel = win32com.client.DispatchEx("Excel.Application")
    excel.DisplayAlerts = False
    try:
        book = excel.Workbooks.Add()
        book.VBProject.VBComponents.Import(str(ROOT / "macros" / "kpps.bas"))
        book.SaveAs(str(target), FileFormat=XL_OPEN_XML_ADDIN)
        book.Close(SaveChanges=False)
    finally:
        excel.Quit()


def main(out: str = "kpps-xl.xlam") -> Path:
    target = Path(out).resolve()
    with tempfile.TemporaryDirectory() as tmp:
        plain = Path(tmp) / "kpps-plain.xlam"
        build_vba_addin(plain)
        inject_ribbon(plain, target, ADDIN / "customUI14.xml",
                      ADDIN / "static" / "images" / "icons")
    return target


if __name__ == "__main__":
    main(*sys.argv[1:2])
