"""Indonesian header aliases: normalised header text -> canonical field name."""

from __future__ import annotations

import re
from functools import lru_cache
from types import MappingProxyType

_NON_WORD = re.compile(r"[^0-9a-z]+")
_BRACKETED = re.compile(r"\([^)]*\)")
# A form's column numbering before the label: "1. NAMA", "2) NIK", "3.NIK".
_NUMBERED = re.compile(r"^\s*\d{1,2}\s*[.)]\s*(?=\D)")
# A header cell is short: only its first characters are examined, so a long cell in the first
# rows (a 20-million-character note) costs no more than a short one.
HEADER_TEXT_MAX = 200


def normalise_header(value: object) -> str:
    """Lowercase, '(...)' notes dropped, punctuation to spaces: 'Tgl. Lahir (dd-mm-yyyy)' -> 'tgl lahir'."""
    if value is None:
        return ""
    text = _NUMBERED.sub("", str(value)[:HEADER_TEXT_MAX].lower())
    without_notes = _BRACKETED.sub(" ", text)
    if without_notes.strip():
        text = without_notes
    return _NON_WORD.sub(" ", text).strip()


def compact(text: str) -> str:
    """Header text without spaces: 'n i k' -> 'nik'."""
    return text.replace(" ", "")


# Field -> its header wordings. To add a field (health columns, ...), add one line here.
_ALIAS_LISTS: dict[str, tuple[str, ...]] = {
    "no": ("no", "no urut", "nomor urut", "nourut"),
    "nama": ("nama", "nama lengkap", "nama anggota", "nama petugas", "nama anggota kpps",
             "nama sesuai ktp", "nama lengkap sesuai ktp", "nama calon",
             "name", "full name", "officer name", "nm lengkap", "nm petugas", "nm anggota"),
    "nik": ("nik", "nomor induk kependudukan", "no nik", "nik ktp", "no ktp", "nomor nik",
            "nik ktp el", "no induk kependudukan", "nomor ktp", "no ktp el", "nomor ktp el",
            "id number", "national id number", "identity number", "nik number"),
    "jenis_kelamin": ("lp", "l p", "jk", "jenis kelamin", "kelamin", "jenis kelamin l p",
                      "sex", "gender", "jns kel", "jns kelamin", "jenis kel", "j kelamin",
                      "pria wanita", "laki laki perempuan"),
    "ttl": ("tempat tanggal lahir", "tempat tgl lahir", "ttl", "tempat dan tanggal lahir",
            "tempat tgl lhr", "tempat lahir tanggal lahir", "tempat tanggal lhr",
            "tmpt tgl lahir", "tmp tgl lahir", "tmp tgl lhr", "tmpt tgl lhr",
            "tempat lahir tgl lahir", "tempat tgl bln thn lahir",
            "tempat tanggal bulan tahun lahir", "place and date of birth",
            "place date of birth"),
    "tempat_lahir": ("tempat lahir", "tmp lahir", "tempat lhr", "tmp lhr", "tmpt lhr",
                     "tmpt lahir", "place of birth", "birth place",
                     "birthplace"),
    "tanggal_lahir": ("tanggal lahir", "tgl lahir", "tgl lhr", "tanggal lhr", "tgllahir",
                      "tanggal kelahiran", "tgl bln thn lahir", "tanggal bulan tahun lahir",
                      "date of birth", "birth date", "birthdate"),
    "jabatan": ("jabatan", "jabatan dalam kpps", "kedudukan", "jabatan kpps", "posisi",
                "kedudukan dalam kpps", "jab", "jbt", "jabatan di tps", "jabatan dalam tps",
                "peran", "peran dalam kpps", "position", "role"),
    "tps": ("tps", "no tps", "nomor tps", "tps no", "lokasi tps", "tps ke", "lokasi tugas",
            "tempat tugas", "tps tempat tugas", "tps penempatan", "penempatan tps",
            "nomor urut tps", "no urut tps", "kode tps", "polling station",
            "polling station number", "tps number"),
    "kelurahan": ("kelurahan", "desa", "kelurahan desa", "desa kelurahan", "kel desa",
                  "kel", "ds", "desa kel", "kel ds", "nama desa", "nama kelurahan", "nama desa kelurahan",
                  "nama kelurahan desa", "nama kel desa", "desa tempat tugas",
                  "kelurahan tempat tugas", "desa kelurahan tempat tugas", "desa penempatan",
                  "village", "urban village", "nm kel", "nm desa", "nm kelurahan", "nm desa kel",
                  "nama kel", "nm kel desa"),
    "kecamatan": ("kecamatan", "kec", "nama kecamatan", "kecamatan tempat tugas", "district",
                  "subdistrict", "sub district", "nm kec", "nm kecamatan", "nama kec"),
    "kabkota": ("kabupaten", "kab", "kabupaten kota", "kab kota", "kota kabupaten", "kota kab",
                "nama kabupaten", "nama kabupaten kota", "regency", "regency city", "nm kab",
                "nm kabupaten", "nm kab kota", "nama kab", "nama kab kota", "nama kota"),
    "kelurahan_domisili": ("desa domisili", "kelurahan domisili", "desa kel domisili",
                           "kel desa domisili", "desa kelurahan domisili",
                           "kelurahan desa domisili", "asal desa", "asal kelurahan",
                           "asal desa kelurahan", "desa asal", "kelurahan asal",
                           "desa tempat tinggal", "kelurahan tempat tinggal",
                           "desa sesuai ktp", "kelurahan sesuai ktp", "desa kel sesuai ktp",
                           "desa alamat", "kelurahan alamat", "alamat desa", "alamat kelurahan",
                           "domisili desa", "domisili kelurahan"),
    "kecamatan_domisili": ("kec domisili", "kecamatan domisili", "asal kecamatan",
                           "kecamatan asal", "kecamatan tempat tinggal", "kecamatan sesuai ktp",
                           "kec sesuai ktp", "alamat kecamatan", "kecamatan alamat",
                           "domisili kecamatan"),
    "no_kk": ("no kk", "nomor kk", "nik kk", "kk", "no kartu keluarga", "nomor kartu keluarga",
              "nkk", "no nkk"),
    "no_hp": ("no hp", "nomor hp", "hp", "no telp", "telepon", "no hp wa", "nomor hp wa",
              "nomor telepon", "no telepon", "no wa", "telp hp", "no hp telp", "no tlp",
              "no telp hp", "no tlp hp", "nomor telp", "hp wa", "no whatsapp", "whatsapp",
              "phone", "phone number", "mobile number", "no handphone", "nomor handphone",
              "handphone", "no telpon", "no telpon hp", "telpon", "nomor wa", "nomor whatsapp",
              "no hp whatsapp"),
    "alamat": ("alamat", "alamat ktp", "alamat sesuai ktp", "alamat lengkap", "alamat domisili",
               "alamat tempat tinggal", "tempat tinggal", "domisili", "address"),
    "status_jkn": ("status jkn", "status bpjs kesehatan", "jkn", "status bpjs", "bpjs kesehatan"),
    "badan": ("badan", "badan adhoc", "badan ad hoc", "lembaga", "jenis petugas",
              "kategori petugas", "jenis badan"),
    "umur": ("umur", "usia", "umur tahun", "usia tahun", "age"),
    # the date of birth in three labelled columns TGL LAHIR | BLN LAHIR | THN LAHIR (the day is
    # tanggal_lahir; under a parent label the sub-labels are DOB_PARTS)
    "dob_month": ("bln lahir", "bulan lahir", "bln lhr", "bulan lhr"),
    "dob_year": ("thn lahir", "tahun lahir", "thn lhr", "tahun lhr", "th lahir", "th lhr"),
    "keterangan": ("keterangan", "ket", "catatan", "remarks", "notes"),
    # the officer's standing (Aktif, Diganti, Cadangan...); a roster without a Keterangan column
    # reads it as the Keterangan (header.row_fields). "status" alone only (_EXACT_ONLY):
    # "Status Kesehatan", "Status Perkawinan" are no status
    "status": ("status", "status petugas", "status anggota", "status keanggotaan",
               "status keaktifan", "keterangan status"),
    # health and coverage (#11); "bpjs kesehatan" alone stays status_jkn
    "skrining": ("skrining", "hasil skrining", "skrining kesehatan", "hasil skrining kesehatan",
                 "skrining riwayat kesehatan", "hasil skrining riwayat kesehatan", "srk",
                 "hasil srk", "status skrining", "screening", "hasil screening",
                 "screening kesehatan", "skrining bpjs", "skrining bpjs kesehatan",
                 "skrining jkn", "hasil skrining bpjs"),
    "surat_sehat": ("surat sehat", "surat keterangan sehat", "surat ket sehat", "ket sehat",
                    "keterangan sehat", "sk sehat", "suket sehat", "surat dokter",
                    "surat keterangan dokter", "surat keterangan sehat dokter",
                    "surat keterangan kesehatan", "surat kesehatan"),
    "no_bpjs_kes": ("no bpjs kesehatan", "nomor bpjs kesehatan", "no kartu bpjs kesehatan",
                    "nomor kartu bpjs kesehatan", "no bpjs kes", "nomor bpjs kes",
                    "no kartu bpjs kes", "no kartu jkn", "nomor kartu jkn", "no jkn",
                    "nomor jkn", "no kis", "nomor kis", "no kartu kis", "no kartu jkn kis",
                    "no peserta jkn", "nomor peserta jkn", "no peserta bpjs kesehatan",
                    "nomor peserta bpjs kesehatan"),
    "no_kpj": ("no kpj", "nomor kpj", "kpj", "no bpjs ketenagakerjaan",
               "nomor bpjs ketenagakerjaan", "no kartu bpjs ketenagakerjaan",
               "nomor kartu bpjs ketenagakerjaan", "no kpj bpjs ketenagakerjaan",
               "nomor kpj bpjs ketenagakerjaan", "kpj bpjs ketenagakerjaan", "no bpjs tk",
               "nomor bpjs tk", "no bpjstk", "no bpjamsostek", "nomor bpjamsostek",
               "no peserta bpjs ketenagakerjaan", "nomor peserta bpjs ketenagakerjaan"),
    "npwp": ("npwp", "no npwp", "nomor npwp", "nomor pokok wajib pajak"),
}

