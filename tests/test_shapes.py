"""Tests for ontology/shapes.ttl: built graphs conform (pyshacl); each kind of damage is rejected for its reason."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import rdflib
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS

from kg.graph import corpus_to_turtle, validate_graph
from kg.iris import event_iri
from kg.vocab import DSJ, GEO, ORG, PROV, XSD
from rdf_fixtures import SAMPLE, gold_corpus, small_corpus

ID = rdflib.Namespace("https://w3id.org/dashiji/id/")


@pytest.fixture(scope="module")
def small_graph() -> rdflib.Graph:
    return rdflib.Graph().parse(data=corpus_to_turtle(small_corpus())[0], format="turtle")


def _validate(graph: rdflib.Graph, shapes_graph: rdflib.Graph) -> tuple[bool, str]:
    """What ``validate_graph`` checks, against the shapes parsed once for the session."""
    import pyshacl

    conforms, _, text = pyshacl.validate(graph, shacl_graph=shapes_graph, inference="none", advanced=True)
    return bool(conforms), text


def test_shapes_gold_graph_of_all_documents_conforms():
    conforms, report = validate_graph(corpus_to_turtle(gold_corpus())[0])
    assert conforms, report


def test_shapes_graph_built_by_the_pipeline_conforms(tmp_path):
    from kg.graph import write_turtle
    from kg.pipeline import build_corpus

    path = tmp_path / "graph.ttl"
    write_turtle(build_corpus([SAMPLE]), path)
    conforms, report = validate_graph(path)
    assert conforms, report


def test_shapes_small_graph_conforms(small_graph):
    conforms, report = validate_graph(small_graph)
    assert conforms, report


def test_shapes_session_shapes_judge_as_validate_graph_does(small_graph, shapes_graph):
    damaged = rdflib.Graph()
    for triple in small_graph:
        damaged.add(triple)
    damaged.remove((None, RDFS.label, None))
    judged = _validate(damaged, shapes_graph)
    assert judged == validate_graph(damaged) and not judged[0]


# --- damage ------------------------------------------------------------------------------------

EVENT = URIRef(event_iri("zhangye-2024-07", 11))
ABSENT_EVENT = URIRef(event_iri("zhangye-2024-07", 60))


def _first(graph, s=None, p=None, o=None):
    return sorted(graph.triples((s, p, o)))[0]


def _a_participation(graph) -> URIRef:
    return sorted(graph.subjects(DSJ.event, EVENT))[0]


def _drop(predicate, subject=None):
    def damage(g):
        node = subject if subject is not None else _first(g, None, predicate)[0]
        g.remove((node, predicate, None))
    return damage


def _participation_without(predicate):
    def damage(g):
        g.remove((_a_participation(g), predicate, None))
    return damage


def _role_not_a_role(g):
    part = _a_participation(g)
    g.set((part, DSJ.role, DSJ.Meeting))


def _person_without_chinese_label(g):
    person = sorted(g.subjects(RDF.type, DSJ.Person))[0]
    for label in list(g.objects(person, RDFS.label)):
        if label.language != "zh-Latn-pinyin":
            g.remove((person, RDFS.label, label))


def _end_before_start(g):
    g.set((EVENT, DSJ.endDate, Literal("2024-07-01", datatype=XSD.date)))


def _date_as_text(g):
    g.set((EVENT, DSJ.date, Literal("7月5日")))


def _offsets_shifted(g):
    part = _a_participation(g)
    end = int(next(g.objects(part, DSJ.end)))
    g.set((part, DSJ.end, Literal(end + 1)))


def _agent_did_not_attend(g):
    part = _a_participation(g)
    g.remove((next(g.objects(part, DSJ.agent)), DSJ.attended, EVENT))


def _venue_as_place(g):
    venue = sorted(g.subjects(RDF.type, DSJ.Venue))[0]
    g.add((EVENT, DSJ.locatedAt, venue))


def _bad_admin_code(g):
    place = ID["place/620700000000"]
    g.set((place, DSJ.adminCode, Literal("6207")))


def _latitude_out_of_range(g):
    g.set((ID["place/620700000000"], GEO.lat, Literal("138.9", datatype=XSD.decimal)))


def _document_not_an_entity(g):
    g.remove((ID["doc/zhangye-2024-07"], RDF.type, PROV.Entity))


def _absent_also_attended(g):
    person = next(g.objects(ABSENT_EVENT, DSJ.mentions))
    g.add((person, DSJ.attended, ABSENT_EVENT))


def _one_way_homonym(g):
    a, b = _first(g, None, DSJ.possibleSameNameAs)[0:3:2]
    g.remove((b, DSJ.possibleSameNameAs, a))


def _post_without_holder(g):
    post = sorted(g.subjects(RDF.type, ORG.Post))[0]
    g.remove((post, ORG.heldBy, None))


def _event_type_undeclared(g):
    g.add((EVENT, DSJ.eventType, DSJ.Person))


def _place_within_itself(g):
    place = ID["place/620700000000"]
    g.set((place, DSJ.within, place))


def _mention_without_event_link(g):
    mention = sorted(g.subjects(RDF.type, DSJ.PersonMention))[0]
    event = next(g.objects(mention, DSJ.event))
    g.remove((event, DSJ.mentions, None))


def _a_link(g) -> URIRef:
    return sorted(g.subjects(RDF.type, DSJ.CoAttendance))[0]


def _link_with_one_person(g):
    link = _a_link(g)
    g.remove((link, DSJ.between, sorted(g.objects(link, DSJ.between))[0]))


def _link_counting_zero(g):
    g.set((_a_link(g), DSJ.sharedEventCount, Literal(0)))


def _link_counting_more_than_attended(g):
    link = _a_link(g)
    g.set((link, DSJ.sharedEventCount, Literal(g.value(link, DSJ.sharedEventCount).toPython() + 1)))


def _second_link_for_a_pair(g):
    link = _a_link(g)
    copy = URIRef(str(link) + "-copy")
    for p, o in g.predicate_objects(link):
        g.add((copy, p, o))


DAMAGES: list[tuple[str, Callable, str]] = [
    ("event without a date", _drop(DSJ.date, EVENT), "exactly one dsj:date"),
    ("event date not an xsd:date", _date_as_text, "exactly one dsj:date"),
    ("event without source text", _drop(DSJ.sourceText, EVENT), "non-empty dsj:sourceText"),
    ("event without its document", _drop(PROV.wasDerivedFrom, EVENT), "prov:wasDerivedFrom"),
    ("event ending before it starts", _end_before_start, "endDate comes before"),
    ("event of an undeclared type", _event_type_undeclared, "declared event types"),
    ("participation without agent", _participation_without(DSJ.agent), "exactly one dsj:agent"),
    ("participation without role", _participation_without(DSJ.role), "exactly one dsj:role"),
    ("participation with a non-role", _role_not_a_role, "exactly one dsj:role"),
    ("participation without offsets", _participation_without(DSJ.start), "dsj:start offset"),
    ("offsets that miss the name", _offsets_shifted, "do not frame"),
    ("agent who did not attend", _agent_did_not_attend, "must dsj:attended its event"),
    ("person without a Chinese label", _person_without_chinese_label, "rdfs:label in Chinese"),
    ("absent person also attending", _absent_also_attended, "both attended"),
    ("one-way homonym link", _one_way_homonym, "must be mutual"),
    ("venue reached by locatedAt", _venue_as_place, "never by dsj:locatedAt"),
    ("bad division code", _bad_admin_code, "12 digits"),
    ("latitude out of range", _latitude_out_of_range, "geo:lat"),
    ("place within itself", _place_within_itself, "within itself"),
    ("document not a prov:Entity", _document_not_an_entity, "prov:Entity"),
    ("document without SHA-256", _drop(DSJ.sha256, ID["doc/zhangye-2024-07"]), "SHA-256"),
    ("post without holder", _post_without_holder, "org:heldBy"),
    ("mention its event does not mention", _mention_without_event_link, "must dsj:mentions the person"),
    ("co-attendance link with one person", _link_with_one_person, "exactly two dsj:Person"),
    ("co-attendance link counting no event", _link_counting_zero, "positive xsd:integer"),
    ("co-attendance link counting more than attended", _link_counting_more_than_attended, "more shared events"),
    ("two co-attendance links for one pair", _second_link_for_a_pair, "one co-attendance link"),
]


@pytest.mark.parametrize("damage, message", [(d, m) for _, d, m in DAMAGES], ids=[n for n, _, _ in DAMAGES])
def test_shapes_reject_damaged_graph(small_graph, shapes_graph, damage, message):
    graph = rdflib.Graph()
    for triple in small_graph:
        graph.add(triple)
    before = len(graph)
    damage(graph)
    assert len(graph) != before or set(graph) != set(small_graph)
    conforms, report = _validate(graph, shapes_graph)
    assert not conforms
    assert message in report, report


def test_shapes_hard_wrapped_chronicle_conforms(tmp_path):
    """A name split by a hard line break (孙\\n爱军) is framed by its offsets, line break aside."""
    from kg.pipeline import build_corpus
    from kg.graph import validate_graph, write_turtle

    source = tmp_path / "jining-2009-01.txt"
    source.write_text(
        "1月\n\n5日\n市委书记、市人大常委会主任孙守刚在圣都国际会议中心会见了浪潮集团董\n"
        "事长兼CEO孙丕恕一行。市委副书记张术平、副市长周洪和团省委副书记孙\n"
        "爱军、山东青年干部管理学院院长尹方等参加会见。\n",
        encoding="utf-8",
    )
    corpus = build_corpus([source])
    names = {m.name for e in corpus.entries for m in e.present}
    assert {"孙爱军", "孙丕恕"} <= names
    path = tmp_path / "graph.ttl"
    write_turtle(corpus, path)
    conforms, report = validate_graph(path)
    assert conforms, report
