"""The [kantor] and [surat] sections of kpps-xl.toml, parsed and checked for letters."""

from __future__ import annotations

import datetime as dt
import string
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kpps_xl.letters.formatting import bulan_romawi
from kpps_xl.settings import Settings, SettingsError, check_known_keys, parse_date

LETTER_KINDS = ("pemda", "bpjs_tk", "bpjs_kes")

LETTER_TITLES = {
    "pemda": "surat permohonan anggaran ke Pemda",
    "bpjs_tk": "surat pendaftaran ke BPJS Ketenagakerjaan",
    "bpjs_kes": "surat pendaftaran ke BPJS Kesehatan",
}

NOMOR_FIELDS = ("urut", "tahun", "bulan", "bulan_romawi", "kode_satker", "kode_klasifikasi")

_KANTOR_KEYS = ("instansi", "wilayah", "alamat", "kota", "telepon", "email", "laman", "logo")
_SURAT_KEYS = (
    "tanggal", "pemilihan", "nama_pemilihan", "nomor_pola", "kode_satker", "kode_klasifikasi",
    "sifat", "lampiran", "batas_tabel_lampiran", "tembusan", "dasar_hukum", "jenis",
    "penanda_tangan", *LETTER_KINDS,
)
_SIGNER_KEYS = ("jabatan", "nama", "nip")
_LETTER_KEYS = (
    "kepada", "di", "hal", "urut", "nomor", "kode_klasifikasi", "sifat", "lampiran",
    "tembusan", "dasar_hukum", "templat",
)

# Legal-basis presets: (text, programmes it supports: "TK" = JKK/JKM, "KES" = JKN).
_PKPU_8_2022 = (
    "Peraturan Komisi Pemilihan Umum Nomor 8 Tahun 2022 tentang Pembentukan dan Tata Kerja "
    "Badan Ad Hoc Penyelenggara Pemilihan Umum dan Pemilihan Gubernur dan Wakil Gubernur, "
    "Bupati dan Wakil Bupati, serta Wali Kota dan Wakil Wali Kota"
)
_PP_44_2015 = (
    "Peraturan Pemerintah Nomor 44 Tahun 2015 tentang Penyelenggaraan Program Jaminan "
    "Kecelakaan Kerja dan Jaminan Kematian sebagaimana telah diubah terakhir dengan Peraturan "
    "Pemerintah Nomor 49 Tahun 2023"
)
_INPRES_1_2022 = (
    "Instruksi Presiden Nomor 1 Tahun 2022 tentang Optimalisasi Pelaksanaan Program Jaminan "
    "Kesehatan Nasional"
)
DASAR_HUKUM_PRESETS: Mapping[str, tuple[tuple[str, frozenset[str]], ...]] = {
    "pemilu": (
        ("Undang-Undang Nomor 7 Tahun 2017 tentang Pemilihan Umum", frozenset({"TK", "KES"})),
        (_PKPU_8_2022, frozenset({"TK", "KES"})),
        (_PP_44_2015, frozenset({"TK"})),
        ("Instruksi Presiden Nomor 2 Tahun 2021 tentang Optimalisasi Pelaksanaan Program "
         "Jaminan Sosial Ketenagakerjaan", frozenset({"TK"})),
        (_INPRES_1_2022, frozenset({"KES"})),
        ("Surat Edaran Bersama Menteri Dalam Negeri Nomor 400.5/6257/SJ, Ketua Komisi "
         "Pemilihan Umum Nomor 20 Tahun 2023, Ketua Badan Pengawas Pemilihan Umum Nomor "
         "3576.1/PM.04/K1/11/2023, dan Direktur Utama Badan Penyelenggara Jaminan Sosial "
         "Kesehatan Nomor 2 Tahun 2023 tanggal 20 November 2023 tentang Pelaksanaan Skrining "
         "Riwayat Kesehatan dan Optimalisasi Kepesertaan Aktif Jaminan Kesehatan Nasional bagi "
         "Petugas Penyelenggara Pemilu dan Pilkada Tahun 2024 di Lingkungan Pemerintah Daerah",
         frozenset({"KES"})),
    ),
    "pilkada": (
        ("Undang-Undang Nomor 10 Tahun 2016 tentang Perubahan Kedua atas Undang-Undang Nomor 1 "
         "Tahun 2015 tentang Penetapan Peraturan Pemerintah Pengganti Undang-Undang Nomor 1 "
         "Tahun 2014 tentang Pemilihan Gubernur, Bupati, dan Walikota menjadi Undang-Undang, "
         "khususnya Pasal 166 ayat (1)", frozenset({"TK", "KES"})),
        (_PKPU_8_2022, frozenset({"TK", "KES"})),
        (_PP_44_2015, frozenset({"TK"})),
        ("Surat Menteri Dalam Negeri Nomor 400.5.7/4295/SJ tanggal 3 September 2024 mengenai "
         "Jaminan Kecelakaan Kerja dan Jaminan Kematian bagi Badan Ad Hoc Penyelenggara "
         "Pemilihan Tahun 2024", frozenset({"TK"})),
        (_INPRES_1_2022, frozenset({"KES"})),
    ),
}

