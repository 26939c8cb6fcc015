"""Exports for the tools people use besides the page: IRIs in the CSV rows (to join with SPARQL
answers), dated spells for a GEXF that Gephi's timeline plays, and a node-link JSON graph."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import networkx as nx

from kg.model import Person

__all__ = ["NODE_LINK_FILE", "person_iri_of", "person_iris", "add_iris", "node_spells", "edge_spells", "add_spells",
           "node_link_json", "node_link_chunks"]

NODE_LINK_FILE = "coattendance.json"


def person_iri_of(key: str, data: dict[str, Any], base: str | None = None) -> str:
    """The RDF IRI of the person with this node key and attributes, as graph.ttl mints it.

    >>> person_iri_of("秦丽华|张掖市|1", {"name": "秦丽华", "name_simplified": "秦丽华", "city": "张掖市"})
    'https://w3id.org/dashiji/id/person/qin-lihua-1bef9c2b'
    """
    from kg.iris import DEFAULT_BASE, person_iri

    person = Person(key=key, name=data.get("name", ""), name_simplified=data.get("name_simplified", ""),
                    city=data.get("city") or None)
    return person_iri(person, base or DEFAULT_BASE)


def person_iris(graph: nx.Graph, base: str | None = None) -> dict[str, str]:
    """Every person's RDF IRI, by node key (see :func:`person_iri_of`)."""
    return {key: person_iri_of(key, data, base) for key, data in graph.nodes(data=True)}


def add_iris(graph: nx.Graph, people: list[dict], edges: list[dict], base: str | None = None) -> None:
    """Give each people row an ``iri`` and each edge row a ``source_iri`` and ``target_iri``
    (rows as ``people_rows``/``edge_rows`` make them, changed in place)."""
    iris = person_iris(graph, base)
    for row in people:
        row["iri"] = iris[row["key"]]
    for row in edges:
        row["source_iri"], row["target_iri"] = iris[row["source"]], iris[row["target"]]


def _spells(dates) -> list[tuple[str, str]]:
    return [(date, date) for date in sorted({d for d in dates if d})]


def add_spells(graph: nx.Graph, nodes: list[tuple[str, dict]], edges: list[tuple[str, str, dict]]) -> None:
    """Give each GEXF node record one spell per date the person attended an event, and each edge
    record one per date the two met, so that Gephi's timeline shows who met when (the GEXF
    becomes ``mode="dynamic"``, ``timeformat="date"``). Records without dates stay static."""
    for key, data in nodes:
        spells = node_spells(graph, key)
        if spells:
            data["spells"] = spells
    for u, v, data in edges:
        spells = edge_spells(graph, u, v)
        if spells:
            data["spells"] = spells


def node_spells(graph: nx.Graph, key: str) -> list[tuple[str, str]]:
    """One GEXF spell per date the person attended an event (see :func:`add_spells`)."""
    return _spells(graph.nodes[key].get("dates", []))


def edge_spells(graph: nx.Graph, u: str, v: str) -> list[tuple[str, str]]:
    """One GEXF spell per date the two people met (see :func:`add_spells`)."""
    return _spells(date for date, *_ in graph.edges[u, v].get("events", []))


def node_link_json(graph: nx.Graph, base: str | None = None) -> bytes:
    """The whole network as node-link JSON for d3 and graphology: what
    ``networkx.node_link_data(graph, edges="links")`` gives (every node and link attribute), plus
    each person's IRI; nodes and links sorted, one per line, keys sorted, UTF-8.

    >>> g = nx.Graph(name="co-attendance")
    >>> g.add_node("a", name="甲", name_simplified="甲", city="")
    >>> data = json.loads(node_link_json(g))
    >>> data["nodes"][0]["name"], sorted(data)
    ('甲', ['directed', 'graph', 'links', 'multigraph', 'nodes'])
    """
    return "".join(node_link_chunks(graph, base)).encode("utf-8")


def node_link_chunks(graph: nx.Graph, base: str | None = None) -> Iterator[str]:
    """:func:`node_link_json`'s text line by line, each node and link written when it is read,
    so that a writer streams a large network's file."""
    def line(value: dict) -> str:
        return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    yield line({"directed": False, "multigraph": False, "graph": dict(graph.graph)})[:-1] + ',\n"nodes":[\n'
    for number, key in enumerate(sorted(graph.nodes)):
        data = graph.nodes[key]
        yield (",\n" if number else "") + line({**data, "id": key, "iri": person_iri_of(key, data, base)})
    yield '\n],\n"links":[\n'
    for number, (u, v) in enumerate(sorted(tuple(sorted(e)) for e in graph.edges)):
        yield (",\n" if number else "") + line({**graph.edges[u, v], "source": u, "target": v})
    yield "\n]}\n"
