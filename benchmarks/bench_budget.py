"""Benchmark: compute_budget and the budget workbook for a 1,048,575-row roster in memory.

Usage: python benchmarks/bench_budget.py [--rows 1048575] [--jkn]
The roster comes from the check benchmark's generator (kpps_xl.samples.make_big_values) read by
roster_from_values; Linmas 2/TPS and PKD 1/kelurahan are derived from it. Reports wall time,
tracemalloc peak (Python allocations during the call) and the process peak RSS.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np


def _timed(func, *args):
    start = time.perf_counter()
    result = func(*args)
    return result, time.perf_counter() - start


def _peak_mb(func, *args) -> float:
    tracemalloc.start()
    func(*args)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def main() -> None:
    from kpps_xl.budget import compute_budget, write_budget_workbook
    from kpps_xl.roster.sheet import roster_from_values
    from kpps_xl.samples import make_big_values
    from kpps_xl.settings import Settings

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_048_575)
    parser.add_argument("--jkn", action="store_true", help="also budget JKN by status_jkn")
    args = parser.parse_args()

    values, build_s = _timed(make_big_values, args.rows)
    roster, read_s = _timed(roster_from_values, values, "KPPS", "big.xlsx")
    del values
    anggaran = {"peran": {"linmas": {"per_tps": 2}, "pkd": {"per_kelurahan": 1}}}
    if args.jkn:
        statuses = np.array(["aktif", "nonaktif", "tidak terdaftar", None], dtype=object)
        roster.df["status_jkn"] = statuses[np.arange(len(roster.df)) % 4]
        anggaran["badan"] = {"KPPS": {"jkn": True}}
    settings = Settings(sections={"anggaran": anggaran})

    compute_budget(roster, settings)  # warm-up (imports, caches)
    budget, compute_s = _timed(compute_budget, roster, settings)
    compute_peak = _peak_mb(compute_budget, roster, settings)
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "anggaran.xlsx"
        _, write_s = _timed(write_budget_workbook, budget, settings, target)
        size_kb = target.stat().st_size / 1024
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"rows={len(roster.df)} lines={len(budget.lines)} total={budget.total} "
          f"people={sum(x.count for x in budget.lines)}")
    print(f"generate_s={build_s:.2f} roster_s={read_s:.2f} compute_s={compute_s:.3f} "
          f"compute_tracemalloc_peak_mb={compute_peak:.1f} workbook_s={write_s:.3f} "
          f"workbook_kb={size_kb:.0f} process_peak_rss_mb={rss:.0f}")


if __name__ == "__main__":
    main()
