"""Every finding code once: severity, Indonesian title, description and hint."""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

from kpps_xl.findings import Severity


@dataclass(frozen=True)
class Entry:
    """Catalogue entry of one finding code (codes are an API: never rename, only add)."""

    code: str
    severity: Severity
    title: str
    description: str
    hint: str
    sensitive: bool = False  # health data (UU 27/2022): never shown on a console or CI log


_ENTRIES = (
    Entry("nik.missing", "error", "NIK kosong", "Sel NIK tidak berisi apa pun.",
          "Isi NIK 16 digit sesuai KTP-el."),
    Entry("nik.format", "error", "Format NIK salah",
          "Setelah spasi, titik dan tanda kutip dibuang, NIK tidak tepat 16 digit.",
          "Periksa kembali NIK pada KTP-el; NIK harus 16 angka."),
    Entry("nik.precision_lost", "error", "NIK rusak oleh Excel",
          "NIK tersimpan sebagai angka: Excel hanya menyimpan 15 digit, digit ke-16 hilang.",
          "Format kolom sebagai Teks lalu ketik ulang NIK dari KTP-el (atau awali dengan ')."),
    Entry("nik.region", "error", "Kode wilayah NIK tidak dikenal",
          "Kode provinsi/kabupaten pada 4 digit pertama NIK tidak ada dalam tabel wilayah.",
          "Cocokkan NIK dengan KTP-el; kemungkinan salah ketik."),
    Entry("nik.birthdate", "error", "Tanggal lahir dalam NIK mustahil",
          "Digit 7-12 NIK tidak membentuk tanggal yang mungkin.",
          "Cocokkan NIK dengan KTP-el; kemungkinan salah ketik."),
    Entry("nik.dob_mismatch", "warning", "Tanggal lahir berbeda dengan NIK",
          "Tanggal lahir di NIK tidak sama dengan kolom tanggal lahir.",
          "Pastikan tanggal lahir sesuai KTP-el; usia dihitung dari kolom tanggal lahir."),
    Entry("nik.sex_mismatch", "warning", "Jenis kelamin berbeda dengan NIK",
          "Menurut NIK (tanggal +40 untuk perempuan) jenis kelamin berbeda dengan kolomnya.",
          "Periksa kolom jenis kelamin dan NIK pada KTP-el."),
    Entry("nik.outside_area", "warning", "NIK dari luar kabupaten/kota",
          "Kode kabupaten/kota NIK berbeda dengan wilayah kantor (domisili bisa tetap sah).",
          "Pastikan domisili petugas; untuk BPJS Kesehatan perlu jalur lain."),
    Entry("dup.nik", "error", "NIK ganda",
          "NIK yang sama muncul lebih dari sekali (antar-sheet atau antar-file).",
          "Satu orang hanya boleh menduduki satu kursi; hapus atau perbaiki salah satunya."),
    Entry("dup.person", "warning", "Kemungkinan orang yang sama",
          "Nama (dinormalkan) dan tanggal lahir sama, tetapi NIK berbeda.",
          "Periksa apakah ini orang yang sama dengan NIK salah ketik."),
    Entry("age.under_min", "error", "Usia di bawah batas minimal",
          "Usia pada tanggal acuan (hari pemungutan suara) kurang dari batas minimal.",
          "Ganti petugas atau periksa tanggal lahir."),
    Entry("age.over_preferred", "warning", "Usia di atas batas yang diutamakan",
          "Usia pada tanggal acuan melebihi batas maksimal yang diutamakan.",
          "Boleh, tetapi pertimbangkan beban kerja dan kesehatan petugas."),
    Entry("dob.invalid", "error", "Tanggal lahir tidak terbaca",
          "Tanggal lahir kosong, tidak terbaca, atau tanggal yang mustahil.",
          "Tulis tanggal lahir seperti 14-02-1990 atau sebagai tanggal Excel."),
    Entry("field.missing", "error", "Kolom wajib kosong",
          "Kolom wajib (nama, NIK, TPS, jabatan, ...) tidak diisi.",
          "Lengkapi data pada sel yang ditandai."),
    Entry("sex.invalid", "error", "Jenis kelamin tidak dikenali",
          "Isi kolom jenis kelamin bukan L/P, LK/PR, atau Laki-laki/Perempuan.",
          "Tulis L atau P."),
    Entry("tps.size", "error", "Jumlah anggota TPS tidak sesuai",
          "Sebuah TPS tidak tepat berisi jumlah anggota KPPS yang ditetapkan.",
          "Lengkapi atau kurangi anggota KPPS di TPS tersebut."),
    Entry("tps.ketua", "error", "Ketua KPPS tidak tepat satu",
          "Sebuah TPS tidak memiliki ketua, atau memiliki lebih dari satu ketua.",
          "Tetapkan tepat satu ketua KPPS per TPS."),
    Entry("phone.format", "warning", "Nomor HP tidak wajar",
          "Nomor telepon bukan nomor Indonesia yang wajar (08..., +62..., 10-13 digit).",
          "Tulis nomor HP seperti 081234567890."),
    Entry("sheet.no_roster", "info", "Sheet tanpa daftar petugas",
          "Sheet ini tidak berisi tabel daftar petugas yang dikenali.",
          "Abaikan bila memang bukan daftar petugas; bila daftar, periksa judul kolomnya."),
    Entry("sheet.uncalculated", "warning", "Rumus tanpa nilai tersimpan",
          "Sel berisi rumus yang nilainya belum pernah dihitung dan disimpan (berkas dibuat oleh "
          "program/skrip, bukan disimpan dari Excel); kpps-xl membacanya sebagai sel kosong, "
          "padahal Excel menampilkan hasil rumusnya.",
          "Buka berkas di Excel atau LibreOffice, simpan ulang (nilai rumus ikut tersimpan), lalu "
          "periksa lagi; atau ganti rumus dengan nilainya (Tempel Nilai)."),
    Entry("sheet.formula_error", "warning", "Sel berisi galat rumus Excel",
          "Sel menampilkan galat rumus Excel (#N/A, #REF!, #VALUE!, #NAME?, #DIV/0!), misalnya "
          "VLOOKUP yang tidak menemukan data; kpps-xl membacanya sebagai sel kosong.",
          "Perbaiki rumusnya atau ketik nilainya (Tempel Nilai), lalu periksa lagi."),
    Entry("sheet.second_table", "warning", "Daftar kedua di samping daftar pertama",
          "Baris judul kolom memuat judul daftar kedua di sebelah kanan (mis. TPS 1 di kolom A:G "
          "dan TPS 2 di kolom I:O); hanya daftar pertama yang dibaca.",
          "Pindahkan daftar kedua ke bawah daftar pertama atau ke sheet sendiri, lalu periksa "
          "ulang."),
    Entry("row.skipped", "info", "Nama di bawah baris JUMLAH dilewati",
          "Baris di bawah baris JUMLAH/tanda tangan berisi nama tetapi tanpa NIK, jadi dianggap "
          "bagian blok tanda tangan.",
          "Bila ini petugas, pindahkan ke atas baris JUMLAH dan isi NIK-nya."),
    Entry("health.not_screened", "warning", "Belum skrining riwayat kesehatan",
          "Kolom hasil skrining ada, tetapi isinya 'belum', kosong, atau tidak dikenali.",
          "Minta petugas mengisi Skrining Riwayat Kesehatan BPJS Kesehatan lalu catat hasilnya "
          "(berisiko / tidak berisiko); daftarnya ada di lembar Tindak Lanjut.", sensitive=True),
    Entry("health.at_risk", "warning", "Hasil skrining berisiko",
          "Hasil skrining riwayat kesehatan 'berisiko' (diabetes, hipertensi, ginjal, jantung). "
          "Hasil ini bukan penentu lulus atau tidaknya petugas.",
          "Teruskan ke Puskesmas/FKTP untuk pemeriksaan lanjutan dan pastikan JKN-nya aktif; "
          "daftarnya ada di lembar Tindak Lanjut.", sensitive=True),
    Entry("health.no_certificate", "warning", "Tanpa surat keterangan sehat",
          "Kolom surat keterangan sehat ada, tetapi isinya kosong, '-', 'tidak' atau 'belum'.",
          "Minta surat keterangan sehat dari Puskesmas atau rumah sakit (syarat pendaftaran).",
          sensitive=True),
    Entry("bpjs.kes_format", "warning", "Nomor kartu BPJS Kesehatan salah",
          "Nomor kartu BPJS Kesehatan (JKN-KIS) tidak tepat 13 digit, atau tersimpan sebagai "
          "angka sehingga angka 0 di depannya hilang.",
          "Salin nomor 13 digit dari kartu JKN-KIS ke sel berformat Teks; tulis '-' bila tidak "
          "punya."),
    Entry("bpjs.tk_format", "warning", "Nomor KPJ BPJS Ketenagakerjaan salah",
          "Nomor KPJ BPJS Ketenagakerjaan tidak tepat 11 digit, atau tersimpan sebagai angka.",
          "Salin nomor KPJ 11 digit dari kartu BPJS Ketenagakerjaan ke sel berformat Teks; "
          "tulis '-' bila belum terdaftar."),
    Entry("kk.format", "warning", "Nomor KK salah",
          "No. KK tidak tepat 16 digit, tersimpan sebagai angka (digit ke-16 hilang), atau sama "
          "dengan NIK orang itu (salah ketik: NIK tersalin ke kolom KK).",
          "Salin No. KK dari Kartu Keluarga ke sel berformat Teks; No. KK berbeda dengan NIK."),
    Entry("row.inactive", "info", "Petugas diganti/berhenti, tidak dihitung",
          "Kolom Keterangan menyebut petugas ini diganti (PAW), mengundurkan diri, berhenti atau "
          "meninggal dunia, barisnya dicoret, atau ia tercatat sebagai cadangan: ia tidak "
          "dihitung dalam tim TPS, anggaran dan surat. Petugas pengganti (Keterangan "
          "'PAW'/'Pengganti') tetap dihitung.",
          "Pastikan penggantinya tercatat di TPS yang sama; hapus tanda coret bila petugas masih "
          "bertugas."),
    Entry("domicile.outside", "warning", "Petugas berdomisili di luar desa/kelurahan TPS",
          "Desa/kelurahan domisili petugas KPPS berbeda dengan desa/kelurahan tempat TPS-nya. "
          "Boleh bila di desa itu kekurangan calon (diambil dari desa terdekat), tetapi perlu "
          "diperiksa.",
          "Pastikan kolom domisili dan kolom desa/kelurahan TPS benar; catat alasannya bila "
          "petugas memang dari desa tetangga."),
)

CATALOGUE = MappingProxyType({entry.code: entry for entry in _ENTRIES})


def entry(code: str) -> Entry:
    """Return the catalogue entry for a code (KeyError for an unknown code)."""
    return CATALOGUE[code]
