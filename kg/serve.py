"""`kg serve`: the build's store as a read-only SPARQL 1.1 Protocol endpoint, with an offline query page (YASGUI).

Standard library HTTP in front, pyoxigraph behind: queries run in a small pool of worker processes,
each holding the store open read-only, so a query past its time limit is stopped by ending its
worker (which is replaced). GET and POST queries (``query=`` or a ``application/sparql-query``
body) are answered in the format the client accepts: SPARQL Results JSON, XML, CSV or TSV for
SELECT and ASK, Turtle or N-Triples for CONSTRUCT and DESCRIBE. Updates are refused with 403, as
are SERVICE and LOAD (:mod:`kg.guard`), so the endpoint never writes and never opens a connection.
"""

from __future__ import annotations

import json
import multiprocessing
import queue
import sys
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from kg.errors import KgError, QueryRefusedError
from kg.guard import DEFAULT_TIMEOUT, check_query, code_only
from kg.vocab import PREFIXES

__all__ = ["DEFAULT_PORT", "ENDPOINT_PATH", "negotiate", "Endpoint", "serve"]

DEFAULT_PORT = 7878
ENDPOINT_PATH = "/sparql"
MAX_BODY = 1 << 20
"""Largest request body read (1 MiB): a query is text; anything bigger is refused with 413."""
_RESULTS = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
            "csv": "text/csv", "tsv": "text/tab-separated-values"}
_RESULT_ALIASES = {"application/json": "json", "application/xml": "xml", "text/xml": "xml"}
_GRAPHS = {"turtle": "text/turtle", "ntriples": "application/n-triples", "rdfxml": "application/rdf+xml"}
_GRAPH_ALIASES = {"application/x-turtle": "turtle", "text/plain": "ntriples", "application/xml": "rdfxml",
                  "text/xml": "rdfxml"}
_FORMAT_PARAMS = {"json": "json", "xml": "xml", "csv": "csv", "tsv": "tsv", "turtle": "turtle", "ttl": "turtle",
                  "nt": "ntriples", "ntriples": "ntriples", "n-triples": "ntriples"}


def negotiate(accept: str | None, kind: str, requested: str | None = None) -> str:
    """The format to answer in: "json", "xml", "csv", "tsv" for solutions and booleans ("results"),
    "turtle", "ntriples" or "rdfxml" for graphs ("graph"), from a ``format=`` parameter or the Accept header
    (q-values respected; JSON and Turtle when nothing acceptable is named).

    >>> negotiate("text/csv;q=0.5, application/sparql-results+xml", "results")
    'xml'
    >>> negotiate("application/sparql-results+json, */*;q=0.1", "graph")
    'turtle'
    """
    offered = {**{t: f for f, t in _RESULTS.items()}, **_RESULT_ALIASES} if kind == "results" else \
        {**{t: f for f, t in _GRAPHS.items()}, **_GRAPH_ALIASES}
    wanted = _FORMAT_PARAMS.get((requested or "").lower())
    wanted = "rdfxml" if kind == "graph" and wanted == "xml" else wanted
    if wanted in offered.values():
        return wanted
    choices = []
    for position, item in enumerate((accept or "").split(",")):
        media, *params = [p.strip() for p in item.split(";")]
        quality = 1.0
        for param in params:
            if param.startswith("q="):
                try:
                    quality = float(param[2:])
                except ValueError:
                    quality = 0.0
        if media.lower() in offered and quality > 0:
            choices.append((-quality, position, offered[media.lower()]))
    return min(choices)[2] if choices else ("json" if kind == "results" else "turtle")


# ---------------------------------------------------------------------------------------------
# Workers: one process each, the store open read-only
# ---------------------------------------------------------------------------------------------


def _worker_main(connection, store_folder: str) -> None:
    import pyoxigraph as ox

    try:
        store = ox.Store.read_only(store_folder)
    except OSError as error:
        connection.send(("error", 500, f"cannot open the store: {error}"))
        return
    connection.send(("ready", 200, ""))
    while True:
        try:
            request = connection.recv()
        except EOFError:
            return
        connection.send(_answer(store, *request))


