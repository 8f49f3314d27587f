"""compute_budget: head counts from rosters and settings -> integer-rupiah budget lines."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from kpps_xl.budget.config import BudgetConfig, budget_config
from kpps_xl.budget.model import Budget, BudgetLine
from kpps_xl.budget.roles import RoleSpec, match_table, normalise_body
from kpps_xl.errors import InputError
from kpps_xl.roster.model import Roster
from kpps_xl.roster.places import key_series, place_key
from kpps_xl.settings import Settings, SettingsError

Kec = str | None


@dataclass
class Tally:
    """Head counts gathered from rosters (mutable only while counting)."""

    people: Counter[tuple[Kec, str]] = field(default_factory=Counter)  # (kec, role) -> n
    no_jkn: Counter[tuple[Kec, str]] = field(default_factory=Counter)  # without active JKN
    bodies: set[str] = field(default_factory=set)  # normalised bodies seen in rosters
    keys: set[str] = field(default_factory=set)  # role keys with at least one roster row
    tps: list[pd.DataFrame] = field(default_factory=list)  # unique (kec, place) per roster
    kelurahan: list[pd.DataFrame] = field(default_factory=list)
    kecamatan: set[str] = field(default_factory=set)
    kec_names: dict[str, str] = field(default_factory=dict)  # place key -> name as first typed
    jkn_known: bool = False


def _text_or_none(value: object) -> str | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    text = str(value).strip()
    return text or None


def _column(df: pd.DataFrame, name: str) -> pd.Series:
    if name in df.columns:
        return df[name]
    return pd.Series(pd.NA, index=df.index, dtype="object")


# Words of a status_jkn cell (casefolded, letters only). Any negation makes the status
# inactive ("nonaktif", "tidak aktif", "belum", "non-aktif", "menunggak": a PBPU in arrears is
# deactivated); otherwise a positive word makes it active ("aktif", "Ya", "Ada", "Sudah aktif",
# a tick, "1", or the JKN segment or programme the person is in: "PBI APBD", "PBPU", "PPU",
# "Mandiri", "KIS", "Kelas 3", "Askes", "PNS"); anything else (empty, "-", unknown, a card number
# alone) is inactive. A segment written out or negated is still a segment: "Non PBI" and "Bukan
# PBI" (a participant paying their own premium), "Penerima Bantuan Iuran", "Pekerja Penerima
# Upah", "Bukan Penerima Upah".
_JKN_NEGATIONS = frozenset({"tidak", "tdk", "tak", "non", "belum", "blm", "bukan", "mati",
                            "tanpa", "no", "false", "nggak", "gak", "kosong", "menunggak",
                            "tunggakan", "nunggak", "diblokir", "dibekukan", "kadaluarsa",
                            "kedaluwarsa", "expired"})
_JKN_SEGMENTS = frozenset({"pbi", "nonpbi", "pbpu", "ppu", "bpu", "bp", "mandiri", "kis",
                           "jkn", "uhc", "askes", "jamkesda", "jamkesmas", "pns", "asn", "tni",
                           "polri", "kelas", "kls"})
_JKN_POSITIVES = _JKN_SEGMENTS | {"aktif", "ya", "y", "ada", "sudah", "yes", "true", "punya",
                                  "terdaftar", "v", "peserta", "bpjs"}
_JKN_TICKS = frozenset({"√", "✓", "✔", "1"})
# Segments written out (or negated: "non PBI" is a segment, not a missing card), as one word.
_JKN_PHRASES = ((re.compile(r"\b(?:pekerja )?bukan penerima upah\b"), "pbpu"),
                (re.compile(r"\bpekerja penerima upah\b"), "ppu"),
                (re.compile(r"\bbukan penerima bantuan iuran\b"), "nonpbi"),
                (re.compile(r"\bpenerima bantuan iuran\b"), "pbi"),
                (re.compile(r"\b(?:non|bukan) ?pbi\b"), "nonpbi"))
_WORDS = re.compile(r"[^\W\d_]+")


def _jkn_words(text: str) -> list[str]:
    """The words of a status cell, written-out and negated segments as one segment word."""
    joined = " ".join(_WORDS.findall(text.casefold()))
    for pattern, word in _JKN_PHRASES:
        joined = pattern.sub(word, joined)
    return joined.split()


def jkn_active_text(value: object) -> bool:
    """True when one status_jkn cell says the person's JKN is active (see jkn_inactive)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return False
    text = str(value).strip()
    if "?" in text:  # "PBI?": the clerk is not sure, and unknown counts as not active
        return False
    words = _jkn_words(text)
    if any(w in _JKN_NEGATIONS or (w.startswith("non") and w not in _JKN_SEGMENTS)
           for w in words):
        return False
    return text in _JKN_TICKS or any(w in _JKN_POSITIVES for w in words)


