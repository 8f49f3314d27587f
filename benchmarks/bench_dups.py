"""Benchmark: whole `kpps-xl check` processes on rosters full of copies (time, peak RSS, report size).

Usage: python benchmarks/bench_dups.py [--copies 2000 4000] [--case nik person sheets]
       [--annotate] [--timeout 600] [--max-gb 8]

Cases (each copy count N):
  nik     a CSV with one NIK on N rows (issue 13: 2,000 rows took 59 s, 4.5 GB, a 330 MB report)
  person  a CSV with one name and birth date on N rows under N different NIKs (dup.person)
  sheets  an .xlsx of 200 sheets repeating the same N/200 NIKs (the fuzz set's hang)
Every run is a fresh process (`kpps-xl check FILE --report r.json`, plus `--annotate` when
asked); its peak RSS and CPU time come from os.wait4, so they are that process alone. cpu_s
(user + system) is the steadier figure on a shared machine. A run past --timeout or --max-gb
(an address-space limit) is reported as such, not as a figure.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HEADER = ["No", "Nama", "NIK", "L/P", "Tanggal Lahir", "Jabatan", "TPS"]
BORN = dt.date(1990, 2, 14)
NIK_OF_BORN = f"170602{BORN:%d%m%y}"


def _row(i: int, name: str, nik: str) -> list[object]:
    return [i + 1, name, nik, "L", BORN.strftime("%d-%m-%Y"), "Ketua" if i % 7 == 0 else "Anggota",
            i // 7 + 1]


def make_csv(path: Path, copies: int, case: str) -> Path:
    """One NIK on every row (case nik) or one person under a new NIK on every row (person)."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(HEADER)
        for i in range(copies):
            if case == "nik":
                out.writerow(_row(i, f"Petugas {i + 1}", f"{NIK_OF_BORN}0001"))
            else:
                out.writerow(_row(i, "Muhammad Yusuf", f"{NIK_OF_BORN}{i + 1:04d}"))
    return path


def make_sheets(path: Path, copies: int, sheets: int = 200) -> Path:
    """`sheets` sheets that each list the same copies // sheets NIKs (at least one)."""
    from openpyxl import Workbook

    per_sheet = max(1, copies // sheets)
    wb = Workbook(write_only=True)
    for s in range(sheets):
        ws = wb.create_sheet(f"TPS {s + 1:03d}")
        ws.append(HEADER)
        for i in range(per_sheet):
            ws.append(_row(i, f"Petugas {s + 1}-{i + 1}", f"{NIK_OF_BORN}{i + 1:04d}"))
    wb.save(path)
    return path


def _limit(max_gb: float):
    def apply() -> None:
        cap = int(max_gb * 1024**3)
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    return apply


def run_check(source: Path, out_dir: Path, annotate: bool, timeout: float,
              max_gb: float) -> dict[str, object]:
    """One `kpps-xl check` process: wall time, peak RSS, exit code, report size."""
    report = out_dir / "r.json"
    command = [sys.executable, "-c", "from kpps_xl.cli import main; main()", "check", str(source),
               "--report", str(report)]
    if annotate:
        command += ["--annotate", str(out_dir / "diperiksa.xlsx")]
    start = time.perf_counter()
    errors = (out_dir / "stderr.txt").open("wb")
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors,
                            preexec_fn=_limit(max_gb))
    outcome = "ok"
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() - start > timeout:
            proc.kill()
            pid, status, usage = os.wait4(proc.pid, 0)
            outcome = f"timeout>{timeout:.0f}s"
            break
        time.sleep(0.05)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    errors.close()
    stderr = (out_dir / "stderr.txt").read_text("utf-8", "replace")
    if outcome == "ok" and code not in (0, 1):
        outcome = f"memory>{max_gb:.0f}GB" if "MemoryError" in stderr else f"exit {code}"
    result: dict[str, object] = {"outcome": outcome, "wall_s": round(wall, 2),
                                 "cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
                                 "peak_rss_mb": round(usage.ru_maxrss / 1024), "exit": code}
    if outcome == "ok" and report.exists():
        result["report_mb"] = round(report.stat().st_size / 1024**2, 2)
    if annotate and (out_dir / "diperiksa.xlsx").exists():
        result["annotated_mb"] = round((out_dir / "diperiksa.xlsx").stat().st_size / 1024**2, 2)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, nargs="*", default=[2000, 4000])
    parser.add_argument("--case", nargs="*", default=["nik"], choices=["nik", "person", "sheets"])
    parser.add_argument("--annotate", action="store_true", help="also write the annotated copy")
    parser.add_argument("--timeout", type=float, default=600.0)
    parser.add_argument("--max-gb", type=float, default=8.0)
    args = parser.parse_args()
    for case in args.case:
        for copies in args.copies:
            with tempfile.TemporaryDirectory() as tmp:
                folder = Path(tmp)
                if case == "sheets":
                    source = make_sheets(folder / "sheets.xlsx", copies)
                else:
                    source = make_csv(folder / f"{case}.csv", copies, case)
                result = run_check(source, folder, args.annotate, args.timeout, args.max_gb)
            fields = " ".join(f"{k}={v}" for k, v in result.items())
            sys.stdout.write(f"case={case} copies={copies} annotate={int(args.annotate)} {fields}\n")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
