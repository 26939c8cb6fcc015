"""Read a chronicle (plain text or a saved HTML page) into a normalised Document."""

from __future__ import annotations

import codecs
import hashlib
import itertools
import operator
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import zhconv

from kg.errors import BinaryInputError, DecodeError, EmptyInputError, InputError, NoChroniclesError
from kg.gazetteer import CharTable
from kg.lexicon import ENTRY_MARKS
from kg.model import Document, Notice, Period

__all__ = [
    "read_document",
    "find_chronicles",
    "decode_bytes",
    "html_to_text",
    "clean_text",
    "to_analysis",
    "detect_script",
    "parse_period",
    "parse_metadata",
    "header_period",
    "head_end",
    "is_dated_line",
    "chinese_number",
    "is_meta_line",
    "CHRONICLE_SUFFIXES",
    "OUTPUT_MARKERS",
]

CHRONICLE_SUFFIXES = (".txt", ".html", ".htm")
_MAGIC = (b"\x89PNG", b"%PDF", b"PK\x03\x04", b"\x7fELF", b"GIF8", b"\xff\xd8\xff", b"\x1f\x8b",
          b"BZh", b"7z\xbc\xaf", b"Rar!", b"\xd0\xcf\x11\xe0", b"MZ", b"\x00\x00\x01\x00", b"OggS",
          b"ID3", b"RIFF", b"\xca\xfe\xba\xbe", b"SQLite format 3")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_NON_HAN = re.compile(r"[^\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")  # deleting it leaves the Han characters
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_DECLARED_CJK = frozenset({"gb2312", "gbk", "gb18030", "big5", "big5hkscs", "cp950", "cp936"})
# Characters that fill any chronicle, in both scripts: a wrong decoding rarely produces them.
_COMMON = set("的是在了和与與年月日市县縣区區会會议議委书書记記长長省部主持出席参參加工作召开開人民政府")
_CJK_PUNCT = re.compile("[\u2010-\u206f\u3000-\u303f\uff00-\uffef\u00a0-\u00ff\u25a0-\u25ff]")
_TONE = re.compile("[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿĀÁǍÀĒÉĚÈĪÍǏÌŌÓǑÒŪÚǓÙ]")
_GLOSS = re.compile(r"(?<=[\u3400-\u9fff])[(（]\s*[A-Za-zÀ-ɏ̀-ͯḿ]+(?:[\s'’][A-Za-zÀ-ɏ̀-ͯḿ]+)*\s*[)）]")
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f]")  # below 32, except \t \n \v \f \r
_INVISIBLE = re.compile("[\ufeff\u200b\u200c\u200d\u2060]")
_META = re.compile(r"^#\s*([A-Za-z_]+)\s*[:：]\s*(.*?)\s*$")
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_MONTH = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
_LEAD_DAY = re.compile(rf"^\s*[{ENTRY_MARKS}]?\s*" r"(?:\d{4}\s*年)?\s*(?:\d{1,2}\s*月)?\s*"
                       r"\d{1,2}(?:\s*日|\s*[—–\-~至到]\s*\d{1,2}日)")
_DATELINE_META = re.compile(r"(?:来源|浏览|点击|作者|发布|编辑|时间)\s*[:：]")
_META_LINE = re.compile(r"^\s*(?:发布(?:时间|日期|机构|单位|者)?|(?:信息)?来源|索引号|时间|日期|成文日期|浏览(?:次数)?|点击(?:数|量)?"
                        r"|主题词|文\s*号|公开(?:范围|方式|日期|时限)|作者|(?:责任)?编辑|字[号体]|分享(?:到)?)\s*[:：]"
                        r"|>>|»|＞＞|当前位置|所在位置|当前所在")
