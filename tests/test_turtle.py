"""The Turtle serialiser: escaped literals, prefixed terms, and the same bytes for the same triples."""

from __future__ import annotations

import datetime as dt

import pyoxigraph as ox
import pytest
import rdflib
from rdflib import Literal, URIRef

from kg.model import AdminLevel, Role, Script
from kg.turtle import (A, LABEL, LEVEL_CLASSES, ROLE_TERMS, Triples, curie, date_literal, decimal_literal,
                       language_tag, literal, term)
from kg.vocab import DSJ

BASE = "https://example.org/kg/"


@pytest.mark.parametrize("text", ['说"好"', "a\\b", "行一\n行二\r\t", "甲\x08乙\x0b丙\x7f", "1日,<b>x</b>市长李四出席会议。",
                                  "Tom|Jerry公司总经理"])
def test_turtle_literal_round_trips_through_both_parsers(text):
    document = f"<{BASE}s> <{BASE}p> {literal(text, 'zh')} .\n"
    parsed = rdflib.Graph().parse(data=document, format="turtle")
    assert (URIRef(BASE + "s"), URIRef(BASE + "p"), Literal(text, lang="zh")) in parsed
    store = ox.Store()
    store.load(document.encode("utf-8"), format=ox.RdfFormat.TURTLE)
    [quad] = list(store)
    assert quad.object.value == text


def test_turtle_terms_are_prefixed_names_of_the_ontology():
    assert curie(str(DSJ.attended)) == "dsj:attended"
    assert curie("http://example.org/x") == "<http://example.org/x>"
    assert term("Participation") == "dsj:Participation"
    with pytest.raises(KeyError):
        term("Participashun")
    assert ROLE_TERMS[Role.CHAIR] == "dsj:Chair"
    assert LEVEL_CLASSES[AdminLevel.COUNTY] == "dsj:County" and LEVEL_CLASSES["village"] == "dsj:Village"
    assert language_tag(Script.HANT) == "zh-Hant" and language_tag(None) == "zh"


def test_turtle_typed_literals():
    assert date_literal(dt.date(2024, 7, 5)) == '"2024-07-05"^^xsd:date'
    assert decimal_literal(39.3783110) == '"39.378311"^^xsd:decimal'
    assert decimal_literal(-0.0000001) == '"0"^^xsd:decimal'


def _triples(order: list[str]) -> Triples:
    triples = Triples(BASE)
    for local in order:
        ref = triples.ref(BASE + local)
        if local.startswith("event/"):
            triples.block(ref, [(A, term("Event")), (term("sourceText"), literal(local, "zh"))])
        else:
            triples.add(ref, LABEL, literal(local, "zh"))
            triples.add(ref, A, term("Place"))
            triples.add(ref, LABEL, literal(local, "zh"))  # a duplicate, written once
    return triples


def test_turtle_subjects_are_written_by_kind_in_first_seen_order():
    text, count = _triples(["place/2", "event/x/2", "place/1", "doc/x", "event/x/1"]).turtle()
    subjects = [line.split(" ", 1)[0] for line in text.splitlines() if line.startswith("<")]
    assert subjects == ["<doc/x>", "<event/x/2>", "<event/x/1>", "<place/2>", "<place/1>"]
    assert f"@base <{BASE}> ." in text and "@prefix dsj: <https://w3id.org/dashiji/ontology#> ." in text
    graph = rdflib.Graph().parse(data=text, format="turtle")
    assert len(graph) == count == 10


def test_turtle_shared_subject_lines_are_sorted_and_unique():
    text, _ = _triples(["place/1"]).turtle()
    assert '<place/1> a dsj:Place ;\n    rdfs:label "place/1"@zh .\n' in text


def test_turtle_same_triples_same_bytes():
    assert _triples(["event/x/1", "place/1"]).turtle() == _triples(["event/x/1", "place/1"]).turtle()


def test_turtle_base_with_a_query_or_fragment_writes_absolute_iris():
    for base in ("https://example.org/kg#", "urn:example:kg:/"):
        triples = Triples(base)
        ref = triples.ref(base + "event/x/1")
        assert ref == f"<{base}event/x/1>" and not triples.relative


def test_turtle_chunks_join_to_the_whole_text_and_count():
    triples = Triples("https://example.org/kg/")
    for n in range(5):
        event = triples.ref(f"https://example.org/kg/event/x/{n}")
        triples.block(event, [(A, "dsj:Event"), ("dsj:sourceText", f'"{n}日,会议"@zh')])
        triples.add(triples.ref("https://example.org/kg/person/p"), "dsj:attended", event)
    text, count = triples.turtle()
    pieces = list(triples.chunks(size=3))
    assert len(pieces) > 2
    assert "".join(piece for piece, _ in pieces) == text
    assert sum(n for _, n in pieces) == count == 15
