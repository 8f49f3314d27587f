"""Ribbon icons drawn in pure Python and written as PNG (no Pillow needed)."""

from __future__ import annotations

import math
import struct
import zlib
from collections.abc import Callable
from pathlib import Path

RGBA = tuple[int, int, int, int]
Shape = Callable[[float, float], RGBA | None]
SIZES = (16, 32, 80)

GREEN = (46, 125, 50, 255)
RED = (198, 40, 40, 255)
GOLD = (245, 166, 35, 255)
BLUE = (21, 101, 192, 255)
NAVY = (26, 35, 126, 255)
WHITE = (255, 255, 255, 255)


def _segment_distance(x: float, y: float, a: tuple[float, float], b: tuple[float, float]) -> float:
    ax, ay = a
    bx, by = b
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(x - ax - t * dx, y - ay - t * dy)


def _on_lines(x: float, y: float, points: list[tuple[float, float]], width: float) -> bool:
    return any(_segment_distance(x, y, a, b) <= width for a, b in zip(points, points[1:], strict=False))


def _rounded_square(x: float, y: float, color: RGBA) -> RGBA | None:
    r = 0.18
    cx, cy = min(max(x, r), 1 - r), min(max(y, r), 1 - r)
    return color if math.hypot(x - cx, y - cy) <= r else None


def periksa(x: float, y: float) -> RGBA | None:
    """White check mark on green."""
    if _on_lines(x, y, [(0.24, 0.52), (0.43, 0.72), (0.78, 0.3)], 0.075):
        return WHITE
    return _rounded_square(x, y, GREEN)


def hapus(x: float, y: float) -> RGBA | None:
    """White cross on red."""
    if _on_lines(x, y, [(0.28, 0.28), (0.72, 0.72)], 0.075) or _on_lines(
            x, y, [(0.72, 0.28), (0.28, 0.72)], 0.075):
        return WHITE
    return _rounded_square(x, y, RED)


def anggaran(x: float, y: float) -> RGBA | None:
    """Gold coin with a white 'Rp'-like bar chart."""
    bars = [(0.3, 0.62), (0.46, 0.48), (0.62, 0.34)]
    for bx, top in bars:
        if bx - 0.055 <= x <= bx + 0.055 and top <= y <= 0.72:
            return WHITE
    return GOLD if math.hypot(x - 0.5, y - 0.5) <= 0.46 else None


def surat(x: float, y: float) -> RGBA | None:
    """White envelope on blue."""
    inside = 0.2 <= x <= 0.8 and 0.3 <= y <= 0.7
    if inside and (_on_lines(x, y, [(0.2, 0.3), (0.5, 0.52), (0.8, 0.3)], 0.045)
                   or not (0.25 <= x <= 0.75 and 0.35 <= y <= 0.65)):
        return WHITE
    return _rounded_square(x, y, BLUE)


def kpps(x: float, y: float) -> RGBA | None:
    """Ballot box: navy box with a white slot and a white ballot."""
    if 0.4 <= x <= 0.6 and 0.12 <= y <= 0.42:
        return WHITE
    if 0.3 <= x <= 0.7 and 0.42 <= y <= 0.48:
        return WHITE
    return NAVY if 0.14 <= x <= 0.86 and 0.36 <= y <= 0.88 else None


ICONS: dict[str, Shape] = {
    "kpps": kpps, "periksa": periksa, "hapus": hapus, "anggaran": anggaran, "surat": surat,
}


def render(shape: Shape, size: int, samples: int = 4) -> list[list[RGBA]]:
    """Rasterise with samples x samples supersampling (alpha-weighted average)."""
    rows = []
    n = samples * samples
    for py in range(size):
        row = []
        for px in range(size):
            acc = [0, 0, 0, 0]
            for sy in range(samples):
                for sx in range(samples):
                    c = shape((px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size)
                    if c:
                        for k in range(3):
                            acc[k] += c[k] * c[3]
                        acc[3] += c[3]
            alpha = acc[3]
            row.append((0, 0, 0, 0) if not alpha else
                       (acc[0] // alpha, acc[1] // alpha, acc[2] // alpha, alpha // n))
        rows.append(row)
    return rows


def png_bytes(pixels: list[list[RGBA]]) -> bytes:
    """Encode RGBA rows as a PNG file."""
    height, width = len(pixels), len(pixels[0])
    raw = b"".join(b"\x00" + bytes(v for px in row for v in px) for row in pixels)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def write_icons(folder: str | Path) -> list[Path]:
    """Write <name>-<size>.png for every icon and size; return the paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, shape in ICONS.items():
        for size in SIZES:
            path = folder / f"{name}-{size}.png"
            path.write_bytes(png_bytes(render(shape, size)))
            paths.append(path)
    return paths
