"""The wheel carries the add-in: build it, install it in a fresh venv, `kpps-xl serve` from
another folder answers the manifest and the functions metadata (CI: `pytest -m wheel`)."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.wheel


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tracked_copy(target: Path) -> Path:
    """The repository's tracked files only (no build/, caches or egg-info)."""
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True,
                           check=True).stdout.decode().split("\0")
    for name in filter(None, files):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


def raw_get(port: int, path: str, host: str = "127.0.0.1") -> int:
    """Status of a GET sent byte for byte (no client-side path normalisation)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
        return int(s.recv(64).split()[1])


def wait_for(url: str, process: subprocess.Popen, seconds: float = 120) -> bytes:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(process.stdout.read().decode(errors="replace"))
        try:
            with urllib.request.urlopen(url, timeout=5) as answer:
                return answer.read()
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"{url} did not answer")


def test_wheel_in_a_fresh_venv_serves_the_addin_from_another_folder(tmp_path):
    source = tracked_copy(tmp_path / "src")
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist),
                    str(source)], check=True)
    (wheel,) = dist.glob("kpps_xl-*.whl")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    bindir = venv / ("Scripts" if os.name == "nt" else "bin")
    subprocess.run([str(bindir / "python"), "-m", "pip", "install", "-q", f"{wheel}[server]"],
                   check=True)
    elsewhere = tmp_path / "kantor"
    elsewhere.mkdir()
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XLWINGS_", "KPPS_XL_"))}
    env.pop("PYTHONPATH", None)
    process = subprocess.Popen([str(bindir / "kpps-xl"), "serve", "--port", str(port)],
                               cwd=elsewhere, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{port}"
        manifest = wait_for(f"{base}/manifest.xml", process).decode()
        assert "<DisplayName DefaultValue=\"KPPS\"" in manifest and "kpps-periksa" in manifest
        meta = json.loads(wait_for(f"{base}/xlwings/custom-functions-meta", process))
        assert {f["id"] for f in meta["functions"]} >= {"USIA", "CEK_NIK", "NIK_TGL_LAHIR",
                                                         "IURAN"}
        ribbon = wait_for(f"{base}/static/js/ribbon.js", process).decode()
        assert "kppsSendPlan" in ribbon  # the add-in's own file, from inside the wheel
        assert raw_get(port, "/static/../../../../../../../../etc/passwd") == 400
        assert raw_get(port, "/manifest.xml", host="evil.example") == 421
    finally:
        process.terminate()
        process.wait(timeout=30)
    installed = subprocess.run([str(bindir / "python"), "-c",
                                "import kpps_xl, pathlib; print(pathlib.Path(kpps_xl.__file__)"
                                ".parent)"], capture_output=True, text=True, check=True,
                               cwd=elsewhere, env=env)
    assert str(venv) in installed.stdout  # the wheel's copy served, not the source tree
