"""Names in an entry: where chronicles write a personal name, and how long it is.

Names are never looked up in a list of people: they are recognised from the way chronicles
write them (a post title right before the name, lists joined by 、, a surname followed by a
role verb, a leader's title after it), then, once a document has shown a string to be a name,
found by the name alone. What decides a name's end is data (kg/rules/names.toml): the words
that follow names, the characters that never end one.
"""

from __future__ import annotations

import re
from enum import IntEnum
from functools import lru_cache
from typing import NamedTuple

from kg import rules
from kg.context import memoized
from kg.dates import ENTRY_MARKS
from kg.lexicon import compound_surnames, surnames, title_words
from kg.model import Entry
from kg.nlp import is_common_word, word_info
from kg.text import HAN, unwrap

__all__ = ["Span", "Follower", "find_spans", "learn_names", "analysis_text", "ends_with_title"]

_IS_HAN = re.compile(f"[{HAN}]")
_ALL_HAN = re.compile(f"[{HAN}]*")  # fullmatch: every character is Han

#: Punctuation that ends a name.
_NAME_END_PUNCT = set("、,，。;；:：!！?？)）》〉」』 \t\n(（")


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
_NAME_INTRODUCERS = rules.words("names", "introducers")
_CLAUSE_START = set("。;；!！?？,，:：\n、 " + ENTRY_MARKS)
_AFTER_CLAUSE_START = re.compile("[" + "".join(map(re.escape, sorted(_CLAUSE_START))) + "]")
_SUFFIX_TITLE = rules.value("names", "suffixed_title")
_SUFFIXED_TITLE = re.compile(f"([{HAN}]{{2,3}})(?={_SUFFIX_TITLE})")


def _by_first_char(words) -> dict[str, tuple[str, ...]]:
    """Words grouped by their first character, so a "starts with one of them" test at a position
    tries the few words starting with that character instead of all of them."""
    index: dict[str, list[str]] = {}
    for word in words:
        index.setdefault(word[0], []).append(word)
    return {ch: tuple(group) for ch, group in index.items()}


_FOLLOWERS_MULTI_AT = _by_first_char(_FOLLOWERS_MULTI)


@lru_cache(maxsize=1)
def _titles_at() -> dict[str, tuple[str, ...]]:
    return _by_first_char(title_words())


class Span(NamedTuple):
    """A name found in an entry's analysis text, before roles are decided.

    A named tuple, not a frozen dataclass: thousands are made per document, and a frozen
    dataclass sets each field through ``object.__setattr__``, several times slower.
    """

    start: int
    end: int
    name: str  # analysis (Simplified) form
    title_start: int | None = None  # start of the title written before the name
    title_end: int | None = None
    shared: bool = False  # a title shared by a 、-list (市领导柴向东、祝书林)
    how: str = "titled"


@lru_cache(maxsize=1)
def _title_pattern() -> re.Pattern[str]:
    return re.compile("|".join(re.escape(w) for w in title_words()))


def _follower_strength(text: str, i: int) -> Follower:
    """How strongly ``text[i:]`` says the string before ``i`` is a whole name."""
    if i >= len(text) or text[i] in _NAME_END_PUNCT:
        return Follower.STRONG
    first = text[i]
    if text.startswith(_FOLLOWERS_MULTI_AT.get(first, ()), i):
        return Follower.STRONG
    if first in _FOLLOWERS_SINGLE:
        return Follower.WEAK
    if text.startswith(_titles_at().get(first, ()), i):  # XX总书记, 张三书记
        return Follower.WEAK
    return Follower.NONE


def _has_surname(name: str) -> bool:
    return name[:2] in compound_surnames() or name[0] in surnames()


def _plausible_name(name: str, *, strict: bool, bare: bool = False, closed: bool = False) -> bool:
    """Whether ``name`` can be a Chinese personal name (surname first, not a word).

    ``strict`` applies to untitled names; ``bare`` to a lone name opening a clause, which
    must not begin with a word either (高台县…, 全市…). ``closed`` says punctuation follows.
    A name whose surname is also a function word (于, 成, 和) needs more evidence.
    """
    if not _ALL_HAN.fullmatch(name) or not _has_surname(name):
        return False
    if name[0] in _WEAK_SURNAMES and (
        bare
        or (len(name) == 2 and not closed)
        or (len(name) > 2 and is_common_word(name[1:]))
        or name[1] in _WEAK_SURNAMES
        or name[1] in _ORG_OR_PLACE_END
    ):
        return False
    if is_common_word(name) or name.startswith(_titles_at().get(name[0], ())):
        return False
    if strict and name[-1] in _ORG_OR_PLACE_END:
        return False
    if len(name) > 2 and (is_common_word(name[:2]) if bare else _everyday_word(name[:2])):
        return False
    return True


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
        if _follower_strength(text, pos + len(head) + 1 + length) == Follower.STRONG:
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


