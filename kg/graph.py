"""Graph stage: a resolved corpus written as RDF (documents, events, participations, persons, posts, places).

The builder is a function of the resolved records: event types come from extraction
(``ExtractedEntry.event_types``), persons and their posts from resolution (``Person.posts``),
the document's own place from reading (``Document.place``), levels, positions and parents of
places from the gazetteer. It mints IRIs (:mod:`kg.iris`) and hands Turtle tokens to the
serialiser (:mod:`kg.turtle`); persons, posts, the co-attendance links between persons and the
labelling rule of every shared node are written by :mod:`kg.graphpersons`. The one reading it
still does is to give an organisation an entry names its full name against the document's place
(市中级人民法院 in a Zhangye chronicle is 张掖市中级人民法院), with the title parser's
:func:`kg.titles.canonical_organization`.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import operator
import os
from pathlib import Path

from kg import rules
from kg.context import build_context
from kg.divisions import place_of_code
from kg.gazetteer import load_gazetteer, short_forms
from kg.graphpersons import (SCHEMA_ATTENDEE, SCHEMA_EVENT, Context, add_coattendance, add_person, label_node,
                             organization_node)
from kg.io import atomic_file
from kg.iris import (DEFAULT_BASE, check_base, document_iri, event_iri, is_iri, mention_iri, participation_iri,
                     person_iri, place_iri, venue_iri)
from kg.model import (AdminLevel, AdminPlace, Corpus, Document, EventType, ExtractedEntry, Mention, PlaceKind,
                      PlaceMention, Role, Script)
from kg.pinyin import place_pinyin
from kg.text import simplify
from kg.titles import canonical_organization, names_one_organization
from kg.turtle import (ALT_LABEL, DERIVED_FROM, ENTITY, IDENTIFIER, LABEL, LAT, LEVEL_CLASSES, LONG, ROLE_TERMS, TITLE, A,
                       Triples, date_literal, decimal_literal, language_tag, literal, term, year_literal)
from kg.vocab import shapes_path

__all__ = ["corpus_to_turtle", "corpus_to_store", "write_turtle", "validate_graph"]


def _lang(doc: Document | None) -> str:
    return language_tag(doc.script if doc is not None else Script.HANS)


def _load_gazetteer(gazetteer):
    if gazetteer is False:
        return None
    if gazetteer is not None:
        return gazetteer
    try:
        return load_gazetteer()
    except OSError:
        return None


def _level_of_name(name: str) -> AdminLevel | None:
    """The level of a place below the gazetteer, told by its ending (宣威村, 新坝镇)."""
    for level in (AdminLevel.VILLAGE, AdminLevel.TOWNSHIP):
        if name.endswith(rules.words("places", f"levels.{level.value}")):
            return level
    return None


def _level_of_code(code: str) -> AdminLevel:
    """The level a 12-digit division code stands for (620723103203 is a village)."""
    tail = len(code) - len(code.rstrip("0"))
    levels = ((10, AdminLevel.PROVINCE), (8, AdminLevel.CITY), (6, AdminLevel.COUNTY), (3, AdminLevel.TOWNSHIP))
    return next((level for zeros, level in levels if tail >= zeros), AdminLevel.VILLAGE)


def _own_place(ctx: Context, doc: Document | None) -> AdminPlace | None:
    """The document's own place as the gazetteer knows it (None for a unit it does not know)."""
    if doc is None or doc.place is None or not doc.place.code or ctx.gazetteer is None:
        return None
    return doc.place


