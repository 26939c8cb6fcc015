"""Extract stage: the persons named in each entry, with their titles, roles, and presence.

Names are never looked up in a list of people: they are recognised from the way chronicles
write them (a post title right before the name, lists joined by 、, a surname followed by a
role verb), then, once a document has shown a string to be a name, found by the name alone.
Roles come from the predicate that follows each group of names (主持 → chair, 调研/带领 →
lead, 讲话/致辞 → speaker, anything else → attendee); absence from the context (受…委托,
XX总书记重要讲话, appointments).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from kg.context import memoized
from kg.dates import ENTRY_MARKS
from kg.lexicon import compound_surnames, surnames, title_words
from kg.model import Document, Entry, ExtractedEntry, Mention, PlaceMention, Role
from kg.nlp import is_common_word, word_info
from kg.text import unwrap

__all__ = ["extract_document", "extract_entry", "learn_names", "event_types"]

_HAN = r"\u3400-\u4dbf\u4e00-\u9fff"
_IS_HAN = re.compile(f"[{_HAN}]")
_ALL_HAN = re.compile(f"[{_HAN}]*")  # fullmatch: every character is Han

#: Punctuation that ends a name.
_NAME_END_PUNCT = set("、,，。;；:：!！?？)）》〉」』 \t\n(（")

#: Words that commonly follow a personal name (verbs of taking part, joiners, adverbs).
_FOLLOWERS_STRONG = (
    "主持", "出席", "参加", "讲话", "致辞", "致词", "陪同", "一同", "一起", "一道", "一行", "带领",
    "带队", "率领", "率队", "深入", "来到", "到会", "到场", "前往", "赶赴", "会见", "会晤", "看望",
    "慰问", "走访", "调研", "考察", "检查", "视察", "察看", "查看", "巡视", "宣布", "推介", "介绍",
    "通报", "解读", "点评", "发表", "作了", "作专题", "作主旨", "作重要", "现场", "分别", "先后",
    "专程", "强调", "指出", "要求", "表示", "听取", "安排", "部署", "主讲", "授课", "出任", "调任",
    "当选", "共同", "亲切", "实地", "随后", "首先", "同志", "先生", "女士", "莅临", "亲临", "参观",
    "观看", "观摩", "签署", "签订", "见证", "揭牌", "颁发", "宴请", "接见", "会谈", "座谈", "交流",
    "指导", "督导", "督查", "召开", "主持召开", "总书记", "委托", "代表", "同市", "同省", "同县",
    "在", "向", "与", "和", "及", "等", "率", "到", "为", "就", "对", "还", "也", "又", "均", "同",
    "进行", "认真", "详细", "亲自", "同时", "提出", "希望", "主动", "专门", "带头", "作出", "获得", "荣获",
    "通过", "充分", "高度", "最后", "各自", "参与", "到达", "抵达", "返回", "出访", "访问", "率团", "会同",
    "接受", "回答", "暗访", "督办", "调度", "研究", "审议", "讨论", "动员", "宣讲", "讲授", "讲解", "宣读",
    "颁奖", "颁授", "授旗", "授牌", "剪彩", "总结", "围绕", "带来", "前来", "应邀", "看望", "出访", "致欢迎",
    "致开幕", "致闭幕", "主讲", "上党课", "作客", "作为", "指导", "立足", "结合", "坚持", "注重",
    "发布", "签发", "批示", "讲述", "谈到", "提议", "倡议", "号召", "接待", "迎接", "欢送", "送别", "启动",
    "按下", "点亮", "敲响", "鸣响", "揭开", "植树", "捐赠", "捐款", "献花", "敬献", "祭奠", "瞻仰", "体验",
    "乘坐", "登上", "走进", "入户", "出发", "启程", "回到", "列席", "旁听", "领学", "领读", "做客", "担任",
    "兼任", "入选", "发言", "答记者", "审阅", "审定", "签批", "督促", "勉励", "嘱托", "叮嘱", "鼓励", "感谢",
    "祝贺", "致以", "问候", "受邀", "特邀", "受聘", "获评", "被授予", "被评为", "一起", "亲手", "逐一",
    "并", "作", "赴", "将", "曾", "专", "陪", "来", "应", "已", "经", "于", "给", "被", "从", "以", "回", "的",
)
_FOLLOWERS_SINGLE = frozenset(w for w in _FOLLOWERS_STRONG if len(w) == 1)
_FOLLOWERS_MULTI = tuple(w for w in _FOLLOWERS_STRONG if len(w) > 1)


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

#: Single-character followers that never end a name: 尹方等参加 is 尹方, not 尹方等.
_NEVER_LAST = frozenset("等及率在到就对还也又均并将从被给把与的")

#: Characters that are surnames but far more often function words at a name's position.
_WEAK_SURNAMES = frozenset("和与及同在向为等并将对从由以也还都又就是有各全本该其上下中前后共来过到那于代时相所开成能应信")

#: Characters that end organisations and places, never a personal name.
_ORG_OR_PLACE_END = frozenset("省市县区州镇乡村委会局厅部处院校馆站所办司组队团社厂街路奖")

#: Words after which a clause's subject or agent follows (会议由张三主持, 受李四委托).
_NAME_INTRODUCERS = ("由", "邀请", "受")

_CLAUSE_START = set("。;；!！?？,，:：\n、 " + ENTRY_MARKS)
_AFTER_CLAUSE_START = re.compile("[" + "".join(map(re.escape, sorted(_CLAUSE_START))) + "]")

_SENTENCE_END = re.compile(r"[。;；!！?？\n]")
_BOOK_TITLE = re.compile(r"《[^》]*》")
_CHAIR = re.compile(r"主持(?!人)")
_LEAD = re.compile(
    r"调研|考察|检查|督查|督导|视察|巡视|察看|查看|深入|来到|走访|慰问|看望|带领|带队|率队|率领|率(?!先)|一行|凭吊|专程|蒞临|莅临"
    r"|^到[^。;；,，]{1,20}?(?:开展|指导)"
)
_LEAD_OPENING = re.compile(
    r"宣布[^。;；]{0,24}?(?:开幕|开赛|开街|开班|开工|开馆|开园|开业|开通|下线|启动|成立|闭幕|开营|开播)"
)
_SPEAKER = re.compile(
    r"讲话|致辞|致词|作[了]?[^。;；,，]{0,10}报告|主旨报告|演讲|推介|解读|安排部署|安排[^。;；]{0,30}工作|部署[^。;；]{0,10}工作"
    r"|介绍|点评|发言|通报|授课|宣讲|讲课|讲座|作[^。;；,，]{0,6}动员|辅导报告|强调|指出|汇报"
)
_ATTEND_FIRST = re.compile(r"^(?:等|及|和|分别)?(?:一同|陪同|随同|一起|一道|参加|出席|到场|同)")
_HOSTING_VERB_AT_END = re.compile(r"(?:(?:并|和)?(?:看望|慰问|会见|接见|宴请|会晤|陪同|拜会|拜访|欢迎)了?)+$")
_APPOINTMENT_BEFORE = re.compile(r"(?:任命|提名|提命|推荐|免去|选举|决定)[^。;；]*$")
_APPOINTMENT_PREDICATE = re.compile(r"^(?:分别)?(?:调任|出任|当选|不再担任|改任|免去)")
#: 为/任 + post is an appointment only in a sentence that appoints (省委任命甲为…,乙为…);
#: elsewhere 由甲任组长的督导组 is a person taking part.
_APPOINTED_AS = re.compile(r"^(?:分别)?(?:为|任)")
_APPOINTING_SENTENCE = re.compile(r"任命|提名|提命|推荐|选举|决定|调任")
_TALKED_ABOUT_AFTER = re.compile(
    r"^(?:总书记(?!来到|莅临|亲临|到)|(?:同志|主席|总理)?的?(?:重要|系列|关于|讲话精神|指示|批示|论述|诞辰|逝世|事迹|生平"
    r"|思想|著作|文章|在[^。;；]{0,30}?(?:讲话|时)))"
)
_DELEGATED_BEFORE = re.compile(r"受$")
_DELEGATED_AFTER = re.compile(r"^(?:同志)?委托")
_SUFFIXED_TITLE = re.compile(f"([{_HAN}]{{2,3}})(?=总书记)")
_VERB_BEFORE_TITLE = re.compile(r"(?:会见|会晤|接见|看望|慰问|陪同|邀请|宴请|欢迎|考察|调研)了?|还有|的有")
_ESCORTED = re.compile(r"在([^。;；]{2,120}?)的?陪同下")
_COMPANION_BEFORE = re.compile(r"[与同和及]$")
_GROUP_GAP = re.compile(r"^(?:先生|女士|同志|等)?[、,，和及与同\s]*(?:以及)?$")
_LEADIN_TRIM = re.compile(
    r"(?:[、,，和及与同并]|以及|会同|会见|接见|看望|慰问|陪同|邀请|由|在|向|等|还有|先生|女士|同志|一行|其中)+"
)

#: What is being studied (总书记视察甘肃重要讲话精神) says nothing about the kind of event.
_STUDIED = re.compile(r"(?:总书记|同志)[^。;；]*?(?:讲话|指示|批示|论述|精神)")

_EVENT_TYPES = (
    ("Meeting", re.compile(r"会议|座谈会|常务会|汇报会|推进会|调度会|联席会|见面会|通报会|工作会|大会|会商|座谈")),
    ("Inspection", re.compile(r"调研|考察|检查|督查|视察|察看|巡视|督导")),
    ("Ceremony", re.compile(r"仪式|开幕|揭牌|开工|开街|开赛|下线|颁奖|授牌|纪念章|开班|启动|开馆")),
    ("Signing", re.compile(r"签约|签订|签署|协议|意向书")),
    ("Forum", re.compile(r"论坛|年会|研讨会|交流会|推介会|洽谈会|博览会|峰会|嘉年华|节")),
    ("Visit", re.compile(r"慰问|看望|走访|凭吊|会见|宴请")),
    ("Training", re.compile(r"培训|授课|讲座|学习会|专题班|研修")),
)


class _Span(NamedTuple):
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


def _follower_strength(text: str, i: int) -> int:
    """2 if ``text[i:]`` begins with punctuation or a multi-character follower, 1 for a
    single-character follower, 0 otherwise."""
    if i >= len(text) or text[i] in _NAME_END_PUNCT:
        return 2
    first = text[i]
    if text.startswith(_FOLLOWERS_MULTI_AT.get(first, ()), i):
        return 2
    if first in _FOLLOWERS_SINGLE:
        return 1
    if text.startswith(_titles_at().get(first, ()), i):  # XX总书记, 张三书记
        return 1
    return 0


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


_FOREIGN_NAME = re.compile(f"[{_HAN}]{{1,8}}(?:·[{_HAN}]{{1,10}})+")


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
        if _follower_strength(text, pos + len(head) + 1 + length) == 2:
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
    strong = [n for n, s in scored if s == 2]
    weak = [n for n, s in scored if s == 1]
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
    closed = closed or (not strict and _follower_strength(text, after) == 2)
    return name if _plausible_name(name, strict=strict, bare=bare, closed=closed) else None


def _titled_spans(text: str) -> list[_Span]:
    """Names written right after a post title (市委副书记、市长秦丽华), and the 、-lists after them."""
    spans: list[_Span] = []
    for match in _title_pattern().finditer(text):
        name = _name_at(text, match.end(), strict=False)
        if not name:
            continue
        start = match.end()
        spans.append(_Span(start, start + len(name), name, match.start(), match.end()))
        spans.extend(_list_continuation(text, start + len(name), (match.start(), match.end())))
    return spans


def _list_continuation(text: str, pos: int, title: tuple[int, int]) -> list[_Span]:
    """Further names after ``、`` share the title before the first (市领导柴向东、祝书林;
    省交通运输厅副厅长陈亚军、李树林)."""
    found: list[_Span] = []
    while pos < len(text) and text[pos] == "、":
        name = _name_at(text, pos + 1, strict=True)
        if not name:
            break
        start = pos + 1
        found.append(_Span(start, start + len(name), name, title[0], title[1], True, "list"))
        pos = start + len(name)
    return found


# Possessive {2,8}+: an item can only end where its run of Han characters ends (、 is not one of
# them), so giving characters back never helps; not trying it makes the scan twice as fast.
_LIST_RUN = re.compile(f"[{_HAN}·]{{2,8}}+(?:、[{_HAN}·]{{2,8}}+)+")


def _bare_spans(text: str, lead: int) -> list[_Span]:
    """Untitled names: 、-lists (韩明远、汪海川、邹俊文等) and a name opening a clause before a
    role verb (栾克勤主持召开…, 张坪讲话)."""
    spans: list[_Span] = []
    for run in _LIST_RUN.finditer(text):
        spans.extend(_list_items(text, run.start(), run.end()))
    for i in _clause_starts(text, lead):
        name = _name_at(text, i, strict=True, bare=True)
        if name and _follower_strength(text, i + len(name)) == 2:
            spans.append(_Span(i, i + len(name), name, how="bare"))
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


def _list_items(text: str, start: int, end: int) -> list[_Span]:
    """Names in a 、-separated run, accepted only when every item reads as a name."""
    items: list[_Span] = []
    pos = start
    while True:
        name = _name_at(text, pos, strict=True)
        if not name:
            return []
        items.append(_Span(pos, pos + len(name), name, how="list"))
        pos += len(name)
        if pos < len(text) and text[pos] == "、":
            pos += 1
            continue
        break
    if len(items) < 2 or _follower_strength(text, pos) == 0:
        return []
    return items


def _suffixed_spans(text: str) -> list[_Span]:
    """Names written before 总书记 (XX总书记重要讲话)."""
    spans: list[_Span] = []
    if "总书记" not in text:  # a quick test first: the regex costs a scan of every character
        return spans
    for match in _SUFFIXED_TITLE.finditer(text):
        name = match.group(1)
        if len(name) == 3 and not _has_surname(name) and _has_surname(name[1:]):
            name = name[1:]
        start = match.end() - len(name)
        if _has_surname(name) and not is_common_word(name):
            spans.append(_Span(start, match.end(), name, how="suffixed"))
    return spans


def _known_spans(text: str, known: frozenset[str]) -> list[_Span]:
    """Every occurrence of a name the document has already shown to be a name."""
    spans = []
    names = tuple(known)
    for name in names:
        start = text.find(name)  # non-overlapping occurrences, as re.finditer, with no regex to compile
        while start >= 0:
            end = start + len(name)
            if _follower_strength(text, end) or text.startswith(names, end):
                spans.append(_Span(start, end, name, how="known"))
            start = text.find(name, end)
    return spans


@memoized
def _text_spans(text: str, lead: int) -> tuple[_Span, ...]:
    """Spans found from ``text`` alone (titles, 总书记, lists, clause openings); cached, since
    :func:`learn_names` and the extraction read every entry of a document twice."""
    return tuple(_titled_spans(text) + _suffixed_spans(text) + _bare_spans(text, lead))


def _find_spans(text: str, lead: int, known: frozenset[str]) -> list[_Span]:
    """All name spans in ``text``, overlaps resolved in favour of titled, then longer, names."""
    found = list(_text_spans(text, lead))
    candidates = found + _known_spans(text, known | {s.name for s in found})
    rank = {"titled": 0, "list": 1, "suffixed": 1, "known": 2, "bare": 3}
    candidates.sort(key=lambda s: (rank[s.how], -(s.end - s.start), s.start))
    taken: list[_Span] = []
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
        text, lead = _analysis_text(entry)
        names.update(s.name for s in _find_spans(text, lead, frozenset()))
    return frozenset(names)


def _title_start(text: str, lead: int, span: _Span, previous_end: int) -> int | None:
    """Where the title before a name begins: back to punctuation or the previous name."""
    if span.title_start is None:
        return None
    floor = max(previous_end, 0)
    i = span.title_start
    while i > floor:
        ch = text[i - 1]
        if ch in ",，。;；:：(（“”《》\n " or ch in ENTRY_MARKS or (ch == "、" and not _ends_with_title(text, i - 1)):
            break
        i -= 1
    verbs = list(_VERB_BEFORE_TITLE.finditer(text, i, span.title_start))
    if verbs:
        i = verbs[-1].end()
    trimmed = _LEADIN_TRIM.match(text, i)
    if trimmed and trimmed.end() <= span.title_start:
        i = trimmed.end()
    return max(i, lead)


def _ends_with_title(text: str, i: int) -> bool:
    return text.endswith(title_words(), 0, i)


@dataclass(frozen=True)
class _Group:
    spans: tuple[_Span, ...]
    predicate: str
    companion: bool  # introduced by 与/同/和 after another group: a host's guests


def _groups(text: str, spans: list[_Span], leadins: list[int]) -> list[_Group]:
    """Names joined only by 、 , 和 及 form a group that shares the predicate after it."""
    groups: list[list[int]] = []
    for i, span in enumerate(spans):
        if groups:
            gap = text[spans[i - 1].end : leadins[i]]
            if _GROUP_GAP.match(gap) and not _SENTENCE_END.search(gap):
                groups[-1].append(i)
                continue
        groups.append([i])
    escorts = [m.span(1) for m in _ESCORTED.finditer(text)] if "陪同下" in text else []  # quick test first
    result = []
    for g, members in enumerate(groups):
        first, last_end = leadins[members[0]], spans[members[-1]].end
        sentence = _SENTENCE_END.search(text, last_end)
        stop = sentence.start() if sentence else len(text)
        if g + 1 < len(groups):
            stop = min(stop, leadins[groups[g + 1][0]])
        predicate = text[last_end:stop]
        before = text[max(0, first - 3) : first]
        companion = bool(g) and bool(_COMPANION_BEFORE.search(before))
        if any(a <= first < b for a, b in escorts):  # 在…的陪同下: the escorts attend
            predicate, companion = "陪同", True
        else:
            predicate = _escorted_predicate(text, escorts, last_end, stop) or predicate
        result.append(_Group(tuple(spans[m] for m in members), predicate, companion))
    return result


def _escorted_predicate(text: str, escorts: list[tuple[int, int]], name_end: int, stop: int) -> str | None:
    """For a principal escorted by others (…孙某在…的陪同下,调研…), the predicate after 陪同下."""
    for start, end in escorts:
        if name_end < start <= stop + 1 and not text[name_end : start - 1].strip("等"):
            tail_start = text.find("陪同下", end) + 3
            tail_end = _SENTENCE_END.search(text, tail_start)
            return text[tail_start : tail_end.start() if tail_end else len(text)]
    return None


_TOWARDS = re.compile(r"向[^。;；,，]{1,16}?(?=现场|当面)?(?=介绍|推介|汇报|致以|表示|颁发|赠送|讲解)")


def _role(predicate: str, companion: bool) -> tuple[Role, str]:
    """The strongest role a predicate gives its subjects, and the cue that decided it.

    >>> _role("主持会议并讲话", False)
    (<Role.CHAIR: 'chair'>, '主持')
    >>> _role("一同调研", False)
    (<Role.ATTENDEE: 'attendee'>, '')
    >>> _role("出席并宣布第二届山丹炒拨拉节开幕", False)[0]
    <Role.LEAD: 'lead'>
    """
    predicate = _TOWARDS.sub("", predicate)
    if m := _CHAIR.search(predicate):
        return Role.CHAIR, m.group(0)
    if m := _LEAD_OPENING.search(predicate):
        return Role.LEAD, m.group(0)
    if not companion and not _ATTEND_FIRST.match(predicate):
        body = _HOSTING_VERB_AT_END.sub("", predicate)
        if m := _LEAD.search(body):
            return Role.LEAD, m.group(0)
    if m := _SPEAKER.search(predicate):
        return Role.SPEAKER, m.group(0)
    return Role.ATTENDEE, ""


def _absence(text: str, span: _Span, predicate: str, book_titles: list[tuple[int, int]]) -> str:
    """Why a named person is not taking part, or "" when they are."""
    before, after = text[: span.start], text[span.end :]
    if any(a <= span.start and span.end <= b for a, b in book_titles):
        return "named in a title 《…》"
    if _DELEGATED_BEFORE.search(before[-2:]) and _DELEGATED_AFTER.match(after):  # 受$ looks at the end only
        return "delegated (受…委托)"
    if _TALKED_ABOUT_AFTER.match(after):
        return "speech or instruction studied"
    clause_start = max(map(before.rfind, "。;；,，"))
    if _APPOINTMENT_BEFORE.search(before[clause_start + 1 :]) or _APPOINTMENT_PREDICATE.match(predicate):
        return "appointment announced"
    sentence_start = max(map(before.rfind, "。;；"))
    if _APPOINTED_AS.match(predicate) and _APPOINTING_SENTENCE.search(before[sentence_start + 1 :] + predicate):
        return "appointment announced"
    return ""


def event_types(text: str) -> tuple[str, ...]:
    """Kinds of event the entry text makes plain, in a fixed order.

    >>> event_types("张掖市招商引资推介暨重点项目签约仪式在兰举行")
    ('Ceremony', 'Signing')
    """
    head = _SENTENCE_END.split(text, 1)[0]
    head = _STUDIED.sub("", _BOOK_TITLE.sub("", head))
    return tuple(kind for kind, pattern in _EVENT_TYPES if pattern.search(head))


def _lead_in(entry: Entry, positions: list[int] | None) -> int:
    """Where the entry's own words begin in its text without line breaks (``Entry.lead_end``)."""
    if positions is None:
        return entry.lead_end
    return sum(1 for i in positions[:-1] if i < entry.lead_end)