def jkn_inactive(status: pd.Series) -> pd.Series:
    """True where the JKN status is not active; unknown counts as not active.

    Active: "Aktif", "aktif (PBI)", "Ya", "Ada", "Sudah aktif", "PBI APBD", "Non PBI",
    "Mandiri kelas 3", "√", "1".
    Not active: "Nonaktif", "Tidak aktif", "Tidak punya", "Belum", "Menunggak", "PBI?",
    "aktif/nonaktif" (both: unknown), "-", "0", empty.
    The one rule for who needs JKN: the budget counts them and the BPJS Kesehatan letter lists
    them.
    """
    codes, uniques = pd.factorize(status, use_na_sentinel=True)
    active = np.array([jkn_active_text(u) for u in uniques] + [False], dtype=bool)
    return pd.Series(~active[codes], index=status.index)  # code -1 (missing) -> last: False


def _first_row(df: pd.DataFrame, mask: pd.Series) -> str:
    row = df.loc[mask].iloc[0]
    parts = [_text_or_none(row.get(c)) for c in ("_file", "_sheet", "_row")]
    return ", ".join(f"{label} {p}" for label, p in zip(("berkas", "lembar", "baris"), parts,
                                                         strict=True) if p)


def _role_key(table: Mapping[tuple[str, str | None], str], badan_raw: object,
              peran_raw: object) -> tuple[str, str | None]:
    """(normalised body, role key or None) of a roster row's badan and peran (empty = KPPS)."""
    body = normalise_body(_text_or_none(badan_raw) or "KPPS")
    peran = (_text_or_none(peran_raw) or "").casefold() or None
    return body, table.get((body, peran)) or table.get((body, None))


def roster_roles(df: pd.DataFrame, roles: Sequence[RoleSpec]) -> pd.Series:
    """The budget role key of every roster row (None when no role covers its badan/peran).

    The same mapping compute_budget counts with; the letters use it to list the people of the
    budgeted roles.
    """
    if df.empty:
        return pd.Series([], index=df.index, dtype=object)
    table = match_table(tuple(roles))
    pairs = pd.DataFrame({"badan": _column(df, "badan"), "peran": _column(df, "peran")})
    codes, uniques = pd.factorize(pd.MultiIndex.from_frame(pairs.astype(object)),
                                  use_na_sentinel=False)
    keys = np.array([_role_key(table, b, p)[1] for b, p in uniques], dtype=object)
    return pd.Series(keys[codes], index=df.index, dtype=object)


def tally_roster(roster: Roster, config: BudgetConfig, tally: Tally) -> None:
    """Add one roster's people, TPS and kelurahan to the tally (grouped, not row by row)."""
    df = roster.active()
    if df.empty:
        return
    status = _column(df, "status_jkn")
    tally.jkn_known = tally.jkn_known or bool(status.notna().any())
    frame = pd.DataFrame({
        "kec": _kecamatan_names(_column(df, "kecamatan"), tally),
        "badan": _column(df, "badan"),
        "peran": _column(df, "peran"),
        "no_jkn": jkn_inactive(status),
    })
    groups = frame.groupby(["kec", "badan", "peran"], dropna=False, sort=False)["no_jkn"]
    table = match_table(config.roles)
    for (kec_raw, badan_raw, peran_raw), (size, no_jkn) in groups.agg(["size", "sum"]).iterrows():
        body, key = _role_key(table, badan_raw, peran_raw)
        if key is None:
            mask = frame["badan"].astype("string").str.strip() == str(badan_raw).strip()
            raise InputError(
                f"Badan '{badan_raw}' ({_first_row(df, mask.fillna(False))}) tidak dikenal untuk "
                f"anggaran. Tambahkan [anggaran.peran.<kode>] dengan badan = \"{badan_raw}\", "
                f"jabatan, skema, bulan dan honor di kpps-xl.toml."
            )
        kec = _text_or_none(kec_raw)
        tally.people[(kec, key)] += int(size)
        tally.no_jkn[(kec, key)] += int(no_jkn)
        tally.bodies.add(body)
        tally.keys.add(key)
        if kec:
            tally.kecamatan.add(kec)
    kec = frame["kec"].astype("string").str.strip()
    for name, source in (("tps", "tps_key"), ("kelurahan", "kelurahan")):
        pairs = pd.DataFrame({"kec": kec, "place": _column(df, source).astype("string")})
        pairs = pairs.dropna(subset=["place"]).drop_duplicates()
        pairs["place"] = pairs["place"].str.strip()
        if name == "kelurahan":
            pairs["place"] = key_series(pairs["place"], "kelurahan")
        getattr(tally, name).append(pairs.drop_duplicates())