_RANGE = re.compile(rf"(\d{{4}})\s*年\s*({_MONTH})\s*月份?\s*[—–\-~至到]+\s*(?:(\d{{4}})\s*年)?\s*({_MONTH})\s*月")
_YEAR_MONTH = re.compile(rf"(\d{{4}})\s*年\s*({_MONTH})\s*月(?!\s*\d{{1,2}}\s*日)")
_YEAR_ONLY = re.compile(r"^[(（]?\s*(\d{4})\s*年度?\s*[)）]?$|(\d{4})\s*年度?(?:大事记|大事|纪事|要事)")
_MONTH_ONLY = re.compile(rf"^[(（]?\s*({_MONTH})\s*月份?\s*[)）]?$|[(（]\s*({_MONTH})\s*月份?\s*[)）]")
_PUBLISHER = re.compile(r"(?:来源|发布机构|发文机关|发布单位|信息来源|发布者)\s*[:：]\s*([^\s:：]+)")
_URL = re.compile(r"https?://[^\s<>\"'，。、）)]+")


OUTPUT_MARKERS = ("kg-manifest.json", ".kg-cache")
"""Files that mark a folder as a kg output folder (``kg build .`` twice must not read its own
coattendance.html as a chronicle): such folders are skipped when a folder is searched."""


def find_chronicles(paths: Iterable[str | Path]) -> list[Path]:
    """The chronicle files to read: files as given, folders searched for .txt/.html/.htm, sorted.

    Inside a folder, hidden files and kg's own output folders (:data:`OUTPUT_MARKERS`) are left
    out; a broken link or a FIFO with a chronicle's name is kept, so that reading it reports it.
    A folder holding none raises NoChroniclesError; a path that does not exist raises InputError.
    """
    found: list[Path] = []
    for item in paths:
        path = Path(item)
        if path.is_dir():
            found.extend(_files_in(path))
        elif path.exists() or path.is_symlink():
            found.append(path)
        else:
            raise InputError("no such file or folder", path=str(path))
    return list(dict.fromkeys(found))


def _files_in(folder: Path) -> list[Path]:
    outputs = {marker.parent for name in OUTPUT_MARKERS for marker in folder.rglob(name)} - {folder}
    files = sorted(p for p in folder.rglob("*") if p.suffix.lower() in CHRONICLE_SUFFIXES and not p.is_dir()
                   and not any(part.startswith(".") for part in p.relative_to(folder).parts)
                   and not any(out in p.parents for out in outputs))
    if not files:
        raise NoChroniclesError("no .txt, .html or .htm file in this folder", path=str(folder))
    return files


def read_document(path: str | Path, *, period: Period | None = None, city: str | None = None) -> Document:
    """Read, decode and normalise one chronicle; infer its title, period, city and source URL.

    ``period`` and ``city`` (the CLI's --period/--city) override ``# period:``/``# city:`` lines,
    which override what the header, publisher and file name say.
    """
    path = Path(path)
    raw, encoding = decode_bytes(_read_bytes(path), str(path))
    page = html_to_text(raw) if _is_html(path, raw) else None
    text = clean_text(page.text if page else raw)
    if not text.strip():
        raise EmptyInputError("no text in the file", path=str(path))
    meta, body_start = parse_metadata(text, str(path))
    simplified = to_analysis(text)
    url = meta.get("source") or (page.url if page else None) or _first_url(text)
    found = _choose_period(period, meta, simplified, body_start, path.stem, url)
    notices = (Notice(str(path), f"decoded as {encoding} by guess"),) if encoding.startswith("guess:") else ()
    return Document(
        doc_id=path.stem, path=str(path), text=text, simplified=simplified,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(), encoding=encoding.removeprefix("guess:"),
        script=detect_script(text, simplified), title=meta.get("title") or (page.title if page else None)
        or _first_line(text, body_start), source_url=url,
        city=_canonical_city(city or meta.get("city")) or _infer_city(simplified, body_start, page),
        period=found[0], period_source=found[1], body_start=body_start, notices=notices)


