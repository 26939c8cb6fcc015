"""Tests for kg.results: the table and the four W3C SPARQL 1.1 Query Results formats, read back by rdflib."""

from __future__ import annotations

import io

import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.query import Result

from kg.results import FORMATS, XSD, QueryResult, Term, format_result

NAME = Term("literal", '赵立香 "quoted"\tand\nnewline', lang="zh")
RESULT = QueryResult(("person", "name", "events", "share", "when", "missing"), (
    (Term("uri", "https://w3id.org/dashiji/id/person/zhao-lixiang-1"), NAME, Term("literal", "31", XSD + "integer"),
     Term("literal", "0.5", XSD + "decimal"), Term("literal", "2024-07-01", XSD + "date"), None),
    (Term("bnode", "b0"), Term("literal", "卢小亨"), Term("literal", "-12", XSD + "integer"),
     Term("literal", "1.0", XSD + "decimal"), Term("literal", "2024-07-02", XSD + "date"), None),
))
EXPECTED = [
    (URIRef("https://w3id.org/dashiji/id/person/zhao-lixiang-1"), Literal(NAME.value, lang="zh"),
     Literal(31), Literal("0.5", datatype=URIRef(XSD + "decimal")), Literal("2024-07-01", datatype=URIRef(XSD + "date")),
     None),
    (BNode("b0"), Literal("卢小亨"), Literal(-12), Literal("1.0", datatype=URIRef(XSD + "decimal")),
     Literal("2024-07-02", datatype=URIRef(XSD + "date")), None),
]


def parsed(fmt: str, result: QueryResult = RESULT) -> Result:
    return Result.parse(io.BytesIO(format_result(result, fmt).encode("utf-8")), format=fmt)


def test_results_every_format_is_offered():
    assert FORMATS == ("table", "json", "xml", "csv", "tsv")


@pytest.mark.parametrize("fmt", ["json", "xml", "tsv"])
def test_results_typed_formats_read_back_term_for_term(fmt):
    back = parsed(fmt)
    assert [str(v) for v in back.vars] == list(RESULT.variables)
    rows = [tuple(row) for row in back]
    assert [r[1:] for r in rows] == [e[1:] for e in EXPECTED]
    assert rows[0][0] == EXPECTED[0][0] and isinstance(rows[1][0], BNode)


def test_results_csv_reads_back_as_text():
    rows = [tuple(row) for row in parsed("csv")]
    assert rows[0][:3] == (URIRef("https://w3id.org/dashiji/id/person/zhao-lixiang-1"), Literal(NAME.value),
                           Literal("31"))
    assert isinstance(rows[1][0], BNode)  # written _:b0, as the CSV format says


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_results_ask_reads_back(fmt):
    if fmt in ("csv", "tsv"):
        assert format_result(QueryResult((), (), True), fmt).splitlines()[-1] == "true"
        return
    assert parsed(fmt, QueryResult((), (), False)).askAnswer is False


def test_results_tsv_writes_terms_in_turtle_syntax():
    lines = format_result(RESULT, "tsv").splitlines()
    assert lines[0] == "?person\t?name\t?events\t?share\t?when\t?missing"
    assert lines[1].split("\t")[:3] == ["<https://w3id.org/dashiji/id/person/zhao-lixiang-1>",
                                       '"赵立香 \\"quoted\\"\\tand\\nnewline"@zh', "31"]
    assert lines[2].endswith('"2024-07-02"^^<http://www.w3.org/2001/XMLSchema#date>\t')


def test_results_table_stops_at_max_rows_and_says_how_many():
    many = QueryResult(("n",), tuple((Term("literal", str(i), XSD + "integer"),) for i in range(2500)))
    lines = format_result(many, "table", max_rows=10).splitlines()
    assert len(lines) == 13 and lines[-1].startswith("(the first 10 of 2,500 rows")
    assert format_result(many, "table", max_rows=None).splitlines()[-1] == "(2500 rows)"
    assert len(format_result(many, "csv").splitlines()) == 2501
