"""Tests for kg/tables.py: the co-attendance network as rows and DataFrames."""

from __future__ import annotations

import json

import networkx as nx
import pytest

from kg.model import Corpus
from kg.network import coattendance_graph
from kg.tables import EDGE_COLUMNS, PEOPLE_COLUMNS, edge_rows, people_rows, to_dataframes
from test_network import ZHANGYE, corpus_from_lines, person_key as K


@pytest.fixture(scope="module")
def graph():
    return coattendance_graph(corpus_from_lines(ZHANGYE))


def test_tables_rows_flat_are_scalars(graph):
    for row in people_rows(graph, flat=True) + edge_rows(graph, flat=True):
        assert all(isinstance(v, (str, int, float)) for v in row.values()), row
    row = next(r for r in people_rows(graph, flat=True) if r["key"] == K("赵立香"))
    assert row["titles"] == "市委副书记、市长" and row["first_date"] == "2024-07-01"
    edge = next(r for r in edge_rows(graph, flat=True) if {r["source"], r["target"]} == {K("赵立香"), K("杨育林")})
    assert json.loads(edge["events"])[0][0] == "2024-07-04"


def test_tables_rows_are_sorted_and_hold_every_column(graph):
    people, edges = people_rows(graph), edge_rows(graph)
    assert [row["key"] for row in people] == sorted(graph.nodes)
    assert [(row["source"], row["target"]) for row in edges] == sorted(tuple(sorted(e)) for e in graph.edges())
    assert all(set(PEOPLE_COLUMNS) <= set(row) for row in people)
    assert all(set(EDGE_COLUMNS) == set(row) for row in edges)


def test_tables_to_dataframes(graph):
    people, edges = to_dataframes(graph)
    assert len(people) == graph.number_of_nodes() and len(edges) == graph.number_of_edges()
    assert list(people.columns) == [*PEOPLE_COLUMNS, "dates"] and list(edges.columns) == EDGE_COLUMNS
    assert people.set_index("name").loc["卢小亨", "chaired"] == 2
    pair = edges[(edges.source_name == "卢小亨") & (edges.target_name == "赵立香")
                 | (edges.source_name == "赵立香") & (edges.target_name == "卢小亨")]
    assert pair.weight.tolist() == [3] and len(pair.events.iloc[0]) == 3


def test_tables_of_an_empty_network():
    graph = coattendance_graph(Corpus(documents=(), entries=(), persons=()))
    people, edges = to_dataframes(graph)
    assert people.empty and edges.empty
    assert people_rows(nx.Graph()) == [] and edge_rows(nx.Graph()) == []
