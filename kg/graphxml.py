"""Fast GEXF and GraphML text for graphs of scalar attributes, byte for byte what networkx writes.

networkx builds an ElementTree of every node, edge and attribute and serialises it in pure
Python: for a network of 17,000 people and 75,000 links that took 20 s per file. These
writers produce the same bytes as ``GEXFWriter(prettyprint=True)`` (without the date stamp)
and ``"\\n".join(nx.generate_graphml(graph))`` directly as text. A graph they do not cover
(directed, multigraph, list or numpy values, reserved keys such as ``start``) makes them return
None, and the caller uses networkx. Dynamic GEXF is covered for ``spells``: a list of
``(start, end)`` ISO dates on a node or an edge (``mode="dynamic"``, ``timeformat="date"``).
GraphML can also be written in UTF-8 (networkx writes every Chinese character as a character
reference).

Both are written as a stream (:func:`write_gexf_records`, :func:`write_graphml_records`): the
nodes and edges are read once, one at a time, and their elements go to a spill file while the
attribute declarations that head the document are collected; then the head is written and the
spill copied after it. A network of a million links is never held as text.
"""

from __future__ import annotations

import functools
import io
import re
import shutil
import tempfile
from collections.abc import Iterable
from typing import Any, BinaryIO

import networkx as nx

__all__ = ["gexf_bytes", "graphml_text", "gexf_records_bytes", "graphml_records_bytes", "write_gexf_records",
           "write_graphml_records", "xml_safe", "xml_safe_records"]

_SCALARS = frozenset({str, int, float, bool})
Nodes = "list[tuple[Any, dict]]"  # (node, attributes), in the order to write
Edges = "list[tuple[Any, Any, dict]]"  # (source, target, attributes)
_GEXF_NODE_RESERVED = frozenset({"id", "pid", "start", "end", "parents", "slices"})
_GEXF_EDGE_RESERVED = frozenset({"id", "label", "type", "start", "end", "key", "viz", "slices"})
_VIZ_KEYS = frozenset({"color", "size"})
_OTHER_LINE_BREAKS = "\r\x0b\x0c\x1c\x1d\x1e"  # ASCII line ends str.splitlines knows besides \n
#: Where ``str.splitlines`` splits ASCII text (networkx's GraphML lines are split so).
_ASCII_LINE_BREAK = re.compile("\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e]")


#: Characters XML 1.0 forbids anywhere, even as character references: C0 controls but tab, line
#: feed and carriage return; surrogates; U+FFFE and U+FFFF.
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """``text`` with every character XML 1.0 forbids replaced by U+FFFD, so that a control
    character or U+FFFE in a chronicle never makes a GEXF or GraphML file unreadable.

    >>> xml_safe("a\\x08b\\ufffe\\tc") == "a\\ufffdb\\ufffd\\tc"
    True
    """
    return _XML_FORBIDDEN.sub("\ufffd", text) if _XML_FORBIDDEN.search(text) else text


def xml_safe_records(nodes: Nodes, edges: Edges) -> tuple[list, list]:
    """Node and edge records with :func:`xml_safe` keys and text values (for writers of XML
    other than this module's, such as networkx's)."""
    def clean(value: Any) -> Any:
        return xml_safe(value) if isinstance(value, str) else value

    return ([(clean(n), {k: clean(v) for k, v in d.items()}) for n, d in nodes],
            [(clean(u), clean(v), {k: clean(x) for k, x in d.items()}) for u, v, d in edges])


_ATTRIB_SPECIAL = re.compile('[&<>"\r\n\t]')


_CDATA_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"))
_ATTRIB_ESCAPES = _CDATA_ESCAPES + (('"', "&quot;"), ("\r", "&#13;"), ("\n", "&#10;"), ("\t", "&#09;"))


def _replace_each(text: str, escapes: tuple[tuple[str, str], ...]) -> str:
    for char, entity in escapes:
        if char in text:
            text = text.replace(char, entity)
    return text


def _escape_attrib(text: str) -> str:
    """As ElementTree escapes an attribute value."""
    if not _ATTRIB_SPECIAL.search(text):  # most values: one scan, no copies
        return text
    return _replace_each(text, _ATTRIB_ESCAPES)


