"""The [kesehatan] settings: severity of each health/coverage rule, or "mati" to skip it."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from kpps_xl.findings import Severity

# TOML key in [kesehatan] (Indonesian) -> finding code
RULE_KEYS = MappingProxyType({
    "belum_skrining": "health.not_screened",
    "berisiko": "health.at_risk",
    "tanpa_surat_sehat": "health.no_certificate",
    "format_bpjs_kesehatan": "bpjs.kes_format",
    "format_kpj": "bpjs.tk_format",
    "format_kk": "kk.format",
})
LEVELS: Mapping[str, Severity | None] = MappingProxyType({
    "galat": "error", "peringatan": "warning", "info": "info", "mati": None,
})


def rule_levels(raw: Mapping[str, Any]) -> dict[str, Severity | None]:
    """Code -> severity (None = the rule does not run) from a [kesehatan] mapping.

    Values: "galat", "peringatan", "info" or "mati" (also true = the catalogue's level,
    false = "mati"). Unknown keys or values raise SettingsError naming the key.
    """
    from kpps_xl.catalogue import entry
    from kpps_xl.settings import SettingsError, check_known_keys

    check_known_keys(raw, tuple(RULE_KEYS), "kesehatan")
    out: dict[str, Severity | None] = {}
    for key, value in raw.items():
        code = RULE_KEYS[key]
        if value is True:
            out[code] = entry(code).severity
        elif value is False:
            out[code] = None
        elif isinstance(value, str) and value.strip().casefold() in LEVELS:
            out[code] = LEVELS[value.strip().casefold()]
        else:
            raise SettingsError(
                f"Pengaturan 'kesehatan.{key}' harus salah satu dari "
                f"{', '.join(repr(k) for k in LEVELS)} (atau true/false), bukan {value!r}."
            )
    return out
