"""SPARQL over a built graph: pyoxigraph first, rdflib as the fallback, the same normalised answers from both.

The graph is a Turtle file or the store ``kg build`` writes (output/store, answered from the union
of its named graphs). Queries are read-only and offline (see :mod:`kg.guard`).
"""

from __future__ import annotations

import os
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

from kg.canned import canned_queries, load_query
from kg.errors import QueryError
from kg.guard import check_jsonld, check_query, code_only, run_isolated
from kg.results import FORMATS, INTEGERS, XSD, QueryResult, Term, format_result
from kg.vocab import PREFIXES

__all__ = [
    "ENGINES",
    "FORMATS",
    "Term",
    "QueryResult",
    "canned_queries",
    "load_query",
    "add_prefixes",
    "load_graph",
    "default_graph",
    "run_query",
    "format_result",
]

ENGINES = ("oxigraph", "rdflib")
_RDF_LANG = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_GRAPH_FORMATS = {".ttl": "turtle", ".turtle": "turtle", ".nt": "nt", ".ntriples": "nt", ".nq": "nquads",
                  ".trig": "trig", ".rdf": "xml", ".xml": "xml", ".owl": "xml", ".jsonld": "json-ld",
                  ".n3": "n3"}


# ---------------------------------------------------------------------------------------------
# Queries
# ---------------------------------------------------------------------------------------------


def add_prefixes(query: str) -> str:
    """Declare the usual prefixes (dsj:, rdfs:, prov:, org:, ...) that a query uses without declaring.

    >>> add_prefixes("SELECT ?e WHERE { ?e a dsj:Event }").splitlines()[0]
    'PREFIX dsj: <https://w3id.org/dashiji/ontology#>'
    """
    code = code_only(query)
    declared = {m.lower() for m in re.findall(r"(?i)\bPREFIX\s+([A-Za-z][\w.-]*)?\s*:", code)}
    missing = [p for p in PREFIXES if p not in declared and re.search(rf"(?<![\w?$:.-]){p}:", code)]
    head = "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in missing)
    return head + query


def _is_ordered(query: str) -> bool:
    return re.search(r"(?i)\bORDER\s+BY\b", code_only(query)) is not None


# ---------------------------------------------------------------------------------------------
# Graphs
# ---------------------------------------------------------------------------------------------


def _graph_path(graph) -> Path:
    path = Path(graph)
    if not (path.is_file() or _is_store(path)):
        raise QueryError("graph file not found (build one with `kg build`)", str(path))
    return path


def _is_store(path: Path) -> bool:
    return path.is_dir() and (path / "CURRENT").is_file()


def default_graph(folder: str | Path = "output", engine: str = "oxigraph") -> Path:
    """What `kg query` reads without --graph: the store of ``folder`` (folder/store) when it exists and the
    engine is oxigraph, else its Turtle file (folder/graph.ttl)."""
    store = Path(folder) / "store"
    return store if engine == "oxigraph" and _is_store(store) else Path(folder) / "graph.ttl"


def load_graph(graph, engine: str = "oxigraph"):
    """A graph file loaded for ``engine``: a pyoxigraph Store or an rdflib Graph.

    A folder is the on-disk store of ``kg build`` (output/store), opened read-only (oxigraph only).
    """
    path = _graph_path(graph)
    fmt = _GRAPH_FORMATS.get(path.suffix.lower(), "turtle")
    if engine == "oxigraph":
        import pyoxigraph as ox

        if path.is_dir():
            try:
                return ox.Store.read_only(str(path))
            except OSError as exc:
                raise QueryError(f"cannot open the store: {_one_line(exc)}", str(path)) from exc
        formats = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "nquads": ox.RdfFormat.N_QUADS,
                   "trig": ox.RdfFormat.TRIG, "xml": ox.RdfFormat.RDF_XML, "json-ld": ox.RdfFormat.JSON_LD,
                   "n3": ox.RdfFormat.N3}
        store = ox.Store()
        try:
            store.bulk_load(path=str(path), format=formats[fmt])
        except (SyntaxError, ValueError, OSError) as exc:
            raise QueryError(f"cannot read the graph: {_one_line(exc)}", str(path)) from exc
        return store
    if path.is_dir():
        raise QueryError("the rdflib engine reads graph files, not the store; give the Turtle file", str(path))
    if fmt == "json-ld":
        check_jsonld(path)
    import rdflib

    try:
        return rdflib.Graph().parse(str(path), format=fmt)
    except Exception as exc:  # rdflib raises many parser-specific types
        raise QueryError(f"cannot read the graph: {_one_line(exc)}", str(path)) from exc


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


# ---------------------------------------------------------------------------------------------
# Running
# ---------------------------------------------------------------------------------------------


def run_query(query: str, graph, *, engine: str = "oxigraph", source: str | None = None,
              timeout: float | None = None) -> QueryResult:
    """Run a SPARQL query on a graph file, a store folder, or a loaded pyoxigraph Store / rdflib Graph.

    ``engine`` is "oxigraph" (default, falls back to rdflib if pyoxigraph is missing) or "rdflib".
    Rows keep the query's ORDER BY; without one they are sorted, so both engines agree.
    A query that would write or reach the network (SERVICE, LOAD, updates) is refused before
    the graph is opened; with ``timeout`` (seconds) the query is stopped when it runs longer
    (:class:`~kg.errors.QueryTimeoutError`). A malformed query or unreadable graph raises
    QueryError naming ``source`` or the graph file.
    """
    if engine not in ENGINES:
        raise QueryError(f"unknown engine {engine!r}: use one of {', '.join(ENGINES)}")
    check_query(query, engine=engine, source=source)
    text = add_prefixes(query)
    is_loaded = not isinstance(graph, (str, os.PathLike))
    if not is_loaded:
        _graph_path(graph)  # a missing file is named before any process starts
    load = (lambda loaded: loaded) if is_loaded else (lambda path: load_graph(path, engine))
    run = _run_oxigraph if engine == "oxigraph" else _run_rdflib
    result = run_isolated(load, (graph,), run, (text, source), timeout=timeout)
    return _canonical(result, ordered=_is_ordered(text))


