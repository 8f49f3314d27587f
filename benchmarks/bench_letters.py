"""Benchmark: `kpps-xl letters` (check, budget, three letters, the lampiran) for one big roster.

Usage: python benchmarks/bench_letters.py [--rows 33439] [--runs 3]
The roster is the check benchmark's (kpps_xl.samples.make_big_roster, cached in the national
cache folder); the settings are the bundled sample's with kode_wilayah set to the roster's
regency. Prints whole-process medians (wall, CPU of the process tree, peak RSS) as JSON.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_national import CLI, run  # noqa: E402
from national import CACHE  # noqa: E402


def _settings(folder: Path, roster: Path) -> Path:
    """The sample settings with the roster's regency code (its NIKs' first four digits)."""
    from python_calamine import CalamineWorkbook

    rows = CalamineWorkbook.from_path(str(roster)).get_sheet_by_index(0).to_python(nrows=40)
    code = next(str(c)[:4] for row in rows for c in row if str(c).isdigit() and len(str(c)) == 16)
    text = (HERE.parent / "samples" / "kpps-xl.toml").read_text(encoding="utf-8")
    target = folder / "kpps-xl.toml"
    target.write_text(text.replace('kode_wilayah = "1706"', f'kode_wilayah = "{code}"'),
                      encoding="utf-8")
    return target


def main() -> None:
    from kpps_xl.samples import make_big_roster

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=33_439)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    roster = CACHE / f"big-{args.rows}.xlsx"
    if not roster.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        make_big_roster(roster, args.rows)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        settings = _settings(folder, roster)
        command = [sys.executable, "-c", CLI, "letters", str(roster), "--pengaturan",
                   str(settings), "--keluaran", str(folder / "surat"), "--abaikan-galat"]
        figures = [run(command) for _ in range(args.runs)]
        med = [statistics.median(f[i] for f in figures) for i in range(3)]
        out = {"rows": args.rows, "letters_wall_s": round(med[0], 2),
               "letters_cpu_s": round(med[1], 2), "peak_mb": round(max(f[2] for f in figures)),
               "runs": args.runs}
    sys.stdout.write(json.dumps(out) + "\n")


if __name__ == "__main__":
    main()
