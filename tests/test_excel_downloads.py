"""Letters on the server: unguessable short-lived links, deleted after expiry, localhost only
unless the server was opened (clock injected, no sleeping)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from addin_app import fresh_app, raw_request
from openpyxl import load_workbook

from kpps_xl.excel import downloads
from kpps_xl.excel.security import Policy

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
T0 = 1_700_000_000.0


def test_tokens_are_long_random_and_distinct(tmp_path):
    tokens = {downloads.new_folder(tmp_path, T0, 60)[0] for _ in range(50)}
    assert len(tokens) == 50
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{43}", t) for t in tokens)


def test_a_link_lives_until_its_expiry_then_the_files_are_deleted(tmp_path):
    token, folder = downloads.new_folder(tmp_path, T0, 600)
    (folder / "surat_pemda.docx").write_bytes(b"PK docx")
    assert downloads.resolve_download(token, "surat_pemda.docx", T0 + 599, tmp_path) == (
        folder / "surat_pemda.docx").resolve()
    assert downloads.resolve_download(token, "surat_pemda.docx", T0 + 600, tmp_path) is None
    assert not folder.exists()


def test_purge_removes_only_expired_token_folders(tmp_path):
    old, old_folder = downloads.new_folder(tmp_path, T0, 60)
    new, new_folder = downloads.new_folder(tmp_path, T0 + 50, 60)
    (tmp_path / "bukan-token").mkdir()
    assert downloads.purge(tmp_path, T0 + 70) == [old]
    assert new_folder.exists() and not old_folder.exists() and (tmp_path / "bukan-token").exists()
    # a new folder also clears the expired ones
    downloads.new_folder(tmp_path, T0 + 500, 60)
    assert not new_folder.exists()


@pytest.mark.parametrize("name", ["..", ".kedaluwarsa", "a/b", "a\\b", "", "../x"])
def test_names_outside_the_token_folder_or_hidden_are_refused(tmp_path, name):
    token, folder = downloads.new_folder(tmp_path, T0, 60)
    (folder / "x").write_text("x")
    assert downloads.resolve_download(token, name, T0, tmp_path) is None
    assert downloads.resolve_download("kurang-panjang", "x", T0, tmp_path) is None


def test_ttl_comes_from_the_environment_within_bounds(monkeypatch):
    monkeypatch.setenv(downloads.TTL_ENV, "5")
    assert downloads.ttl_seconds() == 300
    monkeypatch.setenv(downloads.TTL_ENV, "99999")
    assert downloads.ttl_seconds() == 24 * 3600
    monkeypatch.setenv(downloads.TTL_ENV, "abc")
    assert downloads.ttl_seconds() == downloads.DEFAULT_TTL_MINUTES * 60


@pytest.fixture()
def server(tmp_path, monkeypatch):
    monkeypatch.setenv("KPPS_XL_SETTINGS", str(SAMPLES / "kpps-xl.toml"))
    monkeypatch.setenv("KPPS_XL_OUTPUT_DIR", str(tmp_path / "surat"))
    monkeypatch.setenv("KPPS_XL_PUBLIC_URL", "http://127.0.0.1:8000")
    monkeypatch.setenv(downloads.OPEN_ENV, "")
    return fresh_app(Policy(opened=True), monkeypatch)


def _letters(server, tmp_path) -> list[str]:
    from kpps_xl.excel.payload import payload_from_xlsx
    from kpps_xl.excel.replay import replay

    body = json.dumps(payload_from_xlsx(SAMPLES / "kpps_bersih.xlsx")).encode()
    status, answer = raw_request(server, "POST", b"/xlwings/custom-scripts-call/buat_surat",
                                 {"host": "127.0.0.1:8000", "content-type": "application/json"},
                                 body)
    assert status == 200, answer
    wb = load_workbook(SAMPLES / "kpps_bersih.xlsx")
    result = replay(wb, json.loads(answer)["actions"])
    assert "berlaku 30 menit" in result.alerts[-1]
    links = [re.search(r'HYPERLINK\("([^"]+)"', row[2]).group(1)
             for row in wb["Surat"].iter_rows(min_row=2, values_only=True)]
    return [link.removeprefix("http://127.0.0.1:8000") for link in links]


def test_buat_surat_links_download_from_localhost_only(server, tmp_path, monkeypatch):
    links = _letters(server, tmp_path)
    assert len(links) == 4
    for link in links:
        assert re.fullmatch(r"/kpps/unduh/[A-Za-z0-9_-]{43}/[a-z_]+\.(docx|xlsx)", link)
        status, body = raw_request(server, "GET", link.encode(), {"host": "127.0.0.1:8000"})
        assert status == 200 and body.startswith(b"PK")
        status, body = raw_request(server, "GET", link.encode(), {"host": "192.168.1.5:8000"},
                                   client="192.168.1.9")
        assert status == 403 and "ditolak" in body.decode()
    monkeypatch.setenv(downloads.OPEN_ENV, "1")  # kpps-xl serve --host 0.0.0.0
    status, _ = raw_request(server, "GET", links[0].encode(), {"host": "192.168.1.5:8000"},
                            client="192.168.1.9")
    assert status == 200


def test_expired_links_answer_404_and_leave_no_files(server, tmp_path, monkeypatch):
    links = _letters(server, tmp_path)
    later = downloads.clock() + downloads.ttl_seconds() + 1
    monkeypatch.setattr(downloads, "clock", lambda: later)
    status, body = raw_request(server, "GET", links[0].encode(), {"host": "127.0.0.1:8000"})
    assert status == 404 and "tidak ditemukan" in body.decode()
    leftovers = [p for p in (tmp_path / "surat").rglob("*") if p.is_file()]
    assert leftovers == []
