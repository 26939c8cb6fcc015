"""kg.exports and the files that use it: IRIs in people.csv/edges.csv that join with graph.ttl, a
dynamic GEXF that Gephi's timeline plays, and the node-link JSON graph."""

from __future__ import annotations

import csv
import json
import xml.etree.ElementTree as ET

import networkx as nx
import pytest
import rdflib

from kg.exports import node_link_json, person_iri_of
from kg.network import coattendance_graph
from kg.graph import corpus_to_turtle
from kg.render import write_network_files
from test_network import person_key
from test_views import rich_corpus

GEXF = "{http://www.gexf.net/1.2draft}"


@pytest.fixture(scope="module")
def corpus():
    return rich_corpus()


@pytest.fixture(scope="module")
def files(corpus, tmp_path_factory):
    return write_network_files(coattendance_graph(corpus), tmp_path_factory.mktemp("exports"), corpus=corpus)


def test_exports_people_iris_are_the_persons_of_graph_ttl(corpus, files):
    people = list(csv.DictReader(files["people"].open(encoding="utf-8")))
    turtle = rdflib.Graph().parse(data=corpus_to_turtle(corpus)[0], format="turtle")
    subjects = {str(s) for s in turtle.subjects()}
    assert people and all(row["iri"] in subjects for row in people)
    assert len({row["iri"] for row in people}) == len(people)
    edges = list(csv.DictReader(files["edges"].open(encoding="utf-8")))
    iri = {row["key"]: row["iri"] for row in people}
    assert all((row["source_iri"], row["target_iri"]) == (iri[row["source"]], iri[row["target"]]) for row in edges)


def test_exports_iris_follow_the_base(corpus, tmp_path):
    paths = write_network_files(coattendance_graph(corpus), tmp_path, base_iri="https://example.org/kg/",
                                kinds=("people",))
    rows = list(csv.DictReader(paths["people"].open(encoding="utf-8")))
    assert all(row["iri"].startswith("https://example.org/kg/person/") for row in rows)


def test_exports_gexf_is_dynamic_with_dated_spells(files):
    root = ET.parse(files["gexf"]).getroot()
    graph = root.find(f"{GEXF}graph")
    assert (graph.get("mode"), graph.get("timeformat")) == ("dynamic", "date")
    nodes = {n.get("id"): n for n in graph.iter(f"{GEXF}node")}
    zhao = [s.get("start") for s in nodes[person_key("赵立香")].iter(f"{GEXF}spell")]
    assert zhao == ["2024-07-01", "2024-07-02", "2024-07-04"]
    pair = next(e for e in graph.iter(f"{GEXF}edge")
                if {e.get("source"), e.get("target")} == {person_key("赵立香"), person_key("杨育林")})
    assert [(s.get("start"), s.get("end")) for s in pair.iter(f"{GEXF}spell")] == [("2024-07-04", "2024-07-04")]
    assert nx.read_gexf(files["gexf"]).number_of_nodes() == len(nodes)  # networkx reads it back


def test_exports_gexf_same_from_a_separate_writer(corpus, files, tmp_path):
    from kg.render import write_gexf

    path = write_gexf(coattendance_graph(corpus), tmp_path / "alone.gexf")
    assert path.read_bytes() == files["gexf"].read_bytes()  # kg build --jobs 2 writes it so


def test_exports_node_link_json_loads_in_networkx(corpus, files):
    data = json.loads(files["json"].read_text(encoding="utf-8"))
    graph = nx.node_link_graph(data, edges="links")
    whole = coattendance_graph(corpus)
    assert sorted(graph.nodes) == sorted(whole.nodes) and graph.number_of_edges() == whole.number_of_edges()
    zhao = person_key("赵立香")
    assert graph.nodes[zhao]["name"] == "赵立香" and graph.nodes[zhao]["iri"].startswith("https://")
    assert graph.edges[zhao, person_key("杨育林")]["weight"] == 2


def test_exports_node_link_json_is_deterministic(corpus):
    assert node_link_json(coattendance_graph(corpus)) == node_link_json(coattendance_graph(corpus))


def test_exports_person_iri_of_traditional_name_uses_the_simplified_reading():
    iri = person_iri_of("十堰市/黄志远", {"name": "黃志遠", "name_simplified": "黄志远", "city": "十堰市"})
    assert iri.startswith("https://w3id.org/dashiji/id/person/huang-zhiyuan-")