NAMA_PEMILIHAN = {
    "pemilu": "Pemilihan Umum Tahun 2024",
    "pilkada": "Pemilihan Gubernur dan Wakil Gubernur, Bupati dan Wakil Bupati, serta "
               "Wali Kota dan Wakil Wali Kota Tahun 2024",
}

DEFAULT_TEMBUSAN = ("Arsip",)


@dataclass(frozen=True)
class Kantor:
    """Office identity for the kop and the place of the date."""

    instansi: str
    wilayah: str
    alamat: str
    kota: str
    telepon: str = ""
    email: str = ""
    laman: str = ""
    logo: Path | None = None

    @property
    def nama(self) -> str:
        """Full office name, e.g. KOMISI PEMILIHAN UMUM KABUPATEN MUKOMUKO."""
        return f"{self.instansi} {self.wilayah}"


@dataclass(frozen=True)
class Signer:
    """Who signs: jabatan (without the trailing comma), name, NIP only when given."""

    jabatan: str
    nama: str
    nip: str = ""


@dataclass(frozen=True)
class LetterSetup:
    """Everything one letter needs from the settings, already resolved and checked."""

    kind: str
    kepada: str
    di: str
    hal: str | None
    nomor: str
    sifat: str
    lampiran: str
    tembusan: tuple[str, ...]
    dasar_hukum: tuple[str, ...] | None
    template: Path | None


@dataclass(frozen=True)
class LetterSettings:
    """Shared letter settings plus the raw per-letter sections."""

    kantor: Kantor
    signer: Signer
    tanggal: dt.date
    pemilihan: str
    nama_pemilihan: str
    table_limit: int
    kinds: tuple[str, ...]
    surat: Mapping[str, Any]
    base_dir: Path
    region_code: str | None


def _table(raw: Mapping[str, Any], key: str, where: str) -> Mapping[str, Any]:
    value = raw.get(key, {})
    if not isinstance(value, Mapping):
        raise SettingsError(f"Pengaturan '{where}.{key}' harus berupa tabel [{where}.{key}].")
    return value


def _text(raw: Mapping[str, Any], key: str, where: str, default: str | None = None) -> str:
    """A text setting; missing/empty without default is an error naming '<where>.<key>'."""
    value = raw.get(key)
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if value is None or (isinstance(value, str) and not value.strip()):
        if default is None:
            raise SettingsError(
                f"Pengaturan '{where}.{key}' belum diisi: tambahkan {key} = \"...\" "
                f"di bagian [{where}] kpps-xl.toml."
            )
        return default
    if not isinstance(value, str):
        raise SettingsError(f"Pengaturan '{where}.{key}' harus teks, bukan {value!r}.")
    return value.strip()


def _text_list(raw: Mapping[str, Any], key: str, where: str) -> tuple[str, ...] | None:
    value = raw.get(key)
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise SettingsError(
            f"Pengaturan '{where}.{key}' harus daftar teks, mis. [\"Arsip\"]."
        )
    return tuple(v.strip() for v in value)


def _path(raw: Mapping[str, Any], key: str, where: str, base_dir: Path) -> Path | None:
    text = _text(raw, key, where, default="")
    if not text:
        return None
    path = Path(text).expanduser()
    path = path if path.is_absolute() else base_dir / path
    if not path.is_file():
        raise SettingsError(f"Berkas pada pengaturan '{where}.{key}' tidak ditemukan: {path}")
    return path


