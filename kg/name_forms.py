"""How a personal name is written, and how long it is where it starts.

A name is read at a position, its length chosen from what follows it (kg/rules/names.toml:
the words that follow names, the characters that never end one): a Chinese name (surname
first), a Japanese one (a Japanese family name), a transliterated one (Mongolian, Uyghur,
Tibetan, Western names spelled in transliteration characters, with or without ·). Where the
names of an entry are is :mod:`kg.names`; this module only reads one.
"""

from __future__ import annotations

import re
from enum import IntEnum
from functools import lru_cache

from kg import rules
from kg.lexicon import compound_surnames, surnames, title_words
from kg.nlp import is_common_word, word_info
from kg.text import HAN

__all__ = ["Follower", "follower_strength", "name_at", "transliterated_name_at", "has_surname", "title_pattern", "JOINERS",
           "NAME_END_PUNCT"]

_IS_HAN = re.compile(f"[{HAN}]")
_ALL_HAN = re.compile(f"[{HAN}]*")  # fullmatch: every character is Han

#: Punctuation that ends a name.
NAME_END_PUNCT = set("、,，。;；:：!！?？)）》〉」』 \t\n(（")


class Follower(IntEnum):
    """How strongly what follows a string says the string is a whole name."""

    NONE = 0
    WEAK = 1  # a one-character follower (在, 到) or a title (XX书记)
    STRONG = 2  # punctuation or a word of two or more characters (主持, 出席)


_FOLLOWERS = rules.words("names", "followers")
_FOLLOWERS_SINGLE = frozenset(w for w in _FOLLOWERS if len(w) == 1)
_FOLLOWERS_MULTI = tuple(w for w in _FOLLOWERS if len(w) > 1)
_NEVER_LAST = frozenset(rules.words("names", "never_last"))
_WEAK_SURNAMES = frozenset(rules.words("names", "weak_surnames"))
_ORG_OR_PLACE_END = frozenset(rules.words("names", "org_or_place_end"))
JOINERS = frozenset(rules.words("names", "joiners"))
_PLACE_END = frozenset(rules.words("names", "place_end"))
_TRANSLITERATION = frozenset(rules.value("names", "transliteration_chars").split())
_POSTS = frozenset(w for w in title_words() if w.endswith(tuple(rules.words("names", "post_ends"))))
_JAPANESE_SURNAMES = tuple(sorted(rules.words("names", "japanese_surnames"), key=len, reverse=True))


def _by_first_char(words) -> dict[str, tuple[str, ...]]:
    """Words grouped by their first character, so a "starts with one of them" test at a position
    tries the few words starting with that character instead of all of them."""
    index: dict[str, list[str]] = {}
    for word in words:
        index.setdefault(word[0], []).append(word)
    return {ch: tuple(group) for ch, group in index.items()}


_FOLLOWERS_MULTI_AT = _by_first_char(_FOLLOWERS_MULTI)
_JAPANESE_SURNAMES_AT = _by_first_char(_JAPANESE_SURNAMES)  # longest first within each group


@lru_cache(maxsize=1)
def _titles_at() -> dict[str, tuple[str, ...]]:
    return _by_first_char(title_words())


@lru_cache(maxsize=1)
def title_pattern() -> re.Pattern[str]:
    """Every post title (kg/rules/titles.txt), longest first, as one regex."""
    return re.compile("|".join(re.escape(w) for w in title_words()))


def follower_strength(text: str, i: int) -> Follower:
    """How strongly ``text[i:]`` says the string before ``i`` is a whole name."""
    if i >= len(text) or text[i] in NAME_END_PUNCT:
        return Follower.STRONG
    first = text[i]
    if text.startswith(_FOLLOWERS_MULTI_AT.get(first, ()), i):
        return Follower.STRONG
    if first in _FOLLOWERS_SINGLE:
        return Follower.WEAK
    if text.startswith(_titles_at().get(first, ()), i):  # XX总书记, 张三书记
        return Follower.WEAK
    return Follower.NONE


def has_surname(name: str) -> bool:
    """Whether ``name`` starts with a Chinese surname (王, 欧阳).

    >>> has_surname("欧阳明远"), has_surname("会议")
    (True, False)
    """
    return name[:2] in compound_surnames() or name[0] in surnames()


