"""A saved web page to the text of its article: menus, scripts and footers dropped, blocks on
their own lines, the page's title, site name and canonical URL kept for the header."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from kg import rules
from kg.text import HAN_CHAR, han_count

__all__ = ["Page", "is_html", "html_to_text"]

@dataclass(frozen=True)
class Page:
    """The article of a saved page, with what its head says about it."""

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
#: A line about the publication (来源: …, 发布时间 …), kept from outside the article for the header.
_PUBLICATION_LINE = re.compile(f"(?:{rules.regex('header', 'publisher_labels')})" r"\s*[:：]\s*[^\s:：]"
                               f"|^\\s*(?:{rules.regex('dates', 'patterns.published')})")
_NOISE_ATTR = re.compile(r"nav|menu|foot|breadcrumb|crumb|share|copyright|sidebar|toolbar|bdshare|fenxiang|"
                         r"position|location|dqwz|related|xgxw|print|topbar|login|search", re.I)


def is_html(path: Path, text: str) -> bool:
    if path.suffix.lower() in (".html", ".htm"):
        return True
    head = text.lstrip("\ufeff \t\r\n")[:2000].lower()
    if head.startswith(("<!doctype html", "<html", "<?xml")):
        return "<body" in text[:20000].lower()
    return head.startswith("<") and ("<body" in head or ("<p" in head and "</p>" in head))


def html_to_text(html: str) -> Page:
    """Visible article text of a saved page: menus, scripts and footers dropped, blocks on their own lines.

    >>> html_to_text("<title>要事记</title><div class=nav>首页</div><p>1日,会议&nbsp;召开。</p>").text
    '要事记\\n1日,会议 召开。'
    """
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(html)
    body = tree.body or tree.root
    if body is None:
        return Page("", None, None)
    total = han_count(body.text(deep=True))
    container = _main_container(body, han_count(_render(body, total)))
    lines = _lines(_render(container, total))
    outside = _lines(_render(body, total)) if container is not body else []
    meta = [line for line in outside if line not in lines and _PUBLICATION_LINE.search(line)][:3]
    title = _page_title(tree)
    head = [title] if title and title not in lines else []
    return Page("\n".join(head + meta + lines), title, _page_url(tree), _page_site(tree))


def _is_noise(node, total: int) -> bool:
    if node.tag in _DROP_TAGS:
        return True
    attrs = node.attributes or {}
    label = f"{attrs.get('id') or ''} {attrs.get('class') or ''}"
    if not _NOISE_ATTR.search(label):
        return False
    return han_count(node.text(deep=True)) * 2 < total  # never drop the bulk of the page


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
        counts = [(han_count(_render(c, total)), c) for c in children]
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
        if text and text != site and HAN_CHAR.search(text):
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