def _kecamatan_names(kecamatan: pd.Series, tally: Tally) -> pd.Series:
    """Every row's kecamatan under one name per place key ('IPUH', 'Kec. Ipuh' -> first typed),
    across all rosters of the tally; None where no kecamatan is known."""
    keys = key_series(kecamatan, "kecamatan")
    present = kecamatan.notna() & (keys != "")
    firsts = kecamatan[present].astype("string").str.strip().groupby(keys[present], sort=False).first()
    for key, name in firsts.items():
        tally.kec_names.setdefault(str(key), str(name))
    return keys.map(tally.kec_names).astype(object).where(present, None)


def _per_kecamatan(frames: list[pd.DataFrame]) -> dict[Kec, int]:
    """Distinct places per kecamatan over all rosters."""
    if not frames:
        return {}
    pairs = pd.concat(frames, ignore_index=True).drop_duplicates()
    sizes = pairs.groupby("kec", dropna=False, sort=False).size()
    return {_text_or_none(kec): int(n) for kec, n in sizes.items() if n}


def _structure(tally: Tally, config: BudgetConfig) -> tuple[dict[str, dict[Kec, int]], list[str]]:
    """TPS / kelurahan / kecamatan counts by kecamatan: from rosters, else from settings."""
    notes: list[str] = []
    found = {
        "tps": _per_kecamatan(tally.tps),
        "kelurahan": _per_kecamatan(tally.kelurahan),
        "kecamatan": {kec: 1 for kec in tally.kecamatan},
    }
    typed = {"tps": config.tps, "kelurahan": config.kelurahan, "kecamatan": config.kecamatan}
    out: dict[str, dict[Kec, int]] = {}
    for name, from_roster in found.items():
        if from_roster:
            out[name] = from_roster
            if typed[name] is not None and typed[name] != sum(from_roster.values()):
                notes.append(f"anggaran.jumlah_{name} = {typed[name]} diabaikan: daftar memuat "
                             f"{sum(from_roster.values())} {name}.")
        elif typed[name] is not None:
            out[name] = {None: typed[name]}
    return out, notes


Counts = dict[Kec, int]


def _jkn_from_settings(role: RoleSpec, people: Counts, notes: list[str]) -> Counts:
    """People without active JKN for a role counted from settings (jumlah or per_*).

    No jumlah_jkn: everyone. A whole-number jumlah_jkn is a total for the kab/kota (one line
    without kecamatan); a table is per kecamatan (a kecamatan it does not list keeps everyone
    when jumlah is per kecamatan too). jumlah_jkn larger than the people it is part of is an error.
    """
    setting = f"anggaran.peran.{role.key}.jumlah_jkn"
    given = role.jkn_count
    if given is None:
        return dict(people)
    if not role.jkn:
        notes.append(f"{setting} diabaikan: JKN tidak dianggarkan untuk {role.label} "
                     f"(isi jkn = true).")
    total, given_total = sum(people.values()), sum(given.values())
    if given_total > total:
        raise SettingsError(
            f"Pengaturan '{setting}' ({given_total:,}) lebih besar dari jumlah {role.label} "
            f"({total:,}).".replace(",", ".")
        )
    if None in given:  # one figure for the whole kab/kota
        return {None: given[None]}
    per_kec = None not in people
    if per_kec:
        unknown = sorted(k for k in given if k not in people)
        if unknown:
            raise SettingsError(
                f"Pengaturan '{setting}' memuat kecamatan yang tidak ada di jumlah "
                f"{role.label}: {', '.join(str(k) for k in unknown)}."
            )
        for kec, n in given.items():
            if n > people[kec]:
                raise SettingsError(
                    f"Pengaturan '{setting}.{kec}' ({n:,}) lebih besar dari jumlah {role.label} "
                    f"di kecamatan itu ({people[kec]:,}).".replace(",", ".")
                )
        return {kec: given.get(kec, n) for kec, n in people.items()}
    return dict(given)


