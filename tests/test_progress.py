"""Check progress: a plain line per file off a terminal (CI logs), a rich bar on one."""

from __future__ import annotations

import io
import re

from builders import simple_sheet, team, write_xlsx
from rich.console import Console

from kpps_xl.api import check
from kpps_xl.progress import CheckProgress, clock, thousands


def _files(tmp_path):
    return [write_xlsx(tmp_path / f"kab{k}.xlsx", {"KEC": simple_sheet(team(1, 10 * k + 1))})
            for k in range(3)]


def test_plain_progress_prints_one_line_per_file_and_the_rules_stage(tmp_path, capsys):
    paths = _files(tmp_path)
    console = Console(file=io.StringIO(), force_terminal=False)
    with CheckProgress(console, [tmp_path]) as progress:
        report = check([tmp_path], on_file=progress.on_file, on_stage=progress.on_stage,
                       workers=2)
    lines = capsys.readouterr().err.splitlines()
    assert report.rows == 21
    assert [line.split(" ")[0] for line in lines[:3]] == ["[1/3]", "[2/3]", "[3/3]"]
    assert sorted(line.split(" ")[1] for line in lines[:3]) == ["kab0.xlsx:", "kab1.xlsx:",
                                                                "kab2.xlsx:"]
    assert all(" 7 baris" in line for line in lines[:3])
    assert "total 21 baris" in lines[2]
    assert lines[3].startswith("Memeriksa aturan") and "21 baris" in lines[3]
    assert len(paths) == 3 and console.file.getvalue() == ""


def test_terminal_progress_draws_a_bar_and_leaves_no_plain_lines(tmp_path, capsys):
    _files(tmp_path)
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=100)
    with CheckProgress(console, [tmp_path]) as progress:
        check([tmp_path], on_file=progress.on_file, on_sheet=progress.on_sheet,
              on_stage=progress.on_stage, workers=1)
        assert progress.eta() is not None and progress.done_bytes == progress.total
    assert capsys.readouterr().err == ""
    assert "berkas" in screen.getvalue()


def test_numbers_and_durations_read_the_indonesian_way():
    assert thousands(5741127) == "5.741.127"
    assert clock(65) == "0:01:05" and clock(3725.4) == "1:02:05"


def test_plain_progress_masks_a_nik_in_a_file_name_and_prints_markup_literally(tmp_path, capsys):
    for name in ("1706036503890001.xlsx", "[bold]kab.xlsx"):
        write_xlsx(tmp_path / name, {"KEC": simple_sheet(team(1, 1))})
    console = Console(file=io.StringIO(), force_terminal=False)
    with CheckProgress(console, [tmp_path]) as progress:
        check([tmp_path], on_file=progress.on_file, on_stage=progress.on_stage, workers=1)
    err = capsys.readouterr().err
    assert "1706036503890001" not in err and "1706********0001.xlsx" in err
    assert "[bold]kab.xlsx" in err


def test_budget_and_letters_show_reading_and_writing_off_a_terminal(tmp_path):
    """budget and letters read (and check) the rosters like check does, with the same lines."""
    from pathlib import Path

    from clirun import invoke

    root = Path(__file__).resolve().parents[1] / "samples"
    roster, config = root / "kpps_bersih.xlsx", root / "kpps-xl.toml"
    budget = invoke(["budget", str(roster), "-c", str(config), "-o", str(tmp_path / "a.xlsx")])
    letters = invoke(["letters", str(roster), "-c", str(config), "-o", str(tmp_path / "surat")])
    for result in (budget, letters):
        assert result.exit_code == 0, result.output
        assert "[1/1] kpps_bersih.xlsx:" in result.text and "Memeriksa aturan" in result.text
    people = re.search(r"Menulis surat dan lampiran \((\d+) peserta\)", letters.text)
    assert people and int(people.group(1)) > 0
    assert "Menulis surat" not in budget.text
