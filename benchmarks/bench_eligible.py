"""Benchmark: the eligibility gate (validate + select_eligible) on a big roster in memory.

Usage: python benchmarks/bench_eligible.py [--rows 200000]
The roster comes from kpps_xl.samples.make_big_values (which plants problems: bad NIKs,
duplicates, under-age) read by roster_from_values. Reports the time of validate (the check the
gate runs first) and of select_eligible (the selection itself), the rows kept and left out.
"""

from __future__ import annotations

import argparse
import time


def _timed(func, *args):
    start = time.perf_counter()
    result = func(*args)
    return result, time.perf_counter() - start


def main() -> None:
    from kpps_xl.eligible import select_eligible
    from kpps_xl.roster.sheet import roster_from_values
    from kpps_xl.samples import make_big_values
    from kpps_xl.settings import Settings
    from kpps_xl.validate import validate

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=200_000)
    args = parser.parse_args()

    values = make_big_values(args.rows)
    roster = roster_from_values(values, "KPPS", "big.xlsx")
    del values
    settings = Settings()
    report, validate_s = _timed(validate, roster, settings)
    eligible, select_s = _timed(select_eligible, roster, report)
    print(f"rows={len(roster.df):,} errors={report.errors:,} kept={len(eligible.roster.df):,} "
          f"left_out={len(eligible.excluded):,}")
    print(f"validate {validate_s:.2f} s; select_eligible {select_s:.2f} s")


if __name__ == "__main__":
    main()
