"""Co-attendance, defined once: who was present at which event, and the events each two people shared.

The network stage (:mod:`kg.network`) draws these links and the graph stage (:mod:`kg.graph`)
publishes them as ``dsj:CoAttendance`` nodes; both take them from here, so the page, edges.csv
and the graph count the same shared events. A person counts as present at an event when one of
their mentions in its entry is present; an event of more than :data:`LARGE_EVENT_ABOVE` present
people links nobody (it is counted apart).
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.model import Corpus, Person, Role

__all__ = [
    "LARGE_EVENT_ABOVE",
    "Attendance",
    "CoAttendance",
    "event_key",
    "event_sort_key",
    "strongest_roles",
    "attendance",
    "shared_by_pair",
    "coattendance",
]

LARGE_EVENT_ABOVE = 100
"""An event with more than this many people present adds no co-attendance links: its pairs
are counted (:attr:`CoAttendance.large`; the network's ``graph.graph["large_events"]``: date,
title, people, pairs) but not expanded into links, their per-link event lists or the graph's
``dsj:CoAttendance`` nodes. Pairs grow with the square of a list: one entry
naming 1,000 people made 499,500 links (64–81 s, 1.9 GB, a 200 MB GEXF; now 4 s, 0.23 GB)
and 3,000 people were killed at 12.7 GB (now 9 s, 0.29 GB). The largest event of the shared
corpora has 19 people; 100 people make 4,950 pairs."""

Attendance = dict[str, tuple[Person, dict[str, Role]]]
"""Person key → (person, event key → the person's strongest role there)."""


@dataclass(frozen=True)
class CoAttendance:
    """The co-attendance links of a corpus.

    ``shared``: (person key, person key) → the keys of the events both were present at, the
    pair in key order, the events in document and entry order; ``large``: event key → people
    present, for the events left out (more than :data:`LARGE_EVENT_ABOVE`), in event order.
    """

    shared: dict[tuple[str, str], list[str]]
    large: dict[str, int]


def event_key(doc_id: str, index: int) -> str:
    """The key of an event (an entry of a document): ``"doc_id#index"``.

    >>> event_key("zhangye-2024-07", 3)
    'zhangye-2024-07#3'
    """
    return f"{doc_id}#{index}"


def event_sort_key(key: str) -> tuple[str, int]:
    """Document and entry order of event keys (entry 10 after entry 9).

    >>> sorted(["d#10", "d#9", "c#11"], key=event_sort_key)
    ['c#11', 'd#9', 'd#10']
    """
    doc_id, _, index = key.rpartition("#")
    return doc_id, int(index) if index.isdigit() else 0


def strongest_roles(person: Person) -> dict[str, Role]:
    """Event key → the person's strongest role there, over the mentions that are present."""
    roles: dict[str, Role] = {}
    for mention in person.mentions:
        if not mention.present:
            continue
        key = event_key(mention.doc_id, mention.entry_index)
        role = mention.role or Role.ATTENDEE
        if key not in roles or role.strength > roles[key].strength:
            roles[key] = role
    return roles


def attendance(corpus: Corpus) -> Attendance:
    """Person key → (person, event key → strongest role), in key order, for the people
    present at one event at least."""
    present = {p.key: (p, strongest_roles(p)) for p in sorted(corpus.persons, key=lambda p: p.key)}
    return {key: value for key, value in present.items() if value[1]}


def shared_by_pair(attendees: dict[str, list[str]]) -> dict[tuple[str, str], list[str]]:
    """The events each two people shared (the weighted bipartite projection), taken from each
    event's attendees at once instead of intersecting neighbour sets pair by pair.

    >>> shared_by_pair({"e1": ["a", "b", "c"], "e2": ["a", "c"]})
    {('a', 'b'): ['e1'], ('a', 'c'): ['e1', 'e2'], ('b', 'c'): ['e1']}
    """
    shared: dict[tuple[str, str], list[str]] = {}
    for event, people in attendees.items():
        for i, u in enumerate(people):
            for v in people[i + 1 :]:
                pair = (u, v)
                if pair in shared:
                    shared[pair].append(event)
                else:
                    shared[pair] = [event]
    return shared


def coattendance(present: Attendance) -> CoAttendance:
    """The links between the people of :func:`attendance`: every two present at a same event of
    at most :data:`LARGE_EVENT_ABOVE` people, with the events they shared.

    >>> from kg.model import Mention
    >>> def person(key, *entries):  # present at entries of document "d"
    ...     return Person(key, key, key, None, mentions=tuple(
    ...         Mention("d", i, 0, 1, key, key, role=Role.ATTENDEE) for i in entries))
    >>> links = coattendance(attendance(Corpus((), (), (person("a", 1, 2), person("b", 2), person("c", 1, 2)))))
    >>> links.shared
    {('a', 'c'): ['d#1', 'd#2'], ('a', 'b'): ['d#2'], ('b', 'c'): ['d#2']}
    """
    attendees: dict[str, list[str]] = {}
    for key, (_, roles) in present.items():  # people in key order, so each list is sorted
        for event in roles:
            attendees.setdefault(event, []).append(key)
    order = sorted(attendees, key=event_sort_key)
    large = {event: len(attendees[event]) for event in order if len(attendees[event]) > LARGE_EVENT_ABOVE}
    shared = shared_by_pair({event: attendees[event] for event in order if event not in large})
    return CoAttendance(shared=shared, large=large)
