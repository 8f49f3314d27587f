"""The JSON report as a stream: the bytes of json.dumps(report.to_dict(), indent=1), chunk by chunk."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import fields, replace
from json.encoder import encode_basestring
from operator import attrgetter
from pathlib import Path
from typing import Any, TextIO

from kpps_xl.findings import Finding, Report
from kpps_xl.health.follow_up import FollowUp
from kpps_xl.rules.shared import few_collections

_CHUNK = 4096  # list items per write


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


def _scalars(values: Sequence[Any], depth: int) -> list[str]:
    """_scalar over a column of values (text and None, the common cases, inline)."""
    return [encode_basestring(v) if v.__class__ is str else "null" if v is None
            else int.__repr__(v) if v.__class__ is int else _scalar(v, depth) for v in values]


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


def _list(values: Any, depth: int) -> str:
    """A list of scalars whose key is at `depth` (items one deeper)."""
    if not values:
        return "[]"
    pad = "\n" + " " * (depth + 1)
    return "[" + ",".join(pad + _scalar(v, depth + 1) for v in values) + "\n" + " " * depth + "]"


Encoder = Callable[[Sequence[Any]], list[str]]


def _table(keys: Sequence[str], depth: int, special: dict[str, Encoder]
           ) -> Callable[[Sequence[tuple[Any, ...]]], str]:
    """Encoder of a chunk of records (tuples in key order) as items of a list at `depth`, each
    a dict of the keys: one pass per column, then one template per item."""
    pad = "\n" + " " * (depth + 1)
    template = (" " * depth + "{" + ",".join(f"{pad}{encode_basestring(k)}: %s" for k in keys)
                + "\n" + " " * depth + "}")
    encoders = [special.get(k) or (lambda col: _scalars(col, depth + 1)) for k in keys]

    def encode(rows: Sequence[tuple[Any, ...]]) -> str:
        columns = [enc(col) for enc, col in zip(encoders, zip(*rows, strict=True), strict=True)]
        return ",\n".join(map(template.__mod__, zip(*columns, strict=True)))

    return encode


def _related_column(values: Sequence[tuple[Any, ...]]) -> list[str]:
    return ["[]" if not refs else _related(refs) for refs in values]


def _needs_column(values: Sequence[tuple[str, ...]]) -> list[str]:
    known: dict[tuple[str, ...], str] = {}  # a few combinations of needs
    return [known.get(needs) or known.setdefault(needs, _list(needs, 4)) for needs in values]


def _head(report: Report) -> dict[str, Any]:
    """report.to_dict() with the findings and the follow-up's long lists left empty."""
    follow = report.follow_up
    if not isinstance(follow, FollowUp):
        return report.to_dict(findings=False)
    data = replace(report, follow_up=None).to_dict(findings=False)
    data["follow_up"] = follow.to_dict(lists=False)
    return data


def _lists(report: Report) -> list[tuple[str, Sequence[tuple[Any, ...]], Callable[..., str]]]:
    """(marker of the empty list in the head, records, chunk encoder) for each long list.

    The records are the findings' field values and the follow-up's PlaceCount and Person
    tuples, in the key order of Finding.to_dict / place_item / person_item."""
    out: list[tuple[str, Sequence[tuple[Any, ...]], Callable[..., str]]] = []
    if report.findings:
        names = tuple(f.name for f in fields(Finding))
        values = attrgetter(*names)
        out.append(('\n "findings": []', _Lazy(report.findings, values),
                    _table(names, 2, {"related": _related_column})))
    follow = report.follow_up
    if isinstance(follow, FollowUp):
        if follow.places:
            out.append(('\n  "tps": []', follow.places,
                        _table(follow.places[0]._fields, 3, {})))
        if follow.people:
            out.append(('\n  "people": []', follow.people,
                        _table(follow.people[0]._fields, 3, {"needs": _needs_column})))
    return out


class _Lazy:
    """A sequence of records computed per slice (findings -> field tuples, a chunk at a time)."""

    def __init__(self, items: Sequence[Any], record: Callable[[Any], tuple[Any, ...]]) -> None:
        self.items, self.record = items, record

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, part: slice) -> list[tuple[Any, ...]]:
        return list(map(self.record, self.items[part]))


def report_chunks(report: Report) -> Iterator[str]:
    """The report text in pieces; never holds all findings (or follow-up people) as dicts or
    as one string."""
    rest = json.dumps(_head(report), ensure_ascii=False, indent=1)
    # A key at depth 1 or 2 starts a line with one or two spaces; strings never hold a raw
    # newline, so each marker is unique (the follow-up is the last section).
    for marker, records, encode in _lists(report):
        head, rest = rest.split(marker)
        yield head + marker[:-1] + "\n"
        for start in range(0, len(records), _CHUNK):
            yield (",\n" if start else "") + encode(records[start:start + _CHUNK])
        yield "\n" + " " * (marker.index('"') - 1) + "]"
    yield rest


def write_report(report: Report, target: TextIO | Path) -> None:
    """Write the JSON report (UTF-8) to an open text stream or a path."""
    if isinstance(target, Path):
        with target.open("w", encoding="utf-8") as handle:
            write_report(report, handle)
        return
    with few_collections():
        for chunk in report_chunks(report):
            target.write(chunk)
