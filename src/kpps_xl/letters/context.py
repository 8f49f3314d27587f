"""Letter context: figures from the Budget, participants from the Roster, text from settings."""

from __future__ import annotations

import string
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from kpps_xl.budget import Budget, BudgetLine, people_count
from kpps_xl.budget.compute import jkn_inactive, roster_roles
from kpps_xl.budget.roles import DEFAULT_ROLES, RoleSpec, normalise_body
from kpps_xl.letters.config import DASAR_HUKUM_PRESETS, LetterSettings, LetterSetup
from kpps_xl.letters.formatting import angka, rupiah, tanggal, terbilang, terbilang_rupiah
from kpps_xl.roster.model import Roster
from kpps_xl.roster.values import nik_digits

# Schemes each letter quotes.
KIND_SCHEMES = {
    "pemda": ("BPU", "PPU", "JKN"),
    "bpjs_tk": ("BPU", "PPU"),
    "bpjs_kes": ("JKN",),
}

SCHEME_LABELS = {
    "BPU": "JKK dan JKM (BPU)",
    "PPU": "JKK dan JKM (PPU)",
    "JKN": "JKN Kelas III",
}

@dataclass(frozen=True)
class Row:
    """One figures-table row: exact arithmetic, count x months x premium = subtotal."""

    body: str
    scheme: str
    roles: tuple[str, ...]
    count: int
    months: int
    premium: int
    subtotal: int


def letter_lines(budget: Budget, kind: str) -> list[BudgetLine]:
    """Budget lines a letter quotes (by scheme), zero-count lines dropped."""
    schemes = KIND_SCHEMES[kind]
    return [x for x in budget.lines if x.scheme in schemes and x.count > 0]


def group_rows(lines: Iterable[BudgetLine]) -> list[Row]:
    """Merge lines across kecamatan by (body, scheme, months, premium), first-seen order."""
    groups: dict[tuple[str, str, int, int], list[BudgetLine]] = {}
    for line in lines:
        groups.setdefault((line.body, line.scheme, line.months, line.premium), []).append(line)
    rows = []
    for (body, scheme, months, premium), members in groups.items():
        roles = tuple(dict.fromkeys(m.role for m in members if m.role))
        rows.append(Row(body, scheme, roles, sum(m.count for m in members), months, premium,
                        sum(m.subtotal for m in members)))
    return rows


def row_label(row: Row, rows: Sequence[Row]) -> str:
    """Body name, plus the roles when the same body and scheme need several rows."""
    siblings = [r for r in rows if (r.body, r.scheme) == (row.body, row.scheme)]
    if len(siblings) > 1 and row.roles:
        return f"{row.body} ({', '.join(row.roles)})"
    return row.body


def rincian(rows: Sequence[Row]) -> list[dict[str, Any]]:
    """Figures-table rows as formatted text for the template."""
    return [
        {
            "no": i,
            "badan": row_label(row, rows),
            "program": SCHEME_LABELS.get(row.scheme, row.scheme),
            "skema": row.scheme,
            "jumlah": angka(row.count),
            "masa_kerja": f"{row.months} bulan",
            "iuran": rupiah(row.premium),
            "subtotal": rupiah(row.subtotal),
        }
        for i, row in enumerate(rows, start=1)
    ]


def _column(df: pd.DataFrame, name: str) -> pd.Series:
    if name in df.columns:
        return df[name]
    return pd.Series([None] * len(df), index=df.index, dtype=object)