def _read_bytes(path: Path) -> bytes:
    if path.is_dir():
        raise InputError("is a folder, not a file", path=str(path))
    if path.is_symlink() and not path.exists():
        raise InputError("broken symbolic link (its target does not exist)", path=str(path))
    if path.exists() and not path.is_file():  # a FIFO or device: opening it could wait forever
        raise InputError("not a regular file (a FIFO, socket or device)", path=str(path))
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", path=str(path)) from None
    except OSError as exc:
        raise InputError(f"cannot read file ({exc.strerror or exc})", path=str(path)) from None


# -- decoding -----------------------------------------------------------------------------------


def decode_bytes(data: bytes, path: str = "") -> tuple[str, str]:
    """Decode a file's bytes; returns ``(text, encoding)``. Guessed encodings are prefixed ``guess:``.

    Order: BOM, strict UTF-8, a charset the page declares, strict GB18030 (or Big5 when that reads
    better), charset-normalizer as a last resort.

    >>> decode_bytes("1日,会议召开".encode("gb18030"))
    ('1日,会议召开', 'gb18030')
    """
    if not data.strip():
        raise EmptyInputError("empty file", path=path or None)
    for bom, codec in _BOMS:
        if data.startswith(bom):
            text = _strict(data, codec)
            if text is None:
                raise DecodeError(f"cannot decode the file (invalid {codec.upper()} after its BOM)", path=path or None)
            return _checked(text, codec, path)
    if data.startswith(_MAGIC):
        raise BinaryInputError("not a text file (binary content)", path=path or None)
    if b"\x00" in data[:65536]:  # binary, unless it is UTF-16 saved without a BOM
        found = _utf16_without_bom(data)
        if found is None:
            raise BinaryInputError("not a text file (binary content)", path=path or None)
        return _checked(*found, path)
    for codec in ("utf-8", _declared_charset(data)):
        text = _strict(data, codec) if codec else None
        if text is not None:
            return _checked(text, codec, path)
    found = _best_cjk(data)
    return _checked(*(found or _guess(data, path)), path)


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 saved without a BOM: accepted only if it reads as chronicle text (common characters)."""
    if len(data) % 2:
        return None
    for codec in ("utf-16-le", "utf-16-be"):
        text = _strict(data, codec)
        if text and not any(ord(ch) < 32 and ch not in "\t\n\r" for ch in text) and _common_share(text) >= 0.08:
            return text, codec
    return None


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec, errors="strict")
    except (UnicodeDecodeError, LookupError):
        return None


def _declared_charset(data: bytes) -> str | None:
    match = re.search(rb"charset\s*=\s*[\"']?([A-Za-z0-9_\-]+)", data[:4096])
    if not match:
        return None
    try:
        name = codecs.lookup(match.group(1).decode("ascii")).name
    except LookupError:
        return None
    return name if name in _DECLARED_CJK else None  # a declared latin-1 would read anything as mojibake


def _best_cjk(data: bytes) -> tuple[str, str] | None:
    """Strict GB18030, or Big5 when both decode and Big5 yields more common chronicle characters."""
    gb, big5 = _strict(data, "gb18030"), _strict(data, "big5")
    if gb is not None and big5 is not None and _readability(big5) > _readability(gb):
        return big5, "big5"
    if gb is not None:
        return gb, "gb18030"
    if big5 is not None:
        return big5, "big5"
    return None


def _readability(text: str) -> float:
    """Common chronicle characters count up, stray symbols and kana (a wrong decoding) count down."""
    han = _HAN.findall(text)
    stray = sum(1 for ch in text if ord(ch) > 127 and not _HAN.match(ch) and not _CJK_PUNCT.match(ch))
    return sum(ch in _COMMON for ch in han) + 0.2 * len(han) - stray


def _common_share(text: str) -> float:
    han = _HAN.findall(text)
    return sum(ch in _COMMON for ch in han) / len(han) if han else 0.0


def _guess(data: bytes, path: str) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    text = str(best) if best is not None else ""
    non_ascii = [ch for ch in text if ord(ch) > 127 and not ch.isspace()]
    if not non_ascii or len(_HAN.findall(text)) < len(non_ascii) / 2 or _common_share(text) < 0.05:
        raise DecodeError("cannot decode the file (not UTF-8, UTF-16, GB18030 or Big5 text)", path=path or None)
    return text, f"guess:{best.encoding}"


def _checked(text: str, encoding: str, path: str) -> tuple[str, str]:
    if "\x00" in text or len(_CONTROL.findall(text)) > len(text) // 100:
        raise BinaryInputError("not a text file (binary content)", path=path or None)
    if not text.strip():
        raise EmptyInputError("empty file", path=path or None)
    return text, encoding


# -- HTML -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Page:
    text: str
    title: str | None
    url: str | None
    site: str | None = None  # the <title>'s last part: 张掖市人民政府


_DROP_TAGS = frozenset({"script", "style", "noscript", "nav", "header", "footer", "iframe", "form", "select",
                        "button", "template", "svg", "object", "head", "title", "aside"})
_BLOCK_TAGS = frozenset({"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol",
                         "section", "article", "main", "blockquote", "pre", "dd", "dt", "dl"})
_TITLE_SPLIT = r"\s*[_|]\s*|\s+[-–—]\s+|(?<=[^\d\s])-(?=[^\d\s])"  # 要事记_张掖市人民政府
_CELL = "\x1f"  # marks a table cell's edge while rendering
_CONTAINER_TAGS = frozenset({"div", "article", "section", "main", "table", "tbody", "td", "center", "form"})
_NOISE_ATTR = re.compile(r"nav|menu|foot|breadcrumb|crumb|share|copyright|sidebar|toolbar|bdshare|fenxiang|"
                         r"position|location|dqwz|related|xgxw|print|topbar|login|search", re.I)


def _is_html(path: Path, text: str) -> bool:
    if path.suffix.lower() in (".html", ".htm"):
        return True
    head = text.lstrip("\ufeff \t\r\n")[:2000].lower()
    if head.startswith(("<!doctype html", "<html", "<?xml")):
        return "<body" in text[:20000].lower()
    return head.startswith("<") and ("<body" in head or ("<p" in head and "</p>" in head))


def html_to_text(html: str) -> _Page:
    """Visible article text of a saved page: menus, scripts and footers dropped, blocks on their own lines.

    >>> html_to_text("<title>要事记</title><div class=nav>首页</div><p>1日,会议&nbsp;召开。</p>").text
    '要事记\\n1日,会议 召开。'
    """
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(html)
    body = tree.body or tree.root
    if body is None:
        return _Page("", None, None)
    total = _han_count(body.text(deep=True))
    container = _main_container(body, _han_count(_render(body, total)))
    lines = _lines(_render(container, total))
    outside = _lines(_render(body, total)) if container is not body else []
    meta = [line for line in outside if line not in lines
            and (_PUBLISHER.search(line) or re.match(r"\s*(?:发布|时间|日期)", line))][:3]
    title = _page_title(tree)
    head = [title] if title and title not in lines else []
    return _Page("\n".join(head + meta + lines), title, _page_url(tree), _page_site(tree))


def _han_count(text: str | None) -> int:
    return len(_HAN.findall(text or ""))


def _is_noise(node, total: int) -> bool:
    if node.tag in _DROP_TAGS:
        return True
    attrs = node.attributes or {}
    label = f"{attrs.get('id') or ''} {attrs.get('class') or ''}"
    if not _NOISE_ATTR.search(label):
        return False
    return _han_count(node.text(deep=True)) * 2 < total  # never drop the bulk of the page


def _render(node, total: int) -> str:
    parts: list[str] = []
    _walk(node, total, parts)
    return "".join(parts)


def _walk(node, total: int, parts: list[str]) -> None:
    """The text of ``node``'s visible children in document order, depth first with a stack of
    its own: a page nested thousands of levels deep must not exhaust Python's recursion limit."""
    stack = [(node.iter(include_text=True), "")]
    while stack:
        children, closing = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            parts.append(closing)
        elif child.is_text_node:
            parts.append(re.sub(r"[ \t\r\n\f]+", " ", child.text_content or ""))
        elif child.tag == "br":
            parts.append("\n")
        elif child.is_element_node and not _is_noise(child, total):
            edge = "\n" if child.tag in _BLOCK_TAGS else _CELL if child.tag in ("td", "th") else ""
            parts.append(edge)
            stack.append((child.iter(include_text=True), edge))


