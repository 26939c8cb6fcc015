"""Tests for kg.pinyin: personal names in pinyin, surnames read as surnames, and IRI slugs."""

from __future__ import annotations

import pytest

from kg.pinyin import person_pinyin, slug, split_surname, text_slug


@pytest.mark.parametrize("name, expected", [
    # names from the sample chronicles
    ("赵立香", "Zhao Lixiang"),
    ("卢小亨", "Lu Xiaoheng"),
    ("曾华辉", "Zeng Huahui"),
    ("娄金华", "Lou Jinhua"),
    ("柴向前", "Chai Xiangqian"),
    ("逯元堂", "Lu Yuantang"),
    # Traditional script (shiyan-2015-01)
    ("張維國", "Zhang Weiguo"),
    ("劉學勤", "Liu Xueqin"),
    ("周霽", "Zhou Ji"),
    # polyphonic single surnames
    ("单立新", "Shan Lixin"),
    ("解振华", "Xie Zhenhua"),
    ("仇和", "Qiu He"),
    ("区伟", "Ou Wei"),
    ("朴正", "Piao Zheng"),
    ("查良镛", "Zha Liangyong"),
    ("盖军", "Ge Jun"),
    ("乐嘉", "Yue Jia"),
    ("翟志刚", "Zhai Zhigang"),
    ("單雄", "Shan Xiong"),
    # compound surnames
    ("尉迟敬德", "Yuchi Jingde"),
    ("万俟卨", "Moqi Xie"),
    ("欧阳修", "Ouyang Xiu"),
    ("歐陽修", "Ouyang Xiu"),
    # ü and the syllable apostrophe
    ("吕安", "Lü An"),
    ("王立安", "Wang Li'an"),
    # transliterated foreign names (hangzhou-1998-12)
    ("阿曼·穆维萨", "Aman Muweisa"),
    ("穆罕默德·渥里格", "Muhanmode Wolige"),
    # no romanisation to give
    ("", ""),
    ("John Smith", "John Smith"),
    ("محمد", ""),
])
def test_pinyin_person_pinyin(name, expected):
    assert person_pinyin(name) == expected


@pytest.mark.parametrize("name, expected", [
    ("赵立香", "zhao-lixiang"),
    ("張維國", "zhang-weiguo"),
    ("吕安", "lyu-an"),
    ("王立安", "wang-lian"),
    ("阿曼·穆维萨", "aman-muweisa"),
    ("محمد", ""),
])
def test_pinyin_slug(name, expected):
    assert slug(name) == expected


@pytest.mark.parametrize("name, expected", [
    ("赵立香", ("赵", "立香")),
    ("欧阳修", ("欧阳", "修")),
    ("司马", ("司", "马")),  # two characters: a surname and a given name, not a compound surname
])
def test_pinyin_split_surname(name, expected):
    assert split_surname(name) == expected


@pytest.mark.parametrize("text, expected", [
    ("张掖市委", "zhang-ye-shi-wei"),
    ("市委、市政府招待所", "shi-wei-shi-zheng-fu-zhao-dai-suo"),
    ("S301皇铧公路", "s301-huang-hua-gong-lu"),
])
def test_pinyin_text_slug(text, expected):
    assert text_slug(text) == expected


def test_pinyin_text_slug_is_cut_at_a_hyphen():
    out = text_slug("中国科学院兰州化学物理研究所", 20)
    assert len(out) <= 20 and not out.endswith("-") and out.startswith("zhong-guo")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("于长学", "Yu Changxue"),  # 长 in a given name is cháng
        ("肖长歌", "Xiao Changge"),
        ("长孙无忌", "Zhangsun Wuji"),  # the compound surname keeps its surname reading
        ("单于飞", "Chanyu Fei"),  # a compound surname known to the one surname list
        ("秦丽华", "Qin Lihua"),
    ],
)
def test_pinyin_given_names_read_polyphonic_characters_as_names(name, expected):
    assert person_pinyin(name) == expected
