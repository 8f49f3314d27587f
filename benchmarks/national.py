"""A synthetic national set: ~514 kab/kota workbooks, one sheet per kecamatan, fast raw XLSX.

Sizes follow a skewed (log-normal) spread like the real regencies, NIKs carry each regency's
Kemendagri code, and cross-file duplicates (same person in two regencies' files) are planted.
Generated once per (rows, files, seed) under /tmp and reused (never committed).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import random
import re
import zipfile
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from xml.sax.saxutils import escape

NATIONAL_ROWS = 5_741_127
NATIONAL_FILES = 514
ROWS_PER_KECAMATAN = 784  # 5.7 M officers over ~7,300 kecamatan (112 teams of 7)
TEAM = 7
CACHE = Path(os.environ.get("KPPS_BENCH_CACHE", "/tmp/kpps-national"))
HEADER = ("NO", "NAMA", "NIK", "JENIS KELAMIN", "TEMPAT LAHIR", "TANGGAL LAHIR", "JABATAN",
          "TPS", "KELURAHAN", "KECAMATAN", "NO HP", "ALAMAT")
_LETTERS = "ABCDEFGHIJKL"
_EPOCH = dt.date(1899, 12, 30)
_DOB_START = dt.date(1968, 3, 1)
_DOB_SPAN = 36 * 365
_DUP_EVERY = 1_000  # one row in 1,000 repeats a person of the previous file (cross-file dup)
_MIDDLE = ("", "Nur", "Dwi", "Tri", "Eka", "Sri", "Budi", "Ayu", "Putra", "Putri", "Adi", "Rahma",
           "Indah", "Wahyu", "Agus", "Dewi", "Fitri", "Hadi", "Joko", "Kurnia", "Lestari", "Maya",
           "Nanda", "Oktavia", "Prima", "Ratna", "Sari", "Tirta", "Utami", "Wati", "Yuli", "Zahra")


def regencies() -> list[tuple[str, str]]:
    """(4-digit code, name) of every regency/city in python-stdnum's Kemendagri table."""
    import stdnum

    path = Path(stdnum.__file__).parent / "id" / "loc.dat"
    out, province = [], ""
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if not line.startswith(" "):
            province = line.split()[0]
            continue
        found = re.match(r'  (\d\d) name_id="([^"]*)"', line)
        if found:
            out.append((province + found.group(1), found.group(2)))
    return out


def file_sizes(total: int, files: int, seed: int) -> list[int]:
    """Rows per file: log-normal spread (a few cities are 20x a small regency), whole teams."""
    rng = random.Random(seed)
    weights = [math.exp(rng.gauss(0.0, 0.75)) for _ in range(files)]
    scale = total / sum(weights)
    sizes = [max(TEAM, round(w * scale / TEAM) * TEAM) for w in weights]
    sizes[-1] = max(TEAM, sizes[-1] + total - sum(sizes))
    return sizes


def _names(seed: int) -> tuple[tuple[str, str, str], ...]:
    from faker import Faker

    fake = Faker("id_ID")
    fake.seed_instance(seed)
    person = fake.provider("faker.providers.person")
    return (tuple(person.first_names_male), tuple(person.first_names_female),
            tuple(person.last_names_male + person.last_names_female))


class _Person:
    """Deterministic identity of row i of file f (so another file can repeat it)."""

    def __init__(self, names: tuple, codes: list[tuple[str, int]], sizes: list[int]) -> None:
        self.male, self.female, self.last = names
        self.codes, self.sizes = codes, sizes

    def __call__(self, f: int, i: int) -> tuple[str, str, str, dt.date]:
        h = (f * 1_000_003 + i * 7_919) & 0x7FFFFFFF
        sex = "P" if h & 1 else "L"
        first = (self.female if sex == "P" else self.male)[(h >> 1) % 200]
        middle = _MIDDLE[(h >> 10) % len(_MIDDLE)]
        name = " ".join(p for p in (first, middle, self.last[(h >> 16) % len(self.last)]) if p)
        d = (i * 7_919) % _DOB_SPAN
        dob = _DOB_START + dt.timedelta(days=d)
        code, kec_base = self.codes[f]
        kec = kec_base + i // ROWS_PER_KECAMATAN % 50 + 1
        day = dob.day + (40 if sex == "P" else 0)
        nik = f"{code}{kec:02d}{day:02d}{dob.month:02d}{dob.year % 100:02d}{i // _DOB_SPAN + 1:04d}"
        return name, sex, nik, dob


def _rows(f: int, n: int, person: _Person, seed: int, region: str) -> Iterator[tuple]:
    rng = random.Random(seed * 7_777 + f)
    for i in range(n):
        kec_index = i // ROWS_PER_KECAMATAN
        within = i % ROWS_PER_KECAMATAN
        tps_index, seat = divmod(within, TEAM)
        kel_index, tps_no = divmod(tps_index, 10)
        name, sex, nik, dob = person(f - 1, i) if f and i % _DUP_EVERY == 17 and \
            i < person.sizes[f - 1] else person(f, i)
        yield (kec_index, i + 1, name, nik, sex, dob, "Ketua" if seat == 0 else "Anggota",
               f"{tps_no + 1:03d}", f"DESA {region[:12]} {kec_index + 1:02d}-{kel_index + 1:02d}",
               f"{region[:16]} {kec_index + 1:02d}",
               f"08{rng.randrange(11, 99)}{rng.randrange(10_000_000):08d}",
               f"RT {rng.randrange(1, 40):03d} RW {rng.randrange(1, 12):03d}")


