"""Per-document extraction on a Dask cluster (``kg build --scheduler ADDRESS``), with the bytes of a local build.

Each document travels to a worker as its file name and bytes (workers need no shared file
system, only the dashiji-kg package), is read, dated, segmented and extracted there exactly as
:func:`kg.job.process_document` does it locally, and comes back in input order. Resolution
and writing stay on this machine: they need the whole corpus.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import InputError, KgError

if TYPE_CHECKING:  # only for annotations
    from kg.job import Job

__all__ = ["CONNECT_TIMEOUT", "process_on_cluster", "process_bytes"]

CONNECT_TIMEOUT = "10s"
"""How long a build waits for the Dask scheduler before it stops with one line."""


def process_bytes(name: str, data: bytes, original: str, doc_id: str, period, city):
    """Process one document given as bytes (on a worker): the result names ``original``, as a local build would.

    Returns a :class:`kg.job.DocumentResult` or a :class:`kg.job.Failure`.
    """
    from kg.context import build_context
    from kg.job import Failure, process_document

    with tempfile.TemporaryDirectory(prefix="kg-worker-") as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        try:
            with build_context():
                result = process_document(path, period=period, city=city, doc_id=doc_id)
        except KgError as error:
            return Failure(original, str(error).replace(str(path), original))
        except (OSError, UnicodeError, ValueError) as error:
            return Failure(original, f"{original}: {str(error).replace(str(path), original)}")
    return _renamed(result, str(path), original)


def _renamed(result, temporary: str, original: str):
    """The result with the worker's temporary path replaced by the file's own, wherever a path is kept."""

    def fix(notices):
        return tuple(replace(n, path=original) if n.path == temporary else n for n in notices)

    document = replace(result.document, path=original, notices=fix(result.document.notices))
    return replace(result, document=document, notices=fix(result.notices))


def process_on_cluster(address: str, work: list[Job]) -> Iterator:
    """Yield the result of each job (``kg.job.Job``: path, doc_id, period, city), in order, computed on the
    Dask cluster whose scheduler is at ``address`` (e.g. ``tcp://10.0.0.5:8786``)."""
    try:
        from dask.distributed import Client
    except ImportError as error:
        raise KgError("--scheduler needs Dask: pip install 'dask[distributed]'") from error
    try:
        client = Client(address, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError, ValueError) as error:
        raise InputError(f"cannot reach the Dask scheduler at {address}: {error}") from error
    try:
        from kg.job import Failure

        pending = []
        for job in work:
            path, doc_id, period, city = job.path, job.doc_id, job.period, job.city
            try:
                data = Path(path).read_bytes()
            except OSError as error:  # as a local build reports it
                pending.append(Failure(str(path), f"{path}: {error}"))
                continue
            pending.append(client.submit(process_bytes, Path(path).name, data, str(path), doc_id, period, city,
                                         pure=False))
        for item in pending:
            if isinstance(item, Failure):
                yield item
                continue
            yield item.result()
            item.release()
    finally:
        client.close()
