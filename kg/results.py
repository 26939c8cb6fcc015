"""Answers of SPARQL queries as typed records, and their text forms: an aligned table and the four W3C
SPARQL 1.1 Query Results formats (JSON, XML, CSV, TSV)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape, quoteattr

from kg.errors import QueryError
from kg.vocab import DEFAULT_BASE, PREFIXES

__all__ = [
    "FORMATS",
    "MEDIA_TYPES",
    "DEFAULT_MAX_ROWS",
    "Term",
    "QueryResult",
    "format_result",
    "turtle_term",
]

FORMATS = ("table", "json", "xml", "csv", "tsv")
MEDIA_TYPES = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
               "csv": "text/csv", "tsv": "text/tab-separated-values"}
DEFAULT_MAX_ROWS = 1000
"""Rows a table shows unless told otherwise: a terminal is no place for more (the other formats give all)."""

XSD = "http://www.w3.org/2001/XMLSchema#"
INTEGERS = {XSD + t for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger",
                              "positiveInteger", "negativeInteger", "nonPositiveInteger",
                              "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte")}


@dataclass(frozen=True, order=True)
class Term:
    """One value in a result: an IRI ("uri"), a blank node ("bnode") or a literal, normalised.

    Plain literals have no datatype (xsd:string is dropped), language tags are lower case and
    numbers are in canonical form, so both engines give equal terms.
    """

    kind: str
    value: str
    datatype: str | None = None
    lang: str | None = None

    def __str__(self) -> str:
        return self.value

    def to_python(self):
        """The value as Python: int, Decimal, float, bool, datetime.date, or str.

        >>> Term("literal", "3", XSD + "integer").to_python(), Term("literal", "秦丽华", lang="zh").to_python()
        (3, '秦丽华')
        """
        if self.kind != "literal" or self.datatype is None:
            return self.value
        try:
            if self.datatype in INTEGERS:
                return int(self.value)
            if self.datatype == XSD + "decimal":
                return Decimal(self.value)
            if self.datatype in (XSD + "double", XSD + "float"):
                return float(self.value)
            if self.datatype == XSD + "boolean":
                return self.value in ("true", "1")
            if self.datatype == XSD + "date":
                return dt.date.fromisoformat(self.value)
        except ValueError:
            pass
        return self.value


@dataclass(frozen=True)
class QueryResult:
    """The answer to a query: variables and rows of Terms (None when unbound), or a boolean for ASK.

    CONSTRUCT and DESCRIBE answers are rows of (subject, predicate, object).
    """

    variables: tuple[str, ...]
    rows: tuple[tuple[Term | None, ...], ...]
    boolean: bool | None = None

    def __len__(self) -> int:
        return len(self.rows)

    def values(self) -> list[tuple]:
        """Rows as tuples of Python values (see :meth:`Term.to_python`)."""
        return [tuple(None if t is None else t.to_python() for t in row) for row in self.rows]

    def records(self) -> list[dict]:
        """Rows as dicts keyed by variable name, with Python values (handy for pandas)."""
        return [dict(zip(self.variables, row)) for row in self.values()]



def format_result(result: QueryResult, fmt: str = "table", *, max_width: int = 60,
                  max_rows: int | None = DEFAULT_MAX_ROWS) -> str:
    """The result as an aligned text table (at most ``max_rows`` rows, saying so when there are more) or
    in one of the SPARQL 1.1 Query Results formats: "json", "xml", "csv", "tsv" (always every row).

    >>> print(format_result(QueryResult(("n",), ((Term("literal", "7", XSD + "integer"),),)), "tsv"), end="")
    ?n
    7
    """
    writers = {"json": _as_json, "xml": _as_xml, "csv": _as_csv, "tsv": _as_tsv}
    if fmt in writers:
        return writers[fmt](result)
    if fmt == "table":
        return _as_table(result, max_width, max_rows)
    raise QueryError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")


def _as_json(result: QueryResult) -> str:
    if result.boolean is not None:
        return json.dumps({"head": {}, "boolean": result.boolean}, indent=2) + "\n"
    bindings = []
    for row in result.rows:
        binding = {}
        for name, term in zip(result.variables, row):
            if term is None:
                continue
            item = {"type": term.kind, "value": term.value}
            if term.lang:
                item["xml:lang"] = term.lang
            elif term.datatype:
                item["datatype"] = term.datatype
            binding[name] = item
        bindings.append(binding)
    doc = {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _as_csv(result: QueryResult) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    if result.boolean is not None:
        writer.writerows([["boolean"], ["true" if result.boolean else "false"]])
        return out.getvalue()
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow(["" if t is None else (f"_:{t.value}" if t.kind == "bnode" else t.value) for t in row])
    return out.getvalue()


def _as_tsv(result: QueryResult) -> str:
    if result.boolean is not None:
        return "?_askResult\n" + ("true" if result.boolean else "false") + "\n"
    lines = ["\t".join(f"?{name}" for name in result.variables)]
    lines.extend("\t".join("" if t is None else turtle_term(t) for t in row) for row in result.rows)
    return "\n".join(lines) + "\n"


_TURTLE_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})


def turtle_term(term: Term) -> str:
    """A term as Turtle writes it, as SPARQL TSV requires (numbers may be bare)."""
    if term.kind == "uri":
        return f"<{term.value}>"
    if term.kind == "bnode":
        return f"_:{term.value}"
    text = '"' + term.value.translate(_TURTLE_ESCAPES) + '"'
    if term.lang:
        return f"{text}@{term.lang}"
    if term.datatype == XSD + "integer" and term.value.lstrip("+-").isdigit():
        return term.value
    return f"{text}^^<{term.datatype}>" if term.datatype else text


def _as_xml(result: QueryResult) -> str:
    out = ['<?xml version="1.0" encoding="UTF-8"?>', '<sparql xmlns="http://www.w3.org/2005/sparql-results#">']
    if result.boolean is not None:
        out += ["  <head/>", f"  <boolean>{'true' if result.boolean else 'false'}</boolean>", "</sparql>"]
        return "\n".join(out) + "\n"
    out.append("  <head>")
    out.extend(f"    <variable name={quoteattr(name)}/>" for name in result.variables)
    out += ["  </head>", "  <results>"]
    for row in result.rows:
        out.append("    <result>")
        for name, term in zip(result.variables, row):
            if term is not None:
                out.append(f"      <binding name={quoteattr(name)}>{_xml_term(term)}</binding>")
        out.append("    </result>")
    out += ["  </results>", "</sparql>"]
    return "\n".join(out) + "\n"


def _xml_term(term: Term) -> str:
    if term.kind in ("uri", "bnode"):
        return f"<{term.kind}>{escape(term.value)}</{term.kind}>"
    attribute = f" xml:lang={quoteattr(term.lang)}" if term.lang else (
        f" datatype={quoteattr(term.datatype)}" if term.datatype else "")
    return f"<literal{attribute}>{escape(term.value)}</literal>"


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    if _display_width(text) <= width:
        return text
    out, used = "", 0
    for c in text:
        w = 2 if unicodedata.east_asian_width(c) in "WF" else 1
        if used + w > width - 1:
            break
        out, used = out + c, used + w
    return out + "…"


def _shorten(term: Term, prefixes: dict[str, str]) -> str:
    if term.kind == "bnode":
        return f"_:{term.value}"
    if term.kind != "uri":
        return term.value
    for prefix, namespace in prefixes.items():
        if term.value.startswith(namespace) and len(term.value) > len(namespace):
            return f"{prefix}:{term.value[len(namespace):]}"
    return f"<{term.value}>"


def _is_number(term: Term | None) -> bool:
    return term is not None and term.datatype is not None and (
        term.datatype in INTEGERS or term.datatype in {XSD + "decimal", XSD + "double", XSD + "float"})


def _as_table(result: QueryResult, max_width: int, max_rows: int | None) -> str:
    if result.boolean is not None:
        return ("true" if result.boolean else "false") + "\n"
    prefixes = {**PREFIXES, "id": DEFAULT_BASE}
    header = list(result.variables)
    shown = result.rows if max_rows is None else result.rows[:max_rows]
    cells = [["" if t is None else _clip(_shorten(t, prefixes), max_width) for t in row] for row in shown]
    numeric = [bool(result.rows) and all(_is_number(r[i]) or r[i] is None for r in result.rows)
               for i in range(len(header))]
    widths = [max([_display_width(h)] + [_display_width(r[i]) for r in cells]) for i, h in enumerate(header)]

    def line(values: list[str]) -> str:
        parts = []
        for i, value in enumerate(values):
            pad = " " * (widths[i] - _display_width(value))
            parts.append(pad + value if numeric[i] else value + pad)
        return "  ".join(parts).rstrip()

    lines = [line(header), "  ".join("-" * w for w in widths)]
    lines.extend(line(row) for row in cells)
    count = len(result.rows)
    if len(shown) < count:
        lines.append(f"(the first {len(shown):,} of {count:,} rows: the table stops at {max_rows:,} rows; "
                     "give --max-rows, or a --format of json, xml, csv or tsv for every row)")
    else:
        lines.append(f"({count} row{'s' if count != 1 else ''})")
    return "\n".join(lines) + "\n"