def parse_kantor(raw: Mapping[str, Any], base_dir: Path) -> Kantor:
    """Office identity from [kantor]."""
    check_known_keys(raw, _KANTOR_KEYS, "kantor")
    return Kantor(
        instansi=_text(raw, "instansi", "kantor", "KOMISI PEMILIHAN UMUM"),
        wilayah=_text(raw, "wilayah", "kantor"),
        alamat=_text(raw, "alamat", "kantor"),
        kota=_text(raw, "kota", "kantor"),
        telepon=_text(raw, "telepon", "kantor", ""),
        email=_text(raw, "email", "kantor", ""),
        laman=_text(raw, "laman", "kantor", ""),
        logo=_path(raw, "logo", "kantor", base_dir),
    )


def _table_limit(raw: Mapping[str, Any]) -> int:
    value = raw.get("batas_tabel_lampiran", 50)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 5000:
        raise SettingsError(
            f"Pengaturan 'surat.batas_tabel_lampiran' harus bilangan bulat 0-5000, bukan {value!r}."
        )
    return value


def _kinds(raw: Mapping[str, Any]) -> tuple[str, ...]:
    value = raw.get("jenis", list(LETTER_KINDS))
    if not isinstance(value, list) or not value or any(v not in LETTER_KINDS for v in value):
        raise SettingsError(
            f"Pengaturan 'surat.jenis' harus daftar berisi {', '.join(LETTER_KINDS)}, "
            f"bukan {value!r}."
        )
    return tuple(k for k in LETTER_KINDS if k in value)


def _empty(raw: object, key: str) -> bool:
    value = raw.get(key) if isinstance(raw, Mapping) else None
    return value is None or (isinstance(value, str) and not value.strip())


def missing_letter_settings(settings: Settings) -> list[str]:
    """The shared letter settings ([kantor], the signer) that have no default and are not
    filled in: a clerk with a half-filled kpps-xl.toml learns them at once, not one per run."""
    kantor, surat = settings.section("kantor"), settings.section("surat")
    missing = [f"kantor.{key}" for key in ("wilayah", "alamat", "kota") if _empty(kantor, key)]
    signer = surat.get("penanda_tangan") if isinstance(surat, Mapping) else None
    if _empty(signer, "nama"):
        missing.append("surat.penanda_tangan.nama")
    return missing


def parse_letter_settings(settings: Settings, today: dt.date | None = None) -> LetterSettings:
    """Shared letter settings from [kantor] and [surat]; SettingsError names what is wrong."""
    base_dir = Path(settings.source).resolve().parent if settings.source else Path.cwd()
    kantor_raw = settings.section("kantor")
    missing = missing_letter_settings(settings)
    if len(missing) > 1 and kantor_raw:
        raise SettingsError(
            f"Pengaturan surat belum lengkap; belum diisi: {', '.join(missing)}. Isi di "
            "kpps-xl.toml (contoh berkomentar: kpps-xl init), lalu jalankan lagi."
        )
    if not kantor_raw:
        raise SettingsError(
            "Bagian [kantor] belum ada di kpps-xl.toml: isi minimal wilayah, alamat dan kota "
            "(contoh berkomentar: kpps-xl init)."
        )
    kantor = parse_kantor(kantor_raw, base_dir)
    surat = settings.section("surat")
    check_known_keys(surat, _SURAT_KEYS, "surat")
    signer_raw = _table(surat, "penanda_tangan", "surat")
    check_known_keys(signer_raw, _SIGNER_KEYS, "surat.penanda_tangan")
    signer = Signer(
        jabatan=_text(signer_raw, "jabatan", "surat.penanda_tangan", f"KETUA {kantor.nama}"),
        nama=_text(signer_raw, "nama", "surat.penanda_tangan"),
        nip=_text(signer_raw, "nip", "surat.penanda_tangan", ""),
    )
    pemilihan = _text(surat, "pemilihan", "surat", "pemilu").lower()
    if pemilihan not in DASAR_HUKUM_PRESETS:
        raise SettingsError(
            f"Pengaturan 'surat.pemilihan' harus \"pemilu\" atau \"pilkada\", bukan {pemilihan!r}."
        )
    tanggal = (parse_date(surat["tanggal"], "surat.tanggal") if "tanggal" in surat
               else today or dt.date.today())
    return LetterSettings(
        kantor=kantor,
        signer=signer,
        tanggal=tanggal,
        pemilihan=pemilihan,
        nama_pemilihan=_text(surat, "nama_pemilihan", "surat", NAMA_PEMILIHAN[pemilihan]),
        table_limit=_table_limit(surat),
        kinds=_kinds(surat),
        surat=surat,
        base_dir=base_dir,
        region_code=settings.region_code,
    )


