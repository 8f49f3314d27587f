"""Benchmark: read, rules, JSON report and annotated copy on Palembang-size and 1M-row rosters.

Usage: python benchmarks/bench_check.py [--rows 33439 1048575] [--no-annotate-big]
Each size runs in a fresh subprocess so peak memory (ru_maxrss) is per size.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _measure(rows: int, annotate: bool) -> dict[str, float]:
    from kpps_xl.roster import load_roster
    from kpps_xl.samples import make_big_roster
    from kpps_xl.settings import Settings
    from kpps_xl.validate import validate

    out: dict[str, float] = {"rows": rows}
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / f"roster-{rows}.xlsx"
        start = time.perf_counter()
        make_big_roster(source, rows)
        out["generate_s"] = time.perf_counter() - start
        settings = Settings()
        start = time.perf_counter()
        roster = load_roster(source)
        out["read_s"] = time.perf_counter() - start
        start = time.perf_counter()
        report = validate(roster, settings)
        out["rules_s"] = time.perf_counter() - start
        start = time.perf_counter()
        (Path(tmp) / "r.json").write_text(json.dumps(report.to_dict(), ensure_ascii=False))
        out["report_s"] = time.perf_counter() - start
        out["check_total_s"] = out["read_s"] + out["rules_s"] + out["report_s"]
        out["findings"] = len(report.findings)
        out["rows_per_s"] = rows / out["check_total_s"]
        out["peak_rss_check_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        if annotate:
            from kpps_xl.workbook import annotate as annotate_copy

            start = time.perf_counter()
            annotate_copy(source, report, Path(tmp) / "diperiksa.xlsx")
            out["annotate_s"] = time.perf_counter() - start
            out["peak_rss_total_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, nargs="*", default=[33_439, 1_048_575])
    parser.add_argument("--no-annotate-big", action="store_true",
                        help="skip the annotated copy above 100,000 rows")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--annotate", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        sys.stdout.write(json.dumps(_measure(args.child, bool(args.annotate))) + "\n")
        return
    for rows in args.rows:
        annotate = not (args.no_annotate_big and rows > 100_000)
        proc = subprocess.run([sys.executable, __file__, "--child", str(rows), "--annotate",
                               str(int(annotate))], capture_output=True, text=True, check=True)
        result = json.loads(proc.stdout.strip().splitlines()[-1])
        sys.stdout.write(" ".join(f"{k}={v:.2f}" if isinstance(v, float) else f"{k}={v}"
                                  for k, v in result.items()) + "\n")


if __name__ == "__main__":
    main()
