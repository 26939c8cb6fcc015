"""Tests for kg.guard: queries never write or reach the network, and a runaway query is stopped."""

from __future__ import annotations

import json
import socket
import threading

import pytest

from kg.cli import main
from kg.errors import QueryRefusedError, QueryTimeoutError
from kg.guard import check_query, run_isolated
from kg.sparql import ENGINES, load_graph, run_query

EVENTS = 20_000


class ConnectionRecorder:
    """A loopback socket server that records every connection made to it (and answers none)."""

    def __init__(self):
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen()
        self.port = self.server.getsockname()[1]
        self.connections = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                connection, address = self.server.accept()
            except OSError:
                return
            self.connections.append(address)
            connection.close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/sparql"


@pytest.fixture
def recorder():
    server = ConnectionRecorder()
    yield server
    server.server.close()


@pytest.fixture(scope="module")
def small_graph(tmp_path_factory):
    path = tmp_path_factory.mktemp("guard") / "graph.ttl"
    path.write_text("@prefix dsj: <https://w3id.org/dashiji/ontology#> .\n"
                    "<https://w3id.org/dashiji/id/event/a/1> a dsj:Event ; dsj:line 1 .\n", encoding="utf-8")
    return path


def network_queries(url: str) -> list[str]:
    return [
        f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }}",
        f"select * where {{ ?a ?b ?c . service silent <{url}> {{ ?s ?p ?o }} }}",
        f"LOAD <{url}>",
        f"LOAD SILENT <{url}> INTO GRAPH <http://example.org/g>",
    ]


def test_guard_engines_would_connect_without_it(recorder):
    """The control: both engines really open a connection for SERVICE when asked directly."""
    import pyoxigraph
    import rdflib

    list(pyoxigraph.Store().query(f"SELECT * WHERE {{ SERVICE SILENT <{recorder.url}> {{ ?s ?p ?o }} }}"))
    with pytest.raises(Exception):
        list(rdflib.Graph().query(f"SELECT * WHERE {{ SERVICE <{recorder.url}> {{ ?s ?p ?o }} }}"))
    assert len(recorder.connections) == 2


@pytest.mark.parametrize("engine", ENGINES)
def test_guard_service_and_load_refused_without_a_connection(recorder, small_graph, engine):
    for query in network_queries(recorder.url):
        with pytest.raises(QueryRefusedError, match="refused"):
            run_query(query, small_graph, engine=engine)
    assert recorder.connections == []


@pytest.mark.parametrize("update", [
    "INSERT DATA { <http://a> <http://b> 1 }",
    "DELETE WHERE { ?s ?p ?o }",
    "CLEAR ALL", "DROP GRAPH <http://g>", "CREATE GRAPH <http://g>",
    "ADD DEFAULT TO <http://g>", "MOVE DEFAULT TO <http://g>", "COPY DEFAULT TO <http://g>",
    "WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
])
def test_guard_every_update_refused(update):
    with pytest.raises(QueryRefusedError, match="update"):
        check_query(update)


@pytest.mark.parametrize("query", [
    "SELECT ?service ?load WHERE { ?service <http://x/load> ?load }",
    'SELECT * WHERE { ?s ?p "SERVICE <http://x> LOAD" }  # INSERT DATA in a comment',
    "PREFIX copy: <http://x/> SELECT * WHERE { ?s copy:move ?o ; <http://x/DELETE> ?d }",
    "SELECT * WHERE { _:add ?p ?o }",
])
def test_guard_keywords_in_names_strings_and_comments_are_fine(query):
    check_query(query)


def test_guard_rdflib_from_refused_oxigraph_from_allowed(recorder, small_graph):
    query = f"SELECT * FROM <{recorder.url}> WHERE {{ ?s ?p ?o }}"
    with pytest.raises(QueryRefusedError, match="FROM"):
        run_query(query, small_graph, engine="rdflib")
    assert run_query(query, small_graph, engine="oxigraph").rows == ()  # a graph of the store: empty
    assert recorder.connections == []


def test_guard_remote_jsonld_context_refused_without_a_connection(recorder, tmp_path):
    path = tmp_path / "graph.jsonld"
    path.write_text(json.dumps({"@context": recorder.url, "@id": "http://a", "name": "x"}), encoding="utf-8")
    with pytest.raises(QueryRefusedError, match="remote @context"):
        run_query("SELECT * WHERE { ?s ?p ?o }", path, engine="rdflib")
    nested = tmp_path / "nested.jsonld"
    nested.write_text(json.dumps({"@graph": [{"@context": [{"x": "http://x/"}, recorder.url]}]}), encoding="utf-8")
    with pytest.raises(QueryRefusedError):
        load_graph(nested, "rdflib")
    assert recorder.connections == []


def test_guard_inline_jsonld_context_still_loads(tmp_path):
    path = tmp_path / "graph.jsonld"
    path.write_text(json.dumps({"@context": {"name": "http://x/name"}, "@id": "http://a", "name": "x"}),
                    encoding="utf-8")
    assert len(run_query("SELECT * WHERE { ?s ?p ?o }", path, engine="rdflib")) == 1


def test_guard_cli_refusal_is_one_line(recorder, small_graph, capsys):
    query = f"SELECT * WHERE {{ SERVICE SILENT <{recorder.url}> {{ ?s ?p ?o }} }}"
    assert main(["query", query, "--graph", str(small_graph)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: refused: SERVICE") and err.count("\n") == 1
    assert recorder.connections == []


@pytest.fixture(scope="module")
def big_graph(tmp_path_factory):
    """A graph of 20,000 events, on which a three-way cartesian product has 8·10^12 rows."""
    path = tmp_path_factory.mktemp("big") / "graph.ttl"
    lines = ["@prefix dsj: <https://w3id.org/dashiji/ontology#> ."]
    lines += [f"<https://w3id.org/dashiji/id/event/x/{i}> a dsj:Event ." for i in range(EVENTS)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a a dsj:Event . ?b a dsj:Event . ?c a dsj:Event }"


@pytest.mark.parametrize("engine", ENGINES)
def test_guard_timeout_stops_a_cartesian_product(big_graph, engine, capsys):
    assert main(["query", CARTESIAN, "--graph", str(big_graph), "--engine", engine, "--timeout", "2"]) == 1
    err = capsys.readouterr().err
    assert "ran longer than 2 s and was stopped" in err and "Traceback" not in err


def test_guard_timeout_leaves_no_child_running(big_graph):
    import multiprocessing

    with pytest.raises(QueryTimeoutError):
        run_query(CARTESIAN, big_graph, timeout=1)
    assert multiprocessing.active_children() == []


def test_guard_query_within_its_time_gives_the_answer(big_graph):
    result = run_query("SELECT (COUNT(*) AS ?n) WHERE { ?e a dsj:Event }", big_graph, timeout=60)
    assert result.values() == [(EVENTS,)]


def test_guard_errors_in_the_child_are_raised_here():
    def fail(_):
        raise QueryRefusedError("no")

    with pytest.raises(QueryRefusedError, match="no"):
        run_isolated(lambda: None, (), fail, (), timeout=5)


def test_guard_table_row_limit_says_so(big_graph, capsys):
    assert main(["query", "SELECT ?e WHERE { ?e a dsj:Event }", "--graph", str(big_graph), "--max-rows", "5"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 2 + 5 + 1
    assert out[-1].startswith("(the first 5 of 20,000 rows") and "--format" in out[-1]
