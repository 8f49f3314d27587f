"""Shared pytest fixtures."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))


@pytest.fixture()
def desk(tmp_path: Path, monkeypatch) -> Path:
    """A clerk's folder (the working directory): a copy of the defect sample as daftar.xlsx and
    the sample kpps-xl.toml."""
    root = Path(__file__).resolve().parents[1] / "samples"
    shutil.copy(root / "kpps_cacat.xlsx", tmp_path / "daftar.xlsx")
    shutil.copy(root / "kpps-xl.toml", tmp_path / "kpps-xl.toml")
    monkeypatch.chdir(tmp_path)
    return tmp_path