def _plausible_name(name: str, *, strict: bool, bare: bool = False, closed: bool = False,
                    titled: bool = False) -> bool:
    """Whether ``name`` can be a Chinese personal name (surname first, not a word).

    ``strict`` applies to untitled names; ``bare`` to a lone name opening a clause, which
    must not begin with a word either (高台县…, 全市…). ``closed`` says punctuation follows.
    A name whose surname is also a function word (于, 成, 和) needs more evidence. A name that
    is also a place or time word (高山, 江海, 国庆) is one when a title and a closing cue frame it.
    """
    if not _ALL_HAN.fullmatch(name) or not has_surname(name):
        return False
    if name[0] in _WEAK_SURNAMES and (
        bare
        or (len(name) == 2 and not closed)
        or (len(name) > 2 and is_common_word(name[1:]))
        or name[1] in _WEAK_SURNAMES
        or name[1] in _ORG_OR_PLACE_END
    ):
        return False
    if is_common_word(name) and not (titled and closed and _word_that_names_people(name)):
        return False
    if name.startswith(_titles_at().get(name[0], ())) or _addressed_by_post(name):
        return False
    if strict and name[-1] in _ORG_OR_PLACE_END:
        return False
    if len(name) > 2 and (is_common_word(name[:2]) if bare else _everyday_word(name[:2])):
        return False
    return True


def _addressed_by_post(name: str) -> bool:
    """A surname and a post (杨书记, 张县长, 李局长): how a person is addressed, not a name. Posts
    only: 王冠军 and 李英雄 are names."""
    tail = name[2:] if name[:2] in compound_surnames() else name[1:]
    return tail in _POSTS


def _word_that_names_people(word: str) -> bool:
    """A word that people are also named (高山, 江海, 建国, 国庆): a place or time word; a common
    noun (带领村民修路) never is."""
    return word_info(word)[1] in {"ns", "nz", "t"}


def _everyday_word(text: str) -> bool:
    """A frequent common noun, verb or adjective (金融, 干部): no name starts with one, while
    place and time words (金华, 周三) do begin real names."""
    freq, tag = word_info(text)
    return freq >= 1000 and tag in {"n", "v", "vn", "a", "an", "ad", "d"}


_FOREIGN_NAME = re.compile(f"[{HAN}]{{1,8}}(?:·[{HAN}]{{1,10}})+")


def _foreign_name_at(text: str, pos: int) -> str | None:
    """A transliterated name with ``·`` starting at ``pos`` (阿里·哈桑), if any."""
    if text.find("·", pos + 1, pos + 9) < 0:  # quick test: the first · must come within 8 characters
        return None
    match = _FOREIGN_NAME.match(text, pos)
    if not match:
        return None
    token = match.group(0)
    head, tail = token.rsplit("·", 1)
    first = head.split("·")[0]
    if any(w in first for w in _FOLLOWERS_MULTI + title_words()) or any(c in _FOLLOWERS_SINGLE for c in first[1:]):
        return None
    for length in range(1, len(tail) + 1):
        if follower_strength(text, pos + len(head) + 1 + length) == Follower.STRONG:
            return head + "·" + tail[:length]
    return token


def _may_end_name_without_cue(text: str, pos: int) -> bool:
    """After a title, a name may run into an unlisted verb (副市长马时泰进行了座谈): accept a
    3-character reading when nothing suggests the title is followed by an ordinary word."""
    window = text[pos : pos + 4]
    given_name_freq, given_name_tag = word_info(window[1:3])
    return (
        len(window) == 4
        and all(_IS_HAN.match(c) for c in window)
        and window[0] not in _WEAK_SURNAMES
        and not is_common_word(window[:2])
        and not (given_name_freq >= 100 and given_name_tag in {"n", "v", "vn", "j", "a", "an", "l", "i"})
    )


def name_at(text: str, pos: int, *, strict: bool, bare: bool = False, titled: bool = False) -> str | None:
    """The personal name that starts at ``pos``, choosing its length from what follows it.

    A Chinese name (surname first) is read first; where nothing after it says where it ends,
    a Japanese or transliterated name closed by what follows is preferred (旗领导苏和巴雅尔、…).
    A lone name opening a clause (``bare``) must be a Chinese one.

    >>> name_at("市委书记韩明远主持签约仪式", 4, strict=False)
    '韩明远'
    >>> name_at("副市长娄金堂出席", 3, strict=False)
    '娄金堂'
    >>> name_at("董事长李峥、省政府", 3, strict=False)
    '李峥'
    >>> name_at("旗领导苏和巴雅尔、王立平", 3, strict=False)
    '苏和巴雅尔'
    """
    if pos >= len(text) or not _IS_HAN.match(text[pos]):
        return None
    foreign = _foreign_name_at(text, pos)
    if foreign:
        return foreign
    name, cued = _chinese_name_at(text, pos, strict=strict, bare=bare, titled=titled or not strict)
    if bare or (name and cued):
        return name
    return _japanese_name_at(text, pos) or transliterated_name_at(text, pos) or name


