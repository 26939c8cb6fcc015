"""Network measures of the co-attendance graph: betweenness centrality and Louvain communities, seeded.

Both run in igraph's C code on a copy of the graph's links, in the graph's (sorted) node
order, so the same network gives the same numbers; neither leaves a trace in the random
generators of the process.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager

import networkx as nx

__all__ = [
    "DEFAULT_SEED",
    "LOUVAIN_IN_C_ABOVE",
    "BETWEENNESS_EXACT_UP_TO",
    "BETWEENNESS_SAMPLE",
    "betweenness",
    "betweenness_centrality",
    "communities",
]

DEFAULT_SEED = 42
"""Seed for Louvain community detection and for the sources betweenness samples, so that the
same corpus gives the same communities and the same values."""

LOUVAIN_IN_C_ABOVE = 2000
"""Above this many people, Louvain communities come from igraph's C implementation of the
method instead of networkx's pure-Python ``louvain_communities``: 6.5 s → 0.3 s for the 45,000
people of the 26k-entry benchmark, where both gave the same partition (as at 10k entries)."""

BETWEENNESS_EXACT_UP_TO = 500
BETWEENNESS_SAMPLE = 250
"""Above ``BETWEENNESS_EXACT_UP_TO`` people, betweenness is estimated from this many seeded
sample sources, which keeps its cost linear in the network (250 breadth-first searches)
where exact betweenness is quadratic (one search from every person).

The searches run in igraph's C code (``Graph.betweenness`` with ``sources``): when people
recur, as the same leaders do month after month in one city, they join the towns into one
giant component that every search crosses. On the 40k-entry benchmark corpus with recurring
names (``benchmarks/generate.py --recurring``: 11,591 people, 225,455 links) the same 250
searches took 143 s in Python and take 2.1 s here (4k entries: 1.8 s and 0.16 s), with the
same values. igraph's sums are networkx's Brandes sums: the values agree with
``nx.betweenness_centrality`` to the six decimals written (exact and sampled alike, on
the shared corpus, the 1k benchmark and the 40k recurring corpus)."""


def _index(graph: nx.Graph):
    """An igraph copy of ``graph`` (links only, weights as the ``weight`` edge attribute) and
    the node keys in igraph's vertex order."""
    import igraph

    keys = list(graph)
    index = {key: i for i, key in enumerate(keys)}
    links = [(index[u], index[v]) for u, v in graph.edges()]
    weights = [weight for *_, weight in graph.edges(data="weight", default=1)]
    return igraph.Graph(n=len(keys), edges=links, edge_attrs={"weight": weights}), keys, index


def betweenness_centrality(graph: nx.Graph, k: int | None = None, seed: int = DEFAULT_SEED) -> dict[str, float]:
    """``nx.betweenness_centrality(graph, k=k, normalized=True, seed=seed)`` for an unweighted,
    undirected graph, computed by igraph: the same ``k`` sources drawn from
    ``random.Random(seed)``, the same sums, the same normalisation.

    >>> g = nx.path_graph(4)
    >>> betweenness_centrality(g) == nx.betweenness_centrality(g)
    True
    >>> star = nx.star_graph(5)
    >>> betweenness_centrality(star, k=3, seed=1) == nx.betweenness_centrality(star, k=3, seed=1)
    True
    """
    n = len(graph)
    if k == n:  # as networkx: every source, no sampling
        k = None
    sampled = None if k is None else random.Random(seed).sample(list(graph.nodes()), k)
    if n == 0:
        return {}
    network, keys, index = _index(graph)
    sources = None if sampled is None else [index[key] for key in sampled]
    # igraph counts each unordered pair once on an undirected graph; Brandes' sums count both
    # directions, which is what networkx normalises.
    sums = [2 * value for value in network.betweenness(directed=False, sources=sources)]
    return _rescale(dict(zip(keys, sums)), n, sampled)


