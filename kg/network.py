"""Co-attendance network: a person–event graph projected onto the people who attend events together."""

from __future__ import annotations

import datetime as dt
import heapq
from typing import Any

import networkx as nx

from kg.attendance import (LARGE_EVENT_ABOVE, Attendance, attendance, coattendance, event_key, event_sort_key,
                           strongest_roles)
from kg.centrality import DEFAULT_SEED, betweenness, communities
from kg.dates import lead_end
from kg.model import Corpus, Entry, Person, Role
from kg.pinyin import person_pinyin

__all__ = [
    "DEFAULT_SEED",
    "LARGE_EVENT_ABOVE",
    "ROLE_COUNTS",
    "event_key",
    "strongest_roles",
    "short_title",
    "bipartite_graph",
    "coattendance_graph",
    "ego_network",
    "top_people",
    "find_people",
    "strongest_subgraph",
    "DRAWN_GROUPS",
]

SHORT_TITLE_LENGTH = 24

ROLE_COUNTS = {
    Role.CHAIR: "chaired",
    Role.LEAD: "led",
    Role.SPEAKER: "spoke",
    Role.ATTENDEE: "attended",
}
"""Node attribute that counts the events where a person's strongest role was this one."""

_PERSON, _EVENT = 0, 1  # values of the "bipartite" node attribute, as networkx expects


def short_title(text: str, length: int = SHORT_TITLE_LENGTH, lead: int | None = None) -> str:
    """The first ``length`` characters of an entry after its date lead, for labels and lists.

    The date is shown next to the title, so the lead (bullet, day, time of day) is dropped:
    where it ends is ``lead`` (an entry's ``lead_end``, found when it was segmented) or what
    the one date parser, :func:`kg.dates.lead_end`, finds. A title that was cut ends with "…".

    >>> short_title("4日,韩明远、秦丽华来到甘肃国际会展中心,检查由我市和省农业农村厅牵头承办的第三十届兰洽会")
    '韩明远、秦丽华来到甘肃国际会展中心,检查由我市和…'
    >>> short_title("△  全市紧密型县域医共体建设工作会议召开,通报紧密型县域医共体建设情况")
    '全市紧密型县域医共体建设工作会议召开,通报紧密型…'
    >>> short_title("1月5日 市委書記周霖率隊赴廣東省珠海市"), short_title("★1日,全市召开会议")
    ('市委書記周霖率隊赴廣東省珠海市', '全市召开会议')
    """
    body = " ".join(text[lead_end(text) if lead is None else lead:].split()) or " ".join(text.split())
    return body if len(body) <= length else body[:length] + "…"


def _title(entry: Entry) -> str:
    return short_title(entry.text, lead=entry.lead_end)


def _entries_by_key(corpus: Corpus) -> dict[str, Entry]:
    return {event_key(x.entry.doc_id, x.entry.index): x.entry for x in corpus.entries}


def _pinyin(person: Person) -> str:
    """Pinyin of a person's name, the surname read as a surname."""
    return person_pinyin(person.name_simplified or person.name)


def _event_keys(entries: dict[str, Entry], present: Attendance) -> list[str]:
    """Every event key in document and entry order: the entries, and any event a mention
    points to without an entry."""
    keys = set(entries) | {event for _, roles in present.values() for event in roles}
    return sorted(keys, key=event_sort_key)


