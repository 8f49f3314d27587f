"""Benchmark: cost of the health columns on a big roster (read in memory, rules, follow-up list).

Usage: python benchmarks/bench_health.py [--rows 33439 1048575]
The Palembang-like rows of kpps_xl.samples.big_rows gain the six health columns (every 5th
officer not screened, every 11th at risk, every 3rd without active JKN, every 13th KK typed
as a number). The sheet is read from Python values (roster_from_values), so the figures are
the cost of the health columns and rules, not of the file reader. Each size runs in its own
subprocess; peak memory is ru_maxrss.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time

_HEADER = ("STATUS JKN", "HASIL SKRINING", "SURAT KET. SEHAT", "NO. KARTU BPJS KESEHATAN",
           "NO. KPJ", "NO. KK")


def _values(rows: int) -> list[list[object]]:
    from kpps_xl.samples import BIG_HEADER, big_rows

    out: list[list[object]] = [[*BIG_HEADER, *_HEADER]]
    for i, row in enumerate(big_rows(rows)):
        nik = row[2]
        out.append([*row, "Tidak aktif" if i % 3 == 0 else "Aktif",
                    "Belum" if i % 5 == 0 else "Berisiko" if i % 11 == 0 else "Tidak Berisiko",
                    "Ada", "000" + nik[2:12], "24" + nik[7:16],
                    int(nik[:6] + "010118" + nik[12:]) if i % 13 == 0
                    else nik[:6] + "010118" + nik[12:]])
    return out


def _measure(rows: int) -> dict[str, float]:
    from kpps_xl.health.follow_up import follow_up
    from kpps_xl.roster import roster_from_values
    from kpps_xl.rules import health
    from kpps_xl.settings import Settings
    from kpps_xl.workbook.follow_up import follow_up_rows

    values = _values(rows)
    settings = Settings()
    out: dict[str, float] = {"rows": rows}
    start = time.perf_counter()
    roster = roster_from_values(values, "DAFTAR KPPS", "big.xlsx")
    out["read_values_s"] = time.perf_counter() - start
    del values
    for name, rule in (("screening_s", health.check_screening),
                       ("certificate_s", health.check_certificate),
                       ("numbers_s", health.check_numbers)):
        start = time.perf_counter()
        found = list(rule(roster, settings))
        out[name] = time.perf_counter() - start
        out[name.replace("_s", "_findings")] = len(found)
    start = time.perf_counter()
    result = follow_up(roster, settings)
    out["follow_up_s"] = time.perf_counter() - start
    assert result is not None
    out["follow_up_people"] = len(result.people)
    start = time.perf_counter()
    json.dumps(result.to_dict(), ensure_ascii=False)
    out["follow_up_json_s"] = time.perf_counter() - start
    start = time.perf_counter()
    follow_up_rows(result)
    out["follow_up_rows_s"] = time.perf_counter() - start
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, nargs="*", default=[33_439, 1_048_575])
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        print(json.dumps(_measure(args.child)))
        return
    for rows in args.rows:
        done = subprocess.run([sys.executable, __file__, "--child", str(rows)],
                              capture_output=True, text=True, check=True)
        print(done.stdout.strip())


if __name__ == "__main__":
    main()
