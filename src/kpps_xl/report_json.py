"""The JSON report as a stream: the bytes of json.dumps(report.to_dict(), indent=1), chunk by chunk."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import fields
from json.encoder import encode_basestring
from pathlib import Path
from typing import Any, TextIO

from kpps_xl.findings import Finding, Report

_CHUNK = 4096  # findings per write


def _scalar(value: Any, depth: int) -> str:
    """A value encoded as json.dumps(ensure_ascii=False, indent=1) does at this depth."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value.__class__ is str:
        return encode_basestring(value)
    if value.__class__ is int:
        return int.__repr__(value)
    text = json.dumps(value, ensure_ascii=False, indent=1)
    return text.replace("\n", "\n" + " " * depth)


def _related(refs: tuple[Any, ...]) -> str:
    """The related list at depth 3 (items at 4, their keys at 5)."""
    if not refs:
        return "[]"
    items = []
    for ref in refs:
        pairs = ",".join(f"\n     {encode_basestring(k)}: {_scalar(v, 5)}"
                         for k, v in ref.to_dict().items())
        items.append("    {" + pairs + "\n    }" if pairs else "    {}")
    return "[\n" + ",\n".join(items) + "\n   ]"


def finding_json(finding: Finding, names: tuple[str, ...]) -> str:
    """One finding as an item of the top-level findings list (depth 2), without a dict."""
    pairs = []
    for name in names:
        value = getattr(finding, name)
        encoded = _related(value) if name == "related" else _scalar(value, 3)
        pairs.append(f'\n   "{name}": {encoded}')
    return "  {" + ",".join(pairs) + "\n  }"


def report_chunks(report: Report) -> Iterator[str]:
    """The report text in pieces; never holds all findings as dicts or as one string."""
    text = json.dumps(report.to_dict(findings=False), ensure_ascii=False, indent=1)
    if not report.findings:
        yield text
        return
    # A depth-1 key starts a line with one space; strings never hold a raw newline: unique.
    marker = '\n "findings": []'
    head, tail = text.split(marker)
    yield head + marker[:-1] + "\n"
    names = tuple(f.name for f in fields(Finding))
    findings = report.findings
    for start in range(0, len(findings), _CHUNK):
        chunk = ",\n".join(finding_json(f, names) for f in findings[start:start + _CHUNK])
        yield (",\n" if start else "") + chunk
    yield "\n ]" + tail


def write_report(report: Report, target: TextIO | Path) -> None:
    """Write the JSON report (UTF-8) to an open text stream or a path."""
    if isinstance(target, Path):
        with target.open("w", encoding="utf-8") as handle:
            write_report(report, handle)
        return
    for chunk in report_chunks(report):
        target.write(chunk)
