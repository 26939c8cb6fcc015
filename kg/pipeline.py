"""The library API behind `kg build`: read → period check → segment → extract → resolve → write.

A notebook calls the same functions as the CLI::

    from kg.pipeline import build_corpus, sample_path
    corpus = build_corpus([sample_path()])
"""

from __future__ import annotations

import gc
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path

from kg import __version__
from kg.cache import tool_fingerprint
from kg.context import build_context
from kg.errors import InputError, NoChroniclesError, OutputError
from kg.model import Corpus, Period
from kg.job import DocumentResult, Failure, Job, process_document, process_safely
from kg.publish import die_with_parent, staged_output

__all__ = [
    "Job",
    "DocumentResult",
    "Failure",
    "BuildResult",
    "sample_path",
    "process_document",
    "collect",
    "build_corpus",
    "write_outputs",
    "build",
    "summary_line",
]

CACHE_DIR_NAME = ".kg-cache"


@dataclass(frozen=True)
class BuildResult:
    """What a build produced: the corpus, the per-document results, the failures, the files."""

    corpus: Corpus
    results: tuple[DocumentResult, ...]
    failures: tuple[Failure, ...] = ()
    outputs: dict[str, Path] = field(default_factory=dict)


def sample_path() -> Path:
    """The bundled sample: the July 2024 Zhangye chronicle, exactly as published."""
    return Path(str(resources.files("kg").joinpath("data", "samples", "zhangye-2024-07.txt")))


def _results(paths: list[Path], period, city, cache_dir, jobs: int,
             scheduler: str | None = None) -> Iterator[DocumentResult | Failure]:
    from kg.read import document_ids

    ids = document_ids(paths)
    work = [Job(p, ids[p], period, city, Path(cache_dir) if cache_dir is not None else None) for p in paths]
    if scheduler:
        from kg.cluster import process_on_cluster

        yield from process_on_cluster(scheduler, work)
        return
    if jobs <= 1 or len(work) <= 1:
        yield from map(process_safely, work)
        return
    import multiprocessing

    context = multiprocessing.get_context("spawn" if os.name == "nt" else "fork")
    with context.Pool(processes=min(jobs, len(work)), initializer=die_with_parent, initargs=(os.getpid(),)) as pool:
        yield from pool.imap(process_safely, work, chunksize=1)


def collect(paths: Iterable[str | Path], *, period: Period | None = None, city: str | None = None,
            jobs: int = 1, cache_dir: str | Path | None = None,
            progress: Callable[[Iterator], Iterator] | None = None, scheduler: str | None = None) -> BuildResult:
    """Build the corpus from files and folders, keeping going past bad files.

    Documents are processed in order (in parallel with ``jobs`` > 1, same output), then
    persons are resolved across all of them. Raises :class:`NoChroniclesError` when no
    file is found and :class:`InputError` when no file could be built.
    """
    from kg.read import find_chronicles
    from kg.resolve import resolve

    with build_context():
        files = find_chronicles(paths)
        results: list[DocumentResult] = []
        failures: list[Failure] = []
        stream = _results(files, period, city, cache_dir, jobs, scheduler)
        for item in progress(stream) if progress else stream:
            (failures if isinstance(item, Failure) else results).append(item)
        if not results:
            if failures:
                raise InputError("no chronicle could be built: " + "; ".join(map(str, failures)))
            raise NoChroniclesError("no chronicle found")
        documents = tuple(r.document for r in results)
        entries = tuple(e for r in results for e in r.entries)
        notices = tuple(n for r in results for n in r.notices)
        corpus = Corpus(documents, entries, resolve(documents, entries), notices)
        return BuildResult(corpus, tuple(results), tuple(failures))


