"""The one place jieba is used: word segmentation and dictionary look-ups, loaded lazily once."""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

__all__ = ["segmenter", "cut", "is_common_word", "word_info", "dictionary_file"]

#: Minimum jieba dictionary frequency for a string to count as an ordinary word, not a name.
COMMON_WORD_FREQ = 5


@lru_cache(maxsize=1)
def segmenter():
    """Return the shared, initialised ``jieba.Tokenizer`` (imports jieba on first use)."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.dt.initialize()
    return jieba.dt


def dictionary_file() -> Path:
    """jieba's dictionary file (``dict.txt``): the look-ups below read it, and the cache
    fingerprint hashes it, so that a new dictionary never reuses old extractions."""
    from importlib import resources

    return Path(str(resources.files("jieba").joinpath("dict.txt")))


@lru_cache(maxsize=1)
def _dictionary() -> dict[str, tuple[str, str]]:
    """jieba's dictionary (``dict.txt``) as word → (frequency, part-of-speech tag).

    The look-ups below need nothing else, and reading the file this way takes 0.4 s where
    initialising jieba's tokenizer and its tag table (what they used before, with the same
    answers) took 2.4 s: most of a one-chronicle build.
    """
    text = dictionary_file().read_text(encoding="utf-8")
    fields = text.split()
    if len(fields) != 3 * text.count("\n") + (not text.endswith("\n")):  # a line without 3 fields
        fields = [part for line in text.splitlines() for part in (line.split() + ["", "", ""])[:3]]
    return dict(zip(fields[0::3], zip(fields[1::3], fields[2::3])))


def cut(text: str) -> list[str]:
    """Segment ``text`` into words with jieba's default (HMM) mode.

    >>> cut("市委书记主持会议")
    ['市委书记', '主持会议']
    """
    return segmenter().lcut(text)


def is_common_word(text: str) -> bool:
    """True when ``text`` is an ordinary dictionary word rather than a personal name.

    jieba's dictionary tags personal names ``nr``; a frequent entry with another tag
    (金融, 嘉宾, 全市) is a word, so a name candidate that equals it is rejected.

    >>> is_common_word("金融"), is_common_word("汪海川")
    (True, False)
    """
    freq, tag = word_info(text)
    if freq < COMMON_WORD_FREQ:
        return False
    return not (tag or "n").startswith("nr")


def word_info(text: str) -> tuple[int, str]:
    """jieba's dictionary frequency and part-of-speech tag of ``text`` ((0, "") if absent).

    >>> word_info("金融")
    (6455, 'n')
    """
    freq, tag = _dictionary().get(text, ("0", ""))
    return int(freq or 0), tag
