"""The co-attendance network as tables: one row per person and per link, for CSV files and pandas."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

import networkx as nx

from kg.network import ROLE_COUNTS

if TYPE_CHECKING:  # pandas is only needed by to_dataframes, and only imported there
    import pandas as pd

__all__ = ["PEOPLE_COLUMNS", "EDGE_COLUMNS", "FORMULA_STARTS", "people_rows", "edge_rows", "iter_people_rows",
           "iter_edge_rows", "to_dataframes", "formula_safe", "csv_bytes", "csv_chunks"]

PEOPLE_COLUMNS = ["key", "name", "pinyin", "titles", "events", *ROLE_COUNTS.values(), "degree", "strength",
                  "betweenness", "community", "city", "first_date", "last_date"]
"""Columns of people.csv, in order (a people DataFrame adds the list of ``dates``)."""
EDGE_COLUMNS = ["source", "target", "source_name", "target_name", "weight", "first_date", "last_date", "events"]
"""Columns of edges.csv and of the links DataFrame, in order."""

_LIST_JOIN = "; "


def people_rows(graph: nx.Graph, *, flat: bool = False) -> list[dict[str, Any]]:
    """One dict per person (sorted by key) with every node attribute.

    With ``flat`` True, lists become strings ("; "-joined titles and dates) so the rows can be
    written to CSV, GEXF or GraphML; ``first_date``/``last_date`` summarise the dates.
    """
    return list(iter_people_rows(graph, flat=flat))


def iter_people_rows(graph: nx.Graph, *, flat: bool = False) -> Iterator[dict[str, Any]]:
    """:func:`people_rows` one at a time, each made when it is read: what a file writer streams."""
    for key in sorted(graph.nodes):
        data = dict(graph.nodes[key])
        dates = data.get("dates", [])
        row = {"key": key, **data, "first_date": dates[0] if dates else "",
               "last_date": dates[-1] if dates else ""}
        if flat:
            row["titles"] = _LIST_JOIN.join(row.get("titles", []))
            row["dates"] = _LIST_JOIN.join(dates)
        yield row


def edge_rows(graph: nx.Graph, *, flat: bool = False) -> list[dict[str, Any]]:
    """One dict per link (sorted by the two keys): source, target, their names, weight, events.

    ``events`` is a list of ``(date, title)``; with ``flat`` True it becomes a JSON string.
    """
    return list(iter_edge_rows(graph, flat=flat))


def iter_edge_rows(graph: nx.Graph, *, flat: bool = False) -> Iterator[dict[str, Any]]:
    """:func:`edge_rows` one at a time, each made when it is read: a large network's link rows
    (each with its list of events) are never all held at once."""
    names = {key: data.get("name", "") for key, data in graph.nodes(data=True)}
    as_json = _EventJson()
    for u, v in sorted(tuple(sorted(edge)) for edge in graph.edges()):
        data = graph.adj[u][v]
        events = [tuple(event) for event in data.get("events", [])]
        dates = [date for date, _ in events if date]
        yield {
            "source": u,
            "target": v,
            "source_name": names[u],
            "target_name": names[v],
            "weight": data.get("weight", len(events)),
            "first_date": min(dates) if dates else "",
            "last_date": max(dates) if dates else "",
            "events": as_json(events) if flat else events,
        }


class _EventJson:
    """``json.dumps(events, ensure_ascii=False)`` for lists of events, each event encoded once:
    a link list repeats the same events many times over a large network."""

    def __init__(self) -> None:
        self.encoded: dict[tuple, str] = {}

    def __call__(self, events: list[tuple]) -> str:
        encoded = self.encoded
        for event in events:
            if event not in encoded:
                encoded[event] = json.dumps(event, ensure_ascii=False)
        return "[" + ", ".join(encoded[event] for event in events) + "]"


def to_dataframes(graph: nx.Graph) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(people, edges)`` as pandas DataFrames, one row per person and per link.

    List attributes (titles, dates, events) stay Python lists, ready for ``DataFrame.explode``.
    """
    import pandas as pd

    people = pd.DataFrame(people_rows(graph), columns=[*PEOPLE_COLUMNS, "dates"])
    edges = pd.DataFrame(edge_rows(graph), columns=EDGE_COLUMNS)
    return people, edges


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet read a CSV cell as a formula (OWASP, "CSV
Injection"): such text cells are written with a leading ``'``, so ``=HYPERLINK(…)`` from a
chronicle stays text in Excel or LibreOffice. Numbers are written as they are."""


def formula_safe(value: Any) -> Any:
    """A text cell that a spreadsheet would run as a formula, prefixed with ``'`` (OWASP).

    >>> [formula_safe(v) for v in ("=1+1市长", "@SUM(A1)", "张掖市", -1)]
    ["'=1+1市长", "'@SUM(A1)", '张掖市', -1]
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_bytes(rows: Iterable[dict[str, Any]], columns: list[str]) -> bytes:
    """Rows as UTF-8 CSV for pandas and spreadsheets, formula-safe (see :data:`FORMULA_STARTS`)."""
    return "".join(csv_chunks(rows, columns)).encode("utf-8")


def csv_chunks(rows: Iterable[dict[str, Any]], columns: list[str], *, batch: int = 2000) -> Iterator[str]:
    """:func:`csv_bytes`'s text in pieces of ``batch`` rows, the header first: rows are read
    one at a time (they may be generated as they are read) and a piece is given as soon as it
    is full, so a writer streams the file.

    >>> "".join(csv_chunks([{"name": "=1+1", "n": 2}], ["name", "n"]))
    "name,n\\n'=1+1,2\\n"
    """
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for number, row in enumerate(rows, 1):
        if any(isinstance(value, str) and value.startswith(FORMULA_STARTS) for value in row.values()):
            row = {key: formula_safe(value) for key, value in row.items()}
        writer.writerow(row)
        if number % batch == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()
