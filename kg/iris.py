"""IRIs of the graph: minted from safe characters only, and every IRI taken from input checked first.

Minted IRIs are ``base`` + a kind + a local part. A local part holds pinyin slugs (``[a-z0-9-]``),
short hashes, numbers, and division codes or document ids with every character outside RFC
3987's unreserved set percent-encoded, so no text of a chronicle (``<b>``, ``|``, ``"``, a control
character) can break an IRI. IRIs that come from the input (a ``# source:`` line, a canonical
URL, ``--base-iri``) are checked with the strict RFC 3987 parser of pyoxigraph (oxiri) before use.

>>> person_iri(Person(key="秦丽华|张掖市|1", name="秦丽华", name_simplified="秦丽华", city="张掖市"))
'https://w3id.org/dashiji/id/person/qin-lihua-1bef9c2b'
>>> is_iri("http://x/%zz/"), is_iri("https://example.org/doc?id=1")
(False, True)
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import quote

from kg.context import memoized
from kg.errors import KgError
from kg.model import AdminPlace, Person, PlaceMention
from kg.pinyin import slug, text_slug
from kg.vocab import DEFAULT_BASE

__all__ = [
    "DEFAULT_BASE",
    "iri_problem",
    "is_iri",
    "check_base",
    "safe_slug",
    "person_local",
    "person_iri",
    "document_iri",
    "event_iri",
    "participation_iri",
    "mention_iri",
    "place_iri",
    "organization_iri",
    "venue_iri",
    "post_iri",
    "role_iri",
    "near_match_iri",
    "coattendance_iri",
]

# RFC 3987 ucschar: the non-ASCII characters an IRI may hold as they are.
_UCSCHAR = re.compile("[\u00a0-\ud7ff\uf900-\ufdcf\ufdf0-\uffef\U00010000-\U0001fffd\U00020000-\U0002fffd"
                      "\U00030000-\U0003fffd\U00040000-\U0004fffd\U00050000-\U0005fffd\U00060000-\U0006fffd"
                      "\U00070000-\U0007fffd\U00080000-\U0008fffd\U00090000-\U0009fffd\U000a0000-\U000afffd"
                      "\U000b0000-\U000bfffd\U000c0000-\U000cfffd\U000d0000-\U000dfffd\U000e1000-\U000efffd]")
_NOT_SLUG = re.compile(r"[^a-z0-9-]+")


def iri_problem(text: str) -> str | None:
    """Why ``text`` is not an absolute IRI by RFC 3987 (pyoxigraph's strict parser), or None.

    >>> iri_problem("http://x/%zz/")
    "Invalid IRI percent encoding '%zz'"
    >>> iri_problem("https://例子.cn/大事记") is None
    True
    """
    from pyoxigraph import NamedNode

    if not text:
        return "empty"
    try:
        NamedNode(text)
    except ValueError as error:  # the message quotes the character: never echo a control character raw
        return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in str(error))
    return None


def is_iri(text: str | None) -> bool:
    """Whether ``text`` is an absolute IRI that every RDF parser accepts."""
    return bool(text) and iri_problem(text) is None


def check_base(base: str | None) -> str:
    """The base IRI for minted IRIs, validated; a trailing "/" is added unless it ends in / or #.

    >>> check_base("https://example.org/kg")
    'https://example.org/kg/'
    >>> check_base("http://x/%zz/")
    Traceback (most recent call last):
    ...
    kg.errors.KgError: --base-iri must be an absolute IRI such as https://example.org/kg/, not 'http://x/%zz/' (Invalid IRI percent encoding '%zz')
    """
    text = (base or "").strip()
    problem = iri_problem(text) if re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", text) else "no scheme"
    if problem is None and text != base:
        problem = "white space around it"
    if problem is not None:
        raise KgError(f"--base-iri must be an absolute IRI such as https://example.org/kg/, not {base!r} ({problem})")
    return text if text.endswith(("/", "#")) else text + "/"


def safe_slug(text: str) -> str:
    """A readable slug of any name, limited to ``[a-z0-9-]`` (pinyin syllables and ASCII words).

    >>> safe_slug("1日,<b>x</b>市长"), safe_slug("Tom|Jerry公司"), safe_slug('a"b<c>')
    ('1-ri-b-x-b-shi-zhang', 'tom-jerry-gong-si', 'a-b-c')
    """
    return _NOT_SLUG.sub("", text_slug(text)).strip("-")


@memoized
def _short_hash(text: str, size: int = 8) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:size]


@memoized
def _segment(text: str) -> str:
    """One IRI path segment: ASCII letters, digits, -._~ and RFC 3987's non-ASCII letters kept,
    everything else percent-encoded (UTF-8); a segment of dots only is encoded too, as a parser
    resolving ``<event/../3>`` against the base would drop it."""
    if text.strip(".") == "":
        return text.replace(".", "%2E")
    return "".join(c if (c.isascii() and (c.isalnum() or c in "-._~")) or (c.isalnum() and _UCSCHAR.match(c))
                   else quote(c, safe="") for c in text)


def _named(kind: str, name: str, identity: str) -> str:
    readable = safe_slug(name)
    return f"{kind}/{readable}-{_short_hash(identity)}" if readable else f"{kind}/{_short_hash(identity)}"


def person_local(person: Person) -> str:
    """A person's local name: ``<pinyin slug>-<hash of Person.key>``."""
    return _local_name(person.key, person.name_simplified or person.name)


@memoized
def _local_name(key: str, name: str) -> str:
    readable = _NOT_SLUG.sub("", slug(name))
    return f"{readable}-{_short_hash(key)}" if readable else _short_hash(key)


def person_iri(person: Person, base: str = DEFAULT_BASE) -> str:
    """``base/person/<pinyin slug>-<hash of Person.key>``: stable as long as the key is."""
    return f"{base}person/{person_local(person)}"


def document_iri(doc_id: str, base: str = DEFAULT_BASE) -> str:
    """``base/doc/<doc_id>``."""
    return f"{base}doc/{_segment(doc_id)}"


def event_iri(doc_id: str, index: int, base: str = DEFAULT_BASE) -> str:
    """``base/event/<doc_id>/<entry index>``.

    >>> event_iri("zhangye-2024-07", 3), event_iri("a b|c", 1)
    ('https://w3id.org/dashiji/id/event/zhangye-2024-07/3', 'https://w3id.org/dashiji/id/event/a%20b%7Cc/1')
    """
    return f"{base}event/{_segment(doc_id)}/{int(index)}"


def participation_iri(doc_id: str, index: int, ordinal: int, base: str = DEFAULT_BASE) -> str:
    """``base/participation/<doc_id>/<entry index>/<n>``: the n-th participant of the entry."""
    return f"{base}participation/{_segment(doc_id)}/{int(index)}/{int(ordinal)}"


def mention_iri(doc_id: str, index: int, ordinal: int, base: str = DEFAULT_BASE) -> str:
    """``base/mention/<doc_id>/<entry index>/<n>``: the n-th person named but not taking part."""
    return f"{base}mention/{_segment(doc_id)}/{int(index)}/{int(ordinal)}"


def place_iri(place: AdminPlace | PlaceMention | str, base: str = DEFAULT_BASE, *, context: str = "") -> str:
    """``base/place/<12-digit code>``; a place below the gazetteer gets a slug and a hash of name + context.

    >>> place_iri("620700000000")
    'https://w3id.org/dashiji/id/place/620700000000'
    """
    code = place if isinstance(place, str) else (place.code or "")
    if code:
        return f"{base}place/{_segment(code)}"
    return base + _named("place", place.name, f"{place.name}|{context}")


def organization_iri(label: str, base: str = DEFAULT_BASE, *, context: str = "") -> str:
    """``base/org/<slug>-<hash>`` of an organisation's (expanded) name."""
    return base + _named("org", label, f"{label}|{context}" if context else label)


def venue_iri(name: str, base: str = DEFAULT_BASE, *, context: str = "") -> str:
    """``base/venue/<slug>-<hash>``: a site is told apart from namesakes by its document's city."""
    return base + _named("venue", name, f"{name}|{context}")


def post_iri(person: Person, role: str, organization: str | None, base: str = DEFAULT_BASE) -> str:
    """``base/post/<person>/<hash>``: a post (a role in an organisation) as held by one person.

    ``organization`` is the organisation's full name, as its node is labelled in the graph.
    """
    return f"{base}post/{person_local(person)}/{_short_hash((organization or '') + '|' + role)}"


def role_iri(role: str, base: str = DEFAULT_BASE) -> str:
    """``base/role/<slug>-<hash>``: the one org:Role of a role word, shared by every holder.

    >>> role_iri("副市长")
    'https://w3id.org/dashiji/id/role/fu-shi-zhang-e0f16b52'
    """
    return base + _named("role", role, role)


def near_match_iri(key: str, other: str, base: str = DEFAULT_BASE) -> str:
    """``base/nearmatch/<hash>``: the note that two persons (by key) may be one, the pair in either order."""
    first, second = sorted((key, other))
    return f"{base}nearmatch/{_short_hash(first + '||' + second, 12)}"


def coattendance_iri(person: Person, other: Person, base: str = DEFAULT_BASE) -> str:
    """``base/coattendance/<person>--<person>``: the co-attendance link of two persons, their local
    names in sorted order, so that either order names the one link. A local name never holds "--"
    (its slug joins syllables with one hyphen), so the two names are told apart and no two pairs
    share an IRI. Links sort as their pairs of person IRIs do (first person, then second: "-" sorts
    before every other character of a local name), so the who-meets-whom query breaks ties
    by the link's IRI alone, without joining the links to their persons first.

    >>> one = Person(key="秦丽华|张掖市|1", name="秦丽华", name_simplified="秦丽华", city="张掖市")
    >>> two = Person(key="韩明远|张掖市|1", name="韩明远", name_simplified="韩明远", city="张掖市")
    >>> coattendance_iri(two, one) == coattendance_iri(one, two)
    True
    >>> coattendance_iri(one, two)
    'https://w3id.org/dashiji/id/coattendance/han-mingyuan-92f06e0a--qin-lihua-1bef9c2b'
    """
    first, second = sorted((person_local(person), person_local(other)))
    return f"{base}coattendance/{first}--{second}"
