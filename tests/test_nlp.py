"""Tests for kg/nlp.py: dictionary look-ups give jieba's own answers."""

from __future__ import annotations

import pytest

from kg.nlp import COMMON_WORD_FREQ, cut, is_common_word, word_info


def test_nlp_word_info_is_jiebas_frequency_and_tag_for_every_dictionary_word():
    import jieba.posseg

    from kg.nlp import segmenter

    frequencies, tags = segmenter().FREQ, jieba.posseg.dt.word_tag_tab
    assert len(tags) > 300_000
    for word in tags:
        assert word_info(word) == (frequencies[word], tags[word]), word


@pytest.mark.parametrize("text, expected", [
    ("金融", True), ("干部", True), ("全市", True), ("嘉宾", True),
    ("汪海川", False),  # not in the dictionary
    ("市委书记主持", False),  # a prefix of nothing, a word of nothing
    ("", False),
])
def test_nlp_is_common_word(text, expected):
    assert is_common_word(text) is expected


def test_nlp_names_in_the_dictionary_are_not_common_words():
    import jieba.posseg

    names = [w for w, tag in jieba.posseg.dt.word_tag_tab.items() if tag == "nr" and word_info(w)[0] >= COMMON_WORD_FREQ]
    assert names
    assert not any(is_common_word(name) for name in names[:2000])


def test_nlp_cut_segments_with_jieba():
    assert cut("市委书记主持会议") == ["市委书记", "主持会议"]