def _escape_cdata(text: str) -> str:
    """As ElementTree escapes element text."""
    return _replace_each(text, _CDATA_ESCAPES)


def _scalar_data(data: dict, reserved: frozenset[str]) -> bool:
    return reserved.isdisjoint(data) and all(map(_SCALARS.__contains__, map(type, data.values())))


# ---------------------------------------------------------------------------------------------
# GEXF
# ---------------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _gexf_constants() -> tuple[str, str, str, str, str, dict]:
    from networkx.readwrite.gexf import GEXFWriter

    writer = GEXFWriter(version="1.2draft")
    return writer.NS_GEXF, writer.NS_VIZ, writer.NS_XSI, writer.SCHEMALOCATION, writer.VERSION, writer.xml_type


def _date_spells(spells: Any) -> bool:
    return isinstance(spells, list) and all(
        isinstance(s, tuple) and len(s) == 2 and all(type(d) is str for d in s) for s in spells)


def _gexf_node_supported(data: dict) -> bool:
    viz = data.get("viz")
    if "spells" in data and not _date_spells(data["spells"]):
        return False
    rest = {k: v for k, v in data.items() if k not in ("viz", "label", "spells")}
    if not _scalar_data(rest, _GEXF_NODE_RESERVED) or "label" in data and type(data["label"]) not in _SCALARS:
        return False
    return viz is None or (isinstance(viz, dict) and not set(viz) - _VIZ_KEYS
                           and isinstance(viz.get("color", {}), dict))


def _gexf_edge_supported(data: dict) -> bool:
    return (_scalar_data({k: v for k, v in data.items() if k != "spells"}, _GEXF_EDGE_RESERVED)
            and ("spells" not in data or _date_spells(data["spells"])))


class _Spill:
    """Elements written ahead of the head that declares their attributes: lines gathered in
    batches, made XML-safe and encoded, into a temporary file (in ``folder``) or memory."""

    BATCH = 4096  # lines per encoded write

    def __init__(self, folder: str | None, encoding: str, clean=None):
        self.file = tempfile.TemporaryFile(dir=folder) if folder is not None else io.BytesIO()
        self.lines: list[str] = []
        self.encoding, self.clean = encoding, clean

    def add(self, lines: list[str]) -> None:
        self.lines.extend(lines)
        if len(self.lines) >= self.BATCH:
            self.flush()

    def flush(self) -> int:
        """Write the gathered lines; the spill's size so far (where the next section starts)."""
        if self.lines:
            self.file.write(_encoded(self.lines, self.encoding, self.clean))
            self.lines.clear()
        return self.file.tell()

    def copy(self, out: BinaryIO, start: int, end: int) -> None:
        self.file.seek(start)
        shutil.copyfileobj(_Limited(self.file, end - start), out, 1 << 20)
        self.file.seek(0, io.SEEK_END)


class _Limited:
    """A reader of the next ``size`` bytes of a file."""

    def __init__(self, file: BinaryIO, size: int):
        self.file, self.left = file, size

    def read(self, n: int = -1) -> bytes:
        data = self.file.read(self.left if n < 0 else min(n, self.left))
        self.left -= len(data)
        return data


def _encoded(lines: list[str], encoding: str = "utf-8", clean=None) -> bytes:
    """Lines, each ended by a line feed, made XML-safe (and ``clean``) and encoded: the bytes the
    same lines give inside the whole document, as both steps go character by character."""
    text = xml_safe("\n".join(lines) + "\n")
    return (clean(text) if clean else text).encode(encoding, "xmlcharrefreplace")


def _spells(spells: list[tuple[str, str]] | None, out: list[str]) -> bool:
    """The ``<spells>`` element as networkx writes it (before viz and attvalues)."""
    if not spells:
        return False
    out.append("        <spells>")
    out.extend(f'          <spell start="{_escape_attrib(a)}" end="{_escape_attrib(b)}" />' for a, b in spells)
    out.append("        </spells>")
    return True


