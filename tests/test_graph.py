"""Tests for kg.graph: the graph a resolved corpus becomes (events, persons, posts, places, documents)."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib import Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from kg.errors import KgError, OutputError
from kg.model import AdminLevel, AdminPlace, Corpus
from kg.graph import corpus_to_store, corpus_to_turtle, write_turtle
from kg.iris import DEFAULT_BASE, check_base, event_iri, person_iri
from kg.vocab import DSJ, GEO, ORG, PROV, XSD, ontology_path
from rdf_fixtures import CORPUS_DIR, GOLD_DIR, SHARED, gold_corpus, gold_paths

SCORER = SHARED / "tools" / "score_ttl.py"
ID = rdflib.Namespace(DEFAULT_BASE)


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return gold_corpus()


@pytest.fixture(scope="module")
def turtle(corpus) -> str:
    return corpus_to_turtle(corpus)[0]


@pytest.fixture(scope="module")
def graph(turtle) -> rdflib.Graph:
    return rdflib.Graph().parse(data=turtle, format="turtle")


def _person(graph: rdflib.Graph, name: str) -> list[URIRef]:
    return sorted(s for s in set(graph.subjects(RDF.type, DSJ.Person))
                  if any(str(o) == name for o in graph.objects(s, RDFS.label)))


def _label(graph, node, lang="zh") -> str:
    return next(str(o) for o in graph.objects(node, RDFS.label) if o.language == lang)


# --- serialisation ----------------------------------------------------------------------------


def test_graph_turtle_parses_back_the_same_graph_in_both_engines(corpus, turtle, graph):
    _, count = corpus_to_turtle(corpus)
    assert len(graph) == count
    store = corpus_to_store(corpus)
    assert len(store) == count
    via_oxigraph = rdflib.Graph().parse(data=store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()).decode(), format="nt")
    assert isomorphic(_lower_tags(graph), _lower_tags(via_oxigraph))  # oxigraph lower-cases language tags


def _lower_tags(graph: rdflib.Graph) -> rdflib.Graph:
    out = rdflib.Graph()
    for s, p, o in graph:
        out.add((s, p, Literal(str(o), lang=o.language.lower()) if isinstance(o, Literal) and o.language else o))
    return out


def test_graph_builds_are_byte_identical(corpus, tmp_path):
    first, second = tmp_path / "a.ttl", tmp_path / "b.ttl"
    assert write_turtle(corpus, first) == write_turtle(corpus, second)
    assert first.read_bytes() == second.read_bytes()


def test_graph_streamed_file_is_the_bytes_of_the_turtle_text(corpus, turtle, tmp_path):
    """write_turtle streams the graph piece by piece: the file is corpus_to_turtle's text, encoded."""
    target = tmp_path / "graph.ttl"
    count = write_turtle(corpus, target)
    assert target.read_bytes() == turtle.encode("utf-8")
    assert count == corpus_to_turtle(corpus)[1]


def test_graph_failure_while_streaming_leaves_no_partial_file(corpus, tmp_path, monkeypatch):
    import kg.turtle

    def broken(self, subject):
        raise RuntimeError("failed half way")

    monkeypatch.setattr(kg.turtle.Triples, "_pairs", broken)
    with pytest.raises(RuntimeError, match="half way"):
        write_turtle(corpus, tmp_path / "graph.ttl")
    assert list(tmp_path.iterdir()) == []


def test_graph_turtle_declares_prefixes_and_base(turtle):
    head = turtle[:2000]
    assert f"@base <{DEFAULT_BASE}> ." in head
    assert "@prefix dsj: <https://w3id.org/dashiji/ontology#> ." in head
    assert "@prefix geo: <http://www.w3.org/2003/01/geo/wgs84_pos#> ." in head


def test_graph_write_is_atomic(corpus, tmp_path):
    target = tmp_path / "out" / "graph.ttl"
    write_turtle(corpus, target)
    assert target.is_file() and [p.name for p in target.parent.iterdir()] == ["graph.ttl"]


