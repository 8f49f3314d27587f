"""The add-in server serves only what it must: contained static files, own Host, same-origin
JSON POSTs, a body cap and Indonesian error bodies, also when --host opens it."""

from __future__ import annotations

import json

import pytest
from addin_app import ADDIN, fresh_app, raw_request

from kpps_xl.excel.demo import roster_rows
from kpps_xl.excel.payload import payload_from_sheets
from kpps_xl.excel.security import MESSAGES, Policy, policy_for

HOST = {"host": "127.0.0.1:8000"}
JSON = {**HOST, "content-type": "application/json"}
SECRET = "kpps-rahasia-di-luar-folder"


@pytest.fixture(scope="module")
def app():
    patch = pytest.MonkeyPatch()
    guarded = fresh_app(Policy(max_bytes=2_000_000), patch)
    yield guarded
    patch.undo()


@pytest.fixture(scope="module")
def opened():
    patch = pytest.MonkeyPatch()
    guarded = fresh_app(policy_for("0.0.0.0", "https://pc-kpu.local:8000"), patch)
    yield guarded
    patch.undo()


@pytest.fixture()
def outside_file():
    """A file next to the add-in folder that traversal would reach (../secret.txt)."""
    path = ADDIN.parent / ".kpps-test-secret.txt"
    path.write_text(SECRET)
    yield path
    path.unlink()


TRAVERSALS = [
    b"/static/../../../../etc/passwd",
    b"/static/" + b"../" * 12 + b"etc/passwd",
    b"/static/" + b"..%2f" * 12 + b"etc%2fpasswd",
    b"/static/" + b"%2e%2e/" * 12 + b"etc/passwd",
    b"/static/..%2f..%2f..%2f..%2fetc%2fpasswd",
    b"/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    b"/static/%2E%2E%2F%2E%2E%2F%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
    b"/static/%252e%252e/%252e%252e/%252e%252e/etc/passwd",
    b"/static/..%252f..%252f..%252fetc%252fpasswd",
    b"/static/..\\..\\..\\..\\etc\\passwd",
    b"/static/..%5c..%5c..%5c..%5cetc%5cpasswd",
    b"/static/./../../../../etc/passwd",
    b"/static/js/../../../.kpps-test-secret.txt",
    b"/static/..%2f..%2f.kpps-test-secret.txt",
    b"/static/%2e%2e/%2e%2e/.kpps-test-secret.txt",
    b"/static/js/%00../../.kpps-test-secret.txt",
    b"/kpps/unduh/..%2f..%2f/passwd",
]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_traversal_in_every_encoding_is_refused(app, opened, outside_file, path):
    for server, host in ((app, HOST), (opened, {"host": "192.168.1.20:8000"})):
        status, body = raw_request(server, "GET", path, host)
        assert 400 <= status < 500, (path, status)
        assert b"root:" not in body and SECRET.encode() not in body
        assert body.decode("utf-8") in {MESSAGES[404], "Alamat tidak diizinkan."}


def test_the_static_mount_itself_contains_paths_without_the_guard(app, outside_file):
    import xlwings_server.main as main
    from starlette.routing import Mount

    (mount,) = [r for r in main.app.router.routes if isinstance(r, Mount) and r.name == "static"]
    for attempt in ("../../../../etc/passwd", "../.kpps-test-secret.txt",
                    "js/../../.kpps-test-secret.txt", "../../" + str(outside_file)):
        assert mount.app.lookup_path(attempt) == ("", None), attempt
    own, _ = mount.app.lookup_path("js/ribbon.js")
    assert own == str(ADDIN / "static" / "js" / "ribbon.js")  # the add-in's file wins
    package, _ = mount.app.lookup_path("js/main.js")
    assert package.endswith("xlwings_server/static/js/main.js")


def test_static_files_the_addin_needs_are_still_served(app):
    assert raw_request(app, "GET", b"/static/js/ribbon.js", HOST)[0] == 200
    assert raw_request(app, "GET", b"/static/images/icons/kpps-32.png", HOST)[0] == 200
    assert raw_request(app, "GET", b"/manifest.xml", HOST)[0] == 200


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8000", "127.0.0.1.evil.example",
                                  "localhost.evil.example:8000", "", "192.168.1.20:8000"])
def test_foreign_host_header_is_refused_dns_rebinding(app, host):
    status, body = raw_request(app, "GET", b"/manifest.xml", {"host": host} if host else {})
    assert status == 421
    assert "Host" in body.decode() and "server KPPS" in body.decode()