def bipartite_graph(corpus: Corpus) -> nx.Graph:
    """Person–event graph: who took part in which event, with the role as edge attribute.

    Person nodes are keyed by ``Person.key`` (``bipartite=0``; name, pinyin, titles, city),
    event nodes by ``"doc_id#index"`` (``bipartite=1``; date, end_date, title, doc_id, index).
    Only mentions with ``present`` True make edges; each edge carries the person's strongest
    role in that event. People never present are left out; every entry is an event node,
    even one nobody attended. Nodes are added in sorted order so the graph is deterministic.
    """
    entries = _entries_by_key(corpus)
    present = attendance(corpus)
    graph = nx.Graph(name="person–event")
    for key, (person, _) in present.items():
        graph.add_node(
            key,
            bipartite=_PERSON,
            name=person.name,
            name_simplified=person.name_simplified,
            pinyin=_pinyin(person),
            titles=list(person.titles),
            city=person.city or "",
        )
    for key in _event_keys(entries, present):
        entry = entries.get(key)
        doc_id, index = event_sort_key(key)
        graph.add_node(
            key,
            bipartite=_EVENT,
            doc_id=doc_id,
            index=index,
            date=entry.date if entry else None,
            end_date=entry.end_date if entry else None,
            title=_title(entry) if entry else "",
        )
    for key, (_, roles) in present.items():
        for event in sorted(roles, key=event_sort_key):
            graph.add_edge(key, event, role=roles[event].value)
    return graph


def _iso(date: dt.date | None) -> str:
    return date.isoformat() if date else ""


def _event_order(corpus: Corpus, present: Attendance) -> dict[str, tuple[str, str]]:
    """Every event key, in document and entry order, with its (ISO date, short title); an
    event a mention points to without an entry has both empty."""
    entries = _entries_by_key(corpus)
    events = {}
    for key in _event_keys(entries, present):
        entry = entries.get(key)
        events[key] = (_iso(entry.date), _title(entry)) if entry else ("", "")
    return events


def _event_list(events: dict[str, tuple[str, str]], keys: list[str]) -> list[tuple[str, str]]:
    """Shared events as (ISO date, short title), dated ones first, in date order."""
    return sorted((events[key] for key in keys), key=lambda item: (item[0] == "", item[0], item[1]))


def _person_attributes(person: Person, roles: dict[str, Role], events: dict[str, tuple[str, str]]) -> dict[str, Any]:
    """Node attributes of a person before the network measures (degree, community, …) are added."""
    counts = {name: 0 for name in ROLE_COUNTS.values()}
    for role in roles.values():
        counts[ROLE_COUNTS[role]] += 1
    return {
        "name": person.name,
        "name_simplified": person.name_simplified,
        "pinyin": _pinyin(person),
        "titles": list(person.titles),
        "city": person.city or "",
        "events": len(roles),
        **counts,
        "dates": sorted(date for date in (events[key][0] for key in roles) if date),
    }