def _lines(text: str) -> list[str]:
    """Non-empty stripped lines; table cells of a row joined by one space (1日 | 栾克勤主持… → one line)."""
    text = re.sub(f" *{_CELL}[{_CELL} ]*", " ", text.replace("\xa0", " "))
    return [line.strip() for line in text.split("\n") if line.strip()]


_CONTAINER_DEPTH = 32


def _main_container(body, total: int):
    """The article: go down from <body> while one child block holds most (70%) of the visible text.

    Sidebars and link lists fall away; paragraphs, list items and table rows are never entered,
    so a chronicle written one entry per <p>, <li> or <tr> stays whole. At most
    ``_CONTAINER_DEPTH`` steps down: each step renders the text below it, and a page nested
    100,000 levels deep would otherwise cost that many renderings of itself.
    """
    node, held = body, total
    for _ in range(_CONTAINER_DEPTH):
        if not held:
            break
        children = [c for c in node.iter() if c.tag in _CONTAINER_TAGS and not _is_noise(c, total)]
        counts = [(_han_count(_render(c, total)), c) for c in children]
        best = max(counts, key=lambda item: item[0], default=(0, None))
        if best[1] is None or best[0] < 0.7 * held:
            return node
        node, held = best[1], best[0]
    return node


def _title_parts(tree) -> list[str]:
    """The <title> split at its separators: ['市政府工作要事记', '张掖市人民政府']."""
    node = tree.css_first("title")
    return re.split(_TITLE_SPLIT, " ".join((node.text(deep=True) if node else "").split()))


