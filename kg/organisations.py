"""Organisations named in an entry (…公司, …商会, …研究所, …厅): where their names begin and end.
A helper of the places stage, which reports them as places of kind ``org``."""

from __future__ import annotations

import re

from kg import rules
from kg.dates import ENTRY_MARKS

__all__ = ["ORGANISATION_SUFFIX", "organisation_spans"]

#: What ends an organisation's name (有限公司, 商会, 研究所, 委员会, 厅 …).
ORGANISATION_SUFFIX = re.compile(rules.value("places", "patterns.org_suffix"))
_FOLLOW = re.compile(rules.value("places", "patterns.org_follow"))
_BAD = re.compile(rules.value("places", "patterns.bad_org"))
_BOUNDARY = set("，,。；;、：:“”‘’《》（）()[]【】—" + ENTRY_MARKS)
# Words right before an organisation's name (a tuple for str.endswith, which is faster than a regex).
_BEFORE = rules.words("places", "organisations.before")


def organisation_spans(text: str, taken: list[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """Spans of organisations' names in ``text``: a name ending in a suffix, extended left to a
    boundary or a verb, never overlapping the ``taken`` spans (organisations already found).

    >>> text = "我市与中国联合工程有限公司举行座谈"
    >>> [text[s:e] for s, e in organisation_spans(text)]
    ['中国联合工程有限公司']
    """
    spans: list[tuple[int, int]] = []
    ranges = [range(s, e) for s, e in taken]
    for match in ORGANISATION_SUFFIX.finditer(text):
        start = _start(text, match.start())
        name = text[start:match.end()]
        if (len(name) < 4 or _BAD.search(name) or not _ends(text, match.end())
                or any(start in r or match.end() - 1 in r for r in ranges)):
            continue
        spans.append((start, match.end()))
        ranges.append(range(start, match.end()))
    return spans


def _start(text: str, end: int) -> int:
    """Where an organisation's name ending at ``end`` begins: after punctuation or a verb such as 会见."""
    start = end
    while start > 0 and end - start < 24 and text[start - 1] not in _BOUNDARY and not text[start - 1].isspace():
        if text.endswith(_BEFORE, 0, start):
            break
        start -= 1
    return start


def _ends(text: str, end: int) -> bool:
    """An organisation's name ends at a boundary, a title (…公司党委书记) or a verb (…集团举行)."""
    return end >= len(text) or text[end] in _BOUNDARY or text[end].isspace() or bool(_FOLLOW.match(text, end))