def _gexf_value(value: Any) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    text = str(value)
    if type(value) is float:
        text = {"inf": "INF", "nan": "NaN", "-inf": "-INF"}.get(text, text)
    return text


class _AttributeIds:
    """GEXF attribute ids, numbered in order of first use across nodes then edges."""

    def __init__(self, xml_type: dict):
        self.xml_type = xml_type
        self.ids: dict[str, dict[str, str]] = {"node": {}, "edge": {}}
        self.declared: dict[str, list[str]] = {"node": [], "edge": []}
        self.count = 0
        self.openings: dict[tuple[str, Any], str] = {}  # (kind, key) → '  <attvalue for="N" value="'

    def get(self, kind: str, title: str, value: Any) -> str:
        found = self.ids[kind].get(title)
        if found is None:
            found = self.ids[kind][title] = str(self.count)
            self.count += 1
            self.declared[kind].append(
                f'      <attribute id="{found}" title="{_escape_attrib(title)}" '
                f'type="{self.xml_type[type(value)]}" />')
        return found

    def opening(self, kind: str, key: Any, value: Any, indent: str) -> str:
        """The ``<attvalue`` element up to its value, declaring the attribute on first use."""
        opening = self.openings.get((kind, key))
        if opening is None:
            attr_id = self.get(kind, str(key), value)
            opening = self.openings[(kind, key)] = f'{indent}  <attvalue for="{attr_id}" value="'
        return opening


def _attvalues(kind: str, data: dict, ids: _AttributeIds, out: list[str], indent: str) -> None:
    """The ``<attvalues>`` element of one node or edge, as one piece of text (lines joined)."""
    if not data:
        return
    lines = [f"{indent}<attvalues>"]
    for key, value in data.items():
        text = _escape_attrib(value if type(value) is str else _gexf_value(value))
        lines.append(f'{ids.opening(kind, key, value, indent)}{text}" />')
    lines.append(f"{indent}</attvalues>")
    out.append("\n".join(lines))


def _viz(viz: dict, out: list[str]) -> bool:
    wrote = False
    color = viz.get("color")
    if color is not None:
        values = " ".join(f'{c}="{_escape_attrib(str(color.get(c, 1.0 if c == "a" else None)))}"' for c in "rgba")
        out.append(f"        <viz:color {values} />")
        wrote = True
    size = viz.get("size")
    if size is not None:
        out.append(f'        <viz:size value="{_escape_attrib(str(size))}" />')
        wrote = True
    return wrote


def gexf_bytes(graph: nx.Graph) -> bytes | None:
    """GEXF 1.2draft as networkx's ``GEXFWriter(prettyprint=True)`` writes it without its
    ``lastmodifieddate``; None for a graph outside the covered subset."""
    if graph.is_directed() or graph.is_multigraph() or set(graph.graph) - {"name"}:
        return None
    return gexf_records_bytes(str(graph.graph.get("name", "")), list(graph.nodes(data=True)),
                              list(graph.edges(data=True)))


def gexf_records_bytes(name: str, nodes: Nodes, edges: Edges) -> bytes | None:
    """:func:`gexf_bytes` of the undirected graph called ``name`` with these node and edge
    records, in this order, without building it: what a writer that already holds its data as
    rows uses. None outside the covered subset."""
    out = io.BytesIO()
    return out.getvalue() if write_gexf_records(out, name, nodes, edges) else None


