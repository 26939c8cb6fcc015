"""Tests for kg.evaluate: same figures as shared/tools/score_ttl.py, and clear errors for bad input."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
import rdflib
from rdflib import RDF, RDFS, Literal, Namespace, URIRef

from kg.errors import KgError
from kg.evaluate import METRIC_KEYS, EvalReport, entry_key, evaluate, format_report, place_eq

SCORER = Path(__file__).resolve().parents[2] / "shared" / "tools" / "score_ttl.py"
DSJ = Namespace("https://w3id.org/dashiji/ontology#")
EX = Namespace("https://example.org/kg/")
XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")

# Three real entries (zhangye-2024-07, shiyan-2015-01) and a gold entry the graph lacks.
GOLD = [
    {"doc": "zhangye-2024-07", "n": 1, "head": "1日,我市在高台县举行重温习近平总书记视", "date": "2024-07-01",
     "end_date": None,
     "present": [{"name": "卢小亨", "role": "chair", "title": None}, {"name": "赵立香", "role": "speaker", "title": None},
                 {"name": "柴向前", "role": "attendee", "title": None}],
     "absent": ["习近平"], "places": ["高台县"], "venues": [], "orgs": []},
    {"doc": "zhangye-2024-07", "n": 10, "head": "△我市在兰州与中国联合工程有限公司举行座", "date": "2024-07-04",
     "end_date": None, "present": [{"name": "赵立香", "role": "speaker", "title": None}],
     "absent": [], "places": ["兰州市"], "venues": [], "orgs": []},
    {"doc": "shiyan-2015-01", "n": 1, "head": "1月5日市委書記周霽率隊赴廣東省珠海市、", "date": "2015-01-05",
     "end_date": None, "present": [{"name": "周霽", "role": "lead", "title": "市委書記"}],
     "absent": [], "places": ["珠海市", "深圳市"], "venues": [], "orgs": []},
    {"doc": "zhangye-2024-07", "n": 2, "head": "△第二届甘肃省分析测试技术与仪器学会学术", "date": "2024-07-01",
     "end_date": None, "present": [], "absent": [], "places": ["张掖市"], "venues": [], "orgs": []},
]

EVENTS = [  # (id, source text, date, end date, [(person, labels, role)], [mentioned], [(place, labels)])
    ("e1", "1日,我市在高台县举行重温习近平总书记视察甘肃重要讲话精神活动。", "2024-07-01", None,
     [("p1", ["卢小亨"], "Chair"), ("p2", ["赵立香", "趙立香"], "Attendee"), ("p3", ["王伟"], "Attendee"),
      ("p9", ["习近平"], "Attendee")],
     [], [("高台", ["高台县"]), ("张掖", ["张掖市"])]),
    ("e2", "△我市在兰州与中国联合工程有限公司举行座谈。", "2024-07-04", "2024-07-05",
     [("p2", ["赵立香"], "Speaker")], ["p1"], [("兰州", ["兰州"])]),
    ("e3", "1月5日 市委書記周霽率隊赴廣東省珠海市、深圳市考察。", "2015-01-05", None,
     [("p4", ["周霽", "周霁"], "Lead")], [], [("珠海", ["珠海市"]), ("深圳", ["深圳市", "深圳"])]),
    ("e4", "3日,第三十届中国兰州投资贸易洽谈会张掖市分会场。", "2024-07-03", None, [], [], []),
]


def _graph() -> rdflib.Graph:
    g = rdflib.Graph()
    for eid, text, date, end, people, mentioned, places in EVENTS:
        event = EX[eid]
        g.add((event, RDF.type, DSJ.Event))
        g.add((event, DSJ.sourceText, Literal(text, lang="zh")))
        g.add((event, DSJ.date, Literal(date, datatype=XSD_DATE)))
        if end:
            g.add((event, DSJ.endDate, Literal(end, datatype=XSD_DATE)))
        for pid, labels, role in people:
            g.add((EX[pid], DSJ.attended, event))
            for i, label in enumerate(labels):
                g.add((EX[pid], RDFS.label, Literal(label, lang="zh-Hant" if i else "zh")))
            g.add((EX[pid], RDFS.label, Literal("Zhao", lang="zh-Latn")))
            part = EX[f"{eid}-{pid}"]
            g.add((part, DSJ.agent, EX[pid]))
            g.add((part, DSJ.event, event))
            g.add((part, DSJ.role, DSJ[role]))
        for pid in mentioned:
            g.add((event, DSJ.mentions, EX[pid]))
        for plid, labels in places:
            g.add((event, DSJ.locatedAt, EX["place/" + plid]))
            for label in labels:
                g.add((EX["place/" + plid], RDFS.label, Literal(label)))
    return g


@pytest.fixture()
def files(tmp_path):
    graph = tmp_path / "graph.ttl"
    _graph().serialize(graph, format="turtle")
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join(json.dumps(g, ensure_ascii=False) for g in GOLD) + "\n\n", encoding="utf-8")
    return graph, gold


def _scorer_metrics(*args: str) -> dict:
    if not SCORER.is_file():
        pytest.skip("shared/tools/score_ttl.py is absent")
    out = subprocess.run([sys.executable, str(SCORER), *args, "--json"], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


@pytest.mark.parametrize("simplified", [False, True])
def test_evaluate_matches_score_ttl(files, simplified):
    graph, gold = files
    expected = _scorer_metrics(str(graph), str(gold), *(["--simplified"] if simplified else []))
    report = evaluate(graph, [gold], simplified=simplified)
    assert report.metrics == expected
    assert list(report.metrics) == list(expected) == list(METRIC_KEYS)


def test_evaluate_matches_score_ttl_on_split_gold(files, tmp_path):
    graph, gold = files
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    lines = gold.read_text(encoding="utf-8").split("\n")
    first.write_text("\n".join(lines[:2]), encoding="utf-8")
    second.write_text("\n".join(lines[2:]), encoding="utf-8")
    expected = _scorer_metrics(str(graph), str(first), str(second))
    assert evaluate(graph, [first, second]).metrics == expected


def test_evaluate_accepts_one_gold_path(files):
    graph, gold = files
    assert evaluate(str(graph), str(gold)).metrics == evaluate(graph, [gold]).metrics


def test_evaluate_known_figures(files):
    graph, gold = files
    m = evaluate(graph, [gold]).metrics
    assert (m["gold_entries"], m["graph_events"], m["aligned"]) == (4, 4, 3)
    assert m["absent_as_present"] == 1 and m["absent_total"] == 1
    assert m["date_accuracy"] == pytest.approx(2 / 3, abs=1e-4)  # e2 has a wrong end date
    assert m["place_p"] == 0.8 and m["place_r"] == 1.0  # 张掖市 extra in e1; 兰州 ~ 兰州市


def test_evaluate_errors_listed(files):
    graph, gold = files
    report = evaluate(graph, [gold])
    assert report.errors[0].startswith("entry not found: zhangye-2024-07#2")
    assert "role zhangye-2024-07#1 赵立香: got attendee want speaker" in report.errors
    assert "missed person zhangye-2024-07#1 柴向前" in report.errors
    assert "absent counted present zhangye-2024-07#1 习近平" in report.errors
    assert "extra place zhangye-2024-07#1 张掖市" in report.errors


def test_evaluate_format_report(files):
    graph, gold = files
    report = evaluate(graph, [gold])
    text = format_report(report)
    assert text.splitlines()[0] == f"{'gold_entries':20} 4"
    assert "entry not found" not in text
    assert "entry not found" in format_report(report, show_errors=True)
    assert json.loads(report.to_json()) == report.metrics


def test_evaluate_missing_graph(tmp_path, files):
    _, gold = files
    with pytest.raises(KgError, match="graph file not found") as info:
        evaluate(tmp_path / "nope.ttl", [gold])
    assert info.value.path.endswith("nope.ttl")


def test_evaluate_bad_turtle(tmp_path, files):
    _, gold = files
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix dsj: <https://w3id.org/dashiji/ontology#> .\n<https://x/e> a dsj:Event ;;; \"", "utf-8")
    with pytest.raises(KgError, match="cannot parse Turtle") as info:
        evaluate(bad, [gold])
    assert str(info.value).startswith(str(bad))


def test_evaluate_missing_gold(tmp_path, files):
    graph, _ = files
    with pytest.raises(KgError, match="gold file not found"):
        evaluate(graph, [tmp_path / "missing.jsonl"])


@pytest.mark.parametrize(
    ("content", "line", "message"),
    [
        ('{"doc": "a", "n": 1, "head": "1日", "date": null, "present": []}\n{"doc": ', 2, "invalid JSON"),
        ('\n\n{"doc": "a", "n": 1, "date": null, "present": []}\n', 3, "lacks head"),
        ('[1, 2]\n', 1, "lacks doc"),
    ],
)
def test_evaluate_bad_gold_line(tmp_path, files, content, line, message):
    graph, _ = files
    gold = tmp_path / "bad.jsonl"
    gold.write_text(content, encoding="utf-8")
    with pytest.raises(KgError, match=message) as info:
        evaluate(graph, [gold])
    assert info.value.line == line
    assert str(info.value).startswith(f"{gold}:{line}: ")


@pytest.mark.parametrize(
    ("head", "expected"),
    [("△15日,赵立香先后深入临泽县", "赵立香先后深入临泽县"), ("1月7日 全國扶貧系統", "全國扶貧系統"),
     ("9日至10日,由中国投资协会", "由中国投资协会"), ("13日晚,第二届山丹炒拨拉节", "第二届山丹炒拨拉节")],
)
def test_evaluate_entry_key(head, expected):
    assert entry_key(head) == expected[:12]


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [("兰州", "兰州市", True), ("兰州市", "兰州市", True), ("肃南县", "肃南裕固族自治县", False),
     ("临泽县", "临泽", True), ("张掖市", "甘州区", False), ("兰", "兰州市", False)],
)
def test_evaluate_place_eq(a, b, expected):
    assert place_eq(a, b) is expected


def test_evaluate_report_is_frozen(files):
    report = EvalReport({"aligned": 1})
    with pytest.raises(AttributeError):
        report.errors = ("x",)


def test_evaluate_matches_score_ttl_on_month_dates_glosses_and_bullets(tmp_path):
    """Entries dated by a month only (date_within), inline pinyin glosses and a bullet after the
    date: kg eval aligns and dates them as the reference scorer does."""
    g = rdflib.Graph()
    rows = [("m1", "是月,全鄉(xiāng)开展植树活动。", "1998-03-01"),
            ("m2", "7日 △ 县长主持召开常务会议。", "1998-03-07"),
            ("m3", "上旬,全县召开三级干部大会。", "1998-03-05")]
    for eid, text, date in rows:
        g.add((EX[eid], RDF.type, DSJ.Event))
        g.add((EX[eid], DSJ.sourceText, Literal(text, lang="zh")))
        g.add((EX[eid], DSJ.date, Literal(date, datatype=XSD_DATE)))
    graph = tmp_path / "graph.ttl"
    g.serialize(graph, format="turtle")
    gold = [{"doc": "d", "n": 1, "head": "是月,全鄉开展植树活动。", "date": "1998-03-01",
             "date_within": ["1998-03-01", "1998-03-31"], "present": []},
            {"doc": "d", "n": 2, "head": "7日△县长主持召开常务会议。", "date": "1998-03-07", "present": []},
            {"doc": "d", "n": 3, "head": "上旬,全县召开三级干部大会。", "date": "1998-03-01",
             "date_within": ["1998-03-01", "1998-03-10"], "present": []}]
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in gold) + "\n", encoding="utf-8")
    report = evaluate(graph, [path])
    assert report.metrics == _scorer_metrics(str(graph), str(path))
    assert report.metrics["aligned"] == 3 and report.metrics["date_accuracy"] == 1.0
