"""The co-attendance page in headless Chromium, offline: drawing, search, tooltips, filters, safety."""

from __future__ import annotations

import math

import pytest

from kg.network import coattendance_graph
from kg.render import iframe_html, render_html, write_network_files
from test_network import HOSTILE, IMG, SCRIPT, SVG, ZHANGYE, corpus_from_lines, person_key, towns_network

pytestmark = pytest.mark.browser

K = person_key


@pytest.fixture(scope="module")
def graph():
    return coattendance_graph(corpus_from_lines(ZHANGYE))


@pytest.fixture(scope="module")
def page_file(graph, tmp_path_factory):
    return write_network_files(graph, tmp_path_factory.mktemp("zhangye"))["html"]


@pytest.fixture(scope="module")
def hostile_graph():
    return coattendance_graph(corpus_from_lines(HOSTILE))


def assert_clean(log):
    assert log.requests == [], "the page asked the network for something"
    assert log.errors == []


def drawn_nodes(page) -> list[str]:
    """Ids of the nodes vis-network draws (visible ones)."""
    return page.evaluate("network.body.nodeIndices.slice()")


def drawn_edges(page) -> list[str]:
    return page.evaluate("network.body.edgeIndices.slice()")


def screen_point(page, key: str) -> tuple[float, float]:
    """Page coordinates of a node's centre."""
    box = page.locator("#mynetwork").bounding_box()
    point = page.evaluate("(id) => network.canvasToDOM(network.getPositions([id])[id])", key)
    return box["x"] + point["x"], box["y"] + point["y"]


def hover(page, x: float, y: float) -> str:
    """Move the mouse to an empty corner of the canvas, then to (x, y); return the tooltip's text."""
    box = page.locator("#mynetwork").bounding_box()
    page.mouse.move(box["x"] + 3, box["y"] + box["height"] - 3)
    page.wait_for_selector("div.vis-tooltip", state="hidden")
    page.mouse.move(x, y, steps=3)
    page.wait_for_selector("div.vis-tooltip", state="visible")
    return page.inner_text("div.vis-tooltip")


def test_browser_page_loads_offline_without_errors(open_page, page_file, graph):
    page, log = open_page(page_file)
    assert_clean(log)
    assert sorted(drawn_nodes(page)) == sorted(graph.nodes)
    assert len(drawn_edges(page)) == graph.number_of_edges()
    assert page.evaluate("typeof network.getPositions") == "function"  # pyvis's handle


def test_browser_physics_stops_once_settled(open_page, page_file):
    page, log = open_page(page_file)
    assert page.evaluate("network.physics.physicsEnabled") is False
    before = page.evaluate("network.getPositions()")
    page.wait_for_timeout(300)
    assert page.evaluate("network.getPositions()") == before
    assert page.locator("#kg-progress").is_hidden()


@pytest.mark.parametrize(
    ("query", "name"),
    [("赵立香", "赵立香"), ("Lou Jinhua", "娄金华"), ("anweiguo", "安维国"), ("力江", "刘力江")],
)
def test_browser_search_focuses_typed_name(open_page, page_file, query, name):
    page, log = open_page(page_file)
    page.fill("#kg-search", query)
    page.press("#kg-search", "Enter")
    page.wait_for_function(
        """(id) => { const p = network.getPositions([id])[id], v = network.getViewPosition();
                     return Math.hypot(p.x - v.x, p.y - v.y) < 1; }""",
        arg=K(name),
    )
    assert page.evaluate("network.getSelectedNodes()") == [K(name)]
    assert name in page.inner_text("#kg-details")
    assert_clean(log)


def test_browser_search_says_when_nobody_matches(open_page, page_file):
    page, _ = open_page(page_file)
    page.fill("#kg-search", "王小二")
    page.click("#kg-find")
    assert "Nobody matches “王小二”" in page.inner_text("#kg-status")
    assert page.evaluate("network.getSelectedNodes()") == []


@pytest.mark.parametrize(
    ("name", "expected"),
    [("赵立香", ["赵立香", "Zhao Lixiang", "市委副书记、市长", "6 events", "chaired 2"]),
     ("李景虹", ["李景虹", "清华大学分析中心主任、中国分析测试协会高校分析测试分会主任、中国科学院院士", "spoke 1"])],
)
def test_browser_node_tooltip_shows_titles(open_page, page_file, name, expected):
    page, log = open_page(page_file)
    text = hover(page, *screen_point(page, K(name)))
    for part in expected:
        assert part in text
    assert_clean(log)


def test_browser_edge_tooltip_lists_shared_events(open_page, page_file):
    page, _ = open_page(page_file)
    (ax, ay), (bx, by) = screen_point(page, K("杨育林")), screen_point(page, K("赵立香"))
    others = [screen_point(page, key) for key in page.evaluate("network.body.nodeIndices.slice()")]
    # the point on the link farthest from every person, so the mouse is over the link only
    candidates = [(ax + (bx - ax) * t / 20, ay + (by - ay) * t / 20) for t in range(4, 17)]
    x, y = max(candidates, key=lambda p: min(math.dist(p, o) for o in others))
    text = hover(page, x, y)
    assert "2 shared events" in text
    assert "2024-07-04" in text and "市委书记、市长“每月一题”" in text


def test_browser_min_shared_events_filter(open_page, page_file, graph):
    page, _ = open_page(page_file)
    page.eval_on_selector("#kg-min", "el => { el.value = '2'; el.dispatchEvent(new Event('input')); }")
    strong = {tuple(sorted((u, v))) for u, v, w in graph.edges(data="weight") if w >= 2}
    shown = page.evaluate("network.body.edgeIndices.map(id => [edges.get(id).from, edges.get(id).to])")
    assert {tuple(sorted(e)) for e in shown} == strong
    assert sorted(drawn_nodes(page)) == sorted({key for edge in strong for key in edge})
    assert page.inner_text("#kg-min-value") == "2"


