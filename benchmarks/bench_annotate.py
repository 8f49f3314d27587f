"""Benchmark the annotated-copy writer alone: CPU seconds and peak RSS of the annotate stage.

Default: a generated 33,439-row, 12-column roster with ~1,000 findings, in this process.
--source BIG.xlsx (e.g. samples.make_big_roster, 1,048,575 rows): each run is a fresh process
that unpickles a Report and annotates; --real takes the report of kpps_xl.api.check on the
source (run once and cached with pickle, --cache), --findings N plants N findings on random
rows instead (one marked row each). Printed: whole-process CPU and peak RSS, and the same
minus loading the report (the writer's own share).
"""

from __future__ import annotations

import argparse
import json
import pickle
import random
import resource
import subprocess
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


def planted_report(source: Path, sheet: str, rows: int, findings: int, seed: int = 11) -> Report:
    """`findings` findings on distinct random data rows (header on row 1) of one big sheet."""
    rng = random.Random(seed)
    kinds = [("nik.format", "error", "C"), ("dup.nik", "error", "C"),
             ("age.over_preferred", "warning", "F"), ("phone.format", "warning", "K"),
             ("sex.invalid", "error", "D"), ("tps.size", "error", None)]
    out = []
    for row in sorted(rng.sample(range(2, rows + 2), findings)):
        code, severity, column = rng.choice(kinds)
        related = (Ref(sheet, rng.randrange(2, rows + 2), str(source)),) \
            if code == "dup.nik" else ()
        out.append(Finding(code, severity, f"Temuan {code} pada baris {row}", sheet, row, column,
                           None, "1671********0001", "004", related, str(source)))
    return Report(findings=out, rows=rows, files=[str(source)], reference_date="2024-02-14")


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def child(report_path: Path, source: Path, out: Path, engine: str) -> None:
    """One measured run: unpickle the report, annotate, print the figures as JSON."""
    with report_path.open("rb") as handle:
        report = pickle.load(handle)
    loaded_cpu, loaded_rss = cpu_seconds(), peak_rss_mb()
    start = time.perf_counter()
    annotate(source, report, out, engine=engine)
    wall = time.perf_counter() - start
    print(json.dumps({"loaded_cpu": loaded_cpu, "loaded_rss": loaded_rss, "cpu": cpu_seconds(),
                      "rss": peak_rss_mb(), "wall": wall, "findings": len(report.findings)}))


def big_runs(args: argparse.Namespace) -> None:
    source = Path(args.source)
    with tempfile.TemporaryDirectory() as tmp:
        if args.real:
            cache = Path(args.cache)
            if not cache.exists():
                from kpps_xl.api import check

                with cache.open("wb") as handle:
                    pickle.dump(check([source]), handle, protocol=5)
            report_path = cache
        else:
            report_path = Path(tmp) / "report.pkl"
            with report_path.open("wb") as handle:
                pickle.dump(planted_report(source, args.sheet, args.rows, args.findings),
                            handle, protocol=5)
        runs = []
        for i in range(args.repeat):
            done = subprocess.run(
                [sys.executable, __file__, "--child", str(report_path), str(source),
                 str(Path(tmp) / f"annotated-{i}.xlsx"), args.engine],
                check=True, capture_output=True, text=True)
            runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
            out_size = (Path(tmp) / f"annotated-{i}.xlsx").stat().st_size / 1e6
        runs.sort(key=lambda run: run["cpu"])
        mid = runs[len(runs) // 2]
        print(f"{source.name}: {source.stat().st_size / 1e6:.0f} MB, {mid['findings']:,} findings "
              f"({'check' if args.real else 'planted'}), engine {args.engine}, "
              f"{args.repeat} fresh processes; copy {out_size:.0f} MB")
        print(f"whole process: CPU median {mid['cpu']:.1f} s "
              f"(min {runs[0]['cpu']:.1f}, max {runs[-1]['cpu']:.1f}), wall {mid['wall']:.1f} s, "
              f"peak RSS {mid['rss']:.0f} MB")
        print(f"annotate stage (minus loading the report: {mid['loaded_cpu']:.1f} s, "
              f"{mid['loaded_rss']:.0f} MB): CPU {mid['cpu'] - mid['loaded_cpu']:.1f} s, "
              f"RSS growth {mid['rss'] - mid['loaded_rss']:.0f} MB")


def peak_rss_mb() -> float:
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / scale


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=33_439)
    parser.add_argument("--findings", type=int, default=1_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--engine", choices=("auto", "stream", "openpyxl"), default="stream")
    parser.add_argument("--source", help="an existing big one-sheet roster (make_big_roster)")
    parser.add_argument("--sheet", default="DAFTAR KPPS")
    parser.add_argument("--real", action="store_true", help="findings of kpps_xl.api.check")
    parser.add_argument("--cache", default="/tmp/kpps-annotate-report.pkl",
                        help="pickled check report of --source (--real)")
    parser.add_argument("--child", nargs=4, metavar=("REPORT", "SOURCE", "OUT", "ENGINE"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        report_path, source, out, engine = args.child
        child(Path(report_path), Path(source), Path(out), engine)
        return
    if args.source:
        if args.rows == 33_439:
            args.rows = 1_048_575
        big_runs(args)
        return
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
