"""One document's job: read, check the period, segment, extract and place one chronicle.

What a worker process (``kg build --jobs N``) or a cluster node (``--scheduler``) runs for each
file; the pipeline hands out :class:`Job` records and joins the results.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from pathlib import Path

from kg.cache import ResultCache, tool_fingerprint
from kg.context import build_context
from kg.errors import KgError
from kg.model import Document, ExtractedEntry, Notice, Period

__all__ = ["Job", "DocumentResult", "Failure", "process_document", "process_safely"]


@dataclass(frozen=True)
class Job:
    """One chronicle's work for a worker process: the file, its id and the build's options."""

    path: Path
    doc_id: str
    period: Period | None = None
    city: str | None = None
    cache_dir: Path | None = None


@dataclass(frozen=True)
class DocumentResult:
    """One chronicle after the per-document stages (read, period check, segment, extract)."""

    document: Document
    entries: tuple[ExtractedEntry, ...]
    notices: tuple[Notice, ...] = ()
    from_cache: bool = False


@dataclass(frozen=True)
class Failure:
    """A file that could not be built, with the one-line reason."""

    path: str
    message: str

    def __str__(self) -> str:
        return self.message if self.message.startswith(self.path) else f"{self.path}: {self.message}"


def process_document(path: str | Path, *, period: Period | None = None, city: str | None = None,
                     cache_dir: str | Path | None = None, doc_id: str | None = None) -> DocumentResult:
    """Read, date, segment and extract one chronicle (raises :class:`KgError` on bad input).

    With ``cache_dir``, a document whose text and tool version are unchanged is loaded
    from the cache instead of being extracted again.
    """
    from kg.extract import extract_document
    from kg.period import check_period
    from kg.places import locate_document
    from kg.read import read_document
    from kg.segment import segment_with_notices

    document = read_document(path, period=period, city=city)
    if doc_id and doc_id != document.doc_id:
        document = replace(document, doc_id=doc_id)
    cache = ResultCache(cache_dir, tool_fingerprint()) if cache_dir is not None else None
    key = _cache_key(document, period, city)
    warnings = []
    if cache:
        cached, warning = cache.load(key, DocumentResult)
        if cached:
            return replace(cached, document=replace(cached.document, path=document.path), from_cache=True)
        warnings.append(warning)
    document = check_period(_checked_source(document))
    entries, notices = segment_with_notices(document)
    extracted = extract_document(document, entries)
    located = tuple(replace(item, places=places) for item, places in zip(extracted, locate_document(document, entries)))
    result = DocumentResult(document, located, document.notices + notices)
    if cache:
        warnings.append(cache.store(key, result))
    extra = tuple(Notice(document.path, warning) for warning in warnings if warning)
    return replace(result, notices=result.notices + extra) if extra else result


def _checked_source(document: Document) -> Document:
    """The document without a source URL that is not a valid IRI (RFC 3987), with a notice saying so:
    the graph links a document to its source, and one broken IRI makes the whole file unreadable."""
    from kg.iris import iri_problem

    url = (document.source_url or "").strip()
    problem = iri_problem(url) if url else None
    if problem is None:
        return document
    notice = Notice(document.path, f"source URL {url!r} is not a valid IRI ({problem}); left out of the graph")
    return replace(document, source_url=None, notices=(*document.notices, notice))


def _cache_key(document: Document, period, city) -> str:
    return hashlib.sha256(
        f"{tool_fingerprint()}|{document.sha256}|{document.doc_id}|{period}|{city}".encode()
    ).hexdigest()[:32]


def process_safely(job: Job) -> DocumentResult | Failure:
    """Run a job; any failure of its input becomes a :class:`Failure` naming the file, never an exception."""
    try:
        with build_context():
            return process_document(job.path, period=job.period, city=job.city, cache_dir=job.cache_dir,
                                    doc_id=job.doc_id)
    except KgError as error:
        return Failure(str(job.path), str(error))
    except (OSError, UnicodeError, ValueError) as error:
        return Failure(str(job.path), f"{job.path}: {error}")
    except Exception as error:  # any other failure of one input is that input's, never the build's
        return Failure(str(job.path), f"{job.path}: cannot be built ({type(error).__name__}: {error})")