def test_graph_write_to_unwritable_place_raises_output_error(corpus, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(OutputError) as err:
        write_turtle(corpus, blocker / "graph.ttl")
    assert str(blocker) in str(err.value)


# --- vocabulary ---------------------------------------------------------------------------------


def test_graph_every_dsj_term_is_declared_in_the_ontology(graph):
    ontology = rdflib.Graph().parse(ontology_path(), format="turtle")
    declared = {s for s in ontology.subjects() if str(s).startswith(str(DSJ._NS))}
    used = {t for triple in graph for t in triple if isinstance(t, URIRef) and str(t).startswith(str(DSJ._NS))}
    assert used and used <= declared, sorted(used - declared)


# --- events -----------------------------------------------------------------------------------


def test_graph_event_carries_date_text_index_types_and_source(corpus, graph):
    event = URIRef(event_iri("zhangye-2024-07", 11))
    line = next(e.entry.text for e in corpus.entries if (e.entry.doc_id, e.entry.index) == ("zhangye-2024-07", 11))
    assert line.startswith("5日,第三十届兰洽会张掖市招商引资推介暨重点项目签约仪式在兰举行")
    assert (event, RDF.type, DSJ.Event) in graph
    assert (event, DSJ.date, Literal("2024-07-05", datatype=XSD.date)) in graph
    assert (event, DSJ.sourceText, Literal(line, lang="zh")) in graph
    assert (event, DSJ.entryIndex, Literal(11)) in graph
    assert set(graph.objects(event, DSJ.eventType)) == {DSJ.Signing, DSJ.Ceremony}
    assert (event, PROV.wasDerivedFrom, ID["doc/zhangye-2024-07"]) in graph


def test_graph_event_over_several_days_has_end_date(graph):
    event = URIRef(event_iri("zhangye-2024-07", 27))  # 10日至12日
    assert (event, DSJ.date, Literal("2024-07-10", datatype=XSD.date)) in graph
    assert (event, DSJ.endDate, Literal("2024-07-12", datatype=XSD.date)) in graph


def test_graph_traditional_event_text_is_tagged_zh_hant(graph):
    text = next(graph.objects(URIRef(event_iri("shiyan-2015-01", 3)), DSJ.sourceText))
    assert text.language == "zh-Hant" and "張維國" in text


def test_graph_writes_the_event_types_extraction_gave_and_no_others(corpus):
    """The writer decides nothing: an entry extraction left untyped stays untyped, whatever its text says."""
    [item] = [e for e in corpus.entries if (e.entry.doc_id, e.entry.index) == ("zhangye-2024-07", 11)]
    assert "签约仪式" in item.entry.text
    typed = dataclasses.replace(item, event_types=("Meeting", "Visit", "Meeting"))
    untyped = dataclasses.replace(item, event_types=())
    small = dataclasses.replace(corpus, entries=(typed,))
    graph = rdflib.Graph().parse(data=corpus_to_turtle(small)[0], format="turtle")
    event = URIRef(event_iri("zhangye-2024-07", 11))
    assert set(graph.objects(event, DSJ.eventType)) == {DSJ.Meeting, DSJ.Visit}
    graph = rdflib.Graph().parse(data=corpus_to_turtle(dataclasses.replace(corpus, entries=(untyped,)))[0],
                                 format="turtle")
    assert set(graph.objects(event, DSJ.eventType)) == set()


# --- persons and participations --------------------------------------------------------------


def test_graph_person_labels_in_chinese_and_pinyin(graph):
    [person] = _person(graph, "赵立香")
    assert (person, RDFS.label, Literal("赵立香", lang="zh")) in graph
    assert (person, RDFS.label, Literal("Zhao Lixiang", lang="zh-Latn-pinyin")) in graph
    assert str(person).startswith(DEFAULT_BASE + "person/zhao-lixiang-")


def test_graph_traditional_person_has_hant_label_and_simplified_alt_label(graph):
    [person] = _person(graph, "張維國")
    assert (person, RDFS.label, Literal("張維國", lang="zh-Hant")) in graph
    assert (person, SKOS.altLabel, Literal("张维国", lang="zh-Hans")) in graph
    assert (person, RDFS.label, Literal("Zhang Weiguo", lang="zh-Latn-pinyin")) in graph


def test_graph_homonyms_are_two_persons_linked_both_ways(graph):
    first, second = _person(graph, "李树峰")
    assert (first, DSJ.possibleSameNameAs, second) in graph
    assert (second, DSJ.possibleSameNameAs, first) in graph
    assert set(graph.objects(first, DSJ.attended)).isdisjoint(graph.objects(second, DSJ.attended))


@pytest.mark.parametrize("name, role", [("卢小亨", DSJ.Chair), ("赵立香", DSJ.Speaker), ("石谋军", DSJ.Attendee)])
def test_graph_participation_has_agent_role_and_offsets_of_the_name(corpus, graph, name, role):
    event = URIRef(event_iri("zhangye-2024-07", 11))
    text = str(next(graph.objects(event, DSJ.sourceText)))
    [person] = _person(graph, name)
    [part] = [p for p in graph.subjects(DSJ.agent, person) if (p, DSJ.event, event) in graph]
    assert (part, RDF.type, DSJ.Participation) in graph
    assert (part, DSJ.role, role) in graph
    assert (person, DSJ.attended, event) in graph
    start, end = int(next(graph.objects(part, DSJ.start))), int(next(graph.objects(part, DSJ.end)))
    assert text[start:end] == name


def test_graph_participation_keeps_the_title_written_at_the_mention(graph):
    [person] = _person(graph, "赵立香")
    event = URIRef(event_iri("zhangye-2024-07", 11))
    [part] = [p for p in graph.subjects(DSJ.agent, person) if (p, DSJ.event, event) in graph]
    assert (part, DSJ.title, Literal("市委副书记、市长", lang="zh")) in graph
    assert (person, DSJ.title, Literal("市委副书记、市长", lang="zh")) in graph


def test_graph_absent_person_is_mentioned_not_attending(graph):
    event = URIRef(event_iri("zhangye-2024-07", 60))  # 受赵立香委托,刘力江主持召开…
    [zhao] = _person(graph, "赵立香")
    [liu] = _person(graph, "刘力江")
    assert (event, DSJ.mentions, zhao) in graph
    assert (zhao, DSJ.attended, event) not in graph
    assert (liu, DSJ.attended, event) in graph
    [mention] = graph.subjects(DSJ.person, zhao)
    assert (mention, RDF.type, DSJ.PersonMention) in graph and (mention, DSJ.role, None) not in graph


# --- posts --------------------------------------------------------------------------------------


@pytest.mark.parametrize("name, post, organisation, first, last", [
    ("赵立香", "市长", "张掖市人民政府", "2024-07-01", "2024-07-27"),
    ("赵立香", "市委副书记", "中共张掖市委员会", "2024-07-01", "2024-07-27"),
    ("柳鹏", "厅长", "甘肃省交通运输厅", "2024-07-27", "2024-07-27"),
    ("張維國", "市委副书记", "中共十堰市委员会", "2015-01-09", "2015-01-09"),
    ("叶素", "中国驻新西兰大使馆临时代办", "中国驻新西兰大使馆", "2024-07-09", "2024-07-09"),
])
def test_graph_posts_in_org_vocabulary(graph, name, post, organisation, first, last):
    [person] = _person(graph, name)
    posts = {_label(graph, p): p for p in graph.objects(person, ORG.holds)}
    node = posts[post]
    assert (node, RDF.type, ORG.Post) in graph and (node, ORG.heldBy, person) in graph
    [org] = graph.objects(node, ORG.postIn)
    assert (org, RDF.type, ORG.Organization) in graph and _label(graph, org) == organisation
    assert (node, DSJ.firstSeen, Literal(first, datatype=XSD.date)) in graph
    assert (node, DSJ.lastSeen, Literal(last, datatype=XSD.date)) in graph
    [role] = graph.objects(node, ORG.role)
    assert (role, RDF.type, ORG.Role) in graph
    assert set(graph.objects(node, DSJ.attestedBy)) <= set(graph.subjects(RDF.type, DSJ.Participation)) | set(
        graph.subjects(RDF.type, DSJ.PersonMention))


def test_graph_organisation_has_its_full_name_and_the_written_forms(graph):
    """Issue 12: 市委 in a Zhangye chronicle is 中共张掖市委员会; the abbreviations are alternative labels."""
    [zhao] = _person(graph, "赵立香")
    orgs = {_label(graph, o): o for p in graph.objects(zhao, ORG.holds) for o in graph.objects(p, ORG.postIn)}
    committee = orgs["中共张掖市委员会"]
    assert {str(a) for a in graph.objects(committee, SKOS.altLabel)} >= {"市委", "张掖市委"}
    assert len(list(graph.objects(committee, RDFS.label))) == 1


def test_graph_one_role_individual_per_role_word(graph):
    """Every 副市长 of every city is org:role the same org:Role."""
    roles = [r for r in graph.subjects(RDF.type, ORG.Role)]
    labels = [_label(graph, r) for r in roles]
    assert len(labels) == len(set(labels)) and "副市长" in labels
    [deputy] = [r for r in roles if _label(graph, r) == "副市长"]
    assert len({o for p in graph.subjects(ORG.role, deputy) for o in graph.objects(p, ORG.postIn)}) >= 2


def test_graph_alignments_are_materialised(graph):
    """Issue 12: ?p a foaf:Person and ?e schema:attendee ?p answer without inference."""
    from rdflib.namespace import FOAF
    from kg.vocab import SCHEMA
    persons = set(graph.subjects(RDF.type, DSJ.Person))
    assert persons == set(graph.subjects(RDF.type, FOAF.Person)) == set(graph.subjects(RDF.type, SCHEMA.Person))
    assert set(graph.subjects(RDF.type, DSJ.Event)) == set(graph.subjects(RDF.type, SCHEMA.Event))
    assert {(e, p) for p, e in graph.subject_objects(DSJ.attended)} == set(graph.subject_objects(SCHEMA.attendee))


def test_graph_near_match_links_one_character_variants_with_the_reason():
    """Issue 12: names one character apart with the same post are linked, with the reason."""
    from test_resolve import build
    from kg.resolve import resolve
    document, extracted = build(["3日,全市干部大会召开。省委常委、组织部长郝明远宣布省委决定。",
                                 "4日,省委常委、组织部长赫明远到河西学院调研。"], doc_id="variants")
    corpus = Corpus((document,), extracted, resolve((document,), extracted))
    graph = rdflib.Graph().parse(data=corpus_to_turtle(corpus)[0], format="turtle")
    [a], [b] = _person(graph, "郝明远"), _person(graph, "赫明远")
    assert (a, DSJ.possibleSameAs, b) in graph and (b, DSJ.possibleSameAs, a) in graph
    [note] = set(graph.subjects(DSJ.candidate, a)) & set(graph.subjects(DSJ.candidate, b))
    assert (note, RDF.type, DSJ.NearMatch) in graph
    reason = str(next(graph.objects(note, DSJ.reason)))
    assert "赫/郝" in reason and "部长 in 中共甘肃省委组织部" in reason and "常委 in 中共甘肃省委员会" in reason


def test_graph_writes_the_posts_resolve_gave(corpus):
    """Posts come from Person.posts: a person without them holds none, whatever the titles say."""
    zhao = next(p for p in corpus.persons if p.name == "赵立香")
    assert zhao.titles and zhao.posts
    bare = dataclasses.replace(corpus, persons=tuple(dataclasses.replace(p, posts=()) for p in corpus.persons))
    graph = rdflib.Graph().parse(data=corpus_to_turtle(bare)[0], format="turtle")
    assert not set(graph.subjects(RDF.type, ORG.Post))


# --- documents and places -----------------------------------------------------------------------


def test_graph_document_is_a_prov_entity_with_its_sha256(corpus, graph):
    doc = ID["doc/shiyan-2015-01"]
    text = (CORPUS_DIR / "shiyan-2015-01.txt").read_text(encoding="utf-8")
    assert (doc, RDF.type, PROV.Entity) in graph and (doc, RDF.type, DSJ.Document) in graph
    assert (doc, DSJ.sha256, Literal(hashlib.sha256(text.encode()).hexdigest())) in graph
    assert (doc, DSJ.sourceUrl, URIRef("http://www.ceposystems.com/2021/1015/750153.shtml")) in graph
    assert (doc, DSJ.period, Literal("2015-01")) in graph
    assert (doc, DSJ.periodEnd, Literal("2015-01-31", datatype=XSD.date)) in graph
    assert (doc, DSJ.city, ID["place/420300000000"]) in graph
    assert (doc, DCTERMS.identifier, Literal("shiyan-2015-01")) in graph


@pytest.mark.parametrize("place, expected_code", [
    (AdminPlace("620724000000", "高台县", AdminLevel.COUNTY, "620700000000"), "620724000000"),
    (AdminPlace("", "张掖市", AdminLevel.CITY), None),  # read could not resolve it: the writer does not either
])
def test_graph_document_place_is_the_one_read_resolved(corpus, place, expected_code):
    doc = next(d for d in corpus.documents if d.doc_id == "zhangye-2024-07")
    small = Corpus((dataclasses.replace(doc, place=place),), (), ())
    graph = rdflib.Graph().parse(data=corpus_to_turtle(small)[0], format="turtle")
    [node] = graph.objects(ID["doc/zhangye-2024-07"], DSJ.city)
    assert (node, RDF.type, DSJ.Place) in graph and _label(graph, node) == place.name
    assert [str(c) for c in graph.objects(node, DSJ.adminCode)] == ([expected_code] if expected_code else [])
    if expected_code:
        assert (node, RDF.type, DSJ.County) in graph
        assert _label(graph, next(graph.objects(node, DSJ.within))) == "张掖市"


def test_graph_admin_place_has_code_position_and_parents(graph):
    county = ID["place/620724000000"]  # 高台县
    assert (URIRef(event_iri("zhangye-2024-07", 1)), DSJ.locatedAt, county) in graph
    assert (county, RDFS.label, Literal("高台县", lang="zh")) in graph
    assert (county, DSJ.adminCode, Literal("620724000000")) in graph
    assert (county, RDF.type, DSJ.County) in graph and (county, RDF.type, DSJ.Place) in graph
    assert float(next(graph.objects(county, GEO.lat))) == pytest.approx(39.378311)
    assert float(next(graph.objects(county, GEO.long))) == pytest.approx(99.819519)
    city = next(graph.objects(county, DSJ.within))
    assert _label(graph, city) == "张掖市"
    assert _label(graph, next(graph.objects(city, DSJ.within))) == "甘肃省"


def test_graph_village_below_the_gazetteer_is_within_its_county(graph):
    event = URIRef(event_iri("zhangye-2024-07", 30))
    villages = {_label(graph, p): p for p in graph.objects(event, DSJ.locatedAt) if (p, RDF.type, DSJ.Village) in graph}
    assert "宣威村" in villages
    parent = next(graph.objects(villages["宣威村"], DSJ.within))
    assert (parent, DSJ.adminCode, None) in graph


def test_graph_traditional_place_keeps_the_written_form(graph):
    """Issue 12: one Chinese rdfs:label (the first document's script), the other script an altLabel,
    so a GROUP BY over place labels never counts a place twice."""
    county = ID["place/420324000000"]  # 竹溪县, written 竹溪縣
    labels = {(str(o), o.language) for o in graph.objects(county, RDFS.label)}
    names = {(n, lang) for n, lang in labels if lang != "zh-Latn-pinyin"}
    others = {(str(o), o.language) for o in graph.objects(county, SKOS.altLabel)}
    assert labels - names == {("Zhuxi Xian", "zh-Latn-pinyin")}
    assert len(names) == 1 and names | others >= {("竹溪縣", "zh-Hant")} and {n for n, _ in names | others} >= {"竹溪县"}


def test_graph_venues_and_organisations_are_not_located_at(graph):
    located = set(graph.objects(None, DSJ.locatedAt))
    venues = set(graph.subjects(RDF.type, DSJ.Venue))
    orgs = set(graph.subjects(RDF.type, ORG.Organization))
    assert venues and orgs and located.isdisjoint(venues | orgs)
    assert all((p, RDF.type, DSJ.Place) in graph for p in located)


# --- IRIs -----------------------------------------------------------------------------------------


def test_graph_iris_are_stable_when_documents_are_added():
    alone = gold_corpus(("zhangye-2024-07",))
    everything = gold_corpus()
    zhao_alone = next(p for p in alone.persons if p.name == "赵立香")
    zhao_all = next(p for p in everything.persons if p.name == "赵立香")
    assert person_iri(zhao_alone) == person_iri(zhao_all)
    small = rdflib.Graph().parse(data=corpus_to_turtle(alone)[0], format="turtle")
    large = rdflib.Graph().parse(data=corpus_to_turtle(everything)[0], format="turtle")
    assert set(small.subjects(RDF.type, DSJ.Event)) <= set(large.subjects(RDF.type, DSJ.Event))
    assert set(small.subjects(RDF.type, DSJ.Person)) <= set(large.subjects(RDF.type, DSJ.Person))


@pytest.mark.parametrize("base", ["https://example.org/kg/", "https://example.org/kg#", "urn:example:kg:"])
def test_graph_base_iri_mints_in_the_users_namespace(corpus, base):
    small = dataclasses.replace(corpus, entries=corpus.entries[:5])
    graph = rdflib.Graph().parse(data=corpus_to_turtle(small, base_iri=base)[0], format="turtle")
    minted = {s for s in graph.subjects() if not str(s).startswith(("https://w3id.org/dashiji/ontology",))}
    assert minted and all(str(s).startswith(check_base(base)) for s in minted)
    assert not any(str(s).startswith(DEFAULT_BASE) for s in graph.subjects())


def test_graph_bad_base_iri_is_a_clear_error(corpus):
    with pytest.raises(KgError, match="--base-iri"):
        corpus_to_turtle(corpus, base_iri="not an iri")


# --- the data contract ------------------------------------------------------------------------------


def test_graph_score_ttl_reads_the_graph_as_gold(shared, corpus, tmp_path):
    path = tmp_path / "graph.ttl"
    write_turtle(corpus, path)
    run = subprocess.run([sys.executable, str(SCORER), str(path), *map(str, gold_paths()), "--json"],
                         capture_output=True, text=True, check=True)
    scores = json.loads(run.stdout)
    assert scores["aligned"] == scores["gold_entries"] == len(corpus.entries)
    for key in ("date_accuracy", "participant_f1", "role_accuracy", "edge_f1", "place_f1"):
        assert scores[key] == 1.0, key
    assert scores["absent_as_present"] == 0 and scores["absent_total"] > 0


def test_graph_score_ttl_sees_a_wrong_role_and_an_absent_person_counted_present(shared, corpus, tmp_path):
    """A small gold file of our own: the scorer must notice a damaged graph, so the contract is really read."""
    gold = [json.loads(line) for line in (GOLD_DIR / "zhangye-2024-07.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()]
    by_n = {g["n"]: g for g in gold}
    mine = tmp_path / "mine.jsonl"
    mine.write_text("\n".join(json.dumps(by_n[n], ensure_ascii=False) for n in (11, 60)) + "\n", encoding="utf-8")
    path = tmp_path / "graph.ttl"
    write_turtle(dataclasses.replace(corpus, entries=tuple(
        e for e in corpus.entries if (e.entry.doc_id, e.entry.index) in {("zhangye-2024-07", 11), ("zhangye-2024-07", 60)})),
        path)
    text = path.read_text(encoding="utf-8")
    assert "dsj:role dsj:Chair" in text
    damaged = tmp_path / "damaged.ttl"
    damaged.write_text(text.replace("dsj:role dsj:Chair", "dsj:role dsj:Attendee") + "\n" + _attend_absent(text),
                       encoding="utf-8")
    good, bad = _score(path, mine), _score(damaged, mine)
    assert good["role_accuracy"] == 1.0 and good["absent_as_present"] == 0
    assert bad["role_accuracy"] < 1.0 and bad["absent_as_present"] == 1


def _attend_absent(text: str) -> str:
    """A triple saying the absent person of entry 60 attended it."""
    graph = rdflib.Graph().parse(data=text, format="turtle")
    event = URIRef(event_iri("zhangye-2024-07", 60))
    [absent] = graph.objects(event, DSJ.mentions)
    return f"<{absent}> <{DSJ.attended}> <{event}> ."


def _score(graph: Path, gold: Path) -> dict:
    run = subprocess.run([sys.executable, str(SCORER), str(graph), str(gold), "--json"],
                         capture_output=True, text=True, check=True)
    return json.loads(run.stdout)


def test_graph_division_of_the_past_keeps_its_name_years_and_successors(tmp_path):
    from kg.pipeline import build_corpus

    path = tmp_path / "county-1998.txt"
    path.write_text("# period: 1998\n# city: 阿城市\n3月2日 市委召开全市农村工作会议。\n"
                    "10月6日 市委书记出访南非共和国。\n", encoding="utf-8")
    g = rdflib.Graph().parse(data=corpus_to_turtle(build_corpus([path]))[0], format="turtle")
    place = URIRef(DEFAULT_BASE + "place/230181000000")
    assert _label(g, place) == "阿城市" and (place, RDFS.label, Literal("Acheng Shi", lang="zh-Latn-pinyin")) in g
    assert (g.value(place, DSJ.validFrom), g.value(place, DSJ.validUntil)) == (
        Literal("1990", datatype=XSD.gYear), Literal("2006", datatype=XSD.gYear))
    successors = {_label(g, s) for s in g.objects(place, DSJ.succeededBy)}
    assert successors == {"阿城区", "道外区"}
    # a query for today's 哈尔滨市 still finds the event of 1998's 阿城市
    found = g.query("""PREFIX dsj: <https://w3id.org/dashiji/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?e WHERE { ?city rdfs:label "哈尔滨市"@zh . ?e dsj:locatedAt/dsj:within+ ?city }""")
    assert len(found) == 1
    country = URIRef(DEFAULT_BASE + "place/ZA")
    assert (country, RDF.type, DSJ.Country) in g and g.value(country, DSJ.countryCode) == Literal("ZA")


def test_graph_dates_known_only_by_month_season_or_year_carry_their_precision(tmp_path):
    """是月, 冬, 是年: the span's first day and dsj:datePrecision, never an invented day."""
    from kg.graph import corpus_to_turtle
    from kg.pipeline import build_corpus

    path = tmp_path / "county-2001.txt"
    path.write_text("# period: 2001\n3月6日,县委召开常委会议。\n是月,全县开展植树造林活动。\n"
                    "冬,全县兴修农田水利。\n是年,全县粮食总产量创历史新高。\n", encoding="utf-8")
    text, _ = corpus_to_turtle(build_corpus([path]))
    graph = rdflib.Graph().parse(data=text, format="turtle")
    rows = graph.query("""PREFIX dsj: <https://w3id.org/dashiji/ontology#>
        SELECT ?date ?precision WHERE { ?e a dsj:Event ; dsj:date ?date .
        OPTIONAL { ?e dsj:datePrecision ?precision } } ORDER BY ?date""")
    got = {(str(d), str(p).rsplit("#", 1)[-1] if p else None) for d, p in rows}
    assert got == {("2001-03-06", None), ("2001-03-01", "Month"), ("2001-12-01", "Season"), ("2001-01-01", "Year")}


def test_graph_source_text_is_the_entry_as_published(tmp_path):
    """dsj:sourceText keeps the Traditional script, inline pinyin glosses and line breaks; the
    offsets of a participation index that text (the gloss inside the name included)."""
    from kg.graph import corpus_to_turtle, validate_graph
    from kg.pipeline import build_corpus

    path = tmp_path / "county-2012-01.txt"
    path.write_text("# period: 2012-01\n5日,縣委書記鄧(dèng)明遠到鄉(xiāng)鎮調研,\n慰問困難群眾。\n"
                    "6日,縣長李建華主持召開常務會議。\n", encoding="utf-8")
    text, _ = corpus_to_turtle(build_corpus([path]))
    graph = rdflib.Graph().parse(data=text, format="turtle")
    rows = list(graph.query("""PREFIX dsj: <https://w3id.org/dashiji/ontology#>
        SELECT ?text ?start ?end WHERE { ?e dsj:entryIndex 1 ; dsj:sourceText ?text .
        ?x dsj:event ?e ; dsj:start ?start ; dsj:end ?end }"""))
    (source, start, end), = rows
    assert str(source) == "5日,縣委書記鄧(dèng)明遠到鄉(xiāng)鎮調研,\n慰問困難群眾。"
    assert str(source)[int(start):int(end)] == "鄧(dèng)明遠"
    assert validate_graph(graph)[0]


# --- issue 12 on whole corpora ------------------------------------------------------------------


@pytest.mark.parametrize("corpus_name", ["corpus", "wide", "identity"])
def test_graph_alignments_answer_through_kg_query(corpus_name, tmp_path):
    """`kg query 'SELECT (COUNT(?p) AS ?n) WHERE { ?p a foaf:Person }'` answers, as does schema:attendee."""
    from identity_fixtures import built, built_turtle
    path = tmp_path / "graph.ttl"
    path.write_text(built_turtle(corpus_name), encoding="utf-8")
    persons = [p for p in built(corpus_name).persons if any(m.present for m in p.mentions)]
    for query, least in [("SELECT (COUNT(?p) AS ?n) WHERE { ?p a foaf:Person }", len(built(corpus_name).persons)),
                         ("SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?e schema:attendee ?p }", len(persons))]:
        done = subprocess.run([sys.executable, "-m", "kg.cli", "query", query, "--graph", str(path), "--format", "csv"],
                              capture_output=True, text=True, check=True)
        assert done.stdout.split() == ["n", str(least)], query


@pytest.mark.parametrize("corpus_name", ["corpus", "wide"])
def test_graph_posts_of_built_corpora_have_role_and_organisation_once(corpus_name):
    from identity_fixtures import built_turtle
    store = ox.Store()
    store.load(built_turtle(corpus_name).encode("utf-8"), format=ox.RdfFormat.TURTLE)
    prefixes = "PREFIX org: <http://www.w3.org/ns/org#> "
    assert not list(store.query(prefixes + "SELECT ?p WHERE { ?p a org:Post . "
                                           "FILTER (NOT EXISTS { ?p org:postIn ?o } || NOT EXISTS { ?p org:role ?r }) }"))
    assert not list(store.query(prefixes + "SELECT ?a WHERE { ?a org:heldBy ?x ; org:role ?r ; org:postIn ?o . "
                                           "?b org:heldBy ?x ; org:role ?r ; org:postIn ?o . FILTER (?a != ?b) }"))


@pytest.mark.parametrize("corpus_name", ["corpus", "wide", "identity"])
def test_graph_built_corpora_conform_to_the_shapes(corpus_name):
    from identity_fixtures import built_turtle
    from kg.graph import validate_graph
    conforms, report = validate_graph(built_turtle(corpus_name))
    assert conforms, report[:2000]


@pytest.mark.parametrize("corpus_name", ["corpus", "wide"])
def test_graph_coattendance_links_are_exactly_the_network_edges(corpus_name):
    """The graph publishes the links the page draws and edges.csv lists: same pairs, same counts."""
    from identity_fixtures import built, built_turtle
    from kg.network import coattendance_graph
    corpus = built(corpus_name)
    iri = {p.key: person_iri(p) for p in corpus.persons}
    expected = {frozenset({iri[u], iri[v]}): data["weight"] for u, v, data in coattendance_graph(corpus).edges(data=True)}
    graph = rdflib.Graph().parse(data=built_turtle(corpus_name), format="turtle")
    links = {}
    for node in graph.subjects(RDF.type, DSJ.CoAttendance):
        pair = frozenset(str(p) for p in graph.objects(node, DSJ.between))
        assert pair not in links and len(pair) == 2
        links[pair] = graph.value(node, DSJ.sharedEventCount).toPython()
    assert links == expected and len(links) > 100


def test_graph_career_across_chronicles_and_same_post_holders():
    """The canned queries of issue 12 on the invented chronicles: a career over two chronicles,
    and the holders of one post."""
    from identity_fixtures import built_turtle
    from kg.canned import bind_parameters
    from kg.sparql import load_query, run_query
    store = ox.Store()
    store.load(built_turtle("identity").encode("utf-8"), format=ox.RdfFormat.TURTLE)
    career = bind_parameters(load_query("career"), {"person": "闻远航"}, name="career")
    rows = run_query(career, store).records()
    assert [(r["role"], r["organization"], str(r["first_seen"])) for r in rows] == [
        ("副市长", "张掖市人民政府", "2019-03-05"), ("副书记", "中共张掖市委员会", "2021-06-03"),
        ("市长", "张掖市人民政府", "2021-06-03")]
    holders = bind_parameters(load_query("same-post-holders"), {"role": "书记", "organization": "市委"},
                              name="same-post-holders")
    rows = run_query(holders, store).records()
    assert {r["name"] for r in rows} == {"严立群"} and len({r["organization"] for r in rows}) == 1
