"""The KPPS add-in server: xlwings-server's app, hardened, behind the security guard."""

from __future__ import annotations

import importlib
import logging
import os
from pathlib import Path
from typing import Any

from kpps_xl.excel._xlwings import load_xlwings
from kpps_xl.excel.security import Guard, Policy, message_for

logger = logging.getLogger(__name__)


def _static_files_class() -> type:
    from starlette.staticfiles import StaticFiles

    class FolderStaticFiles(StaticFiles):
        """Static files from the add-in folder first, then xlwings-server's own, each with
        Starlette's containment check (xlwings-server's override skipped it for the user
        folder, so /static/../../etc/passwd was served)."""

        def __init__(self, directories: list[Path]) -> None:
            existing = [d for d in directories if d.is_dir()]
            super().__init__(directory=str(existing[-1]))
            self.all_directories = [str(d) for d in existing]

    return FolderStaticFiles


def _replace_static_mounts(app: Any) -> int:
    """Swap every OverridableStaticFiles mount for the contained one; return how many."""
    from starlette.routing import Mount

    files = _static_files_class()
    swapped = 0
    for route in app.router.routes:
        inner = getattr(route, "app", None)
        if isinstance(route, Mount) and hasattr(inner, "user_dir") and hasattr(inner, "package_dir"):
            route.app = route._base_app = files([Path(inner.user_dir), Path(inner.package_dir)])
            swapped += 1
    return swapped


def _plain(status: int, max_mb: int) -> Any:
    from fastapi.responses import PlainTextResponse

    return PlainTextResponse(message_for(status, max_mb), status_code=status)


def _install_handlers(app: Any, max_mb: int) -> None:
    """Indonesian bodies for every error xlwings-server or Starlette would answer in English."""
    from fastapi.exceptions import RequestValidationError
    from starlette.exceptions import HTTPException

    xw = load_xlwings()

    async def http_error(request: Any, exc: HTTPException) -> Any:
        logger.info("%s %s -> %s (%s)", request.method, request.url.path, exc.status_code,
                    exc.detail)
        return _plain(exc.status_code, max_mb)

    async def invalid(request: Any, exc: Exception) -> Any:
        logger.info("%s %s -> 422 (%s)", request.method, request.url.path, exc)
        return _plain(422, max_mb)

    async def xlwings_error(request: Any, exc: Exception) -> Any:
        logger.warning("%s %s -> 400 (%s)", request.method, request.url.path, exc)
        return _plain(400, max_mb)

    async def busy(request: Any, exc: Exception) -> Any:
        logger.warning("%s %s -> 503 (%s)", request.method, request.url.path, exc)
        return _plain(503, max_mb)

    async def crash(request: Any, exc: Exception) -> Any:
        from kpps_xl.guard import explain

        logger.error("%s %s failed: %s", request.method, request.url.path, explain(exc).detail)
        return _plain(500, max_mb)

    app.exception_handlers[HTTPException] = http_error
    app.exception_handlers[RequestValidationError] = invalid
    app.exception_handlers[xw.XlwingsError] = xlwings_error
    for key in list(app.exception_handlers):  # e.g. XlwingsOperationalError -> English 503
        if isinstance(key, type) and issubclass(key, xw.XlwingsError) and key is not xw.XlwingsError:
            app.exception_handlers[key] = busy
    app.exception_handlers[Exception] = crash
    app.exception_handlers[500] = crash
    app.middleware_stack = None  # rebuilt with these handlers on the next request


def xlwings_server_app() -> Any:
    """xlwings_server.main (imported once XLWINGS_PROJECT_DIR and the licence key are set)."""
    if not os.environ.get("XLWINGS_PROJECT_DIR"):
        raise RuntimeError("XLWINGS_PROJECT_DIR must point at the add-in folder")
    load_xlwings()
    return importlib.import_module("xlwings_server.main")


def create_app(policy: Policy) -> Guard:
    """The ASGI app `kpps-xl serve` runs: contained static files, Indonesian errors, guard."""
    main = xlwings_server_app()
    _replace_static_mounts(main.app)
    _install_handlers(main.app, policy.max_bytes // 1_000_000)
    return Guard(main.main_app, policy)
