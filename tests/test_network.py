"""Tests for kg/network.py on hand-built corpora made of real chronicle lines.

``corpus_from_lines``, ``towns_network`` and the tables below are also used by test_render.py and
test_browser.py.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

from kg.dates import lead_end
from kg.model import AdminLevel, AdminPlace, Corpus, Document, Entry, ExtractedEntry, Mention, Person, Role
from kg.network import (
    bipartite_graph,
    coattendance_graph,
    ego_network,
    event_key,
    find_people,
    short_title,
    strongest_subgraph,
    top_people,
)

CH, LE, SP, AT = Role.CHAIR, Role.LEAD, Role.SPEAKER, Role.ATTENDEE

# (date, verbatim line of zhangye-2024-07, [(name, role or None if absent, title)]) after the gold file.
ZHANGYE = [
    ("2024-07-01", "1日,我市在高台县举行重温习近平总书记视察甘肃视察张掖重要讲话重要指示精神“七一”主题党日活动。卢小亨、王海峰、周均发等市四班子领导,市中级人民法院院长、市人民检察院检察长和市人大常委会、市政府、市政协秘书长等出席。各县区和市直各部门主要负责同志,高台县党员干部代表参加。",
     [("习近平", None, None), ("卢小亨", AT, None), ("王海峰", AT, None), ("周均发", AT, None)]),
    ("2024-07-01", "△\u2002\u2002第二届甘肃省分析测试技术与仪器学会学术年会开幕。清华大学分析中心主任、中国分析测试协会高校分析测试分会主任、中国科学院院士李景虹,中国科学院上海药物研究所研究员、中国科学院院士岳建民出席并作主旨报告。市委副书记、市长赵立香,省科学技术协会副主席冯永成,河西学院党委副书记、校长周勇,中国科学院兰州化学物理研究所副所长石峰致辞。市领导柴向前、朱书生出席。",
     [("李景虹", SP, "清华大学分析中心主任、中国分析测试协会高校分析测试分会主任、中国科学院院士"),
      ("岳建民", SP, "中国科学院上海药物研究所研究员、中国科学院院士"), ("赵立香", SP, "市委副书记、市长"),
      ("冯永成", SP, "省科学技术协会副主席"), ("周勇", SP, "河西学院党委副书记、校长"),
      ("石峰", SP, "中国科学院兰州化学物理研究所副所长"), ("柴向前", AT, "市领导"), ("朱书生", AT, "市领导")]),
    ("2024-07-02", "2日,张掖市整改中央生态环保督察典型案例工作领导小组会议召开,传达中央生态环保督察典型案例张掖市整改工作推进座谈会议精神,研究我市贯彻落实意见,听取中央生态环保督察反馈问题整改进展、生态环境保护形势政策宣讲活动开展情况,以及省人大常委会调研视察组来张开展“双千行动”调研视察暨生态环境保护专项监督中人大代表提出的涉水问题的整改建议,安排部署具体整改工作。卢小亨主持会议,赵立香安排整改工作,王海峰、周均发、柴向前等出席会议。",
     [("卢小亨", CH, None), ("赵立香", SP, None), ("王海峰", AT, None), ("周均发", AT, None), ("柴向前", AT, None)]),
    ("2024-07-02", "△\u2002\u2002卢小亨主持召开市级领导招商引资情况汇报会,总结今年以来全市招商引资和优化营商环境取得的成绩成效,分析面临形势和问题差距,对下一步重点任务作出安排。赵立香出席并讲话,周均发、柴向前等出席会议。",
     [("卢小亨", CH, None), ("赵立香", SP, None), ("周均发", AT, None), ("柴向前", AT, None)]),
    ("2024-07-02", "△\u2002\u2002全市紧密型县域医共体建设工作会议召开,通报紧密型县域医共体建设情况,安排部署相关工作。副市长娄金华出席会议并讲话。",
     [("娄金华", SP, "副市长")]),
    ("2024-07-04", "4日,卢小亨、赵立香来到甘肃国际会展中心,检查由我市和省农业农村厅牵头承办的第三十届兰洽会甘肃省现代农业馆布展工作,实地查看展馆设计布展情况,详细了解参展组织、展台搭建、展品陈列、展商对接等工作。乔振华、尚友俊、薛琴、娄金华一同检查。",
     [("卢小亨", LE, None), ("赵立香", LE, None), ("乔振华", AT, None), ("尚友俊", AT, None), ("薛琴", AT, None), ("娄金华", AT, None)]),
    ("2024-07-04", "△\u2002\u2002市委书记、市长“每月一题”面对面解决群众急难愁盼问题座谈会召开,围绕“提升旅游服务质量助推文旅产业高质量发展”主题,邀请市人大代表、市政协委员及文旅企业、协会和从业者代表,梳理存在问题谈想法,探索突破路径促提升。赵立香主持会议并讲话。杨育林出席会议。",
     [("赵立香", CH, None), ("杨育林", AT, None)]),
    ("2024-07-04", "△\u2002\u2002我市在兰州与中国联合工程有限公司举行座谈会,双方聚焦深化务实合作、强化项目对接进行交流洽谈,并签订专项资金申报咨询服务意向合作框架协议。市委副书记、市长赵立香主持会议,中国联合工程有限公司党委书记、董事长钱向东,上海灵博智能科技有限公司董事长李灵明,市政府副市长娄金华及秘书长杨育林出席。",
     [("赵立香", CH, "市委副书记、市长"), ("钱向东", AT, "中国联合工程有限公司党委书记、董事长"),
      ("李灵明", AT, "上海灵博智能科技有限公司董事长"), ("娄金华", AT, "市政府副市长"), ("杨育林", AT, "秘书长")]),
    ("2024-07-07", "7日,卢小亨深入甘州区金沅福张掖市一二三产深度融合发展万亩零碳戈壁(荒漠)农业园区项目建设现场及弱水花海、黑河林场等地,调研重点项目建设和中央生态环保督察反馈问题整改工作。乔振华、安维国及甘州区和市直有关部门负责同志参加。",
     [("卢小亨", LE, None), ("乔振华", AT, None), ("安维国", AT, None)]),
    ("2024-07-09", "△\u2002\u2002兰张三四线武张段(张掖)项目前期工作推进会议召开,传达7月3日省发展改革委兰张三四线武张段项目前期工作推进会议精神,中铁第一勘察设计院介绍项目初设鉴修、施工图编制进展情况,兰州铁路局工程建设指挥部介绍前期重点工作时序安排,安排部署相关工作。刘力江主持。",
     [("刘力江", CH, None)]),
]

# Chronicle text that tries to inject markup: every name, title and entry text the page shows.
IMG = "<img src=x onerror=window.__pwned=1>"
SCRIPT = "<script>window.__pwned=1</script>"
SVG = "<svg onload=__pwned=1>"  # short enough to stay whole in an event's short title
HOSTILE = [
    ("2024-07-02", f"2日,{SCRIPT}领导小组会议召开。卢小亨主持会议,{IMG}赵立香出席会议。",
     [("卢小亨", CH, f"市委书记{SCRIPT}"), (IMG, SP, f"{IMG}副市长"), ("赵立香", AT, "市长")]),
    ("2024-07-04", f"4日,{SVG}座谈会召开。{IMG}{SCRIPT}主持会议,赵立香出席。",
     [(SCRIPT, CH, "</script><script>window.__pwned=1</script>"), ("赵立香", AT, None), ("卢小亨", AT, "&lt;b&gt;")]),
]

CITY = "张掖市"


def person_key(name: str) -> str:
    """Keys as the tests mint them (resolution is another module's job)."""
    return f"{CITY}/{name}"


def corpus_from_lines(rows, doc_id: str = "zhangye-2024-07") -> Corpus:
    """A Corpus from ``(date, line, [(name, role or None, title)])`` rows, as the pipeline would make it."""
    text = "\n\n".join(line for _, line, _ in rows)
    document = Document(doc_id=doc_id, path=f"{doc_id}.txt", text=text, simplified=text,
                        sha256=hashlib.sha256(text.encode()).hexdigest(), encoding="utf-8", place=AdminPlace("620700000000", CITY, AdminLevel.CITY, "620000000000"))
    entries, by_name = [], {}
    start = 0
    for index, (date, line, people) in enumerate(rows, 1):
        entry = Entry(doc_id=doc_id, index=index, start=start, end=start + len(line), text=line,
                      simplified=line, line=document.line_of(start), date=dt.date.fromisoformat(date),
                      lead_end=lead_end(line))
        start += len(line) + 2
        mentions = []
        for name, role, title in people:
            at = line.find(name) if name in line else 0
            mention = Mention(doc_id=doc_id, entry_index=index, start=at, end=at + len(name), name=name,
                              name_simplified=name, title=title, role=role)
            mentions.append(mention)
            by_name.setdefault(name, []).append(mention)
        entries.append(ExtractedEntry(entry=entry, mentions=tuple(mentions)))
    persons = []
    for name, mentions in by_name.items():
        titles = tuple(dict.fromkeys(m.title for m in mentions if m.title))
        persons.append(Person(key=person_key(name), name=name, name_simplified=name, city=CITY,
                              titles=titles, mentions=tuple(mentions)))
    return Corpus(documents=(document,), entries=tuple(entries), persons=tuple(persons))


@pytest.fixture(scope="module")
def corpus():
    return corpus_from_lines(ZHANGYE)


@pytest.fixture(scope="module")
def graph(corpus):
    return coattendance_graph(corpus)


K = person_key


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (ZHANGYE[0][1], "我市在高台县举行重温习近平总书记视察甘肃视察张掖…"),
        (ZHANGYE[1][1], "第二届甘肃省分析测试技术与仪器学会学术年会开幕。…"),
        ("8月20日,州委书记张子建走访慰问抗战老同志", "州委书记张子建走访慰问抗战老同志"),
        ("△1日,由全国政协副主席、民革中央常务副主席周铁农率领", "由全国政协副主席、民革中央常务副主席周铁农率领"),
        ("1月5日 市委書記周霽率隊赴廣東省珠海市", "市委書記周霽率隊赴廣東省珠海市"),
        ("△十堰著名畫家莫麓云先生將《醉月圖》", "十堰著名畫家莫麓云先生將《醉月圖》"),
        ("10日至12日,由省人社厅副厅长何永强带队", "由省人社厅副厅长何永强带队"),
        ("13日晚,第二届山丹炒拨拉节在山丹县", "第二届山丹炒拨拉节在山丹县"),
    ],
)
def test_network_short_title_drops_date_marker(text, expected):
    assert short_title(text) == expected


