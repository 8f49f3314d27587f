"""Settings from kpps-xl.toml, CLI flags or defaults (check rules; raw sections for the rest)."""

from __future__ import annotations

import codecs
import datetime as dt
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from kpps_xl.errors import KppsError

DEFAULT_REQUIRED = ("nama", "nik", "tps", "jabatan")
REQUIRABLE = ("nama", "nik", "tps", "jabatan", "jenis_kelamin", "tanggal_lahir", "tempat_lahir",
              "kelurahan", "kecamatan", "no_hp", "alamat", "status_jkn")

# TOML key (Indonesian, in section [pemeriksaan]) -> Settings attribute
_CHECK_KEYS = MappingProxyType({
    "tanggal_acuan": "reference_date",
    "usia_min": "age_min",
    "usia_maks_diutamakan": "age_max_preferred",
    "jumlah_kpps_per_tps": "team_size",
    "kolom_wajib": "required_fields",
    "kode_wilayah": "region_code",
    "abaikan_galat": "ignore_errors",
})


class SettingsError(KppsError):
    """A setting is missing or invalid; the message is Indonesian and names the setting."""


@dataclass(frozen=True)
class Settings:
    """Everything configurable; check rules are typed fields, other sections stay raw."""

    reference_date: dt.date = dt.date(2024, 2, 14)
    age_min: int = 17
    age_max_preferred: int | None = 55
    team_size: int = 7
    required_fields: tuple[str, ...] = DEFAULT_REQUIRED
    region_code: str | None = None
    # finding code -> severity for this run, None = the rule is off ([kesehatan]); absent = default
    rule_levels: Mapping[str, Any] = field(default_factory=dict)
    ignore_errors: bool = False  # budget/letters go on without the people with errors
    sections: Mapping[str, Any] = field(default_factory=dict)
    source: str | None = None

    def section(self, name: str) -> Mapping[str, Any]:
        """Raw TOML section (e.g. "anggaran", "kantor", "surat"); empty when absent."""
        value = self.sections.get(name, {})
        if not isinstance(value, Mapping):
            raise SettingsError(f"Bagian [{name}] di {self.source or 'pengaturan'} harus berupa tabel.")
        return value

    def level(self, code: str) -> Any:
        """Severity of a code in this run (the catalogue's unless set), None when switched off."""
        if code in self.rule_levels:
            return self.rule_levels[code]
        from kpps_xl.catalogue import entry

        return entry(code).severity
    def office_area(self) -> str | None:
        """The office's kab/kota as written in [kantor] wilayah ("KABUPATEN MUKOMUKO"), if set."""
        value = self.sections.get("kantor", {})
        area = value.get("wilayah") if isinstance(value, Mapping) else None
        return area.strip() if isinstance(area, str) and area.strip() else None

    def with_overrides(self, **changes: Any) -> Settings:
        """Return a copy with the given (already typed) fields replaced; None values are ignored."""
        known = {f.name for f in fields(self)}
        clean = {k: v for k, v in changes.items() if v is not None and k in known}
        return replace(self, **clean)


def parse_date(text: Any, setting: str) -> dt.date:
    """ISO date from TOML/CLI, or a SettingsError naming the setting."""
    if isinstance(text, dt.datetime):
        return text.date()
    if isinstance(text, dt.date):
        return text
    try:
        return dt.date.fromisoformat(str(text).strip())
    except ValueError as exc:
        if typed := _typed_date(text):
            return typed
        raise SettingsError(
            f"Pengaturan '{setting}' harus tanggal berformat TTTT-BB-HH (atau mis. 14-02-2024, "
            f"14 Februari 2024), bukan {text!r}."
        ) from exc


def _typed_date(text: Any) -> dt.date | None:
    """A date typed as clerks type them ("14-02-2024", "14/02/2024", "14 Februari 2024"),
    read by the roster's date reader (day first); never a bare number (an Excel serial)."""
    if not isinstance(text, str) or text.strip().isdigit():
        return None
    from kpps_xl.roster.values import parse_date as typed

    return typed(text.strip())


def settings_text(path: Path) -> str:
    """The text of a settings file as Windows editors save it: UTF-8 with or without a BOM
    (Notepad adds one), UTF-16 with a BOM ("Unicode"), or else the Windows "ANSI" code page
    (cp1252). UnicodeDecodeError when it is none of these."""
    data = path.read_bytes()
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252")



def check_known_keys(raw: Mapping[str, Any], known: tuple[str, ...], where: str) -> None:
    """SettingsError listing the keys of section [where] that are not in known."""
    unknown = sorted(set(raw) - set(known))
    if unknown:
        raise SettingsError(
            f"Pengaturan tidak dikenal di [{where}]: {', '.join(unknown)}. "
            f"Yang dikenal: {', '.join(known)}."
        )