def _place_node(ctx: Context, code: str, name: str | None = None, doc: Document | None = None,
                where: tuple[str, str] | None = None, surface: str | None = None) -> str:
    """The node of a coded place, with its parents; returns its Turtle token."""
    g, gaz = ctx.graph, ctx.gazetteer
    code = code.strip().ljust(12, "0") if code.strip().isdigit() else code.strip()
    admin = gaz.get(code) if gaz is not None else None
    if gaz is not None and (admin is None or (name and admin.name != name and code.endswith("000000"))):
        admin = place_of_code(code, name) or admin  # a division of the past, a township, a country
    reused = admin is not None and admin.valid_until is not None and gaz is not None and gaz.get(code) is not None
    ref = g.ref(place_iri(f"{code}-{admin.valid_from}" if reused else code, ctx.base))  # 北川县 1985–2003
    official = admin.name if admin is not None else (name or code)
    written, script = None, Script.HANS
    if doc is not None and doc.script == Script.HANT and where is not None:
        written, script = _as_written(official, *where, surface, name), Script.HANT
    if not g.has(ref):
        g.add(ref, A, term("Place"))
        label_node(ctx, ref, official, written, script, place_pinyin(official))
        g.add(ref, *((term("adminCode"), literal(code)) if code.isdigit() else (term("countryCode"), literal(code[:2]))))
        if admin is not None:
            _describe_admin(ctx, ref, admin)
    else:
        label_node(ctx, ref, official, written, script)
    return ref


def _describe_admin(ctx: Context, ref: str, admin: AdminPlace) -> None:
    """A gazetteer place's level, short forms, position and the place it lies within."""
    g = ctx.graph
    if admin.level in LEVEL_CLASSES:
        g.add(ref, A, LEVEL_CLASSES[admin.level])
    for form in short_forms(admin.name):
        g.add(ref, ALT_LABEL, literal(form, "zh"))
    if admin.lat is not None and admin.lon is not None:
        g.add(ref, LAT, decimal_literal(admin.lat))
        g.add(ref, LONG, decimal_literal(admin.lon))
        if admin.approximate:  # a county's point for its township, a successor's for a retired division
            g.add(ref, term("approximateLocation"), "true")
    if admin.parent_code:  # as it was: 阿城市 1998 within 哈尔滨市, 泾县 1988 within 宣城地区
        g.add(ref, term("within"), _place_node(ctx, admin.parent_code))
    _describe_history(ctx, ref, admin)


def _describe_history(ctx: Context, ref: str, place: AdminPlace) -> None:
    """A retired division's years (xsd:gYear) and the divisions that took over (dsj:succeededBy)."""
    if place.valid_until is None:
        return
    g = ctx.graph
    if place.valid_from is not None:
        g.add(ref, term("validFrom"), year_literal(place.valid_from))
    g.add(ref, term("validUntil"), year_literal(place.valid_until))
    for code in place.successors:
        if code != place.code:
            g.add(ref, term("succeededBy"), _place_node(ctx, code))
        elif ctx.gazetteer.get(code) is not None:  # renamed under the same code (北川县 → 北川羌族自治县)
            g.add(ref, term("succeededBy"), g.ref(place_iri(code, ctx.base)))


def _as_written(official: str, text: str, simplified: str, *candidates: str | None) -> str | None:
    """A name as a Traditional text writes it: found through the same-length Simplified text.

    >>> _as_written("广东省", "赴廣東省珠海市", "赴广东省珠海市")
    '廣東省'
    """
    if official:
        at = simplified.find(official)
        if at >= 0 and len(simplified) == len(text):
            return text[at: at + len(official)]
    return next((c for c in candidates if c and simplify(c) == official), None)


def _add_document(ctx: Context, doc: Document) -> None:
    g = ctx.graph
    ref = g.ref(document_iri(doc.doc_id, ctx.base))
    pairs = [(A, term("Document")), (A, ENTITY), (IDENTIFIER, literal(doc.doc_id))]
    if doc.title:
        pairs.append((TITLE, literal(doc.title, _lang(doc))))
    url = (doc.source_url or "").strip()
    if url and is_iri(url):  # an invalid URL was reported when the document was read
        pairs.append((term("sourceUrl"), f"<{url}>"))
    if doc.period is not None:
        first, last = _period_days(doc.period)
        pairs += [(term("period"), literal(str(doc.period))), (term("periodStart"), date_literal(first)),
                  (term("periodEnd"), date_literal(last))]
    pairs += [(term("periodSource"), literal(doc.period_source)), (term("script"), literal(doc.script)),
              (term("sha256"), literal(doc.sha256.lower()))]
    if doc.city:
        own = _own_place(ctx, doc)
        if own is not None:
            node = _place_node(ctx, own.code, doc.city, doc, (doc.text, doc.simplified), doc.city)
        else:
            node = g.ref(place_iri(dataclasses.replace(doc.place, code=""), ctx.base))
            g.add(node, A, term("Place"))
            label_node(ctx, node, simplify(doc.city), doc.city, doc.script, place_pinyin(doc.city))
        pairs.append((term("city"), node))
    g.block(ref, pairs)


