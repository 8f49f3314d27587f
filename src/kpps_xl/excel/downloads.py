"""Short-lived download folders for letters written on the server: unguessable, then deleted."""

from __future__ import annotations

import os
import re
import secrets
import shutil
import time
from pathlib import Path

OUTPUT_ENV = "KPPS_XL_OUTPUT_DIR"
TTL_ENV = "KPPS_XL_UNDUH_MENIT"
OPEN_ENV = "KPPS_XL_SERVER_TERBUKA"
DEFAULT_TTL_MINUTES = 30
EXPIRY_FILE = ".kedaluwarsa"
# secrets.token_urlsafe(32): 43 characters, 256 bits.
TOKEN_BYTES = 32
_TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")


def clock() -> float:
    """The current time (seconds); tests replace it to move time on without sleeping."""
    return time.time()


def output_root() -> Path:
    """Where Buat Surat writes on a server: $KPPS_XL_OUTPUT_DIR or ~/kpps-xl/surat."""
    return Path(os.environ.get(OUTPUT_ENV) or Path.home() / "kpps-xl" / "surat").resolve()


def ttl_seconds() -> int:
    """How long a download link lives: $KPPS_XL_UNDUH_MENIT minutes (bawaan 30), 1..1440."""
    text = os.environ.get(TTL_ENV, "")
    minutes = int(text) if text.isdigit() else DEFAULT_TTL_MINUTES
    return max(1, min(minutes, 24 * 60)) * 60


def server_opened() -> bool:
    """True when `kpps-xl serve --host` opened the server beyond this computer."""
    return os.environ.get(OPEN_ENV) == "1"


def _expiry(folder: Path) -> float | None:
    try:
        return float((folder / EXPIRY_FILE).read_text(encoding="ascii"))
    except (OSError, ValueError):
        return None


def purge(root: Path, now: float) -> list[str]:
    """Delete every download folder whose time is up; return their tokens."""
    gone: list[str] = []
    if not root.is_dir():
        return gone
    for folder in root.iterdir():
        if not folder.is_dir() or not _TOKEN.fullmatch(folder.name):
            continue
        expires = _expiry(folder)
        if expires is None or now >= expires:
            shutil.rmtree(folder, ignore_errors=True)
            gone.append(folder.name)
    return gone


def new_folder(root: Path, now: float, ttl: int) -> tuple[str, Path]:
    """A fresh folder named by a random token, readable only by this user, expiring at now+ttl."""
    purge(root, now)
    root.mkdir(parents=True, exist_ok=True)
    token = secrets.token_urlsafe(TOKEN_BYTES)
    folder = root / token
    folder.mkdir(mode=0o700)
    (folder / EXPIRY_FILE).write_text(repr(now + ttl), encoding="ascii")
    return token, folder


def resolve_download(token: str, name: str, now: float | None = None,
                     root: Path | None = None) -> Path | None:
    """The file <root>/<token>/<name> while its link is alive, else None (expired ones go)."""
    root = root or output_root()
    moment = clock() if now is None else now
    purge(root, moment)
    if not _TOKEN.fullmatch(token) or name.startswith(".") or not name:
        return None
    if any(ch in name for ch in "/\\\0") or name in ("..", "."):
        return None
    folder = root / token
    path = (folder / name).resolve()
    if path.parent != folder.resolve() or not path.is_file():
        return None
    return path

