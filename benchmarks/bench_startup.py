"""Start-up time of `kpps-xl --help` and `kpps-xl check --help` (whole process, median).

Run: PYTHONPATH=src python benchmarks/bench_startup.py [RUNS]
Target (issue 9 item 9): <= 0.4 s each on the project's 2-core machine. Prints, per command,
the median, min and max wall time over RUNS runs after one warm-up, and a bare `python -c pass`
for scale (the interpreter's own start is part of every figure).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time

COMMANDS = {
    "python -c pass": [sys.executable, "-c", "pass"],
    "kpps-xl --help": [sys.executable, "-m", "kpps_xl", "--help"],
    "kpps-xl check --help": [sys.executable, "-m", "kpps_xl", "check", "--help"],
    "kpps-xl --versi": [sys.executable, "-m", "kpps_xl", "--versi"],
}


def wall(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env={**os.environ, "COLUMNS": "80"})
    return time.perf_counter() - start


def main(runs: int = 15) -> None:
    for name, command in COMMANDS.items():
        wall(command)  # warm-up: file-system cache, .pyc files
        times = [wall(command) for _ in range(runs)]
        print(f"{name:24} median {statistics.median(times):.3f} s  "
              f"min {min(times):.3f} s  max {max(times):.3f} s  ({runs} runs)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 15)
