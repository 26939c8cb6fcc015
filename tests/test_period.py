"""Tests for kg/period.py: the header's period checked against what the entries say."""

from __future__ import annotations

from pathlib import Path

import pytest
import zhconv

from kg.model import Period
from kg.period import _FESTIVAL_FIRST, _FESTIVALS, check_period, period_evidence
from kg.dates import parse_period
from kg.read import read_document
from kg.segment import segment

SAMPLE = Path(__file__).parents[1] / "kg" / "data" / "samples" / "zhangye-2024-07.txt"
SHARED = Path(__file__).parents[2] / "shared"

# Real lines from the Zhangye July 2024 chronicle whose header says 2024年5月.
JULY_1ST = "1日,我市在高台县举行重温习近平总书记视察甘肃视察张掖重要讲话重要指示精神“七一”主题党日活动。卢小亨、王海峰出席。"
JULY_9TH = "9日,兰张三四线武张段(张掖)项目前期工作推进会议召开,传达7月3日省发展改革委兰张三四线武张段项目前期工作推进会议精神。刘力江主持。"
JULY_25TH = "25日晚,2024年“我是生态环境讲解员”全国总决赛活动在我市开赛。市委书记卢小亨致辞。"
BAYI = "八一建军节到来之际,卢小亨、赵立香、柴向前等分别带队走访慰问驻张部队、消防救援队伍和革命功臣代表。"
PLAIN = "12日,我市与特变电工股份有限公司举行座谈会,双方就进一步深化新能源领域合作进行深入交流。"


def read(tmp_path: Path, text: str, name: str = "chronicle.txt", period: str | None = None):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return read_document(path, period=parse_period(period) if period else None)


def months(document) -> dict[int, float]:
    scores: dict[int, float] = {}
    for vote in period_evidence(document):
        scores[vote.month] = scores.get(vote.month, 0) + vote.weight
    return scores


def test_period_sample_header_may_is_corrected_to_july():
    document = check_period(read_document(SAMPLE))
    assert document.period == Period(2024, 7)
    assert document.period_source == "evidence"
    (notice,) = document.notices
    assert notice.message.startswith("header says 2024-05 but the entries point to 2024-07 (")
    for evidence in ("7月3日 in entry text", "“七一” on the 1st", "八一建军节 at month end", "file name zhangye-2024-07"):
        assert evidence in notice.message
    assert notice.line == 6 and notice.path == str(SAMPLE)


def test_period_sample_is_corrected_without_its_file_name(tmp_path):
    document = check_period(read(tmp_path, SAMPLE.read_text(encoding="utf-8"), "sample.txt"))
    assert document.period == Period(2024, 7)
    assert "file name" not in document.notices[0].message


def test_period_sample_in_traditional_script_is_corrected(tmp_path):
    traditional = zhconv.convert(SAMPLE.read_text(encoding="utf-8"), "zh-hant")
    document = check_period(read(tmp_path, traditional, "sample-hant.txt"))
    assert document.period == Period(2024, 7)
    assert "八一建軍節 at month end" in document.notices[0].message  # evidence quoted as written


@pytest.mark.parametrize("source", ["metadata", "flag"])
def test_period_given_by_metadata_or_flag_is_never_overridden(tmp_path, source):
    text = SAMPLE.read_text(encoding="utf-8")
    if source == "metadata":
        document = read(tmp_path, "# period: 2024-05\n" + text)
    else:
        document = read(tmp_path, text, period="2024-05")
    checked = check_period(document)
    assert checked.period == Period(2024, 5) and checked.period_source == source
    assert "but the entries point to 2024-07" in checked.notices[-1].message
    assert "keeping 2024-05" in checked.notices[-1].message


@pytest.mark.parametrize("header, lines", [
    ("(2024年7月)", [JULY_1ST, JULY_9TH, BAYI]),
    ("(2024年7月)", ["9日,会议召开,传达学习6月5日全省会议精神。", "10日,会议召开,传达6月8日省委常委会会议精神。", PLAIN]),
    ("(2024年5月)", [PLAIN, "14日,会议召开,传达7月3日省发展改革委会议精神。"]),  # one quoted date is not enough
    ("大事记(2025年8月—9月)", ["8月20日,州委书记张子建走访慰问抗战老同志。", "9月2日,会议召开。"]),
    ("2015年", ["1月5日 市委书记率队赴广东省珠海市、深圳市考察。", "3月1日 会议召开。", "3月2日 会议召开。"]),
])
def test_period_header_stands_when_evidence_does_not_clearly_outweigh_it(tmp_path, header, lines):
    document = read(tmp_path, "市政府工作要事记\n" + header + "\n" + "\n".join(lines) + "\n")
    assert check_period(document) == document


@pytest.mark.parametrize("line, month, weight", [
    (JULY_1ST, 7, 2.0),  # “七一” on the 1st
    (JULY_9TH, 7, 1.0),  # 7月3日 quoted on the 9th
    ("25日晚,活动举行。\n" + BAYI, 7, 1.5),  # 八一 approaching, at month end
    ("5日,会议召开。\n" + BAYI, 7, 1.0),  # approaching, early in the month
    ("1日,国庆节升旗仪式在市民广场举行。", 10, 2.0),
    ("28日,国庆前夕,市领导走访慰问老党员。", 9, 1.5),
    ("30日,元旦前夕,市领导慰问困难群众。", 12, 1.5),
    ("8月20日,州委书记张子建会见伟光汇通集团董事长。", 8, 1.0),  # the entry's own date
    ("3日,会议召开,传达8月28日会议精神。", 8, 0.0),  # a date after the entry's day is an earlier month's
    ("1日,“七一勋章”获得者事迹报告会举行。", 7, 0.0),  # a medal's name is not the festival
    ("11日,第十一届运动会开幕。", 10, 0.0),  # 十一 only counts quoted or as a holiday
])
def test_period_evidence_votes_from_entry_text(tmp_path, line, month, weight):
    document = read(tmp_path, "市政府工作要事记\n" + line + "\n")
    assert months(document).get(month, 0.0) == weight


