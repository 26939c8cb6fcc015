"""Tests for kg.serve: `kg serve` answers real SPARQL clients (SPARQLWrapper, rdflib's SPARQLStore, plain HTTP),
in every W3C format, read-only and offline; its query page runs a query in Chromium without leaving loopback."""

from __future__ import annotations

import io
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request

import pytest
from rdflib import Graph, Literal
from rdflib.query import Result

from kg.pipeline import build, sample_path
from kg.serve import negotiate
from kg.sparql import load_query, run_query
from test_guard import ConnectionRecorder

SPARQLWrapper = pytest.importorskip("SPARQLWrapper")
COUNT = "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a dsj:Event }"
CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f }"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("serve")
    return build([sample_path()], out, use_cache=False, jobs=1)


@pytest.fixture(scope="module")
def server(built):
    """`kg serve` on a free loopback port, as a user starts it; yields its base URL."""
    process = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", "--store", str(built.outputs["store"]),
                                "--port", "0", "--timeout", "3"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    line = process.stdout.readline()
    assert line.startswith("serving "), process.stderr.read()
    url = line.split(" at ", 1)[1].split("/ ", 1)[0]
    assert url.startswith("http://127.0.0.1:")
    yield url
    process.terminate()
    process.wait(timeout=30)


def http(url: str, *, data: bytes | None = None, headers: dict | None = None):
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.headers.get("Content-Type"), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type"), error.read()


def get(server: str, query: str, accept: str | None = None):
    return http(f"{server}/sparql?" + urllib.parse.urlencode({"query": query}),
                headers={"Accept": accept} if accept else {})


def wrapper(server: str, query: str, fmt) -> object:
    client = SPARQLWrapper.SPARQLWrapper(f"{server}/sparql")
    client.setQuery(query)
    client.setReturnFormat(fmt)
    return client.query().convert()


def test_serve_sparqlwrapper_json_matches_kg_query(server, built):
    answer = wrapper(server, load_query("who-meets-whom"), SPARQLWrapper.JSON)
    rows = [(b["person1"]["value"], b["person2"]["value"], int(b["together"]["value"]))
            for b in answer["results"]["bindings"]]
    expected = run_query(load_query("who-meets-whom"), built.outputs["graph.ttl"]).values()
    assert rows == expected and rows[0] == ("卢小亨", "赵立香", 12)


@pytest.mark.parametrize("fmt", ["XML", "CSV", "TSV"])
def test_serve_sparqlwrapper_other_formats_parse(server, fmt):
    answer = wrapper(server, COUNT, getattr(SPARQLWrapper, fmt))
    if fmt == "XML":
        assert answer.getElementsByTagName("literal")[0].firstChild.data == "65"
    else:
        kind = {"CSV": "csv", "TSV": "tsv"}[fmt]
        parsed = Result.parse(io.BytesIO(answer), format=kind)
        assert [int(row[0].toPython()) for row in parsed] == [65]


def test_serve_sparqlwrapper_construct_is_a_graph(server):
    query = "CONSTRUCT { ?d a dsj:Document } WHERE { ?d a dsj:Document }"
    graph = wrapper(server, query, SPARQLWrapper.XML)  # SPARQLWrapper's default for CONSTRUCT: RDF/XML
    assert isinstance(graph, Graph) and len(graph) == 1
    turtle = Graph().parse(data=wrapper(server, query, SPARQLWrapper.TURTLE).decode("utf-8"), format="turtle")
    assert set(turtle) == set(graph)


def test_serve_rdflib_sparqlstore(server, built):
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    graph = Graph(store=SPARQLStore(f"{server}/sparql", returnFormat="json"))
    rows = [tuple(r) for r in graph.query(load_query("who-attended-most"))]
    expected = run_query(load_query("who-attended-most"), built.outputs["graph.ttl"]).values()
    assert [(str(r[0]), int(r[2])) for r in rows] == [(e[0], e[2]) for e in expected]
    assert graph.query("ASK { ?s a <https://w3id.org/dashiji/ontology#Event> }").askAnswer is True


@pytest.mark.parametrize("accept, media, fmt", [
    (None, "application/sparql-results+json", "json"),
    ("application/sparql-results+json", "application/sparql-results+json", "json"),
    ("application/json", "application/sparql-results+json", "json"),
    ("application/sparql-results+xml", "application/sparql-results+xml", "xml"),
    ("text/csv", "text/csv", "csv"),
    ("text/tab-separated-values", "text/tab-separated-values", "tsv"),
    ("text/csv;q=0.2, application/sparql-results+xml;q=0.9", "application/sparql-results+xml", "xml"),
    ("text/html, */*;q=0.1", "application/sparql-results+json", "json"),
])
def test_serve_accept_variants(server, accept, media, fmt):
    status, content_type, body = get(server, COUNT, accept)
    assert status == 200 and content_type.startswith(media)
    assert [int(row[0].toPython()) for row in Result.parse(io.BytesIO(body), format=fmt)] == [65]