def _period_days(period) -> tuple[dt.date, dt.date]:
    first = dt.date(period.year, period.month or 1, 1)
    end_year = period.end_year or period.year
    end_month = period.end_month or (period.month if not period.end_year else 12) or 12
    return first, dt.date(end_year, end_month, calendar.monthrange(end_year, end_month)[1])


_EVENT_TYPES = {kind.value.lower(): kind for kind in EventType}


def _types_of(item: ExtractedEntry) -> list[EventType]:
    """The entry's event types as extraction gave them, each once, in a stable order."""
    kinds = (_EVENT_TYPES.get(str(kind).strip().lower()) for kind in item.event_types)
    return sorted({kind for kind in kinds if kind is not None})


def _add_event(ctx: Context, item: ExtractedEntry) -> None:
    g, entry = ctx.graph, item.entry
    doc = ctx.documents.get(entry.doc_id)
    lang = _lang(doc)
    ref = g.ref(event_iri(entry.doc_id, entry.index, ctx.base))
    pairs = [(A, term("Event")), (A, SCHEMA_EVENT)]
    if entry.date is not None:
        pairs.append((term("date"), date_literal(entry.date)))
    if entry.end_date is not None and entry.end_date != entry.date:
        pairs.append((term("endDate"), date_literal(entry.end_date)))
    if entry.time_of_day:
        pairs.append((term("timeOfDay"), literal(entry.time_of_day, lang)))
    if entry.approximate:
        pairs += [(term("approximateDate"), "true"), (term("datePrecision"), term(str(entry.precision)))]
    if entry.date_inherited:
        pairs.append((term("dateInherited"), "true"))
    pairs.append((term("entryIndex"), str(int(entry.index))))
    pairs.append((term("line"), str(int(entry.line))))
    pairs.extend((term("eventType"), term(kind.value)) for kind in _types_of(item))
    pairs.extend(_places_of(ctx, item, doc))
    pairs.extend(_people_of(ctx, ref, item, doc))
    pairs.append((term("sourceText"), literal(_as_published(doc, entry.start, entry.end) or entry.text, lang)))
    pairs.append((DERIVED_FROM, g.ref(document_iri(entry.doc_id, ctx.base))))
    g.block(ref, pairs)


def _places_of(ctx: Context, item: ExtractedEntry, doc: Document | None) -> list[tuple[str, str]]:
    """(predicate, node) pairs for the entry's places, venues and organisations, grouped by predicate."""
    g = ctx.graph
    lang = _lang(doc)
    context = (doc.city or doc.doc_id) if doc is not None else item.entry.doc_id
    coded = [p for p in item.places if p.kind == PlaceKind.ADMIN and p.code]
    located, venues, orgs = [], [], []
    for place in item.places:
        if place.kind == PlaceKind.ADMIN:
            if place.code:
                where = (item.entry.text, item.entry.simplified)
                located.append(_place_node(ctx, place.code, place.name, doc, where, place.surface))
            else:
                located.append(_uncoded_place(ctx, place, coded, doc, item))
        elif place.kind == PlaceKind.VENUE:
            node = g.ref(venue_iri(place.name, ctx.base, context=context))
            if not g.has(node):
                g.add(node, A, term("Venue"))
            g.add(node, LABEL, literal(place.name, lang))
            venues.append(node)
        elif place.kind == PlaceKind.ORG and names_one_organization(simplify(place.name)):
            orgs.append(_written_organization(ctx, simplify(place.name), doc))
    return ([(term("locatedAt"), n) for n in dict.fromkeys(located)]
            + [(term("venue"), n) for n in dict.fromkeys(venues)]
            + [(term("mentionsOrganization"), n) for n in dict.fromkeys(orgs)])