def _rescale(values: dict[str, float], n: int, sampled: list[str] | None) -> dict[str, float]:
    """Normalise as networkx 3.6 does without endpoints: by the (s, t) pairs that could pass
    through a node; with sampled sources, a source counts one pair fewer."""
    pairs = n - 1
    if pairs < 2:
        return values
    if sampled is None:
        scale = 1 / (pairs * (pairs - 1))
        return {v: value * scale for v, value in values.items()}
    k = len(sampled)
    scale_source = 1 / ((k - 1) * (pairs - 1)) if k > 1 else float("nan")
    scale_other = 1 / (k * (pairs - 1))
    chosen = set(sampled)
    return {v: value * (scale_source if v in chosen else scale_other) for v, value in values.items()}


def betweenness(graph: nx.Graph, seed: int = DEFAULT_SEED) -> dict[str, float]:
    """Unweighted, normalised betweenness of every person, exact up to ``BETWEENNESS_EXACT_UP_TO``
    people and estimated from ``BETWEENNESS_SAMPLE`` seeded sources above, rounded so that
    files do not change in the last bits. A weight counts meetings; it is not a distance.

    >>> betweenness(nx.path_graph(["a", "b", "c"]))
    {'a': 0.0, 'b': 1.0, 'c': 0.0}
    """
    sample = BETWEENNESS_SAMPLE if graph.number_of_nodes() > BETWEENNESS_EXACT_UP_TO else None
    values = betweenness_centrality(graph, k=sample, seed=seed)
    return {key: round(value, 6) for key, value in values.items()}


def communities(graph: nx.Graph, seed: int = DEFAULT_SEED) -> dict[str, int]:
    """Louvain communities (weighted, seeded), numbered 1, 2, … by size, ties broken by the
    smallest member key; an isolated person is a community of one.

    >>> g = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("x", "y")])
    >>> sorted(communities(g).items())
    [('a', 1), ('b', 1), ('c', 1), ('x', 2), ('y', 2)]
    """
    if graph.number_of_nodes() == 0:
        return {}
    found = None
    if graph.number_of_nodes() > LOUVAIN_IN_C_ABOVE:
        found = _louvain_in_c(graph, seed)
    if found is None:
        found = nx.community.louvain_communities(graph, weight="weight", seed=seed)
    ordered = sorted(found, key=lambda members: (-len(members), min(members)))
    return {key: number for number, members in enumerate(ordered, 1) for key in members}


def _louvain_in_c(graph: nx.Graph, seed: int) -> list[list[str]] | None:
    """Louvain communities from igraph's multilevel method, its random choices drawn from the
    ``random`` module seeded with ``seed`` (see :func:`_seeded_random_module`); None when
    igraph does not draw from that module (someone set it another generator), and the caller
    falls back on networkx."""
    network, keys, _ = _index(graph)
    with _seeded_random_module(seed) as seeded:
        if not seeded:
            return None
        membership = network.community_multilevel(weights="weight").membership
    found: dict[int, list[str]] = {}
    for key, community in zip(keys, membership):
        found.setdefault(community, []).append(key)
    return list(found.values())


@contextmanager
def _seeded_random_module(seed: int) -> Iterator[bool]:
    """Seed the ``random`` module for the block, then put back the state it had.

    igraph draws its random numbers from the ``random`` module unless told otherwise, and it
    can be given another generator (``igraph.set_random_number_generator``) but has no call
    that tells which one it holds, so it could not be put back. This leaves igraph's generator
    alone and seeds the module it draws from instead, restoring that module's state after.
    Yields whether igraph follows the module: two draws after the same seed must agree.
    """
    state = random.getstate()
    try:
        random.seed(seed)
        first = _igraph_draw()
        random.seed(seed)
        second = _igraph_draw()
        random.seed(seed)
        yield first == second
    finally:
        random.setstate(state)


def _igraph_draw() -> list[tuple[int, int]]:
    """A few random numbers from igraph's generator: the links of a small random graph."""
    import igraph

    return igraph.Graph.Erdos_Renyi(n=12, p=0.5).get_edgelist()