def _answer(store, query: str, accept: str | None, requested: str | None, default_graphs, named_graphs):
    """(status, media type, body) for one query on the store."""
    import pyoxigraph as ox

    union = not default_graphs and "FROM" not in code_only(query).upper()
    options = {"use_default_graph_as_union": union, "prefixes": dict(PREFIXES)}
    if default_graphs:
        options["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
    if named_graphs:
        options["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
    try:
        answer = store.query(query, **options)
        if isinstance(answer, ox.QueryTriples):
            fmt = negotiate(accept, "graph", requested)
            rdf_format = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
                          "rdfxml": ox.RdfFormat.RDF_XML}[fmt]
            return 200, _GRAPHS[fmt] + "; charset=utf-8", answer.serialize(format=rdf_format)
        fmt = negotiate(accept, "results", requested)
        formats = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
                   "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}
        return 200, _RESULTS[fmt] + "; charset=utf-8", answer.serialize(format=formats[fmt])
    except SyntaxError as error:
        return 400, "text/plain; charset=utf-8", f"malformed query: {error}\n".encode()
    except (OSError, ValueError, RuntimeError) as error:
        return 500, "text/plain; charset=utf-8", f"the query failed: {error}\n".encode()


class _Worker:
    def __init__(self, store_folder: str):
        context = multiprocessing.get_context("spawn")  # the server has threads: never fork it
        self.connection, child = context.Pipe()
        self.process = context.Process(target=_worker_main, args=(child, store_folder), daemon=True)
        self.process.start()
        child.close()
        status, _code, message = self.connection.recv()
        if status != "ready":
            self.stop()
            raise KgError(message, store_folder)

    def ask(self, request: tuple, timeout: float) -> tuple | None:
        """The answer, or None when the time limit passed (the worker is then stopped)."""
        self.connection.send(request)
        if self.connection.poll(timeout):
            return self.connection.recv()
        self.stop()
        return None

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.connection.close()


class Endpoint:
    """The query side of the server, usable without HTTP: a pool of worker processes over one store."""

    def __init__(self, store_folder: str | Path, *, workers: int = 2, timeout: float = DEFAULT_TIMEOUT):
        folder = Path(store_folder)
        if not (folder / "CURRENT").is_file():
            raise KgError("no store here (build one with `kg build`, which writes DIR/store)", str(folder))
        self.folder, self.timeout = str(folder), timeout
        self.idle: queue.Queue[_Worker] = queue.Queue()
        for _ in range(max(1, workers)):
            self.idle.put(_Worker(self.folder))

    def query(self, query: str, accept: str | None = None, requested: str | None = None,
              default_graphs: tuple[str, ...] = (), named_graphs: tuple[str, ...] = ()) -> tuple[int, str, bytes]:
        """(HTTP status, media type, body) of a query; refusals are 403, time-outs 503."""
        try:
            check_query(query)
        except QueryRefusedError as error:
            return 403, "text/plain; charset=utf-8", f"{error}\n".encode()
        worker = self.idle.get()
        try:
            answer = worker.ask((query, accept, requested, default_graphs, named_graphs), self.timeout)
        except (EOFError, OSError):
            answer = (500, "text/plain; charset=utf-8", b"the query process stopped; was it out of memory?\n")
            worker.stop()
        finally:
            if not worker.process.is_alive():
                worker = _Worker(self.folder)
            self.idle.put(worker)
        if answer is None:
            message = (f"the query ran longer than {self.timeout:g} s and was stopped "
                       "(narrow it with filters or LIMIT)\n")
            return 503, "text/plain; charset=utf-8", message.encode()
        return answer

    def close(self) -> None:
        while not self.idle.empty():
            self.idle.get().stop()


# ---------------------------------------------------------------------------------------------
# HTTP
# ---------------------------------------------------------------------------------------------


def _asset(name: str) -> bytes:
    return resources.files("kg").joinpath("data", *name.split("/")).read_bytes()


def query_page() -> bytes:
    """The page at /: YASGUI from the package (no CDN), the canned queries as examples, the prefixes declared."""
    from kg.canned import catalogue

    examples = [{"name": q.name, "description": q.description, "query": q.path.read_text(encoding="utf-8")}
                for q in catalogue()]
    data = json.dumps({"examples": examples, "prefixes": PREFIXES, "endpoint": ENDPOINT_PATH},
                      ensure_ascii=False).replace("</", "<\\/")
    page = _asset("query-page.html").decode("utf-8")
    return page.replace("/*KG-DATA*/null", data).encode("utf-8")


class _Handler(BaseHTTPRequestHandler):
    server_version = "dashiji-kg"
    protocol_version = "HTTP/1.1"  # keep-alive: every answer has a Content-Length
    endpoint: Endpoint
    page: bytes

    def log_message(self, format, *args):  # noqa: A002 - the signature of BaseHTTPRequestHandler
        sys.stderr.write(f"{self.address_string()} {format % args}\n")

    def do_GET(self):  # noqa: N802 - http.server's naming
        url = urlsplit(self.path)
        if url.path == "/":
            return self._send(200, "text/html; charset=utf-8", self.page)
        if url.path in ("/yasgui.min.js", "/yasgui.min.css"):
            kind = "text/javascript" if url.path.endswith(".js") else "text/css"
            return self._send(200, f"{kind}; charset=utf-8", _asset("vendor/yasgui" + url.path))
        if url.path == ENDPOINT_PATH:
            return self._protocol(parse_qs(url.query))
        return self._send(404, "text/plain; charset=utf-8", b"not found: the endpoint is /sparql\n")

    def do_POST(self):  # noqa: N802
        url = urlsplit(self.path)
        if url.path != ENDPOINT_PATH:
            return self._send(404, "text/plain; charset=utf-8", b"not found: the endpoint is /sparql\n")
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            return self._send(413, "text/plain; charset=utf-8", b"request too large\n")
        body = self.rfile.read(length).decode("utf-8", errors="replace")
        media = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        params = parse_qs(url.query)
        if media == "application/sparql-update":
            params["update"] = [body]
        elif media == "application/sparql-query":
            params["query"] = [body]
        else:
            for key, values in parse_qs(body).items():
                params.setdefault(key, []).extend(values)
        return self._protocol(params)

    def _protocol(self, params: dict[str, list[str]]):
        if "update" in params:
            return self._send(403, "text/plain; charset=utf-8",
                              b"refused: this endpoint is read-only (SPARQL Update is not accepted)\n")
        queries = params.get("query", [])
        if len(queries) != 1:
            return self._send(400, "text/plain; charset=utf-8", b"give exactly one query= parameter\n")
        requested = (params.get("format") or params.get("output") or [None])[0]
        status, media, body = self.endpoint.query(
            queries[0], self.headers.get("Accept"), requested,
            tuple(params.get("default-graph-uri", ())), tuple(params.get("named-graph-uri", ())))
        return self._send(status, media, body)

    def _send(self, status: int, media: str, body: bytes):
        self.send_response(status, HTTPStatus(status).phrase)
        self.send_header("Content-Type", media)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept")
        self.send_header("Content-Security-Policy", "default-src 'self'; style-src 'self' 'unsafe-inline'; "
                         "script-src 'self' 'unsafe-inline'; img-src 'self' data:")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def serve(store_folder: str | Path = "output/store", *, host: str = "127.0.0.1", port: int = DEFAULT_PORT,
          timeout: float = DEFAULT_TIMEOUT, workers: int = 2, ready=None) -> None:
    """Serve the store until interrupted; ``ready(url)`` is called once it listens (port 0 picks a free one)."""
    endpoint = Endpoint(store_folder, workers=workers, timeout=timeout)
    handler = type("Handler", (_Handler,), {"endpoint": endpoint, "page": query_page()})
    try:
        server = ThreadingHTTPServer((host, port), handler)
    except OSError as error:
        endpoint.close()
        raise KgError(f"cannot listen on {host}:{port}: {error.strerror or error}") from None
    server.daemon_threads = True
    try:
        if ready:
            ready(f"http://{host}:{server.server_address[1]}")
        server.serve_forever()
    finally:
        server.server_close()
        endpoint.close()

