"""The page's new views and controls in headless Chromium, offline: Chinese glyphs, re-fit, the pair
panel, a person's circle, city/document/role/type filters and colours, search across scripts and
posts, the timeline, the map, PNG and CSV export, and hostile text in every new element."""

from __future__ import annotations

import csv
import io
import math

import pytest

from kg.gazetteer import simplify
from kg.network import coattendance_graph
from kg.render import write_network_files
from kg.views import page_views
from test_browser import assert_clean, drawn_edges, drawn_nodes, screen_point
from test_network import HOSTILE, IMG, SCRIPT, SVG, ZHANGYE, person_key
from test_views import OTHER_CITY, TAIPEI_LINES, ZHANGYE_URL, rich_corpus

pytestmark = pytest.mark.browser

K = person_key
HUANG, CHEN = f"{OTHER_CITY}/黄志远", f"{OTHER_CITY}/陈明"


@pytest.fixture(scope="module")
def corpus():
    return rich_corpus()


@pytest.fixture(scope="module")
def graph(corpus):
    return coattendance_graph(corpus)


@pytest.fixture(scope="module")
def page_file(corpus, graph, tmp_path_factory):
    return write_network_files(graph, tmp_path_factory.mktemp("rich"), corpus=corpus)["html"]


def select(page, selector: str, value: str) -> None:
    page.select_option(selector, value)


def canvas_box(page):
    return page.locator("#mynetwork").bounding_box()


def find(page, query: str) -> None:
    page.fill("#kg-search", query)
    page.press("#kg-search", "Enter")


def inked(page, canvas_id: str) -> int:
    """How many pixels of a canvas are drawn (not white)."""
    return page.evaluate("""(id) => { const c = document.getElementById(id);
        const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data; let n = 0;
        for (let i = 0; i < d.length; i += 4) if (d[i] < 250 || d[i + 1] < 250 || d[i + 2] < 250) n++;
        return n; }""", canvas_id)


def downloaded(page, button: str) -> tuple[str, bytes]:
    with page.expect_download() as info:
        page.click(button)
    download = info.value
    return download.suggested_filename, open(download.path(), "rb").read()


def test_browser_views_chinese_glyphs_are_drawn_not_boxes(open_page, page_file):
    page, log = open_page(page_file)
    assert page.evaluate("document.documentElement.getAttribute('data-cjk')") == "ok"
    assert page.locator("#kg-font-note").is_hidden()
    # the legend's names, and the same element with characters no font has (drawn as boxes)
    page.evaluate("""() => {
        for (const [id, text] of [["kg-probe-cjk", "赵立香卢小亨"], ["kg-probe-box", "\\u{F0000}\\u{F0001}\\u{F0002}\\u{F0003}\\u{F0004}\\u{F0005}"],
                                  ["kg-probe-other", "杨育林周均发"]]) {
            const p = document.createElement("p"); p.id = id; p.textContent = text;
            p.style.cssText = "position:fixed;left:0;top:0;margin:0;font-size:32px;background:#fff;width:240px;height:48px";
            document.body.appendChild(p);
        }}""")
    shots = {}
    for probe in ("kg-probe-cjk", "kg-probe-box", "kg-probe-other"):
        page.evaluate("(id) => { for (const p of document.querySelectorAll('[id^=kg-probe]')) p.hidden = p.id !== id; }", probe)
        shots[probe] = page.locator(f"#{probe}").screenshot()
    assert shots["kg-probe-cjk"] != shots["kg-probe-box"]  # not the missing-glyph box
    assert shots["kg-probe-cjk"] != shots["kg-probe-other"]  # different characters look different
    assert_clean(log)


def test_browser_views_view_refits_after_a_filter(open_page, page_file):
    page, log = open_page(page_file)
    fits, scale = page.evaluate("window.kgFits || 0"), page.evaluate("network.getScale()")
    select(page, "#kg-city", OTHER_CITY)
    assert sorted(drawn_nodes(page)) == sorted([HUANG, CHEN])
    assert page.evaluate("window.kgFits") > fits
    box = canvas_box(page)
    points = [screen_point(page, key) for key in (HUANG, CHEN)]
    middle = ((points[0][0] + points[1][0]) / 2, (points[0][1] + points[1][1]) / 2)
    centre = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    assert math.dist(middle, centre) < 0.05 * box["width"]  # the people left are centred ...
    assert page.evaluate("network.getScale()") > scale and page.evaluate("network.getScale()") >= 1  # ... and labelled
    page.click("#kg-reset")
    assert page.evaluate("network.getScale()") < 1.5
    assert_clean(log)