# A header naming where a person lives, not where they serve: never a placement field.
QUALIFIERS = re.compile(r"\b(domisili|asal|alamat|ktp|ktp el|tempat tinggal|tinggal)\b")
PLACEMENT_FIELDS = frozenset({"kabkota", "kecamatan", "kelurahan", "tps"})
_DOMICILE_OF = MappingProxyType({"kecamatan": "kecamatan_domisili",
                                 "kelurahan": "kelurahan_domisili"})
EXACT = 1000  # specificity of an exact alias; a prefix match scores its word count

ALIASES = MappingProxyType({
    alias: field for field, aliases in _ALIAS_LISTS.items() for alias in aliases
})
COMPACT_ALIASES = MappingProxyType({compact(alias): field for alias, field in ALIASES.items()})
_ALIAS_WORDS = max(len(alias.split()) for alias in ALIASES)
# Aliases that name their field only as the whole label: "Status" is the officer's standing,
# "Status Kesehatan" or "Status Perkawinan" the standing of something else.
_EXACT_ONLY = frozenset({"status"})

# Sub-header cells under a merged parent (two-row official headers).
SEX_SUB = MappingProxyType({"l": "sex_l", "lk": "sex_l", "laki laki": "sex_l", "pria": "sex_l",
                            "p": "sex_p", "pr": "sex_p", "perempuan": "sex_p", "wanita": "sex_p"})
