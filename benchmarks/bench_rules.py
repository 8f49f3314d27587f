"""Benchmark: the post-read stage (rules, follow-up, JSON report, eligibility gate) on a roster.

Usage:
  python benchmarks/bench_rules.py [--rows 33439 1048575] [--kind plain health]
                                   [--roster R.pkl ...] [--src OTHER/src ...]

A roster is read once and cached as a pickle (default /tmp/kpps-bench-rules/KIND-ROWS.pkl):
`plain` is the Palembang-like roster of kpps_xl.samples.big_rows (few findings), `health` adds
the six health columns of benchmarks/bench_health.py (half the officers flagged: ~0.4 M
findings and ~0.5 M people in the follow-up list at 1 M rows). `--roster` measures any pickled
Roster (e.g. one read by load_roster from /tmp/kpps-national). Each (source tree, roster) runs
in its own process: `--src` compares source trees in one run (e.g. a checkout of the code
before a change); the first column is this checkout's src. Printed per stage: CPU seconds
(user+sys of the process), and the peak RSS after loading the roster and at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CACHE = Path("/tmp/kpps-bench-rules")


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _build(kind: str, rows: int, path: Path) -> None:
    """Read a generated roster from Python values and pickle it."""
    from kpps_xl.roster import roster_from_values
    from kpps_xl.samples import BIG_HEADER, big_rows

    if kind == "health":
        sys.path.insert(0, str(HERE))
        from bench_health import _values

        values = _values(rows)
    else:
        values = [list(BIG_HEADER), *map(list, big_rows(rows))]
    roster = roster_from_values(values, "DAFTAR KPPS", "big.xlsx")
    del values
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with tmp.open("wb") as handle:
        pickle.dump(roster, handle, protocol=pickle.HIGHEST_PROTOCOL)
    tmp.replace(path)


def _measure(path: Path) -> dict[str, object]:
    """Stages of the post-read work on one pickled roster, in this process."""
    import hashlib
    import tempfile

    from kpps_xl.eligible import select_eligible
    from kpps_xl.report_json import write_report
    from kpps_xl.settings import Settings
    from kpps_xl.validate import validate

    with path.open("rb") as handle:
        roster = pickle.load(handle)
    out: dict[str, object] = {"rows": len(roster.df), "loaded_peak_mb": round(_peak_mb())}
    start = _cpu()
    report = validate(roster, Settings())
    out["validate_s"] = _cpu() - start
    out["findings"] = len(report.findings)
    people = report.follow_up.people if report.follow_up is not None else ()
    out["follow_up_people"] = len(people)
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "r.json"
        start = _cpu()
        write_report(report, target)
        out["json_s"] = _cpu() - start
        out["json_sha"] = hashlib.sha256(target.read_bytes()).hexdigest()[:12]
    start = _cpu()
    eligible = select_eligible(roster, report)
    out["eligible_s"] = _cpu() - start
    out["excluded"] = len(eligible.excluded)
    out["total_s"] = sum(float(out[k]) for k in ("validate_s", "json_s", "eligible_s"))  # type: ignore[arg-type]
    out["peak_mb"] = round(_peak_mb())
    return out


def _child(src: Path, *args: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(src)}
    done = subprocess.run([sys.executable, __file__, *args], env=env, capture_output=True,
                          text=True, check=True)
    return done.stdout.strip().splitlines()[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, nargs="*", default=[33_439, 1_048_575])
    parser.add_argument("--kind", nargs="*", choices=("plain", "health"), default=["plain", "health"])
    parser.add_argument("--roster", type=Path, nargs="*", default=[], help="pickled Roster files")
    parser.add_argument("--src", type=Path, nargs="*", default=[], help="other source trees")
    parser.add_argument("--cache", type=Path, default=CACHE)
    parser.add_argument("--child-build", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--child-measure", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_build:
        kind, rows, path = args.child_build
        _build(kind, int(rows), Path(path))
        print("ok")
        return
    if args.child_measure:
        print(json.dumps(_measure(args.child_measure)))
        return
    own = HERE.parent / "src"
    rosters = list(args.roster)
    for kind in args.kind if not args.roster else ():
        for rows in args.rows:
            path = args.cache / f"{kind}-{rows}.pkl"
            if not path.exists():
                started = time.perf_counter()
                _child(own, "--child-build", kind, str(rows), str(path))
                print(f"# built {path} in {time.perf_counter() - started:.0f} s", flush=True)
            rosters.append(path)
    for path in rosters:
        for src in (own, *args.src):
            figures = json.loads(_child(src, "--child-measure", str(path)))
            print(json.dumps({"roster": path.name, "src": str(src), **{
                k: round(v, 2) if isinstance(v, float) else v for k, v in figures.items()}}),
                flush=True)


if __name__ == "__main__":
    main()