def write_gexf_records(out: BinaryIO, name: str, nodes: Iterable, edges: Iterable, *,
                       spill_folder: str | None = None) -> bool:
    """Write :func:`gexf_records_bytes` to ``out``, reading the records once, one at a time (they
    may be generated as they are read); False, with nothing written, for a record outside the
    covered subset. The elements wait in a temporary file in ``spill_folder`` (in memory when
    None) until the attribute declarations that come first are known."""
    ns_gexf, ns_viz, ns_xsi, schema, version, xml_type = _gexf_constants()
    ids = _AttributeIds(xml_type)
    spill = _Spill(spill_folder, "utf-8")
    uses_viz = dynamic = False
    with spill.file:
        for node, data in nodes:
            if not _gexf_node_supported(data):
                return False
            label = str(data.get("label", node))
            body: list[str] = []
            dynamic = _spells(data.get("spells"), body) or dynamic
            viz = data.get("viz")
            if viz:
                uses_viz = _viz(viz, body) or uses_viz
            rest = {k: v for k, v in data.items() if k not in ("label", "viz", "spells")}
            _attvalues("node", rest, ids, body, "        ")
            head = f'      <node id="{_escape_attrib(str(node))}" label="{_escape_attrib(label)}"'
            spill.add([head + ">", *body, "      </node>"] if body else [head + " />"])
        nodes_end = spill.flush()
        for number, (u, v, data) in enumerate(edges):
            if not _gexf_edge_supported(data):
                return False
            rest = dict(data)
            attrs = f' source="{_escape_attrib(str(u))}" target="{_escape_attrib(str(v))}" id="{number}"'
            if "weight" in rest:
                attrs += f' weight="{_escape_attrib(str(rest.pop("weight")))}"'
            body = []
            dynamic = _spells(rest.pop("spells", None), body) or dynamic
            _attvalues("edge", rest, ids, body, "        ")
            spill.add([f"      <edge{attrs}>", *body, "      </edge>"] if body else [f"      <edge{attrs} />"])
        edges_end = spill.flush()
        viz_ns = f' xmlns:viz="{_escape_attrib(ns_viz)}"' if uses_viz else ""
        root = (f'<gexf{viz_ns} xmlns="{ns_gexf}" xmlns:xsi="{ns_xsi}" xsi:schemaLocation="{schema}" '
                f'version="{version}">')
        name = _escape_attrib(name)
        lines = ["<?xml version='1.0' encoding='utf-8'?>", root, "  <meta>",
                 f"    <creator>{_escape_cdata(f'NetworkX {nx.__version__}')}</creator>", "  </meta>",
                 f'  <graph defaultedgetype="undirected" mode="{"dynamic" if dynamic else "static"}" name="{name}"'
                 + (' timeformat="date">' if dynamic else ">")]
        for kind in ("edge", "node"):
            if ids.declared[kind]:
                lines += [f'    <attributes mode="static" class="{kind}">', *ids.declared[kind], "    </attributes>"]
        out.write(_encoded(lines))
        for tag, start, end in (("nodes", 0, nodes_end), ("edges", nodes_end, edges_end)):
            if end > start:
                out.write(f"    <{tag}>\n".encode())
                spill.copy(out, start, end)
                out.write(f"    </{tag}>\n".encode())
            else:
                out.write(f"    <{tag} />\n".encode())
        out.write(b"  </graph>\n</gexf>\n")
    return True


# ---------------------------------------------------------------------------------------------
# GraphML
# ---------------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _graphml_constants() -> tuple[str, str, str, dict]:
    from networkx.readwrite.graphml import GraphMLWriter

    writer = GraphMLWriter()
    return writer.NS_GRAPHML, writer.NS_XSI, writer.SCHEMALOCATION, writer.xml_type


def _graphml_supported(graph_data: dict, nodes: Nodes, edges: Edges) -> bool:
    if {"id", "node_default", "edge_default"} & set(graph_data) or not _scalar_data(graph_data, frozenset()):
        return False
    return (all(_scalar_data(d, frozenset()) for _, d in nodes)
            and all(_scalar_data(d, frozenset()) for *_, d in edges))


def graphml_text(graph: nx.Graph) -> str | None:
    """GraphML as ``"\\n".join(nx.generate_graphml(graph)) + "\\n"``; None for a graph outside
    the covered subset."""
    if graph.is_directed() or graph.is_multigraph():
        return None
    data = graphml_records_bytes(dict(graph.graph), list(graph.nodes(data=True)), list(graph.edges(data=True)))
    return None if data is None else data.decode("ascii")


