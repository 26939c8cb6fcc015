"""Atomic file writing shared by every writer: temporary file beside the target, then rename."""

from __future__ import annotations

import os
import tempfile
from functools import lru_cache
from pathlib import Path

from kg.errors import OutputError

__all__ = ["write_atomic"]


@lru_cache(maxsize=1)
def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: str | os.PathLike, data: bytes) -> Path:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half.

    The bytes go to a temporary file in the same folder, which is renamed over ``path``; an
    interrupted run leaves no partial output and no temporary file. Files get the usual
    permissions (0644 under the default umask), not mkstemp's private 0600.
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise OutputError(f"cannot write: {error.strerror or error}", path=str(path)) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException as error:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise OutputError(f"cannot write: {error.strerror or error}", path=str(path)) from None
        raise
    return path