def _int(value: Any, setting: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise SettingsError(
            f"Pengaturan '{setting}' harus bilangan bulat {low}-{high}, bukan {value!r}."
        )
    return value


def _region(value: Any) -> str | None:
    if value in (None, ""):
        return None
    text = str(value).strip()
    if not (text.isdigit() and len(text) in (2, 4)):
        raise SettingsError(
            f"Pengaturan 'kode_wilayah' harus kode provinsi (2 digit) atau kabupaten/kota (4 digit), "
            f"mis. 1706, bukan {value!r}."
        )
    return text


def check_fields(raw: Mapping[str, Any]) -> dict[str, Any]:
    """Typed Settings fields from a [pemeriksaan] mapping (Indonesian keys)."""
    check_known_keys(raw, tuple(_CHECK_KEYS), "pemeriksaan")
    out: dict[str, Any] = {}
    if "tanggal_acuan" in raw:
        out["reference_date"] = parse_date(raw["tanggal_acuan"], "tanggal_acuan")
    if "usia_min" in raw:
        out["age_min"] = _int(raw["usia_min"], "usia_min", 0, 100)
    if "usia_maks_diutamakan" in raw:
        value = raw["usia_maks_diutamakan"]
        out["age_max_preferred"] = None if value in (0, False) else _int(
            value, "usia_maks_diutamakan", 1, 120)
    if "jumlah_kpps_per_tps" in raw:
        out["team_size"] = _int(raw["jumlah_kpps_per_tps"], "jumlah_kpps_per_tps", 1, 50)
    if "kolom_wajib" in raw:
        value = raw["kolom_wajib"]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise SettingsError("Pengaturan 'kolom_wajib' harus daftar teks, mis. [\"nama\", \"nik\"].")
        check_known_keys(dict.fromkeys(value), REQUIRABLE, "pemeriksaan.kolom_wajib")
        out["required_fields"] = tuple(value)
    if "kode_wilayah" in raw:
        out["region_code"] = _region(raw["kode_wilayah"])
    if "abaikan_galat" in raw:
        if not isinstance(raw["abaikan_galat"], bool):
            raise SettingsError(f"Pengaturan 'abaikan_galat' harus true atau false, bukan "
                                f"{raw['abaikan_galat']!r}.")
        out["ignore_errors"] = raw["abaikan_galat"]
    return out


# tomllib's messages (Python 3.11-3.13) -> Indonesian; matched on their fixed opening words.
_TOML_WORDS = (
    ("Expected ']' at the end of a table", "judul bagian tidak ditutup dengan ']'"),
    ("Expected ']]' at the end of an array", "judul bagian [[...]] tidak ditutup dengan ']]'"),
    ("Expected '=' after a key", "sesudah nama pengaturan harus ada '='"),
    ("Cannot declare", "bagian yang sama ditulis dua kali"),
    ("Cannot overwrite a value", "pengaturan yang sama ditulis dua kali"),
    ("Cannot mutate immutable", "pengaturan yang sama ditulis dua kali"),
    ("Cannot redefine namespace", "bagian yang sama ditulis dua kali"),
    ("Duplicate inline table key", "nama yang sama ditulis dua kali di dalam { }"),
    ("Unterminated string", "teks dalam tanda kutip tidak ditutup"),
    ("Unclosed array", "daftar [ ... ] tidak ditutup"),
    ("Unclosed inline table", "tabel { ... } tidak ditutup"),
    ("Invalid value", "nilainya tidak sah (teks harus diberi tanda kutip \"...\")"),
    ("Invalid date or datetime", "tanggal tidak sah (tulis TTTT-BB-HH)"),
    ("Invalid initial character for a key", "nama pengaturan diawali karakter yang tidak sah"),
    ("Invalid statement", "baris ini bukan pengaturan yang sah (nama = nilai)"),
    ("Expected newline or end of document", "sesudah nilai masih ada tulisan lain di baris yang sama"),
    ("Illegal character", "ada karakter yang tidak boleh"),
    ("Found invalid character", "ada karakter yang tidak boleh"),
    ("Unescaped '\\'", "garis miring terbalik (\\) di dalam teks harus ditulis dua kali"),
)
_TOML_WHERE = re.compile(r"\(at line (\d+), column (\d+)\)")


def toml_reason(exc: tomllib.TOMLDecodeError) -> str:
    """A TOML syntax error in Indonesian, with its line and column."""
    text = str(exc)
    reason = next((words for start, words in _TOML_WORDS if text.startswith(start)),
                  "penulisan TOML tidak sah")
    where = _TOML_WHERE.search(text)
    if where:
        return f"baris {where.group(1)}, kolom {where.group(2)}: {reason}."
    return f"{reason} (di akhir berkas)." if "end of document" in text else f"{reason}."


def load_settings(path: str | Path | None = None) -> Settings:
    """Read kpps-xl.toml (explicit path, else ./kpps-xl.toml when present, else defaults)."""
    if path is None:
        candidate = Path("kpps-xl.toml")
        if not candidate.is_file():
            return Settings()
        path = candidate
    path = Path(path)
    try:
        raw = tomllib.loads(settings_text(path))
    except FileNotFoundError as exc:
        raise SettingsError(f"Berkas pengaturan tidak ditemukan: {path}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"Berkas pengaturan {path} tidak dapat dibaca: {toml_reason(exc)}"
                            ) from exc
    except UnicodeDecodeError as exc:
        raise SettingsError(f"Berkas pengaturan {path} tidak dapat dibaca: simpan sebagai teks "
                            "UTF-8 (bukan dokumen Word atau penyandian lain).") from exc
    check = raw.get("pemeriksaan", {})
    if not isinstance(check, Mapping):
        raise SettingsError(f"Bagian [pemeriksaan] di {path} harus berupa tabel.")
    health = raw.get("kesehatan", {})
    if not isinstance(health, Mapping):
        raise SettingsError(f"Bagian [kesehatan] di {path} harus berupa tabel.")
    from kpps_xl.health.config import rule_levels

    return Settings(**check_fields(check), rule_levels=MappingProxyType(rule_levels(health)),
                    sections=raw, source=str(path))
