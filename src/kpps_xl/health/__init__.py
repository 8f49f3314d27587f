"""Health follow-up (#11): screening, certificate and JKN status, the Tindak Lanjut list, BPJS export."""

FOLLOW_UP_SHEET = "Tindak Lanjut"
# First cell of the sheet kpps-xl writes; the reader skips a "Tindak Lanjut" sheet starting so.
FOLLOW_UP_TITLE = "TINDAK LANJUT KESEHATAN PETUGAS"
PRIVACY_NOTICE = (
    "RAHASIA - berisi data kesehatan, data pribadi yang bersifat spesifik (UU 27/2022 tentang "
    "Pelindungan Data Pribadi, Pasal 4). Hanya untuk Dinas Kesehatan/Puskesmas dan BPJS "
    "Kesehatan dalam rangka tindak lanjut; jangan disebarkan, diunggah ke grup, atau dicetak "
    "untuk umum."
)