def _page_title(tree) -> str | None:
    """The heading that the <title> repeats (not the site name or a logo), else the <title>'s first part."""
    parts = _title_parts(tree)
    site = parts[-1] if len(parts) > 1 else None
    heads = [" ".join(h.text(deep=True).split()) for h in tree.css("h1, h2")]
    h1 = [" ".join(h.text(deep=True).split()) for h in tree.css("h1")]
    for text in [h for h in heads if h in parts and h != site] + parts[:1] + h1:
        if text and text != site and _HAN.search(text):
            return text
    return None


def _page_site(tree) -> str | None:
    parts = _title_parts(tree)
    return parts[-1] if len(parts) > 1 else None


def _page_url(tree) -> str | None:
    for selector, attr in (('link[rel="canonical"]', "href"), ('meta[property="og:url"]', "content")):
        node = tree.css_first(selector)
        value = (node.attributes.get(attr) if node else None) or ""
        if value.startswith("http"):
            return value.strip()
    return None


# -- normalisation --------------------------------------------------------------------------------


def clean_text(text: str) -> str:
    """Text as written, minus noise: LF line ends, no trailing spaces, no BOM, no pinyin glosses.

    >>> clean_text("鄉(xiāng)村振兴  \\r\\n乡（xiāng）镇(GDP)")
    '鄉村振兴\\n乡镇(GDP)\\n'
    """
    text = _INVISIBLE.sub("", text).replace("\r\n", "\n").replace("\r", "\n")
    text = _GLOSS.sub(lambda m: "" if _TONE.search(m.group()) else m.group(), text)
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n") + "\n"


def to_analysis(text: str) -> str:
    """Same-length analysis copy: Simplified script, half-width ASCII letters/digits/punctuation.

    >>> to_analysis("１月５日　市委書記（周），")
    '1月5日 市委书记(周),'
    """
    out = text.translate(_ANALYSIS_TABLE)
    assert len(out) == len(text)
    return out


