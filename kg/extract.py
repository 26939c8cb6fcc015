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

from kg import rules
from kg.lexicon import title_words
from kg.dates import ENTRY_MARKS
from kg.model import Document, Entry, EventType, ExtractedEntry, Mention, PlaceMention, Role
from kg.names import Span, analysis_text, ends_with_title, find_spans, learn_names
from kg.text import unwrap
from kg.titles import bound_title

__all__ = ["extract_document", "extract_entry", "learn_names", "event_types"]

_SENTENCE_END = re.compile(r"[。;；!！?？\n]")
_BOOK_TITLE = re.compile(r"《[^》]*》")
_CHAIR, _LEAD, _LEAD_OPENING, _LEAD_VISIT, _SPEAKER, _ATTEND_FIRST, _HOSTING_FIRST, _HOSTING_VERB_AT_END, _TOWARDS = (
    rules.pattern("roles", f"roles.{key}") for key in
    ("chair", "lead", "lead_opening", "lead_visit", "speaker", "attend_first", "hosting_first", "hosting_verb_at_end",
     "towards"))
(_APPOINTMENT_BEFORE, _APPOINTMENT_PREDICATE, _APPOINTING_SENTENCE,
 _DELEGATED_BEFORE, _DELEGATED_AFTER, _STUDIED) = (
    rules.pattern("roles", f"absence.{key}") for key in
    ("appointment_before", "appointment_predicate", "appointing_sentence",
     "delegated_before", "delegated_after", "studied"))
_VERB_BEFORE_TITLE, _ESCORTED, _COMPANION_BEFORE, _GROUP_GAP, _LEADIN_TRIM = (
    rules.pattern("roles", f"groups.{key}") for key in
    ("verb_before_title", "escorted", "companion_before", "group_gap", "leadin_trim"))
_INSTRUCTED, _AUTHORED, _DIED, _DECEASED_BEFORE = (
    rules.pattern("roles", f"absence.{key}") for key in ("instructed", "authored", "died", "deceased_before"))
_ENTOURAGE_JOINER, _MEETS_BEFORE, _LED_BY, _VISITOR, _VISITING_GROUP = (
    rules.pattern("roles", f"groups.{key}") for key in ("entourage_joiner", "meets_before", "led_by", "visitor",
                                                         "visiting_group"))
_GROUP_HEADS = frozenset(rules.words("roles", "groups.group_heads"))
_ESCORTED_WORD = rules.value("roles", "groups.escorted_word")
_TITLES_AND_COURTESY = frozenset(title_words()) | {"先生", "女士", "同志"}
_EVENT_TYPES = tuple((EventType(name), rules.pattern("events", f"types.{name}")) for name in rules.value("events", "types"))


def _title_start(text: str, lead: int, span: Span, previous_end: int) -> int | None:
    """Where the title before a name begins: back to punctuation or the previous name."""
    if span.title_start is None:
        return None
    floor = max(previous_end, 0)
    i = span.title_start
    while i > floor:
        ch = text[i - 1]
        if ch in ",，。;；:：(（“”《》\n " or ch in ENTRY_MARKS or (ch == "、" and not ends_with_title(text, i - 1)):
            break
        i -= 1
    verbs = list(_VERB_BEFORE_TITLE.finditer(text, i, span.title_start))
    if verbs:
        i = verbs[-1].end()
    trimmed = _LEADIN_TRIM.match(text, i)
    if trimmed and trimmed.end() <= span.title_start:
        i = trimmed.end()
    return max(i, lead)


@dataclass(frozen=True)
class _Group:
    spans: tuple[Span, ...]
    predicate: str
    companion: bool  # introduced by 与/同/和 after another group: a host's guests
    guest: bool = False  # named after a meeting verb (会见…某某): the visitor
    object_named: bool = False  # the predicate runs into the next names (看望某某): they are its object