def select_participants(roster: Roster, budget: Budget, kind: str,
                        roles: Sequence[RoleSpec] = DEFAULT_ROLES) -> pd.DataFrame:
    """Roster rows a letter lists: people of the roles on its budget lines; for JKN only the
    roles with JKN lines and only people without active JKN.

    Rows map to roles by badan + peran exactly as in compute_budget (roster_roles). A line whose
    role is not one of `roles` (a budget made elsewhere) selects rows of its body instead.
    """
    df = roster.active()
    lines = letter_lines(budget, kind)
    labels = {x.role for x in lines}
    keys = {r.key for r in roles if r.label in labels}
    known = {r.label for r in roles}
    other_bodies = {normalise_body(x.body) for x in lines if x.role not in known}
    row_keys = roster_roles(df, roles)
    mask = row_keys.isin(keys).astype(bool)
    if other_bodies:
        badan = _column(df, "badan").map(lambda v: normalise_body(_cell(v) or "KPPS"))
        mask |= (row_keys.isna() & badan.isin(other_bodies)).astype(bool)
    if kind == "bpjs_kes":
        mask &= jkn_inactive(_column(df, "status_jkn")).astype(bool)
    chosen = df[mask].copy()
    order = [c for c in ("kecamatan", "kelurahan", "tps_no") if c in chosen.columns]
    if order:
        chosen = chosen.sort_values(order, kind="stable", na_position="last")
    return chosen


def _cell(value: Any) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value).strip()


def clean_nik(value: Any) -> str:
    """NIK text without spaces, dots, dashes and quotes (digits are never re-typed)."""
    return nik_digits(_cell(value))


def birth_text(dob: Any, raw: Any) -> str:
    """dd-mm-yyyy from the parsed date, else the raw cell text."""
    if dob is not None and not pd.isna(dob):
        return pd.Timestamp(dob).strftime("%d-%m-%Y")
    return _cell(raw)


def participant_rows(df: pd.DataFrame) -> list[dict[str, str]]:
    """Participants as text records (no, nama, nik, tanggal_lahir, jabatan, tps, ...)."""
    cols = {name: _column(df, name).tolist() for name in (
        "nama", "nik", "dob", "tanggal_lahir", "jabatan", "badan", "tps_no", "tps",
        "kelurahan", "kecamatan", "status_jkn")}
    out = []
    for i in range(len(df)):
        tps = _cell(cols["tps_no"][i]) or _cell(cols["tps"][i])
        out.append({
            "no": str(i + 1),
            "nama": _cell(cols["nama"][i]),
            "nik": clean_nik(cols["nik"][i]),
            "tanggal_lahir": birth_text(cols["dob"][i], cols["tanggal_lahir"][i]),
            "jabatan": _cell(cols["jabatan"][i]),
            "badan": _cell(cols["badan"][i]) or "KPPS",
            "tps": tps,
            "kelurahan": _cell(cols["kelurahan"][i]),
            "kecamatan": _cell(cols["kecamatan"][i]),
            "status_jkn": _cell(cols["status_jkn"][i]),
        })
    return out


def _participant_roles(df: pd.DataFrame, roles: Sequence[RoleSpec]) -> list[tuple[str, str]]:
    """(role label or "", normalised body) of each listed row, as compute_budget maps it."""
    by_key = {r.key: r for r in roles}
    keys = roster_roles(df, roles).tolist()
    badan = _column(df, "badan").tolist()
    out = []
    for key, raw in zip(keys, badan, strict=True):
        role = by_key.get(key) if isinstance(key, str) else None
        out.append((role.label, normalise_body(role.body)) if role else
                   ("", normalise_body(_cell(raw) or "KPPS")))
    return out


def named_per_row(chosen: pd.DataFrame, rows: Sequence[Row],
                  roles: Sequence[RoleSpec] = DEFAULT_ROLES) -> list[int]:
    """How many listed people stand behind each figures row's count.

    A person counts on the first row that names their role, else on the first row of their
    body; BPJS TK rows and JKN rows are matched separately (the same people may be on both).
    """
    named = [0] * len(rows)
    if chosen.empty:
        return named
    pairs = pd.Series(_participant_roles(chosen, roles)).value_counts().to_dict()
    for jkn in (False, True):
        group = [i for i, r in enumerate(rows) if (r.scheme == "JKN") == jkn]
        for (label, body), n in pairs.items():
            hit = next((i for i in group if label and label in rows[i].roles), None)
            if hit is None:
                hit = next((i for i in group if normalise_body(rows[i].body) == body), None)
            if hit is not None:
                named[hit] += n
    return named