def test_browser_views_pair_panel_lists_every_shared_event_in_full(open_page, page_file):
    page, log = open_page(page_file)
    find(page, "赵立香")
    page.locator("#kg-details li", has_text="杨育林").locator("button.kg-pair-open").click()
    items = page.locator("#kg-details .kg-pair-events > li")
    assert items.count() == 2
    full = " ".join(ZHANGYE[6][1].split())
    texts = [items.nth(i).inner_text() for i in range(2)]
    assert any(full in t for t in texts)  # the whole entry, not 25 characters
    assert all("2024-07-04" in t for t in texts)
    assert any("赵立香: chair · 杨育林: attendee" in t for t in texts)
    hrefs = page.eval_on_selector_all("#kg-details a.kg-event-source", "links => links.map(a => a.href)")
    assert hrefs == [ZHANGYE_URL, ZHANGYE_URL]
    assert_clean(log)


def test_browser_views_clicking_a_link_opens_the_pair(open_page, page_file):
    page, _ = open_page(page_file)
    (ax, ay), (bx, by) = screen_point(page, K("杨育林")), screen_point(page, K("赵立香"))
    others = [screen_point(page, key) for key in drawn_nodes(page)]
    candidates = [(ax + (bx - ax) * t / 20, ay + (by - ay) * t / 20) for t in range(4, 17)]
    x, y = max(candidates, key=lambda p: min(math.dist(p, o) for o in others))
    page.mouse.click(x, y)
    assert page.locator("#kg-details .kg-pair-events > li").count() == 2
    assert "赵立香 — 杨育林" in page.inner_text("#kg-details") or "杨育林 — 赵立香" in page.inner_text("#kg-details")


def test_browser_views_circle_mode_shows_only_the_circle(open_page, page_file, graph):
    page, log = open_page(page_file)
    find(page, "杨育林")
    page.click("#kg-details .kg-circle button")
    circle = {K("杨育林"), *graph.neighbors(K("杨育林"))}
    assert set(drawn_nodes(page)) == circle
    assert all(set(pair) <= circle for pair in page.evaluate(
        "network.body.edgeIndices.map(id => [edges.get(id).from, edges.get(id).to])"))
    page.click("#kg-details .kg-circle button")  # show everyone
    assert len(drawn_nodes(page)) == len(graph)
    assert_clean(log)


def test_browser_views_type_filter_keeps_the_events_of_that_type(open_page, page_file):
    page, _ = open_page(page_file)
    select(page, "#kg-type", "Signing")
    signed = {K(name) for name, role, _ in ZHANGYE[7][2] if role}
    assert set(drawn_nodes(page)) == signed
    assert len(drawn_edges(page)) == len(signed) * (len(signed) - 1) // 2


def test_browser_views_role_filter_keeps_links_through_that_role(open_page, page_file, corpus, graph):
    page, _ = open_page(page_file)
    select(page, "#kg-role", "chair")
    roles = page_views(corpus, graph)["roles"]
    chairs = {key for key, events in roles.items() if "chair" in events.values()}
    shown = set(drawn_nodes(page))
    assert chairs <= shown
    for u, v in page.evaluate("network.body.edgeIndices.map(id => [edges.get(id).from, edges.get(id).to])"):
        assert any(roles[u].get(e) == "chair" or roles[v].get(e) == "chair" for e in set(roles[u]) & set(roles[v]))
    assert K("安维国") not in shown and K("乔振华") not in shown  # never at an event someone chaired
    page.click("#kg-reset")
    assert len(drawn_nodes(page)) == len(graph)


def test_browser_views_document_filter_and_colour_by_city(open_page, page_file):
    page, log = open_page(page_file)
    select(page, "#kg-doc", "shiyan-2024-07")
    assert sorted(drawn_nodes(page)) == sorted([HUANG, CHEN])
    page.click("#kg-reset")
    select(page, "#kg-colour", "city")
    legend = page.inner_text("#kg-legend")
    assert "张掖市 · 20 people" in legend and f"{OTHER_CITY} · 2 people" in legend
    colours = page.evaluate("(ids) => ids.map(id => nodes.get(id).color)", [K("赵立香"), HUANG, K("卢小亨")])
    assert colours[0] == colours[2] != colours[1]
    select(page, "#kg-colour", "role")
    assert "chaired" in page.inner_text("#kg-legend")
    assert_clean(log)


