"""`kpps-xl serve`: start the KPPS Excel add-in server (xlwings-server) on this computer."""

from __future__ import annotations

import ipaddress
import os
import socket
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer

from kpps_xl.errors import KppsError
from kpps_xl.excel.downloads import OPEN_ENV
from kpps_xl.excel.security import DEFAULT_MAX_MB, Policy, is_loopback, policy_for

ADDIN_ENV = "KPPS_XL_ADDIN"
# The xlwings-server project folder ships inside the wheel (package data).
PACKAGE_ADDIN = Path(__file__).resolve().parents[1] / "addin"
# xlwings-server's own convention, as written by `mkcert localhost 127.0.0.1 ::1`.
DEFAULT_CERT = Path("certs") / "localhost+2.pem"
DEFAULT_KEY = Path("certs") / "localhost+2-key.pem"

CERT_HELP = (
    "Excel (add-in Office.js) hanya mau memuat add-in lewat HTTPS. Buat sertifikat lokal yang "
    "dipercaya komputer ini, sekali saja:\n"
    "  1. Pasang mkcert (https://github.com/FiloSottile/mkcert), lalu jalankan: mkcert -install\n"
    "  2. Di folder tempat Anda menjalankan kpps-xl serve: mkcert -cert-file certs/localhost+2.pem "
    "-key-file certs/localhost+2-key.pem localhost 127.0.0.1 ::1\n"
    "  3. Jalankan lagi: kpps-xl serve dari folder itu (sertifikat di ./certs dipakai otomatis),\n"
    "     atau beri --cert dan --key.\n"
    "Tanpa sertifikat server tetap jalan lewat HTTP (cukup untuk tombol VBA dan uji coba), "
    "tetapi manifest tidak dapat dipasang (sideload) di Excel."
)


@dataclass(frozen=True)
class ServePlan:
    """Everything `serve` will do, decided before anything starts (testable)."""

    addin: Path
    host: str
    port: int
    cert: Path | None
    key: Path | None
    warnings: tuple[str, ...]
    public_url: str = ""
    allow_hosts: tuple[str, ...] = ()
    max_mb: int = DEFAULT_MAX_MB

    @property
    def scheme(self) -> str:
        return "https" if self.cert else "http"

    @property
    def url(self) -> str:
        """Where clients reach the server: --public-url, else derived from the host."""
        if self.public_url:
            return self.public_url.rstrip("/")
        host = _reachable_host(self.host)
        host = f"[{host}]" if ":" in host else host
        return f"{self.scheme}://{host}:{self.port}"

    @property
    def opened(self) -> bool:
        """True when --host reaches beyond this computer."""
        return not _is_loopback(self.host)

    def environment(self) -> dict[str, str]:
        """Variables xlwings-server and the scripts read."""
        return {"XLWINGS_PROJECT_DIR": str(self.addin), "KPPS_XL_PUBLIC_URL": self.url,
                OPEN_ENV: "1" if self.opened else ""}

    def policy(self) -> Policy:
        """What the guard in front of xlwings-server accepts (Host names, body size)."""
        return policy_for(self.host, self.public_url, self.allow_hosts, self.max_mb)


def _reachable_host(host: str) -> str:
    """0.0.0.0 / :: listen everywhere but cannot be browsed to: use this computer's name."""
    try:
        unspecified = ipaddress.ip_address(host).is_unspecified
    except ValueError:
        unspecified = False
    return (socket.gethostname() or "localhost") if unspecified else host


def find_addin(explicit: Path | None) -> Path:
    """The add-in folder: --addin, $KPPS_XL_ADDIN, or the one shipped inside the package."""
    candidates = [explicit, Path(os.environ[ADDIN_ENV]) if os.environ.get(ADDIN_ENV) else None,
                  PACKAGE_ADDIN]
    for candidate in candidates:
        if candidate is not None and (candidate / "custom_scripts").is_dir():
            return candidate.resolve()
    raise KppsError("Folder add-in (berisi custom_scripts/) tidak ditemukan. "
                    "Beri --addin <folder> atau jalankan dari folder proyek kpps-xl.")


def _is_loopback(host: str) -> bool:
    return is_loopback(host)


