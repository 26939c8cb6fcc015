"""The persistent store of a build (output/store): an Oxigraph RocksDB store holding each document in its own
named graph and the shared nodes in one, rewritten graph by graph; and the same partition as N-Quads.

The partition is read from the written graph.ttl, by subject IRI, so it does not depend on how the
graph was written: ``doc/<id>`` and everything minted under ``event/<id>/``, ``participation/<id>/``
and ``mention/<id>/`` belong to the document's graph (named by the document's IRI); persons, posts,
organisations, places, venues and co-attendance links, which documents share, go to one shared
graph (``graph/shared``). A digest of each graph's triples is kept beside the store, so a rebuild
rewrites only the graphs whose triples changed (the shared one by difference).
"""

from __future__ import annotations

import hashlib
import heapq
import json
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from kg.errors import OutputError
from kg.io import atomic_file, write_atomic
from kg.vocab import DEFAULT_BASE

__all__ = [
    "SHARED_GRAPH",
    "DIGESTS_FILE",
    "StoreUpdate",
    "graph_of",
    "write_store",
    "write_nquads",
    "write_build_store",
]

SHARED_GRAPH = "graph/shared"
"""The named graph (relative to the base IRI) of the nodes documents share: persons, posts, orgs, places, venues
and co-attendance links."""
DIGESTS_FILE = "kg-graphs.json"
"""Beside RocksDB's files in the store folder: the digest of each named graph's triples at the last build."""
BULK_CHUNK = 200_000
"""Quads handed to Oxigraph's bulk loader at a time. Given one long stream, the loader keeps a
million quads per thread in memory before writing them out: loading the 26k-entry graph
(2.7 million quads) took the process to 1.4 GB, and the 100k one would take it past 3 GB.
In chunks of 200,000 the same load peaks at 0.35 GB, no slower (53 s against 66 s here)."""
SORT_RUN = 200_000
"""Lines of one named graph sorted in memory at a time for graph.nq; a larger graph is sorted in
runs on disk and merged. The shared graph of the 26k-entry corpus has 0.9 million lines, which
sorted at once took 0.25 GB, and it grows with the corpus."""
_DOCUMENT_PART = re.compile(r"(?:doc/([^/]+)$|(?:event|participation|mention)/([^/]+)/)")


@dataclass(frozen=True)
class StoreUpdate:
    """What a store update did: the named graphs (IRIs) written, removed and left as they were."""

    path: Path
    written: tuple[str, ...]
    removed: tuple[str, ...]
    kept: tuple[str, ...]


def graph_of(subject: str, base: str = DEFAULT_BASE) -> str:
    """The named graph a subject's triples belong to: its document's IRI, or the shared graph.

    >>> graph_of("https://w3id.org/dashiji/id/participation/zhangye-2024-07/3/1")
    'https://w3id.org/dashiji/id/doc/zhangye-2024-07'
    >>> graph_of("https://w3id.org/dashiji/id/person/zhao-lixiang-bbd44507")
    'https://w3id.org/dashiji/id/graph/shared'
    >>> graph_of("https://w3id.org/dashiji/id/coattendance/han-mingyuan-92f06e0a--qin-lihua-1bef9c2b")
    'https://w3id.org/dashiji/id/graph/shared'
    """
    if subject.startswith(base):
        match = _DOCUMENT_PART.match(subject, len(base))
        if match:
            return f"{base}doc/{match.group(1) or match.group(2)}"
    return base + SHARED_GRAPH


def _triples(turtle: Path) -> Iterator:
    import pyoxigraph as ox

    try:
        yield from ox.parse(path=str(turtle), format=ox.RdfFormat.TURTLE)
    except (SyntaxError, OSError) as error:
        raise OutputError(f"cannot read the graph for the store: {error}", str(turtle)) from error


