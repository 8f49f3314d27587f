"""Download route for letters written by the Buat Surat script (short-lived token folders)."""

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import FileResponse

from kpps_xl.excel.downloads import resolve_download, server_opened
from kpps_xl.excel.security import is_loopback

router = APIRouter()


@router.get("/kpps/unduh/{token}/{name}")
async def unduh(token: str, name: str, request: Request) -> FileResponse:
    client = request.client.host if request.client else ""
    if not server_opened() and not is_loopback(client):
        raise HTTPException(status_code=403)
    path = resolve_download(token, name)
    if path is None:
        raise HTTPException(status_code=404)
    return FileResponse(path, filename=name, headers={"Cache-Control": "no-store"})
