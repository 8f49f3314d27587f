"""The JSON report as a stream: the bytes of json.dumps(report.to_dict(), indent=1), chunk by chunk."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import fields, replace
from json.encoder import encode_basestring
from pathlib import Path
from typing import Any, TextIO

from kpps_xl.findings import Finding, Report
from kpps_xl.health.follow_up import FollowUp, person_item, place_item

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


def _list(values: Any, depth: int) -> str:
    """A list of scalars whose key is at `depth` (items one deeper)."""
    if not values:
        return "[]"
    pad = "\n" + " " * (depth + 1)
    return "[" + ",".join(pad + _scalar(v, depth + 1) for v in values) + "\n" + " " * depth + "]"


def flat_json(item: dict[str, Any], depth: int) -> str:
    """A list item at `depth` that is a dict of scalars and lists of scalars."""
    if not item:
        return " " * depth + "{}"
    pad = "\n" + " " * (depth + 1)
    pairs = [f"{pad}{encode_basestring(key)}: "
             f"{_list(value, depth + 1) if isinstance(value, list) else _scalar(value, depth + 1)}"
             for key, value in item.items()]
    return " " * depth + "{" + ",".join(pairs) + "\n" + " " * depth + "}"


def _items(texts: Iterator[str], count: int) -> Iterator[str]:
    """List items joined by ',\n', _CHUNK at a time."""
    for start in range(0, count, _CHUNK):
        chunk = ",\n".join(next(texts) for _ in range(min(_CHUNK, count - start)))
        yield (",\n" if start else "") + chunk


def _at_depth_3(item: dict[str, Any]) -> str:
    return flat_json(item, 3)


def _head(report: Report) -> dict[str, Any]:
    """report.to_dict() with the findings and the follow-up's long lists left empty."""
    follow = report.follow_up
    if not isinstance(follow, FollowUp):
        return report.to_dict(findings=False)
    data = replace(report, follow_up=None).to_dict(findings=False)
    data["follow_up"] = follow.to_dict(lists=False)
    return data


def report_chunks(report: Report) -> Iterator[str]:
    """The report text in pieces; never holds all findings (or follow-up people) as dicts or
    as one string."""
    text = json.dumps(_head(report), ensure_ascii=False, indent=1)
    # A key at depth 1 or 2 starts a line with one or two spaces; strings never hold a raw
    # newline, so each marker is unique (the follow-up is the last section).
    lists: list[tuple[str, int, Iterator[str]]] = []
    if report.findings:
        names = tuple(f.name for f in fields(Finding))
        lists.append(('\n "findings": []', len(report.findings),
                      (finding_json(f, names) for f in report.findings)))
    follow = report.follow_up
    if isinstance(follow, FollowUp):
        for key, items, item in (("tps", follow.places, place_item),
                                 ("people", follow.people, person_item)):
            if items:
                lists.append((f'\n  "{key}": []', len(items), map(_at_depth_3, map(item, items))))
    rest = text
    for marker, count, texts in lists:
        head, rest = rest.split(marker)
        indent = marker.index('"') - 1
        yield head + marker[:-1] + "\n"
        yield from _items(texts, count)
        yield "\n" + " " * indent + "]"
    yield rest


def write_report(report: Report, target: TextIO | Path) -> None:
    """Write the JSON report (UTF-8) to an open text stream or a path."""
    if isinstance(target, Path):
        with target.open("w", encoding="utf-8") as handle:
            write_report(report, handle)
        return
    for chunk in report_chunks(report):
        target.write(chunk)
