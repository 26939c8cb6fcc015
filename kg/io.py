"""Atomic file writing shared by every writer: temporary file beside the target, then rename."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

from kg.errors import OutputError

__all__ = ["write_atomic", "write_atomic_chunks", "atomic_file"]

_BUFFER = 1 << 20  # bytes gathered before each write of a streamed file


@lru_cache(maxsize=1)
def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextmanager
def atomic_file(path: str | os.PathLike) -> Iterator[BinaryIO]:
    """A binary file to write ``path`` through, in as many writes as the caller likes: readers
    see the old file or the new one, never half.

    The bytes go to a temporary file in the same folder, which is renamed over ``path`` when the
    block ends; an error inside the block (or an interrupted run) leaves no partial output and no
    temporary file. Files get the usual permissions (0644 under the default umask), not
    mkstemp's private 0600.

    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "graph.ttl"
    >>> with atomic_file(target) as out:
    ...     _ = out.write(b"<a> <b> <c> .\\n")
    >>> target.read_bytes()
    b'<a> <b> <c> .\\n'
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise OutputError(f"cannot write: {error.strerror or error}", path=str(path)) from None
    try:
        with os.fdopen(fd, "wb", buffering=_BUFFER) as handle:
            yield handle
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException as error:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise OutputError(f"cannot write: {error.strerror or error}", path=str(path)) from None
        raise


def write_atomic(path: str | os.PathLike, data: bytes) -> Path:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half
    (see :func:`atomic_file`)."""
    path = Path(path)
    with atomic_file(path) as handle:
        handle.write(data)
    return path


def write_atomic_chunks(path: str | os.PathLike, chunks: Iterable[str | bytes], *, encoding: str = "utf-8",
                        errors: str = "strict") -> Path:
    """Write text (or bytes) given piece by piece to ``path`` atomically, never holding the whole
    file: what a writer of a large output (Turtle, GEXF, CSV) streams. The file's bytes are those
    of ``"".join(chunks).encode(encoding, errors)``; an exception raised while the chunks are
    made leaves the old file in place and no partial one.

    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "people.csv"
    >>> _ = write_atomic_chunks(target, (f"{n},张\\n" for n in range(2)))
    >>> target.read_text(encoding="utf-8")
    '0,张\\n1,张\\n'
    """
    path = Path(path)
    with atomic_file(path) as handle:
        write = handle.write
        for chunk in chunks:
            write(chunk if isinstance(chunk, bytes) else chunk.encode(encoding, errors))
    return path
