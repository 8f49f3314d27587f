"""Fuzz kpps-xl with hostile inputs made from the samples, each run capped in time and memory.

Usage: python benchmarks/fuzz.py [--quick] [--jobs 2] [--timeout 30] [--memory-mb 2048] [--only NAME]

Every case runs `kpps-xl check X --report R --junit J --annotate A` in a subprocess (and
`budget` / `letters` for the cases where user text reaches those writers), with RLIMIT_AS and a
timeout. Classes: crash (traceback, exit 3 or a signal), hang (timeout), oom (MemoryError or an
allocation abort), injected (a formula cell made from cell text in any output .xlsx), leaked (an
unmasked 16-digit run on stdout/stderr or in the JUnit XML), modified (the input's sha256 changed).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from fuzzlib import SAMPLES, Case, formulas, generate, injected, leaks  # noqa: E402

CLASSES = ("ok", "crash", "hang", "oom", "injected", "leaked", "modified")
WRITER_KINDS = frozenset({"inject", "text", "csv", "type"})


@dataclass
class Outcome:
    case: str
    classes: set[str] = field(default_factory=set)
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)


def _command() -> list[str]:
    exe = Path(sys.executable).with_name("kpps-xl")
    return [str(exe)] if exe.exists() else [sys.executable, "-c", "from kpps_xl.cli import main; main()"]


def _limit(memory: int):  # noqa: ANN202
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    return apply


def _run(args: list[str], cwd: Path, timeout: float, memory: int) -> tuple[int | None, str, float]:
    start = time.perf_counter()
    try:
        done = subprocess.run(args, cwd=cwd, capture_output=True, timeout=timeout,
                              preexec_fn=_limit(memory), env={**os.environ, "COLUMNS": "100"})
    except subprocess.TimeoutExpired as exc:
        out = (exc.stdout or b"") + (exc.stderr or b"")
        return None, out.decode("utf-8", "replace"), time.perf_counter() - start
    text = (done.stdout + b"\n" + done.stderr).decode("utf-8", "replace")
    return done.returncode, text, time.perf_counter() - start


def _classify(outcome: Outcome, label: str, code: int | None, text: str) -> None:
    if code is None:
        outcome.classes.add("hang")
        outcome.notes.append(f"{label}: timeout")
        return
    if "MemoryError" in text or "memory allocation" in text or "Cannot allocate" in text:
        outcome.classes.add("oom")
        outcome.notes.append(f"{label}: out of memory")
    elif "Traceback" in text or code not in (0, 1, 2) or code < 0:
        outcome.classes.add("crash")
        last = [line for line in text.strip().splitlines() if line.strip()][-1:] or [""]
        outcome.notes.append(f"{label}: exit {code}: {last[0][:160]}")
    if found := leaks(text):
        outcome.classes.add("leaked")
        outcome.notes.append(f"{label}: console shows {found[0][:4]}…")


def _own_formulas(path: Path) -> set[str]:
    """Formulas the input itself holds (kept in the annotated copy: not an injection)."""
    try:
        return set(formulas(path))
    except Exception:  # noqa: BLE001 - a damaged input simply has no formulas of its own
        return set()


def run_case(case: Case, timeout: float, memory: int, base: list[str]) -> Outcome:
    outcome = Outcome(case.name)
    work = Path(tempfile.mkdtemp(prefix="kfz"))
    try:
        source = work / case.name
        source.write_bytes(case.data)
        before = hashlib.sha256(case.data).hexdigest()
        config = work / "kpps-xl.toml"
        shutil.copy(SAMPLES / "kpps-xl.toml", config)
        runs = [("check", [*base, "check", str(source), "--report", str(work / "r.json"),
                           "--junit", str(work / "j.xml"), "--annotate", str(work / "a.xlsx")])]
        if case.kind in WRITER_KINDS:
            runs += [("budget", [*base, "budget", str(source), "-c", str(config),
                                 "-o", str(work / "b.xlsx"), "--abaikan-galat"]),
                     ("letters", [*base, "letters", str(source), "-c", str(config),
                                  "-o", str(work / "surat"), "--abaikan-galat"])]
        start = time.perf_counter()
        for label, args in runs:
            code, text, _ = _run(args, work, timeout, memory)
            _classify(outcome, label, code, text)
            if code is None:
                break
        outcome.seconds = time.perf_counter() - start
        junit = work / "j.xml"
        if junit.exists() and (found := leaks(junit.read_text("utf-8", "replace"))):
            outcome.classes.add("leaked")
            outcome.notes.append(f"junit shows {found[0][:4]}…")
        own = _own_formulas(source)
        for written in [*work.glob("*.xlsx"), *work.glob("surat/*.xlsx")]:
            if written == source:
                continue
            try:
                bad = [f for f in injected(written) if f not in own]
            except Exception as exc:  # noqa: BLE001 - a corrupt output is a crash of its own
                outcome.classes.add("crash")
                outcome.notes.append(f"{written.name} unreadable: {exc}")
                continue
            if bad:
                outcome.classes.add("injected")
                outcome.notes.append(f"{written.name}: formula {bad[0][:60]}")
        if hashlib.sha256(source.read_bytes()).hexdigest() != before:
            outcome.classes.add("modified")
        if not outcome.classes:
            outcome.classes.add("ok")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return outcome


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the small CI set only")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=30.0)
    parser.add_argument("--memory-mb", type=int, default=2048)
    parser.add_argument("--only", default="", help="run cases whose name contains this")
    parser.add_argument("--every", type=int, default=1,
                        help="run every n-th flip/truncation/part case (all others always)")
    parser.add_argument("--verbose", action="store_true", help="list every case")
    args = parser.parse_args()
    bulk = ("flip", "truncate", "xml")
    cases = [c for i, c in enumerate(generate(big=not args.quick))
             if args.only in c.name and (c.kind not in bulk or i % args.every == 0)]
    base = _command()
    start = time.perf_counter()
    outcomes = []
    with ThreadPoolExecutor(args.jobs) as pool:
        for o in pool.map(lambda c: run_case(c, args.timeout, args.memory_mb << 20, base), cases):
            outcomes.append(o)
            if args.verbose or o.classes != {"ok"}:
                print(f"{o.case:40} {','.join(sorted(o.classes)):18} {o.seconds:6.1f}s  "
                      f"{' | '.join(o.notes)[:300]}", flush=True)
    counts = Counter(cls for o in outcomes for cls in o.classes)
    slowest = max(outcomes, key=lambda o: o.seconds)
    print(f"slowest: {slowest.case} {slowest.seconds:.1f}s; total {time.perf_counter() - start:.0f}s")
    print(f"{len(outcomes)} cases, " + ", ".join(f"{counts[c]} {c}" for c in CLASSES))
    return 0 if counts["ok"] == len(outcomes) else 1


if __name__ == "__main__":
    raise SystemExit(main())
