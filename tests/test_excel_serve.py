"""`kpps-xl serve`: localhost by default, HTTPS when certificates exist, clear messages."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from clirun import invoke

from kpps_xl.errors import KppsError
from kpps_xl.excel.security import Guard
from kpps_xl.excel.serve import CERT_HELP, plan

ADDIN = Path(__file__).resolve().parents[1] / "src" / "kpps_xl" / "addin"


def fake_addin(tmp_path: Path, certs: bool) -> Path:
    folder = tmp_path / "addin"
    (folder / "custom_scripts").mkdir(parents=True)
    if certs:
        (folder / "certs").mkdir()
        (folder / "certs" / "localhost+2.pem").write_text("cert")
        (folder / "certs" / "localhost+2-key.pem").write_text("key")
    return folder


def test_default_is_localhost_http_with_certificate_instructions(tmp_path):
    chosen = plan("127.0.0.1", 8000, None, None, fake_addin(tmp_path, certs=False))
    assert chosen.url == "http://127.0.0.1:8000"
    assert chosen.warnings == (CERT_HELP,)
    assert "mkcert -install" in CERT_HELP and "HTTPS" in CERT_HELP


def test_certificates_in_addin_folder_switch_to_https(tmp_path):
    chosen = plan("127.0.0.1", 8443, None, None, fake_addin(tmp_path, certs=True))
    assert chosen.url == "https://127.0.0.1:8443" and chosen.warnings == ()
    assert chosen.environment()["KPPS_XL_PUBLIC_URL"] == "https://127.0.0.1:8443"


def test_only_cert_without_key_is_refused(tmp_path):
    with pytest.raises(KppsError, match="--cert dan --key"):
        plan("127.0.0.1", 8000, tmp_path / "c.pem", None, fake_addin(tmp_path, certs=False))


def test_network_host_gets_personal_data_warning(tmp_path):
    chosen = plan("0.0.0.0", 8000, None, None, fake_addin(tmp_path, certs=True))
    assert any("NIK" in w for w in chosen.warnings)


def test_serve_command_runs_uvicorn_on_the_addin_app(monkeypatch, tmp_path):
    calls = []
    fake = type(sys)("uvicorn")
    fake.run = lambda app, **kw: calls.append((app, kw))
    monkeypatch.setitem(sys.modules, "uvicorn", fake)
    monkeypatch.setenv("XLWINGS_PROJECT_DIR", "")
    result = invoke(["serve", "--port", "8123", "--addin", str(ADDIN)])
    assert result.exit_code == 0, result.output
    ((served, options),) = calls
    assert options == {"host": "127.0.0.1", "port": 8123, "ssl_certfile": None,
                       "ssl_keyfile": None}
    assert isinstance(served, Guard) and served.policy.host_allowed("127.0.0.1")
    assert not served.policy.opened and not served.policy.host_allowed("evil.example")
    assert "Server KPPS berjalan di http://127.0.0.1:8123" in result.text


def test_importing_serve_does_not_import_xlwings():
    import subprocess

    code = ("import sys, kpps_xl.cli; "
            "print(any(m.startswith(('xlwings', 'uvicorn')) for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_host_0000_download_links_use_the_computer_name_or_public_url(tmp_path, monkeypatch):
    import socket

    monkeypatch.setattr(socket, "gethostname", lambda: "pc-kpu")
    folder = fake_addin(tmp_path, certs=True)
    chosen = plan("0.0.0.0", 8000, None, None, folder)
    assert chosen.environment()["KPPS_XL_PUBLIC_URL"] == "https://pc-kpu:8000"
    assert plan("::", 8000, None, None, folder).url == "https://pc-kpu:8000"
    given = plan("0.0.0.0", 8000, None, None, folder, "https://kpu.local:9443/")
    assert given.environment()["KPPS_XL_PUBLIC_URL"] == "https://kpu.local:9443"
    with pytest.raises(KppsError, match="--public-url"):
        plan("0.0.0.0", 8000, None, None, folder, "kpu.local")


def test_serve_command_accepts_public_url(monkeypatch, tmp_path):
    fake = type(sys)("uvicorn")
    fake.run = lambda app, **kw: None
    monkeypatch.setitem(sys.modules, "uvicorn", fake)
    monkeypatch.setenv("XLWINGS_PROJECT_DIR", "")
    monkeypatch.setenv("KPPS_XL_PUBLIC_URL", "")
    result = invoke(["serve", "--host", "0.0.0.0", "--addin", str(ADDIN),
                                      "--public-url", "http://pc-kpu:8000"])
    assert result.exit_code == 0, result.output
    assert "http://pc-kpu:8000" in result.text
    import os

    assert os.environ["KPPS_XL_PUBLIC_URL"] == "http://pc-kpu:8000"
