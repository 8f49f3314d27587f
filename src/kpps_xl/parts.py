"""Package parts read in bounded pieces, each ending just before a '<' so no tag is ever cut."""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Iterator

CHUNK = 1 << 22  # decompressed bytes read at a time (4 MiB): memory stays flat on huge sheets


def chunks(zf: zipfile.ZipFile, part: str, size: int = CHUNK) -> Iterator[bytes]:
    """The decompressed bytes of one part, `size` bytes at a time."""
    with zf.open(part) as stream:
        while chunk := stream.read(size):
            yield chunk


def tag_pieces(parts: Iterable[bytes]) -> Iterator[bytes]:
    """Re-cut a byte stream so every piece but the first starts with '<' and none ends inside a
    tag: a tag, or any token starting with '<' and holding no other '<' (such as
    '<row r="12"' or '</sheetData>'), lies whole in one piece."""
    carry = b""
    for chunk in parts:
        data = carry + chunk if carry else chunk
        cut = data.rfind(b"<")
        if cut <= 0:
            carry = data
            continue
        yield data[:cut]
        carry = data[cut:]
    if carry:
        yield carry


def part_pieces(zf: zipfile.ZipFile, part: str, size: int = CHUNK) -> Iterator[bytes]:
    """tag_pieces of one part of a package."""
    return tag_pieces(chunks(zf, part, size))
