"""Pinyin for personal names (surnames read as surnames) and ASCII slugs for readable IRIs."""

from __future__ import annotations

import functools
import re
import unicodedata

__all__ = ["person_pinyin", "slug", "text_slug", "split_surname"]

# Compound surnames, read as one word: 欧阳修 → Ouyang Xiu.
_COMPOUND_SURNAMES = {
    "欧阳": "ouyang", "司马": "sima", "上官": "shangguan", "诸葛": "zhuge", "东方": "dongfang",
    "皇甫": "huangfu", "尉迟": "yuchi", "万俟": "moqi", "公孙": "gongsun", "慕容": "murong",
    "令狐": "linghu", "长孙": "zhangsun", "宇文": "yuwen", "司徒": "situ", "司空": "sikong",
    "夏侯": "xiahou", "轩辕": "xuanyuan", "端木": "duanmu", "西门": "ximen", "南宫": "nangong",
    "闻人": "wenren", "澹台": "tantai", "公冶": "gongye", "宗政": "zongzheng", "濮阳": "puyang",
    "淳于": "chunyu", "单于": "chanyu", "太叔": "taishu", "申屠": "shentu", "钟离": "zhongli",
    "拓跋": "tuoba", "呼延": "huyan", "百里": "baili", "东郭": "dongguo", "赫连": "helian",
    "公羊": "gongyang", "谷梁": "guliang", "左丘": "zuoqiu", "第五": "diwu", "呼衍": "huyan",
}
# Single-character surnames whose surname reading differs from the character's usual reading.
_SURNAMES = {
    "单": "shan", "曾": "zeng", "解": "xie", "仇": "qiu", "区": "ou", "朴": "piao", "查": "zha",
    "盖": "ge", "乐": "yue", "翟": "zhai", "缪": "miao", "员": "yun", "召": "shao", "种": "chong",
    "秘": "bi", "冼": "xian", "折": "she", "黑": "he", "覃": "qin", "句": "gou", "宓": "mi",
    "繁": "po", "柏": "bai", "薄": "bo", "卜": "bu", "车": "che", "能": "nai", "郇": "huan",
    "隗": "wei", "蕃": "pi", "阚": "kan", "莘": "shen", "尉": "wei", "长": "chang", "贾": "jia",
    "石": "shi", "沈": "shen", "叶": "ye", "华": "hua", "任": "ren", "纪": "ji", "燕": "yan",
    "过": "guo", "藏": "zang", "都": "du", "重": "chong", "应": "ying", "万": "wan", "朝": "chao",
    "角": "jue", "那": "na", "祭": "zhai", "瞿": "qu", "谌": "chen", "曲": "qu",
}
_SEPARATORS = re.compile(r"[·•‧∙・．.\s]+")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_VOWEL_START = ("a", "o", "e")


@functools.lru_cache(maxsize=4096)
def _simplified(text: str) -> str:
    import zhconv  # lazy: only names need it

    out = zhconv.convert(text, "zh-cn")
    return out if len(out) == len(text) else text


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
    simplified = _simplified(name)
    if len(name) >= 3 and simplified[:2] in _COMPOUND_SURNAMES:
        return name[:2], name[2:]
    return name[:1], name[1:]


def _surname_pinyin(surname: str) -> str:
    simplified = _simplified(surname)
    if simplified in _COMPOUND_SURNAMES:
        return _COMPOUND_SURNAMES[simplified]
    if simplified in _SURNAMES:
        return _SURNAMES[simplified]
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
    if not _HAN.search(name):
        latin = " ".join(part for part in _SEPARATORS.split(name) if part)
        return latin if latin.isascii() and any(c.isalpha() for c in latin) else ""
    parts = [p for p in _SEPARATORS.split(name) if p]
    if len(parts) > 1:  # a transliterated foreign name: each part one word, no surname rule
        words = [_join(_syllables(_simplified(p))).capitalize() for p in parts]
        return " ".join(w for w in words if w)
    surname, given = split_surname(name)
    family = _surname_pinyin(surname).capitalize()
    personal = _join(_syllables(_simplified(given))).capitalize()
    return " ".join(w for w in (family, personal) if w)


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
    for chunk in re.findall(r"[A-Za-z0-9]+|[^A-Za-z0-9]+", _simplified(text or "")):
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