def _run_oxigraph(store, text: str, source: str | None) -> QueryResult:
    import pyoxigraph as ox

    try:
        # the union of the store's graphs, unless the query names its own dataset (FROM)
        union = re.search(r"(?i)(?<![\w?$:.-])FROM(?![\w:-])", code_only(text)) is None
        answer = store.query(text, use_default_graph_as_union=union)
        if isinstance(answer, ox.QueryBoolean):
            return QueryResult((), (), bool(answer))
        if isinstance(answer, ox.QuerySolutions):
            names = tuple(v.value for v in answer.variables)
            rows = tuple(tuple(_ox_term(s[i]) for i in range(len(names))) for s in answer)
            return QueryResult(names, rows)
        rows = tuple((_ox_term(t.subject), _ox_term(t.predicate), _ox_term(t.object)) for t in answer)
        return QueryResult(("subject", "predicate", "object"), rows)
    except SyntaxError as exc:
        raise QueryError(f"malformed query: {_one_line(exc)}", source) from exc
    except (OSError, ValueError, RuntimeError) as exc:
        raise QueryError(f"the query failed: {_one_line(exc)}", source) from exc


def _ox_term(node) -> Term | None:
    import pyoxigraph as ox

    if node is None:
        return None
    if isinstance(node, ox.NamedNode):
        return Term("uri", node.value)
    if isinstance(node, ox.BlankNode):
        return Term("bnode", node.value)
    if isinstance(node, ox.Literal):
        return _literal(node.value, node.datatype.value if node.datatype else None, node.language)
    return Term("literal", str(node))  # RDF-star triple terms: shown as text


def _run_rdflib(graph, text: str, source: str | None) -> QueryResult:
    from rdflib.plugins.sparql import prepareQuery

    try:
        prepared = prepareQuery(text)
    except Exception as exc:  # pyparsing.ParseException and friends
        raise QueryError(f"malformed query: {_one_line(exc)}", source) from exc
    try:
        answer = graph.query(prepared)
        if answer.type == "ASK":
            return QueryResult((), (), bool(answer.askAnswer))
        if answer.type == "SELECT":
            names = tuple(str(v) for v in answer.vars)
            rows = tuple(tuple(_rdflib_term(row[i]) for i in range(len(names))) for row in answer)
            return QueryResult(names, rows)
        rows = tuple((_rdflib_term(s), _rdflib_term(p), _rdflib_term(o)) for s, p, o in answer.graph)
        return QueryResult(("subject", "predicate", "object"), rows)
    except Exception as exc:  # evaluation errors surface as assorted exception types
        raise QueryError(f"the query failed: {_one_line(exc)}", source) from exc


def _rdflib_term(node) -> Term | None:
    from rdflib import BNode, Literal, URIRef

    if node is None:
        return None
    if isinstance(node, URIRef):
        return Term("uri", str(node))
    if isinstance(node, BNode):
        return Term("bnode", str(node))
    if isinstance(node, Literal):
        return _literal(str(node), str(node.datatype) if node.datatype else None, node.language)
    return Term("literal", str(node))


def _literal(value: str, datatype: str | None, lang: str | None) -> Term:
    if lang:
        return Term("literal", value, None, lang.lower())
    if datatype in (None, XSD + "string", _RDF_LANG):
        return Term("literal", value)
    return Term("literal", _canonical_number(value, datatype), datatype)


def _canonical_number(value: str, datatype: str) -> str:
    """Canonical lexical forms, so "2.50" and "2.5" (or "01" and "1") compare equal."""
    try:
        if datatype in INTEGERS:
            return str(int(value))
        if datatype == XSD + "decimal":
            text = format(Decimal(value).normalize(), "f")
            return text if "." in text else text + ".0"
        if datatype in (XSD + "double", XSD + "float"):
            return repr(float(value))
        if datatype == XSD + "boolean":
            return "true" if value in ("true", "1") else "false"
    except (ValueError, InvalidOperation):
        pass
    return value


def _canonical(result: QueryResult, *, ordered: bool) -> QueryResult:
    """Sort unordered rows and number blank nodes in order of appearance (engines label them differently)."""
    rows = list(result.rows)
    if not ordered:
        rows.sort(key=lambda row: tuple(_sort_key(t) for t in row))
    labels: dict[str, str] = {}

    def relabel(term: Term | None) -> Term | None:
        if term is None or term.kind != "bnode":
            return term
        return Term("bnode", labels.setdefault(term.value, f"b{len(labels)}"))

    if any(t is not None and t.kind == "bnode" for row in rows for t in row):
        rows = [tuple(relabel(t) for t in row) for row in rows]
    return QueryResult(result.variables, tuple(rows), result.boolean)


def _sort_key(term: Term | None) -> tuple:
    if term is None:
        return (0, "", "", "")
    if term.kind == "bnode":
        return (1, "", "", "")
    return (2, term.kind, term.value, term.datatype or "", term.lang or "")
