"""The output set written as a whole: staged inside the output folder, described by a manifest,
moved into place under a lock.

A build writes every file into a hidden staging folder inside ``--out``; only when all of them
are complete are they renamed into place, the manifest last. The old manifest goes first, so
whenever ``kg-manifest.json`` is present it describes the files beside it (name, size,
SHA-256), whatever stopped a build (``kill -9``, a full disk, an error). A build that stops
leaves its staging folder, which the next build removes with any stray temporary file; a lock
on the folder makes a second build into it at the same time stop at once with a clear message.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.errors import OutputError

__all__ = ["MANIFEST", "LOCK", "STAGING_PREFIX", "Stage", "staged_output", "output_lock",
           "remove_stale", "manifest", "die_with_parent"]

MANIFEST = "kg-manifest.json"
LOCK = ".kg-lock"
STAGING_PREFIX = ".kg-staging-"
_TEMP_GLOBS = (".*.tmp", ".kg-probe-*")  # kg.io.write_atomic's and ensure_output_dir's
_OLD_CACHE_GLOBS = ("*.pickle",)  # the cache's former format: never read, removed


@dataclass(frozen=True)
class Stage:
    """A staging folder inside ``out``: write the set into ``folder``, then :meth:`publish` it."""

    out: Path
    folder: Path

    def publish(self, files: dict[str, Path], description: dict[str, Any]) -> dict[str, Path]:
        """Move ``files`` (kind → path inside the staging folder) into ``out`` with a manifest
        holding ``description`` (tool, inputs) and each file's size and SHA-256; the paths in
        place, by kind."""
        entries = []
        for path in sorted(set(files.values()), key=lambda p: p.name):
            if path.parent != self.folder:
                raise OutputError("not a file of the staging folder", path=str(path))
            entries.append({"name": path.name, "size": path.stat().st_size, "sha256": _sha256(path)})
        staged_manifest = self.folder / MANIFEST
        staged_manifest.write_bytes(manifest({**description, "files": entries}))
        try:
            (self.out / MANIFEST).unlink(missing_ok=True)  # no manifest while the set is mixed
            placed = {}
            for kind, path in files.items():
                placed[kind] = self.out / path.name
                os.replace(path, placed[kind])
            os.replace(staged_manifest, self.out / MANIFEST)
        except OSError as error:
            raise OutputError(f"cannot move the new files into place ({error.strerror or error})",
                              path=str(self.out)) from None
        return placed


def manifest(description: dict[str, Any]) -> bytes:
    """The manifest's bytes: sorted-key JSON, UTF-8, one final newline (the same set gives the
    same bytes)."""
    return (json.dumps(description, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@contextmanager
def staged_output(out: str | Path, cache: str | Path | None = None) -> Iterator[Stage]:
    """Lock ``out``, remove what stopped builds left there (and in the ``cache`` folder), and
    give a fresh staging folder, removed afterwards whatever happens."""
    out = Path(out)
    with output_lock(out):
        remove_stale(out, cache)
        try:
            folder = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=out))
        except OSError as error:
            raise OutputError(f"cannot write to the output folder ({error.strerror or error})",
                              path=str(out)) from None
        try:
            yield Stage(out, folder)
        finally:
            shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def output_lock(out: str | Path) -> Iterator[None]:
    """Hold the lock of the output folder ``out`` (a ``.kg-lock`` file, released when the
    process ends, even by ``kill -9``); raise :class:`OutputError` when another build holds it."""
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks; builds are not serialised there
        yield
        return
    path = Path(out) / LOCK
    try:
        handle = open(path, "a+b")
    except OSError as error:
        raise OutputError(f"cannot write to the output folder ({error.strerror or error})", path=str(out)) from None
    with handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise OutputError("another kg build is writing into this folder; wait for it to end or "
                              "choose another --out", path=str(out)) from None
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def remove_stale(out: str | Path, cache: str | Path | None = None) -> list[Path]:
    """Remove the staging folders and temporary files that stopped builds left in ``out`` and in
    the ``cache`` folder (call it holding the lock); the paths removed."""
    out = Path(out)
    removed = []
    stale = [*out.glob(STAGING_PREFIX + "*"), *(p for g in _TEMP_GLOBS for p in out.glob(g))]
    if cache is not None and Path(cache).is_dir():
        cache = Path(cache)
        stale += [p for g in (*_TEMP_GLOBS, *_OLD_CACHE_GLOBS) for p in cache.glob(g)]
    for path in stale:
        try:
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()
            removed.append(path)
        except OSError:
            pass  # left for a later build; never a reason to fail this one
    return removed


def die_with_parent(parent: int) -> None:
    """In a forked child: ask Linux to kill this process when its parent dies (``kill -9`` of
    ``kg build`` must not leave writers running), and exit at once if ``parent`` is gone."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError, TypeError):  # not Linux: the staging folder still keeps writers' files out
        pass
    if os.getppid() != parent:
        os._exit(1)