def _analysis_char(ch: str) -> str:
    if "\uff01" <= ch <= "\uff5e":
        return chr(ord(ch) - 0xFEE0)
    if ch in "\u3000\xa0":
        return " "
    if ord(ch) < 0x3400:
        return ch
    out = zhconv.convert(ch, "zh-cn")
    return out if len(out) == 1 else ch


_ANALYSIS_TABLE = CharTable(_analysis_char)  # filled as characters are first seen


def detect_script(text: str, simplified: str) -> str:
    """"Hant" when at least 3% (and 5) of the Han characters change under conversion, else "Hans".

    >>> detect_script("市委書記周霖率隊赴廣東省", to_analysis("市委書記周霖率隊赴廣東省"))
    'Hant'
    """
    if text == simplified:  # nothing changed under conversion (most Simplified chronicles)
        return "Hans"
    han = len(_NON_HAN.sub("", text))
    # The characters of text that differ from simplified at the same offset, picked at C speed.
    differing = "".join(itertools.compress(text, map(operator.ne, text, simplified)))
    changed = len(_NON_HAN.sub("", differing))
    return "Hant" if han and changed >= 5 and changed / han >= 0.03 else "Hans"


# -- metadata, period, city -----------------------------------------------------------------------


def parse_metadata(text: str, path: str = "") -> tuple[dict[str, str], int]:
    """Leading ``# key: value`` lines as a dict, and the offset just after them.

    >>> parse_metadata("# period: 2024-07\\n# city: 张掖市\\n1日,会议召开。\\n")
    ({'period': '2024-07', 'city': '张掖市'}, 30)
    """
    meta, offset = {}, 0
    for line in text.splitlines(keepends=True):
        match = _META.match(line)
        if not match:
            break
        key, value = match.group(1).lower(), match.group(2)
        if key == "period" and value:
            parse_period(value, path, text.count("\n", 0, offset) + 1)
        if value:
            meta[key] = value
        offset += len(line)
    return meta, offset


def parse_period(value: str, path: str | None = None, line: int | None = None) -> Period:
    """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM/YYYY-MM`` (as in ``# period:`` and --period).

    >>> [str(parse_period(v)) for v in ("2025-08/2025-09", "2024-7", "2015")]
    ['2025-08/2025-09', '2024-07', '2015']
    """
    match = re.fullmatch(r"\s*(\d{4})(?:[-./年](\d{1,2})月?)?\s*(?:[/～~—–]\s*(\d{4})[-./年](\d{1,2})月?)?\s*",
                         value or "")
    months = [int(g) for g in (match.group(2), match.group(4)) if g] if match else []
    if not match or any(not 1 <= m <= 12 for m in months) or (match.group(3) and not match.group(2)):
        raise InputError(f"bad period {value!r} (expected YYYY-MM or YYYY-MM/YYYY-MM)", path=path, line=line)
    year, month = int(match.group(1)), int(match.group(2)) if match.group(2) else None
    if year < 1 or (match.group(3) and int(match.group(3)) < 1):
        raise InputError(f"bad period {value!r} (there is no year 0)", path=path, line=line)
    if not match.group(3):
        return Period(year, month)
    end = (int(match.group(3)), int(match.group(4)))
    if end < (year, month):
        raise InputError(f"bad period {value!r} (ends before it starts)", path=path, line=line)
    return Period(year, month, *end) if end != (year, month) else Period(year, month)


def chinese_number(token: str) -> int | None:
    """1-99 written with digits or Chinese numerals.

    >>> chinese_number("12"), chinese_number("四"), chinese_number("十二"), chinese_number("二十三")
    (12, 4, 12, 23)
    """
    if token.isdigit():
        return int(token)
    if not token or any(ch not in _CN_DIGITS and ch != "十" for ch in token):
        return None
    if "十" not in token:
        return _CN_DIGITS[token] if len(token) == 1 else None
    tens, _, ones = token.partition("十")
    value = (_CN_DIGITS.get(tens, 0) if tens else 1) * 10 + (_CN_DIGITS.get(ones, 0) if ones else 0)
    return value or None