@pytest.mark.parametrize(("query", "expected"), [
    ("趙立香", [K("赵立香")]),  # Traditional input, a name written in Simplified
    ("黄志远", [HUANG]),  # Simplified input, a name written in Traditional
    ("Huang Zhiyuan", [HUANG]),
])
def test_browser_views_search_across_scripts(open_page, page_file, query, expected):
    page, _ = open_page(page_file)
    find(page, query)
    assert page.evaluate("network.getSelectedNodes()") == expected


def test_browser_views_search_by_post(open_page, page_file, graph):
    page, _ = open_page(page_file)
    find(page, "市长")
    mayors = {key for key, titles in graph.nodes(data="titles") if any("市长" in simplify(t) for t in titles)}
    assert len(mayors) >= 4 and HUANG in mayors  # 市長, written in Traditional, found too
    assert set(page.evaluate("network.getSelectedNodes()")) == mayors
    assert f"{len(mayors)} people with “市长” in a title" in page.inner_text("#kg-status")


def test_browser_views_timeline_of_a_pair(open_page, page_file):
    page, log = open_page(page_file)
    find(page, "赵立香")
    page.locator("#kg-details li", has_text="杨育林").locator("button.kg-pair-open").click()
    page.click("#kg-view-timeline")
    timeline = page.evaluate("window.kgTimeline")
    assert timeline["rows"] == ["together", "赵立香", "杨育林"]
    assert len(timeline["dots"]) == 2 + 6 + 2
    dot = next(d for d in timeline["dots"] if d["key"] == "zhangye-2024-07#7" and d["id"] == "")
    box = page.locator("#kg-timeline-canvas").bounding_box()
    page.mouse.move(box["x"] + dot["x"], box["y"] + dot["y"])
    tip = page.inner_text("#kg-view-tip")
    assert " ".join(ZHANGYE[6][1].split()) in tip
    assert inked(page, "kg-timeline-canvas") > 500
    assert_clean(log)


def test_browser_views_timeline_of_everyone_shown(open_page, page_file, graph):
    page, log = open_page(page_file)
    page.click("#kg-view-timeline")
    timeline = page.evaluate("window.kgTimeline")
    assert len(timeline["rows"]) == len(graph)
    assert len(timeline["dots"]) == sum(graph.nodes[k]["events"] for k in graph)
    assert timeline["title"] == f"Events over time: {len(graph)} people shown"
    assert_clean(log)


def test_browser_views_map_draws_places_and_lists_their_events(open_page, page_file):
    page, log = open_page(page_file)
    page.click("#kg-view-map")
    state = page.evaluate("window.kgMap")
    assert state["provinces"] == 34 and inked(page, "kg-map-canvas") > 5000
    counts = {p["name"]: p["count"] for p in state["points"]}
    assert counts[OTHER_CITY] == 2 and counts["高台县"] == 1 and counts["甘州区"] == 1
    assert sum(counts.values()) == 12
    point = next(p for p in state["points"] if p["name"] == OTHER_CITY)
    box = page.locator("#kg-map-canvas").bounding_box()
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    details = page.inner_text("#kg-details")
    assert "2 events here" in details
    for _, line, _ in TAIPEI_LINES:
        assert line in details
    assert page.locator("#kg-details a").count() == 0  # that chronicle's source is javascript:, no link
    select(page, "#kg-city", OTHER_CITY)
    assert [p["name"] for p in page.evaluate("window.kgMap.points")] == [OTHER_CITY]
    assert_clean(log)


@pytest.mark.parametrize("view", ["network", "timeline", "map"])
def test_browser_views_png_export_of_the_current_view(open_page, page_file, view):
    page, log = open_page(page_file)
    page.click(f"#kg-view-{view}")
    name, data = downloaded(page, "#kg-png")
    assert name == f"coattendance-{view}.png"
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 5000
    width = int.from_bytes(data[16:20], "big")
    assert width == page.evaluate("(v) => (v === 'network' ? document.querySelector('#mynetwork canvas') : "
                                  "document.getElementById('kg-' + v + '-canvas')).width", view)
    assert_clean(log)


