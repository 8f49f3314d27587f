"""Download route for letters written by the Buat Surat script (KPPS_XL_OUTPUT_DIR)."""

from fastapi import APIRouter, HTTPException
from fastapi.responses import FileResponse

from kpps_xl.excel.downloads import resolve_download

router = APIRouter()


@router.get("/kpps/unduh/{folder}/{name}")
async def unduh(folder: str, name: str) -> FileResponse:
    path = resolve_download(folder, name)
    if path is None:
        raise HTTPException(status_code=404, detail="Berkas tidak ditemukan.")
    return FileResponse(path, filename=name)