TTL_SUB = MappingProxyType({
    "tempat": "tempat_lahir", "tempat lahir": "tempat_lahir", "tmp": "tempat_lahir",
    "tmp lahir": "tempat_lahir", "tmpt": "tempat_lahir", "tmpt lahir": "tempat_lahir",
    "tempat lhr": "tempat_lahir", "kota": "tempat_lahir",
    "tanggal": "tanggal_lahir", "tgl": "tanggal_lahir", "tgl lahir": "tanggal_lahir",
    "tanggal lahir": "tanggal_lahir", "tgl lhr": "tanggal_lahir", "tgl bln thn": "tanggal_lahir",
    "tgl bln th": "tanggal_lahir", "tanggal bulan tahun": "tanggal_lahir", "tgl bl th": "tanggal_lahir",
})


# A BPJS/JKN column the alias lists do not name ("Kepesertaan BPJS Kesehatan", "No. BPJS
# Naker", "Status BPJS Ketenagakerjaan"): which programme its words name and whether it holds a
# number or a status decide the field. Only fills a gap or corrects a prefix guess (no exact alias
# is overridden); a BPJS Ketenagakerjaan status has no field, and "No. BPJS" alone is not guessed.
_TK_WORDS = frozenset({"ketenagakerjaan", "tk", "naker", "jamsostek", "bpjamsostek", "bpjstk",
                       "kpj", "tenagakerja"})
