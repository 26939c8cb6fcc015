"""Tests for kg/segment.py: entry boundaries, dates, ranges, inherited dates and notices."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from pathlib import Path

import pytest
import zhconv

from kg.errors import NoEntriesError
from kg.period import check_period
from kg.dates import parse_lead, parse_period
from kg.read import read_document
from kg.segment import segment, segment_with_notices
from kg.text import to_analysis

SAMPLE = Path(__file__).parents[1] / "kg" / "data" / "samples" / "zhangye-2024-07.txt"
SHARED = Path(__file__).parents[2] / "shared"
# The scorer's alignment key: the entry text after its date marker (shared/tools/score_ttl.py).
MARK = re.compile(r"^(?:[△▲■●◆]|是日|同日|\d{1,2}月)?\s*(?:\d{1,2}(?:—|-|~|～|至)?\d{0,2}日?(?:至\d{1,2}日)?"
                  r"(?:上午|下午|晚上|晚|夜)?)?[,，、：:\s]*")


def run(tmp_path: Path, text: str, period: str | None = None, name: str = "chronicle.txt", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    document = check_period(read_document(path, period=parse_period(period) if period else None))
    return document, *segment_with_notices(document)


def dates(entries) -> list[tuple[str, str | None, str | None]]:
    """(first characters, date, end date) per entry."""
    iso = lambda d: d.isoformat() if d else None  # noqa: E731
    return [(e.text[:6], iso(e.date), iso(e.end_date)) for e in entries]


# -- leads ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("1日,我市在高台县举行重温习近平总书记视察甘肃", dict(day=1)),
    ("1日 栾克军主持召开肃南县皇城抗震救灾领导小组会议", dict(day=1)),
    ("1日，市委召开常委会议", dict(day=1)),
    ("3日市上召开领导干部大会", dict(day=3)),
    ("8月20日,州委书记张子建会见伟光汇通集团董事长", dict(month=8, day=20)),
    ("1月5日 市委書記周霽率隊赴廣東省珠海市", dict(month=1, day=5)),
    ("△1日,由全国政协副主席、民革中央常务副主席周铁农率领", dict(mark=True, day=1)),
    ("△  第二届甘肃省分析测试技术与仪器学会学术年会开幕", dict(mark=True, inherit=True, day=None)),
    ("是日,省委书记来我市调研", dict(inherit=True, day=None)),
    ("同日,全市安全生产工作会议召开", dict(inherit=True, day=None)),
    ("是月,全市开展安全生产大检查", dict(day=1, approximate=True)),
    ("9日至10日,由中国投资协会能源投资专委会副会长", dict(day=9, end_day=10)),
    ("10日至12日,由省人社厅副厅长何永强带队", dict(day=10, end_day=12)),
    ("22—28日,全省干部培训班在我市举办", dict(day=22, end_day=28)),
    ("22-28日,全省干部培训班在我市举办", dict(day=22, end_day=28)),
    ("9月8～9日,第二届论坛在我市举行", dict(month=9, day=8, end_day=9)),
    ("8月30日至9月2日,考察团来我州考察", dict(month=8, day=30, end_month=9, end_day=2)),
    ("13日晚,第二届山丹炒拨拉节在山丹县智行广场盛大开幕", dict(day=13, time_of_day="晚")),
    ("25日晚,2024年“我是生态环境讲解员”全国总决赛", dict(day=25, time_of_day="晚")),
    ("3日上午,市委常委会召开", dict(day=3, time_of_day="上午")),
    ("上旬,省委巡视组进驻我市", dict(day=1, approximate=True)),
    ("中旬,全市开展防汛检查", dict(day=11, approximate=True)),
    ("7月下旬,全市开展防汛检查", dict(month=7, day=21, approximate=True)),
    ("二十日,市委召开常委会议", dict(day=20)),
    ("7月份,全市开展防汛检查", dict(month=7, day=1, approximate=True)),
    ("2月,十堰市获评全国文明城市", dict(month=2, day=1, approximate=True)),
])
def test_segment_parse_lead(text, expected):
    lead = parse_lead(to_analysis(text))
    for field, value in expected.items():
        assert getattr(lead, field) == value, field


@pytest.mark.parametrize("text", [
    "传达7月3日省发展改革委兰张三四线武张段项目前期工作推进会议精神",
    "八一建军节到来之际,卢小亨、赵立香、柴向前等分别带队走访慰问驻张部队",
    "2024年甘肃省青少年校园足球联赛(高中组)在我市开幕",
    "陈克恭、栾克军、吴雄成、卢琼华看望慰问正地级离退休老干部。",
    "2015年",
    "一日游线路推介会举行",
    "7月份全市经济运行平稳",
])
def test_segment_parse_lead_none(text):
    assert parse_lead(to_analysis(text)) is None


# -- entries and dates -----------------------------------------------------------------------------


@pytest.mark.parametrize("text, period, expected", [
    # day-led lines with every separator
    ("(2024年7月)\n1日,我市举行“七一”主题党日活动。\n2日 全市大会召开。\n3日，全市大会召开。\n",
     None, [("1日,我市举", "2024-07-01", None), ("2日 全市大", "2024-07-02", None), ("3日，全市大", "2024-07-03", None)]),
    # month headings inside a two-month chronicle; month-day entries
    ("大事记(2025年8月—9月)\n\n8月\n\n8月20日,州委书记张子建会见客人。\n26日,楚雄州召开人才见面座谈会。\n\n9月\n\n2日,会议召开。\n",
     None, [("8月20日,", "2025-08-20", None), ("26日,楚雄", "2025-08-26", None), ("2日,会议召", "2025-09-02", None)]),
    # a year-long chronicle: 2015年 heading, month-day entries
    ("2015年\n1月5日 市委書記周霽率隊赴廣東省珠海市考察。\n3月9日 會議召開。\n12月30日 會議召開。\n",
     None, [("1月5日 市", "2015-01-05", None), ("3月9日 會", "2015-03-09", None), ("12月30日", "2015-12-30", None)]),
    # the month goes back from 12 to 1: the year moves on
    ("大事记(2024年12月—2025年1月)\n12月\n28日,会议召开。\n1月\n2日,会议召开。\n", None,
     [("28日,会议", "2024-12-28", None), ("2日,会议召", "2025-01-02", None)]),
    # ranges
    ("(2024年7月)\n9日至10日,由中国投资协会带领的考察团来我市考察。\n22—28日,培训班举办。\n22-28日,培训班举办。\n",
     None, [("9日至10日", "2024-07-09", "2024-07-10"), ("22—28日", "2024-07-22", "2024-07-28"),
            ("22-28日", "2024-07-22", "2024-07-28")]),
    ("大事记(2025年8月—9月)\n8月30日至9月2日,考察团来我州考察。\n9月8～9日,第二届论坛在我州举行。\n", None,
     [("8月30日至", "2025-08-30", "2025-09-02"), ("9月8～9日", "2025-09-08", "2025-09-09")]),
    # an end date mentioned later in the text (Hangzhou 1998 #5)
    ("△7日,为了切实组织实施好我市西湖疏浚、运河截污处理工程,市长王永明启程赴桂滇考察。13日回杭。\n"
     "△11日,市科协举行成立40周年座谈会。\n", "1998-12",
     [("△7日,为了", "1998-12-07", "1998-12-13"), ("△11日,市", "1998-12-11", None)]),
    # 上旬/中旬/下旬 and 是月 are approximate
    ("(2024年7月)\n上旬,省委巡视组进驻我市。\n下旬,全市开展防汛检查。\n是月,全市开展安全生产大检查。\n", None,
     [("上旬,省委巡", "2024-07-01", None), ("下旬,全市开", "2024-07-21", None), ("是月,全市开", "2024-07-01", None)]),
])
def test_segment_dates(tmp_path, text, period, expected):
    _, entries, notices = run(tmp_path, text, period)
    assert dates(entries) == expected
    assert notices == ()


def test_segment_continuations_inherit_the_previous_date(tmp_path):
    text = ("(四月)\n5日 陈克恭、栾克军、吴雄成专程到高台烈士陵园,凭吊英烈。\n"
            "陈克恭、栾克军、吴雄成、卢琼华看望慰问正地级离退休老干部。\n"
            "10日 全市国土资源工作会议召开,陈义讲话。\n△  全市统计工作会议召开,张平讲话。\n"
            "是日,全市安全生产工作会议召开。\n同日,市政协召开主席会议。\n")
    _, entries, _ = run(tmp_path, text, name="zhangye-2008-04.txt")
    assert [(e.date, e.date_inherited) for e in entries] == [
        (dt.date(2008, 4, 5), False), (dt.date(2008, 4, 5), True), (dt.date(2008, 4, 10), False),
        (dt.date(2008, 4, 10), True), (dt.date(2008, 4, 10), True), (dt.date(2008, 4, 10), True)]


def test_segment_time_of_day_and_approximate_flags(tmp_path):
    text = ("(2024年7月)\n13日晚,第二届山丹炒拨拉节在山丹县智行广场盛大开幕。\n中旬,全市开展防汛检查。\n"
            "△ 全市开展安全生产大检查。\n20日上午,会议召开。\n")
    _, entries, _ = run(tmp_path, text)
    assert [(e.date.day, e.time_of_day, e.approximate) for e in entries] == [
        (13, "晚", False), (11, None, True), (11, None, True), (20, "上午", False)]


@pytest.mark.parametrize("text, expected", [
    # a △ after a sentence end opens a new entry on the same line
    ("(2024年7月)\n2日,张掖市整改工作领导小组会议召开。△ 卢小亨主持召开市级领导招商引资情况汇报会。\n",
     [("2日,张掖市", "2024-07-02"), ("△ 卢小亨主", "2024-07-02")]),
    # a later day with a separator after a sentence end
    ("(2024年7月)\n11日,全国双拥模范创建典型暨服务保障体系建设宣传会在我市召开。12日,我市与特变电工股份有限公司举行座谈会。\n",
     [("11日,全国", "2024-07-11"), ("12日,我市", "2024-07-12")]),
    # dates inside the text are not entries
    ("(2024年7月)\n9日,兰张三四线武张段(张掖)项目前期工作推进会议召开,传达7月3日省发展改革委会议精神。刘力江主持。\n",
     [("9日,兰张三", "2024-07-09")]),
    ("(1998年12月)\n△7日,市长王永明启程赴桂滇考察。13日回杭。\n", [("△7日,市长", "1998-12-07")]),
    # an earlier day after a sentence end is a reference, not a new entry
    ("(2024年7月)\n15日,会议召开。3日,省委作出部署。\n", [("15日,会议", "2024-07-15")]),
])
def test_segment_several_entries_on_one_line(tmp_path, text, expected):
    _, entries, _ = run(tmp_path, text)
    assert [(e.text[:6], e.date.isoformat()) for e in entries] == expected


def test_segment_header_and_footer_noise_are_not_entries(tmp_path):
    text = ("市政府工作要事记\n您当前所在的位置: 首页 >> 政务公开 >> 要事记\n"
            "发布时间: 2024-08-10 10:33 来源:张掖市人民政府办公室 背景色:\n【字体：大 中 小】\n索引号:1153/2024-00001\n"
            "(2024年7月)\n1日,我市举行“七一”主题党日活动。\n31日,第四次全国文物普查领导小组第二次会议召开。\n"
            "分享到：\n【打印本页】【关闭窗口】\n责任编辑：张三\n上一篇：2024年6月要事记\n3日,相关文章的标题。\n")
    _, entries, _ = run(tmp_path, text)
    assert [e.text for e in entries] == ["1日,我市举行“七一”主题党日活动。", "31日,第四次全国文物普查领导小组第二次会议召开。"]


@pytest.mark.parametrize("head", [
    "市政府工作要事记\n2024年08月10日 10:33 来源:张掖市人民政府办公室\n(2024年7月)\n",
    "市政府工作要事记\n2024年08月10日\n(2024年7月)\n",
    "市政府工作要事记\n(2024年7月)\n2019年7月10日,本页更新。\n",  # a full date years away from the period
])
def test_segment_page_date_lines_do_not_open_the_body(tmp_path, head):
    document, entries, _ = run(tmp_path, head + "1日,我市举行“七一”主题党日活动。\n△ 市委常委会召开会议。\n")
    assert document.period.month == 7
    assert [(e.text[:4], e.date.isoformat()) for e in entries] == [("1日,我", "2024-07-01"), ("△ 市委", "2024-07-01")]


@pytest.mark.parametrize("text, line, message", [
    ("(2024年7月)\n1日,会议召开。\n32日,会议召开。\n", 3, "no such date '32日' in 2024-07; entry kept undated"),
    ("(2024年2月)\n2月30日,会议召开。\n", 2, "no such date '2月30日' in 2024-02; entry kept undated"),
])
def test_segment_impossible_day_keeps_the_entry_undated_with_a_notice(tmp_path, text, line, message):
    document, entries, notices = run(tmp_path, text)
    assert entries[-1].date is None and entries[-1].line == line
    (notice,) = notices
    assert (notice.path, notice.line, notice.message) == (document.path, line, message)


def test_segment_day_without_a_known_month_is_undated_with_a_notice(tmp_path):
    _, entries, notices = run(tmp_path, "市政府工作要事记\n5日,会议召开。\n")
    assert entries[0].date is None
    assert "no year known for '5日'" in notices[0].message


def test_segment_no_dated_entry_raises(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("市政府工作要事记\n发布时间: 2024-08-10\n今天没有内容。\n", encoding="utf-8")
    with pytest.raises(NoEntriesError) as caught:
        segment(read_document(path))
    assert str(caught.value) == f"{path}: no dated chronicle entry found"


def test_segment_entries_are_verbatim_spans_of_the_document():
    document = check_period(read_document(SAMPLE))
    entries = segment(document)
    assert [e.index for e in entries] == list(range(1, len(entries) + 1))
    for entry in entries:
        assert entry.text == document.text[entry.start:entry.end] == entry.text.strip()
        assert entry.simplified == document.simplified[entry.start:entry.end]
        assert entry.line == document.line_of(entry.start)
        assert entry.doc_id == "zhangye-2024-07"
    assert entries[0].line == 8 and entries[-1].text.endswith("尚友俊出席并讲话,娄金华主持。")


@pytest.mark.parametrize("text, expected", [
    # an undated paragraph is its own entry, even when it mentions 老字号 or 大中小学 (not page furniture)
    ("(2024年7月)\n17日,全市推进移风易俗工作会议召开。\n全市老字号企业座谈会召开,市领导出席并讲话。\n"
     "全市大中小学思政课一体化建设推进会召开。\n",
     [("17日,全市推进移风易俗工作会议召开。", "2024-07-17"), ("全市老字号企业座谈会召开,市领导出席并讲话。", "2024-07-17"),
      ("全市大中小学思政课一体化建设推进会召开。", "2024-07-17")]),
    # hard-wrapped text: a line after an entry left open continues it, even when it starts with a date
    ("(2024年7月)\n9日,兰张三四线武张段项目前期工作推进会议召开,传达\n7月3日省发展改革委会议精神,安排部署\n相关工作。\n"
     "10日,会议召开。\n",
     [("9日,兰张三四线武张段项目前期工作推进会议召开,传达\n7月3日省发展改革委会议精神,安排部署\n相关工作。", "2024-07-09"),
      ("10日,会议召开。", "2024-07-10")]),
    # bracketed month headings and other markers
    ("大事记(2025年8月—9月)\n【8月】\n20日,州委书记张子建会见客人。\n◇ 州委常委会召开会议。\n【9月】\n2日,会议召开。\n",
     [("20日,州委书记张子建会见客人。", "2025-08-20"), ("◇ 州委常委会召开会议。", "2025-08-20"),
      ("2日,会议召开。", "2025-09-02")]),
])
def test_segment_paragraphs_wraps_and_headings(tmp_path, text, expected):
    _, entries, _ = run(tmp_path, text)
    assert [(e.text, e.date.isoformat()) for e in entries] == expected


def _wrap(text: str, width: int) -> str:
    """Hard-wrap each paragraph at about ``width`` characters, never right after a sentence end."""
    out = []
    for line in text.splitlines():
        while len(line) > width:
            cut = width
            while cut < len(line) and line[cut - 1] in "。！？”;；)）":
                cut += 1
            out.append(line[:cut])
            line = line[cut:]
        out.append(line)
    return "\n".join(out) + "\n"


# -- the sample in other encodings, wrapped in HTML, in Traditional script ----------------------------


def _same_as_sample(entries) -> None:
    reference = segment(check_period(read_document(SAMPLE)))
    assert len(entries) == len(reference) == 65
    assert [(e.date, e.end_date) for e in entries] == [(r.date, r.end_date) for r in reference]
    assert [MARK.sub("", e.simplified, count=1)[:12] for e in entries] == \
           [MARK.sub("", r.simplified, count=1)[:12] for r in reference]


def test_segment_sample_in_gb18030_gives_the_same_entries(tmp_path):
    document, entries, _ = run(tmp_path, SAMPLE.read_text(encoding="utf-8"), name="sample.txt", encoding="gb18030")
    assert document.encoding == "gb18030"
    _same_as_sample(entries)


def test_segment_sample_wrapped_in_html_gives_the_same_entries(tmp_path):
    lines = [line for line in SAMPLE.read_text(encoding="utf-8").splitlines() if line.strip()]
    paragraphs = "\n".join(f"<p>&nbsp;&nbsp;{html.escape(line)}</p>" for line in lines[3:])
    page = (f"<!DOCTYPE html><html><head><title>{lines[0]}_张掖市人民政府</title></head><body>"
            f"<div class='nav'><a>首页</a><a>政务公开</a></div><div class='article'><h1>{lines[0]}</h1>"
            f"<div class='info'>{lines[1]}</div><div class='content'>{paragraphs}</div></div>"
            f"<div class='footer'>版权所有：张掖市人民政府办公室</div></body></html>")
    document, entries, _ = run(tmp_path, page, name="page.html", encoding="gb18030")
    assert document.period.month == 7 and document.title == "市政府工作要事记"
    _same_as_sample(entries)


def test_segment_hard_wrapped_sample_gives_the_same_entries(tmp_path):
    _, entries, _ = run(tmp_path, _wrap(SAMPLE.read_text(encoding="utf-8"), 37), name="wrapped.txt")
    reference = segment(check_period(read_document(SAMPLE)))
    assert [re.sub(r"\s+", "", e.text) for e in entries] == [re.sub(r"\s+", "", r.text) for r in reference]
    assert [(e.date, e.end_date) for e in entries] == [(r.date, r.end_date) for r in reference]


def test_segment_table_layout_page_one_row_per_entry(tmp_path):
    rows = [("1日", "栾克军主持召开肃南县皇城抗震救灾领导小组会议,安排部署抗震救灾工作,董永芳出席会议。"),
            ("4日", "省委常委、组织部长侯长安到河西学院检查指导工作,陈克恭、栾克军陪同。"),
            ("", "陈克恭、栾克军、吴雄成、卢琼华看望慰问正地级离退休老干部。")]
    table = "".join(f"<tr><td>{day}</td><td>{text}</td></tr>" for day, text in rows)
    page = ("<html><head><title>2008年4月大事记-张掖市人民政府</title></head><body>"
            "<table class='menu'><tr><td>首页</td><td>政务公开</td></tr></table>"
            f"<table><tr><td class='title'>2008年4月大事记</td></tr><tr><td><table>{table}</table></td></tr></table>"
            "<div id='footer'>主办：张掖市人民政府办公室</div></body></html>")
    document, entries, _ = run(tmp_path, page, name="zhangye.htm")
    assert (document.title, document.city, document.period.month) == ("2008年4月大事记", "张掖市", 4)
    assert [(e.text, e.date.isoformat()) for e in entries] == [
        ("1日 " + rows[0][1], "2008-04-01"), ("4日 " + rows[1][1], "2008-04-04"), (rows[2][1], "2008-04-04")]


def test_segment_sample_in_traditional_script_gives_the_same_entries(tmp_path):
    traditional = zhconv.convert(SAMPLE.read_text(encoding="utf-8"), "zh-hant")
    document, entries, _ = run(tmp_path, traditional, name="sample-hant.txt")
    assert document.script == "Hant" and "張掖" in entries[2].text
    assert [(e.date, e.end_date) for e in entries] == [(r.date, r.end_date)
                                                       for r in segment(check_period(read_document(SAMPLE)))]


# -- the shared corpus against its gold --------------------------------------------------------------


def _gold(name: str) -> list[tuple[str, str | None, str | None]]:
    rows = [json.loads(line) for line in (SHARED / "gold" / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()]
    return [(MARK.sub("", row["head"], count=1)[:12], row["date"], row["end_date"]) for row in rows]


@pytest.mark.skipif(not (SHARED / "corpus").is_dir(), reason="shared corpus not present")
@pytest.mark.parametrize("name", ["chuxiong-2025-08", "hangzhou-1998-12", "shiyan-2015-01", "zhangye-2008-04",
                                  "zhangye-2024-07"])
def test_segment_matches_gold_on_shared_corpus(name):
    document = check_period(read_document(SHARED / "corpus" / f"{name}.txt"))
    entries = segment(document)
    got = [(MARK.sub("", re.sub(r"\s+", "", e.text), count=1)[:12], e.date and e.date.isoformat(),
            e.end_date and e.end_date.isoformat()) for e in entries]
    assert got == _gold(name)


@pytest.mark.parametrize("text, day", [("○ 7月2日 县长陈立主持召开县政府常务会议。", 2), ("※9日,全县防汛工作会议召开。", 9)])
def test_segment_other_bullets_carry_their_own_date(text, day):
    lead = parse_lead(to_analysis(text))
    assert lead is not None and lead.mark and lead.day == day


# -- chronicles of other decades, regions and layouts (issue: extraction that generalises) -----------


@pytest.mark.parametrize("body, expected", [
    # spaced dates, as scanned yearbooks print them
    ("3 月 8 日,全县妇女代表大会召开,县委书记出席。\n3 月 15~17 日,全县人大代表视察农村工作。",
     [("2001-03-08", None, "Day"), ("2001-03-15", "2001-03-17", "Day")]),
    # entries opening mid-paragraph on a dekad, a month word or a later day
    ("3月6日,县委召开常委会议,研究春耕生产。上旬,副县长率队到各乡镇检查春耕备耕工作。同月,全县开展植树活动。"
     "18日,县政府召开常务会议。",
     [("2001-03-06", None, "Day"), ("2001-03-01", None, "Dekad"), ("2001-03-01", None, "Month"),
      ("2001-03-18", None, "Day")]),
    # a season and the year: the span's first day and its precision, never an invented day
    ("3月6日,县委召开常委会议。\n冬,全县兴修农田水利,完成土方一百万立方米。\n是年,全县粮食总产量创历史新高。",
     [("2001-03-06", None, "Day"), ("2001-12-01", None, "Season"), ("2001-01-01", None, "Year")]),
    # a day alone on its line dates the bulleted items under it; a bullet shares a span, 同日 a day
    ("7日\n△县委召开常委会议,研究防汛工作。\n△县政府召开常务会议,部署安全生产。\n"
     "9日至10日,省调研组来县调研。\n△县委书记陪同调研。\n同日,县长主持召开专题会议。",
     [("2001-03-07", None, "Day"), ("2001-03-07", None, "Day"), ("2001-03-09", "2001-03-10", "Day"),
      ("2001-03-09", "2001-03-10", "Day"), ("2001-03-09", None, "Day")]),
    # page furniture of a scanned book inside the body; a sentence broken across the page
    ("3月6日,县委书记主持召开常委会议,研究部署\nP. 73\n春耕生产工作。\n3月8日,全县三级干部大会召开。",
     [("2001-03-06", None, "Day"), ("2001-03-08", None, "Day")]),
])
def test_segment_other_layouts(tmp_path, body, expected):
    _, entries, _ = run(tmp_path, "# period: 2001-03\n" + body + "\n")
    got = [(e.date.isoformat() if e.date else None, e.end_date.isoformat() if e.end_date else None, str(e.precision))
           for e in entries]
    assert got == expected


def test_segment_month_fused_into_the_day_is_read_and_reported(tmp_path):
    """A damaged page runs month and day together (71日 in a July chronicle): 7月1日, with a warning."""
    body = "71日 全市庆祝建党纪念日大会召开,市委书记出席并讲话。\n73日至5 全市普降大雨,市长作出批示。\n"
    _, entries, notices = run(tmp_path, "# period: 2019-07\n" + body)
    assert dates(entries) == [("71日 全市", "2019-07-01", None), ("73日至5 ", "2019-07-03", "2019-07-05")]
    assert any("7月1日" in n.message and "run together" in n.message for n in notices)


def test_segment_chronicle_opening_with_shiri_is_kept_undated(tmp_path):
    """The page before is lost: the first entry, dated by 是日, has no date, the next ones do."""
    body = ("是日 省委书记在市委书记陪同下到全市各县区调研脱贫攻坚工作,看望慰问贫困群众。\n"
            "9月7日 市委召开全市领导干部大会。\n")
    _, entries, _ = run(tmp_path, "# period: 2016-09\n" + body)
    assert [(e.date.isoformat() if e.date else None) for e in entries] == [None, "2016-09-07"]


def test_segment_newspaper_digest_in_one_line_is_a_chronicle(tmp_path):
    body = ("本月要闻 1日,县委召开常委会议,研究部署防汛工作。3日,县政府召开常务会议,研究安全生产。"
            "5日,县人大常委会召开第十次会议。\n")
    _, entries, _ = run(tmp_path, "# period: 2020-06\n" + body)
    assert [e.date.day for e in entries] == [1, 3, 5]


def test_segment_closing_day_gives_the_end_date(tmp_path):
    body = "10日,全县第五届运动会开幕,县委书记宣布开幕。12日闭幕。\n15日,县委召开常委会议。\n"
    _, entries, _ = run(tmp_path, "# period: 2020-06\n" + body)
    assert dates(entries)[0][1:] == ("2020-06-10", "2020-06-12")


def test_segment_day_lines_of_an_archive_layout(tmp_path):
    """Days on lines of their own (a range without 日 too), the items under them; a month
    heading after the days governs the undated items that follow it."""
    body = ("8日\n\n  全县农田水利工作会议召开。\n\n19—20\n\n  县人大常委会组织代表视察乡镇企业。\n\n"
            "27—29日\n\n  县妇女第五次代表大会召开。\n\n6月\n\n  全县完成夏粮收购任务。\n\n  △副县长赴外地考察。\n")
    _, entries, _ = run(tmp_path, "# period: 1985-06\n" + body)
    got = [(e.date.isoformat(), e.end_date.isoformat() if e.end_date else None, str(e.precision)) for e in entries]
    assert got == [("1985-06-08", None, "Day"), ("1985-06-19", "1985-06-20", "Day"),
                   ("1985-06-27", "1985-06-29", "Day"), ("1985-06-01", None, "Month"), ("1985-06-01", None, "Month")]


def test_segment_box_drawing_dash_joins_a_range(tmp_path):
    _, entries, _ = run(tmp_path, "# period: 1989\n1月3日  县政府召开常务会议。\n1月11─14日  全县农村工作会议召开。\n")
    assert dates(entries)[1][1:] == ("1989-01-11", "1989-01-14")
