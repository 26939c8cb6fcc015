"""What the co-attendance page shows besides the network: each event's full text, source, place and
type, each person's role at each event, and the character table that lets search cross scripts."""

from __future__ import annotations

import functools
from typing import Any

import networkx as nx

from kg.attendance import event_key, strongest_roles
from kg.model import Corpus, ExtractedEntry, Person

__all__ = ["SOURCE_SCHEMES", "page_views", "person_roles", "event_place", "script_table", "safe_url",
           "province_outlines"]

SOURCE_SCHEMES = ("http://", "https://")
"""A document's source URL becomes a link on the page only with one of these schemes."""


def safe_url(url: str | None) -> str:
    """``url`` when it is a plain web address, else "" (no ``javascript:``, ``data:``, relative paths).

    >>> safe_url("https://www.zhangye.gov.cn/a.html"), safe_url("javascript:alert(1)")
    ('https://www.zhangye.gov.cn/a.html', '')
    """
    url = (url or "").strip()
    if not url.lower().startswith(SOURCE_SCHEMES) or any(c in url for c in "\"'<> \t\n\r"):
        return ""
    return url


def person_roles(person: Person) -> dict[str, str]:
    """Event key → the person's strongest role there (chair, lead, speaker, attendee), over the
    mentions where the person is present: the same count as the network's role columns."""
    return {key: role.value for key, role in sorted(strongest_roles(person).items())}


@functools.lru_cache(maxsize=1)
def _gazetteer():
    from kg.gazetteer import load_gazetteer

    return load_gazetteer()


def event_place(extracted: ExtractedEntry, gazetteer=None) -> tuple[str, str, float, float] | None:
    """``(code, name, lat, lon)`` of where an event took place, for the map: the most precise
    administrative place named in the entry that has coordinates, else the document's own
    place (an implicit mention such as 我市); None when no place has coordinates."""
    gazetteer = _gazetteer() if gazetteer is None else gazetteer
    best = None
    for mention in extracted.places:
        if mention.kind != "admin" or not mention.code:
            continue
        place = gazetteer.get(mention.code)
        if place is None or place.lat is None or place.lon is None:
            continue
        rank = (not mention.implicit, _LEVELS.get(place.level, 0))
        if best is None or rank > best[0]:
            best = (rank, (place.code, place.name, place.lat, place.lon))
    return best[1] if best else None


_LEVELS = {"province": 1, "city": 2, "county": 3, "township": 4, "village": 5}


def script_table(texts: list[str]) -> dict[str, str]:
    """Character → its Simplified form, for every character of ``texts`` in either script, so
    that a search typed in Traditional finds a name written in Simplified and back.

    >>> table = script_table(["赵建国", "市长"])
    >>> "".join(table.get(c, c) for c in "趙建國"), "".join(table.get(c, c) for c in "市長")
    ('赵建国', '市长')
    """
    import zhconv

    from kg.gazetteer import simplify

    table: dict[str, str] = {}
    chars = sorted({c for text in texts for c in text if ord(c) > 0x2E7F})
    for char in chars:
        simple = simplify(char)
        for form in {char, zhconv.convert(simple, "zh-hant"), zhconv.convert(simple, "zh-tw")}:
            if len(form) == 1 and form != simple:
                table[form] = simple
    return dict(sorted(table.items()))


def page_views(corpus: Corpus, graph: nx.Graph) -> dict[str, Any]:
    """The page's data beyond the network, for the people of ``graph`` (the people drawn):

    - ``events``: event key → ``{date, end, text (full entry text), doc, types, place}`` for every
      event one of them attended;
    - ``docs``: document id → ``{title, url (http/https only), city}``;
    - ``places``: ``[code, name, lat, lon]`` rows, ``place`` in an event indexes them;
    - ``roles``: person key → {event key → strongest role};
    - ``chars``: the script table of their names and titles (:func:`script_table`).
    Everything is plain JSON; the page puts it into the DOM as text only.
    """
    people = {p.key: p for p in corpus.persons if p.key in graph}
    roles = {key: person_roles(people[key]) for key in sorted(people)}
    wanted = {event for person in roles.values() for event in person}
    events: dict[str, dict[str, Any]] = {}
    places: dict[str, int] = {}
    place_rows: list[list[Any]] = []
    for extracted in corpus.entries:
        entry = extracted.entry
        key = event_key(entry.doc_id, entry.index)
        if key not in wanted:
            continue
        place = event_place(extracted)
        if place is not None and place[0] not in places:
            places[place[0]] = len(place_rows)
            place_rows.append([place[0], place[1], round(place[2], 4), round(place[3], 4)])
        events[key] = {
            "date": entry.date.isoformat() if entry.date else "",
            "end": entry.end_date.isoformat() if entry.end_date else "",
            "text": " ".join(entry.text.split()),
            "doc": entry.doc_id,
            "types": list(extracted.event_types),
            "place": places[place[0]] if place is not None else -1,
        }
    used_docs = {event["doc"] for event in events.values()}
    docs = {d.doc_id: {"title": d.title or d.doc_id, "url": safe_url(d.source_url), "city": d.city or ""}
            for d in corpus.documents if d.doc_id in used_docs}
    texts = [t for key in graph for t in (graph.nodes[key].get("name", ""), *graph.nodes[key].get("titles", []))]
    return {"events": dict(sorted(events.items())), "docs": dict(sorted(docs.items())), "places": place_rows,
            "roles": roles, "chars": script_table(texts)}


def province_outlines() -> list[dict[str, Any]]:
    """The province outlines the page's map draws, shipped with the package (Apache ECharts's
    outline of China, thinned; see kg/data/vendor/README.md): ``name``, ``code``, ``centre``
    ``[lon, lat]`` and ``rings``, each a flat ``[lon, lat, lon, lat, …]`` list.

    >>> len(province_outlines()), province_outlines()[0]["name"]
    (34, '北京')
    """
    import json
    from importlib import resources

    text = resources.files("kg").joinpath("data/vendor/china-provinces.json").read_text(encoding="utf-8")
    return json.loads(text)["provinces"]