_KES_WORDS = frozenset({"kesehatan", "kes", "jkn", "kis", "bpjskes", "askes", "jamkesda"})
_HEALTH_WORDS = frozenset({"kesehatan", "kes"})  # without BPJS/JKN/KIS: the person's health
_NUMBER_WORDS = frozenset({"no", "nomor", "nomer", "nmr", "noka", "nokartu", "kartu", "id"})
_COVERAGE_GUESSES = frozenset({"no", "status_jkn", "no_bpjs_kes", "no_kpj", "keterangan",
                               "status"})
_INDONESIA_SEHAT = re.compile(r"\bkartu indonesia sehat\b")
_TENAGA_KERJA = re.compile(r"\btenaga kerja\b")


def _coverage_field(head: str) -> tuple[str | None, int] | None:
    """(field or None, specificity) of a header naming BPJS, or None when it names none."""
    head = _TENAGA_KERJA.sub("tenagakerja", _INDONESIA_SEHAT.sub("kartu kis", head))
    words = set(head.split())
    tk, kes = bool(words & _TK_WORDS), bool(words & _KES_WORDS)
    if kes and not tk and "bpjs" not in words and words & _KES_WORDS <= _HEALTH_WORDS:
        kes = False  # "Status Kesehatan", "Riwayat Kesehatan": health, no programme named
    if not (tk or kes or "bpjs" in words):
        return None
    number = bool(words & _NUMBER_WORDS)
    if tk == kes:  # "No. BPJS", "BPJS TK / Kesehatan": which card is not said
        return None, 0
    if tk:
        return ("no_kpj" if number else None), len(words)
    return ("no_bpjs_kes" if number else "status_jkn"), len(words)


# The date of birth in three sub-columns under TANGGAL LAHIR: TGL | BLN | THN (the day is
# TTL_SUB's tanggal_lahir).
DOB_PARTS = MappingProxyType({"bln": "dob_month", "bulan": "dob_month", "bl": "dob_month",
                              "thn": "dob_year", "tahun": "dob_year", "th": "dob_year",
                              "hari": "tanggal_lahir", "hr": "tanggal_lahir"})


def field_match(value: object) -> tuple[str, int] | None:
    """(canonical field, specificity) of a header cell, or None.

    An exact alias scores EXACT (+ its length), a prefix fallback ('Jabatan di KPPS' ->
    jabatan) its word count, so when two columns claim one field the more specific one wins.
    A placement field (kecamatan, kelurahan, TPS, kab/kota) qualified by domisili/asal/alamat/
    KTP/tempat tinggal becomes the domicile field (or nothing, for TPS). A BPJS header no alias
    names exactly is read by its programme and kind (_coverage_field).
    """
    text = normalise_header(value)
    if not text:
        return None
    head = _NON_WORD.sub(" ", str(value)[:HEADER_TEXT_MAX].lower())
    found = _lookup(text)
    if found is None or (found[1] < EXACT and found[0] in _COVERAGE_GUESSES):
        if (coverage := _coverage_field(head)) is not None:
            field, score = coverage
            return (field, score) if field else None
        if found is None:
            found = _in_note(value)
            if found is None:
                return None
    name, score = found
    if name in PLACEMENT_FIELDS and QUALIFIERS.search(head):
        domicile = _DOMICILE_OF.get(name)
        return (domicile, score) if domicile else None
    return name, score


def _in_note(value: object) -> tuple[str, int] | None:
    """A label whose words name no field but whose bracketed note is an exact alias:
    'NOMOR IDENTITAS (NIK)' -> nik. Scores below any match of the label itself."""
    for note in _BRACKETED.findall(str(value)[:HEADER_TEXT_MAX].lower()):
        text = _NON_WORD.sub(" ", note).strip()
        exact = ALIASES.get(text) or COMPACT_ALIASES.get(compact(text))
        if text and exact:
            return exact, 0
    return None


