"""The physical floor: parse every sheet of the given files/folders to Arrow with fastexcel, nothing else.

Usage: python benchmarks/raw_parse.py PATH [PATH ...]   (prints rows and sheets parsed)
"""

from __future__ import annotations

import sys
from pathlib import Path

import fastexcel


def parse(paths: list[str]) -> tuple[int, int]:
    """(cells rows, sheets) after loading every sheet as an Arrow record batch."""
    files = [p for raw in paths for p in (sorted(Path(raw).glob("*.xlsx")) if Path(raw).is_dir()
                                          else [Path(raw)])]
    rows = sheets = 0
    for path in files:
        reader = fastexcel.read_excel(str(path))
        for name in reader.sheet_names:
            batch = reader.load_sheet(name, header_row=None).to_arrow()
            rows += batch.num_rows
            sheets += 1
    return rows, sheets


if __name__ == "__main__":
    found_rows, found_sheets = parse(sys.argv[1:])
    sys.stdout.write(f"rows={found_rows} sheets={found_sheets}\n")
