"""Read-only, offline SPARQL: what would write or reach the network is refused before any engine sees it,
and a query runs in a child process that is stopped at its time limit.

Both engines can reach the network from a query: ``SERVICE <http://…>`` asks another endpoint
(``SERVICE SILENT`` even hides the failure), ``LOAD`` fetches a document, rdflib fetches the graphs
of ``FROM <http://…>`` and the remote ``@context`` of a JSON-LD file. A graph of chronicles is
answered from the local files only, so these are refused by reading the query text, and no
connection is ever opened. Neither engine can stop a query from the outside, so a query with a
time limit runs in a forked child, killed when the limit passes (a cartesian product of a large
graph otherwise runs for minutes and takes gigabytes).
"""

from __future__ import annotations

import json
import multiprocessing
import os
import re
from collections.abc import Callable
from pathlib import Path

from kg.errors import QueryError, QueryRefusedError, QueryTimeoutError

__all__ = [
    "DEFAULT_TIMEOUT",
    "code_only",
    "blank_lexical",
    "check_query",
    "check_jsonld",
    "run_isolated",
]

DEFAULT_TIMEOUT = 60.0
"""Seconds a query may run by default (`kg query --timeout`, `kg serve --timeout`)."""

_LEXICAL = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""' r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
                      r'|"(?:[^"\\\n]|\\.)*"' r"|'(?:[^'\\\n]|\\.)*'"
                      r'|<[^<>"{}|^`\\\s]*>' r"|#[^\n]*")
_UPDATES = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY")


def code_only(query: str) -> str:
    """The query with strings and IRIs blanked and comments removed, so keywords are found only where
    they are keywords.

    >>> code_only('SELECT * WHERE { ?s ?p "SERVICE" } # LOAD')
    'SELECT * WHERE { ?s ?p "" }  '
    """
    return _LEXICAL.sub(lambda m: " " if m.group(0).startswith("#") else '""', query)


def blank_lexical(query: str) -> str:
    """The query with strings, IRIs and comments replaced by as many spaces, so positions still match.

    >>> blank_lexical('?s "VALUES" ?o # x')
    '?s          ?o    '
    """
    return _LEXICAL.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), query)


def _keyword(word: str, code: str) -> bool:
    """Whether ``word`` is used as a keyword: not part of a variable, prefixed name or blank node label."""
    return re.search(rf"(?i)(?<![\w?$:.\-]){word}(?![\w:\-])", code) is not None


def check_query(query: str, *, engine: str = "oxigraph", source: str | None = None) -> None:
    """Raise :class:`QueryRefusedError` if the query would write or fetch anything.

    Refused: ``SERVICE`` (silent or not), ``LOAD`` and every other update, and for the rdflib
    engine ``FROM`` (rdflib would download the named graph; oxigraph reads it from the store).

    >>> check_query("SELECT ?service WHERE { ?service dsj:load 'SERVICE' }")
    >>> check_query("SELECT * WHERE { SERVICE SILENT <http://example.org/sparql> { ?s ?p ?o } }")
    Traceback (most recent call last):
    ...
    kg.errors.QueryRefusedError: refused: SERVICE would query another endpoint over the network; queries are answered from the local graph only
    """
    code = code_only(query)
    if _keyword("SERVICE", code):
        raise QueryRefusedError("refused: SERVICE would query another endpoint over the network; "
                                "queries are answered from the local graph only", source)
    for word in _UPDATES:
        if _keyword(word, code):
            reason = "would fetch a document over the network" if word == "LOAD" else "would change the graph"
            raise QueryRefusedError(f"refused: {word} is an update and {reason}; "
                                    "the graph is read-only here (rebuild it with `kg build`)", source)
    if engine == "rdflib" and _keyword("FROM", code):
        raise QueryRefusedError("refused: the rdflib engine would download the graphs named by FROM; "
                                "use the oxigraph engine, which reads them from the local store", source)


def check_jsonld(path: str | Path) -> None:
    """Raise :class:`QueryRefusedError` if a JSON-LD file refers to a remote ``@context`` (or ``@import``),
    which rdflib would download while parsing."""

    def remote(node) -> bool:
        if isinstance(node, dict):
            context = node.get("@context")
            if isinstance(context, str) or (isinstance(context, list) and any(isinstance(c, str) for c in context)):
                return True
            return "@import" in node or any(remote(value) for value in node.values())
        if isinstance(node, list):
            return any(remote(value) for value in node)
        return False

    try:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise QueryError(f"cannot read the graph: {exc}", str(path)) from exc
    if remote(document):
        raise QueryRefusedError("refused: the JSON-LD file names a remote @context, which would be fetched "
                                "over the network; inline the context", str(path))


def run_isolated(load: Callable, load_args: tuple, run: Callable, run_args: tuple, *,
                 timeout: float | None) -> object:
    """``run(load(*load_args), *run_args)`` in a forked child, stopped after ``timeout`` seconds of ``run``.

    Loading is not timed (it is bounded by the graph's size); the query is. The child is killed
    when the limit passes, with its memory, and :class:`QueryTimeoutError` is raised. Errors in the
    child are raised here. Without ``timeout`` (or without fork) it runs in this process.
    """
    if timeout is None or "fork" not in multiprocessing.get_all_start_methods() or os.name == "nt":
        return run(load(*load_args), *run_args)
    if timeout <= 0:
        raise QueryError(f"the time limit must be positive, not {timeout:g} s")
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(send, load, load_args, run, run_args), daemon=True)
    child.start()
    send.close()
    try:
        status, value = receive.recv()  # ("ready", None) once loaded, or the loading error
        if status == "ready":
            if not receive.poll(timeout):
                raise QueryTimeoutError(f"the query ran longer than {timeout:g} s and was stopped "
                                        "(narrow it with filters or LIMIT, or give a longer --timeout)")
            status, value = receive.recv()
    except EOFError:
        child.join()
        raise QueryError(f"the query process stopped (exit code {child.exitcode}); "
                         "was it out of memory? narrow the query") from None
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receive.close()
    if status == "error":
        raise value
    return value


def _child(send, load, load_args, run, run_args) -> None:
    try:
        dataset = load(*load_args)
        send.send(("ready", None))
        send.send(("ok", run(dataset, *run_args)))
    except BaseException as error:  # reported to the parent, which raises it
        try:
            send.send(("error", error))
        except Exception:
            send.send(("error", QueryError(str(error))))
    finally:
        send.close()
