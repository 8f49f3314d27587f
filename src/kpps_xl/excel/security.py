"""The add-in server's outer guard: paths, Host, origin, body size and Indonesian error bodies."""

from __future__ import annotations

import ipaddress
import logging
import socket
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

logger = logging.getLogger(__name__)

Scope = dict[str, Any]
Message = dict[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

DEFAULT_MAX_MB = 64
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
# Content types a JSON API accepts; a browser cannot send these cross-site without a CORS
# preflight, which this server never grants.
JSON_TYPES = ("application/json",)

# Every error body the server writes, in Indonesian (status -> text).
MESSAGES = {
    400: "Permintaan tidak sah.",
    403: "Permintaan ditolak: hanya add-in KPPS dari server ini (atau komputer ini) yang boleh.",
    404: "Halaman atau berkas tidak ditemukan.",
    405: "Metode permintaan tidak diizinkan.",
    413: "Permintaan terlalu besar (lebih dari {mb} MB). Bagi lembar per kecamatan/kelurahan.",
    415: "Jenis isi permintaan harus application/json.",
    421: "Alamat server (Host) tidak dikenal; buka add-in lewat alamat server KPPS.",
    422: "Data permintaan tidak lengkap atau salah bentuk.",
    500: "Terjadi kesalahan di server KPPS (kode 3). Catatan teknis ada di jendela server.",
    503: "Server KPPS sedang sibuk atau tidak siap; coba lagi sebentar lagi.",
}
BAD_PATH = "Alamat tidak diizinkan."


def message_for(status: int, max_mb: int = DEFAULT_MAX_MB) -> str:
    """The Indonesian body for an HTTP status (generic text for an unlisted one)."""
    text = MESSAGES.get(status) or (MESSAGES[500] if status >= 500 else MESSAGES[400])
    return text.format(mb=max_mb)


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def is_loopback(host: str) -> bool:
    """True for localhost and loopback addresses (127.0.0.0/8, ::1)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def hostname_of(netloc: str) -> str:
    """'127.0.0.1:8000' -> '127.0.0.1', '[::1]:8000' -> '::1', 'Host.Example.' -> 'host.example'."""
    try:
        name = urlsplit("//" + netloc).hostname or ""
    except ValueError:
        return ""
    return name.lower().rstrip(".")


@dataclass(frozen=True)
class Policy:
    """What the guard accepts; built once per server start from the serve plan."""

    names: frozenset[str] = LOOPBACK_NAMES
    opened: bool = False  # bound beyond loopback (--host): any IP literal is a valid Host
    max_bytes: int = DEFAULT_MAX_MB * 1_000_000
    extra_origins: frozenset[str] = field(default_factory=frozenset)

    def host_allowed(self, host: str) -> bool:
        """Host header check against DNS rebinding: our own names, or an IP when opened."""
        if not host:
            return False
        if host in self.names or is_loopback(host):
            return True
        return self.opened and _is_ip(host)


def policy_for(host: str, public_url: str = "", allow_hosts: Iterable[str] = (),
               max_mb: int = DEFAULT_MAX_MB) -> Policy:
    """Policy for a server bound to `host`: loopback names, plus this computer when opened."""
    opened = not is_loopback(host)
    names = set(LOOPBACK_NAMES) | {hostname_of(host) or host.lower()}
    if opened:
        computer = socket.gethostname()
        names |= {computer.lower(), socket.getfqdn(computer).lower()}
    if public_url:
        names.add(hostname_of(urlsplit(public_url).netloc))
    names |= {hostname_of(h) or h.lower() for h in allow_hosts}
    names.discard("")
    return Policy(frozenset(names), opened, max_mb * 1_000_000)


def path_problem(scope: Scope) -> bool:
    """True for a path that tries to leave its folder: '..', '.', backslashes, leftover
    percent signs (double encoding), NUL or control characters."""
    raw = scope.get("raw_path") or scope.get("path", "").encode()
    raw_text = raw.decode("latin-1").lower()
    path = scope.get("path", "")
    if "\\" in path or "%5c" in raw_text or "%" in path:
        return True
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in path):
        return True
    return any(part in (".", "..") for part in path.split("/"))


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            return value.decode("latin-1")
    return None


def origin_allowed(scope: Scope, policy: Policy) -> bool:
    """A POST from a browser must come from this server's own origin (same host:port).

    Browsers always send Origin (or Sec-Fetch-Site) on a cross-site POST; clients outside a
    browser (VBA RunServerPython, scripts) send neither and cannot be driven by a web page.
    """
    origin = _header(scope, b"origin")
    site = _header(scope, b"sec-fetch-site")
    if origin is None:
        return site in (None, "same-origin", "none")
    if origin in policy.extra_origins:
        return True
    if origin == "null":
        return False
    parts = urlsplit(origin)
    host = _header(scope, b"host") or ""
    return bool(parts.netloc) and parts.netloc.lower() == host.lower()


def content_type_allowed(scope: Scope) -> bool:
    """Only JSON bodies: text/plain and form posts are what cross-site pages can send."""
    value = (_header(scope, b"content-type") or "").split(";")[0].strip().lower()
    return value in JSON_TYPES


async def send_text(send: Send, status: int, text: str) -> None:
    """A plain-text Indonesian response."""
    body = text.encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                            (b"content-length", str(len(body)).encode()),
                            (b"x-content-type-options", b"nosniff")]})
    await send({"type": "http.response.body", "body": body})


class _TooLarge(Exception):
    pass


async def _read_body(receive: Receive, limit: int) -> list[Message]:
    """Every body message of the request, refusing more than `limit` bytes."""
    messages, total = [], 0
    while True:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request":
            return messages
        total += len(message.get("body", b""))
        if total > limit:
            raise _TooLarge
        if not message.get("more_body"):
            return messages


class Guard:
    """ASGI middleware in front of xlwings-server: every request passes these checks first."""

    def __init__(self, app: ASGIApp, policy: Policy) -> None:
        self.app = app
        self.policy = policy

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        status = self.refusal(scope)
        if status is None and scope["type"] == "http" and scope.get("method") == "POST":
            try:
                buffered = await _read_body(receive, self.policy.max_bytes)
            except _TooLarge:
                status = 413
            else:
                receive = _replay(buffered, receive)
        if status is not None:
            logger.warning("refused %s %s: %s", scope.get("method"), scope.get("path"), status)
            if scope["type"] == "websocket":
                await send({"type": "websocket.close", "code": 1008})
                return
            text = BAD_PATH if status == 400 else message_for(status, self.max_mb)
            await send_text(send, status, text)
            return
        await self._run(scope, receive, send)

    async def _run(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Call the app; an exception it re-raises after answering is logged, not re-raised
        (Starlette's error middleware re-raises once it has sent the Indonesian 500)."""
        started = False

        async def tracking(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, tracking)
        except Exception:
            logger.exception("%s %s failed", scope.get("method"), scope.get("path"))
            if not started and scope["type"] == "http":
                await send_text(send, 500, message_for(500))

    @property
    def max_mb(self) -> int:
        return self.policy.max_bytes // 1_000_000

    def refusal(self, scope: Scope) -> int | None:
        """The status that refuses this request before it reaches xlwings-server, or None."""
        if path_problem(scope):
            return 400
        if not self.policy.host_allowed(hostname_of(_header(scope, b"host") or "")):
            return 421
        if scope["type"] != "http" or scope.get("method") != "POST":
            return None
        if not origin_allowed(scope, self.policy):
            return 403
        if not content_type_allowed(scope):
            return 415
        length = _header(scope, b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.policy.max_bytes):
            return 413
        return None


def _replay(messages: list[Message], receive: Receive) -> Receive:
    queue = list(messages)

    async def replayed() -> Message:
        return queue.pop(0) if queue else await receive()

    return replayed

