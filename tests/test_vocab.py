"""Tests for kg.vocab and ontology/dashiji.ttl: the namespace mirrors the ontology, terms are documented and aligned."""

from __future__ import annotations

import pytest
import rdflib
from rdflib.namespace import OWL, RDF, RDFS

from kg.vocab import DSJ, FOAF, GEO, ORG, PREFIXES, PROV, SCHEMA, SEM, ontology_path, queries_dir, shapes_path

DECLARING_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.NamedIndividual,
                   OWL.AnnotationProperty)


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    return rdflib.Graph().parse(ontology_path(), format="turtle")


def _declared(graph: rdflib.Graph) -> set[str]:
    ns = str(DSJ._NS)
    return {str(s) for t in DECLARING_TYPES for s in graph.subjects(RDF.type, t) if str(s).startswith(ns)}


def test_vocab_namespace_matches_ontology(ontology):
    in_code = {str(DSJ[name]) for name in DSJ.__annotations__}
    assert in_code == _declared(ontology)


def test_vocab_misspelled_term_fails():
    with pytest.raises(AttributeError):
        DSJ.atended  # noqa: B018
    assert str(DSJ.attended) == "https://w3id.org/dashiji/ontology#attended"


def test_vocab_ontology_files_exist():
    assert ontology_path().is_file() and shapes_path().is_file() and queries_dir().is_dir()


@pytest.mark.parametrize("name", sorted(DSJ.__annotations__))
def test_vocab_term_has_english_and_chinese_label_and_comment(ontology, name):
    term = DSJ[name]
    labels = {lit.language for lit in ontology.objects(term, RDFS.label)}
    assert {"en", "zh"} <= labels
    comments = [lit for lit in ontology.objects(term, RDFS.comment) if len(str(lit)) > 10]
    assert comments, f"dsj:{name} has no comment"


@pytest.mark.parametrize("subject, predicate, obj", [
    (DSJ.Event, RDFS.subClassOf, SEM.Event),
    (DSJ.Event, RDFS.subClassOf, SCHEMA.Event),
    (DSJ.Person, RDFS.subClassOf, FOAF.Person),
    (DSJ.Person, RDFS.subClassOf, SCHEMA.Person),
    (DSJ.Place, RDFS.subClassOf, SCHEMA.Place),
    (DSJ.Document, RDFS.subClassOf, PROV.Entity),
    (DSJ.attended, OWL.inverseOf, SCHEMA.attendee),
    (DSJ.locatedAt, RDFS.subPropertyOf, SCHEMA.location),
    (DSJ.Chair, RDF.type, SEM.RoleType),
    (DSJ.Lead, RDF.type, SEM.RoleType),
    (DSJ.Speaker, RDF.type, SEM.RoleType),
    (DSJ.Attendee, RDF.type, SEM.RoleType),
    (DSJ.Meeting, RDF.type, SEM.EventType),
    (DSJ.County, RDFS.subClassOf, DSJ.Place),
    (DSJ.within, RDFS.subPropertyOf, SCHEMA.containedInPlace),
])
def test_vocab_aligned_to_standards(ontology, subject, predicate, obj):
    assert (subject, predicate, obj) in ontology


def test_vocab_venue_is_not_an_administrative_place(ontology):
    assert (DSJ.Venue, RDFS.subClassOf, DSJ.Place) not in ontology
    assert (DSJ.Venue, OWL.disjointWith, DSJ.Place) in ontology


@pytest.mark.parametrize("prefix, namespace", [
    ("dsj", "https://w3id.org/dashiji/ontology#"),
    ("geo", "http://www.w3.org/2003/01/geo/wgs84_pos#"),
    ("org", "http://www.w3.org/ns/org#"),
    ("prov", "http://www.w3.org/ns/prov#"),
    ("sem", "http://semanticweb.cs.vu.nl/2009/11/sem/"),
    ("schema", "https://schema.org/"),
])
def test_vocab_prefixes(prefix, namespace):
    assert PREFIXES[prefix] == namespace


def test_vocab_geo_and_org_terms():
    assert str(GEO.lat).startswith("http://www.w3.org/2003/01/geo/wgs84_pos#")
    assert str(ORG.holds) == "http://www.w3.org/ns/org#holds"
    with pytest.raises(AttributeError):
        GEO.latitude  # noqa: B018
