"""Build the hardened add-in server app for tests, and call it with exact raw paths."""

from __future__ import annotations

import asyncio
import importlib
import sys
from pathlib import Path

import pytest

ADDIN = Path(__file__).resolve().parents[1] / "src" / "kpps_xl" / "addin"


def fresh_app(policy, monkeypatch: pytest.MonkeyPatch):
    """A newly imported xlwings-server for the add-in folder, behind the KPPS guard."""
    monkeypatch.setenv("XLWINGS_LICENSE_KEY", "noncommercial")
    monkeypatch.setenv("XLWINGS_PROJECT_DIR", str(ADDIN))
    monkeypatch.setenv("XLWINGS_ENABLE_SOCKETIO", "false")
    for name in [m for m in sys.modules if m.startswith(("xlwings_server", "routers"))]:
        del sys.modules[name]
    app_module = importlib.import_module("kpps_xl.excel.app")
    return app_module.create_app(policy)


def raw_request(app, method: str, raw_path: bytes, headers: dict[str, str] | None = None,
                body: bytes = b"", chunks: int = 1, client: str = "127.0.0.1"
                ) -> tuple[int, bytes]:
    """One request as uvicorn hands it over: path percent-decoded once, raw_path untouched,
    no dot-segment normalisation (what a hostile client can send)."""
    from urllib.parse import unquote

    path_part, _, query = raw_path.partition(b"?")
    headers = {"host": "127.0.0.1:8000"} if headers is None else headers
    scope = {"type": "http", "asgi": {"version": "3.0", "spec_version": "2.4"}, "http_version": "1.1",
             "method": method, "scheme": "http", "root_path": "",
             "path": unquote(path_part.decode("ascii")), "raw_path": path_part,
             "query_string": query, "client": (client, 50000), "server": ("127.0.0.1", 8000),
             "headers": [(k.lower().encode("latin-1"), v.encode("latin-1"))
                         for k, v in headers.items()]}
    size = max(1, -(-len(body) // chunks))
    parts = [body[i:i + size] for i in range(0, len(body), size)] or [b""]
    messages = [{"type": "http.request", "body": p, "more_body": i < len(parts) - 1}
                for i, p in enumerate(parts)]
    sent: list[dict] = []

    async def receive():
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    async def send(message):
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    status = next(m["status"] for m in sent if m["type"] == "http.response.start")
    return status, b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