def _partition(turtle: Path, base: str, digests: dict | None = None, wanted: set[str] | None = None) -> Iterator:
    """The quads of graph.ttl, each in its named graph: those of the ``wanted`` graphs (all when None),
    while ``digests`` (when given) collects every graph's SHA-256 over its triples in file order."""
    import pyoxigraph as ox

    hashes: dict[str, hashlib._Hash] = {}
    names: dict[str, ox.NamedNode] = {}
    last_subject = graph = digest = None
    for quad in _triples(turtle):
        if quad.subject != last_subject:  # a subject's triples come together: one look-up per subject
            last_subject = quad.subject
            graph = graph_of(last_subject.value, base) if isinstance(last_subject, ox.NamedNode) \
                else base + SHARED_GRAPH
            digest = hashes.get(graph)
            if digest is None:
                digest = hashes[graph] = hashlib.sha256()
                names[graph] = ox.NamedNode(graph)
        if digests is not None:
            digest.update(str(quad).encode())
        if wanted is None or graph in wanted:
            yield ox.Quad(quad.subject, quad.predicate, quad.object, names[graph])
    if digests is not None:
        digests.update({g: h.hexdigest() for g, h in sorted(hashes.items())})


def _bulk_extend(store, quads: Iterator) -> None:
    """Add ``quads`` through the bulk loader, :data:`BULK_CHUNK` at a time (bounded memory)."""
    while chunk := list(islice(quads, BULK_CHUNK)):
        store.bulk_extend(chunk)


def _digests(turtle: Path, base: str) -> dict[str, str]:
    digests: dict[str, str] = {}
    for _ in _partition(turtle, base, digests, wanted=set()):
        pass
    return digests


