"""Tests for kg/htmlpage.py: the article of a saved page as lines of text."""

from __future__ import annotations

import pytest

from kg.htmlpage import html_to_text


@pytest.mark.parametrize("html, expected", [
    ("<p>1日,会议召开。<br>2日,调研。</p>", "1日,会议召开。\n2日,调研。"),
    ("<table><tr><td>3日 市上召开领导干部大会。</td></tr><tr><td>4日 检查指导工作。</td></tr></table>",
     "3日 市上召开领导干部大会。\n4日 检查指导工作。"),
    ("<ul><li>△ 会议召开。</li><li>△ 调研。</li></ul><h2>8月</h2>", "△ 会议召开。\n△ 调研。\n8月"),
    ("<div>省委书记&amp;省长&nbsp;出席</div><noscript>请启用脚本</noscript>", "省委书记&省长 出席"),
])
def test_htmlpage_html_block_elements_become_lines_and_entities_are_decoded(html, expected):
    assert html_to_text(html).text == expected


@pytest.mark.parametrize("depth", [1000, 20000])
def test_htmlpage_nested_deeper_than_the_recursion_limit(depth):
    page = ("<html><body>" + "<div>" * depth + "<p>2024年7月1日,市长李四出席会议。</p>" + "</div>" * depth
            + "<p>2日,副市长王五出席座谈会。</p></body></html>")
    assert html_to_text(page).text.splitlines() == ["2024年7月1日,市长李四出席会议。", "2日,副市长王五出席座谈会。"]