def _uncoded_place(ctx: Context, place: PlaceMention, coded: list[PlaceMention], doc: Document | None,
                   item: ExtractedEntry) -> str:
    """A township or village below the gazetteer, within the most specific coded place of its entry."""
    g = ctx.graph
    own = _own_place(ctx, doc)
    rank = (_level_of_name(simplify(place.name)) or AdminLevel.VILLAGE).rank
    above = [p for p in coded if p.code.isdigit() and _level_of_code(p.code).rank < rank]  # no country, no peer
    parent = max(above, key=lambda p: (len(p.code.rstrip("0")), p.code), default=None)
    parent_code = parent.code if parent is not None else (own.code if own is not None else "")
    ref = g.ref(place_iri(place, ctx.base, context=parent_code or ((doc.city or "") if doc else "")))
    name = simplify(place.name)
    written, script = None, Script.HANS
    if doc is not None and doc.script == Script.HANT:
        entry = item.entry
        written, script = _as_written(name, entry.text, entry.simplified, place.surface, place.name), Script.HANT
    if not g.has(ref):
        g.add(ref, A, term("Place"))
        level = _level_of_name(name)
        if level is not None:
            g.add(ref, A, LEVEL_CLASSES[level])
        label_node(ctx, ref, name, written, script, place_pinyin(name))
        if parent_code:
            g.add(ref, term("within"), _place_node(ctx, parent_code))
    else:
        label_node(ctx, ref, name, written, script)
    return ref


def _written_organization(ctx: Context, name: str, doc: Document | None) -> str:
    """The node of an organisation an entry names, expanded with the document's place or province.

    A name that cannot be expanded (县委 in a city's chronicle) is kept as written, within its document.
    """
    doc_id = doc.doc_id if doc is not None else ""
    own = _own_place(ctx, doc)
    key = (name, own.code if own is not None else None, doc_id)
    if key not in ctx.organizations:
        province = ctx.gazetteer.province_of(own) if own is not None else None
        label = canonical_organization(name, own, province)
        ctx.organizations[key] = (organization_node(ctx, label, forms=(name,)) if label is not None
                                  else organization_node(ctx, name, doc_id))
    return ctx.organizations[key]


def _strongest(mentions: list[Mention]) -> Mention:
    """The mention with the strongest role (the first of equals); most persons have just one."""
    if len(mentions) == 1:
        return mentions[0]
    return max(mentions, key=lambda m: ((m.role or Role.ATTENDEE).strength, -m.start))


_SPAN = operator.attrgetter("start", "end")


def _people_of(ctx: Context, ref: str, item: ExtractedEntry, doc: Document | None) -> list[tuple[str, str]]:
    """Participations (present) and person mentions (absent), one per person and entry.

    Returns the event's dsj:mentions pairs; dsj:attended goes on the person.
    """
    g, entry = ctx.graph, item.entry
    lang = _lang(doc)
    by_person: dict[str, list[Mention]] = {}
    ref_by_mention = ctx.ref_by_mention
    for mention in sorted(item.mentions, key=_SPAN):
        person_ref = ref_by_mention.get((mention.doc_id, mention.entry_index, mention.start, mention.end))
        if person_ref is not None:
            by_person.setdefault(person_ref, []).append(mention)
    mentioned, present_n, absent_n = [], 0, 0
    for person_ref, mentions in by_person.items():
        present = [m for m in mentions if m.present]
        title = next((m.title for m in mentions if m.title), None)
        if present:
            present_n += 1
            chosen = _strongest(present)
            node = g.ref(participation_iri(entry.doc_id, entry.index, present_n, ctx.base))
            pairs = [(A, term("Participation")), (term("agent"), person_ref),
                     (term("role"), ROLE_TERMS[chosen.role or Role.ATTENDEE])]
            g.add(person_ref, term("attended"), ref)
            g.add(ref, SCHEMA_ATTENDEE, person_ref)
        else:
            absent_n += 1
            chosen = mentions[0]
            node = g.ref(mention_iri(entry.doc_id, entry.index, absent_n, ctx.base))
            pairs = [(A, term("PersonMention")), (term("person"), person_ref)]
            mentioned.append((term("mentions"), person_ref))
        for mention in mentions:
            ctx.mention_nodes[(mention.doc_id, mention.entry_index, mention.start, mention.end)] = node
        start, end = _offsets_as_published(doc, entry.start, chosen.start, chosen.end)
        pairs += [(term("event"), ref), (term("start"), str(start)), (term("end"), str(end))]
        if title:
            pairs.append((term("title"), literal(title, lang)))
        g.block(node, pairs)
    return mentioned