def _analysis_text(entry: Entry) -> tuple[str, int]:
    """The entry's analysis text without line breaks, and where its own words begin there."""
    text, positions = unwrap(entry.simplified)
    return text, _lead_in(entry, positions)


def _mentions(entry: Entry, known: frozenset[str]) -> tuple[Mention, ...]:
    text, positions = unwrap(entry.simplified)
    lead = _lead_in(entry, positions)

    def original(i: int, *, end: bool = False) -> int:
        if positions is None:
            return i
        return positions[i - 1] + 1 if end else positions[i]

    spans = _find_spans(text, lead, known)
    if not spans:
        return ()
    leadins, previous_end = [], 0
    starts: list[int | None] = []
    shared_title: dict[int, int] = {}  # a collective title (市领导) read once for its whole list
    for span in spans:
        if span.how == "list" and span.title_end in shared_title:
            start = shared_title[span.title_end]
        else:
            start = _title_start(text, lead, span, previous_end)
            if start is not None:
                shared_title[span.title_end] = start
        starts.append(start)
        leadins.append(start if start is not None else span.start)
        previous_end = span.end
    book_titles = [m.span() for m in _BOOK_TITLE.finditer(text)]
    by_span: dict[int, tuple[Role | None, str]] = {}
    for group in _groups(text, spans, leadins):
        role, cue = _role(group.predicate, group.companion)
        for span in group.spans:
            why = _absence(text, span, group.predicate, book_titles)
            by_span[span.start] = (None, why) if why else (role, cue)
    raw = []
    for span, title_start in zip(spans, starts):
        role, cue = by_span[span.start]
        start, end = original(span.start), original(span.end, end=True)
        title = None
        if title_start is not None:
            title = entry.text[original(title_start) : original(span.title_end, end=True)].replace("\n", "")
        raw.append(
            Mention(
                doc_id=entry.doc_id,
                entry_index=entry.index,
                start=start,
                end=end,
                name=entry.text[start:end].replace("\n", ""),
                name_simplified=span.name,
                title=title or None,
                role=role,
                evidence=cue,
            )
        )
    return _merge_by_person(raw)


