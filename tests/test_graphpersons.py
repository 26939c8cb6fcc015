"""The labelling rule and the person, post and co-attendance writers of kg.graphpersons (the graph stage's shared nodes)."""

from __future__ import annotations

import pytest

from kg.graphpersons import Context, label_node
from kg.model import Role, Script
from kg.turtle import Triples


def _context() -> Context:
    return Context(graph=Triples("https://example.org/kg/"), base="https://example.org/kg/", gazetteer=None,
                   documents={}, ref_by_mention={}, person_refs={}, organizations={}, mention_nodes={}, labelled={})


def _lines(ctx: Context, ref: str) -> set[tuple[str, str]]:
    return set(ctx.graph.subjects[ref])


@pytest.mark.parametrize("sightings, expected", [
    # a county first named by a Simplified chronicle, then by a Traditional one
    ([("竹溪县", None, Script.HANS), ("竹溪县", "竹溪縣", Script.HANT)],
     {("rdfs:label", '"竹溪县"@zh'), ("skos:altLabel", '"竹溪縣"@zh-Hant'), ("rdfs:label", '"Zhuxi Xian"@zh-Latn-pinyin')}),
    # first named by a Traditional chronicle: the label as written, Simplified as the alternative
    ([("竹溪县", "竹溪縣", Script.HANT), ("竹溪县", None, Script.HANS)],
     {("rdfs:label", '"竹溪縣"@zh-Hant'), ("skos:altLabel", '"竹溪县"@zh-Hans'),
      ("rdfs:label", '"Zhuxi Xian"@zh-Latn-pinyin')}),
])
def test_graphpersons_one_chinese_label_per_node(sightings, expected):
    """Issue 12: one rdfs:label per node in Chinese (the first document's script), the other script
    as skos:altLabel, the pinyin once: a GROUP BY over Chinese labels counts the node once."""
    ctx = _context()
    ref = ctx.graph.ref("https://example.org/kg/place/420324000000")
    for simplified, written, script in sightings:
        label_node(ctx, ref, simplified, written, script, "Zhuxi Xian")
    assert _lines(ctx, ref) == expected


# --- co-attendance links ------------------------------------------------------------------------


def _links(turtle: str) -> dict[str, tuple[frozenset[str], list[int]]]:
    """Every dsj:CoAttendance node: its dsj:between persons and its dsj:sharedEventCount values."""
    import rdflib
    from rdflib.namespace import RDF

    from kg.vocab import DSJ

    graph = rdflib.Graph().parse(data=turtle, format="turtle")
    return {str(node): (frozenset(str(p) for p in graph.objects(node, DSJ.between)),
                        [n.toPython() for n in graph.objects(node, DSJ.sharedEventCount)])
            for node in graph.subjects(RDF.type, DSJ.CoAttendance)}


def test_graphpersons_coattendance_one_node_per_network_link():
    """Each link the network draws is one node with its two persons and the number of shared events."""
    from kg.graph import corpus_to_turtle
    from kg.iris import coattendance_iri, person_iri
    from kg.network import coattendance_graph
    from test_network import ZHANGYE, corpus_from_lines

    corpus = corpus_from_lines(ZHANGYE)
    persons = {p.key: p for p in corpus.persons}
    links = _links(corpus_to_turtle(corpus, gazetteer=False)[0])
    network = coattendance_graph(corpus)
    expected = {coattendance_iri(persons[u], persons[v]): (frozenset({person_iri(persons[u]), person_iri(persons[v])}),
                                                           [data["weight"]])
                for u, v, data in network.edges(data=True)}
    assert links == expected
    assert all(len(between) == 2 for between, _ in links.values())
    pair = coattendance_iri(persons["张掖市/卢小亨"], persons["张掖市/赵立香"])
    assert links[pair][1] == [3]  # the two meetings of the 2nd and the inspection of the 4th
    assert not any(person_iri(persons["张掖市/习近平"]) in between for between, _ in links.values())  # absent


def test_graphpersons_coattendance_leaves_out_events_too_large_to_link():
    from kg.attendance import LARGE_EVENT_ABOVE
    from kg.graph import corpus_to_turtle
    from test_network import _crowd, corpus_from_lines

    crowd = _crowd(LARGE_EVENT_ABOVE + 1)
    rows = [("2024-07-01", "1日,全市大会召开," + "、".join(n for n, _, _ in crowd) + "出席。", crowd),
            ("2024-07-02", "2日,甲子金主持会议,乙丑木出席。", [("甲子金", Role.CHAIR, None), ("乙丑木", Role.ATTENDEE, None)])]
    links = _links(corpus_to_turtle(corpus_from_lines(rows), gazetteer=False)[0])
    assert [count for _, count in links.values()] == [[1]]