def _read_digests(folder: Path) -> dict[str, str]:
    try:
        data = json.loads((folder / DIGESTS_FILE).read_text(encoding="utf-8"))
        return {str(k): str(v) for k, v in data["graphs"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def _write_digests(folder: Path, digests: dict[str, str]) -> None:
    text = json.dumps({"graphs": digests}, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    write_atomic(folder / DIGESTS_FILE, text.encode("utf-8"))


def write_store(turtle: str | Path, folder: str | Path, *, base_iri: str | None = None) -> StoreUpdate:
    """Bring the store in ``folder`` up to date with ``turtle`` (graph.ttl), graph by graph.

    A document's named graph is rewritten only when its triples changed (or the store lacks it),
    the graphs of documents no longer built are removed, and the shared graph, when its triples
    changed, is brought up to date by removing and adding the triples that differ; when no graph
    changed, graph.ttl is read once (for the digests). Before anything changes, the graphs about
    to change lose their digests, so an interrupted update is redone by the next build.
    """
    import pyoxigraph as ox

    turtle, folder = Path(turtle), Path(folder)
    base = base_iri or DEFAULT_BASE
    shared = base + SHARED_GRAPH
    try:
        folder.mkdir(parents=True, exist_ok=True)
        store = ox.Store(str(folder))
    except OSError as error:
        raise OutputError(f"cannot open the store: {error}", str(folder)) from error
    old = _read_digests(folder)
    present = {g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode)}
    if not present and not old:  # a new store: one pass, every graph written
        new: dict[str, str] = {}
        _bulk_extend(store, _partition(turtle, base, new))
        changed, removed = set(new), []
    else:
        new = _digests(turtle, base)
        changed = {g for g, digest in new.items() if old.get(g) != digest or g not in present}
        removed = sorted((present | set(old)) - set(new))
        _write_digests(folder, {g: d for g, d in old.items() if g not in changed and g not in removed})
        for graph in sorted((changed - {shared} | set(removed)) & present):
            store.remove_graph(ox.NamedNode(graph))
        shared_quads: list = []

        def documents_only() -> Iterator:
            for quad in _partition(turtle, base, wanted=changed):
                if quad.graph_name.value == shared:
                    shared_quads.append(quad)
                else:
                    yield quad

        if changed:  # else nothing to read again
            _bulk_extend(store, documents_only())
        if shared in changed:
            _replace_by_difference(store, ox.NamedNode(shared), shared_quads)
    for graph in changed:
        store.add_graph(ox.NamedNode(graph))  # an empty document still has its graph
    store.flush()
    del store
    _write_digests(folder, new)
    return StoreUpdate(folder, tuple(sorted(changed)), tuple(removed), tuple(sorted(set(new) - changed)))


def _replace_by_difference(store, graph, quads: list) -> None:
    """Make ``graph`` hold exactly ``quads`` (all in ``graph``) by removing and adding only what differs:
    the shared graph changes little from one build to the next, and deleting all of it costs more than
    comparing. Both sides are compared as lines of N-Triples written by Oxigraph (no Python object per
    stored triple unless one is to go), which are the same for the same triple."""
    import pyoxigraph as ox

    suffix = f" {graph} .\n".encode()
    wanted = set(ox.serialize(quads, format=ox.RdfFormat.N_QUADS).replace(suffix, b" .\n").splitlines())
    stored = set(store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph).splitlines())
    gone = stored - wanted
    if any(b"_:" in line for line in gone):  # a blank node is named only by the stored quad itself
        for quad in list(store.quads_for_pattern(None, None, None, graph)):
            if f"{quad.subject} {quad.predicate} {quad.object} .".encode() in gone:
                store.remove(quad)
    elif gone:
        for triple in ox.parse(input=b"\n".join(sorted(gone)) + b"\n", format=ox.RdfFormat.N_TRIPLES):
            store.remove(ox.Quad(triple.subject, triple.predicate, triple.object, graph))
    added = wanted - stored
    if added:
        store.load(input=b"\n".join(sorted(added)) + b"\n", format=ox.RdfFormat.N_TRIPLES, to_graph=graph)


def _sorted_lines(lines: Iterator[str], folder: Path) -> Iterator[str]:
    """``sorted(lines)``, holding at most :data:`SORT_RUN` lines: sorted runs go to temporary files
    in ``folder`` and are merged (lines end with a line feed and hold no other)."""
    run = sorted(islice(lines, SORT_RUN))
    if len(run) < SORT_RUN:
        yield from run
        return
    runs = []
    try:
        while run:
            spill = tempfile.TemporaryFile("w+", encoding="utf-8", newline="\n", dir=folder)
            runs.append(spill)
            spill.writelines(run)
            spill.seek(0)
            run = sorted(islice(lines, SORT_RUN))
        yield from heapq.merge(*runs)
    finally:
        for spill in runs:
            spill.close()


def write_nquads(store_folder: str | Path, path: str | Path, *, base_iri: str | None = None) -> Path:
    """Write the store as N-Quads, one named graph after another (the documents by IRI, then the shared
    graph), each graph's lines sorted, for bulk loading into a cluster-scale SPARQL store.

    Written graph by graph, atomically, never holding more than :data:`SORT_RUN` lines in memory.
    """
    import pyoxigraph as ox

    base = base_iri or DEFAULT_BASE
    store = ox.Store.read_only(str(store_folder))
    graphs = sorted((g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode)),
                    key=lambda g: (g == base + SHARED_GRAPH, g))
    path = Path(path)
    with atomic_file(path) as out:
        for graph in graphs:
            quads = store.quads_for_pattern(None, None, None, ox.NamedNode(graph))
            out.writelines(line.encode("utf-8") for line in _sorted_lines((f"{q} .\n" for q in quads), path.parent))
    return path


def write_build_store(turtle: str | Path, store_folder: str | Path, *, nquads: str | Path | None = None,
                      base_iri: str | None = None) -> dict[str, Path]:
    """During a build: bring the store in ``store_folder`` up to date with the graph ``turtle`` just
    written, and with ``nquads`` write the N-Quads file there; the paths, by name ("store",
    "graph.nq"), as :func:`kg.pipeline.build` lists its outputs."""
    update = write_store(turtle, store_folder, base_iri=base_iri)
    written = {"store": update.path}
    if nquads:
        written["graph.nq"] = write_nquads(update.path, nquads, base_iri=base_iri)
    return written
