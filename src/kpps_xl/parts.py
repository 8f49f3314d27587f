"""Package parts read in bounded pieces, each ending just before a '<' so no tag is ever cut."""

from __future__ import annotations

import threading
import zipfile
from collections.abc import Iterable, Iterator
from queue import Full, Queue

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


def read_ahead(items: Iterable[bytes], depth: int = 2) -> Iterator[bytes]:
    """The same items, produced in a helper thread up to `depth` ahead of the consumer.

    For inflating a part while the caller searches the previous piece: zlib releases the GIL,
    so on a spare core the two overlap. An error in the producer is raised in the consumer;
    a consumer that stops early stops the producer.
    """
    queue: Queue[tuple[bool, object]] = Queue(maxsize=depth)
    stop = threading.Event()

    def put(entry: tuple[bool, object]) -> bool:
        """Queue an entry unless the consumer has stopped (then: False)."""
        while not stop.is_set():
            try:
                queue.put(entry, timeout=0.1)
                return True
            except Full:
                continue
        return False

    def produce() -> None:
        try:
            for item in items:
                if not put((True, item)):
                    return
        except BaseException as exc:  # noqa: BLE001  (re-raised in the consumer)
            put((False, exc))
            return
        put((False, None))

    worker = threading.Thread(target=produce, name="kpps-read-ahead", daemon=True)
    worker.start()
    try:
        while True:
            more, item = queue.get()
            if not more:
                if isinstance(item, BaseException):
                    raise item
                return
            yield item  # type: ignore[misc]
    finally:
        stop.set()
        worker.join()