def _groups(text: str, spans: list[Span], leadins: list[int]) -> list[_Group]:
    """Names joined only by 、 , 和 及 form a group that shares the predicate after it."""
    groups: list[list[int]] = []
    for i, span in enumerate(spans):
        if groups:
            gap = text[spans[i - 1].end : leadins[i]]
            if (_GROUP_GAP.match(gap) and not _SENTENCE_END.search(gap)) or _titles_between(spans[i - 1], span, gap):
                groups[-1].append(i)
                continue
        groups.append([i])
    escorts = [m.span(1) for m in _ESCORTED.finditer(text)] if _ESCORTED_WORD in text else []  # quick test first
    leaders = [m.span(1) for m in _LED_BY.finditer(text)] if "领下" in text else []
    result = []
    for g, members in enumerate(groups):
        first, last_end = leadins[members[0]], spans[members[-1]].end
        sentence = _SENTENCE_END.search(text, last_end)
        stop = sentence.start() if sentence else len(text)
        object_named = g + 1 < len(groups) and leadins[groups[g + 1][0]] <= stop
        if g + 1 < len(groups):
            stop = min(stop, leadins[groups[g + 1][0]])
        predicate = text[last_end:stop]
        before = text[max(0, first - 3) : first]
        companion = bool(g) and bool(_COMPANION_BEFORE.search(before))
        previous_end = spans[groups[g - 1][-1]].end if g else 0
        guest = not companion and bool(_MEETS_BEFORE.search(text, previous_end, first))
        if any(a <= first < b for a, b in escorts):  # 在…的陪同下: the escorts attend
            predicate, companion = "陪同", True
        elif any(a <= first < b for a, b in leaders):  # 在…的带领下: they lead
            predicate, companion = "带领", False
        else:
            predicate = _escorted_predicate(text, escorts, last_end, stop) or predicate
        result.append(_Group(tuple(spans[m] for m in members), predicate, companion, guest, object_named))
    return result


def _titles_between(previous: Span, span: Span, gap: str) -> bool:
    """Two names written before their titles, joined (某某书记和县执法局某某副局长): one group."""
    return previous.how == span.how == "suffixed" and bool(_with_titles("titles_between", "groups").match(gap))


def _escorted_predicate(text: str, escorts: list[tuple[int, int]], name_end: int, stop: int) -> str | None:
    """For a principal escorted by others (…孙某在…的陪同下,调研…), the predicate after 陪同下."""
    for start, end in escorts:
        between = text[name_end : start - 1].strip("等")
        if name_end < start <= stop + 1 and (not between or between in _TITLES_AND_COURTESY):
            tail_start = text.find(_ESCORTED_WORD, end) + len(_ESCORTED_WORD)
            tail_end = _SENTENCE_END.search(text, tail_start)
            return text[tail_start : tail_end.start() if tail_end else len(text)]
    return None




def _entourage_start(text: str, spans: tuple[Span, ...]) -> int:
    """In a group that leads, the first member joined by 及 (甲先生及乙、丙等先生来访): from there
    on the members are the principal's party, who attend."""
    for k in range(1, len(spans)):
        if _ENTOURAGE_JOINER.search(text, spans[k - 1].end, spans[k].start):
            return k
    return len(spans)


def _heads_a_visiting_group(text: str, span: Span) -> bool:
    """Whether the name's title heads a group that the entry says came (代表团一行来县考察,
    团长某某与县长…会谈): the head of a visiting delegation leads."""
    return (span.title_start is not None and text[span.title_start : span.title_end] in _GROUP_HEADS
            and bool(_VISITING_GROUP.search(text)))


