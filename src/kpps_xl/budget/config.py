"""Read and validate the [anggaran] section of kpps-xl.toml into schemes and roles."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from fractions import Fraction
from types import MappingProxyType
from typing import Any

from kpps_xl.budget.money import parse_percent, rate_is_fine_enough, rupiah
from kpps_xl.budget.roles import (
    DEFAULT_ROLES,
    PER_TPS_ROLES,
    PRESETS,
    SCHEME_PRESETS,
    RoleSpec,
    normalise_body,
)
from kpps_xl.budget.schemes import DEFAULT_SCHEMES, JKN_GOVERNMENT_SHARE, TK_SCHEMES, Scheme
from kpps_xl.settings import Settings, SettingsError, check_known_keys, parse_date

MAX_MONTHS = 24
MAX_COUNT = 10_000_000
MAX_RUPIAH = 1_000_000_000_000
JKN_FULL_IURAN = 42_000  # PBPU kelas III before the government's Rp7.000 (Perpres 64/2020)
_KEY = re.compile(r"^[a-z][a-z0-9_]{0,40}$")

_TOP_KEYS = ("preset", "skema_bawaan", "jumlah_tps", "jumlah_kelurahan", "jumlah_kecamatan", "skema", "badan",
             "peran")
_SCHEME_KEYS = MappingProxyType({
    "BPU": ("jkk_persen", "jkm", "penghasilan", "penghasilan_min", "penghasilan_maks",
            "dasar_hukum", "per_tanggal"),
    "PPU": ("jkk_persen", "jkm_persen", "dasar_hukum", "per_tanggal"),
    "JKN": ("iuran", "bantuan_pemerintah", "dasar_hukum", "per_tanggal"),
})
_BODY_KEYS = ("skema", "bulan", "jkn")
_ROLE_KEYS = ("skema", "bulan", "honor", "jumlah", "jumlah_jkn", "per_tps", "per_kelurahan",
              "per_kecamatan", "jkn", "badan", "jabatan", "peran")


@dataclass(frozen=True)
class BudgetConfig:
    """Validated budget settings: preset, schemes by code, roles in order, typed-in structure."""

    preset: str
    schemes: Mapping[str, Scheme]
    roles: tuple[RoleSpec, ...]
    tps: int | None = None
    kelurahan: int | None = None
    kecamatan: int | None = None
    notes: tuple[str, ...] = ()  # Indonesian remarks about the settings, copied to Budget.notes
    scheme_preset: str = next(iter(SCHEME_PRESETS))  # [anggaran] skema_bawaan

    @property
    def scheme_reason(self) -> str:
        """One Indonesian line: why this scheme preset (shown on the Parameter sheet)."""
        return SCHEME_PRESETS[self.scheme_preset][1]

    def role(self, key: str) -> RoleSpec:
        """The role with this key (KeyError when unknown)."""
        for role in self.roles:
            if role.key == key:
                return role
        raise KeyError(key)


def _table(value: Any, setting: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise SettingsError(f"Pengaturan '{setting}' harus berupa tabel TOML.")
    return value


def _whole(value: Any, setting: str, low: int, high: int, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise SettingsError(
            f"Pengaturan '{setting}' harus {what} berupa bilangan bulat, bukan {value!r}."
        )
    if not low <= value <= high:
        high_text = f"{high:,}".replace(",", ".")
        raise SettingsError(
            f"Pengaturan '{setting}' harus {what} antara {low} dan {high_text}, bukan {value!r}."
        )
    return value


def count_value(value: Any, setting: str) -> int:
    """A head count: whole number, not negative."""
    return _whole(value, setting, 0, MAX_COUNT, "jumlah orang")


def months_value(value: Any, setting: str) -> int:
    """Months of cover: whole number 1..24."""
    return _whole(value, setting, 1, MAX_MONTHS, "jumlah bulan")


def rupiah_value(value: Any, setting: str) -> int:
    """An amount in whole rupiah, not negative."""
    return _whole(value, setting, 0, MAX_RUPIAH, "rupiah")


def percent_value(value: Any, setting: str) -> Fraction:
    """A rate written in percent (0..100, at most 4 decimals) as a Fraction of 1."""
    rate = parse_percent(value)
    if rate is None:
        raise SettingsError(
            f"Pengaturan '{setting}' harus persentase, mis. 0.24 untuk 0,24%, bukan {value!r}."
        )
    if not 0 <= rate <= 1:
        raise SettingsError(
            f"Pengaturan '{setting}' harus antara 0 dan 100 (persen), bukan {value!r}."
        )
    if not rate_is_fine_enough(rate):
        raise SettingsError(
            f"Pengaturan '{setting}' paling banyak 4 angka desimal (persen), bukan {value!r}."
        )
    return rate


def _bool(value: Any, setting: str) -> bool:
    if not isinstance(value, bool):
        raise SettingsError(f"Pengaturan '{setting}' harus true atau false, bukan {value!r}.")
    return value


def _text(value: Any, setting: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise SettingsError(f"Pengaturan '{setting}' harus teks yang tidak kosong.")
    return value.strip()


def _scheme_code(value: Any, setting: str) -> str:
    code = str(value).strip().upper() if isinstance(value, str) else None
    if code not in TK_SCHEMES:
        raise SettingsError(
            f"Pengaturan '{setting}': skema {value!r} tidak dikenal. "
            f"Pilihan: {', '.join(TK_SCHEMES)} (JKN diatur dengan jkn = true)."
        )
    return code


def _counts(value: Any, setting: str) -> Mapping[str | None, int]:
    """`jumlah = 90` (whole office) or `jumlah = { "KEC A" = 10, ... }` (per kecamatan)."""
    if isinstance(value, Mapping):
        return MappingProxyType({
            str(kec).strip(): count_value(n, f"{setting}.{kec}") for kec, n in value.items()
        })
    return MappingProxyType({None: count_value(value, setting)})


# TOML key -> (dataclass field, parser); keys not listed are read elsewhere or ignored.
_SCHEME_FIELDS: Mapping[str, tuple[str, Callable[[Any, str], Any]]] = MappingProxyType({
    "jkk_persen": ("jkk", percent_value),
    "jkm_persen": ("jkm", percent_value),
    "jkm": ("flat", rupiah_value),
    "iuran": ("flat", rupiah_value),
    "penghasilan": ("declared_income", rupiah_value),
    "penghasilan_min": ("income_min", rupiah_value),
    "penghasilan_maks": ("income_max", rupiah_value),
    "dasar_hukum": ("legal_basis", _text),
    "per_tanggal": ("as_of", parse_date),
})
_ROLE_FIELDS: Mapping[str, tuple[str, Callable[[Any, str], Any]]] = MappingProxyType({
    "skema": ("scheme", _scheme_code),
    "bulan": ("months", months_value),
    "honor": ("honorarium", rupiah_value),
    "jumlah": ("count", _counts),
    "jumlah_jkn": ("jkn_count", _counts),
    "per_tps": ("per_tps", count_value),
    "per_kelurahan": ("per_kelurahan", count_value),
    "per_kecamatan": ("per_kecamatan", count_value),
    "jkn": ("jkn", _bool),
    "jabatan": ("label", _text),
})


def _changes(raw: Mapping[str, Any], fields: Mapping[str, tuple[str, Callable[[Any, str], Any]]],
             setting: str) -> dict[str, Any]:
    """Parsed field values for the keys of raw that fields knows, in the order of raw."""
    changes: dict[str, Any] = {}
    for key, value in raw.items():
        if key in fields:
            attr, parse = fields[key]
            changes[attr] = parse(value, f"{setting}.{key}")
    return changes


def _scheme(base: Scheme, raw: Mapping[str, Any], setting: str) -> Scheme:
    changes = _changes(raw, _SCHEME_FIELDS, setting)
    if raw.get("bantuan_pemerintah") is not None and _bool(
            raw["bantuan_pemerintah"], f"{setting}.bantuan_pemerintah"):
        changes["flat"] = changes.get("flat", base.flat) - JKN_GOVERNMENT_SHARE
        if changes["flat"] < 0:
            raise SettingsError(f"Pengaturan '{setting}.iuran' lebih kecil dari bantuan iuran "
                                f"pemerintah Rp7.000.")
    scheme = replace(base, **changes)
    if scheme.income_min > scheme.income_max:
        raise SettingsError(
            f"Pengaturan '{setting}.penghasilan_min' lebih besar dari penghasilan_maks."
        )
    return scheme


def _schemes(raw: Any) -> Mapping[str, Scheme]:
    table = _table(raw, "anggaran.skema")
    out = dict(DEFAULT_SCHEMES)
    for code, section in table.items():
        if code not in _SCHEME_KEYS:
            raise SettingsError(
                f"Skema tidak dikenal di [anggaran.skema]: {code!r}. "
                f"Pilihan: {', '.join(_SCHEME_KEYS)}."
            )
        setting = f"anggaran.skema.{code}"
        section = _table(section, setting)
        check_known_keys(section, _SCHEME_KEYS[code], setting)
        out[code] = _scheme(out[code], section, setting)
    return MappingProxyType(out)


def _jkn_notes(skema: Mapping[str, Any], jkn: Scheme) -> tuple[str, ...]:
    """A note when bantuan_pemerintah is applied to an iuran other than the full Rp42.000."""
    raw = skema.get("JKN", {})
    typed = raw.get("iuran")
    if raw.get("bantuan_pemerintah") is True and typed is not None and typed != JKN_FULL_IURAN:
        return (f"anggaran.skema.JKN: bantuan_pemerintah = true mengurangi iuran = "
                f"{rupiah(typed)} dengan Rp7.000, jadi dianggarkan {rupiah(jkn.flat)}/orang/bulan. "
                f"bantuan_pemerintah dihitung dari iuran penuh {rupiah(JKN_FULL_IURAN)}; bila "
                f"{rupiah(typed)} sudah iuran bersih, hapus bantuan_pemerintah.",)
    return ()


def _new_role(key: str, raw: Mapping[str, Any], setting: str) -> RoleSpec:
    if "badan" not in raw or "jabatan" not in raw:
        known = ", ".join(r.key for r in DEFAULT_ROLES)
        raise SettingsError(
            f"Peran tidak dikenal: [{setting}]. Peran bawaan: {known}. Untuk peran baru isi "
            f"juga badan, jabatan, skema, bulan dan honor."
        )
    body = _text(raw["badan"], f"{setting}.badan")
    peran = raw.get("peran", [])
    if not isinstance(peran, list) or not all(isinstance(p, str) for p in peran):
        raise SettingsError(f"Pengaturan '{setting}.peran' harus daftar teks, mis. [\"ketua\"].")
    matches = tuple((body, p.strip().casefold()) for p in peran) or ((body, None),)
    return RoleSpec(key=key, body=body, label=_text(raw["jabatan"], f"{setting}.jabatan"),
                    scheme=_scheme_code(raw.get("skema"), f"{setting}.skema"),
                    months=months_value(raw.get("bulan"), f"{setting}.bulan"),
                    honorarium=rupiah_value(raw.get("honor"), f"{setting}.honor"),
                    matches=matches)


def _apply_role(role: RoleSpec, raw: Mapping[str, Any], setting: str) -> RoleSpec:
    return replace(role, **_changes(raw, _ROLE_FIELDS, setting))


def budget_config(settings: Settings) -> BudgetConfig:
    """Validated budget configuration from settings (defaults when [anggaran] is absent)."""
    raw = settings.section("anggaran")
    check_known_keys(raw, _TOP_KEYS, "anggaran")
    preset = raw.get("preset", PRESETS[0])
    if preset not in PRESETS:
        raise SettingsError(
            f"Pengaturan 'anggaran.preset' harus salah satu dari {', '.join(PRESETS)}, "
            f"bukan {preset!r}."
        )
    scheme_preset = raw.get("skema_bawaan", next(iter(SCHEME_PRESETS)))
    if scheme_preset not in SCHEME_PRESETS:
        raise SettingsError(
            f"Pengaturan 'anggaran.skema_bawaan' harus salah satu dari "
            f"{', '.join(SCHEME_PRESETS)}, bukan {scheme_preset!r}."
        )
    per_tps_scheme = SCHEME_PRESETS[scheme_preset][0]
    schemes = _schemes(raw.get("skema", {}))
    roles = [replace(r, honorarium=r.honoraria.get(preset, r.honorarium),
                     scheme=per_tps_scheme if r.key in PER_TPS_ROLES else r.scheme)
             for r in DEFAULT_ROLES]

    bodies = _table(raw.get("badan", {}), "anggaran.badan")
    known_bodies = {normalise_body(r.body): r.body for r in roles}
    for body_name, section in bodies.items():
        setting = f"anggaran.badan.{body_name}"
        section = _table(section, setting)
        check_known_keys(section, _BODY_KEYS, setting)
        wanted = normalise_body(body_name)
        if wanted not in known_bodies:
            choices = ", ".join(sorted(set(known_bodies.values())))
            raise SettingsError(f"Badan tidak dikenal: [{setting}]. Pilihan: {choices}.")
        roles = [_apply_role(r, section, setting) if normalise_body(r.body) == wanted else r
                 for r in roles]

    for key, section in _table(raw.get("peran", {}), "anggaran.peran").items():
        setting = f"anggaran.peran.{key}"
        section = _table(section, setting)
        check_known_keys(section, _ROLE_KEYS, setting)
        if not _KEY.match(key):
            raise SettingsError(
                f"Kode peran '{key}' di [{setting}] hanya boleh huruf kecil, angka dan garis bawah."
            )
        index = next((i for i, r in enumerate(roles) if r.key == key), None)
        if index is None:
            roles.append(_apply_role(_new_role(key, section, setting), section, setting))
        else:
            roles[index] = _apply_role(roles[index], section, setting)

    labels = Counter(r.label for r in roles)
    doubled = sorted(label for label, n in labels.items() if n > 1)
    if doubled:
        raise SettingsError(
            f"Nama jabatan dipakai lebih dari satu peran di [anggaran.peran]: {', '.join(doubled)}."
        )

    notes = _jkn_notes(raw.get("skema", {}), schemes["JKN"])

    def structure(name: str) -> int | None:
        return count_value(raw[name], f"anggaran.{name}") if name in raw else None

    return BudgetConfig(preset=preset, schemes=schemes, roles=tuple(roles),
                        tps=structure("jumlah_tps"), kelurahan=structure("jumlah_kelurahan"),
                        kecamatan=structure("jumlah_kecamatan"), notes=notes,
                        scheme_preset=scheme_preset)