def test_network_event_key_joins_document_and_index():
    assert event_key("zhangye-2024-07", 12) == "zhangye-2024-07#12"


def test_network_bipartite_has_people_and_events(corpus):
    b = bipartite_graph(corpus)
    people = {n for n, d in b.nodes(data=True) if d["bipartite"] == 0}
    events = {n for n, d in b.nodes(data=True) if d["bipartite"] == 1}
    assert events == {event_key("zhangye-2024-07", i) for i in range(1, len(ZHANGYE) + 1)}
    assert K("卢小亨") in people and K("习近平") not in people  # absent only: no node
    assert b.nodes["zhangye-2024-07#3"]["date"] == dt.date(2024, 7, 2)
    assert b.nodes["zhangye-2024-07#3"]["title"].startswith("张掖市整改中央生态环保督察")


@pytest.mark.parametrize(
    ("name", "index", "role"),
    [("卢小亨", 3, "chair"), ("赵立香", 3, "speaker"), ("柴向前", 2, "attendee"), ("卢小亨", 6, "lead")],
)
def test_network_bipartite_edges_carry_role(corpus, name, index, role):
    assert bipartite_graph(corpus).edges[K(name), f"zhangye-2024-07#{index}"]["role"] == role


def test_network_bipartite_keeps_strongest_role_of_repeated_mention():
    line = ZHANGYE[3][1]  # 卢小亨 chairs, and is named again later in the same entry
    corpus = corpus_from_lines([("2024-07-02", line, [("卢小亨", AT, None), ("卢小亨", CH, None), ("赵立香", SP, None)])])
    b = bipartite_graph(corpus)
    assert b.edges[K("卢小亨"), "zhangye-2024-07#1"]["role"] == "chair"
    assert coattendance_graph(corpus).nodes[K("卢小亨")]["events"] == 1


