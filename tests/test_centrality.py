"""Tests for kg/centrality.py: betweenness and Louvain communities, seeded, leaving no global trace."""

from __future__ import annotations

import random

import networkx as nx
import pytest

import kg.centrality
from kg.centrality import betweenness, betweenness_centrality, communities
from kg.network import coattendance_graph
from test_network import corpus, graph, person_key as K  # noqa: F401 (fixtures: the Zhangye lines' network)


def _planted() -> nx.Graph:
    """Twelve groups of 25 people with weighted links, keyed as strings in sorted order."""
    planted = nx.planted_partition_graph(12, 25, 0.5, 0.02, seed=7)
    graph = nx.Graph()
    graph.add_nodes_from(f"p{n:03d}" for n in sorted(planted))
    graph.add_edges_from((f"p{u:03d}", f"p{v:03d}", {"weight": 1 + (u + v) % 3}) for u, v in sorted(planted.edges()))
    return graph


def test_centrality_betweenness_highest_for_the_bridge(graph):
    # 赵立香 alone links the speakers of entry 2 and 杨育林/钱向东 to the rest.
    best = max(graph.nodes, key=lambda key: graph.nodes[key]["betweenness"])
    assert best == K("赵立香")
    assert graph.nodes[K("刘力江")]["betweenness"] == 0


@pytest.mark.parametrize("make", [
    lambda: nx.path_graph(6),
    lambda: nx.barbell_graph(5, 2),
    lambda: nx.disjoint_union(nx.cycle_graph(7), nx.star_graph(4)),  # two components and a hub
    lambda: nx.relabel_nodes(nx.karate_club_graph(), str),
    _planted,
])
@pytest.mark.parametrize("k", [None, 5])
def test_centrality_betweenness_is_networkx_betweenness(make, k):
    graph = make()
    ours = betweenness_centrality(graph, k=k, seed=3)
    theirs = nx.betweenness_centrality(graph, k=k, normalized=True, seed=3)
    assert list(ours) == list(graph)
    assert ours == pytest.approx(theirs, abs=1e-12)


def test_centrality_betweenness_is_sampled_above_the_threshold(monkeypatch):
    graph = _planted()  # 300 people
    exact = betweenness(graph)
    monkeypatch.setattr(kg.centrality, "BETWEENNESS_EXACT_UP_TO", 100)
    monkeypatch.setattr(kg.centrality, "BETWEENNESS_SAMPLE", 40)
    sampled = betweenness(graph, seed=5)
    expected = nx.betweenness_centrality(graph, k=40, normalized=True, seed=5)
    assert sampled == {key: round(value, 6) for key, value in expected.items()}
    assert sampled != exact
    assert betweenness(graph, seed=5) == sampled  # seeded: the same sample again


def test_centrality_communities_numbered_by_size(graph):
    members = {}
    for key, number in graph.nodes(data="community"):
        members.setdefault(number, []).append(key)
    numbers = sorted(members)
    assert numbers == list(range(1, len(numbers) + 1))
    sizes = [len(members[n]) for n in numbers]
    assert sizes == sorted(sizes, reverse=True)
    assert members[numbers[-1]] == [K("刘力江")]  # the isolate is a community of one, last


def test_centrality_communities_split_visitors_from_city_leaders(graph):
    community = nx.get_node_attributes(graph, "community")
    assert community[K("李景虹")] == community[K("岳建民")] == community[K("石峰")]
    assert community[K("李景虹")] != community[K("王海峰")]


def test_centrality_large_network_communities_come_from_igraph_louvain(monkeypatch, corpus, graph):
    monkeypatch.setattr(kg.centrality, "LOUVAIN_IN_C_ABOVE", 0)
    state = random.getstate()
    in_c = coattendance_graph(corpus)
    assert random.getstate() == state  # the random module is left as it was
    community = dict(in_c.nodes(data="community"))
    assert community == dict(coattendance_graph(corpus).nodes(data="community"))
    assert sorted(set(community.values())) == list(range(1, len(set(community.values())) + 1))
    assert community[K("李景虹")] == community[K("岳建民")] == community[K("石峰")] != community[K("王海峰")]
    assert community[K("刘力江")] == max(community.values())  # the isolate, last
    strip = lambda data: {k: v for k, v in data.items() if k != "community"}  # noqa: E731
    assert [(k, strip(d)) for k, d in in_c.nodes(data=True)] == [(k, strip(d)) for k, d in graph.nodes(data=True)]


def test_centrality_igraph_louvain_finds_the_partition_networkx_finds(monkeypatch):
    graph = _planted()
    by_networkx = communities(graph, seed=42)
    monkeypatch.setattr(kg.centrality, "LOUVAIN_IN_C_ABOVE", 0)
    by_igraph = communities(graph, seed=42)
    assert len(set(by_igraph.values())) == 12
    assert by_igraph == by_networkx


class _CountingGenerator(random.Random):
    """A generator a notebook user might give igraph, counting the numbers igraph draws from it."""

    draws = 0

    def random(self):
        type(self).draws += 1
        return super().random()

    def getrandbits(self, k):
        type(self).draws += 1
        return super().getrandbits(k)


def _igraph_follows_random_module() -> bool:
    import igraph

    state = random.getstate()
    try:
        random.seed(11)
        first = igraph.Graph.Erdos_Renyi(n=20, p=0.5).get_edgelist()
        random.seed(11)
        return igraph.Graph.Erdos_Renyi(n=20, p=0.5).get_edgelist() == first
    finally:
        random.setstate(state)


def test_centrality_leaves_igraphs_generator_as_it_found_it(monkeypatch):
    import igraph

    monkeypatch.setattr(kg.centrality, "LOUVAIN_IN_C_ABOVE", 0)
    assert _igraph_follows_random_module()  # igraph's default
    expected = communities(_planted(), seed=42)
    assert _igraph_follows_random_module()  # still the random module, not a seeded copy
    mine = _CountingGenerator(5)
    igraph.set_random_number_generator(mine)
    try:
        assert communities(_planted(), seed=42) == expected  # seeded all the same
        before = _CountingGenerator.draws
        igraph.Graph.Erdos_Renyi(n=20, p=0.5)
        assert _CountingGenerator.draws > before  # igraph still draws from the user's generator
    finally:
        igraph.set_random_number_generator(random)
