"""Finding, Ref and Report: the contract every front door shares."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")


@dataclass(frozen=True)
class Ref:
    """Another cell or row involved in a finding (e.g. the other copy of a duplicate NIK)."""

    sheet: str | None
    row: int | None
    file: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "sheet": self.sheet, "row": self.row}


@dataclass(frozen=True)
class Finding:
    """One problem found in a roster, located the way the clerk sees it."""

    code: str
    severity: Severity
    message: str
    sheet: str | None
    row: int | None
    column: str | None
    field: str | None
    value: str | None
    tps: str | None
    related: tuple[Ref, ...] = ()
    file: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["related"] = [ref.to_dict() for ref in self.related]
        return data


_NEW = object.__new__


def new_finding(code: str, severity: Severity, message: str, sheet: str | None, row: int | None,
                column: str | None, field: str | None, value: str | None, tps: str | None,
                related: tuple[Ref, ...] = (), file: str | None = None) -> Finding:
    """Finding(...) for the rules' hot path (one call per flagged row): the same object,
    without the frozen dataclass's eleven object.__setattr__ calls. The attributes go into
    the instance dict one by one, in field order, so it stays a key-sharing dict (small)."""
    finding = _NEW(Finding)
    attrs = finding.__dict__
    attrs["code"] = code
    attrs["severity"] = severity
    attrs["message"] = message
    attrs["sheet"] = sheet
    attrs["row"] = row
    attrs["column"] = column
    attrs["field"] = field
    attrs["value"] = value
    attrs["tps"] = tps
    attrs["related"] = related
    attrs["file"] = file
    return finding


def mask_nik(text: str | None) -> str | None:
    """Mask the middle of a NIK-like digit string: 1706********0001."""
    if text is None:
        return None
    digits = "".join(ch for ch in str(text) if ch.isdigit())
    if len(digits) < 8:
        return "*" * len(digits) if digits else str(text)
    return digits[:4] + "*" * (len(digits) - 8) + digits[-4:]


def sort_key(finding: Finding) -> tuple[Any, ...]:
    """Stable order: file, sheet, row, column, code."""
    return (
        finding.file or "",
        finding.sheet or "",
        finding.row if finding.row is not None else 0,
        finding.column or "",
        finding.code,
    )


@dataclass
class Report:
    """All findings of one check run plus a summary."""

    findings: list[Finding]
    rows: int
    files: list[str]
    reference_date: str
    version: str = ""
    skipped: list[dict[str, Any]] = field(default_factory=list)
    follow_up: Any = None  # health.follow_up.FollowUp when a sheet has skrining / status JKN

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    @property
    def errors(self) -> int:
        return self.count("error")

    @property
    def warnings(self) -> int:
        return self.count("warning")

    def by_code(self) -> dict[str, int]:
        return dict(sorted(Counter(f.code for f in self.findings).items()))

    def by_sheet(self) -> dict[str, int]:
        return dict(sorted(Counter(f.sheet or "-" for f in self.findings).items()))

    def summary(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "errors": self.errors,
            "warnings": self.warnings,
            "by_code": self.by_code(),
        }

    def to_dict(self, findings: bool = True) -> dict[str, Any]:
        """The JSON report as a dict (findings=False: an empty findings list in its place)."""
        return {
            "tool": "kpps-xl",
            "version": self.version,
            "reference_date": self.reference_date,
            "files": list(self.files),
            "summary": self.summary(),
            "findings": [f.to_dict() for f in self.findings] if findings else [],
            **({"follow_up": self.follow_up.to_dict()} if self.follow_up is not None else {}),
        }

    def rows_flat(self) -> list[tuple[str, str | None, int | None, str | None]]:
        """Flatten to (code, sheet, row, column) tuples, handy in tests."""
        return [(f.code, f.sheet, f.row, f.column) for f in self.findings]
