"""SPARQL over a built graph: pyoxigraph first, rdflib as the fallback, the same normalised answers from both."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from kg.errors import QueryError
from kg.vocab import DEFAULT_BASE, PREFIXES, queries_dir

__all__ = [
    "ENGINES",
    "FORMATS",
    "Term",
    "QueryResult",
    "canned_queries",
    "load_query",
    "add_prefixes",
    "load_graph",
    "run_query",
    "format_result",
]

ENGINES = ("oxigraph", "rdflib")
FORMATS = ("table", "csv", "json")
_XSD = "http://www.w3.org/2001/XMLSchema#"
_RDF_LANG = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_INTEGERS = {_XSD + t for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger",
                                "positiveInteger", "negativeInteger", "nonPositiveInteger",
                                "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte")}
_GRAPH_FORMATS = {".ttl": "turtle", ".turtle": "turtle", ".nt": "nt", ".ntriples": "nt", ".nq": "nquads",
                  ".trig": "trig", ".rdf": "xml", ".xml": "xml", ".owl": "xml", ".jsonld": "json-ld",
                  ".n3": "n3"}


@dataclass(frozen=True, order=True)
class Term:
    """One value in a result: an IRI ("uri"), a blank node ("bnode") or a literal, normalised.

    Plain literals have no datatype (xsd:string is dropped), language tags are lower case and
    numbers are in canonical form, so both engines give equal terms.
    """

    kind: str
    value: str
    datatype: str | None = None
    lang: str | None = None

    def __str__(self) -> str:
        return self.value

    def to_python(self):
        """The value as Python: int, Decimal, float, bool, datetime.date, or str.

        >>> Term("literal", "3", _XSD + "integer").to_python(), Term("literal", "秦丽华", lang="zh").to_python()
        (3, '秦丽华')
        """
        if self.kind != "literal" or self.datatype is None:
            return self.value
        try:
            if self.datatype in _INTEGERS:
                return int(self.value)
            if self.datatype == _XSD + "decimal":
                return Decimal(self.value)
            if self.datatype in (_XSD + "double", _XSD + "float"):
                return float(self.value)
            if self.datatype == _XSD + "boolean":
                return self.value in ("true", "1")
            if self.datatype == _XSD + "date":
                return dt.date.fromisoformat(self.value)
        except ValueError:
            pass
        return self.value


@dataclass(frozen=True)
class QueryResult:
    """The answer to a query: variables and rows of Terms (None when unbound), or a boolean for ASK.

    CONSTRUCT and DESCRIBE answers are rows of (subject, predicate, object).
    """

    variables: tuple[str, ...]
    rows: tuple[tuple[Term | None, ...], ...]
    boolean: bool | None = None

    def __len__(self) -> int:
        return len(self.rows)

    def values(self) -> list[tuple]:
        """Rows as tuples of Python values (see :meth:`Term.to_python`)."""
        return [tuple(None if t is None else t.to_python() for t in row) for row in self.rows]

    def records(self) -> list[dict]:
        """Rows as dicts keyed by variable name, with Python values (handy for pandas)."""
        return [dict(zip(self.variables, row)) for row in self.values()]


# ---------------------------------------------------------------------------------------------
# Queries
# ---------------------------------------------------------------------------------------------


def canned_queries() -> dict[str, Path]:
    """The example queries of ontology/queries, by name (file stem)."""
    folder = queries_dir()
    return {p.stem: p for p in sorted(folder.glob("*.rq"))} if folder.is_dir() else {}


def load_query(arg: str) -> str:
    """Query text from a .rq file path, the name of a canned query (who-meets-whom), or inline text.

    >>> load_query("ASK { ?s ?p ?o }")
    'ASK { ?s ?p ?o }'
    """
    text = (arg or "").strip()
    if not text:
        raise QueryError("empty query: give a .rq file, a canned query name or SPARQL text")
    looks_like_path = not re.search(r"[\s{]", text)
    if looks_like_path:
        canned = canned_queries()
        path = Path(text)
        if path.is_file():
            return _read_query(path)
        if text in canned:
            return _read_query(canned[text])
        if text.endswith(".rq") or os.sep in text:
            if Path(text).stem in canned and not path.parent.exists():
                return _read_query(canned[Path(text).stem])
            names = ", ".join(canned) or "none"
            raise QueryError(f"query file not found (canned queries: {names})", text)
    return text


def _read_query(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise QueryError(f"cannot read the query: {exc}", str(path)) from exc


_LEXICAL = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""' r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
                      r'|"(?:[^"\\\n]|\\.)*"' r"|'(?:[^'\\\n]|\\.)*'"
                      r'|<[^<>"{}|^`\\\s]*>' r"|#[^\n]*")


def _code_only(query: str) -> str:
    """The query with strings, IRIs and comments blanked, for keyword and prefix detection."""
    return _LEXICAL.sub(lambda m: " " if m.group(0).startswith("#") else '""', query)


def add_prefixes(query: str) -> str:
    """Declare the usual prefixes (dsj:, rdfs:, prov:, org:, ...) that a query uses without declaring.

    >>> add_prefixes("SELECT ?e WHERE { ?e a dsj:Event }").splitlines()[0]
    'PREFIX dsj: <https://w3id.org/dashiji/ontology#>'
    """
    code = _code_only(query)
    declared = {m.lower() for m in re.findall(r"(?i)\bPREFIX\s+([A-Za-z][\w.-]*)?\s*:", code)}
    missing = [p for p in PREFIXES if p not in declared and re.search(rf"(?<![\w?$:.-]){p}:", code)]
    head = "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in missing)
    return head + query


def _is_ordered(query: str) -> bool:
    return re.search(r"(?i)\bORDER\s+BY\b", _code_only(query)) is not None


# ---------------------------------------------------------------------------------------------
# Graphs
# ---------------------------------------------------------------------------------------------


def _graph_path(graph) -> Path:
    path = Path(graph)
    if not path.is_file():
        raise QueryError("graph file not found (build one with `kg build`)", str(path))
    return path


def load_graph(graph, engine: str = "oxigraph"):
    """A graph file loaded for ``engine``: a pyoxigraph Store or an rdflib Graph."""
    path = _graph_path(graph)
    fmt = _GRAPH_FORMATS.get(path.suffix.lower(), "turtle")
    if engine == "oxigraph":
        import pyoxigraph as ox

        formats = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "nquads": ox.RdfFormat.N_QUADS,
                   "trig": ox.RdfFormat.TRIG, "xml": ox.RdfFormat.RDF_XML, "json-ld": ox.RdfFormat.JSON_LD,
                   "n3": ox.RdfFormat.N3}
        store = ox.Store()
        try:
            store.bulk_load(path=str(path), format=formats[fmt])
        except (SyntaxError, ValueError, OSError) as exc:
            raise QueryError(f"cannot read the graph: {_one_line(exc)}", str(path)) from exc
        return store
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


def run_query(query: str, graph, *, engine: str = "oxigraph", source: str | None = None) -> QueryResult:
    """Run a SPARQL query on a graph file (or a loaded pyoxigraph Store / rdflib Graph).

    ``engine`` is "oxigraph" (default, falls back to rdflib if pyoxigraph is missing) or "rdflib".
    Rows keep the query's ORDER BY; without one they are sorted, so both engines agree.
    A malformed query or unreadable graph raises QueryError naming ``source`` or the graph file.
    """
    if engine not in ENGINES:
        raise QueryError(f"unknown engine {engine!r}: use one of {', '.join(ENGINES)}")
    text = add_prefixes(query)
    if engine == "oxigraph":
        try:
            import pyoxigraph  # noqa: F401
        except ImportError:
            engine = "rdflib"
    is_loaded = not isinstance(graph, (str, os.PathLike))
    if engine == "oxigraph":
        store = graph if is_loaded else load_graph(graph, "oxigraph")
        result = _run_oxigraph(text, store, source)
    else:
        rdf_graph = graph if is_loaded else load_graph(graph, "rdflib")
        result = _run_rdflib(text, rdf_graph, source)
    return _canonical(result, ordered=_is_ordered(text))


def _run_oxigraph(text: str, store, source: str | None) -> QueryResult:
    import pyoxigraph as ox

    try:
        answer = store.query(text)
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


def _run_rdflib(text: str, graph, source: str | None) -> QueryResult:
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
    if datatype in (None, _XSD + "string", _RDF_LANG):
        return Term("literal", value)
    return Term("literal", _canonical_number(value, datatype), datatype)


def _canonical_number(value: str, datatype: str) -> str:
    """Canonical lexical forms, so "2.50" and "2.5" (or "01" and "1") compare equal."""
    try:
        if datatype in _INTEGERS:
            return str(int(value))
        if datatype == _XSD + "decimal":
            text = format(Decimal(value).normalize(), "f")
            return text if "." in text else text + ".0"
        if datatype in (_XSD + "double", _XSD + "float"):
            return repr(float(value))
        if datatype == _XSD + "boolean":
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


# ---------------------------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------------------------


def format_result(result: QueryResult, fmt: str = "table", *, max_width: int = 60) -> str:
    """The result as an aligned text table, CSV (SPARQL 1.1 CSV) or SPARQL 1.1 Query Results JSON."""
    if fmt == "json":
        return _as_json(result)
    if fmt == "csv":
        return _as_csv(result)
    if fmt == "table":
        return _as_table(result, max_width)
    raise QueryError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")


def _as_json(result: QueryResult) -> str:
    if result.boolean is not None:
        return json.dumps({"head": {}, "boolean": result.boolean}, indent=2) + "\n"
    bindings = []
    for row in result.rows:
        binding = {}
        for name, term in zip(result.variables, row):
            if term is None:
                continue
            item = {"type": term.kind, "value": term.value}
            if term.lang:
                item["xml:lang"] = term.lang
            elif term.datatype:
                item["datatype"] = term.datatype
            binding[name] = item
        bindings.append(binding)
    doc = {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _as_csv(result: QueryResult) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    if result.boolean is not None:
        writer.writerows([["boolean"], ["true" if result.boolean else "false"]])
        return out.getvalue()
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow(["" if t is None else (f"_:{t.value}" if t.kind == "bnode" else t.value) for t in row])
    return out.getvalue()


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    if _display_width(text) <= width:
        return text
    out, used = "", 0
    for c in text:
        w = 2 if unicodedata.east_asian_width(c) in "WF" else 1
        if used + w > width - 1:
            break
        out, used = out + c, used + w
    return out + "…"


def _shorten(term: Term, prefixes: dict[str, str]) -> str:
    if term.kind == "bnode":
        return f"_:{term.value}"
    if term.kind != "uri":
        return term.value
    for prefix, namespace in prefixes.items():
        if term.value.startswith(namespace) and len(term.value) > len(namespace):
            return f"{prefix}:{term.value[len(namespace):]}"
    return f"<{term.value}>"


def _is_number(term: Term | None) -> bool:
    return term is not None and term.datatype is not None and (
        term.datatype in _INTEGERS or term.datatype in {_XSD + "decimal", _XSD + "double", _XSD + "float"})


def _as_table(result: QueryResult, max_width: int) -> str:
    if result.boolean is not None:
        return ("true" if result.boolean else "false") + "\n"
    prefixes = {**PREFIXES, "id": DEFAULT_BASE}
    header = list(result.variables)
    cells = [["" if t is None else _clip(_shorten(t, prefixes), max_width) for t in row] for row in result.rows]
    numeric = [bool(result.rows) and all(_is_number(r[i]) or r[i] is None for r in result.rows)
               for i in range(len(header))]
    widths = [max([_display_width(h)] + [_display_width(r[i]) for r in cells]) for i, h in enumerate(header)]

    def line(values: list[str]) -> str:
        parts = []
        for i, value in enumerate(values):
            pad = " " * (widths[i] - _display_width(value))
            parts.append(pad + value if numeric[i] else value + pad)
        return "  ".join(parts).rstrip()

    lines = [line(header), "  ".join("-" * w for w in widths)]
    lines.extend(line(row) for row in cells)
    count = len(result.rows)
    lines.append(f"({count} row{'s' if count != 1 else ''})")
    return "\n".join(lines) + "\n"