def coattendance_graph(corpus: Corpus, *, seed: int = DEFAULT_SEED) -> nx.Graph:
    """Weighted person–person graph: an edge for every two people present at a same event
    of at most ``LARGE_EVENT_ABOVE`` people (larger events are listed, with their number of
    pairs, in ``graph.graph["large_events"]``); the links are :func:`kg.attendance.coattendance`,
    the ones the graph publishes as ``dsj:CoAttendance``.

    The weighted projection of :func:`bipartite_graph` (what ``bipartite.weighted_projected_graph``
    gives, computed event by event), built in sorted order so that results do not depend on
    Python's set ordering.
    Edge attributes: ``weight`` (number of shared events) and ``events``, the sorted list of
    shared ``(date iso, short title)``. Node attributes: ``name``, ``pinyin``, ``titles``,
    ``events``, ``chaired``/``led``/``spoke``/``attended`` (strongest role per event),
    ``dates`` (ISO dates of their events), ``degree``, ``strength`` (sum of edge weights),
    ``betweenness`` (unweighted, normalised; estimated from a seeded sample of sources above
    ``kg.centrality.BETWEENNESS_EXACT_UP_TO`` people) and ``community`` (Louvain, seeded, numbered by
    size). Betweenness ignores weights: a weight counts meetings, it is not a distance.
    """
    present = attendance(corpus)
    events = _event_order(corpus, present)
    links = coattendance(present)
    graph = nx.Graph(name="co-attendance")
    if links.large:  # counted, not expanded (LARGE_EVENT_ABOVE)
        graph.graph["large_events"] = [{"date": events[event][0], "title": events[event][1], "people": n,
                                        "pairs": n * (n - 1) // 2} for event, n in links.large.items()]
    graph.add_nodes_from((key, _person_attributes(person, roles, events)) for key, (person, roles) in present.items())
    shared = links.shared
    graph.add_edges_from((u, v, {"weight": len(shared[u, v]), "events": _event_list(events, shared[u, v])})
                         for u, v in sorted(shared))
    community = communities(graph, seed)
    centrality = betweenness(graph, seed)
    for key, data in graph.nodes(data=True):
        neighbours = graph.adj[key]
        data["degree"] = len(neighbours)
        data["strength"] = sum(link["weight"] for link in neighbours.values())
        data["betweenness"] = centrality[key]
        data["community"] = community[key]
    return graph


def ego_network(graph: nx.Graph, key: str, radius: int = 1) -> nx.Graph:
    """A person's circle: the person, everyone within ``radius`` links, and the links among them.

    Raises ``KeyError`` naming the key when the person is not in the graph.
    """
    if key not in graph:
        raise KeyError(f"no person with key {key!r} in the graph")
    return nx.ego_graph(graph, key, radius=radius).copy()


def _rank(graph: nx.Graph, key: str, by: str) -> tuple:
    data = graph.nodes[key]
    return (-data.get(by, 0), -data.get("strength", 0), -data.get("events", 0), key)


def top_people(graph: nx.Graph, n: int = 10, *, by: str = "events") -> list[str]:
    """Keys of the ``n`` people with the highest ``by`` attribute (events, degree, strength,
    betweenness, chaired, …); ties go to the more connected person, then to the smaller key."""
    return sorted(graph.nodes, key=lambda key: _rank(graph, key, by))[:n]


def _fold_pinyin(text: str) -> str:
    """Lower-case pinyin without spaces, tone marks or tone digits, for matching."""
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if c.isalpha() and not unicodedata.combining(c))


def find_people(graph: nx.Graph, query: str) -> list[str]:
    """Keys of the people whose key, Chinese name or pinyin matches ``query``.

    Exact matches come first, then names and pinyin that start with or contain it; pinyin
    matching ignores case, spaces and tones (``"Zhao Lixiang"``, ``"zhaolixiang"``). The page's
    search box follows the same rules.
    """
    text = query.strip()
    folded = _fold_pinyin(text)
    if not text:
        return []
    scored = []
    for key, data in graph.nodes(data=True):
        names = [data.get("name", ""), data.get("name_simplified", "")]
        pinyin = _fold_pinyin(data.get("pinyin", ""))
        if key == text or text in names or (folded and folded == pinyin):
            score = 0
        elif any(name.startswith(text) for name in names) or (folded and pinyin.startswith(folded)):
            score = 1
        elif any(text in name for name in names) or (folded and folded in pinyin):
            score = 2
        else:
            continue
        scored.append((score, -data.get("events", 0), key))
    return [key for *_, key in sorted(scored)]


DRAWN_GROUPS = 10
"""A network cut for the page (:func:`strongest_subgraph`) grows each group of linked people it
starts to ``max_nodes // DRAWN_GROUPS`` people (or its whole component) before a stronger person
elsewhere starts another. Generated corpora of many towns rank every town's hub above every
second person: with no floor, 500 people were the hubs of 500 towns (50k entries), drawn as
500 dots; with this floor, ten towns of 50 people each, everyone linked."""


def strongest_subgraph(graph: nx.Graph, max_nodes: int, max_edges: int | None = None) -> nx.Graph:
    """The part of a large network that stays readable: at most ``max_nodes`` people and, among
    them, at most ``max_edges`` links.

    A network of ``max_nodes`` people or fewer is drawn whole. A larger one is drawn as groups of
    linked people grown from the most connected (by strength, then events; :func:`_drawn_people`),
    so that every person drawn has a drawn link while linked people are left; people without
    links come last. The most connected alone are no network: in a corpus of many towns they
    are the towns' heads, who never met, and were drawn as dots.

    The links kept are first each person's strongest link, so that nobody who has links is
    drawn alone, then the heaviest of the others; ties go to links between stronger people.
    Node and edge attributes keep their values from the whole graph (degree, community, …).
    """
    keep = _drawn_people(graph, max(max_nodes, 0))
    sub = graph.subgraph(keep)
    edges = sorted(tuple(sorted(edge)) for edge in sub.edges())
    if max_edges is not None and len(edges) > max_edges:
        edges = _strongest_edges(sub, edges, max(max_edges, 0))
    result = nx.Graph(name=graph.graph.get("name", ""))
    result.add_nodes_from((key, graph.nodes[key]) for key in sorted(keep))
    result.add_edges_from((u, v, graph.edges[u, v]) for u, v in sorted(edges))
    return result


def _drawn_people(graph: nx.Graph, max_nodes: int) -> list[str]:
    """Keys of the people to draw: everyone when they fit, else groups grown along links.

    Each connected component is a stream of people in connected order: its most connected
    person, then always the most connected person linked to someone already drawn (Prim's
    order, people ranked as :func:`top_people` ranks by strength). The streams merge by the
    rank of their next person; a stream that starts is first grown to ``max_nodes //
    DRAWN_GROUPS`` people (or its whole component), and only with room for two, so that no
    one starts alone. People without links fill what room is left once every linked person
    is drawn. Only the components started are walked and only drawn people's links are read:
    O(n + links of the groups drawn, times log n), no pass over pairs.
    """
    if len(graph) <= max_nodes:
        return list(graph.nodes)
    rank = {key: _rank(graph, key, "strength") for key in graph}
    seeds = [(rank[key], key) for key in graph if graph.adj[key]]  # the strongest unstarted first
    heapq.heapify(seeds)
    least = max(2, max_nodes // DRAWN_GROUPS)
    started: set[str] = set()  # everyone in a component already started
    drawn: set[str] = set()

    def draw(key: str, frontier: list) -> None:
        drawn.add(key)
        for other in graph.adj[key]:
            if other not in drawn:
                heapq.heappush(frontier, (rank[other], other))

    def next_of(heap: list, skip: set[str]) -> str | None:
        while heap and heap[0][1] in skip:
            heapq.heappop(heap)
        return heap[0][1] if heap else None

    frontier: list = []
    while len(drawn) < max_nodes:
        room, best, seed = max_nodes - len(drawn), next_of(frontier, drawn), next_of(seeds, started)
        if seed is not None and room >= 2 and (best is None or rank[seed] < rank[best]):
            started.update(nx.node_connected_component(graph, seed))
            group: list = []
            draw(seed, group)
            for _ in range(min(least, room) - 1):
                if (key := next_of(group, drawn)) is None:
                    break
                draw(key, group)
            for item in group:
                heapq.heappush(frontier, item)
        elif best is not None:
            draw(best, frontier)
        else:
            break
    if next_of(seeds, started) is None and next_of(frontier, drawn) is None:
        alone = sorted((key for key in graph if key not in drawn), key=rank.__getitem__)
        drawn.update(alone[: max_nodes - len(drawn)])
    return sorted(drawn)


def _strongest_edges(graph: nx.Graph, edges: list[tuple[str, str]], limit: int) -> list[tuple[str, str]]:
    """Each node's strongest edge, then the heaviest others, ``limit`` in all."""
    strength = {key: graph.nodes[key].get("strength", 0) for key in graph}

    def rank(edge: tuple[str, str]) -> tuple:
        u, v = edge
        return (-graph.edges[u, v].get("weight", 1), -(strength[u] + strength[v]), u, v)

    ranked = sorted(edges, key=rank)
    best: dict[str, tuple[str, str]] = {}
    for edge in ranked:
        for key in edge:
            best.setdefault(key, edge)
    backbone = sorted(set(best.values()), key=rank)[:limit]
    chosen = set(backbone)
    rest = [edge for edge in ranked if edge not in chosen][: limit - len(backbone)]
    return backbone + rest