_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml."
_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_STYLES = (
    f'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{_MAIN}">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="dd\\-mm\\-yyyy"/></numFmts>'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
    '<borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs>'
    '<cellXfs count="3"><xf/><xf numFmtId="164" applyNumberFormat="1"/>'
    '<xf numFmtId="49" applyNumberFormat="1"/></cellXfs></styleSheet>'
)


def write_file(path: Path, f: int, n: int, regency: str, person: _Person, seed: int) -> None:
    """One regency workbook: a sheet per kecamatan (title row, blank row, header, officers)."""
    sst: dict[str, int] = {}

    def s(text: str) -> int:
        found = sst.get(text)
        if found is None:
            found = sst[text] = len(sst)
        return found

    sheets = -(-n // ROWS_PER_KECAMATAN)
    tmp = path.with_suffix(".part")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        head = "".join(f'<c r="{c}3" t="s"><v>{s(h)}</v></c>' for c, h in zip(_LETTERS, HEADER, strict=True))
        rows = _rows(f, n, person, seed, regency)
        pending = next(rows, None)
        for k in range(sheets):
            with archive.open(f"xl/worksheets/sheet{k + 1}.xml", "w", force_zip64=True) as out:
                title = s(f"DAFTAR ANGGOTA KPPS {regency} KECAMATAN {k + 1:02d}")
                out.write(f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{_MAIN}">'
                          f'<sheetData><row r="1"><c r="A1" t="s"><v>{title}</v></c></row>'
                          f'<row r="3">{head}</row>'.encode())
                batch, r = [], 4
                while pending is not None and pending[0] == k:
                    _, no, nama, nik, sex, dob, jab, tps, kel, kec, hp, alamat = pending
                    batch.append(
                        f'<row r="{r}"><c r="A{r}"><v>{no}</v></c><c r="B{r}" t="s"><v>{s(nama)}</v>'
                        f'</c><c r="C{r}" t="inlineStr" s="2"><is><t>{nik}</t></is></c>'
                        f'<c r="D{r}" t="s"><v>{s(sex)}</v></c><c r="E{r}" t="s"><v>{s(regency)}'
                        f'</v></c><c r="F{r}" s="1"><v>{(dob - _EPOCH).days}</v></c>'
                        f'<c r="G{r}" t="s"><v>{s(jab)}</v></c>'
                        f'<c r="H{r}" t="inlineStr" s="2"><is><t>{tps}</t></is></c>'
                        f'<c r="I{r}" t="s"><v>{s(kel)}</v></c><c r="J{r}" t="s"><v>{s(kec)}</v></c>'
                        f'<c r="K{r}" t="inlineStr" s="2"><is><t>{hp}</t></is></c>'
                        f'<c r="L{r}" t="inlineStr"><is><t>{alamat}</t></is></c></row>')
                    r += 1
                    pending = next(rows, None)
                    if len(batch) >= 2048:
                        out.write("".join(batch).encode())
                        batch.clear()
                out.write(("".join(batch) + "</sheetData></worksheet>").encode())
        items = "".join(f"<si><t>{escape(t)}</t></si>" for t in sst)
        archive.writestr("xl/sharedStrings.xml", f'<?xml version="1.0" encoding="UTF-8"?>'
                         f'<sst xmlns="{_MAIN}" uniqueCount="{len(sst)}">{items}</sst>')
        archive.writestr("xl/styles.xml", _STYLES)
        names = "".join(f'<sheet name="KEC {k + 1:02d}" sheetId="{k + 1}" r:id="rId{k + 1}"/>'
                        for k in range(sheets))
        archive.writestr("xl/workbook.xml", f'<?xml version="1.0" encoding="UTF-8"?><workbook '
                         f'xmlns="{_MAIN}" xmlns:r="{_RELS}"><sheets>{names}</sheets></workbook>')
        rels = "".join(f'<Relationship Id="rId{k + 1}" Type="{_RELS}/worksheet" '
                       f'Target="worksheets/sheet{k + 1}.xml"/>' for k in range(sheets))
        extra = (f'<Relationship Id="rIdS" Type="{_RELS}/styles" Target="styles.xml"/>'
                 f'<Relationship Id="rIdT" Type="{_RELS}/sharedStrings" Target="sharedStrings.xml"/>')
        archive.writestr("xl/_rels/workbook.xml.rels", f'<?xml version="1.0" encoding="UTF-8"?>'
                         f'<Relationships xmlns="{_PKG}">{rels}{extra}</Relationships>')
        archive.writestr("_rels/.rels", f'<?xml version="1.0" encoding="UTF-8"?><Relationships '
                         f'xmlns="{_PKG}"><Relationship Id="rId1" Type="{_RELS}/officeDocument" '
                         'Target="xl/workbook.xml"/></Relationships>')
        overrides = "".join(f'<Override PartName="/xl/worksheets/sheet{k + 1}.xml" '
                            f'ContentType="{_CT}worksheet+xml"/>' for k in range(sheets))
        archive.writestr("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8"?><Types '
                         'xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                         '<Default Extension="rels" ContentType="application/vnd.openxmlformats-'
                         'package.relationships+xml"/><Default Extension="xml" ContentType='
                         f'"application/xml"/><Override PartName="/xl/workbook.xml" ContentType='
                         f'"{_CT}sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType='
                         f'"{_CT}styles+xml"/><Override PartName="/xl/sharedStrings.xml" '
                         f'ContentType="{_CT}sharedStrings+xml"/>{overrides}</Types>')
    tmp.replace(path)


def _plan(total: int, files: int, seed: int) -> tuple[list[int], list[tuple[str, int]], list[str]]:
    sizes = file_sizes(total, files, seed)
    known = regencies()
    codes = [(known[f % len(known)][0], 50 * (f // len(known))) for f in range(files)]
    names = [known[f % len(known)][1] for f in range(files)]
    return sizes, codes, names


def _write_one(args: tuple) -> str:
    directory, f, total, files, seed = args
    sizes, codes, names = _plan(total, files, seed)
    person = _Person(_names(seed), codes, sizes)
    path = Path(directory) / f"{f + 1:03d}-{codes[f][0]}-{names[f].replace(' ', '_')}.xlsx"
    if not path.exists():
        write_file(path, f, sizes[f], names[f], person, seed)
    return str(path)


def national_set(total: int = NATIONAL_ROWS, files: int = NATIONAL_FILES, seed: int = 2024,
                 workers: int = 2) -> Path:
    """The cached directory of the set (generated on first use, files in parallel)."""
    directory = CACHE / f"national-{total}-{files}-{seed}-v3"
    done = directory / "plan.json"
    if done.exists():
        return directory
    directory.mkdir(parents=True, exist_ok=True)
    jobs = [(str(directory), f, total, files, seed) for f in range(files)]
    with ProcessPoolExecutor(workers) as pool:
        list(pool.map(_write_one, jobs, chunksize=4))
    sizes, _, _ = _plan(total, files, seed)
    done.write_text(json.dumps({"rows": sizes}), encoding="utf-8")
    return directory


def prefix_set(directory: Path, rows: int) -> Path:
    """A directory of symlinks to the first files of a set holding at least ``rows`` rows."""
    sizes = json.loads((directory / "plan.json").read_text(encoding="utf-8"))["rows"]
    files = sorted(directory.glob("*.xlsx"))
    out = directory.parent / f"{directory.name}-first-{rows}"
    if not out.exists():
        tmp = out.with_name(out.name + ".part")
        tmp.mkdir(exist_ok=True)
        held = 0
        for path, size in zip(files, sizes, strict=True):
            link = tmp / path.name
            if not link.exists():
                link.symlink_to(path)
            held += size
            if held >= rows:
                break
        tmp.rename(out)
    return out


def set_rows(directory: Path) -> int:
    """Officer rows in a (prefix) set, from its plan."""
    base = directory.resolve() if (directory / "plan.json").exists() else next(
        directory.glob("*.xlsx")).resolve().parent
    sizes = json.loads((base / "plan.json").read_text(encoding="utf-8"))["rows"]
    return sum(sizes[: len(list(directory.glob("*.xlsx")))])


def tps_sheets_workbook(sheets: int, seed: int = 2024) -> Path:
    """The cached workbook of one kecamatan office keeping a sheet per TPS ("TPS 001", ...):
    title rows naming the kecamatan, the desa and the TPS, a header, then the 7 officers."""
    from openpyxl import Workbook

    path = CACHE / f"tps-sheets-{sheets}-{seed}.xlsx"
    if path.exists():
        return path
    code, regency = regencies()[seed % len(regencies())]
    person = _Person(_names(seed), [(code, 0)], [sheets * TEAM])
    book = Workbook(write_only=True)
    for k in range(sheets):
        sheet = book.create_sheet(f"TPS {k + 1:03d}")
        for line in ("DAFTAR ANGGOTA KPPS", f"KECAMATAN : {regency[:16]}",
                     f"DESA/KELURAHAN : DESA {k // 10 + 1:02d}", f"TPS : {k % 10 + 1:03d}", ""):
            sheet.append([line])
        sheet.append(["NO", "NAMA", "NIK", "L/P", "TANGGAL LAHIR", "JABATAN", "NO HP"])
        for seat in range(TEAM):
            name, sex, nik, dob = person(0, k * TEAM + seat)
            sheet.append([seat + 1, name, nik, sex, dob, "Ketua" if seat == 0 else "Anggota",
                          f"0812{(k * TEAM + seat) % 10_000_000:08d}"])
    CACHE.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".part")
    book.save(tmp)
    tmp.replace(path)
    return path

