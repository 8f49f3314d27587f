"""Check: the generated .xlsx layouts of a round saved by LibreOffice as .xls (BIFF) and .ods.

Run: .venv/bin/python benchmarks/layouts_lo.py [round] [folder]   (round 5 by default; 1, 3, 4, 5)
Builds every .xlsx layout of tests/layouts_wild<round>.py, converts them all with one headless
LibreOffice per format, reads each copy with kpps-xl and compares it with the layout's truth
(every officer's values, the exact planted findings) as tests/test_layouts_wild<round>.py does.
Prints JSON, one entry per format and layout: ok, and the first differences. Needs soffice;
not a test (LibreOffice is no dependency), a check of the .xls and .ods readers on the layouts.
"""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))


def _differences(path: Path, truth: object) -> list[str]:
    from layouts_wild import found_and_planted, mismatches
    from layouts_wild3 import place_mismatches
    from layouts_wild4 import extra_mismatches

    from kpps_xl.roster import load_roster

    frame = load_roster(path).df
    out = mismatches(frame, truth)
    if hasattr(truth, "tempat"):  # round 3 on: the place of birth
        out += place_mismatches(frame, truth)
    if hasattr(truth, "extra"):  # round 4 on: further columns
        out += extra_mismatches(frame, truth)
    found, planted = found_and_planted(path, truth)
    out += [f"found {f}" for f in found if f not in planted]
    out += [f"missed {p}" for p in planted if p not in found]
    return out


def main(round_number: int = 5, folder: Path | None = None) -> list[dict[str, object]]:
    module = importlib.import_module(f"layouts_wild{round_number if round_number > 1 else ''}")
    work = folder or Path(tempfile.mkdtemp(prefix="kpps-lo-"))
    source = work / "xlsx"
    source.mkdir(parents=True, exist_ok=True)
    built = {name: module.build(name, source) for name, (suffix, _) in module.LAYOUTS.items()
             if suffix == "xlsx"}
    results: list[dict[str, object]] = []
    for fmt in ("xls", "ods"):
        target = work / fmt
        target.mkdir(exist_ok=True)
        subprocess.run(["soffice", "--headless", "--convert-to", fmt, "--outdir", str(target),
                        *[str(path) for path, _ in built.values()]],
                       check=True, capture_output=True, timeout=600)
        for name, (path, truth) in built.items():
            found = _differences(target / f"{path.stem}.{fmt}", truth)
            results.append({"format": fmt, "layout": name, "ok": not found, "differences": found[:5]})
    return results


if __name__ == "__main__":
    args = sys.argv[1:]
    rows = main(int(args[0]) if args else 5, Path(args[1]) if len(args) > 1 else None)
    sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1) + "\n")
    sys.stdout.write(f"{sum(r['ok'] for r in rows)}/{len(rows)} ok\n")
