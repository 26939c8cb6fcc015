"""Writers for the co-attendance network: an offline HTML page (pyvis), GEXF, GraphML and CSV."""

from __future__ import annotations

import base64
import hashlib
import html
import io
import json
import os
import re
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx

from kg.errors import OutputError
from kg.exports import NODE_LINK_FILE, add_iris, add_spells, node_link_json
from kg.io import write_atomic
from kg.graphxml import gexf_records_bytes, graphml_records_bytes, xml_safe, xml_safe_records
from kg.model import Corpus
from kg.network import strongest_subgraph
from kg.tables import EDGE_COLUMNS, PEOPLE_COLUMNS, csv_bytes, edge_rows, people_rows

__all__ = [
    "DEFAULT_MAX_NODES",
    "EDGES_PER_NODE",
    "FILES",
    "PALETTE",
    "cut_note",
    "render_html",
    "iframe_html",
    "write_network_files",
    "write_gexf",
]

# Size: the page draws at most ``max_nodes`` people (default 500, ``kg build --max-nodes``) and
# ``EDGES_PER_NODE * max_nodes`` links (3,000); the rest stays in the GEXF, GraphML and CSV files
# and the page says what it left out. Measured on synthetic corpora in headless Chromium without
# GPU on the 2-core build machine under load (medians of 3; "frame" = one redraw at full view,
# "filter" = applying "shared events >= 2"):
#
#     people  links drawn  settled  frame   filter   page
#        194        2,278    2.6 s  16 ms   0.36 s  1.3 MB
#        477        6,634    5.1 s  24 ms   0.92 s  2.3 MB
#        477        3,000    3.5 s  18 ms   0.38 s  1.7 MB
#        955        3,000    4.5 s  15 ms   0.37 s  1.9 MB
#      1,900        3,000    7.2 s  44 ms   0.66 s  2.2 MB
#      1,900        6,000    7.3 s  54 ms   0.90 s  3.0 MB
#
# Links cost most (each one a vis object: filters and first drawing grow with them), people cost
# the layout time (stabilisation iterations shrink from 300 to 100 as people grow) and frame
# time beyond ~1,000. 500 people and 3,000 links keep frames near 60 fps and filters well under
# half a second, with room for slower machines.
DEFAULT_MAX_NODES = 500
EDGES_PER_NODE = 6
"""Links drawn per drawn person at most: ``max_edges = EDGES_PER_NODE * max_nodes``."""

DEFAULT_TITLE = "Who meets whom: co-attendance network"

PALETTE = (
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948",
    "#b07aa1", "#ff9da7", "#9c755f", "#17becf", "#bcbd22", "#8c6d31",
)
"""Community colours, largest community first; smaller communities share ``OTHER_COLOUR``."""
OTHER_COLOUR = "#b8b8b8"

FILES = {
    "html": "coattendance.html",
    "gexf": "coattendance.gexf",
    "graphml": "coattendance.graphml",
    "people": "people.csv",
    "edges": "edges.csv",
    "json": NODE_LINK_FILE,
}

PEOPLE_CSV_COLUMNS = [*PEOPLE_COLUMNS, "iri"]
"""Columns of people.csv: the people table's, and each person's RDF IRI to join SPARQL answers."""
EDGE_CSV_COLUMNS = [*EDGE_COLUMNS, "source_iri", "target_iri"]
"""Columns of edges.csv: the links table's, and the IRIs of the two people."""

_VIS_DIR = "templates/lib/vis-9.1.2"
_ASSETS = "data/vendor"
_OUTLINES = "china-provinces.json"  # province outlines for the map (see data/vendor/README.md)


def _read_asset(package: str, path: str) -> str:
    try:
        return resources.files(package).joinpath(path).read_text(encoding="utf-8")
    except (FileNotFoundError, ModuleNotFoundError) as error:
        raise OutputError(f"page asset missing: {package}/{path} ({error})") from error


def _inline_safe(code: str, tag: str) -> str:
    """Code that cannot close its own ``<script>``/``<style>`` element early."""
    return re.sub(rf"</(?={tag})", r"<\\/", code, flags=re.IGNORECASE)


