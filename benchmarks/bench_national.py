"""Benchmark: `kpps-xl check DIR --report` against a raw fastexcel->Arrow parse of the same files.

Usage:
  python benchmarks/bench_national.py [--rows 100000 500000 1500000 3000000 5741127] [--runs 1]
  python benchmarks/bench_national.py --single 33439 1048575 [--annotate]
  python benchmarks/bench_national.py --tps-sheets 300 3000   (a workbook with a sheet per TPS)

The national set (~514 regency workbooks, a sheet per kecamatan, cross-file duplicates planted)
is generated once under /tmp (benchmarks/national.py); smaller sets are its first files, so the
growth curve is measured on the same files. Every figure is a whole process: wall seconds and
CPU seconds of the process tree, and the peak resident memory (summed over worker processes,
sampled), the median of --runs runs, raw parse and check alternating in one run. On a shared,
loaded machine quote CPU seconds and ratios: wall time then measures the neighbours.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from national import (  # noqa: E402
    CACHE,
    NATIONAL_ROWS,
    TEAM,
    national_set,
    prefix_set,
    set_rows,
    tps_sheets_workbook,
)

CLI = "from kpps_xl.cli import main; main()"


def _tree_rss_kb(root: int) -> int:
    """Resident memory of a process and all its descendants, from /proc."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry)] = int(fields[1])
        rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE") // 1024
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo.extend(child for child, parent in parents.items() if parent == pid)
    return total


def run(command: list[str]) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds of the process tree, peak tree RSS in MB) of one process."""
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        peak = max(peak, _tree_rss_kb(proc.pid))
        time.sleep(0.05)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"{command} failed: {proc.stderr.read().decode()[-2000:]}")
    # ru_maxrss covers the process and the children it waited for; the sampled sum covers
    # worker processes alive at the same time.
    return wall, usage.ru_utime + usage.ru_stime, max(peak, usage.ru_maxrss) / 1024


def compare(label: str, rows: int, files: int, raw: list[str], check: list[str],
            runs: int) -> dict[str, object]:
    figures: dict[str, list[tuple[float, float, float]]] = {"raw": [], "check": []}
    for _ in range(runs):
        figures["raw"].append(run(raw))
        figures["check"].append(run(check))
    med = {k: [statistics.median(f[i] for f in v) for i in range(3)] for k, v in figures.items()}
    out = {"set": label, "rows": rows, "files": files,
           "raw_wall_s": round(med["raw"][0], 2), "check_wall_s": round(med["check"][0], 2),
           "wall_ratio": round(med["check"][0] / med["raw"][0], 2),
           "raw_cpu_s": round(med["raw"][1], 2), "check_cpu_s": round(med["check"][1], 2),
           "cpu_ratio": round(med["check"][1] / med["raw"][1], 2),
           "raw_peak_mb": round(max(f[2] for f in figures["raw"])),
           "check_peak_mb": round(max(f[2] for f in figures["check"])),
           "check_cpu_us_per_row": round(med["check"][1] / rows * 1e6, 2),
           "load_avg": round(os.getloadavg()[0], 1), "runs": runs}
    sys.stdout.write(json.dumps(out) + "\n")
    sys.stdout.flush()
    return out


def national(rows_list: list[int], runs: int, files: int, total: int) -> None:
    directory = national_set(total, files)
    for rows in rows_list:
        target = directory if rows >= total else prefix_set(directory, rows)
        held = set_rows(target)
        report = Path(tempfile.gettempdir()) / "kpps-bench-report.json"
        compare(f"national/{rows}", held, len(list(target.glob("*.xlsx"))),
                [sys.executable, str(HERE / "raw_parse.py"), str(target)],
                [sys.executable, "-c", CLI, "check", str(target), "--report", str(report)], runs)


def single(rows_list: list[int], runs: int, annotate: bool) -> None:
    from kpps_xl.samples import make_big_roster

    for rows in rows_list:
        path = CACHE / f"big-{rows}.xlsx"
        if not path.exists():
            CACHE.mkdir(parents=True, exist_ok=True)
            make_big_roster(path, rows)
        report = CACHE / f"big-{rows}-report.json"
        command = [sys.executable, "-c", CLI, "check", str(path), "--report", str(report)]
        if annotate:
            command += ["--annotate", str(CACHE / f"big-{rows}-diperiksa.xlsx")]
        compare(f"single/{rows}" + ("+annotate" if annotate else ""), rows, 1,
                [sys.executable, str(HERE / "raw_parse.py"), str(path)], command, runs)


def tps_sheets(counts: list[int], runs: int) -> None:
    """Many small sheets in one file: the cost that is per sheet, not per row."""
    for sheets in counts:
        path = tps_sheets_workbook(sheets)
        report = CACHE / f"tps-sheets-{sheets}-report.json"
        compare(f"tps-sheets/{sheets}", sheets * TEAM, 1,
                [sys.executable, str(HERE / "raw_parse.py"), str(path)],
                [sys.executable, "-c", CLI, "check", str(path), "--report", str(report)], runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, nargs="*",
                        default=[100_000, 500_000, 1_500_000, 3_000_000, NATIONAL_ROWS])
    parser.add_argument("--single", type=int, nargs="*", help="one-sheet rosters of these sizes")
    parser.add_argument("--annotate", action="store_true", help="with --single: add --annotate")
    parser.add_argument("--tps-sheets", type=int, nargs="*",
                        help="one workbook with this many TPS sheets (7 officers each)")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--files", type=int, default=514)
    parser.add_argument("--total", type=int, default=NATIONAL_ROWS,
                        help="size of the generated national set (a fraction: fewer rows)")
    args = parser.parse_args()
    if args.tps_sheets:
        tps_sheets(args.tps_sheets, args.runs)
    elif args.single:
        single(args.single, args.runs, args.annotate)
    else:
        national(args.rows, args.runs, args.files, args.total)


if __name__ == "__main__":
    main()