def available_cpus() -> int:
    """The CPUs this process may run on (its affinity where the system tells it, as in a
    container with a CPU limit), at least 1: the default number of ``kg build`` jobs."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS and Windows have no sched_getaffinity
        return max(1, os.cpu_count() or 1)


def build_corpus(paths: Iterable[str | Path], **options) -> Corpus:
    """The resolved corpus of the given chronicles (see :func:`collect` for the options)."""
    return collect(paths, **options).corpus


def write_outputs(corpus: Corpus, out_dir: str | Path, *, base_iri: str | None = None,
                  max_nodes: int | None = None, jobs: int = 1) -> dict[str, Path]:
    """Write graph.ttl, the co-attendance page and its data files into ``out_dir`` atomically.

    With ``jobs`` > 1, graph.ttl is written by a forked process while this one builds the
    network, and coattendance.gexf by another while this one writes the other network files
    (the same files; a failure in any is raised here).
    """
    from kg.network import coattendance_graph
    from kg.graph import write_turtle
    from kg.iris import DEFAULT_BASE
    from kg.render import DEFAULT_MAX_NODES, FILES, write_gexf, write_network_files

    out = ensure_output_dir(out_dir)
    turtle = out / "graph.ttl"
    wait = _start(jobs > 1, write_turtle, corpus, turtle, base_iri=base_iri or DEFAULT_BASE)
    files = {"graph.ttl": turtle}
    waits = [wait]
    try:
        graph = coattendance_graph(corpus)
        max_nodes = DEFAULT_MAX_NODES if max_nodes is None else max_nodes
        if jobs > 1:
            gexf = out / FILES["gexf"]
            waits.append(_start(True, write_gexf, graph, gexf, base_iri))
            others = write_network_files(graph, out, max_nodes=max_nodes, corpus=corpus, base_iri=base_iri,
                                         kinds=tuple(k for k in FILES if k != "gexf"))
            written = {kind: gexf if kind == "gexf" else others[kind] for kind in FILES}
        else:
            written = write_network_files(graph, out, max_nodes=max_nodes, corpus=corpus, base_iri=base_iri)
    except BaseException:
        for join in waits:
            join(report=False)  # this process's error is the one to show
        raise
    for join in waits:
        join()
    # A networkx graph whose edges or degree view was used is in a reference cycle (its __dict__
    # caches the view, the view holds the graph): the network and its links' event lists would live
    # until the build ends, as a build pauses the cyclic collector. One collection frees them before
    # the store is loaded (0.5 million objects at 10k entries, in about 1 s).
    del graph
    gc.collect()
    files.update({Path(path).name: Path(path) for path in written.values()})
    return files


def _start(background: bool, function: Callable, *args, **kwargs) -> Callable[..., None]:
    """Call ``function`` now, or in a forked child when ``background`` (and fork exists);
    return ``wait(report=True)``, which joins the child and raises the exception it raised."""
    import multiprocessing

    if not background or "fork" not in multiprocessing.get_all_start_methods() or os.name == "nt":
        function(*args, **kwargs)
        return lambda report=True: None
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)

    parent = os.getpid()

    def run() -> None:
        die_with_parent(parent)
        try:
            function(*args, **kwargs)
            send.send(None)
        except BaseException as error:  # reported to the parent, which raises it
            try:
                send.send(error)
            except Exception:
                send.send(OutputError(str(error)))

    child = context.Process(target=run, daemon=True)
    child.start()
    send.close()

    def wait(report: bool = True) -> None:
        try:
            error = receive.recv()
        except EOFError:
            child.join()
            error = OutputError(f"the process writing {function.__name__} stopped (exit code {child.exitcode})")
        finally:
            child.join()
            receive.close()
        if error is not None and report:
            raise error

    return wait


def ensure_output_dir(out_dir: str | Path) -> Path:
    """Create the output folder, or raise :class:`OutputError` if it cannot be written."""
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = tempfile.NamedTemporaryFile(dir=out, prefix=".kg-probe-", delete=True)
        probe.close()
    except OSError as error:
        raise OutputError(f"cannot write to the output folder ({error.strerror or error})", path=str(out)) from None
    return out


def build(paths: Iterable[str | Path], out_dir: str | Path = "output", *, period: Period | None = None,
          city: str | None = None, jobs: int = 1, use_cache: bool = True, base_iri: str | None = None,
          max_nodes: int | None = None, progress=None, store: bool = True, nquads: bool = False,
          scheduler: str | None = None, freeze_heap: bool = False) -> BuildResult:
    """`kg build`: build the corpus from chronicles and write every output file into ``out_dir``.

    With ``store`` (the default) the Oxigraph store ``out_dir``/store is brought up to date, and with
    ``nquads`` graph.nq is written from it (see :mod:`kg.store`). With ``scheduler`` (a Dask
    scheduler's address) the documents are extracted on that cluster (see :mod:`kg.cluster`).
    ``freeze_heap`` is for a process that ends with the build (the CLI): see
    :func:`cycle_collection_paused`. A library caller's garbage collector is left as it was.
    """
    if base_iri is not None:
        from kg.iris import check_base

        check_base(base_iri)  # before any work or output: a bad --base-iri is a usage error
    out = ensure_output_dir(out_dir)
    cache_dir = out / CACHE_DIR_NAME if use_cache else None
    with staged_output(out, out / CACHE_DIR_NAME) as stage, build_context(), cycle_collection_paused(freeze=freeze_heap):
        result = collect(paths, period=period, city=city, jobs=jobs, cache_dir=cache_dir, progress=progress,
                         scheduler=scheduler)
        written = write_outputs(result.corpus, stage.folder, base_iri=base_iri, max_nodes=max_nodes, jobs=jobs)
        stored = {}
        if store or nquads:
            from kg.store import write_build_store

            stored = write_build_store(written["graph.ttl"], out / "store" if store else stage.folder / "store",
                                       nquads=stage.folder / "graph.nq" if nquads else None, base_iri=base_iri)
        outputs = stage.publish({**written, **{k: v for k, v in stored.items() if k != "store"}},
                                _description(result))
    if store:
        outputs["store"] = stored["store"]
    return replace(result, outputs=outputs)


def _description(result: BuildResult) -> dict:
    """What the manifest says besides the files: the tool and the inputs (as given, with the
    SHA-256 of their text) and the inputs that failed."""
    return {"tool": {"name": "dashiji-kg", "version": __version__, "fingerprint": tool_fingerprint()},
            "inputs": [{"document": r.document.doc_id, "path": r.document.path, "sha256": r.document.sha256}
                       for r in result.results],
            "failed": [{"path": f.path, "message": f.message} for f in result.failures]}


@contextmanager
def cycle_collection_paused(*, freeze: bool = False) -> Iterator[None]:
    """Pause Python's cyclic garbage collector for a build; it resumes afterwards as it was.

    A build keeps millions of small records alive until it ends, and makes few reference
    cycles: the collector's passes over the growing heap found almost nothing to free and cost
    a third of the network stage at 26k entries (peak memory moved by about 4 %).

    With ``freeze``, the objects alive at the end are frozen (``gc.freeze``) before the
    collector resumes, or its first pass would walk all of them once more (1.4 s at 26k
    entries). Only a process that ends with the build should ask for it (the CLI does): frozen
    objects are never collected again, so a notebook's heap would stay frozen after the build.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if enabled:
            gc.enable()


def summary_line(result: DocumentResult) -> str:
    """One line per document: entries, people, places and warnings.

    e.g. ``zhangye-2024-07: 65 entries, 141 people, 14 places, 1 warning (period 2024-07)``
    """
    people = {m.name_simplified for e in result.entries for m in e.mentions}
    places = {p.name for e in result.entries for p in e.places if p.kind == "admin"}
    warnings = len(result.notices)
    return (f"{result.document.doc_id}: {len(result.entries)} entries, {len(people)} people, "
            f"{len(places)} places, {warnings} warning{'s' if warnings != 1 else ''} "
            f"(period {result.document.period or 'unknown'})")