def test_browser_views_csv_export_of_the_selection(open_page, page_file):
    page, log = open_page(page_file)
    select(page, "#kg-city", OTHER_CITY)
    name, data = downloaded(page, "#kg-csv-people")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert name == "coattendance-people.csv"
    assert [(r["name"], r["events"], r["chaired"]) for r in rows] == [("陳明", "2", "0"), ("黃志遠", "2", "1")]
    name, data = downloaded(page, "#kg-csv-links")
    links = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert [(r["source_name"], r["target_name"], r["weight"]) for r in links] == [("陳明", "黃志遠", "2")]
    assert TAIPEI_LINES[0][1] in links[0]["events"]
    page.click("#kg-reset")
    find(page, "赵立香")
    _, data = downloaded(page, "#kg-csv-people")
    assert [r["name"] for r in csv.DictReader(io.StringIO(data.decode("utf-8-sig")))] == ["赵立香"]
    assert_clean(log)


FORMULA = "=HYPERLINK(1)"


@pytest.fixture(scope="module")
def hostile_file(tmp_path_factory):
    rows = HOSTILE + [("2024-07-05", f"5日,{FORMULA}、赵立香出席{SVG}。", [(FORMULA, "chair", IMG), ("赵立香", "attendee", None)])]
    from kg.model import Role

    rows[-1] = (rows[-1][0], rows[-1][1], [(FORMULA, Role.CHAIR, IMG), ("赵立香", Role.ATTENDEE, None)])
    corpus = rich_corpus(rows, url="javascript:window.__pwned=1")
    import dataclasses

    hostile_doc = dataclasses.replace(corpus.documents[0], title=f"{IMG}大事记{SCRIPT}")
    corpus = dataclasses.replace(corpus, documents=(hostile_doc, *corpus.documents[1:]))
    graph = coattendance_graph(corpus)
    return write_network_files(graph, tmp_path_factory.mktemp("hostile"), corpus=corpus)["html"]


def test_browser_views_hostile_text_in_every_new_element(open_page, hostile_file):
    page, log = open_page(hostile_file)
    page.wait_for_selector("html[data-tooltips='ready']", state="attached")
    pwned = "window.__pwned"
    find(page, IMG)
    page.locator("#kg-details button.kg-pair-open").first.click()
    assert IMG in page.inner_text("#kg-details") and SCRIPT in page.inner_text("#kg-details")
    page.click("#kg-details .kg-action")
    page.click("#kg-details .kg-circle button")
    for kind in ("city", "doc", "role", "type"):
        select(page, "#kg-colour", kind)
        if kind == "doc":
            assert IMG in page.inner_text("#kg-legend")  # a document's title, as text
    assert IMG in page.inner_text("#kg-doc")
    page.click("#kg-view-timeline")
    dot = page.evaluate("window.kgTimeline.dots[0]")
    box = page.locator("#kg-timeline-canvas").bounding_box()
    page.mouse.move(box["x"] + dot["x"], box["y"] + dot["y"])
    assert SCRIPT in page.inner_text("#kg-view-tip") or IMG in page.inner_text("#kg-view-tip")
    page.click("#kg-view-map")
    point = page.evaluate("window.kgMap.points[0]")
    box = page.locator("#kg-map-canvas").bounding_box()
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    assert IMG in page.inner_text("#kg-details") and SCRIPT in page.inner_text("#kg-details")
    find(page, "市长")
    _, data = downloaded(page, "#kg-csv-people")
    page.click("#kg-reset")
    _, people = downloaded(page, "#kg-csv-people")
    text = people.decode("utf-8-sig")
    assert IMG in text and f"'{FORMULA}" in text and f",{FORMULA}" not in text  # no formula for spreadsheets
    _, links = downloaded(page, "#kg-csv-links")
    assert SVG in links.decode("utf-8-sig")
    assert page.evaluate("document.querySelectorAll('#kg-details a').length") == 0  # javascript: is no link
    assert page.evaluate(pwned) is None
    assert page.evaluate("document.querySelectorAll('img, svg, iframe, object, embed').length") == 0
    assert page.evaluate("document.scripts.length") == 3
    assert_clean(log)


def test_browser_views_timeline_and_map_of_a_community(open_page, page_file, graph):
    page, log = open_page(page_file)
    page.locator("#kg-legend li").nth(0).click()  # the largest community, selected
    members = {k for k, c in graph.nodes(data="community") if c == 1}
    page.click("#kg-view-timeline")
    timeline = page.evaluate("window.kgTimeline")
    assert sorted(timeline["rows"]) == sorted(graph.nodes[k]["name"] for k in members)
    assert f"{len(members)} people selected" in timeline["title"]
    page.click("#kg-view-map")
    assert f"{len(members)} people selected" in page.evaluate("window.kgMap.title")
    assert_clean(log)