def _body_counts(rows: Sequence[Row], named: Sequence[int]) -> dict[str, tuple[int, int]]:
    """body -> (people in the figures, names listed), each person once (TK rows if any)."""
    tk = [(r, n) for r, n in zip(rows, named, strict=True) if r.scheme != "JKN"]
    pairs = tk or list(zip(rows, named, strict=True))
    out: dict[str, tuple[int, int]] = {}
    for row, n in pairs:
        count, listed = out.get(row.body, (0, 0))
        out[row.body] = (count + row.count, listed + n)
    return out


def peserta_sentence(rows: Sequence[Row], named: Sequence[int], listed: int, in_letter: bool,
                     with_nik: bool) -> str:
    """Where the names are, and which bodies' counts have no (or not all) names behind them.

    "Daftar nama 76 orang peserta (KPPS) ... terlampir. Jumlah Satlinmas 22 orang dihitung dari
    jumlah petugas yang direncanakan; daftar namanya akan kami sampaikan kemudian."
    """
    bodies = _body_counts(rows, named)
    with_names = [b for b, (_, n) in bodies.items() if n]
    short = [(b, c, n) for b, (c, n) in bodies.items() if n < c]
    extra = " beserta Nomor Induk Kependudukan (NIK)" if with_nik else ""
    if not listed:
        return "Daftar nama peserta akan kami sampaikan kemudian."
    where = "tercantum dalam lampiran surat ini" if in_letter else "terlampir"
    text = f"Daftar nama {angka(listed)} orang peserta ({', '.join(with_names)}){extra} {where}."
    if short:
        items = [f"{b} {angka(c)} orang" + (f" ({angka(n)} nama terlampir)" if n else "")
                 for b, c, n in short]
        joined = items[0] if len(items) == 1 else f"{', '.join(items[:-1])} dan {items[-1]}"
        text += (f" Jumlah {joined} dihitung dari jumlah petugas yang direncanakan, bukan dari "
                 f"daftar nama; daftar nama selengkapnya akan kami sampaikan kemudian.")
    return text


SHOWN_REASONS = 3  # the letter names the most frequent reasons; the lampiran lists them all


def exclusion_sentence(excluded: Sequence[Any]) -> str:
    """Why some roster rows are not in the figures nor the list ("" when none)."""
    from kpps_xl.eligible import reason_counts

    # replaced/resigned officers are not a data problem: they are listed, not apologised for
    excluded = [e for e in excluded if "row.inactive" not in e.codes]
    if not excluded:
        return ""
    reasons = list(reason_counts(excluded).items())
    parts = [f"{why} {angka(n)}" for why, n in reasons[:SHOWN_REASONS]]
    if len(reasons) > SHOWN_REASONS:
        parts.append(f"{len(reasons) - SHOWN_REASONS} alasan lain")
    return (f"Sebanyak {angka(len(excluded))} baris daftar petugas tidak diikutsertakan dalam "
            f"rincian dan daftar nama karena datanya belum lengkap atau belum benar "
            f"({'; '.join(parts)}); rinciannya tercantum pada lembar Dikecualikan dalam berkas "
            f"lampiran dan akan kami sampaikan setelah diperbaiki.")


def default_hal(kind: str, schemes: set[str], nama_pemilihan: str) -> str:
    """Subject line when [surat.<jenis>] hal is not set."""
    if kind == "bpjs_tk":
        return f"Pendaftaran Peserta Jaminan Sosial Ketenagakerjaan bagi Badan Ad Hoc {nama_pemilihan}"
    if kind == "bpjs_kes":
        return f"Pendaftaran Peserta Jaminan Kesehatan Nasional bagi Badan Ad Hoc {nama_pemilihan}"
    has_tk, has_kes = bool(schemes & {"BPU", "PPU"}), "JKN" in schemes
    programme = ("Jaminan Sosial Ketenagakerjaan dan Jaminan Kesehatan" if has_tk and has_kes
                 else "Jaminan Kesehatan" if has_kes else "Jaminan Sosial Ketenagakerjaan")
    return f"Permohonan Fasilitasi Anggaran Iuran {programme} bagi Badan Ad Hoc {nama_pemilihan}"