def _json_for_script(value: Any) -> str:
    """JSON that is inert inside ``<script type="application/json">``: no ``<``, ``>`` or ``&``."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for char, escape in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text


def _csp(*scripts: str) -> str:
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode("ascii") + "'"
        for s in scripts
    )
    return (f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; img-src data:; "
            "font-src data:; base-uri 'none'; form-action 'none'")


def _number(n: int) -> str:
    return f"{n:,}"


def _plural(n: int, one: str, many: str) -> str:
    return f"{_number(n)} {one if n == 1 else many}"


def cut_note(people: int, links: int, shown_people: int, shown_links: int,
             links_among: int | None = None) -> str:
    """What the page leaves out of a large network, in one sentence ("" when nothing is cut).

    ``links_among`` counts the links among the shown people before the strongest were picked.

    >>> print(cut_note(2340, 12000, 500, 3000, 4100))
    Showing 500 of 2,340 people (linked groups around the most connected) and 3,000 of 12,000 links (each person's strongest, then the heaviest); the .gexf, .graphml and .csv files hold the whole network.
    >>> cut_note(40, 90, 40, 90)
    ''
    """
    links_among = links if links_among is None else links_among
    if (people, links) == (shown_people, shown_links):
        return ""
    if shown_people < people:
        who = (f"{_number(shown_people)} of {_plural(people, 'person', 'people')} "
               "(linked groups around the most connected)")
    else:
        who = f"all {_plural(people, 'person', 'people')}"
    if shown_links < links_among:
        how = (f"{_number(shown_links)} of {_plural(links, 'link', 'links')} "
               "(each person's strongest, then the heaviest)")
    else:
        how = f"the {_plural(shown_links, 'link', 'links')} among them (of {_number(links)})"
    return f"Showing {who} and {how}; the .gexf, .graphml and .csv files hold the whole network."


def _communities(graph: nx.Graph, drawn: nx.Graph | None = None) -> tuple[dict[int, str], list[dict], dict | None]:
    """Colour per community number, legend rows for coloured ones, and a row for the rest.

    Colours go to the largest communities (of two people or more) that have someone ``drawn``
    (the page's people; everyone by default): a page cut to a few towns of a large corpus
    colours those towns, not the larger communities it leaves out."""
    members: dict[int, list[str]] = {}
    for key, number in sorted(graph.nodes(data="community"), key=lambda kv: kv[0]):
        members.setdefault(number, []).append(key)
    shown = {number for _, number in (graph if drawn is None else drawn).nodes(data="community")}
    coloured = [n for n in sorted(members) if len(members[n]) > 1 and n in shown][: len(PALETTE)]
    colours = {n: PALETTE[i] for i, n in enumerate(coloured)}
    legend = []
    for number in coloured:
        best = sorted(members[number], key=lambda k: (-graph.nodes[k]["events"], k))[:3]
        legend.append({"number": number, "color": colours[number], "size": len(members[number]),
                       "members": [graph.nodes[k]["name"] for k in best]})
    rest = [n for n in members if n not in colours]
    other = None
    if rest:
        other = {"color": OTHER_COLOUR, "communities": len(rest),
                 "people": sum(len(members[n]) for n in rest)}
    return colours, legend, other


def _iterations(n_nodes: int) -> int:
    """Layout iterations before physics stops: fewer for many people, so settling stays bounded.

    >>> _iterations(100), _iterations(500), _iterations(2000)
    (300, 180, 100)
    """
    return max(100, min(300, 300 * 300 // max(n_nodes, 1)))


_FONT_FACES = ("system-ui, 'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', "
               "'WenQuanYi Micro Hei', sans-serif")
"""Names on the canvas: the system font, then the Chinese fonts of Linux, macOS and Windows."""


def _vis_options(n_nodes: int) -> dict[str, Any]:
    return {
        "autoResize": True,
        "nodes": {
            "shape": "dot",
            "borderWidth": 1,
            "scaling": {"min": 6, "max": 36, "label": {"enabled": True, "min": 12, "max": 26,
                                                       "drawThreshold": 7}},
            "font": {"size": 13, "face": _FONT_FACES, "strokeWidth": 3,
                     "strokeColor": "#ffffff"},
        },
        "edges": {
            "color": {"color": "#9aa6b2", "highlight": "#37474f", "hover": "#37474f", "opacity": 0.55},
            "scaling": {"min": 1, "max": 10},
            "smooth": False,
            "selectionWidth": 1.5,
        },
        "physics": {
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -60, "centralGravity": 0.012,
                                 "springLength": 90, "springConstant": 0.06, "avoidOverlap": 0.2},
            "stabilization": {"enabled": True, "iterations": _iterations(n_nodes), "updateInterval": 20,
                              "fit": True},
            "minVelocity": 1.0,
        },
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": n_nodes > 300,
                        "multiselect": True},
        "layout": {"randomSeed": 20240701, "improvedLayout": n_nodes <= 150},
    }


def _pyvis_network(graph: nx.Graph, colours: dict[int, str]):
    """pyvis ``Network`` holding the drawn people and links; tooltips are made on the page."""
    from pyvis.network import Network

    net = Network(height="100%", width="100%", cdn_resources="in_line")
    for key in sorted(graph.nodes):
        data = graph.nodes[key]
        dates = data.get("dates", [])
        net.add_node(
            key,
            label=data["name"] or key,
            color=colours.get(data["community"], OTHER_COLOUR),
            value=data["events"],
            kg={
                "simplified": data.get("name_simplified", data["name"]),
                "city": data.get("city", ""),
                "pinyin": data.get("pinyin", ""),
                "titles": list(data.get("titles", [])),
                "events": data["events"],
                "chaired": data["chaired"],
                "led": data["led"],
                "spoke": data["spoke"],
                "attended": data["attended"],
                "degree": data["degree"],
                "betweenness": data["betweenness"],
                "community": data["community"],
                "dates": list(dates),
                "first": dates[0] if dates else "",
                "last": dates[-1] if dates else "",
            },
        )
    # pyvis's add_edge scans every edge already added (quadratic for thousands of links);
    # these are the same dicts it would make, with stable ids for the page's filters.
    edges = sorted(tuple(sorted(e)) for e in graph.edges())
    net.edges = [
        {"id": f"e{i}", "from": u, "to": v, "value": graph.edges[u, v]["weight"],
         "kg": {"weight": graph.edges[u, v]["weight"],
                "events": [list(event) for event in graph.edges[u, v]["events"]]}}
        for i, (u, v) in enumerate(edges)
    ]
    net.options = _vis_options(len(graph))
    return net


def render_html(
    graph: nx.Graph,
    *,
    max_nodes: int = DEFAULT_MAX_NODES,
    max_edges: int | None = None,
    title: str = DEFAULT_TITLE,
    corpus: Corpus | None = None,
) -> str:
    """The co-attendance network as one offline HTML page.

    Node size follows events attended, colour the community (legend at the side), edge width
    the number of shared events; a search box finds a person by Chinese name or pinyin, two
    filters keep links with at least N shared events and events in a date range; physics stops
    once the layout has settled. Above ``max_nodes`` people the page keeps linked groups around
    the most connected people (:func:`kg.network.strongest_subgraph`) and the strongest links
    (``max_edges``, default ``EDGES_PER_NODE * max_nodes``) and says so. pyvis's ``network``
    stays the page's JavaScript handle.

    The page is one self-contained file: vis-network (shipped with pyvis) and the page's own script
    and style are inlined, a Content-Security-Policy allows nothing but those inline scripts (by
    hash) and data: images, so it opens offline and makes no web request. Chronicle text reaches
    the page only as JSON in a ``<script type="application/json">`` block (``<``, ``>``, ``&``
    escaped) and is put into the DOM with ``textContent``; tooltips are DOM elements.

    With the ``corpus`` the graph was built from, the page also gets each drawn person's events
    (full entry text, source link, role, place, type; :func:`kg.views.page_views`): the pair
    panel, the city/document/role/type filters, the timeline and the map read them.
    """
    max_edges = EDGES_PER_NODE * max_nodes if max_edges is None else max_edges
    shown = strongest_subgraph(graph, max_nodes, max_edges)
    colours, legend, other = _communities(graph, shown)
    net = _pyvis_network(shown, colours)
    nodes, edges, _, _, _, options = net.get_network_data()
    data = {"nodes": nodes, "edges": edges, "options": json.loads(options),
            "communities": legend, "other": other, "views": _views(corpus, shown),
            "outlines": json.loads(_read_asset("kg", f"{_ASSETS}/{_OUTLINES}"))}
    dates = sorted(d for _, ds in graph.nodes(data="dates", default=[]) for d in ds)
    weights = [w for *_, w in shown.edges(data="weight")]
    among = graph.subgraph(shown.nodes).number_of_edges()
    note = cut_note(len(graph), graph.number_of_edges(), len(shown), shown.number_of_edges(), among)
    summary = (f"{_plural(len(graph), 'person', 'people')} and {_plural(graph.number_of_edges(), 'link', 'links')}"
               + (f", {dates[0]} – {dates[-1]}" if dates else "")
               + ". A link joins two people present at a same event; its width counts the events."
               + _large_note(graph.graph.get("large_events", ())))
    vis_js = _inline_safe(_read_asset("pyvis", f"{_VIS_DIR}/vis-network.min.js"), "script")
    page_js = _inline_safe(_read_asset("kg", f"{_ASSETS}/coattendance.js") + "\n"
                           + _read_asset("kg", f"{_ASSETS}/coattendance-views.js"), "script")
    values = {
        "CSP": _csp(vis_js, page_js),
        "TITLE": html.escape(title),
        "SUMMARY": html.escape(summary),
        "CUT_NOTE": html.escape(note),
        "CUT_HIDDEN": "" if note else " hidden",
        "MAX_WEIGHT": str(max(weights, default=1)),
        "FIRST_DATE": dates[0] if dates else "",
        "LAST_DATE": dates[-1] if dates else "",
        "VIS_CSS": _inline_safe(_read_asset("pyvis", f"{_VIS_DIR}/vis-network.css"), "style"),
        "PAGE_CSS": _inline_safe(_read_asset("kg", f"{_ASSETS}/coattendance.css"), "style"),
        "DATA": _json_for_script(data),
        "VIS_JS": vis_js,
        "PAGE_JS": page_js,
    }
    template = _read_asset("kg", f"{_ASSETS}/coattendance.html")
    return re.sub(r"\{\{([A-Z_]+)\}\}", lambda m: values[m.group(1)], template)


def _large_note(large: list[dict]) -> str:
    """The events too large to expand into links (kg.network.LARGE_EVENT_ABOVE), in a sentence."""
    if not large:
        return ""
    from kg.network import LARGE_EVENT_ABOVE

    pairs = sum(event["pairs"] for event in large)
    return (f" {_plural(len(large), 'event', 'events')} with more than {LARGE_EVENT_ABOVE} people "
            f"({_plural(pairs, 'pair', 'pairs')}) {'adds' if len(large) == 1 else 'add'} no links.")


def _views(corpus: Corpus | None, shown: nx.Graph) -> dict[str, Any] | None:
    if corpus is None:
        return None
    from kg.views import page_views

    return page_views(corpus, shown)


def iframe_html(
    graph: nx.Graph,
    *,
    height: int = 720,
    max_nodes: int = DEFAULT_MAX_NODES,
    max_edges: int | None = None,
    corpus: Corpus | None = None,
) -> str:
    """The page in a sandboxed ``<iframe srcdoc=…>`` (in a ``<div>``), for ``IPython.display.HTML``.

    The page keeps its own document, styles and Content-Security-Policy; ``sandbox`` lets its
    scripts run in an opaque origin, with no access to the notebook around it (downloads allowed:
    the PNG and CSV buttons).
    """
    page = render_html(graph, max_nodes=max_nodes, max_edges=max_edges, corpus=corpus)
    return (f'<div class="kg-coattendance"><iframe title="{html.escape(DEFAULT_TITLE)}" '
            f'sandbox="allow-scripts allow-downloads" style="width: 100%; height: {int(height)}px; border: 1px solid #ddd" '
            f'srcdoc="{html.escape(page, quote=True)}"></iframe></div>')


_FLAT_NODE_KEYS = PEOPLE_CSV_COLUMNS[1:] + ["dates"]
_FLAT_EDGE_KEYS = ("weight", "first_date", "last_date", "events", "source_iri", "target_iri")

Records = tuple[list[tuple[str, dict]], list[tuple[str, str, dict]]]


def _rows(graph: nx.Graph, base_iri: str | None = None) -> tuple[list[dict], list[dict]]:
    """Flat people and edge rows with each person's IRI (people.csv, edges.csv, GEXF, GraphML)."""
    people, edges = people_rows(graph, flat=True), edge_rows(graph, flat=True)
    add_iris(graph, people, edges, base_iri)
    return people, edges


def _flat_records(graph: nx.Graph, rows: tuple[list[dict], list[dict]] | None = None) -> Records:
    """Node and edge records with scalar attributes only (lists as "; "-joined text or JSON), for
    GEXF/GraphML: what a graph of the flat attributes would hold, without building that graph.

    ``rows`` are ``people_rows``/``edge_rows`` (flat) when the caller already has them; they
    are read, not changed.
    """
    people, edges = rows or _rows(graph)
    nodes = [(row["key"], {**{k: row[k] for k in _FLAT_NODE_KEYS if k in row}, "label": row["name"]})
             for row in people]
    links = [(row["source"], row["target"], {k: row[k] for k in _FLAT_EDGE_KEYS}) for row in edges]
    return nodes, links


def _graph_of(name: str, records: Records) -> nx.Graph:
    nodes, edges = records
    flat = nx.Graph(name=name)
    flat.add_nodes_from(nodes)
    flat.add_edges_from(edges)
    return flat


def _with_viz(graph: nx.Graph, nodes: list[tuple[str, dict]]) -> list[tuple[str, dict]]:
    """The flat node records with GEXF's size and community colour added last, as new records:
    the records given stay as they were (GraphML may be written from the same ones)."""
    colours, _, _ = _communities(graph)
    out = []
    for key, data in nodes:
        rgb = colours.get(data["community"], OTHER_COLOUR)
        viz = {"size": 4.0 + 2.0 * data["events"] ** 0.5,
               "color": {"r": int(rgb[1:3], 16), "g": int(rgb[3:5], 16), "b": int(rgb[5:7], 16), "a": 1.0}}
        out.append((key, {**data, "viz": viz}))
    return out


def _gexf_bytes(graph: nx.Graph, records: Records | None = None, base_iri: str | None = None) -> bytes:
    """GEXF of the flat records (made from ``graph`` when not given) with sizes, colours and
    spells, added to copies: the records given stay as they were."""
    nodes, edges = _flat_records(graph, rows=_rows(graph, base_iri)) if records is None else records
    nodes = _with_viz(graph, nodes)
    edges = [(u, v, dict(data)) for u, v, data in edges]
    add_spells(graph, nodes, edges)
    name = str(graph.graph.get("name", ""))
    fast = gexf_records_bytes(name, nodes, edges)  # networkx's bytes, written as text (20 s → 3 s for 17,000 people)
    if fast is not None:
        return fast
    from networkx.readwrite.gexf import GEXFWriter

    flat = _graph_of(xml_safe(name), xml_safe_records(nodes, edges))
    writer = GEXFWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
    writer.xml.find("meta").attrib.pop("lastmodifieddate", None)  # a timestamp: not reproducible
    writer.add_graph(flat)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def write_gexf(graph: nx.Graph, path: str | os.PathLike, base_iri: str | None = None) -> Path:
    """Write the graph as GEXF for Gephi: weights, scalar attributes, IRIs, community colours,
    sizes, and each person's and link's dates as spells, so that Gephi's timeline plays it."""
    return write_atomic(Path(path), _gexf_bytes(graph, base_iri=base_iri))


def _graphml_bytes(graph: nx.Graph, records: Records) -> bytes:
    nodes, edges = records
    name = graph.graph.get("name", "")
    data = graphml_records_bytes({"name": name}, nodes, edges, encoding="utf-8")  # None when unsure
    if data is None:
        flat = _graph_of(xml_safe(str(name)), xml_safe_records(*records))
        data = ("\n".join(nx.generate_graphml(flat, encoding="utf-8")) + "\n").encode("utf-8")
    return data


def write_network_files(
    graph: nx.Graph,
    out_dir: str | os.PathLike,
    *,
    max_nodes: int = DEFAULT_MAX_NODES,
    max_edges: int | None = None,
    kinds: tuple[str, ...] = tuple(FILES),
    corpus: Corpus | None = None,
    base_iri: str | None = None,
) -> dict[str, Path]:
    """Write coattendance.html/.gexf/.graphml/.json, people.csv and edges.csv into ``out_dir``.

    Each file is written atomically and byte-identically for the same graph. Only the page is
    cut to ``max_nodes``; the other files hold the whole network. ``kinds`` picks the files
    (another process may write the rest). Returns the paths written by kind (``html``,
    ``gexf``, ``graphml``, ``people``, ``edges``, ``json``). With the ``corpus``, the page shows
    the events themselves (see :func:`render_html`); ``base_iri`` is graph.ttl's namespace.
    """
    out = Path(out_dir)
    paths = {kind: out / name for kind, name in FILES.items() if kind in kinds}
    if "html" in paths:
        page = render_html(graph, max_nodes=max_nodes, max_edges=max_edges, corpus=corpus)
        write_atomic(paths["html"], page.encode("utf-8"))
    if "json" in paths:
        write_atomic(paths["json"], node_link_json(graph, base_iri))
    people, edges = _rows(graph, base_iri)  # once for four files
    if "graphml" in paths or "gexf" in paths:
        records = _flat_records(graph, rows=(people, edges))
        if "graphml" in paths:
            write_atomic(paths["graphml"], _graphml_bytes(graph, records))
        if "gexf" in paths:
            write_atomic(paths["gexf"], _gexf_bytes(graph, records))
    if "people" in paths:
        write_atomic(paths["people"], csv_bytes(people, PEOPLE_CSV_COLUMNS))
    if "edges" in paths:
        write_atomic(paths["edges"], csv_bytes(edges, EDGE_CSV_COLUMNS))
    return paths