def _role_counts(role: RoleSpec, tally: Tally, structure: Mapping[str, Mapping[Kec, int]],
                 notes: list[str]) -> tuple[Counts, Counts]:
    """(people by kecamatan, people without active JKN by kecamatan) for one role.

    A role is counted from the rosters when its own body is in them, or when roster rows map
    to it from another body (PPK + peran sekretaris/pelaksana -> Sekretariat PPK roles).
    """
    body = normalise_body(role.body)
    if body in tally.bodies or role.key in tally.keys:
        for key, value in (("jumlah", role.count), ("jumlah_jkn", role.jkn_count)):
            if value is not None:
                notes.append(f"anggaran.peran.{role.key}.{key} diabaikan: jumlah {role.label} "
                             f"dihitung dari daftar.")
        people = {kec: n for (kec, key), n in tally.people.items() if key == role.key}
        return people, {kec: tally.no_jkn[(kec, role.key)] for kec in people}
    if role.count is not None:
        people = _as_roster_kecamatan(role.count, tally, f"anggaran.peran.{role.key}.jumlah",
                                      notes, role.label)
    else:
        derived: Counter[Kec] = Counter()
        for name, per in (("tps", role.per_tps), ("kelurahan", role.per_kelurahan),
                          ("kecamatan", role.per_kecamatan)):
            if not per:
                continue
            if name not in structure:
                notes.append(f"{role.label}: per_{name} = {per} tidak dapat dihitung karena "
                             f"jumlah {name} tidak diketahui (isi anggaran.jumlah_{name} atau "
                             f"beri daftar).")
                continue
            for kec, places in structure[name].items():
                derived[kec] += per * places
        people = dict(derived)
    if role.jkn_count is not None:
        role = replace(role, jkn_count=_as_roster_kecamatan(
            role.jkn_count, tally, f"anggaran.peran.{role.key}.jumlah_jkn", notes))
    return people, _jkn_from_settings(role, people, notes)


def _as_roster_kecamatan(counts: Mapping[Kec, int], tally: Tally, setting: str,
                         notes: list[str], label: str | None = None) -> Counts:
    """Counts typed per kecamatan under the rosters' kecamatan names.

    'Kec. Lubuk Pinang' typed in the settings is the roster's 'LUBUK PINANG' (one place key,
    one budget line). A kecamatan no roster has is kept as typed and noted (a typo, or an office
    beyond this roster); with label, a roster kecamatan the table leaves out is noted too.
    """
    if None in counts or not tally.kec_names:
        return dict(counts)
    out: Counter[Kec] = Counter()
    unknown = []
    for kec, n in counts.items():
        name = tally.kec_names.get(place_key(kec, "kecamatan"))
        if name is None:
            unknown.append(str(kec))
        out[name or kec] += n
    if unknown:
        notes.append(f"{setting}: kecamatan {', '.join(unknown)} tidak ada di daftar petugas; "
                     "tetap dihitung seperti diketik (periksa ejaannya).")
    left = sorted(set(tally.kec_names.values()) - set(out))
    if label is not None and left:
        notes.append(f"{setting} tidak memuat kecamatan {', '.join(left)} dari daftar petugas: "
                     f"{label} di sana dihitung 0 orang.")
    return dict(out)


def _lines(config: BudgetConfig, role: RoleSpec, people: Mapping[Kec, int],
           no_jkn: Mapping[Kec, int]) -> list[BudgetLine]:
    scheme = config.schemes[role.scheme]
    base = scheme.base_for(role.honorarium)
    premium = scheme.premium(base)
    jkn = config.schemes["JKN"]
    lines = [BudgetLine(kecamatan=kec, body=role.body, role=role.label, scheme=scheme.code,
                        count=n, months=role.months, base=base, rate=scheme.rate_text(),
                        premium=premium, subtotal=n * role.months * premium)
             for kec, n in people.items()]
    if role.jkn:
        lines.extend(BudgetLine(kecamatan=kec, body=role.body, role=role.label, scheme=jkn.code,
                                count=n, months=role.months, base=0, rate=jkn.rate_text(),
                                premium=jkn.flat, subtotal=n * role.months * jkn.flat)
                     for kec, n in no_jkn.items())
    return lines


def _as_list(rosters: Roster | Sequence[Roster] | None) -> list[Roster]:
    if rosters is None:
        return []
    if isinstance(rosters, Roster):
        return [rosters]
    return list(rosters)


def budget_from_config(rosters: Roster | Sequence[Roster] | None, config: BudgetConfig
                       ) -> Budget:
    """The budget for already-validated settings."""
    tally = Tally()
    for roster in _as_list(rosters):
        tally_roster(roster, config, tally)
    structure, notes = _structure(tally, config)
    notes[:0] = config.notes
    lines: list[BudgetLine] = []
    order = {role.key: i for i, role in enumerate(config.roles)}
    for role in config.roles:
        lines.extend(_lines(config, role, *_role_counts(role, tally, structure, notes)))
    if tally.bodies and not tally.jkn_known and any(r.jkn for r in config.roles):
        notes.append("Kolom status JKN kosong: semua orang dihitung belum punya JKN aktif.")
    label_order = {config.roles[i].label: i for i in order.values()}
    lines.sort(key=lambda x: (x.kecamatan is None, x.kecamatan or "", label_order[x.role],
                              x.scheme == "JKN"))
    return Budget(lines=tuple(lines), total=sum(x.subtotal for x in lines), notes=tuple(notes))


def compute_budget(rosters: Roster | Sequence[Roster] | None,
                   settings: Settings | None = None) -> Budget:
    """Budget of BPJS premiums for a roster, several rosters, or settings counts alone."""
    return budget_from_config(rosters, budget_config(settings or Settings()))
