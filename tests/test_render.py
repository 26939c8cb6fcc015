"""Tests for kg/render.py: the offline page's markup and data, and the GEXF/GraphML/CSV files."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
from pathlib import Path

import networkx as nx
import pytest

from kg.errors import OutputError
from kg.network import coattendance_graph
from kg.render import FILES, OTHER_COLOUR, cut_note, iframe_html, render_html, write_network_files
from test_network import HOSTILE, IMG, SCRIPT, SVG, ZHANGYE, corpus_from_lines, person_key, towns_network

K = person_key


@pytest.fixture(scope="module")
def graph():
    return coattendance_graph(corpus_from_lines(ZHANGYE))


@pytest.fixture(scope="module")
def page(graph):
    return render_html(graph)


@pytest.fixture(scope="module")
def hostile_page():
    return render_html(coattendance_graph(corpus_from_lines(HOSTILE)))


def page_data(html: str) -> dict:
    block = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', html, re.S)
    return json.loads(block.group(1))


def inline_scripts(html: str) -> list[str]:
    return re.findall(r"<script>(.*?)</script>", html, re.S)


def test_render_page_loads_nothing_from_the_web(page):
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", page, re.I)
    assert not re.search(r"<link\b|@import|url\(\s*['\"]?(?:https?:)?//", page, re.I)
    assert not re.search(r"<(?:script|img|iframe|link)\b[^>]*\bsrc=", page, re.I)  # everything inline
    assert "bootstrap" not in page.lower() and "cdnjs.cloudflare" not in page  # none of pyvis's CDN assets


def test_render_page_policy_allows_only_its_own_scripts(page):
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    assert "default-src 'none'" in policy and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    scripts = inline_scripts(page)
    assert len(scripts) == 2  # vis-network, then the page's own script
    for script in scripts:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy


def test_render_page_keeps_pyvis_network_handle(page):
    script = inline_scripts(page)[1]
    assert re.search(r"^var nodes, edges, network", script, re.M)
    assert "network = new vis.Network(" in script
    assert "innerHTML" not in script and "insertAdjacentHTML" not in script and "eval(" not in script


def test_render_page_data_has_every_person(page, graph):
    data = page_data(page)
    assert sorted(n["id"] for n in data["nodes"]) == sorted(graph.nodes)
    assert len(data["edges"]) == graph.number_of_edges()
    node = next(n for n in data["nodes"] if n["id"] == K("赵立香"))
    assert node["label"] == "赵立香" and node["value"] == 6
    assert node["kg"]["titles"] == ["市委副书记、市长"] and node["kg"]["pinyin"] == "Zhao Lixiang"
    assert "title" not in node  # tooltips are built on the page, as elements


def test_render_page_sizes_and_colours(page, graph):
    data = page_data(page)
    colours = {n["kg"]["community"]: n["color"] for n in data["nodes"]}
    legend = {c["number"]: c["color"] for c in data["communities"]}
    assert all(colours[number] == colour for number, colour in legend.items())
    assert len(set(legend.values())) == len(legend)
    edge = next(e for e in data["edges"] if {e["from"], e["to"]} == {K("卢小亨"), K("赵立香")})
    assert edge["value"] == 3 and len(edge["kg"]["events"]) == 3


@pytest.mark.parametrize("text", [IMG, SCRIPT, SVG, "</script><script>"])
def test_render_hostile_text_is_never_markup(hostile_page, text):
    assert text not in hostile_page
    names = json.dumps(page_data(hostile_page), ensure_ascii=False)
    assert json.dumps(text, ensure_ascii=False)[1:-1] in names  # still there, as data


def test_render_hostile_text_round_trips_through_json(hostile_page):
    data = page_data(hostile_page)
    labels = {n["label"] for n in data["nodes"]}
    assert IMG in labels and SCRIPT in labels
    events = [title for e in data["edges"] for _, title in e["kg"]["events"]]
    assert any(SVG in title for title in events)


@pytest.mark.parametrize(
    ("counts", "expected"),
    [((2340, 12000, 500, 3000, 4100),
      "Showing 500 of 2,340 people (linked groups around the most connected) and 3,000 of 12,000 links (each person's strongest, then the heaviest);"),
     ((2340, 1200, 500, 800, 800),
      "Showing 500 of 2,340 people (linked groups around the most connected) and the 800 links among them (of 1,200);"),
     ((40, 5000, 40, 240, 5000), "Showing all 40 people and 240 of 5,000 links (each"),
     ((40, 90, 40, 90, 90), "")],
)
def test_render_cut_note(counts, expected):
    assert cut_note(*counts).startswith(expected)


def test_render_cut_page_says_what_it_left_out(graph):
    html = render_html(graph, max_nodes=5, max_edges=6)
    data = page_data(html)
    assert len(data["nodes"]) == 5 and len(data["edges"]) == 6
    assert re.search(r'<p id="kg-cut">Showing 5 of 20 people \(linked groups around the most connected\) and 6 of 62 links', html)
    assert '<p id="kg-cut" hidden>' in render_html(graph)


def test_render_cut_page_colours_the_communities_it_draws():
    towns = towns_network(30)
    for _, data in towns.nodes(data=True):
        data["community"] = 31 - data["community"]  # the towns drawn are now the last communities
    data = page_data(render_html(towns, max_nodes=40))
    drawn = {towns.nodes[node["id"]]["community"] for node in data["nodes"]}
    assert len(drawn) == 10 and {row["number"] for row in data["communities"]} == drawn
    assert OTHER_COLOUR not in {node["color"] for node in data["nodes"]}
    assert data["other"] == {"color": OTHER_COLOUR, "communities": 20, "people": 100}


def test_render_default_cut_follows_max_nodes(graph):
    data = page_data(render_html(graph, max_nodes=4))
    assert len(data["nodes"]) == 4 and len(data["edges"]) <= 6  # all links among 4 people


def test_render_iframe_holds_the_escaped_page(graph):
    import html as html_module

    frame = iframe_html(graph, height=500)
    assert frame.startswith('<div class="kg-coattendance"><iframe ') and frame.endswith("></iframe></div>")
    assert frame.count("<") == 4  # the page is all inside the attribute
    srcdoc = re.search(r'srcdoc="([^"]*)"', frame).group(1)
    assert html_module.unescape(srcdoc) == render_html(graph)
    assert 'sandbox="allow-scripts allow-downloads"' in frame and "height: 500px" in frame


def test_render_empty_graph():
    data = page_data(render_html(nx.Graph()))
    assert data["nodes"] == [] and data["edges"] == []


def test_render_writes_every_file(graph, tmp_path):
    paths = write_network_files(graph, tmp_path / "out")
    assert {p.name for p in paths.values()} == set(FILES.values())
    assert sorted(os.listdir(tmp_path / "out")) == sorted(FILES.values())  # no temp file left
    assert paths["html"].read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_render_files_are_byte_identical(graph, tmp_path):
    first = write_network_files(graph, tmp_path / "a")
    second = write_network_files(coattendance_graph(corpus_from_lines(ZHANGYE)), tmp_path / "b")
    for kind in FILES:
        assert first[kind].read_bytes() == second[kind].read_bytes(), kind


def test_render_files_are_readable_by_others(graph, tmp_path):
    old = os.umask(0o022)
    try:
        paths = write_network_files(graph, tmp_path)
    finally:
        os.umask(old)
    assert {oct(p.stat().st_mode & 0o777) for p in paths.values()} == {oct(0o644)}


def test_render_replaces_existing_files(graph, tmp_path):
    (tmp_path / "edges.csv").write_text("old", encoding="utf-8")
    write_network_files(graph, tmp_path)
    assert (tmp_path / "edges.csv").read_text(encoding="utf-8").startswith("source,target,")


def test_render_unwritable_folder_raises_output_error(graph, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    with pytest.raises(OutputError, match="file"):
        write_network_files(graph, blocker / "out")


def test_render_gexf_keeps_weights_and_attributes(graph, tmp_path):
    back = nx.read_gexf(write_network_files(graph, tmp_path)["gexf"])
    assert back.number_of_nodes() == graph.number_of_nodes()
    assert back.edges[K("卢小亨"), K("赵立香")]["weight"] == 3
    node = back.nodes[K("赵立香")]
    assert node["label"] == "赵立香" and node["titles"] == "市委副书记、市长" and node["chaired"] == 2
    assert node["community"] == graph.nodes[K("赵立香")]["community"]
    events = json.loads(back.edges[K("杨育林"), K("赵立香")]["events"])
    assert [date for date, _ in events] == ["2024-07-04", "2024-07-04"]
    assert "viz" in node and node["viz"]["color"]["a"] == 1.0


def test_render_graphml_keeps_weights_and_attributes(graph, tmp_path):
    back = nx.read_graphml(write_network_files(graph, tmp_path)["graphml"])
    assert back.edges[K("卢小亨"), K("周均发")]["weight"] == 3
    node = back.nodes[K("李景虹")]
    assert node["name"] == "李景虹" and node["spoke"] == 1
    assert node["betweenness"] == pytest.approx(graph.nodes[K("李景虹")]["betweenness"])
    assert node["dates"] == "2024-07-01"


def test_render_csv_reads_into_pandas(graph, tmp_path):
    pd = pytest.importorskip("pandas")
    paths = write_network_files(graph, tmp_path)
    people = pd.read_csv(paths["people"], keep_default_na=False)
    edges = pd.read_csv(paths["edges"], keep_default_na=False)
    assert len(people) == graph.number_of_nodes() and len(edges) == graph.number_of_edges()
    assert people.set_index("name").loc["卢小亨", "events"] == 5
    row = edges[(edges.source == K("卢小亨")) & (edges.target == K("赵立香"))
                | (edges.source == K("赵立香")) & (edges.target == K("卢小亨"))]
    assert row.weight.tolist() == [3] and row.first_date.tolist() == ["2024-07-02"]
    assert len(json.loads(row.events.iloc[0])) == 3


def test_render_gexf_leaves_the_graphml_records_as_they_were(graph, tmp_path, monkeypatch):
    """The records GraphML was written from are not changed afterwards for the GEXF file."""
    import copy

    import kg.render

    seen = []
    write_graphml = kg.render._graphml_bytes

    def spy(graph, records):
        seen.append((records, copy.deepcopy(records)))
        return write_graphml(graph, records)

    monkeypatch.setattr(kg.render, "_graphml_bytes", spy)
    paths = write_network_files(graph, tmp_path)
    (records, as_written), = seen
    assert records == as_written
    assert all("viz" not in data for _, data in records[0])
    assert b"<viz:color" in paths["gexf"].read_bytes()


# The hostile cells: a city that is a formula, a title that is one, and the other
# characters OWASP lists (+ - @, tab, carriage return) at the start of titles.
FORMULA_CHRONICLE = (
    '# city: =HYPERLINK("http://evil.example")\n'
    "# period: 2024-07\n"
    "1日,市长王五出席会议。\n"
    "2日,=1+1市长李四出席会议,@SUM(1)副市长赵六、+cmd|calc副市长钱七、-2+3书记孙八参加。\n"
)


def _cells(path: Path) -> list[list[str]]:
    import csv

    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def test_render_csv_cells_never_start_a_formula(tmp_path):
    from kg.pipeline import build

    source = tmp_path / "evil.txt"
    source.write_text(FORMULA_CHRONICLE, encoding="utf-8")
    build([source], tmp_path / "out", use_cache=False)
    people, edges = _cells(tmp_path / "out" / "people.csv"), _cells(tmp_path / "out" / "edges.csv")
    cells = [cell for row in people[1:] + edges[1:] for cell in row]
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]
    header = people[0]
    rows = {row[header.index("name")]: dict(zip(header, row)) for row in people[1:]}
    assert rows["李四"]["titles"] == "'=1+1市长"
    assert rows["李四"]["city"] == "'=HYPERLINK(\"http://evil.example\")"
    assert rows["钱七"]["titles"].startswith("'+cmd|calc")
    assert rows["孙八"]["titles"].startswith("'-2+3")
    assert rows["李四"]["key"] in {row[0] for row in edges[1:]} | {row[1] for row in edges[1:]}  # keys still join


@pytest.mark.parametrize("value, expected", [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("\rx", "'\rx"),
    ("市长", "市长"), ("a=b", "a=b"), ("", ""), (-1, -1), (0.5, 0.5),
])
def test_render_formula_safe(value, expected):
    from kg.tables import formula_safe

    assert formula_safe(value) == expected


def test_render_people_csv_cells_of_a_graph_with_formula_names(tmp_path):
    from kg.model import Role

    rows = [("2024-07-02", "2日,会议召开。=A1主持会议,@B2出席。",
             [("=A1", Role.CHAIR, "+市长"), ("@B2", Role.ATTENDEE, "-副市长")])]
    paths = write_network_files(coattendance_graph(corpus_from_lines(rows)), tmp_path)
    people = _cells(paths["people"])
    names = {row[1] for row in people[1:]}
    assert names == {"'=A1", "'@B2"}
    assert {row[3] for row in people[1:]} == {"'+市长", "'-副市长"}


@pytest.mark.parametrize("bad", ["\ufffe", "\x08", "\x0b", "\x01", "\x1f", "\uffff"])
def test_render_xml_files_stay_well_formed_with_forbidden_characters(tmp_path, bad):
    import xml.etree.ElementTree as ET

    from kg.model import Role

    rows = [("2024-07-02", f"2日,会议{bad}召开。卢小亨主持会议,赵立香出席。",
             [("卢小亨", Role.CHAIR, f"市委{bad}书记"), (f"赵立{bad}香", Role.ATTENDEE, "市长")])]
    paths = write_network_files(coattendance_graph(corpus_from_lines(rows)), tmp_path)
    for kind in ("gexf", "graphml"):
        ET.parse(paths[kind])  # raises on a file that is not well-formed XML
    network = nx.read_graphml(paths["graphml"])
    assert {data["name"] for _, data in network.nodes(data=True)} == {"卢小亨", "赵立\ufffd香"}
    assert len(nx.read_gexf(paths["gexf"])) == 2