def _as_published(doc: Document | None, start: int, end: int) -> str | None:
    """A span of the document's text as published (pinyin glosses and spaces kept)."""
    return doc.published_text(start, end) if doc is not None and doc.published else None


def _offsets_as_published(doc: Document | None, entry_start: int, start: int, end: int) -> tuple[int, int]:
    """A mention's offsets in its entry's source text as published (the text dsj:sourceText holds)."""
    if doc is None or not doc.published:
        return int(start), int(end)
    origin = doc.published_span(entry_start, entry_start + 1)[0]
    first, last = doc.published_span(entry_start + start, entry_start + end)
    return first - origin, last - origin


def _build(corpus: Corpus, base_iri: str, gazetteer) -> Triples:
    base = check_base(base_iri)
    graph = Triples(base)
    person_refs = {p.key: graph.ref(person_iri(p, base)) for p in corpus.persons}
    ctx = Context(
        graph=graph, base=base, gazetteer=_load_gazetteer(gazetteer),
        documents={d.doc_id: d for d in corpus.documents},
        ref_by_mention={(m.doc_id, m.entry_index, m.start, m.end): person_refs[p.key]
                        for p in corpus.persons for m in p.mentions},
        person_refs=person_refs, organizations={}, mention_nodes={}, labelled={},
    )
    for doc in corpus.documents:
        _add_document(ctx, doc)
    for item in corpus.entries:
        _add_event(ctx, item)
    for person in corpus.persons:
        add_person(ctx, person)
    add_coattendance(ctx, corpus)
    return graph


def corpus_to_turtle(corpus: Corpus, *, base_iri: str = DEFAULT_BASE, gazetteer=None) -> tuple[str, int]:
    """The corpus as Turtle text and its number of triples; same corpus → same bytes.

    ``gazetteer`` defaults to :func:`kg.gazetteer.load_gazetteer` (codes, positions, parents);
    pass False to write places with what the extraction found only.
    """
    with build_context():  # the IRI and literal caches of this graph (or of the build it is part of)
        return _build(corpus, base_iri, gazetteer).turtle()


def corpus_to_store(corpus: Corpus, *, base_iri: str = DEFAULT_BASE, gazetteer=None):
    """The corpus as an in-memory ``pyoxigraph.Store``, ready for SPARQL."""
    import pyoxigraph as ox

    text, _ = corpus_to_turtle(corpus, base_iri=base_iri, gazetteer=gazetteer)
    store = ox.Store()
    store.load(text.encode("utf-8"), format=ox.RdfFormat.TURTLE)
    return store


def write_turtle(corpus: Corpus, path: str | os.PathLike, *, base_iri: str = DEFAULT_BASE, gazetteer=None) -> int:
    """Write the corpus graph as Turtle, atomically (temp file + os.replace); returns the triple count.

    The bytes of :func:`corpus_to_turtle`'s text, streamed to the file piece by piece: the text
    of a large graph (and its UTF-8 copy) is never held whole.
    """
    count = 0
    with build_context(), atomic_file(path) as out:
        for text, triples in _build(corpus, base_iri, gazetteer).chunks():
            out.write(text.encode("utf-8"))
            count += triples
    return count


def validate_graph(graph, *, shapes: str | os.PathLike | None = None) -> tuple[bool, str]:
    """Validate a graph (a Turtle path, Turtle text or rdflib Graph) against ontology/shapes.ttl.

    Returns ``(conforms, report text)``; uses pyshacl without inference, so the graph must
    state its types itself (it does).
    """
    import pyshacl
    import rdflib

    if isinstance(graph, rdflib.Graph):
        data = graph
    elif isinstance(graph, os.PathLike) or (isinstance(graph, str) and "\n" not in graph and Path(graph).is_file()):
        data = rdflib.Graph().parse(str(graph), format="turtle")
    else:
        data = rdflib.Graph().parse(data=graph, format="turtle")
    shape_graph = rdflib.Graph().parse(str(shapes or shapes_path()), format="turtle")
    conforms, _, text = pyshacl.validate(data, shacl_graph=shape_graph, inference="none", advanced=True)
    return bool(conforms), text