def graphml_records_bytes(graph_data: dict, nodes: Nodes, edges: Edges, *, encoding: str = "ascii") -> bytes | None:
    """:func:`graphml_text`, encoded, of the undirected graph with these attributes and node and
    edge records, without building it; None outside the covered subset.

    ``encoding="ascii"`` gives networkx's bytes, every character beyond ASCII a character
    reference (``&#24352;``); ``"utf-8"`` writes them as they are, after an XML declaration:
    the same document, less than half the size for Chinese text and readable as it stands.
    """
    out = io.BytesIO()
    return out.getvalue() if write_graphml_records(out, graph_data, nodes, edges, encoding=encoding) else None


def _one_line_break(text: str) -> str:
    """Line ends as networkx's GraphML lines end: split where ``str.splitlines`` splits ASCII text
    (\\r\\n, \\r, …), joined with \\n."""
    if any(c in text for c in _OTHER_LINE_BREAKS):
        return "\n".join(_ASCII_LINE_BREAK.split(text))
    return text


def write_graphml_records(out: BinaryIO, graph_data: dict, nodes: Iterable, edges: Iterable, *,
                          encoding: str = "ascii", spill_folder: str | None = None) -> bool:
    """Write :func:`graphml_records_bytes` to ``out``, reading the records once, one at a time;
    False, with nothing written, for a record outside the covered subset (see
    :func:`write_gexf_records` for ``spill_folder``)."""
    if {"id", "node_default", "edge_default"} & set(graph_data) or not _scalar_data(graph_data, frozenset()):
        return False
    ns_graphml, ns_xsi, schema, xml_type = _graphml_constants()
    keys: dict[tuple[str, str, str], str] = {}
    declared: list[str] = []

    opening: dict[tuple, str] = {}  # (scope, name, type) → '<data key="dN">' with its indent

    def data_lines(scope: str, data: dict, indent: str) -> list[str]:
        lines = []
        for name, value in data.items():
            head = opening.get((scope, name, type(value)))
            if head is None:
                kind = xml_type[type(value)]
                key = keys.get((str(name), kind, scope))
                if key is None:
                    key = keys[(str(name), kind, scope)] = f"d{len(keys)}"
                    declared.append(f'  <key id="{key}" for="{scope}" attr.name="{_escape_attrib(str(name))}" '
                                    f'attr.type="{kind}" />')
                head = opening[(scope, name, type(value))] = f'{indent}<data key="{key}"'
            text = str(value)
            if not text:
                lines.append(head + " />")
            elif "&" in text or "<" in text or ">" in text:
                lines.append(f"{head}>{_escape_cdata(text)}</data>")
            else:
                lines.append(f"{head}>{text}</data>")
        return lines

    graph_lines = data_lines("graph", graph_data, "    ")  # keys first, element last, as networkx
    spill = _Spill(spill_folder, encoding, _one_line_break)
    with spill.file:
        for node, data in nodes:
            if not _scalar_data(data, frozenset()):
                return False
            inner = data_lines("node", data, "      ")
            head = f'    <node id="{_escape_attrib(str(node))}"'
            spill.add([head + ">", *inner, "    </node>"] if inner else [head + " />"])
        for u, v, data in edges:
            if not _scalar_data(data, frozenset()):
                return False
            inner = data_lines("edge", data, "      ")
            head = f'    <edge source="{_escape_attrib(str(u))}" target="{_escape_attrib(str(v))}"'
            spill.add([head + ">", *inner, "    </edge>"] if inner else [head + " />"])
        spill.add(graph_lines)
        body_end = spill.flush()
        declaration = [f"<?xml version='1.0' encoding='{encoding}'?>"] if encoding != "ascii" else []
        root = f'<graphml xmlns="{ns_graphml}" xmlns:xsi="{ns_xsi}" xsi:schemaLocation="{schema}">'
        if not body_end:
            out.write(_encoded([*declaration, root, *reversed(declared), '  <graph edgedefault="undirected" />',
                                "</graphml>"], encoding, _one_line_break))
            return True
        out.write(_encoded([*declaration, root, *reversed(declared), '  <graph edgedefault="undirected">'],
                           encoding, _one_line_break))
        spill.copy(out, 0, body_end)
        out.write(_encoded(["  </graph>", "</graphml>"], encoding))
    return True