def _role(predicate: str, companion: bool, guest: bool = False, object_named: bool = False,
          object_is_guest: bool = False) -> tuple[Role, str]:
    """The strongest role a predicate gives its subjects, and the cue that decided it.

    ``object_named``: the predicate runs into the names it acts on; ``object_is_guest``: they are
    visitors (某某一行, or who lead elsewhere in the entry), so 看望/会见 at the end is a host's.

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
    if not companion and not _ATTEND_FIRST.match(predicate) and not _HOSTING_FIRST.match(predicate):
        if not object_named and (m := _LEAD_VISIT.match(predicate)):  # 到医院看望, not 前往饭店看望某某
            return Role.LEAD, m.group(0)
        body = _HOSTING_VERB_AT_END.sub("", predicate) if object_is_guest or not object_named else predicate
        if m := _LEAD.search(body):
            return Role.LEAD, m.group(0)
    if guest and not _SPEAKER.search(predicate):
        return Role.LEAD, "会见"
    if m := _SPEAKER.search(predicate):
        return Role.SPEAKER, m.group(0)
    return Role.ATTENDEE, ""


def _absence(text: str, span: Span, predicate: str, book_titles: list[tuple[int, int]], leadin: int) -> str:
    """Why a named person is not taking part, or "" when they are (``leadin``: where the name's
    title begins, or the name)."""
    before, after = text[: span.start], text[span.end :]
    if any(a <= span.start and span.end <= b for a, b in book_titles):
        return "named in a title 《…》"
    before_title = text[:leadin]
    if _DELEGATED_BEFORE.search(before_title[-2:]) and _DELEGATED_AFTER.match(after):  # 受$ looks at the end only
        return "delegated (受…委托)"
    if _with_titles("talked_about_after").match(after):
        return "speech or instruction studied"
    if _INSTRUCTED.match(predicate):
        return "instruction issued (作出批示)"
    if _AUTHORED.match(predicate):
        return "author of a work named"
    clause_start = max(map(before.rfind, "。;；,，"))
    if _DIED.match(predicate) or _DECEASED_BEFORE.search(before[clause_start + 1 :]):
        return "remembered, not present"
    if _APPOINTMENT_BEFORE.search(before[clause_start + 1 :]) or _APPOINTMENT_PREDICATE.match(predicate):
        return "appointment announced"
    if _with_titles("takes_post").match(predicate):
        return "appointment announced"
    sentence_start = max(map(before.rfind, "。;；"))
    if _with_titles("appointed_as").match(predicate) and _APPOINTING_SENTENCE.search(before[sentence_start + 1 :] + predicate):
        return "appointment announced"
    return ""


@lru_cache(maxsize=None)
def _with_titles(key: str, table: str = "absence") -> re.Pattern[str]:
    """An absence pattern whose ``{TITLES}`` stands for every post title of kg/rules/titles.txt
    (县长某某任县委书记, 传达某某书记讲话精神)."""
    return re.compile(rules.regex("roles", f"{table}.{key}").replace("{TITLES}", rules.alternation(title_words())))


def event_types(text: str) -> tuple[EventType, ...]:
    """Kinds of event the entry's first sentence makes plain, in the table's order.

    >>> event_types("张掖市招商引资推介暨重点项目签约仪式在兰举行")
    (<EventType.CEREMONY: 'Ceremony'>, <EventType.SIGNING: 'Signing'>)
    >>> event_types("市委书记会见客商一行")
    (<EventType.MEETING: 'Meeting'>,)
    """
    head = _SENTENCE_END.split(text, 1)[0]
    head = _STUDIED.sub("", _BOOK_TITLE.sub("", head))
    return tuple(kind for kind, pattern in _EVENT_TYPES if pattern.search(head))


def _bounded(text: str, start: int | None, end: int | None) -> int | None:
    """Where the title ``text[start:end]`` really begins: never at a count or a phrase of other
    people before it (106家企业负责人和陇商联合会会长 → 陇商联合会会长), as the title parser reads it."""
    if start is None or end is None:
        return start
    written = text[start:end]
    return start + len(written) - len(bound_title(written))


def _mentions(entry: Entry, known: frozenset[str]) -> tuple[Mention, ...]:
    text, lead = analysis_text(entry)
    positions = unwrap(entry.simplified)[1]

    def original(i: int, *, end: bool = False) -> int:
        if positions is None:
            return i
        return positions[i - 1] + 1 if end else positions[i]

    spans = find_spans(text, lead, known)
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
        starts.append(_bounded(text, start, span.title_end))
        leadins.append(start if start is not None else span.start)
        previous_end = span.end
    book_titles = [m.span() for m in _BOOK_TITLE.finditer(text)]
    leadin_of = {span.start: leadin for span, leadin in zip(spans, leadins)}
    by_span: dict[int, tuple[Role | None, str]] = {}
    groups = _groups(text, spans, leadins)
    leads: set[str] = set()
    for g, group in enumerate(groups):
        guests = groups[g + 1] if group.object_named else None
        object_is_guest = guests is not None and (
            bool(_VISITOR.match(guests.predicate)) or any(s.name in leads for s in guests.spans))
        role, cue = _role(group.predicate, group.companion, group.guest, group.object_named, object_is_guest)
        if role == Role.LEAD:
            leads.update(s.name for s in group.spans)
        entourage = _entourage_start(text, group.spans) if role == Role.LEAD else len(group.spans)
        for k, span in enumerate(group.spans):
            why = _absence(text, span, group.predicate, book_titles, leadin_of[span.start])
            member_role, member_cue = (role, cue) if k < entourage else (Role.ATTENDEE, "")
            if member_role == Role.ATTENDEE and not group.companion and _heads_a_visiting_group(text, span):
                member_role, member_cue = Role.LEAD, text[span.title_start : span.title_end]
            by_span[span.start] = (None, why) if why else (member_role, member_cue)
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
