"""kg.graphxml writes the very bytes networkx writes, or steps aside."""

from __future__ import annotations

import io
import math

import networkx as nx
import pytest
from networkx.readwrite.gexf import GEXFWriter

from kg.graphxml import gexf_bytes, graphml_records_bytes, graphml_text, xml_safe
from kg.model import Corpus
from kg.network import coattendance_graph
from kg.pipeline import build_corpus, sample_path
from kg.render import _flat_graph


def _xml_safe(graph: nx.Graph) -> nx.Graph:
    """The graph with the characters XML forbids replaced (kg.graphxml.xml_safe) in keys and
    text values: where networkx writes such characters as they are (a file no XML parser
    reads), the fast writers write U+FFFD; everything else is byte for byte networkx's."""
    def clean(value):
        return xml_safe(value) if isinstance(value, str) else value

    safe = nx.Graph(**{k: clean(v) for k, v in graph.graph.items()})
    safe.add_nodes_from((clean(n), {k: clean(v) for k, v in d.items()}) for n, d in graph.nodes(data=True))
    safe.add_edges_from((clean(u), clean(v), {k: clean(x) for k, x in d.items()}) for u, v, d in graph.edges(data=True))
    return safe


def _networkx_gexf(graph: nx.Graph) -> bytes:
    graph = _xml_safe(graph)
    writer = GEXFWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
    writer.xml.find("meta").attrib.pop("lastmodifieddate", None)
    writer.add_graph(graph)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _networkx_graphml(graph: nx.Graph) -> str:
    return "\n".join(nx.generate_graphml(_xml_safe(graph), encoding="utf-8")) + "\n"


def _awkward() -> nx.Graph:
    """Markup characters, line breaks, empty and blank values, every scalar type, no weight."""
    graph = nx.Graph(name='co-attendance & "friends" <x>')
    graph.add_node('市委书记卢小亨 & <b>"\n\t\r', label="卢小亨\n", events=3, betweenness=0.25, local=True,
                   city="", blank=" ", inf=math.inf, nan=math.nan, minus=-math.inf, breaks="a\r\nb\x0bc\u2028d")
    graph.add_node("赵立香", events=1)
    graph.add_node("王海峰")
    graph.add_node(7, events=2)
    graph.add_edge('市委书记卢小亨 & <b>"\n\t\r', "赵立香", weight=2, events='[["2024-07-05", "签约仪式"]]')
    graph.add_edge("赵立香", "王海峰")
    graph.add_edge("王海峰", 7, weight=1.5, first_date="2024-07-01")
    return graph


def _with_viz() -> nx.Graph:
    graph = _awkward()
    graph.nodes["赵立香"]["viz"] = {"color": {"r": 78, "g": 121, "b": 167, "a": 1.0}, "size": 6.0}
    graph.nodes["王海峰"]["viz"] = {"size": 4.0}
    graph.nodes[7]["viz"] = {}
    return graph


def _with_spells() -> nx.Graph:
    """Dated spells on nodes and edges, as kg.exports gives them: a dynamic GEXF for Gephi's timeline."""
    graph = _with_viz()
    graph.nodes["赵立香"]["spells"] = [("2024-07-01", "2024-07-01"), ("2024-07-04", "2024-07-04")]
    graph.edges["赵立香", "王海峰"]["spells"] = [("2024-07-04", "2024-07-04")]
    return graph


@pytest.fixture(scope="module")
def sample_graph() -> nx.Graph:
    corpus: Corpus = build_corpus([sample_path()])
    return coattendance_graph(corpus)


@pytest.mark.parametrize("make", [nx.Graph, lambda: nx.Graph(name="co-attendance"), _awkward, _with_viz,
                                  _with_spells, lambda: nx.path_graph(4)])
def test_graphxml_gexf_same_bytes_as_networkx(make):
    graph = make()
    assert gexf_bytes(graph) == _networkx_gexf(graph)


@pytest.mark.parametrize("make", [nx.Graph, lambda: nx.Graph(name="co-attendance"), _awkward,
                                  lambda: nx.path_graph(4)])
def test_graphxml_graphml_same_text_as_networkx(make):
    graph = make()
    assert graphml_text(graph) == _networkx_graphml(graph)


@pytest.mark.parametrize("viz", [True, False])
def test_graphxml_sample_network_same_bytes_as_networkx(sample_graph, viz):
    flat = _flat_graph(sample_graph, viz=viz)
    assert len(flat) > 50
    assert gexf_bytes(flat) == _networkx_gexf(flat)
    if not viz:
        assert graphml_text(flat) == _networkx_graphml(flat)


@pytest.mark.parametrize("graph", [
    nx.DiGraph([(1, 2)]),
    nx.MultiGraph([(1, 2)]),
    nx.Graph([(1, 2, {"label": "edge labels are GEXF attributes"})]),
    nx.Graph([(1, 2, {"start": "2024-07-01"})]),
    nx.Graph(mode="dynamic"),
])
def test_graphxml_gexf_steps_aside_outside_its_subset(graph):
    assert gexf_bytes(graph) is None


@pytest.mark.parametrize("graph", [
    nx.DiGraph([(1, 2)]),
    nx.Graph([(1, 2, {"events": [("2024-07-01", "会议")]})]),
    nx.Graph(id="g1"),
])
def test_graphxml_graphml_steps_aside_outside_its_subset(graph):
    assert graphml_text(graph) is None


def test_graphxml_gexf_node_with_list_value_steps_aside():
    graph = nx.Graph()
    graph.add_node("卢小亨", titles=["市委书记"])
    assert gexf_bytes(graph) is None


@pytest.mark.parametrize("make", [nx.Graph, _awkward, lambda: nx.path_graph(4)])
def test_graphxml_graphml_in_utf8_is_networkx_text_with_characters_unescaped(make):
    import re

    graph = make()
    expected = re.sub(r"&#(\d+);", lambda m: chr(int(m[1])) if int(m[1]) > 127 else m[0], _networkx_graphml(graph))
    written = graphml_records_bytes(dict(graph.graph), list(graph.nodes(data=True)), list(graph.edges(data=True)),
                                    encoding="utf-8")
    assert written == ("<?xml version='1.0' encoding='utf-8'?>\n" + expected).encode("utf-8")


def test_graphxml_sample_network_graphml_in_utf8_reads_back_as_networkx_file(sample_graph, tmp_path):
    """nx.write_graphml writes a file in UTF-8 too (only generate_graphml's text uses references)."""
    flat = _flat_graph(sample_graph, viz=False)
    ours, theirs = tmp_path / "ours.graphml", tmp_path / "theirs.graphml"
    ours.write_bytes(graphml_records_bytes(dict(flat.graph), list(flat.nodes(data=True)), list(flat.edges(data=True)),
                                           encoding="utf-8"))
    nx.write_graphml(flat, theirs)
    a, b = nx.read_graphml(ours), nx.read_graphml(theirs)
    assert "市委书记" in ours.read_text(encoding="utf-8")  # characters, not &#24066; references
    assert list(a.nodes(data=True)) == list(b.nodes(data=True))
    assert list(a.edges(data=True)) == list(b.edges(data=True))


def test_graphxml_gexf_with_spells_is_dynamic():
    text = gexf_bytes(_with_spells()).decode("utf-8")
    assert 'mode="dynamic"' in text and 'timeformat="date"' in text
    assert '<spell start="2024-07-04" end="2024-07-04" />' in text


def test_graphxml_gexf_undated_spells_step_aside():
    graph = _awkward()
    graph.nodes["赵立香"]["spells"] = [(None, "2024-07-01")]
    assert gexf_bytes(graph) is None
