"""Chinese text as the stages read it: the Han ranges, the one Traditional→Simplified path, the
same-length analysis copy, script detection, and cleaning of text as published.

Every stage finds words in a same-length *analysis copy* of the text (Simplified, half-width
ASCII), so an offset found there is valid in the text as written: provenance never drifts.
"""

from __future__ import annotations

import itertools
import operator
import re
from dataclasses import dataclass
from collections.abc import Callable

import zhconv

from kg.model import Script, TextMap

__all__ = [
    "HAN",
    "HAN_CHAR",
    "is_han",
    "han_count",
    "CharTable",
    "simplify",
    "simplify_char",
    "to_analysis",
    "detect_script",
    "clean_text",
    "clean",
    "Cleaned",
    "unwrap",
]

#: The Han character ranges, for regex character classes: CJK Extension A, the unified
#: ideographs and the compatibility ideographs (Traditional pages use a few of these).
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
HAN_CHAR = re.compile(f"[{HAN}]")
_NON_HAN = re.compile(f"[^{HAN}]+")

_INVISIBLE = re.compile("[\ufeff\u200b\u200c\u200d\u2060]")
_TONE = re.compile("[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿĀÁǍÀĒÉĚÈĪÍǏÌŌÓǑÒŪÚǓÙ]")
_GLOSS = re.compile(rf"(?<=[{HAN}])[(（]\s*[A-Za-zÀ-ɏ̀-ͯḿ]+(?:[\s'’][A-Za-zÀ-ɏ̀-ͯḿ]+)*\s*[)）]")


def is_han(char: str) -> bool:
    """Whether ``char`` is a Han character.

    >>> is_han("市"), is_han("縣"), is_han("A")
    (True, True, False)
    """
    return HAN_CHAR.match(char) is not None


def han_count(text: str | None) -> int:
    """How many Han characters ``text`` holds."""
    return len(HAN_CHAR.findall(text or ""))


class CharTable(dict):
    """A ``str.translate`` table that converts each character on first sight and keeps the result.

    ``str.translate`` looks characters up by code point and honours ``__missing__``, so one C-speed
    call replaces a Python-level join over the characters.
    """

    def __init__(self, convert: Callable[[str], str]):
        super().__init__()
        self._convert = convert

    def __missing__(self, code: int) -> str:
        value = self[code] = self._convert(chr(code))
        return value


def simplify_char(char: str) -> str:
    """One character in Simplified script (itself when zhconv would change the length).

    >>> simplify_char("縣"), simplify_char("县"), simplify_char("A")
    ('县', '县', 'A')
    """
    if ord(char) < 0x3400:
        return char
    out = zhconv.convert(char, "zh-cn")
    return out if len(out) == 1 else char


_SIMPLIFY = CharTable(simplify_char)


def simplify(text: str) -> str:
    """Text in Simplified script, character by character, so its length never changes.

    >>> simplify("竹溪縣委書記")
    '竹溪县委书记'
    """
    return text.translate(_SIMPLIFY)


def _analysis_char(char: str) -> str:
    if "\uff01" <= char <= "\uff5e":
        return chr(ord(char) - 0xFEE0)
    if char in "\u3000\xa0":
        return " "
    return simplify_char(char)


_ANALYSIS = CharTable(_analysis_char)


def to_analysis(text: str) -> str:
    """Same-length analysis copy: Simplified script, half-width ASCII letters/digits/punctuation.

    >>> to_analysis("１月５日　市委書記（周），")
    '1月5日 市委书记(周),'
    """
    return text.translate(_ANALYSIS)


def detect_script(text: str, analysis: str | None = None) -> Script:
    """Traditional when at least 3% (and 5) of the Han characters change under conversion.

    >>> detect_script("市委書記周霖率隊赴廣東省"), detect_script("市委书记周霖率队赴广东省")
    (<Script.HANT: 'Hant'>, <Script.HANS: 'Hans'>)
    """
    analysis = to_analysis(text) if analysis is None else analysis
    if text == analysis:  # nothing changed under conversion (most Simplified chronicles)
        return Script.HANS
    han = len(_NON_HAN.sub("", text))
    # The characters of text that differ from the analysis copy at the same offset, at C speed.
    differing = "".join(itertools.compress(text, map(operator.ne, text, analysis)))
    changed = len(_NON_HAN.sub("", differing))
    return Script.HANT if han and changed >= 5 and changed / han >= 0.03 else Script.HANS


_TRAILING_SPACE = re.compile(r"[^\S\n]+$", re.M)


@dataclass(frozen=True)
class Cleaned:
    """Text cleaned for reading (``text``: no pinyin glosses 鄉(xiāng), zero-width characters,
    trailing spaces or blank lines at the ends), the text as published with LF line ends, and the
    map from the one to the other.

    >>> c = clean("鄉(xiāng)村振兴  \\n乡镇")
    >>> c.text, c.published[c.map.published_offset(1)], c.published[c.map.published_offset(5)]
    ('鄉村振兴\\n乡镇\\n', '村', '乡')
    """

    text: str
    published: str
    map: TextMap


def clean(text: str) -> Cleaned:
    """Clean ``text`` (see :class:`Cleaned`), remembering what was removed where."""
    published = text.replace("\r\n", "\n").replace("\r", "\n")
    spans = [m.span() for m in _INVISIBLE.finditer(published)]
    spans += [m.span() for m in _GLOSS.finditer(published) if _TONE.search(m.group())]
    spans += [m.span() for m in _TRAILING_SPACE.finditer(published)]
    pieces, offsets, removed, position, total, length = [], [], [], 0, 0, 0
    for start, end in sorted(spans):
        start = max(start, position)
        if end <= start:
            continue
        pieces.append(published[position:start])
        length += start - position
        total += end - start
        offsets.append(length)
        removed.append(total)
        position = end
    pieces.append(published[position:])
    joined = "".join(pieces)
    body = joined.lstrip("\n")
    return Cleaned(body.rstrip("\n") + "\n", published, TextMap(len(joined) - len(body), tuple(offsets), tuple(removed)))


def clean_text(text: str) -> str:
    """Text as written, minus noise: LF line ends, no trailing spaces, no BOM, no pinyin glosses.

    >>> clean_text("鄉(xiāng)村振兴  \\r\\n乡（xiāng）镇(GDP)")
    '鄉村振兴\\n乡镇(GDP)\\n'
    """
    return clean(text).text


def unwrap(text: str) -> tuple[str, list[int] | None]:
    r"""The text without its line breaks (hard-wrapped text splits names: 孙\n爱军), and where
    each remaining character stands in the original (None when there was nothing to remove).

    >>> unwrap("院长孙\n爱军出席")
    ('院长孙爱军出席', [0, 1, 2, 4, 5, 6, 7, 8])
    """
    if "\n" not in text:
        return text, None
    kept = [i for i, ch in enumerate(text) if ch != "\n"]
    return "".join(text[i] for i in kept), kept + [len(text)]


