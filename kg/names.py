"""Names in an entry: where chronicles write a personal name.

Names are never looked up in a list of people: they are recognised from the way chronicles
write them (a post title right before the name, lists joined by 、, a name opening a clause
before a role verb, a leader's title after it), then, once a document has shown a string to
be a name, found by the name alone. How long a name is where it starts is
:mod:`kg.name_forms`; the cues of both are data (kg/rules/names.toml).
"""

from __future__ import annotations

import re
from collections import Counter
from typing import NamedTuple

from kg import rules
from kg.context import memoized
from kg.dates import ENTRY_MARKS
from kg.lexicon import title_words
from kg.model import Entry
from kg.name_forms import (JOINERS, NAME_END_PUNCT, Follower, follower_strength, has_surname, name_at, title_pattern,
                           transliterated_name_at)
from kg.nlp import is_common_word, word_info
from kg.text import HAN, unwrap

__all__ = ["Span", "Follower", "find_spans", "learn_names", "analysis_text", "ends_with_title"]

_NAME_INTRODUCERS = rules.words("names", "introducers")
_CLAUSE_START = set("。;；!！?？,，:：\n、 " + ENTRY_MARKS)
_AFTER_CLAUSE_START = re.compile("[" + "".join(map(re.escape, sorted(_CLAUSE_START))) + "]")
_COURTESY = rules.words("names", "courtesy")
_BEFORE_NAME_AND_TITLE = frozenset(rules.words("names", "org_or_place_end") + rules.words("names", "before_name_and_title"))
_SUBJECT_PREPOSITIONS = rules.words("names", "subject_prepositions")
_CLAUSE_ACT = rules.pattern("names", "clause_act")
_NOT_PEOPLE_AFTER = rules.words("names", "not_people_after")
_SUFFIX_TITLE = rules.value("names", "suffixed_title")
_SUFFIXED_TITLE = re.compile(f"([{HAN}]{{2,3}})(?={_SUFFIX_TITLE})")


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


def _titled_spans(text: str) -> list[Span]:
    """Names written right after a post title (市委副书记、市长秦丽华), and the 、-lists after them."""
    spans: list[Span] = []
    for match in title_pattern().finditer(text):
        name = name_at(text, match.end(), strict=False)
        if not name:
            continue
        start = match.end()
        spans.append(Span(start, start + len(name), name, match.start(), match.end()))
        spans.extend(_list_continuation(text, start + len(name), (match.start(), match.end())))
    return spans


def _list_continuation(text: str, pos: int, title: tuple[int, int]) -> list[Span]:
    """Further names after ``、`` (or 和/及/与, when a follower closes the name) share the title
    before the first (市领导柴向东、祝书林; 省交通运输厅副厅长陈亚军、李树林)."""
    found: list[Span] = []
    pos = _after_note(text, pos)
    while pos < len(text) and (text[pos] == "、" or text[pos] in JOINERS):
        name = name_at(text, pos + 1, strict=True, titled=True)
        if not name or (text[pos] in JOINERS and not _closed_list_item(text, pos + 1 + len(name))):
            break
        start = pos + 1
        found.append(Span(start, start + len(name), name, title[0], title[1], True, "list"))
        pos = _after_note(text, start + len(name))
    return found


def _closed_list_item(text: str, end: int) -> bool:
    """Whether a name joined by 和/及/与 ends the way list items end (、, 等, a follower word)."""
    return follower_strength(text, end) == Follower.STRONG or text.startswith("等", end)


# Possessive {2,8}+: an item can only end where its run of Han characters ends (、 is not one of
# them), so giving characters back never helps; not trying it makes the scan twice as fast.
# An item may carry a note on the person (刘某(女)、…), skipped with it.
_PERSON_NOTE = rules.pattern("names", "person_note")
_ITEM = f"[{HAN}·]{{2,8}}+(?:{_PERSON_NOTE.pattern})?"
_LIST_RUN = re.compile(f"{_ITEM}(?:、{_ITEM})+")
_NOTE_AT_END = re.compile(f"(?:{_PERSON_NOTE.pattern})$")


def _after_note(text: str, pos: int) -> int:
    """``pos`` moved past a note on the person written after a name ((女), (蒙古族)), if any."""
    note = _PERSON_NOTE.match(text, pos)
    return note.end() if note else pos


def _bare_spans(text: str, lead: int) -> list[Span]:
    """Untitled names: 、-lists (韩明远、汪海川、邹俊文等) and a name opening a clause before a
    role verb (栾克勤主持召开…, 张坪讲话)."""
    spans: list[Span] = []
    for run in _LIST_RUN.finditer(text):
        spans.extend(_list_items(text, run.start(), run.end()))
    for i in _clause_starts(text, lead):
        name = name_at(text, i, strict=True, bare=True)
        if name and _opens_clause_as_subject(text, i + len(name)):
            spans.append(Span(i, i + len(name), name, how="bare"))
    return spans


def _opens_clause_as_subject(text: str, end: int) -> bool:
    """Whether what follows a lone name at a clause's start makes it the subject: a follower
    word (主持, 出席), a title and a follower (某某董事长出席), or a preposition whose clause goes on to an act (某某在会上讲话,
    某某向大会作了报告)."""
    if follower_strength(text, end) == Follower.STRONG:
        return True
    title = title_pattern().match(text, end)  # a title after the name (某某董事长出席)
    if title and follower_strength(text, title.end()) == Follower.STRONG:
        return True
    return text.startswith(_SUBJECT_PREPOSITIONS, end) and bool(_CLAUSE_ACT.match(text, end + 1))


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
    """Names in a 、-separated run, accepted only when every item reads as a name.

    The run may begin before its first name (约翰·布朗先生及汤姆、王平): the first item may
    also start after a joiner or a courtesy word inside the run's first segment.
    """
    first_break = text.find("、", start, end)
    for first in _first_item_starts(text, start, first_break):
        items = _list_items_from(text, first)
        if items:
            return items
    return []