def format_nomor(pattern: str, values: Mapping[str, str], setting: str) -> str:
    """Fill the nomor pattern; unknown or unfilled placeholders are errors naming the setting."""
    try:
        fields = [(name, spec, conv) for _, name, spec, conv in string.Formatter().parse(pattern)
                  if name is not None]
    except ValueError as exc:
        raise SettingsError(f"Pola pada pengaturan '{setting}' tidak sah: {exc}.") from exc
    names = [name for name, _, _ in fields]
    for name, spec, conv in fields:
        if spec or conv:
            written = "{" + name + (f"!{conv}" if conv else "") + (f":{spec}" if spec else "") + "}"
            raise SettingsError(
                f"Pola pada pengaturan '{setting}' memakai format {written}: tulis {{{name}}} "
                f"saja, tanpa ':' atau '!' ({{bulan}} sudah dua angka, {{tahun}} empat angka; "
                f"tulis nol di depan nomor urut pada 'urut')."
            )
    unknown = sorted({n for n in names if n not in NOMOR_FIELDS})
    if unknown:
        raise SettingsError(
            f"Pola pada pengaturan '{setting}' memakai {{{', '.join(unknown)}}} yang tidak dikenal. "
            f"Yang dikenal: {', '.join('{' + n + '}' for n in NOMOR_FIELDS)}."
        )
    for name in names:
        if not values.get(name):
            key = "surat.kode_satker" if name == "kode_satker" else f"surat.{name}"
            raise SettingsError(
                f"Pola pada pengaturan '{setting}' memakai {{{name}}}, tetapi '{key}' belum diisi."
            )
    return pattern.format_map(dict(values))


def letter_setup(ls: LetterSettings, kind: str) -> LetterSetup:
    """Resolve one letter's settings ([surat.<kind>] over [surat]); errors name the setting."""
    where = f"surat.{kind}"
    raw = _table(ls.surat, kind, "surat")
    check_known_keys(raw, _LETTER_KEYS, where)
    kepada = _text(raw, "kepada", where)
    nomor = _text(raw, "nomor", where, "")
    if not nomor:
        pattern = _text(ls.surat, "nomor_pola", "surat")
        values = {
            "urut": _text(raw, "urut", where, "……"),
            "tahun": str(ls.tanggal.year),
            "bulan": f"{ls.tanggal.month:02d}",
            "bulan_romawi": bulan_romawi(ls.tanggal),
            "kode_satker": _text(ls.surat, "kode_satker", "surat", ls.region_code or ""),
            "kode_klasifikasi": _text(raw, "kode_klasifikasi", where,
                                      _text(ls.surat, "kode_klasifikasi", "surat", "")),
        }
        nomor = format_nomor(pattern, values, "surat.nomor_pola")
    tembusan = _text_list(raw, "tembusan", where)
    if tembusan is None:  # [] (here or in [surat]) means no tembusan at all
        tembusan = _text_list(ls.surat, "tembusan", "surat")
    if tembusan is None:
        tembusan = DEFAULT_TEMBUSAN
    dasar = _text_list(raw, "dasar_hukum", where)
    if dasar is None:
        dasar = _text_list(ls.surat, "dasar_hukum", "surat")
    return LetterSetup(
        kind=kind,
        kepada=kepada,
        di=_text(raw, "di", where, "Tempat"),
        hal=_text(raw, "hal", where, "") or None,
        nomor=nomor,
        sifat=_text(raw, "sifat", where, _text(ls.surat, "sifat", "surat", "Biasa")),
        lampiran=_text(raw, "lampiran", where,
                       _text(ls.surat, "lampiran", "surat", "1 (satu) berkas")),
        tembusan=tembusan,
        dasar_hukum=dasar,
        template=_path(raw, "templat", where, ls.base_dir),
    )