@pytest.mark.parametrize("host", ["localhost:8000", "127.0.0.1", "[::1]:8000", "LOCALHOST:8000"])
def test_own_loopback_names_are_accepted(app, host):
    assert raw_request(app, "GET", b"/manifest.xml", {"host": host})[0] == 200


def test_opened_server_accepts_ips_and_its_names_but_not_a_rebound_domain(opened):
    import socket

    for host in ("192.168.1.20:8000", "10.0.0.5", "pc-kpu.local:8000",
                 socket.gethostname() + ":8000", "127.0.0.1:8000"):
        assert raw_request(opened, "GET", b"/manifest.xml", {"host": host})[0] == 200, host
    assert raw_request(opened, "GET", b"/manifest.xml", {"host": "evil.example:8000"})[0] == 421


def _script_body() -> bytes:
    rows, _ = roster_rows(14)
    return json.dumps(payload_from_sheets({"KEC A": rows})).encode()


@pytest.mark.parametrize("server", ["app", "opened"])
def test_cross_site_text_plain_post_never_runs_buat_surat(server, request, tmp_path,
                                                          monkeypatch):
    guarded = request.getfixturevalue(server)
    monkeypatch.setenv("KPPS_XL_OUTPUT_DIR", str(tmp_path / "surat"))
    host = "127.0.0.1:8000"
    attacks = [
        {"host": host, "origin": "https://evil.example", "content-type": "text/plain"},
        {"host": host, "origin": "https://evil.example", "content-type": "application/json"},
        {"host": host, "origin": "null", "content-type": "text/plain"},
        {"host": host, "content-type": "text/plain;charset=UTF-8"},
        {"host": host, "origin": f"http://{host}", "content-type": "text/plain"},
        {"host": host, "sec-fetch-site": "cross-site", "content-type": "application/json"},
        {"host": host, "origin": f"http://{host}",
         "content-type": "application/x-www-form-urlencoded"},
    ]
    for headers in attacks:
        status, body = raw_request(guarded, "POST", b"/xlwings/custom-scripts-call/buat_surat",
                                   headers, _script_body())
        assert status in (403, 415), headers
        assert body.decode() in (MESSAGES[403], MESSAGES[415])
    assert not (tmp_path / "surat").exists()


def test_same_origin_and_vba_json_posts_run_scripts(app):
    for headers in (JSON, {**JSON, "origin": "http://127.0.0.1:8000",
                           "sec-fetch-site": "same-origin"}):
        status, body = raw_request(app, "POST", b"/xlwings/custom-scripts-call/periksa_roster",
                                   headers, _script_body())
        assert status == 200, body
        assert any(a["func"] == "alert" for a in json.loads(body)["actions"])


def test_request_size_is_capped_with_and_without_content_length(app):
    big = b"[" + b"0," * 1_100_000 + b"0]"
    status, body = raw_request(app, "POST", b"/xlwings/custom-scripts-call/periksa_roster",
                               {**JSON, "content-length": str(len(big))}, big)
    assert status == 413 and "2 MB" in body.decode()
    status, _ = raw_request(app, "POST", b"/xlwings/custom-scripts-call/periksa_roster",
                            JSON, big, chunks=50)
    assert status == 413
    status, _ = raw_request(app, "POST", b"/xlwings/custom-scripts-call/periksa_roster",
                            {**JSON, "content-length": "-1"}, b"{}")
    assert status == 413


def test_error_bodies_are_indonesian(app):
    status, body = raw_request(app, "GET", b"/tidak-ada", HOST)
    assert (status, body.decode()) == (404, MESSAGES[404])
    status, body = raw_request(app, "POST", b"/xlwings/custom-functions-call", JSON, b"{}")
    assert status == 500 and body.decode() == MESSAGES[500]
    status, body = raw_request(app, "POST", b"/xlwings/custom-scripts-call/tidak_ada", JSON,
                               _script_body())
    assert status >= 400 and body.decode() in MESSAGES.values()
    status, body = raw_request(app, "POST", b"/xlwings/custom-scripts-call/periksa_roster", JSON,
                               b"{bukan json")
    assert status >= 400 and body.decode() in MESSAGES.values()


def test_a_crash_inside_a_script_is_an_indonesian_alert(app, monkeypatch):
    from kpps_xl.excel import book as xb

    def boom(*_args):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(xb, "roster_parts", boom)
    status, body = raw_request(app, "POST", b"/xlwings/custom-scripts-call/periksa_roster", JSON,
                               _script_body())
    assert status == 200
    (alert,) = [a for a in json.loads(body)["actions"] if a["func"] == "alert"]
    assert "kode 3" in alert["args"][0] and alert["args"][3] == "critical"
    assert "division" not in body.decode()