@pytest.mark.parametrize(
    ("a", "b", "weight"),
    [("卢小亨", "赵立香", 3), ("卢小亨", "周均发", 3), ("赵立香", "娄金华", 2), ("赵立香", "杨育林", 2),
     ("卢小亨", "安维国", 1), ("周勇", "石峰", 1)],
)
def test_network_edge_weight_counts_shared_events(graph, a, b, weight):
    assert graph.edges[K(a), K(b)]["weight"] == weight
    assert len(graph.edges[K(a), K(b)]["events"]) == weight


@pytest.mark.parametrize(("a", "b"), [("卢小亨", "杨育林"), ("刘力江", "卢小亨"), ("习近平", "卢小亨")])
def test_network_no_edge_without_a_shared_event(graph, a, b):
    assert not graph.has_edge(K(a), K(b))


def test_network_edge_events_are_dated_and_sorted(graph):
    events = graph.edges[K("卢小亨"), K("赵立香")]["events"]
    assert [date for date, _ in events] == ["2024-07-02", "2024-07-02", "2024-07-04"]
    assert ("2024-07-04", "卢小亨、赵立香来到甘肃国际会展中心,检查由我市和…") in events


@pytest.mark.parametrize(
    ("name", "events", "chaired", "led", "spoke", "attended"),
    [("卢小亨", 5, 2, 2, 0, 1), ("赵立香", 6, 2, 1, 3, 0), ("娄金华", 3, 0, 0, 1, 2), ("刘力江", 1, 1, 0, 0, 0)],
)
def test_network_node_counts_roles(graph, name, events, chaired, led, spoke, attended):
    data = graph.nodes[K(name)]
    assert (data["events"], data["chaired"], data["led"], data["spoke"], data["attended"]) == (
        events, chaired, led, spoke, attended)