def plan(host: str, port: int, cert: Path | None, key: Path | None, addin: Path | None,
         public_url: str | None = None, allow_hosts: tuple[str, ...] = (),
         max_mb: int = DEFAULT_MAX_MB) -> ServePlan:
    """Resolve folder and certificates; refuse half-given certificates."""
    folder = find_addin(addin)
    if (cert is None) != (key is None):
        raise KppsError("Beri --cert dan --key bersama-sama (sertifikat dan kunci privatnya).")
    for base in (Path.cwd(), folder):  # ./certs first: the package folder may be read-only
        if cert is None and (base / DEFAULT_CERT).is_file() and (base / DEFAULT_KEY).is_file():
            cert, key = base / DEFAULT_CERT, base / DEFAULT_KEY
    for path in (cert, key):
        if path is not None and not path.is_file():
            raise KppsError(f"Berkas sertifikat tidak ditemukan: {path}")
    warnings = []
    if cert is None:
        warnings.append(CERT_HELP)
    if not _is_loopback(host):
        warnings.append(f"Perhatian: server dibuka untuk jaringan ({host}). Daftar petugas berisi "
                        "NIK (data pribadi); pakai hanya di jaringan kantor dan dengan HTTPS.")
    if public_url and not public_url.startswith(("http://", "https://")):
        raise KppsError(f"--public-url harus diawali http:// atau https:// (diberikan: {public_url}).")
    if max_mb < 1:
        raise KppsError(f"--maks-mb harus paling sedikit 1 (diberikan: {max_mb}).")
    return ServePlan(folder, host, port, cert, key, tuple(warnings), public_url or "",
                     tuple(allow_hosts), max_mb)


def serve_command(
    host: Annotated[str, typer.Option(
        "--host", metavar="ALAMAT", help="Alamat server (bawaan: hanya komputer ini).")
                    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", metavar="ANGKA", help="Port server.")] = 8000,
    cert: Annotated[Path | None, typer.Option(
        "--sertifikat", "--cert", metavar="BERKAS", help="Sertifikat HTTPS (.pem).")] = None,
    key: Annotated[Path | None, typer.Option(
        "--kunci", "--key", metavar="BERKAS", help="Kunci privat sertifikat (.pem).")] = None,
    addin: Annotated[Path | None, typer.Option(
        "--addin", metavar="FOLDER", help="Folder add-in (bawaan: ./addin).")] = None,
    settings: Annotated[Path | None, typer.Option(
        "--pengaturan", "--settings", metavar="BERKAS", help="Berkas kpps-xl.toml.")] = None,
    public_url: Annotated[str | None, typer.Option(
        "--alamat-publik", "--public-url", metavar="URL",
        help="Alamat server untuk tautan unduh, mis. https://pc-kpu:8000 "
             "(bawaan: dari --host; 0.0.0.0 memakai nama komputer ini).")] = None,
    allow_host: Annotated[list[str] | None, typer.Option(
        "--izinkan-host", "--allow-host", metavar="NAMA",
        help="Nama host tambahan yang boleh dipakai membuka server (boleh berulang).")] = None,
    max_mb: Annotated[int, typer.Option(
        "--maks-mb", metavar="ANGKA", help="Ukuran permintaan terbesar (MB).")] = DEFAULT_MAX_MB,
) -> None:
    """Jalankan server add-in Excel: tab KPPS di pita dan fungsi KPPS.* (xlwings-server)."""
    try:
        chosen = plan(host, port, cert, key, addin, public_url, tuple(allow_host or ()), max_mb)
    except KppsError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from exc
    for warning in chosen.warnings:
        typer.echo(warning, err=True)
    os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")
    os.environ.update(chosen.environment())
    if settings is not None:
        os.environ["KPPS_XL_SETTINGS"] = str(settings.resolve())
    typer.echo(f"Server KPPS berjalan di {chosen.url} (manifest: {chosen.url}/manifest.xml). "
               "Tekan Ctrl+C untuk berhenti.")
    import uvicorn

    from kpps_xl.excel.app import create_app

    uvicorn.run(create_app(chosen.policy()), host=chosen.host, port=chosen.port,
                ssl_certfile=str(chosen.cert) if chosen.cert else None,
                ssl_keyfile=str(chosen.key) if chosen.key else None)