def _merge_by_person(mentions: list[Mention]) -> tuple[Mention, ...]:
    """One mention per person per entry: present if present anywhere, strongest role, first title."""
    merged: dict[str, Mention] = {}
    for m in mentions:
        old = merged.get(m.name_simplified)
        if old is None:
            merged[m.name_simplified] = m
            continue
        roles = [x.role for x in (old, m) if x.role is not None]
        role = max(roles, key=lambda r: r.strength) if roles else None
        first = old if (old.present or not m.present) else m
        merged[m.name_simplified] = Mention(
            first.doc_id, first.entry_index, first.start, first.end, first.name, first.name_simplified,
            title=old.title or m.title, role=role,
            evidence=old.evidence if old.role == role else m.evidence,
        )
    return tuple(merged.values())


def extract_entry(entry: Entry, known: frozenset[str] = frozenset(), places: tuple[PlaceMention, ...] = ()) -> ExtractedEntry:
    """People (with titles, roles, presence) and event types of one entry.

    ``known`` holds names learned elsewhere in the document, found here by the name alone.

    >>> from kg.model import Entry
    >>> text = "2日,韩明远主持会议,秦丽华安排整改工作,汪海川、邹俊文、柴向东等出席会议。"
    >>> e = extract_entry(Entry("d", 1, 0, len(text), text, text, 1))
    >>> [(m.name, m.role.value) for m in e.present]
    [('韩明远', 'chair'), ('秦丽华', 'speaker'), ('汪海川', 'attendee'), ('邹俊文', 'attendee'), ('柴向东', 'attendee')]
    """
    return ExtractedEntry(entry, _mentions(entry, known), places, event_types(entry.simplified))


def extract_document(document: Document, entries: tuple[Entry, ...]) -> tuple[ExtractedEntry, ...]:
    """Extract every entry of a document: learn its names first, then read each entry.

    Places are another stage's work (:func:`kg.places.locate_document`); the pipeline joins them.
    """
    known = learn_names(entries)
    return tuple(extract_entry(e, known) for e in entries)