def _lookup(text: str) -> tuple[str, int] | None:
    exact = ALIASES.get(text) or COMPACT_ALIASES.get(compact(text))
    if exact:
        return exact, EXACT + len(text)
    words = text.split()[: _ALIAS_WORDS + 1]
    if (corrected := _corrected(words)) is not None:
        return corrected
    for size in range(min(len(words) - 1, _ALIAS_WORDS), 0, -1):
        prefix = " ".join(words[:size])
        if (found := ALIASES.get(prefix)) and prefix not in _EXACT_ONLY:
            if _RELATIVES.intersection(words[size:]):
                return None  # "NIK Ayah", "Nama Ibu Kandung": another person's
            return found, size
    return None


# A prefix match whose further words name a relative is that person's field, not the
# officer's: "NIK Ayah", "Nama Ibu Kandung", "Tgl Lahir Suami".
_RELATIVES = frozenset({"ayah", "ibu", "bapak", "suami", "istri", "isteri", "ortu", "orangtua",
                        "wali", "anak", "kandung", "pasangan", "saudara"})

# A clerk's typo in a label ("TGL LAHR", "Jenis Klamin", "JABATN", "Kelurhan"): a word of four
# or more letters that no alias holds, one edit (a letter left out, added, changed or two
# swapped) from exactly one alias word of five or more letters, and the label with the word
# corrected an exact alias. Scores below every exact alias and above every prefix match.
TYPO = EXACT // 2
_TYPO_MIN = 4  # the shortest typed word corrected
_TARGET_MIN = 5  # the shortest alias word a typo is corrected to
_VOCABULARY = frozenset(word for alias in ALIASES for word in alias.split())


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1:] for i in range(len(word))}


def _typo_index() -> MappingProxyType[str, tuple[str, ...]]:
    """Each alias word of five letters or more and its one-letter deletions -> those words (a
    symmetric-deletion index: a typo of one edit shares a key with its word)."""
    index: dict[str, list[str]] = {}
    for word in sorted(w for w in _VOCABULARY if len(w) >= _TARGET_MIN):
        for key in (word, *_deletions(word)):
            index.setdefault(key, []).append(word)
    return MappingProxyType({key: tuple(words) for key, words in index.items()})


_TYPO_INDEX = _typo_index()


def one_edit(typed: str, word: str) -> bool:
    """typed is one insertion, deletion, substitution or adjacent swap away from word."""
    if typed == word or abs(len(typed) - len(word)) > 1:
        return False
    if len(typed) == len(word):
        diff = [i for i, (a, b) in enumerate(zip(typed, word, strict=True)) if a != b]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and typed[diff[0]] == word[diff[1]]
                                  and typed[diff[1]] == word[diff[0]])
    short, long = sorted((typed, word), key=len)
    return any(long[:i] + long[i + 1:] == short for i in range(len(long)))


@lru_cache(maxsize=4096)  # names and places repeat down the rows find_header looks at
def _correction(typed: str) -> str | None:
    """The one alias word typed is a typo of, or None."""
    if len(typed) < _TYPO_MIN or typed in _VOCABULARY or not typed.isalpha():
        return None
    found = {w for key in (typed, *_deletions(typed)) for w in _TYPO_INDEX.get(key, ())
             if one_edit(typed, w)}
    return found.pop() if len(found) == 1 else None


def _corrected(words: list[str]) -> tuple[str, int] | None:
    """(field, TYPO + length) of a label that is an exact alias once its typos are corrected."""
    if not words or len(words) > _ALIAS_WORDS:
        return None
    fixed = [_correction(w) or w for w in words]
    if fixed == words:
        return None
    text = " ".join(fixed)
    found = ALIASES.get(text)
    if found is None or text in _EXACT_ONLY:
        return None
    return found, TYPO + len(text)


def field_for(value: object) -> str | None:
    """Canonical field of a header cell, or None; 'Jabatan di KPPS' falls back to 'jabatan'."""
    found = field_match(value)
    return found[0] if found else None