def _first_item_starts(text: str, start: int, first_break: int) -> list[int]:
    """Where the first name of a 、-list may begin: the run's start, after 及/和/与 or
    先生/女士/同志 inside the first segment, or a name's length before its end (会议选出张某、…)."""
    starts = [start]
    for i in range(start + 1, first_break - 1):
        if text[i - 1] in JOINERS or text.startswith(_COURTESY, i - 2, i):
            starts.append(i)
    note = _NOTE_AT_END.search(text, start, first_break)
    segment_end = note.start() if note else first_break
    starts += [segment_end - n for n in (3, 2, 4) if segment_end - n > start and segment_end - n not in starts]
    return starts


def _list_items_from(text: str, start: int) -> list[Span]:
    items: list[Span] = []
    pos = start
    while True:
        name = name_at(text, pos, strict=True)
        if not name:
            return []
        items.append(Span(pos, pos + len(name), name, how="list"))
        pos = _after_note(text, pos + len(name))
        if pos < len(text) and text[pos] == "、":
            pos += 1
            continue
        break
    if len(items) < 2 or follower_strength(text, pos) == Follower.NONE or text.startswith(_NOT_PEOPLE_AFTER, pos):
        return []
    return items


def _suffixed_spans(text: str) -> list[Span]:
    """Names written before 总书记 (XX总书记重要讲话)."""
    spans: list[Span] = []
    if _SUFFIX_TITLE not in text:  # a quick test first: the regex costs a scan of every character
        return spans
    for match in _SUFFIXED_TITLE.finditer(text):
        name = match.group(1)
        if len(name) == 3 and not has_surname(name) and has_surname(name[1:]):
            name = name[1:]
        start = match.end() - len(name)
        if has_surname(name) and not is_common_word(name):
            spans.append(Span(start, match.end(), name, how="suffixed"))
    return spans


def _title_after_spans(text: str, lead: int) -> list[Span]:
    """Names written before their title inside a sentence (县纪委某某书记和县执法局某某副局长的
    带领下): the name follows a body's name, a joiner or a clause start, and a cue follows the title."""
    spans: list[Span] = []
    for match in title_pattern().finditer(text):
        if follower_strength(text, match.end()) == Follower.NONE:
            continue
        for length in (3, 2):
            start = match.start() - length
            if start < lead:
                continue
            before = text[start - 1] if start > lead else "。"
            if not (before in NAME_END_PUNCT or before in JOINERS or before in _BEFORE_NAME_AND_TITLE or before in _CLAUSE_START):
                continue
            if name_at(text, start, strict=True) == text[start : match.start()] and not _frequent_word(text[match.start() - 2 : match.start()]):
                spans.append(Span(start, match.start(), text[start : match.start()], how="suffixed"))
                break
    return spans


#: jieba frequency from which the end of a name written before its title is rather a word (部门主要负责人),
#: unless a place or time word, which given names often are (某中华, 某国庆).
_FREQUENT_WORD = 1000


def _frequent_word(text: str) -> bool:
    freq, tag = word_info(text)
    return freq >= _FREQUENT_WORD and not tag.startswith("nr") and tag not in {"ns", "nz", "t"}


def _known_spans(text: str, known: frozenset[str]) -> list[Span]:
    """Every occurrence of a name the document has already shown to be a name."""
    spans = []
    names = tuple(known)
    for name in names:
        start = text.find(name)  # non-overlapping occurrences, as re.finditer, with no regex to compile
        while start >= 0:
            end = start + len(name)
            if follower_strength(text, end) or text.startswith(names, end):
                spans.append(Span(start, end, name, how="known"))
            start = text.find(name, end)
    return spans


@memoized
def _text_spans(text: str, lead: int) -> tuple[Span, ...]:
    """Spans found from ``text`` alone (titles, 总书记, lists, clause openings); cached, since
    :func:`learn_names` and the extraction read every entry of a document twice."""
    return tuple(_titled_spans(text) + _suffixed_spans(text) + _title_after_spans(text, lead) + _bare_spans(text, lead))


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
    """Names a document shows to be names through titles, lists or role verbs, and
    transliterated names that open clauses before role verbs more than once.

    >>> from kg.model import Entry
    >>> e = Entry("d", 1, 0, 20, "市委书记韩明远主持会议。", "市委书记韩明远主持会议。", 1)
    >>> sorted(learn_names([e]))
    ['韩明远']
    """
    names: set[str] = set()
    openers: Counter[str] = Counter()
    for entry in entries:
        text, lead = analysis_text(entry)
        names.update(s.name for s in find_spans(text, lead, frozenset()))
        openers.update(_transliterated_openers(text, lead))
    names.update(name for name, seen in openers.items() if seen >= _REPEATED)
    return frozenset(names)


#: How often a transliterated name must open a clause before a role verb, with no title, before
#: the document is trusted to name a person by it (乌力吉巴雅尔主持…, later 乌力吉巴雅尔出席…).
_REPEATED = 2


def _transliterated_openers(text: str, lead: int) -> set[str]:
    """Transliterated names (no surname needed) opening a clause before a follower word."""
    found = set()
    for i in _clause_starts(text, lead):
        name = transliterated_name_at(text, i)
        if name and len(name) >= 3 and follower_strength(text, i + len(name)) == Follower.STRONG:
            found.add(name)
    return found



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
