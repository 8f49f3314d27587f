"""The catalogue is the single list of finding codes, and the README documents exactly those."""

from __future__ import annotations

import re
from pathlib import Path

from kpps_xl.catalogue import CATALOGUE

README = Path(__file__).resolve().parents[1] / "README.md"
ARCHITECTURE_CODES = {
    "nik.missing": "error", "nik.format": "error", "nik.precision_lost": "error",
    "nik.region": "error", "nik.birthdate": "error", "nik.dob_mismatch": "warning",
    "nik.sex_mismatch": "warning", "nik.outside_area": "warning", "dup.nik": "error",
    "dup.person": "warning", "age.under_min": "error", "age.over_preferred": "warning",
    "dob.invalid": "error", "field.missing": "error", "sex.invalid": "error", "tps.size": "error",
    "tps.ketua": "error", "phone.format": "warning",
}
_LEVEL = {"galat": "error", "peringatan": "warning", "info": "info"}


def _readme_codes() -> dict[str, str]:
    rows = re.findall(r"^\| `([a-z_]+\.[a-z_]+)` \| (\w+) \|", README.read_text(encoding="utf-8"),
                      re.MULTILINE)
    return {code: _LEVEL[level] for code, level in rows}


def test_architecture_codes_exist_with_their_severity():
    for code, severity in ARCHITECTURE_CODES.items():
        assert CATALOGUE[code].severity == severity


def test_every_catalogue_code_is_documented_in_readme_with_its_severity():
    assert _readme_codes() == {code: e.severity for code, e in CATALOGUE.items()}


def test_every_entry_has_indonesian_title_description_and_hint():
    for entry in CATALOGUE.values():
        assert entry.title and entry.description and entry.hint
        assert entry.code == next(k for k, v in CATALOGUE.items() if v is entry)