def _name_at(text: str, pos: int, *, strict: bool, bare: bool = False) -> str | None:
    """The personal name that starts at ``pos``, choosing its length from what follows it.

    >>> _name_at("市委书记韩明远主持签约仪式", 4, strict=False)
    '韩明远'
    >>> _name_at("副市长娄金堂出席", 3, strict=False)
    '娄金堂'
    >>> _name_at("董事长李峥、省政府", 3, strict=False)
    '李峥'
    """
    if pos >= len(text) or not _IS_HAN.match(text[pos]):
        return None
    foreign = _foreign_name_at(text, pos)
    if foreign:
        return foreign
    if not _has_surname(text[pos : pos + 2]):  # every reading below would fail _plausible_name
        return None
    lengths = (2, 3, 4) if text[pos : pos + 2] in compound_surnames() else (2, 3)
    scored = [(n, _follower_strength(text, pos + n)) for n in lengths if pos + n <= len(text)]
    strong = [n for n, s in scored if s == Follower.STRONG]
    weak = [n for n, s in scored if s == Follower.WEAK]
    if 3 in strong and text[pos + 2] in _NEVER_LAST and 2 in weak:
        strong.remove(3)
    if strong and (not weak or strong[0] < weak[0]):
        choice = strong[0]
    elif weak:
        choice = weak[0]
        if choice == 2 and 3 in strong:
            choice = 3
    elif not strict and _may_end_name_without_cue(text, pos):
        choice = 2 if is_common_word(text[pos + 2 : pos + 4]) else 3
    else:
        return None
    name = text[pos : pos + choice]
    after = pos + choice
    closed = after >= len(text) or text[after] in _NAME_END_PUNCT or text[after] == "等"
    closed = closed or (not strict and _follower_strength(text, after) == Follower.STRONG)
    return name if _plausible_name(name, strict=strict, bare=bare, closed=closed) else None


def _titled_spans(text: str) -> list[Span]:
    """Names written right after a post title (市委副书记、市长秦丽华), and the 、-lists after them."""
    spans: list[Span] = []
    for match in _title_pattern().finditer(text):
        name = _name_at(text, match.end(), strict=False)
        if not name:
            continue
        start = match.end()
        spans.append(Span(start, start + len(name), name, match.start(), match.end()))
        spans.extend(_list_continuation(text, start + len(name), (match.start(), match.end())))
    return spans


def _list_continuation(text: str, pos: int, title: tuple[int, int]) -> list[Span]:
    """Further names after ``、`` share the title before the first (市领导柴向东、祝书林;
    省交通运输厅副厅长陈亚军、李树林)."""
    found: list[Span] = []
    while pos < len(text) and text[pos] == "、":
        name = _name_at(text, pos + 1, strict=True)
        if not name:
            break
        start = pos + 1
        found.append(Span(start, start + len(name), name, title[0], title[1], True, "list"))
        pos = start + len(name)
    return found


# Possessive {2,8}+: an item can only end where its run of Han characters ends (、 is not one of
# them), so giving characters back never helps; not trying it makes the scan twice as fast.
_LIST_RUN = re.compile(f"[{HAN}·]{{2,8}}+(?:、[{HAN}·]{{2,8}}+)+")


def _bare_spans(text: str, lead: int) -> list[Span]:
    """Untitled names: 、-lists (韩明远、汪海川、邹俊文等) and a name opening a clause before a
    role verb (栾克勤主持召开…, 张坪讲话)."""
    spans: list[Span] = []
    for run in _LIST_RUN.finditer(text):
        spans.extend(_list_items(text, run.start(), run.end()))
    for i in _clause_starts(text, lead):
        name = _name_at(text, i, strict=True, bare=True)
        if name and _follower_strength(text, i + len(name)) == Follower.STRONG:
            spans.append(Span(i, i + len(name), name, how="bare"))
    return spans


