"""JUnit XML for CI: one testcase per (file, sheet), errors as failures, warnings as output."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from pathlib import Path

from kpps_xl.catalogue import CATALOGUE
from kpps_xl.findings import Finding, Report
from kpps_xl.guard import mask_text
from kpps_xl.io_utils import atomic_path
from kpps_xl.workbook.marks import clean_text, column_index, severity_label

NO_SHEET = "(tanpa sheet)"
SENSITIVE_TEXT = "data kesehatan (rincian hanya di laporan JSON / salinan bertanda)"
WHOLE_FILE = "(seluruh berkas)"


def _file_name(file: str | None, report: Report) -> str:
    if file:
        return Path(file).name
    if len(report.files) == 1:
        return Path(report.files[0]).name
    return "kpps-xl"


def _where(finding: Finding) -> str:
    if finding.row and column_index(finding.column):
        return f"{finding.column.strip().upper()}{finding.row}"  # type: ignore[union-attr]
    if finding.row:
        return f"baris {finding.row}"
    return "-"


def finding_line(finding: Finding) -> str:
    """One finding as a line of text: 'C23 [Galat] dup.nik: NIK ... ganda'.

    Health findings (sensitive personal data, UU 27/2022) keep only their code and cell: a CI
    log is no place for a person's screening result.
    """
    message = (SENSITIVE_TEXT if CATALOGUE.get(finding.code) and CATALOGUE[finding.code].sensitive
               else mask_text(clean_text(finding.message)))
    return f"{_where(finding)} [{severity_label(finding.severity)}] {finding.code}: {message}"


def group_cases(report: Report) -> dict[tuple[str, str], list[Finding]]:
    """Findings per (file name, sheet), including an empty case for files without findings."""
    cases: dict[tuple[str, str], list[Finding]] = {}
    for finding in report.findings:
        key = (_file_name(finding.file, report), finding.sheet or NO_SHEET)
        cases.setdefault(key, []).append(finding)
    seen = {name for name, _ in cases}
    for file in report.files:
        name = Path(file).name
        if name not in seen:
            cases[(name, WHOLE_FILE)] = []
    return cases


def _case(suite: ET.Element, classname: str, name: str, findings: Iterable[Finding]) -> int:
    case = ET.SubElement(suite, "testcase", classname=mask_text(clean_text(classname)),
                         name=mask_text(clean_text(name)), time="0")
    failures = [f for f in findings if f.severity == "error"]
    others = [f for f in findings if f.severity != "error"]
    if failures:
        failure = ET.SubElement(case, "failure", type="kpps-xl",
                                message=f"{len(failures)} galat di {mask_text(clean_text(name))}")
        failure.text = "\n".join(finding_line(f) for f in failures)
    if others:
        ET.SubElement(case, "system-out").text = "\n".join(finding_line(f) for f in others)
    return 1 if failures else 0


def build_junit(report: Report) -> ET.Element:
    """The JUnit XML tree of a report (testsuites > testsuite > testcase)."""
    root = ET.Element("testsuites", name="kpps-xl")
    suite = ET.SubElement(root, "testsuite", name="kpps-xl")
    cases = group_cases(report)
    failed = sum(_case(suite, classname, name, found)
                 for (classname, name), found in cases.items())
    for element in (root, suite):
        element.set("tests", str(len(cases)))
        element.set("failures", str(failed))
        element.set("errors", "0")
    suite.set("skipped", "0")
    suite.set("time", "0")
    return root


def write_junit(report: Report, path: Path) -> Path:
    """Write the report as JUnit XML to path atomically and return path."""
    tree = ET.ElementTree(build_junit(report))
    ET.indent(tree)
    with atomic_path(Path(path)) as tmp:
        tree.write(tmp, encoding="utf-8", xml_declaration=True)
    return Path(path)
