"""Pinyin for personal names (surnames read as surnames) and ASCII slugs for readable IRIs."""

from __future__ import annotations

import functools
import re
import unicodedata

from kg import rules
from kg.lexicon import compound_surnames
from kg.text import HAN_CHAR, simplify

__all__ = ["person_pinyin", "place_pinyin", "slug", "text_slug", "split_surname"]

#: Surname readings that differ from the characters' usual ones (单 shan, 尉迟 yuchi).
_SURNAME_READINGS: dict[str, str] = rules.value("pinyin", "surname_readings")
#: Readings of polyphonic characters in given names (长 chang, not zhang).
_GIVEN_READINGS: dict[str, str] = rules.value("pinyin", "given_name_readings")
_SEPARATORS = re.compile(r"[·•‧∙・．.\s]+")
_VOWEL_START = ("a", "o", "e")


@functools.lru_cache(maxsize=65536)
def _syllables(text: str) -> tuple[str, ...]:
    """Toneless pinyin syllables, ü kept as ü; characters without a reading are dropped."""
    from pypinyin import Style, lazy_pinyin

    return tuple(s for s in lazy_pinyin(text, style=Style.NORMAL, v_to_u=True, errors="ignore") if s.isalpha())


def _join(syllables: tuple[str, ...]) -> str:
    """Syllables written as one word, with an apostrophe before a, o, e (Xi'an, Li'ang)."""
    word = ""
    for syllable in syllables:
        if word and syllable.startswith(_VOWEL_START):
            word += "'"
        word += syllable
    return word


def split_surname(name: str) -> tuple[str, str]:
    """Split a Chinese personal name (Simplified or Traditional) into surname and given name.

    >>> split_surname("秦丽华"), split_surname("欧阳修"), split_surname("單雄")
    (('秦', '丽华'), ('欧阳', '修'), ('單', '雄'))
    """
    simplified = simplify(name)
    if len(name) >= 3 and simplified[:2] in compound_surnames():
        return name[:2], name[2:]
    return name[:1], name[1:]


def _surname_pinyin(surname: str) -> str:
    simplified = simplify(surname)
    if simplified in _SURNAME_READINGS:
        return _SURNAME_READINGS[simplified]
    return "".join(_syllables(simplified))


@functools.lru_cache(maxsize=65536)
def person_pinyin(name: str) -> str:
    """The pinyin of a personal name, surname first and read as a surname; "" when none can be given.

    Transliterated foreign names (阿里·哈桑) are romanised part by part; names already in Latin
    letters are returned as written; names in other scripts get "".

    >>> person_pinyin("秦丽华"), person_pinyin("单立新"), person_pinyin("曾华明")
    ('Qin Lihua', 'Shan Lixin', 'Zeng Huaming')
    >>> person_pinyin("張維新"), person_pinyin("尉迟敬德"), person_pinyin("吕安")
    ('Zhang Weixin', 'Yuchi Jingde', 'Lü An')
    >>> person_pinyin("阿里·哈桑"), person_pinyin("John Smith"), person_pinyin("")
    ('Ali Hasang', 'John Smith', '')
    """
    name = unicodedata.normalize("NFC", (name or "").strip())
    if not name:
        return ""
    if not HAN_CHAR.search(name):
        latin = " ".join(part for part in _SEPARATORS.split(name) if part)
        return latin if latin.isascii() and any(c.isalpha() for c in latin) else ""
    parts = [p for p in _SEPARATORS.split(name) if p]
    if len(parts) > 1:  # a transliterated foreign name: each part one word, no surname rule
        words = [_join(_syllables(simplify(p))).capitalize() for p in parts]
        return " ".join(w for w in words if w)
    surname, given = split_surname(name)
    family = _surname_pinyin(surname).capitalize()
    personal = _join(_given_syllables(simplify(given))).capitalize()
    return " ".join(w for w in (family, personal) if w)


@functools.lru_cache(maxsize=65536)
def place_pinyin(name: str) -> str:
    """The pinyin of a place's name: its proper name as one word, the unit word after it.

    >>> place_pinyin("张掖市"), place_pinyin("高台县"), place_pinyin("竹溪縣"), place_pinyin("西安市")
    ('Zhangye Shi', 'Gaotai Xian', 'Zhuxi Xian', "Xi'an Shi")
    """
    simplified = simplify(unicodedata.normalize("NFC", (name or "").strip()))
    if not HAN_CHAR.search(simplified):
        return ""
    unit = next((u for u in sorted(rules.words("pinyin", "place_units"), key=len, reverse=True)
                 if simplified.endswith(u) and len(simplified) > len(u)), "")
    proper = simplified[: len(simplified) - len(unit)]
    words = [_join(_syllables(proper)).capitalize(), _join(_syllables(unit)).capitalize() if unit else ""]
    return " ".join(w for w in words if w)


def _given_syllables(given: str) -> tuple[str, ...]:
    """A given name's syllables, polyphonic characters read as names read them (长 → chang).

    >>> _given_syllables("长学"), _given_syllables("丽华")
    (('chang', 'xue'), ('li', 'hua'))
    """
    syllables = _syllables(given)
    if len(syllables) != len(given) or not any(ch in _GIVEN_READINGS for ch in given):
        return syllables
    return tuple(_GIVEN_READINGS.get(ch, syllable) for ch, syllable in zip(given, syllables))


def _ascii(text: str) -> str:
    text = text.replace("ü", "yu").replace("Ü", "Yu")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def slug(name: str) -> str:
    """An ASCII slug of a personal name for IRIs: lower case, words joined by hyphens.

    >>> slug("秦丽华"), slug("吕安"), slug("阿里·哈桑"), slug("الملك")
    ('qin-lihua', 'lyu-an', 'ali-hasang', '')
    """
    words = re.split(r"[^a-z0-9]+", _ascii(person_pinyin(name)).lower().replace("'", ""))
    return "-".join(w for w in words if w)


@functools.lru_cache(maxsize=65536)
def text_slug(text: str, max_length: int = 40) -> str:
    """An ASCII slug of any Chinese name (an organisation, a venue): pinyin syllables, cut at a hyphen.

    >>> text_slug("张掖市委"), text_slug("甘肃国际会展中心", 12), text_slug("Tom|Jerry公司")
    ('zhang-ye-shi-wei', 'gan-su-guo', 'tom-jerry-gong-si')
    """
    words: list[str] = []
    for chunk in re.findall(r"[A-Za-z0-9]+|[^A-Za-z0-9]+", simplify(text or "")):
        if chunk.isascii():
            if chunk.isalnum():  # ASCII punctuation (<, |, ") never reaches a slug
                words.append(chunk.lower())
        else:
            words.extend(_ascii(s) for s in _syllables(chunk))
    out = ""
    for word in (w for w in words if w):
        candidate = f"{out}-{word}" if out else word
        if len(candidate) > max_length:
            break
        out = candidate
    return out
