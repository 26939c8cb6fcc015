"""Tests for kg/text.py: cleaning text as published, the same-length analysis copy, script detection."""

from __future__ import annotations

import pytest

from kg.text import clean_text, detect_script, to_analysis


@pytest.mark.parametrize("written, expected", [
    ("1日,我市在高台县举行主题党日活动。  \r\n", "1日,我市在高台县举行主题党日活动。\n"),
    ("在临泽县新华镇宣威村(xuānwēi cūn)调研。\n", "在临泽县新华镇宣威村调研。\n"),
    ("肃南县明花乡（xiāng）前滩村\n", "肃南县明花乡前滩村\n"),
    ("宏泽海槿Hz2500Nm^3/h制氢电解槽(Hz)下线\n", "宏泽海槿Hz2500Nm^3/h制氢电解槽(Hz)下线\n"),
    ("第三十届中国兰州投资贸易洽谈会(兰洽会)\n", "第三十届中国兰州投资贸易洽谈会(兰洽会)\n"),
    ("\ufeff△  第二届甘肃省分析测试技术与仪器学会学术年会开幕。\u200b\n", "△  第二届甘肃省分析测试技术与仪器学会学术年会开幕。\n"),
])
def test_text_clean_text_keeps_the_text_as_written_minus_noise(written, expected):
    assert clean_text(written) == expected


@pytest.mark.parametrize("written, expected", [
    ("1月5日 市委書記周霽率隊赴廣東省珠海市", "1月5日 市委书记周霁率队赴广东省珠海市"),
    ("８月２０日，州委书记（张子建）：会见；", "8月20日,州委书记(张子建):会见;"),
    ("发布时间:\u30002024-08-10\xa0来源", "发布时间: 2024-08-10 来源"),
    ("“七一”主题党日活动。△  第二届", "“七一”主题党日活动。△  第二届"),
])
def test_text_analysis_copy_is_simplified_half_width_and_same_length(written, expected):
    assert to_analysis(written) == expected
    assert len(to_analysis(written)) == len(written)


@pytest.mark.parametrize("text, script", [
    ("1月7日 全國扶貧系統國際合作與外事管理培訓班在十堰市舉辦。國務院扶貧辦國際合作和社會扶貧司副司長劉書文出席。", "Hant"),
    ("2日,张掖市整改中央生态环保督察典型案例工作领导小组会议召开,传达中央生态环保督察典型案例张掖市整改工作推进座谈会议精神。", "Hans"),
    ("十堰著名畫家莫麓云先生捐贈作品", "Hans"),  # two changed characters are too few to tell
    ("全市統计工作会议召开,张平讲话,谈树德、吴旭东出席会议。", "Hans"),  # one stray character is not Traditional
])
def test_text_detect_script(text, script):
    assert detect_script(text, to_analysis(text)) == script
