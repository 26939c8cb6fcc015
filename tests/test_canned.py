"""Tests for kg.canned: canned queries described, found by name, and given parameters through VALUES."""

from __future__ import annotations

import pytest

from kg.canned import bind_parameters, catalogue, format_catalogue, load_query, parse_parameters
from kg.cli import main
from kg.errors import QueryError
from kg.graph import write_turtle
from kg.sparql import run_query
from rdf_fixtures import gold_corpus


@pytest.fixture(scope="module")
def graph_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("canned") / "graph.ttl"
    write_turtle(gold_corpus(), path)
    return path


def test_canned_every_query_has_a_description_and_declares_what_it_binds():
    for query in catalogue():
        assert query.description and not query.description.startswith("#"), query.name
        text = query.path.read_text(encoding="utf-8")
        for parameter in query.parameters:
            assert f"VALUES ?{parameter.name} {{" in text, (query.name, parameter.name)
            assert parameter.description


def test_canned_list_shows_names_descriptions_and_parameters(capsys):
    assert main(["query", "--list"]) == 0
    out = capsys.readouterr().out
    assert out == format_catalogue()
    assert "who-meets-whom: Who meets whom most often?" in out
    assert "met-with-person: Everyone who met a given person, with dates." in out
    assert "--param person=" in out and "--param area=" in out


@pytest.mark.parametrize("typo, suggestion", [
    ("who-meets-who", "who-meets-whom"), ("met-with-persons", "met-with-person"), ("posts-overtime", "posts-over-time"),
])
def test_canned_mistyped_name_suggests_the_nearest(typo, suggestion, capsys):
    assert main(["query", typo]) == 1
    assert capsys.readouterr().err == f"error: no canned query {typo!r}; did you mean {suggestion}?\n"


def test_canned_unlike_name_lists_the_queries():
    with pytest.raises(QueryError, match="canned queries: absent-mentions, .*kg query --list"):
        load_query("zzzzzz")


@pytest.mark.parametrize("person, first", [("赵立香", "卢小亨"), ("卢小亨", "赵立香")])
def test_canned_met_with_person_names_whose_circle_it_is(graph_path, person, first, capsys):
    assert main(["query", "met-with-person", "--param", f"person={person}", "--graph", str(graph_path),
                 "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "circle_of,name,times,first,last"
    assert {line.split(",")[0] for line in lines[1:]} == {person}
    assert lines[1].split(",")[1] == first


def test_canned_name_no_one_has_gives_no_rows(graph_path):
    """The default (the most active person) does not step in when the name matches no one."""
    query = bind_parameters(load_query("met-with-person"), {"person": "nobody-at-all"}, name="met-with-person")
    assert len(run_query(query, graph_path)) == 0


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_canned_events_in_area_takes_area_and_dates(graph_path, engine):
    default = run_query(load_query("events-in-area"), graph_path, engine=engine)
    narrow = run_query(bind_parameters(load_query("events-in-area"), {"from": "2024-07-02", "to": "2024-07-02"},
                                       name="events-in-area"), graph_path, engine=engine)
    assert 0 < len(narrow) < len(default)
    assert {str(row[0]) for row in narrow.rows} == {"2024-07-02"}


@pytest.mark.parametrize("hostile", ['赵立香" } ?s ?p ?o . FILTER("', "x\\", "a\nb", "} DROP ALL {", "<http://a> }"])
def test_canned_values_are_escaped_never_pasted(graph_path, hostile):
    query = bind_parameters(load_query("met-with-person"), {"person": hostile}, name="met-with-person")
    assert len(run_query(query, graph_path)) == 0  # no one has that name; the query is still the same query


def test_canned_own_query_gets_a_trailing_values_clause(graph_path):
    query = "SELECT ?name WHERE { ?p rdfs:label ?name } ORDER BY ?name"
    bound = bind_parameters(query, {"name": "赵立香"})
    assert bound.endswith('VALUES ?name { "赵立香" }\n')
    assert run_query(bound, graph_path).values() == []  # the label has a language tag, the value has none
    iri = bind_parameters("SELECT ?e WHERE { ?p dsj:role ?role ; dsj:event ?e }", {"role": "dsj:Chair"})
    assert "VALUES ?role { <https://w3id.org/dashiji/ontology#Chair> }" in iri
    assert len(run_query(iri, graph_path)) > 0


@pytest.mark.parametrize("pairs, message", [
    (["person"], "name=value"), (["1x=a"], "name=value"), (["a b=c"], "name=value"),
])
def test_canned_bad_param_pairs(pairs, message):
    with pytest.raises(QueryError, match=message):
        parse_parameters(pairs)


def test_canned_unknown_parameter_or_variable():
    with pytest.raises(QueryError, match="who-meets-whom has no parameter 'person' .its parameters: none"):
        bind_parameters(load_query("who-meets-whom"), {"person": "x"}, name="who-meets-whom")
    with pytest.raises(QueryError, match=r"no variable \?nope"):
        bind_parameters("SELECT ?s WHERE { ?s ?p ?o }", {"nope": "x"})


@pytest.mark.parametrize("name, params, column", [
    ("career", {"person": "卢小亨"}, "name"),
    ("same-post-holders", {"role": "市长"}, "role"),
    ("posts-over-time", {"person": "卢小亨"}, "name"),
])
def test_canned_person_and_post_queries_follow_their_parameter(graph_path, name, params, column):
    bound = run_query(bind_parameters(load_query(name), params, name=name), graph_path)
    value = next(iter(params.values()))
    assert len(bound) > 0 and {r[column] for r in bound.records()} == {value}
    assert run_query(load_query(name), graph_path).records() != bound.records()