def is_meta_line(line: str) -> bool:
    """Publication details and breadcrumbs (发布时间, 来源, 索引号, 您当前所在的位置 >> ...).

    >>> is_meta_line("发布时间: 2024-08-10 10:33 来源:张掖市人民政府办公室"), is_meta_line("(2024年5月)")
    (True, False)
    """
    return bool(_META_LINE.search(line))


def head_end(simplified: str, start: int = 0) -> int:
    """Offset of the first line that starts with a day (``1日,``, ``7月1日``, ``△1日``), or the end."""
    offset = start
    for line in simplified[start:].splitlines(keepends=True):
        if is_dated_line(line):
            return offset
        offset += len(line)
    return len(simplified)


def is_dated_line(line: str) -> bool:
    """A line that opens with a day and goes on with text: an entry, not a page's date line.

    >>> is_dated_line("1日,我市在高台县举行主题党日活动。"), is_dated_line("2024年08月10日 10:33 来源:张掖市")
    (True, False)
    >>> is_dated_line("2025年09月25日"), is_dated_line("△1日,由全国政协副主席率领的调研组来杭调研。")
    (False, True)
    """
    match = _LEAD_DAY.match(line)
    if not match or _DATELINE_META.search(line):
        return False
    return len(_HAN.findall(line[match.end():])) >= 4


def header_period(simplified: str, start: int = 0, year_hint: int | None = None,
                  published: tuple[int, int] | None = None) -> tuple[Period, int] | None:
    """The period the header announces, and the offset of its line.

    Ranked: a month range or year-month; a bare year (a year-long chronicle); a month alone
    (``(四月)``), which takes its year from ``year_hint`` (file name, URL), else from the
    ``published`` (year, month): a chronicle of 十二月 published in January is last year's.

    >>> header_period("大事记\\n发布日期:2025年09月25日\\n大事记(2025年8月—9月)\\n8月20日,会见。")
    (Period(year=2025, month=8, end_year=2025, end_month=9), 21)
    >>> header_period("(四月)\\n1日 会议召开。", year_hint=2008)
    (Period(year=2008, month=4, end_year=None, end_month=None), 0)
    >>> header_period("(十二月)\\n1日 会议召开。", published=(2009, 1))[0]
    Period(year=2008, month=12, end_year=None, end_month=None)
    """
    found: list[tuple[int, Period, int]] = []
    offset, end = start, head_end(simplified, start)
    for line in simplified[start:end].splitlines(keepends=True):
        if not is_meta_line(line):
            hit = _line_period(line.strip(), year_hint, published)
            if hit and hit[1].year >= 1 and (hit[1].end_year is None or hit[1].end_year >= 1):  # no year 0
                found.append((hit[0], hit[1], offset))
        offset += len(line)
    if not found:
        return None
    rank, period, where = min(found, key=lambda item: item[0])
    return period, where


def _line_period(line: str, year_hint: int | None, published: tuple[int, int] | None) -> tuple[int, Period] | None:
    if m := _RANGE.search(line):
        start = (int(m.group(1)), chinese_number(m.group(2)))
        end = (int(m.group(3) or m.group(1)), chinese_number(m.group(4)))
        if end > start:
            return 0, Period(*start, *end)
    if m := _YEAR_MONTH.search(line):
        return 0, Period(int(m.group(1)), chinese_number(m.group(2)))
    if m := _YEAR_ONLY.search(line):
        return 1, Period(int(m.group(1) or m.group(2)))
    if (m := _MONTH_ONLY.search(line)) and (year_hint or published):
        month = chinese_number(m.group(1) or m.group(2))
        return 2, Period(year_hint or published[0] - (month > published[1]), month)
    return None


