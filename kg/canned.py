"""The canned queries (ontology/queries/*.rq): found by name, described by their comment header, and given
parameters through SPARQL ``VALUES``, never by pasting text into the query.

A canned query starts with comment lines: the first is its one-line description, and each
``# param ?name: what it is (default: …)`` line declares a parameter, which the query reads from a
one-variable ``VALUES ?name { … }`` block holding the default (``UNDEF`` for none).
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from kg.errors import QueryError
from kg.guard import blank_lexical
from kg.results import Term, turtle_term
from kg.vocab import PREFIXES, queries_dir

__all__ = [
    "Parameter",
    "CannedQuery",
    "canned_queries",
    "catalogue",
    "load_query",
    "bind_parameters",
    "parse_parameters",
    "format_catalogue",
]

_PARAM = re.compile(r"^#\s*param\s+[?$]([A-Za-z_]\w*)\s*:\s*(.*)$")
_NAME = re.compile(r"^[A-Za-z_][\w]*$")
_IRI = re.compile(r'^<([^<>"{}|^`\\\s]+)>$')


@dataclass(frozen=True)
class Parameter:
    """A variable a canned query lets its caller bind, with what it means."""

    name: str
    description: str


@dataclass(frozen=True)
class CannedQuery:
    """A query of ontology/queries: its name (the file stem), file, one-line description and parameters."""

    name: str
    path: Path
    description: str
    parameters: tuple[Parameter, ...] = ()


def canned_queries() -> dict[str, Path]:
    """The example queries of ontology/queries, by name (file stem)."""
    folder = queries_dir()
    return {p.stem: p for p in sorted(folder.glob("*.rq"))} if folder.is_dir() else {}


def _describe(name: str, path: Path) -> CannedQuery:
    header = []
    for line in _read_query(path).splitlines():
        if not line.startswith("#"):
            break
        header.append(line)
    description = header[0].lstrip("# ").strip() if header else ""
    parameters = tuple(Parameter(m.group(1), m.group(2).strip()) for m in map(_PARAM.match, header) if m)
    return CannedQuery(name, path, description, parameters)


def catalogue() -> list[CannedQuery]:
    """Every canned query with its description and parameters, by name."""
    return [_describe(name, path) for name, path in canned_queries().items()]


def format_catalogue() -> str:
    """`kg query --list`: each canned query, its one-line description and its parameters."""
    lines = []
    for query in catalogue():
        lines.append(f"{query.name}: {query.description}")
        lines.extend(f"    --param {p.name}=…".ljust(24) + p.description for p in query.parameters)
    return "\n".join(lines) + "\n"


def load_query(arg: str) -> str:
    """Query text from a .rq file path, the name of a canned query (who-meets-whom), or inline text.

    A single word that names no file and no canned query is a mistyped name, answered with the
    nearest one.

    >>> load_query("ASK { ?s ?p ?o }")
    'ASK { ?s ?p ?o }'
    >>> load_query("who-meets-who")
    Traceback (most recent call last):
    ...
    kg.errors.QueryError: no canned query 'who-meets-who'; did you mean who-meets-whom?
    """
    text = (arg or "").strip()
    if not text:
        raise QueryError("empty query: give a .rq file, a canned query name or SPARQL text")
    if re.search(r"[\s{]", text):
        return text
    canned = canned_queries()
    path = Path(text)
    if path.is_file():
        return _read_query(path)
    if text in canned:
        return _read_query(canned[text])
    if text.endswith(".rq") or os.sep in text:
        if path.stem in canned and not path.parent.exists():
            return _read_query(canned[path.stem])
        raise QueryError(f"query file not found{_suggestion(path.stem, canned)}", text)
    raise QueryError(f"no canned query {text!r}{_suggestion(text, canned)}")


def _suggestion(name: str, canned: dict[str, Path]) -> str:
    close = difflib.get_close_matches(name, list(canned), n=1, cutoff=0.6)
    if close:
        return f"; did you mean {close[0]}?"
    return f" (canned queries: {', '.join(canned) or 'none'}; `kg query --list` describes them)"


def _read_query(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise QueryError(f"cannot read the query: {exc}", str(path)) from exc


def parse_parameters(pairs: list[str] | None) -> dict[str, str]:
    """``["person=王建国"]`` → ``{"person": "王建国"}``; a pair without ``=`` or with a bad name is an error.

    >>> parse_parameters(["person=王建国", "?to=2024-07-31"])
    {'person': '王建国', 'to': '2024-07-31'}
    """
    params = {}
    for pair in pairs or ():
        name, sep, value = pair.partition("=")
        name = name.strip().lstrip("?$")
        if not sep or not _NAME.match(name):
            raise QueryError(f"--param takes name=value (a variable name, then the value), not {pair!r}")
        params[name] = value
    return params


def _value_term(value: str) -> str:
    """A parameter value as a SPARQL term: ``<IRI>``, a known prefixed name (dsj:Chair), or a string."""
    iri = _IRI.match(value)
    if iri:
        return f"<{iri.group(1)}>"
    prefix, sep, local = value.partition(":")
    if sep and prefix in PREFIXES and re.fullmatch(r"[\w.-]*", local) and not local.endswith("."):
        return f"<{PREFIXES[prefix]}{local}>"
    return turtle_term(Term("literal", value))


def bind_parameters(query: str, params: dict[str, str], *, name: str | None = None) -> str:
    """The query with each parameter bound by a ``VALUES`` block: the query's own one-variable block for it
    is replaced, or a trailing ``VALUES`` clause is added. Values are written as escaped SPARQL terms.

    ``name`` (a canned query's) restricts the parameters to those it declares.

    >>> bind_parameters('SELECT * WHERE { VALUES ?person { UNDEF } ?p ?q ?person }', {"person": 'a"b'})
    'SELECT * WHERE { VALUES ?person { "a\\\\"b" } ?p ?q ?person }'
    """
    if name is not None and params:
        declared = {p.name for p in _describe(name, canned_queries()[name]).parameters}
        unknown = sorted(set(params) - declared)
        if unknown:
            offer = ", ".join(sorted(declared)) or "none"
            raise QueryError(f"{name} has no parameter {unknown[0]!r} (its parameters: {offer})")
    for variable, value in params.items():
        term = _value_term(value)
        code = blank_lexical(query)
        block = re.search(rf"(?i)\bVALUES\s*[?$]{variable}\s*\{{[^{{}}]*\}}", code)
        if block:
            query = f"{query[:block.start()]}VALUES ?{variable} {{ {term} }}{query[block.end():]}"
        elif re.search(rf"[?$]{variable}(?!\w)", code):
            query = f"{query.rstrip()}\nVALUES ?{variable} {{ {term} }}\n"
        else:
            raise QueryError(f"the query has no variable ?{variable} to bind")
    return query