def _alternatives(pattern: str) -> list[str]:
    """The top-level branches of a regex (a | inside (...) or [...] does not split)."""
    branches, depth, current = [], 0, ""
    for ch in pattern:
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        if ch == "|" and depth == 0:
            branches.append(current)
            current = ""
        else:
            current += ch
    return branches + [current]


def _first_characters(branch: str) -> set[str]:
    """Characters a branch may start with: a leading [...] class, then what follows if it is optional."""
    if not branch.startswith("["):
        return {branch[0]}
    close = branch.index("]")
    found = set(branch[1:close])
    rest = branch[close + 1:]
    return found | _first_characters(rest[1:]) if rest.startswith("?") else found


@pytest.mark.parametrize("month, day, pattern", _FESTIVALS)
def test_period_festival_patterns_start_with_a_listed_character(month, day, pattern):
    # _FESTIVAL skips positions not starting with _FESTIVAL_FIRST: a pattern starting elsewhere would never match.
    for branch in _alternatives(pattern):
        assert _first_characters(branch) <= set(_FESTIVAL_FIRST), branch


@pytest.mark.parametrize("name, url, published, month, weight", [
    ("zhangye-2024-07.txt", None, None, 7, 2.0),
    ("chronicle.txt", "https://www.zhangye.gov.cn/zfgb/zfgb2008/2008_04/202409/t20240929_1297506.html", None, 4, 1.0),
    ("chronicle.txt", None, "发布时间: 2024-08-10 10:33 来源:张掖市人民政府办公室", 7, 0.5),
    ("chronicle.txt", None, "主题词: 发布日期:2025年09月25日 文  号:", 8, 0.5),
    ("chronicle.txt", "https://www.zhangye.gov.cn/t20240929_1297506.html", None, 9, 0.0),  # an upload stamp
])
def test_period_evidence_votes_from_name_url_and_publication(tmp_path, name, url, published, month, weight):
    head = (f"# source: {url}\n" if url else "") + "市政府工作要事记\n" + (published + "\n" if published else "")
    document = read(tmp_path, head + PLAIN + "\n", name)
    assert months(document).get(month, 0.0) == weight


def test_period_from_a_wrong_file_name_is_corrected(tmp_path):
    text = SAMPLE.read_text(encoding="utf-8").replace("(2024年5月)", "")
    document = check_period(read(tmp_path, text, "zhangye-2024-05.txt"))
    assert (document.period, document.period_source) == (Period(2024, 7), "evidence")
    assert document.notices[-1].message.startswith("the file name says 2024-05 but the entries point to 2024-07")


def test_period_missing_is_inferred_from_evidence(tmp_path):
    text = ("# source: https://www.zhangye.gov.cn/zfgb/2024_07/t1.html\n市政府工作要事记\n"
            "发布时间: 2024-08-10 10:33\n" + JULY_1ST + "\n" + JULY_9TH + "\n")
    document = check_period(read(tmp_path, text))
    assert (document.period, document.period_source) == (Period(2024, 7), "evidence")
    assert document.notices[-1].message.startswith("no period in the header; the entries point to 2024-07")


def test_period_missing_without_evidence_leaves_a_notice(tmp_path):
    document = check_period(read(tmp_path, "市政府工作要事记\n" + PLAIN + "\n"))
    assert document.period is None
    assert "no period in metadata, header or file name" in document.notices[-1].message


@pytest.mark.skipif(not (SHARED / "corpus").is_dir(), reason="shared corpus not present")
@pytest.mark.parametrize("name, period", [
    ("chuxiong-2025-08", Period(2025, 8, 2025, 9)),
    ("hangzhou-1998-12", Period(1998, 12)),
    ("shiyan-2015-01", Period(2015)),
    ("zhangye-2008-04", Period(2008, 4)),
    ("zhangye-2024-07", Period(2024, 7)),
])
def test_period_shared_corpus_headers_without_metadata(tmp_path, name, period):
    text = (SHARED / "corpus" / f"{name}.txt").read_text(encoding="utf-8")
    body = "".join(line for line in text.splitlines(keepends=True) if not line.startswith("# "))
    assert check_period(read(tmp_path, body, f"{name}.txt")).period == period


@pytest.mark.parametrize("mark", ["★", "※", "△", ""])
def test_period_entries_with_any_bullet_correct_a_wrong_header(tmp_path, mark):
    """The period check reads entry dates with the segmenter's parser, bullets included: a
    chronicle headed 2024年5月 whose three entries are July dates is July, as its events are."""
    lines = [f"{mark}7月{day}日,市委召开常委会议,研究部署有关工作。" for day in (1, 3, 5)]
    document = check_period(read(tmp_path, "张掖市人民政府要事记（2024年5月）\n" + "\n".join(lines) + "\n"))
    assert document.period == Period(2024, 7)
    assert {entry.date.month for entry in segment(document)} == {7}
