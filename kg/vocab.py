"""The RDF vocabulary: the dsj: terms of ontology/dashiji.ttl and the standard namespaces they align to."""

from __future__ import annotations

from pathlib import Path

from rdflib import namespace as _ns
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SH, SKOS
from rdflib.term import URIRef

__all__ = [
    "DSJ",
    "SEM",
    "SCHEMA",
    "FOAF",
    "PROV",
    "ORG",
    "GEO",
    "SKOS",
    "DCTERMS",
    "RDF",
    "RDFS",
    "OWL",
    "XSD",
    "SH",
    "PREFIXES",
    "ONTOLOGY_IRI",
    "DEFAULT_BASE",
    "ontology_dir",
    "ontology_path",
    "shapes_path",
    "queries_dir",
]

ONTOLOGY_IRI = "https://w3id.org/dashiji/ontology"
DEFAULT_BASE = "https://w3id.org/dashiji/id/"


class DSJ(_ns.DefinedNamespace):
    """The dashiji ontology; a term not declared in ontology/dashiji.ttl raises AttributeError.

    >>> str(DSJ.attended)
    'https://w3id.org/dashiji/ontology#attended'
    >>> DSJ.atended
    Traceback (most recent call last):
    ...
    AttributeError: term 'atended' not in namespace 'https://w3id.org/dashiji/ontology#'
    """

    _NS = _ns.Namespace(ONTOLOGY_IRI + "#")
    _fail = True

    # classes
    Document: URIRef
    Event: URIRef
    Person: URIRef
    Place: URIRef
    Province: URIRef
    City: URIRef
    County: URIRef
    Township: URIRef
    Village: URIRef
    Country: URIRef
    Locality: URIRef
    Venue: URIRef
    Participation: URIRef
    PersonMention: URIRef
    NearMatch: URIRef
    CoAttendance: URIRef
    # role types (sem:RoleType individuals)
    Chair: URIRef
    Lead: URIRef
    Speaker: URIRef
    Attendee: URIRef
    # event types (sem:EventType individuals)
    Meeting: URIRef
    Inspection: URIRef
    Ceremony: URIRef
    Signing: URIRef
    Forum: URIRef
    Visit: URIRef
    Training: URIRef
    # date precisions
    DatePrecision: URIRef
    Day: URIRef
    Dekad: URIRef
    Month: URIRef
    Season: URIRef
    Year: URIRef
    # object properties
    attended: URIRef
    mentions: URIRef
    locatedAt: URIRef
    venue: URIRef
    mentionsOrganization: URIRef
    agent: URIRef
    person: URIRef
    event: URIRef
    role: URIRef
    eventType: URIRef
    possibleSameNameAs: URIRef
    possibleSameAs: URIRef
    candidate: URIRef
    between: URIRef
    attestedBy: URIRef
    within: URIRef
    succeededBy: URIRef
    city: URIRef
    sourceUrl: URIRef
    # datatype properties
    date: URIRef
    endDate: URIRef
    sourceText: URIRef
    entryIndex: URIRef
    line: URIRef
    timeOfDay: URIRef
    approximateDate: URIRef
    datePrecision: URIRef
    dateInherited: URIRef
    start: URIRef
    end: URIRef
    title: URIRef
    reason: URIRef
    sharedEventCount: URIRef
    firstSeen: URIRef
    lastSeen: URIRef
    adminCode: URIRef
    validFrom: URIRef
    validUntil: URIRef
    countryCode: URIRef
    approximateLocation: URIRef
    sha256: URIRef
    period: URIRef
    periodStart: URIRef
    periodEnd: URIRef
    periodSource: URIRef
    script: URIRef


class SEM(_ns.DefinedNamespace):
    """The Simple Event Model terms the ontology aligns to."""

    _NS = _ns.Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
    _fail = True

    Event: URIRef
    Role: URIRef
    RoleType: URIRef
    EventType: URIRef
    roleType: URIRef
    eventType: URIRef
    hasPlace: URIRef
    hasActor: URIRef


class GEO(_ns.DefinedNamespace):
    """W3C Basic Geo (WGS84 lat/long); rdflib's own WGS namespace uses https, which is not the vocabulary's IRI."""

    _NS = _ns.Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
    _fail = True

    SpatialThing: URIRef
    Point: URIRef
    lat: URIRef
    long: URIRef


class SCHEMA(_ns.DefinedNamespace):
    """The schema.org terms the ontology aligns to (https, as in rdflib's SDO)."""

    _NS = _ns.Namespace("https://schema.org/")
    _fail = True

    Event: URIRef
    Person: URIRef
    Place: URIRef
    CreativeWork: URIRef
    attendee: URIRef
    location: URIRef
    startDate: URIRef
    endDate: URIRef
    containedInPlace: URIRef


class XSD(_ns.DefinedNamespace):
    """The XML Schema datatypes the graph uses."""

    _NS = _ns.Namespace("http://www.w3.org/2001/XMLSchema#")
    _fail = True

    string: URIRef
    integer: URIRef
    decimal: URIRef
    double: URIRef
    boolean: URIRef
    date: URIRef
    gYear: URIRef
    gYearMonth: URIRef
    anyURI: URIRef

PREFIXES: dict[str, str] = {
    "dsj": str(DSJ._NS),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD._NS),
    "owl": str(OWL),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "prov": str(PROV),
    "org": str(ORG),
    "geo": str(GEO._NS),
    "sem": str(SEM._NS),
    "schema": str(SCHEMA._NS),
    "foaf": str(FOAF._NS),
}


def ontology_dir() -> Path:
    """The folder holding dashiji.ttl, shapes.ttl and queries/: packaged copy first, then the source tree."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "ontology", here.parent / "ontology"):
        if (candidate / "dashiji.ttl").is_file():
            return candidate
    return here.parent / "ontology"


def ontology_path() -> Path:
    """Path of the OWL ontology (ontology/dashiji.ttl)."""
    return ontology_dir() / "dashiji.ttl"


def shapes_path() -> Path:
    """Path of the SHACL shapes (ontology/shapes.ttl)."""
    return ontology_dir() / "shapes.ttl"


def queries_dir() -> Path:
    """Folder of the canned SPARQL queries (ontology/queries/*.rq)."""
    return ontology_dir() / "queries"
