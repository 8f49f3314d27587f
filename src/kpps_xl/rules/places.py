"""Row-status and place rules: row.inactive (replaced/resigned officers) and domicile.outside."""

from __future__ import annotations

from collections.abc import Iterator

from kpps_xl.findings import Finding
from kpps_xl.roster.coded import fill_text
from kpps_xl.roster.model import Roster, active_rows
from kpps_xl.roster.places import key_series
from kpps_xl.roster.sheet import STRUCK_REASON
from kpps_xl.roster.values import RESERVE, parse_activity
from kpps_xl.rules.base import clean, flagged, make
from kpps_xl.settings import Settings


def inactive_rows(roster: Roster, settings: Settings) -> Iterator[Finding]:
    """row.inactive: every officer not counted, with the reason (Keterangan or strike-through)."""
    frame = roster.df
    for row in flagged(frame, ~frame["aktif"].fillna(True).astype(bool)):
        reason = clean(row.alasan_nonaktif) or ""
        if reason == STRUCK_REASON:
            yield make(roster, row, "row.inactive",
                       f"Baris {clean(row.nama) or '(tanpa nama)'} dicoret: petugas tidak "
                       "dihitung dalam tim TPS dan anggaran.", "nama", row.nama)
            continue
        if reason == RESERVE and not clean(row.keterangan):  # by jabatan or a reserve list's title
            yield make(roster, row, "row.inactive",
                       f"Petugas {clean(row.nama) or '(tanpa nama)'} tercatat sebagai cadangan: "
                       "tidak dihitung dalam tim TPS dan anggaran sampai diangkat.", "nama",
                       row.nama)
            continue
        status = clean(getattr(row, "status", None))
        if status and parse_activity(status) == reason:  # the STATUS column said so
            yield make(roster, row, "row.inactive",
                       f"Petugas {clean(row.nama) or '(tanpa nama)'} tidak dihitung ({reason}): "
                       f"Status '{status}'.", "status", row.status)
            continue
        yield make(roster, row, "row.inactive",
                   f"Petugas {clean(row.nama) or '(tanpa nama)'} tidak dihitung ({reason}): "
                   f"Keterangan '{clean(row.keterangan)}'.", "keterangan", row.keterangan)


def domicile_outside(roster: Roster, settings: Settings) -> Iterator[Finding]:
    """domicile.outside: a serving KPPS officer whose domicile desa is not the TPS's desa.

    Only where the row has both a domicile desa and a placement desa; names are compared by
    their place keys ("Kel. Tebing  Kandang" = "TEBING KANDANG"). A domicile kecamatan that
    differs from the TPS's kecamatan (both present) makes the desa differ too.
    """
    frame = active_rows(roster.df)
    kpps = frame[fill_text(frame["badan"], "KPPS").str.upper() == "KPPS"]
    both = kpps["kelurahan_domisili"].notna() & kpps["kelurahan"].notna()
    if not both.any():
        return
    kpps = kpps[both]
    desa_off = (key_series(kpps["kelurahan_domisili"], "kelurahan")
                != key_series(kpps["kelurahan"], "kelurahan"))
    kec_known = kpps["kecamatan_domisili"].notna() & kpps["kecamatan"].notna()
    kec_off = kec_known & (key_series(kpps["kecamatan_domisili"], "kecamatan")
                           != key_series(kpps["kecamatan"], "kecamatan"))
    for row in flagged(kpps, desa_off | kec_off):
        home = clean(row.kelurahan_domisili)
        home_kec = clean(row.kecamatan_domisili)
        where = f"{home} (Kec. {home_kec})" if home_kec else home
        tps = clean(row.tps_no) or "?"
        yield make(roster, row, "domicile.outside",
                   f"Petugas {clean(row.nama) or '(tanpa nama)'} berdomisili di {where}, di luar "
                   f"desa/kelurahan TPS {tps} ({clean(row.kelurahan)}).", "kelurahan_domisili",
                   row.kelurahan_domisili)