def programme_text(schemes: set[str]) -> str:
    """The programmes in words, for the body of a letter."""
    parts = []
    if schemes & {"BPU", "PPU"}:
        parts.append("Jaminan Kecelakaan Kerja (JKK) dan Jaminan Kematian (JKM) "
                     "BPJS Ketenagakerjaan")
    if "JKN" in schemes:
        parts.append("Jaminan Kesehatan Nasional (JKN) BPJS Kesehatan")
    return " serta ".join(parts)


def dasar_hukum(ls: LetterSettings, setup: LetterSetup, schemes: set[str]) -> list[str]:
    """Legal basis: the letter's own list, else the preset filtered by programme."""
    if setup.dasar_hukum is not None:
        return list(setup.dasar_hukum)
    wanted = ({"TK"} if schemes & {"BPU", "PPU"} else set()) | ({"KES"} if "JKN" in schemes
                                                                  else set())
    return [text for text, programmes in DASAR_HUKUM_PRESETS[ls.pemilihan]
            if programmes & wanted]


def build_context(kind: str, budget: Budget, people: Sequence[dict[str, str]],
                  ls: LetterSettings, setup: LetterSetup, lampiran_file: str,
                  named: Sequence[int] | None = None,
                  excluded: Sequence[Any] = ()) -> dict[str, Any]:
    """Every variable the templates may use (same keys for all three letters).

    named: listed people behind each figures row (named_per_row); None = all rows named.
    excluded: eligible.Exclusion records (people left out of figures and lists).
    """
    lines = letter_lines(budget, kind)
    rows = group_rows(lines)
    named = list(named) if named is not None else [r.count for r in rows]
    in_letter = 0 < len(people) <= ls.table_limit
    schemes = {x.scheme for x in lines}
    total = sum(r.subtotal for r in rows)
    kantor = ls.kantor
    contact = [f"Email: {kantor.email}" if kantor.email else "",
               f"Laman: {kantor.laman}" if kantor.laman else ""]
    return {
        "jenis": kind,
        "kantor": {
            "instansi": kantor.instansi,
            "wilayah": kantor.wilayah,
            "wilayah_judul": string.capwords(kantor.wilayah),
            "nama": kantor.nama,
            "nama_judul": string.capwords(kantor.nama),
            "alamat": kantor.alamat,
            "kota": kantor.kota,
            "telepon": kantor.telepon,
            "email": kantor.email,
            "laman": kantor.laman,
            "kontak": "   ".join(c for c in contact if c),
        },
        "logo": "",
        "nomor": setup.nomor,
        "sifat": setup.sifat,
        "lampiran": setup.lampiran,
        "hal": setup.hal or default_hal(kind, schemes, ls.nama_pemilihan),
        "tanggal": tanggal(ls.tanggal),
        "tempat_tanggal": f"{kantor.kota}, {tanggal(ls.tanggal)}",
        "tahun": str(ls.tanggal.year),
        "kepada": setup.kepada,
        "di": setup.di,
        "pemilihan": ls.nama_pemilihan,
        "program": programme_text(schemes),
        "dasar_hukum": dasar_hukum(ls, setup, schemes),
        "rincian": rincian(rows),
        "jumlah_orang": angka(people_count(rows)),
        "total": total,
        "total_rupiah": rupiah(total),
        "total_terbilang": terbilang_rupiah(total),
        "total_terbilang_kapital": terbilang_rupiah(total).capitalize(),
        "peserta": list(people) if in_letter else [],
        "peserta_jumlah": angka(len(people)),
        "peserta_jumlah_terbilang": terbilang(len(people)),
        "peserta_tabel": in_letter,
        "peserta_ada": bool(people),
        "peserta_kalimat": peserta_sentence(rows, named, len(people), in_letter,
                                            with_nik=kind != "pemda"),
        "berkas_lampiran": lampiran_file,
        "dikecualikan_ada": bool(exclusion_sentence(excluded)),
        "dikecualikan_jumlah": angka(len(excluded)),
        "dikecualikan_kalimat": exclusion_sentence(excluded),
        "ttd": {"jabatan": ls.signer.jabatan, "nama": ls.signer.nama, "nip": ls.signer.nip},
        "tembusan": list(setup.tembusan),
    }
