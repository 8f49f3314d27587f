"""Default roles of the ad hoc bodies: honoraria per preset, scheme and months of cover."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

# Honorarium presets (rupiah per person per month): SBML S-647/MK.02/2022 (KPU bodies) and
# S-715/MK.02/2022 (Bawaslu bodies); see docs/budget.md. PTPS 750.000 is uncertain.
PRESETS = ("pemilu2024", "pilkada2024")


@dataclass(frozen=True)
class RoleSpec:
    """One budget role: which roster rows it covers, its honorarium, scheme and cover."""

    key: str  # TOML key, e.g. "ketua_kpps"
    body: str  # "KPPS"
    label: str  # "Ketua KPPS"
    scheme: str  # "BPU" | "PPU"
    months: int
    honorarium: int
    # (badan, peran) pairs of roster rows this role covers; peran None = any other peran.
    matches: tuple[tuple[str, str | None], ...] = ()
    per_tps: int = 0  # derived counts when the body is not in the roster
    per_kelurahan: int = 0
    per_kecamatan: int = 0
    count: Mapping[str | None, int] | None = None  # counts typed in settings, by kecamatan
    jkn: bool = False  # also budget BPJS Kesehatan for this role
    jkn_count: Mapping[str | None, int] | None = None  # people without active JKN (settings)
    note: str = ""
    honoraria: Mapping[str, int] = field(default_factory=dict)  # preset -> honorarium


def _role(key: str, body: str, label: str, scheme: str, months: int, pemilu: int,
          pilkada: int, matches: tuple[tuple[str, str | None], ...] | None = None,
          note: str = "") -> RoleSpec:
    return RoleSpec(
        key=key, body=body, label=label, scheme=scheme, months=months, honorarium=pemilu,
        matches=matches if matches is not None else ((body, None),), note=note,
        honoraria=MappingProxyType({"pemilu2024": pemilu, "pilkada2024": pilkada}),
    )


DEFAULT_ROLES: tuple[RoleSpec, ...] = (
    _role("ketua_kpps", "KPPS", "Ketua KPPS", "BPU", 1, 1_200_000, 900_000,
          (("KPPS", "ketua"),)),
    _role("anggota_kpps", "KPPS", "Anggota KPPS", "BPU", 1, 1_100_000, 850_000),
    _role("linmas", "Linmas", "Satlinmas (petugas ketertiban TPS)", "BPU", 1, 700_000, 650_000),
    _role("pantarlih", "Pantarlih", "Pantarlih", "BPU", 1, 1_000_000, 1_000_000),
    _role("ketua_ppk", "PPK", "Ketua PPK", "PPU", 6, 2_500_000, 2_500_000, (("PPK", "ketua"),)),
    _role("anggota_ppk", "PPK", "Anggota PPK", "PPU", 6, 2_200_000, 2_200_000),
    _role("sekretaris_ppk", "Sekretariat PPK", "Sekretaris PPK", "PPU", 6, 1_850_000,
          1_850_000, (("Sekretariat PPK", "sekretaris"), ("Sekretariat PPK", "ketua"),
                      ("PPK", "sekretaris"))),
    _role("pelaksana_ppk", "Sekretariat PPK", "Pelaksana Sekretariat PPK", "PPU", 6, 1_300_000,
          1_300_000, (("Sekretariat PPK", None), ("PPK", "pelaksana"))),
    _role("ketua_pps", "PPS", "Ketua PPS", "PPU", 6, 1_500_000, 1_500_000, (("PPS", "ketua"),)),
    _role("anggota_pps", "PPS", "Anggota PPS", "PPU", 6, 1_300_000, 1_300_000),
    _role("sekretaris_pps", "Sekretariat PPS", "Sekretaris PPS", "PPU", 6, 1_150_000,
          1_150_000, (("Sekretariat PPS", "sekretaris"), ("Sekretariat PPS", "ketua"),
                      ("PPS", "sekretaris"))),
    _role("pelaksana_pps", "Sekretariat PPS", "Pelaksana Sekretariat PPS", "PPU", 6, 1_050_000,
          1_050_000, (("Sekretariat PPS", None), ("PPS", "pelaksana"))),
    _role("ketua_panwascam", "Panwascam", "Ketua Panwaslu Kecamatan", "PPU", 8, 2_200_000,
          2_200_000, (("Panwascam", "ketua"),)),
    _role("anggota_panwascam", "Panwascam", "Anggota Panwaslu Kecamatan", "PPU", 8, 1_900_000,
          1_900_000),
    _role("pkd", "PKD", "Panwaslu Kelurahan/Desa", "PPU", 8, 1_100_000, 1_100_000),
    _role("ptps", "PTPS", "Pengawas TPS", "BPU", 1, 750_000, 750_000,
          note="Honorarium PTPS belum pasti (750.000; sebagian sumber 1.000.000)."),
)


# Scheme presets for the roles paid per TPS (KPPS, Linmas, Pantarlih, PTPS): name -> (scheme,
# one-line Indonesian reason). PPK, PPS, their secretariats and the Bawaslu bodies are PPU in
# both. The first is the default (domain-reference §3.3 and §11: published 2024 practice).
SCHEME_PRESETS: Mapping[str, tuple[str, str]] = MappingProxyType({
    "ppu_honor": ("PPU", "Praktik yang dipublikasikan 2024 (KPU Sulsel, Pemkot Cilegon): 0,54% "
                         "dari honorarium (JKK 0,24% + JKM 0,30%)."),
    "bpu_minimum": ("BPU", "Paket minimum BPU Rp16.800/orang/bulan (JKK 1% x Rp1.000.000 + JKM "
                           "Rp6.800) yang sering dikutip kantor cabang; tidak bergantung honor."),
})
PER_TPS_ROLES = ("ketua_kpps", "anggota_kpps", "linmas", "pantarlih", "ptps")


def normalise_body(text: object) -> str:
    """Comparable form of a body name: casefold, letters and digits only."""
    return "".join(ch for ch in str(text).casefold() if ch.isalnum())


def match_table(roles: tuple[RoleSpec, ...]) -> Mapping[tuple[str, str | None], str]:
    """(normalised badan, peran or None) -> role key; first role listed wins."""
    table: dict[tuple[str, str | None], str] = {}
    for role in roles:
        for body, peran in role.matches:
            table.setdefault((normalise_body(body), peran), role.key)
    return MappingProxyType(table)
