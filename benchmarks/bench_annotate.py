"""Benchmark: annotate a 33,439-row, 12-column roster with ~1,000 findings (time, peak RSS)."""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

from openpyxl import Workbook

from kpps_xl.findings import Finding, Ref, Report
from kpps_xl.workbook import annotate

HEADER = ("NO", "NAMA", "NIK", "JENIS KELAMIN", "TEMPAT LAHIR", "TANGGAL LAHIR", "UMUR",
          "JABATAN", "TPS", "KELURAHAN", "NO HP", "ALAMAT")
SHEET = "KPPS PALEMBANG"
FIRST_DATA_ROW = 5


def make_roster(path: Path, rows: int, seed: int = 7) -> Path:
    """Write a roster with two title rows, a blank row, a header and `rows` officers."""
    rng = random.Random(seed)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(SHEET)
    ws.append(["DAFTAR NAMA ANGGOTA KPPS KOTA PALEMBANG"])
    ws.append(["PEMILU 2024"])
    ws.append([])
    ws.append(list(HEADER))
    for i in range(rows):
        tps = i // 7 + 1
        ws.append([
            i + 1, f"Petugas {i + 1}", f"1671{rng.randrange(10**11, 10**12)}", rng.choice("LP"),
            "Palembang", f"{rng.randint(1, 28):02d}-{rng.randint(1, 12):02d}-19{rng.randint(60, 99)}",
            rng.randint(20, 60), "Ketua" if i % 7 == 0 else "Anggota", f"{tps % 1000:03d}",
            f"KEL {tps // 40 + 1}", f"08{rng.randrange(10**9, 10**10)}", f"Jl. Contoh No. {i}",
        ])
    wb.save(path)
    return path


def make_report(source: Path, rows: int, findings: int, seed: int = 11) -> Report:
    """About `findings` findings spread over the roster: cell-level and row-level, mixed."""
    rng = random.Random(seed)
    kinds = [("nik.format", "error", "C"), ("dup.nik", "error", "C"),
             ("age.over_preferred", "warning", "F"), ("phone.format", "warning", "K"),
             ("sex.invalid", "error", "D"), ("tps.size", "error", None)]
    out = []
    for _ in range(findings):
        code, severity, column = rng.choice(kinds)
        row = rng.randrange(FIRST_DATA_ROW, FIRST_DATA_ROW + rows)
        related = (Ref(SHEET, rng.randrange(FIRST_DATA_ROW, rows), str(source)),) \
            if code == "dup.nik" else ()
        out.append(Finding(code, severity, f"Temuan {code} pada baris {row}", SHEET, row, column,
                           None, "=cmd|' /C calc'!A0", "004", related, str(source)))
    return Report(findings=out, rows=rows, files=[str(source)], reference_date="2024-02-14")


def peak_rss_mb() -> float:
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / scale


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=33_439)
    parser.add_argument("--findings", type=int, default=1_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--engine", choices=("auto", "stream", "openpyxl"), default="stream")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        source = make_roster(Path(tmp) / "roster.xlsx", args.rows)
        report = make_report(source, args.rows, args.findings)
        print(f"roster: {args.rows:,} rows, {source.stat().st_size / 1e6:.1f} MB, "
              f"{len(report.findings):,} findings")
        times = []
        for i in range(args.repeat):
            start = time.perf_counter()
            annotate(source, report, Path(tmp) / f"annotated-{i}.xlsx", engine=args.engine)
            times.append(time.perf_counter() - start)
        times.sort()
        print(f"annotate ({args.engine}): median {times[len(times) // 2]:.2f} s, "
              f"min {times[0]:.2f} s, max {times[-1]:.2f} s "
              f"({args.rows / times[len(times) // 2]:,.0f} rows/s)")
        print(f"peak RSS: {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