@pytest.mark.parametrize("accept, media, fmt", [
    ("text/turtle", "text/turtle", "turtle"), ("application/n-triples", "application/n-triples", "nt"),
    ("application/rdf+xml", "application/rdf+xml", "xml"), (None, "text/turtle", "turtle"),
])
def test_serve_construct_and_describe_as_rdf(server, accept, media, fmt):
    for query in ("CONSTRUCT WHERE { ?d a dsj:Document ; dcterms:identifier ?id }",
                  "DESCRIBE <https://w3id.org/dashiji/id/doc/zhangye-2024-07>"):
        status, content_type, body = get(server, query, accept)
        assert status == 200 and content_type.startswith(media)
        graph = Graph().parse(data=body.decode("utf-8"), format=fmt)
        assert (None, None, Literal("zhangye-2024-07")) in graph


def test_serve_post_form_and_direct_body(server):
    form = urllib.parse.urlencode({"query": COUNT}).encode()
    for data, media in ((form, "application/x-www-form-urlencoded"), (COUNT.encode(), "application/sparql-query")):
        status, content_type, body = http(f"{server}/sparql", data=data,
                                          headers={"Content-Type": media, "Accept": "text/csv"})
        assert (status, body) == (200, b"n\r\n65\r\n") or (status, body.replace(b"\r", b"")) == (200, b"n\n65\n")


def test_serve_updates_service_and_load_refused_without_a_connection(server):
    recorder = ConnectionRecorder()
    try:
        update = f"LOAD <{recorder.url}>"
        for data, media in ((urllib.parse.urlencode({"update": update}).encode(), "application/x-www-form-urlencoded"),
                            (update.encode(), "application/sparql-update"),
                            (b"INSERT DATA { <http://a> <http://b> <http://c> }", "application/sparql-update")):
            status, _, body = http(f"{server}/sparql", data=data, headers={"Content-Type": media})
            assert status == 403 and b"read-only" in body
        for query in (f"SELECT * WHERE {{ SERVICE <{recorder.url}> {{ ?s ?p ?o }} }}",
                      f"SELECT * WHERE {{ SERVICE SILENT <{recorder.url}> {{ ?s ?p ?o }} }}",
                      f"LOAD <{recorder.url}>", "CLEAR ALL"):
            status, _, body = get(server, query)
            assert status == 403 and body.startswith(b"refused:"), query
        client = SPARQLWrapper.SPARQLWrapper(f"{server}/sparql", updateEndpoint=f"{server}/sparql")
        client.setMethod(SPARQLWrapper.POST)
        client.setQuery("INSERT DATA { <http://a> <http://b> <http://c> }")
        with pytest.raises(Exception):
            client.query()
        assert recorder.connections == []
        assert get(server, "ASK { <http://a> <http://b> <http://c> }", "text/csv")[2].strip() == b"false"
    finally:
        recorder.server.close()


def test_serve_malformed_query_is_400(server):
    status, _, body = get(server, "SELECT ?x WHERE {")
    assert status == 400 and body.startswith(b"malformed query")
    assert http(f"{server}/sparql")[0] == 400
    assert http(f"{server}/nothing")[0] == 404


def test_serve_time_limit_stops_a_query_and_the_next_one_runs(server):
    status, _, body = get(server, CARTESIAN)
    assert status == 503 and b"ran longer than 3 s" in body
    assert get(server, COUNT, "text/csv")[0] == 200


def test_serve_negotiation_prefers_format_parameter():
    assert negotiate("application/sparql-results+json", "results", "csv") == "csv"
    assert negotiate("text/csv", "graph") == "turtle"


def test_serve_missing_store_is_one_line(tmp_path, capsys):
    from kg.cli import main

    assert main(["serve", "--store", str(tmp_path / "none")]) == 1
    assert capsys.readouterr().err.startswith(f"error: {tmp_path / 'none'}: no store here")


def run_query_page(chromium, url: str, example: str = "who-meets-whom", screenshot=None):
    """Open the query page, load a canned example, run it; (text of the results, PageLog). Every request
    that is not to ``url`` is aborted and recorded."""
    from conftest import PageLog

    log = PageLog()
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    try:
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(url)
                      else route.abort())
        page = context.new_page()
        page.on("request", lambda r: None if r.url.startswith((url, "data:", "blob:")) else log.requests.append(r.url))
        page.on("pageerror", lambda error: log.errors.append(f"pageerror: {error}"))
        page.on("console", lambda m: log.errors.append(f"console.{m.type}: {m.text}") if m.type == "error" else None)
        page.goto(url + "/")
        page.wait_for_selector("html[data-ready='true']", state="attached", timeout=30_000)
        page.click(f"#examples button[data-query='{example}']")
        page.click(".yasqe_queryButton")
        page.wait_for_selector(".yasr table td", timeout=30_000)
        if screenshot:
            page.screenshot(path=str(screenshot))
        return page.inner_text(".yasr"), log
    finally:
        context.close()


@pytest.mark.browser
def test_serve_query_page_runs_a_query_offline(server, chromium):
    page_text, log = run_query_page(chromium, server)
    assert "卢小亨" in page_text and "赵立香" in page_text
    assert log.requests == [] and log.errors == []