def test_network_node_attributes(graph):
    data = graph.nodes[K("赵立香")]
    assert data["name"] == "赵立香"
    assert data["titles"] == ["市委副书记、市长"]
    assert "".join(data["pinyin"].lower().split()) == "zhaolixiang"
    assert data["dates"][0] == "2024-07-01" and len(data["dates"]) == 6
    assert data["degree"] == len(graph[K("赵立香")])
    assert data["strength"] == sum(w for *_, w in graph.edges(K("赵立香"), data="weight"))
    assert graph.nodes[K("刘力江")]["degree"] == 0  # alone at his only event, still a node


def test_network_ego_network_is_the_circle(graph):
    ego = ego_network(graph, K("杨育林"))
    assert set(ego) == {K("杨育林"), K("赵立香"), K("钱向东"), K("李灵明"), K("娄金华")}
    assert ego.edges[K("赵立香"), K("杨育林")]["weight"] == 2
    ego.nodes[K("杨育林")]["events"] = -1
    assert graph.nodes[K("杨育林")]["events"] == 2  # a new graph, not a view


def test_network_ego_network_unknown_key(graph):
    with pytest.raises(KeyError, match="nobody"):
        ego_network(graph, "nobody")


@pytest.mark.parametrize(
    ("by", "expected"),
    [("events", [K("赵立香"), K("卢小亨")]), ("chaired", [K("赵立香"), K("卢小亨")]), ("led", [K("卢小亨"), K("赵立香")])],
)
def test_network_top_people(graph, by, expected):
    assert top_people(graph, 2, by=by) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [("赵立香", K("赵立香")), ("Zhao Lixiang", K("赵立香")), ("zhaolixiang", K("赵立香")), ("立香", K("赵立香")),
     (K("卢小亨"), K("卢小亨")), ("  卢小亨 ", K("卢小亨"))],
)
def test_network_find_people(graph, query, expected):
    assert find_people(graph, query)[0] == expected


@pytest.mark.parametrize("query", ["", "王小二", "xyz"])
def test_network_find_people_no_match(graph, query):
    assert find_people(graph, query) == []


def test_network_strongest_subgraph_keeps_most_connected(graph):
    sub = strongest_subgraph(graph, 5, 4)
    assert sub.number_of_nodes() == 5 and sub.number_of_edges() == 4
    assert {K("卢小亨"), K("赵立香"), K("周均发")} <= set(sub)
    assert min(w for *_, w in sub.edges(data="weight")) >= 2
    assert sub.nodes[K("赵立香")]["degree"] == graph.nodes[K("赵立香")]["degree"]  # whole-graph values
    assert graph.number_of_nodes() > 5  # the input is untouched


def test_network_strongest_subgraph_leaves_nobody_alone(graph):
    sub = strongest_subgraph(graph, 5, 4)
    assert all(sub.degree(key) > 0 for key in sub)
    # 娄金华's strongest link (2 events with 赵立香) is kept before the 3-event 卢小亨–柴向前
    assert sub.has_edge(K("娄金华"), K("赵立香")) and not sub.has_edge(K("卢小亨"), K("柴向前"))


def test_network_strongest_subgraph_no_cut_needed(graph):
    sub = strongest_subgraph(graph, 1000)
    assert sorted(sub.nodes) == sorted(graph.nodes) and sub.number_of_edges() == graph.number_of_edges()


