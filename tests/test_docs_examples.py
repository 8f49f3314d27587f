"""Every `kpps-xl` command in the ```bash blocks of README.md and docs/*.md runs as pasted.

The blocks are run in a fresh folder holding `samples/` (the synthetic set `kpps-xl sample`
writes, as in the repo). A line's expected exit code is the one its comment documents
("# kode keluar 1"), else 0. `cd` is followed; other programs (venv, pip, pytest) are skipped.
LibreOffice is replaced by a stub that writes the PDF files, so `--pdf` runs quickly anywhere.
"""

from __future__ import annotations

import re
import shlex
import stat
from pathlib import Path

import pytest
from clirun import invoke

from kpps_xl.samples import write_samples

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
BLOCK = re.compile(r"```(?:bash|sh)\n(.*?)```", re.S)
EXIT = re.compile(r"#.*kode keluar:? *(\d)")


def documented_lines() -> list[tuple[str, int, str]]:
    """(document name, block number, line) for every ```bash line that runs kpps-xl or cd."""
    lines = []
    for doc in DOCS:
        for number, block in enumerate(BLOCK.findall(doc.read_text(encoding="utf-8"))):
            for line in block.splitlines():
                if "kpps-xl " in line or line.strip().startswith("cd "):
                    lines.append((doc.name, number, line))
    return lines


def _steps(line: str) -> list[list[str]]:
    return [shlex.split(part, comments=True) for part in line.split("&&")]


STUB = """#!/bin/sh
# soffice stand-in: writes OUTDIR/NAME.pdf for every NAME.docx given
while [ $# -gt 0 ]; do
  case "$1" in
    --outdir) shift; out="$1" ;;
    *.docx) name=$(basename "$1" .docx); printf '%%PDF-1.4 stub' > "$out/$name.pdf" ;;
  esac
  shift
done
"""


def test_readme_and_docs_have_commands_to_try():
    names = {name for name, _, line in documented_lines() if "kpps-xl " in line}
    assert "README.md" in names


def test_every_documented_command_runs_with_its_documented_exit_code(tmp_path, monkeypatch):
    write_samples(tmp_path / "samples")
    stub_dir = tmp_path / "bin"
    stub_dir.mkdir()
    stub = stub_dir / "soffice"
    stub.write_text(STUB, encoding="utf-8")
    stub.chmod(stub.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{stub_dir}:/usr/bin:/bin")
    monkeypatch.chdir(tmp_path)
    ran, block = 0, None
    for name, number, line in documented_lines():
        if (name, number) != block:  # every block starts in the folder holding samples/
            block = (name, number)
            monkeypatch.chdir(tmp_path)
        match = EXIT.search(line)
        expected = int(match.group(1)) if match else 0
        for words in _steps(line):
            if not words:
                continue
            if words[0] == "cd":
                monkeypatch.chdir(Path.cwd() / words[1])
                continue
            if not words[0].endswith("kpps-xl"):
                continue  # python -m venv, pip, pytest: not kpps-xl's to test
            result = invoke(words[1:])
            assert result.exit_code == expected, (name, line, result.output)
            assert "Traceback" not in result.output
            ran += 1
    assert ran >= 5


@pytest.mark.parametrize("line", [".venv/bin/kpps-xl check a.xlsx  # kode keluar 1",
                                  "kpps-xl sample contoh && cd contoh"])
def test_the_collector_reads_exit_codes_and_steps(line):
    steps = _steps(line)
    assert steps[0][0].endswith("kpps-xl")
    assert (EXIT.search(line) is not None) == ("kode keluar" in line)