def test_browser_date_range_filter(open_page, page_file):
    page, _ = open_page(page_file)
    page.fill("#kg-from", "2024-07-04")
    page.fill("#kg-to", "2024-07-04")
    nodes = set(drawn_nodes(page))
    assert {K("乔振华"), K("杨育林"), K("钱向东"), K("赵立香"), K("卢小亨")} <= nodes
    assert K("周均发") not in nodes and K("刘力江") not in nodes  # no event on 07-04
    pairs = page.evaluate("network.body.edgeIndices.map(id => [edges.get(id).from, edges.get(id).to].sort())")
    assert sorted([K("周均发"), K("卢小亨")]) not in pairs  # they met on 07-01 and 07-02 only
    page.click("#kg-reset")
    assert len(drawn_nodes(page)) == 20


def test_browser_legend_colours_communities(open_page, page_file, graph):
    page, _ = open_page(page_file)
    items = page.locator("#kg-legend li")
    assert items.count() == 4  # three communities of two or more, and the rest
    assert "赵立香" in items.nth(0).inner_text()
    items.nth(1).click()
    selected = set(page.evaluate("network.getSelectedNodes()"))
    assert selected == {k for k, c in graph.nodes(data="community") if c == 2}


def test_browser_cut_page_draws_most_connected(open_page, graph, tmp_path):
    path = tmp_path / "cut.html"
    path.write_text(render_html(graph, max_nodes=5, max_edges=6), encoding="utf-8")
    page, log = open_page(path)
    assert len(drawn_nodes(page)) == 5 and len(drawn_edges(page)) == 6
    assert {K("赵立香"), K("卢小亨")} <= set(drawn_nodes(page))
    note = page.inner_text("#kg-cut")
    assert "Showing 5 of 20 people (linked groups around the most connected) and 6 of 62 links" in note
    assert_clean(log)


def test_browser_cut_page_of_many_towns_draws_everyone_linked(open_page, tmp_path):
    towns = towns_network(60)
    path = tmp_path / "towns.html"
    path.write_text(render_html(towns, max_nodes=50), encoding="utf-8")
    page, log = open_page(path)
    assert len(drawn_nodes(page)) == 50 and len(drawn_edges(page)) == 50
    assert page.evaluate("network.body.nodeIndices.filter(id => network.getConnectedEdges(id).length === 0)") == []
    assert "Showing 50 of 300 people (linked groups around the most connected) and the 50 links" in page.inner_text("#kg-cut")
    assert_clean(log)


def test_browser_hostile_chronicle_runs_nothing(open_page, hostile_graph, tmp_path):
    path = write_network_files(hostile_graph, tmp_path)["html"]
    page, log = open_page(path)
    assert page.evaluate("window.__pwned") is None
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    assert page.evaluate("document.scripts.length") == 3  # data block, vis-network, page script
    texts = [hover(page, *screen_point(page, key)) for key in sorted(hostile_graph.nodes)]
    assert page.evaluate("window.__pwned") is None
    joined = "\n".join(texts)
    assert IMG in joined and SCRIPT in joined and "</script><script>window.__pwned=1</script>" in joined
    assert "&lt;b&gt;" in joined  # entities are shown as written, not decoded
    page.fill("#kg-search", IMG)
    page.press("#kg-search", "Enter")
    assert IMG in page.inner_text("#kg-details")
    assert IMG in page.inner_text("#kg-legend")
    assert page.evaluate("window.__pwned") is None
    assert page.evaluate("document.querySelectorAll('img, svg, iframe, object, embed').length") == 0
    assert_clean(log)


def test_browser_hostile_edge_tooltips_show_text(open_page, hostile_graph, tmp_path):
    path = write_network_files(hostile_graph, tmp_path)["html"]
    page, _ = open_page(path)
    page.wait_for_selector("html[data-tooltips='ready']", state="attached")
    texts = page.evaluate("edges.get().map(e => e.title.textContent)")
    assert any(SVG in t for t in texts) and any(IMG in t for t in texts)
    assert page.evaluate("edges.get().every(e => e.title.querySelector('img, script, svg') === null)")
    assert page.evaluate("window.__pwned") is None


def test_browser_real_sample_draws_every_person(open_page, tmp_path):
    from kg.pipeline import build_corpus, sample_path

    graph = coattendance_graph(build_corpus([sample_path()]))
    assert graph.number_of_nodes() > 20
    path = write_network_files(graph, tmp_path)["html"]
    page, log = open_page(path)
    assert_clean(log)
    assert sorted(drawn_nodes(page)) == sorted(graph.nodes)
    assert len(drawn_edges(page)) == graph.number_of_edges()
    busiest = max(graph.nodes, key=lambda key: (graph.nodes[key]["events"], key))
    text = hover(page, *screen_point(page, busiest))
    assert graph.nodes[busiest]["name"] in text


def test_browser_page_works_inside_a_notebook_iframe(chromium, graph, tmp_path):
    host = tmp_path / "notebook.html"
    host.write_text(f"<!DOCTYPE html><meta charset='utf-8'><div>{iframe_html(graph)}</div>", encoding="utf-8")
    page = chromium.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:", "about:")) else r.abort())
    try:
        page.goto(host.resolve().as_uri())
        frame = page.frames[1]
        frame.wait_for_selector("html[data-settled='true']", state="attached")
        assert sorted(frame.evaluate("network.body.nodeIndices.slice()")) == sorted(graph.nodes)
        assert errors == []
    finally:
        page.close()