def towns_network(count: int, loners: int = 0) -> nx.Graph:
    """The network of ``count`` towns that never meet (as a corpus of many cities or the generated
    benchmark corpora hold): each town's head meets four people, the first two also together,
    so that every head is stronger than anyone else; ``loners`` people meet nobody. Invented names."""
    crowd = [name for name, _, _ in _crowd(5 * count + loners)]
    rows = []
    for town in range(count):
        head, *others = crowd[5 * town: 5 * town + 5]
        for other in others:
            rows.append(("2024-07-01", f"1日,{head}主持座谈会,{other}出席。", [(head, CH, None), (other, AT, None)]))
        rows.append(("2024-07-02", f"2日,{head}调研,{others[0]}、{others[1]}陪同。",
                     [(head, LE, None), (others[0], AT, None), (others[1], AT, None)]))
    for name in crowd[5 * count:]:
        rows.append(("2024-07-03", f"3日,{name}出席活动。", [(name, AT, None)]))
    return coattendance_graph(corpus_from_lines(rows))


@pytest.fixture(scope="module")
def towns():
    return towns_network(60)


def test_network_strongest_subgraph_draws_towns_with_their_links(towns):
    from kg.network import DRAWN_GROUPS

    heads = set(top_people(towns, 60, by="strength"))
    assert towns.subgraph(top_people(towns, 50, by="strength")).number_of_edges() == 0  # strength alone: 50 dots
    sub = strongest_subgraph(towns, 50)
    assert len(sub) == 50 and all(sub.degree(key) > 0 for key in sub)
    groups = list(nx.connected_components(sub))
    assert len(groups) == DRAWN_GROUPS and all(len(group & heads) == 1 for group in groups)
    assert sub.number_of_edges() == DRAWN_GROUPS * 5  # whole towns, every link among them
    assert top_people(towns, 1, by="strength")[0] in sub
    assert sub.nodes[min(sub)]["degree"] == towns.nodes[min(sub)]["degree"]  # whole-graph values


@pytest.mark.parametrize(("max_nodes", "max_edges"), [(7, None), (50, 40), (99, None), (299, None), (150, 130)])
def test_network_strongest_subgraph_cut_leaves_nobody_unlinked(towns, max_nodes, max_edges):
    sub = strongest_subgraph(towns, max_nodes, max_edges)
    assert max_nodes - 1 <= len(sub) <= max_nodes  # one place may stay empty: a town needs two
    assert all(sub.degree(key) > 0 for key in sub)
    assert max_edges is None or sub.number_of_edges() <= max_edges


def test_network_strongest_subgraph_draws_loners_last():
    graph = towns_network(4, loners=3)
    sub = strongest_subgraph(graph, len(graph) - 1)
    alone = [key for key in graph if graph.degree(key) == 0]
    assert len(alone) == 3 and len(set(alone) - set(sub)) == 1  # every linked person, then loners
    assert all(sub.degree(key) > 0 for key in sub if key not in alone)
    assert sorted(key for key in graph if key not in sub) == [max(alone)]  # ties go by key


def test_network_strongest_subgraph_is_deterministic(towns):
    shuffled = nx.Graph(towns.graph)
    shuffled.add_nodes_from(sorted(towns.nodes(data=True), reverse=True))
    shuffled.add_edges_from(sorted(towns.edges(data=True), reverse=True))
    for max_nodes, max_edges in [(50, None), (23, 20)]:
        first, again = strongest_subgraph(towns, max_nodes, max_edges), strongest_subgraph(shuffled, max_nodes, max_edges)
        assert list(first.nodes(data=True)) == list(again.nodes(data=True))
        assert list(first.edges(data=True)) == list(again.edges(data=True))


@pytest.mark.parametrize("extra", [0, 5])
def test_network_strongest_subgraph_small_network_is_drawn_whole(graph, extra):
    sub = strongest_subgraph(graph, len(graph) + extra)
    assert list(sub.nodes(data=True)) == sorted(graph.nodes(data=True))
    assert list(sub.edges(data=True)) == sorted((*sorted((u, v)), d) for u, v, d in graph.edges(data=True))


def test_network_strongest_subgraph_of_a_real_chronicle_keeps_its_core():
    from kg.pipeline import build_corpus, sample_path

    graph = coattendance_graph(build_corpus([sample_path()]))
    sub = strongest_subgraph(graph, 30)
    assert len(sub) == 30 and all(sub.degree(key) > 0 for key in sub)
    assert set(top_people(graph, 10, by="strength")) <= set(sub)