def _chinese_name_at(text: str, pos: int, *, strict: bool, bare: bool, titled: bool) -> tuple[str | None, bool]:
    """A surname-first name at ``pos``, and whether a follower (not a guess) fixed its length."""
    if not has_surname(text[pos : pos + 2]):  # every reading below would fail _plausible_name
        return None, False
    lengths = (2, 3, 4) if text[pos : pos + 2] in compound_surnames() else (2, 3)
    scored = [(n, follower_strength(text, pos + n)) for n in lengths if pos + n <= len(text)]
    strong = [n for n, s in scored if s == Follower.STRONG]
    weak = [n for n, s in scored if s == Follower.WEAK]
    if 3 in strong and text[pos + 2] in _NEVER_LAST and 2 in weak:
        strong.remove(3)
    cued = True
    if strong and (not weak or strong[0] < weak[0]):
        choice = strong[0]
    elif weak:
        choice = weak[0]
        if choice == 2 and 3 in strong:
            choice = 3
        cued = text[pos + choice] not in JOINERS  # 和 may end a transliterated name (某某孟和出席)
    elif not strict and _may_end_name_without_cue(text, pos):
        choice, cued = (2 if is_common_word(text[pos + 2 : pos + 4]) else 3), False
    else:
        return None, False
    name = text[pos : pos + choice]
    after = pos + choice
    closed = after >= len(text) or text[after] in NAME_END_PUNCT or text[after] == "等"
    closed = closed or (not strict and follower_strength(text, after) == Follower.STRONG)
    if not _plausible_name(name, strict=strict, bare=bare, closed=closed, titled=titled):
        return None, False
    if not strict and name[-1] in _PLACE_END:  # 西安市长安区: a title word inside a place name
        return None, False
    return name, cued


def _closes_name(text: str, end: int) -> bool:
    """Whether what follows ``end`` firmly ends a name: punctuation, 等, a follower word, a
    one-character follower that no transliteration uses (率, 在), or a joiner before another
    name (巴特尔和乌兰; but 那顺孟和出席 ends in 和)."""
    if follower_strength(text, end) == Follower.STRONG or text.startswith("等", end):
        return True
    if end < len(text) and text[end] in _FOLLOWERS_SINGLE and text[end] not in _TRANSLITERATION:
        return True  # 率, 在, 为: never part of a transliterated name
    return end < len(text) and text[end] in JOINERS and follower_strength(text, end + 1) != Follower.STRONG


#: jieba frequency from which a transliterated reading is taken for an ordinary word (巴基斯坦),
#: while names that jieba happens to list (a singer's 乌云其木格, 256) stay names.
_COMMON_FOREIGN_WORD_FREQ = 300
#: Longest transliterated name read without ·: Mongolian and Uyghur names run to six or seven.
_LONGEST_TRANSLITERATED = 7


def transliterated_name_at(text: str, pos: int) -> str | None:
    """A name spelled in transliteration characters (Mongolian 苏和巴雅尔, Uyghur 阿不都热依木,
    Tibetan 次仁多吉, a Western 汤姆) at ``pos``: the shortest run of them that something closes.

    >>> transliterated_name_at("旗领导图门吉日嘎拉、副旗长", 3)
    '图门吉日嘎拉'
    >>> transliterated_name_at("旗领导巴特尔和乌兰出席", 3)
    '巴特尔'
    >>> transliterated_name_at("旗领导那顺孟和出席", 3)
    '那顺孟和'
    """
    first = text[pos]
    if first not in _TRANSLITERATION or first in _FOLLOWERS_SINGLE:
        return None
    outside = 0  # one character of ordinary Chinese is allowed (斯琴高娃 has 高)
    for end in range(pos + 1, min(len(text), pos + _LONGEST_TRANSLITERATED) + 1):
        ch = text[end - 1]
        if not _IS_HAN.match(ch):
            return None
        if ch not in _TRANSLITERATION:
            outside += 1
            if outside > 1:
                return None
        if end - pos >= 2 + 2 * outside and _closes_name(text, end):
            name = text[pos:end]
            freq, tag = word_info(name)
            common = freq >= _COMMON_FOREIGN_WORD_FREQ and not tag.startswith("nr")
            if common or name[-1] in _PLACE_END or name[-1] in _ORG_OR_PLACE_END or title_pattern().search(name):
                return None
            return name
        if end - pos > 2 and ch in _FOLLOWERS_SINGLE and ch not in JOINERS:
            return None
    return None


def _japanese_name_at(text: str, pos: int) -> str | None:
    """A Japanese name at ``pos``: a Japanese family name, then one to three characters that
    something closes (山田太郎一行).

    >>> _japanese_name_at("团长山田太郎一行", 2)
    '山田太郎'
    """
    for surname in _JAPANESE_SURNAMES_AT.get(text[pos], ()):
        if text.startswith(surname, pos):
            for end in range(pos + len(surname) + 1, min(len(text), pos + len(surname) + 3) + 1):
                if not _IS_HAN.match(text[end - 1]):
                    return None
                if _closes_name(text, end) and not is_common_word(text[pos:end]):
                    return text[pos:end]
            return None
    return None