def _year_hint(stem: str, url: str | None) -> int | None:
    """A year in the file name or the URL path (zhangye-2008-04, /zfgb2008/2008_04/)."""
    for text in (stem, re.sub(r"^\w+://[^/]+", "", url or "")):
        match = re.search(r"(?<!\d)((?:19|20)\d{2})(?!\d)", text)
        if match:
            return int(match.group(1))
    return None


def _published(simplified: str, start: int) -> tuple[int, int] | None:
    """(year, month) of a publication line in the header: 发布时间: 2024-08-10, 发布日期:2025年09月25日."""
    head = simplified[start:head_end(simplified, start)]
    match = re.search(r"(?:发布|日期|时间)[^\n]{0,6}?[:：]\s*((?:19|20)\d{2})\s*[-年/.]\s*(\d{1,2})", head)
    return (int(match.group(1)), int(match.group(2))) if match and 1 <= int(match.group(2)) <= 12 else None


def _choose_period(flag: Period | None, meta: dict[str, str], simplified: str, start: int, stem: str,
                   url: str | None) -> tuple[Period | None, str]:
    if flag is not None:
        return flag, "flag"
    if meta.get("period"):
        return parse_period(meta["period"]), "metadata"
    found = header_period(simplified, start, _year_hint(stem, url), _published(simplified, start))
    if found:
        return found[0], "header"
    match = re.search(r"(?<!\d)((?:19|20)\d{2})[-_.年]?(0[1-9]|1[0-2])(?!\d)", stem)
    if match:
        return Period(int(match.group(1)), int(match.group(2))), "filename"
    return None, "none"


def _first_line(text: str, start: int) -> str | None:
    return next((line.strip() for line in text[start:].splitlines() if line.strip()), None)


def _first_url(text: str) -> str | None:
    match = _URL.search(text)
    return match.group().rstrip(".,;") if match else None


def _canonical_city(name: str | None) -> str | None:
    """The gazetteer's full name for a city as written (楚雄州 → 楚雄彝族自治州), else the name."""
    if not name:
        return None
    gazetteer = _gazetteer()
    place = gazetteer.lookup(name) if gazetteer else None
    return place.name if place else name.strip()


def _infer_city(simplified: str, start: int, page: _Page | None) -> str | None:
    """The document's own city: from its title lines, else from its publisher (来源: 张掖市人民政府办公室)."""
    gazetteer = _gazetteer()
    if gazetteer is None:
        return None
    head = [line for line in simplified[start:head_end(simplified, start)].splitlines() if line.strip()]
    titles = [to_analysis(page.title)] if page and page.title else []
    titles += [line for line in head[:3] if not is_meta_line(line)]
    publishers = [m.group(1) for line in head for m in _PUBLISHER.finditer(line)]
    publishers += [to_analysis(page.site)] if page and page.site else []
    for text in titles + publishers:
        places = [place for _, _, place in gazetteer.find(text)]
        if places:
            rank = {"province": 0, "city": 1, "county": 2}
            return max(places, key=lambda p: rank.get(p.level, 3)).name
    return _dominant_city(simplified[start:], gazetteer)


def _dominant_city(body: str, gazetteer) -> str | None:
    """The prefecture-level city a chronicle names most, by its full name (毕节市), when it
    clearly outnumbers every other; titles and publishers are preferred to this."""
    counts: dict[str, int] = {}
    for begin, end, place in gazetteer.find(body):
        if place.level == "city" and body[begin:end] == place.name:
            counts[place.name] = counts.get(place.name, 0) + 1
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    if not ranked or ranked[0][1] < 3:
        return None
    if len(ranked) > 1 and ranked[0][1] < 2 * ranked[1][1]:
        return None
    return ranked[0][0]


def _gazetteer():
    try:
        from kg.gazetteer import load_gazetteer
    except ImportError:  # the gazetteer stage is optional for reading
        return None
    return load_gazetteer()
