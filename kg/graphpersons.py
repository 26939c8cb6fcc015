"""Graph stage, persons and their posts: the nodes several entries share, labelled by one rule.

Part of the graph builder (:mod:`kg.graph` composes it): the build context, the labelling rule
of persons, places and organisations, and the writers of persons (with the alignments to FOAF
and schema.org stated), their posts in the W3C Organization ontology (``org:Post`` with
``org:role`` and ``org:postIn``), the organisations under their full names, and the near matches
resolution found (``dsj:possibleSameAs`` with a ``dsj:NearMatch`` giving the reason), and the
links of the co-attendance network between persons (``dsj:CoAttendance``).
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.attendance import attendance, coattendance
from kg.iris import coattendance_iri, near_match_iri, organization_iri, post_iri, role_iri
from kg.model import Corpus, Document, Person, Script
from kg.pinyin import person_pinyin
from kg.text import simplify
from kg.turtle import (ALT_LABEL, HANS_TAG, HELD_BY, HOLDS, LABEL, ORG_ORGANIZATION, ORG_POST, PINYIN_TAG, POST_IN, A,
                       Triples, curie, date_literal, language_tag, literal, term)
from kg.vocab import FOAF, ORG, SCHEMA

__all__ = ["Context", "label_node", "organization_node", "add_person", "add_coattendance", "SCHEMA_EVENT",
           "SCHEMA_ATTENDEE"]

# The alignments a user's query in a known vocabulary reaches without inference: materialised.
FOAF_PERSON, SCHEMA_PERSON, SCHEMA_EVENT = curie(FOAF.Person), curie(SCHEMA.Person), curie(SCHEMA.Event)
SCHEMA_ATTENDEE, ORG_ROLE, ORG_ROLE_CLASS = curie(SCHEMA.attendee), curie(ORG.role), curie(ORG.Role)


@dataclass
class Context:
    """Lookups shared by the builder steps, and caches of nodes already made."""

    graph: Triples
    base: str
    gazetteer: object | None
    documents: dict[str, Document]
    ref_by_mention: dict[tuple[str, int, int, int], str]  # (doc, entry, start, end) -> the person's node
    person_refs: dict[str, str]
    organizations: dict[tuple[str, str | None, str], str]  # (name, own place's code, document) -> node
    mention_nodes: dict[tuple[str, int, int, int], str]  # (doc, entry, start, end) -> participation or mention
    labelled: dict[str, Script]  # node -> the script of its rdfs:label (the first document naming it)


def label_node(ctx: Context, ref: str, simplified: str, written: str | None = None, script: Script = Script.HANS,
           romanised: str = "") -> None:
    """The one labelling rule of persons, places and organisations: ``rdfs:label`` as written, in the
    script of the first document naming the node; the other script's form as ``skos:altLabel``.

    A Simplified form is tagged ``zh`` as the label and ``zh-Hans`` as the alternative, a
    Traditional one ``zh-Hant``; a label query on one language tag never counts a node twice.
    ``romanised``, the pinyin, is the one ``@zh-Latn-pinyin`` label.
    """
    written = written if script == Script.HANT and written else simplified
    first = ctx.labelled.get(ref)
    if first is None:
        ctx.labelled[ref] = script if written != simplified else Script.HANS
        ctx.graph.add(ref, LABEL, literal(written, language_tag(script if written != simplified else Script.HANS)))
        if written != simplified:
            ctx.graph.add(ref, ALT_LABEL, literal(simplified, HANS_TAG))
        if romanised:
            ctx.graph.add(ref, LABEL, literal(romanised, PINYIN_TAG))
        return
    if written != simplified and first != Script.HANT:
        ctx.graph.add(ref, ALT_LABEL, literal(written, "zh-Hant"))


def organization_node(ctx: Context, label: str, context: str = "", forms: tuple[str, ...] = ()) -> str:
    """The node of an organisation by its full name (``context``: the document, for a name that is
    unambiguous only within it), with the forms the texts write it in as ``skos:altLabel``."""
    g = ctx.graph
    ref = g.ref(organization_iri(label, ctx.base, context=context))
    if not g.has(ref):
        g.add(ref, A, ORG_ORGANIZATION)
        label_node(ctx, ref, label)
    for form in forms:
        if form != label:
            g.add(ref, ALT_LABEL, literal(form, "zh"))
    return ref


def add_person(ctx: Context, person: Person) -> None:
    g = ctx.graph
    ref = ctx.person_refs[person.key]
    for kind in (term("Person"), FOAF_PERSON, SCHEMA_PERSON):
        g.add(ref, A, kind)
    written: dict[tuple[str, str, Script], None] = {}  # (name, simplified, script)
    for mention in person.mentions:
        doc = ctx.documents.get(mention.doc_id)
        script = doc.script if doc is not None else Script.HANS
        written[(mention.name, mention.name_simplified or simplify(mention.name), script)] = None
        if mention.title:
            g.add(ref, term("title"), literal(mention.title, language_tag(doc.script if doc is not None else Script.HANS)))
    if not written:
        script = Script.HANT if person.name != person.name_simplified else Script.HANS
        written[(person.name, person.name_simplified or person.name, script)] = None
    for name, simplified, script in written:
        label_node(ctx, ref, simplified, name, script)
    romanised = person_pinyin(person.name_simplified or person.name)
    if romanised:
        g.add(ref, LABEL, literal(romanised, PINYIN_TAG))
    for key in person.homonyms:
        other = ctx.person_refs.get(key)
        if other is not None and other != ref:
            g.add(ref, term("possibleSameNameAs"), other)
            g.add(other, term("possibleSameNameAs"), ref)
    _add_near_matches(ctx, ref, person)
    _add_posts(ctx, ref, person)


def _add_near_matches(ctx: Context, ref: str, person: Person) -> None:
    """dsj:possibleSameAs both ways, and a dsj:NearMatch node saying why (written once per pair)."""
    g = ctx.graph
    for key, reason in person.near_matches:
        other = ctx.person_refs.get(key)
        if other is None or other == ref:
            continue
        g.add(ref, term("possibleSameAs"), other)
        g.add(other, term("possibleSameAs"), ref)
        if person.key < key:
            node = g.ref(near_match_iri(person.key, key, ctx.base))
            g.block(node, [(A, term("NearMatch")), (term("candidate"), ref), (term("candidate"), other),
                           (term("reason"), literal(reason))])


def _role_node(ctx: Context, role: str) -> str:
    """The one org:Role individual of a role word (副市长, 秘书长, 党组书记), shared by its holders."""
    g = ctx.graph
    ref = g.ref(role_iri(role, ctx.base))
    if not g.has(ref):
        g.add(ref, A, ORG_ROLE_CLASS)
        g.add(ref, LABEL, literal(role, "zh"))
    return ref


def _add_posts(ctx: Context, ref: str, person: Person) -> None:
    """The person's posts (resolved with the person) as org:Post nodes: one per (role, organisation),
    in the organisation under its full name, dated by first and last sight, with the participations
    and mentions whose titles name it."""
    g = ctx.graph
    for post in person.posts:
        if not post.organization:
            continue
        org = organization_node(ctx, post.organization, forms=post.organization_forms)
        node = g.ref(post_iri(person, post.role or post.label, post.organization, ctx.base))
        pairs = [(A, ORG_POST), (LABEL, literal(post.label, "zh"))]
        pairs += [(ALT_LABEL, literal(label, "zh")) for label in post.labels if label != post.label]
        pairs += [(HELD_BY, ref), (POST_IN, org), (ORG_ROLE, _role_node(ctx, post.role or post.label))]
        if post.first_seen is not None and post.last_seen is not None:
            pairs += [(term("firstSeen"), date_literal(post.first_seen)),
                      (term("lastSeen"), date_literal(post.last_seen))]
        seen = (ctx.mention_nodes.get((m.doc_id, m.entry_index, m.start, m.end)) for m in post.mentions)
        pairs += [(term("attestedBy"), n) for n in dict.fromkeys(n for n in seen if n is not None)]
        g.block(node, pairs)
        g.add(ref, HOLDS, node)


def add_coattendance(ctx: Context, corpus: Corpus) -> None:
    """The links of the co-attendance network (:func:`kg.attendance.coattendance`, the ones the page
    draws and edges.csv lists) as ``dsj:CoAttendance`` nodes: the two persons (``dsj:between``, in
    IRI order) and the number of events they shared (``dsj:sharedEventCount``), one node per pair.

    Stated once per pair so that a query ranking who meets whom reads one triple per link instead
    of joining every two attendances of every event.
    """
    g = ctx.graph
    persons = {person.key: person for person in corpus.persons}
    kind, between, count = term("CoAttendance"), term("between"), term("sharedEventCount")
    for (key, other), events in coattendance(attendance(corpus)).shared.items():
        node = g.ref(coattendance_iri(persons[key], persons[other], ctx.base))
        first, second = sorted((ctx.person_refs[key], ctx.person_refs[other]))
        g.block(node, [(A, kind), (between, first), (between, second), (count, str(len(events)))])
