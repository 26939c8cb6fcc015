"""Exports for the tools people use besides the page: IRIs in the CSV rows (to join with SPARQL
answers), dated spells for a GEXF that Gephi's timeline plays, and a node-link JSON graph."""

from __future__ import annotations

import json
from typing import Any

import networkx as nx

from kg.model import Person

__all__ = ["NODE_LINK_FILE", "person_iri_of", "add_iris", "add_spells", "node_link_json"]

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


def add_iris(graph: nx.Graph, people: list[dict], edges: list[dict], base: str | None = None) -> None:
    """Give each people row an ``iri`` and each edge row a ``source_iri`` and ``target_iri``
    (rows as ``people_rows``/``edge_rows`` make them, changed in place)."""
    iris = {key: person_iri_of(key, data, base) for key, data in graph.nodes(data=True)}
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
        spells = _spells(graph.nodes[key].get("dates", []))
        if spells:
            data["spells"] = spells
    for u, v, data in edges:
        spells = _spells(date for date, *_ in graph.edges[u, v].get("events", []))
        if spells:
            data["spells"] = spells


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
    def line(value: dict) -> str:
        return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    nodes = [line({**graph.nodes[key], "id": key, "iri": person_iri_of(key, graph.nodes[key], base)})
             for key in sorted(graph.nodes)]
    links = [line({**graph.edges[u, v], "source": u, "target": v})
             for u, v in sorted(tuple(sorted(e)) for e in graph.edges)]
    head = line({"directed": False, "multigraph": False, "graph": dict(graph.graph)})[:-1]
    text = (head + ',\n"nodes":[\n' + ",\n".join(nodes) + '\n],\n"links":[\n' + ",\n".join(links) + "\n]}\n")
    return text.encode("utf-8")