def _clause_starts(text: str, lead: int) -> list[int]:
    """Where a clause may open with a bare name, in order: the start, the end of the date,
    after clause punctuation, after 由/邀请/受 (found with C-speed searches, not a loop)."""
    starts = {0, lead}
    starts.update(m.end() for m in _AFTER_CLAUSE_START.finditer(text))
    for word in _NAME_INTRODUCERS:
        at = text.find(word)
        while at >= 0:
            starts.add(at + len(word))
            at = text.find(word, at + 1)
    return sorted(i for i in starts if i < len(text))


def _list_items(text: str, start: int, end: int) -> list[Span]:
    """Names in a 、-separated run, accepted only when every item reads as a name."""
    items: list[Span] = []
    pos = start
    while True:
        name = _name_at(text, pos, strict=True)
        if not name:
            return []
        items.append(Span(pos, pos + len(name), name, how="list"))
        pos += len(name)
        if pos < len(text) and text[pos] == "、":
            pos += 1
            continue
        break
    if len(items) < 2 or _follower_strength(text, pos) == Follower.NONE:
        return []
    return items


def _suffixed_spans(text: str) -> list[Span]:
    """Names written before 总书记 (XX总书记重要讲话)."""
    spans: list[Span] = []
    if _SUFFIX_TITLE not in text:  # a quick test first: the regex costs a scan of every character
        return spans
    for match in _SUFFIXED_TITLE.finditer(text):
        name = match.group(1)
        if len(name) == 3 and not _has_surname(name) and _has_surname(name[1:]):
            name = name[1:]
        start = match.end() - len(name)
        if _has_surname(name) and not is_common_word(name):
            spans.append(Span(start, match.end(), name, how="suffixed"))
    return spans


def _known_spans(text: str, known: frozenset[str]) -> list[Span]:
    """Every occurrence of a name the document has already shown to be a name."""
    spans = []
    names = tuple(known)
    for name in names:
        start = text.find(name)  # non-overlapping occurrences, as re.finditer, with no regex to compile
        while start >= 0:
            end = start + len(name)
            if _follower_strength(text, end) or text.startswith(names, end):
                spans.append(Span(start, end, name, how="known"))
            start = text.find(name, end)
    return spans


@memoized
def _text_spans(text: str, lead: int) -> tuple[Span, ...]:
    """Spans found from ``text`` alone (titles, 总书记, lists, clause openings); cached, since
    :func:`learn_names` and the extraction read every entry of a document twice."""
    return tuple(_titled_spans(text) + _suffixed_spans(text) + _bare_spans(text, lead))


def find_spans(text: str, lead: int, known: frozenset[str]) -> list[Span]:
    """All name spans in ``text``, overlaps resolved in favour of titled, then longer, names."""
    found = list(_text_spans(text, lead))
    candidates = found + _known_spans(text, known | {s.name for s in found})
    rank = {"titled": 0, "list": 1, "suffixed": 1, "known": 2, "bare": 3}
    candidates.sort(key=lambda s: (rank[s.how], -(s.end - s.start), s.start))
    taken: list[Span] = []
    covered: set[int] = set()  # offsets inside a taken span (spans are never empty)
    for span in candidates:
        if covered.isdisjoint(range(span.start, span.end)):
            taken.append(span)
            covered.update(range(span.start, span.end))
    return sorted(taken, key=lambda s: s.start)


def learn_names(entries: tuple[Entry, ...] | list[Entry]) -> frozenset[str]:
    """Names a document shows to be names through titles, lists or role verbs.

    >>> from kg.model import Entry
    >>> e = Entry("d", 1, 0, 20, "市委书记韩明远主持会议。", "市委书记韩明远主持会议。", 1)
    >>> sorted(learn_names([e]))
    ['韩明远']
    """
    names: set[str] = set()
    for entry in entries:
        text, lead = analysis_text(entry)
        names.update(s.name for s in find_spans(text, lead, frozenset()))
    return frozenset(names)



def _lead_in(entry: Entry, positions: list[int] | None) -> int:
    """Where the entry's own words begin in its text without line breaks (``Entry.lead_end``)."""
    if positions is None:
        return entry.lead_end
    return sum(1 for i in positions[:-1] if i < entry.lead_end)


def analysis_text(entry: Entry) -> tuple[str, int]:
    """The entry's analysis text without line breaks, and where its own words begin there."""
    text, positions = unwrap(entry.simplified)
    return text, _lead_in(entry, positions)


def ends_with_title(text: str, end: int) -> bool:
    """Whether ``text[:end]`` ends with a post title (市委副书记、市长: the 、 joins two titles)."""
    return text.endswith(title_words(), 0, end)
