"""Tests for kg/attendance.py: the one definition of co-attendance, on real chronicle lines and the gold corpus."""

from __future__ import annotations

import networkx as nx
import pytest
from networkx.algorithms import bipartite

from kg.attendance import (LARGE_EVENT_ABOVE, attendance, coattendance, event_key, event_sort_key,
                           strongest_roles)
from kg.model import Role
from rdf_fixtures import gold_corpus
from test_network import ZHANGYE, _crowd, corpus_from_lines, person_key as K

CH, AT = Role.CHAIR, Role.ATTENDEE


def test_attendance_links_are_the_weighted_bipartite_projection_on_the_gold_corpus():
    corpus = gold_corpus()
    present = attendance(corpus)
    people = nx.Graph()
    for person in corpus.persons:
        for mention in person.mentions:
            if mention.present:
                people.add_edge(("person", person.key), ("event", event_key(mention.doc_id, mention.entry_index)))
    persons = [node for node in people if node[0] == "person"]
    projected = bipartite.weighted_projected_graph(people, persons)
    expected = {tuple(sorted((u[1], v[1]))): data["weight"] for u, v, data in projected.edges(data=True)}
    links = coattendance(present)
    assert {pair: len(events) for pair, events in links.shared.items()} == expected
    assert len(expected) > 100 and max(expected.values()) >= 10
    assert links.large == {}
    assert set(present) == {p[1] for p in persons}


def test_attendance_absent_people_are_not_present_and_link_nobody():
    corpus = corpus_from_lines(ZHANGYE[:1])  # the first line names a leader whose speech is studied: absent
    present = attendance(corpus)
    assert K("习近平") not in present
    links = coattendance(present)
    assert set(links.shared) == {(K("卢小亨"), K("周均发")), (K("卢小亨"), K("王海峰")), (K("周均发"), K("王海峰"))}
    assert all(u < v for u, v in links.shared)


def test_attendance_strongest_role_of_a_person_named_twice_in_one_entry():
    line = "2日,甲子金主持会议,乙丑木出席。甲子金讲话。"
    corpus = corpus_from_lines([("2024-07-02", line, [("甲子金", AT, None), ("乙丑木", AT, None), ("甲子金", CH, None)])])
    person = next(p for p in corpus.persons if p.key == K("甲子金"))
    assert strongest_roles(person) == {"zhangye-2024-07#1": CH}
    assert coattendance(attendance(corpus)).shared == {(K("乙丑木"), K("甲子金")): ["zhangye-2024-07#1"]}


def test_attendance_shared_events_in_document_and_entry_order():
    rows = [("2024-07-02", f"{day}日,甲子金主持会议,乙丑木出席。", [("甲子金", CH, None), ("乙丑木", AT, None)])
            for day in range(1, 12)]
    events = coattendance(attendance(corpus_from_lines(rows))).shared[K("乙丑木"), K("甲子金")]
    assert events == [f"zhangye-2024-07#{i}" for i in range(1, 12)]  # entry 10 after entry 9
    assert sorted(["b#2", "a#10", "b#10", "b#9"], key=event_sort_key) == ["a#10", "b#2", "b#9", "b#10"]


@pytest.mark.parametrize("extra", [0, 1])
def test_attendance_event_above_the_limit_links_nobody(extra):
    crowd = _crowd(LARGE_EVENT_ABOVE + extra)
    rows = [("2024-07-01", "1日,全市大会召开," + "、".join(n for n, _, _ in crowd) + "出席。", crowd),
            ("2024-07-02", "2日,甲子金主持会议,乙丑木出席。", [("甲子金", CH, None), ("乙丑木", AT, None)])]
    links = coattendance(attendance(corpus_from_lines(rows)))
    n = len(crowd)
    if extra:
        assert links.large == {"zhangye-2024-07#1": n}
        assert links.shared == {(K("乙丑木"), K("甲子金")): ["zhangye-2024-07#2"]}
    else:
        assert links.large == {}
        assert len(links.shared) == n * (n - 1) // 2
        assert links.shared[K("乙丑木"), K("甲子金")] == ["zhangye-2024-07#1", "zhangye-2024-07#2"]
