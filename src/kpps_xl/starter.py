"""The commented kpps-xl.toml that `kpps-xl init` and `kpps-xl sample` write (package data)."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

CONFIG_NAME = "kpps-xl.toml"


def config_text() -> str:
    """The commented starter settings shipped inside the package (also samples/kpps-xl.toml)."""
    return files("kpps_xl").joinpath("data", CONFIG_NAME).read_text(encoding="utf-8")


def write_config(folder: str | Path, overwrite: bool = True) -> Path | None:
    """Write folder/kpps-xl.toml atomically; None when it exists and overwrite is False."""
    from kpps_xl.io_utils import atomic_path

    target = Path(folder) / CONFIG_NAME
    if target.exists() and not overwrite:
        return None
    with atomic_path(target) as tmp:
        tmp.write_text(config_text(), encoding="utf-8")
    return target