def test_network_projection_equals_networkx_weighted_projection():
    from networkx.algorithms import bipartite

    from kg.pipeline import build_corpus, sample_path

    corpus = build_corpus([sample_path()])
    b = bipartite_graph(corpus)
    people = [n for n, d in b.nodes(data=True) if d["bipartite"] == 0]
    expected = bipartite.weighted_projected_graph(b, people)
    graph = coattendance_graph(corpus)
    assert sorted(graph.nodes) == sorted(expected.nodes)
    assert {frozenset(e): w for *e, w in graph.edges(data="weight")} == {
        frozenset(e): w for *e, w in expected.edges(data="weight")
    }


def test_network_empty_corpus():
    graph = coattendance_graph(Corpus(documents=(), entries=(), persons=()))
    assert graph.number_of_nodes() == 0 and graph.number_of_edges() == 0


@pytest.mark.parametrize("bullet", ["★", "※"])
def test_network_titles_drop_any_bullet_the_segmenter_knows(tmp_path, bullet):
    """The sample with its △ written as ★ or ※: event titles (edges.csv, GEXF) start with the
    entry's words, where the date lead ends as segmenting found it, not with "★1日,"."""
    from kg.pipeline import build_corpus, sample_path

    path = tmp_path / "zhangye-2024-07.txt"
    path.write_text(sample_path().read_text(encoding="utf-8").replace("△", bullet), encoding="utf-8")
    graph = coattendance_graph(build_corpus([path]))
    titles = {title for *_, events in graph.edges(data="events") for _, title in events}
    assert titles and not [t for t in titles if re.match(r"[★※△]|\d{1,2}日", t)]
    assert any(t.startswith("2024年") for t in titles)  # a year that names the event is no date lead
    marked = [x.entry for x in build_corpus([path]).entries if x.entry.text.startswith(bullet)]
    assert marked and all(not short_title(e.text, lead=e.lead_end).startswith(bullet) for e in marked)


def _crowd(count: int) -> list[tuple[str, Role | None, str | None]]:
    """``count`` made-up attendees (surname + two given characters)."""
    import itertools

    made = ("".join(p) for p in itertools.product("甲乙丙丁戊己庚辛", "子丑寅卯辰巳午未申酉戌亥", "金木水火土"))
    return [(name, AT, None) for name in itertools.islice(made, count)]


@pytest.mark.parametrize("extra", [0, 1])
def test_network_large_event_is_counted_not_expanded(extra):
    from kg.network import LARGE_EVENT_ABOVE

    crowd = _crowd(LARGE_EVENT_ABOVE + extra)
    rows = [("2024-07-01", "1日,全市大会召开," + "、".join(n for n, _, _ in crowd) + "出席。", crowd),
            ("2024-07-02", "2日,甲子金主持会议,乙丑木出席。", [("甲子金", CH, None), ("乙丑木", AT, None)])]
    graph = coattendance_graph(corpus_from_lines(rows))
    assert len(graph) == len(crowd)  # everyone is a person of the network, with the event counted
    assert graph.nodes[K("甲子金")]["events"] == 2
    n = len(crowd)
    if extra:
        assert graph.number_of_edges() == 1 and graph.edges[K("甲子金"), K("乙丑木")]["weight"] == 1
        assert graph.graph["large_events"] == [
            {"date": "2024-07-01", "title": short_title(rows[0][1]), "people": n, "pairs": n * (n - 1) // 2}]
    else:
        assert graph.number_of_edges() == n * (n - 1) // 2 and "large_events" not in graph.graph
        assert graph.edges[K("甲子金"), K("乙丑木")]["weight"] == 2


def test_network_large_event_is_named_on_the_page():
    from kg.network import LARGE_EVENT_ABOVE
    from kg.render import render_html

    crowd = _crowd(LARGE_EVENT_ABOVE + 1)
    rows = [("2024-07-01", "1日,全市大会召开。", crowd)]
    page = render_html(coattendance_graph(corpus_from_lines(rows)))
    assert f"1 event with more than {LARGE_EVENT_ABOVE} people (5,050 pairs) adds no links." in page


@pytest.mark.slow
def test_network_three_thousand_names_in_one_entry_build_within_two_gib(tmp_path):
    """benchmarks/large_list.py builds it in a child process and reports its peak memory."""
    script = Path(__file__).resolve().parents[1] / "benchmarks" / "large_list.py"
    run = subprocess.run([sys.executable, str(script), "3000"], capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    assert report["exit"] == 0, report["stderr"]
    assert report["peak_mib"] < 2048
