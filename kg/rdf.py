"""Corpus → RDF: stable IRIs, persons, events, participations, posts and places as deterministic Turtle."""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import hashlib
import operator
import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from kg.errors import KgError
from kg.io import write_atomic
from kg.model import AdminPlace, Corpus, Document, ExtractedEntry, Mention, Person, PlaceMention, Role
from kg.pinyin import person_pinyin, slug, text_slug
from kg.vocab import DCTERMS, DEFAULT_BASE, DSJ, GEO, ORG, PREFIXES, PROV, RDFS, SKOS, XSD, shapes_path

__all__ = [
    "DEFAULT_BASE",
    "EVENT_TYPES",
    "Post",
    "check_base",
    "person_iri",
    "event_iri",
    "document_iri",
    "place_iri",
    "participation_iri",
    "mention_iri",
    "post_iri",
    "organization_iri",
    "venue_iri",
    "event_types",
    "split_title",
    "parse_post",
    "organization_label",
    "corpus_to_turtle",
    "corpus_to_store",
    "write_turtle",
    "validate_graph",
]

# ---------------------------------------------------------------------------------------------
# Turtle terms
# ---------------------------------------------------------------------------------------------

_LOCAL_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")


def _curie(term: str) -> str:
    """A vocabulary IRI as a prefixed name (dsj:attended), else as <IRI>."""
    for prefix, namespace in PREFIXES.items():
        if term.startswith(namespace) and _LOCAL_NAME.fullmatch(term[len(namespace):]):
            return f"{prefix}:{term[len(namespace):]}"
    return f"<{term}>"


_ESCAPES = {ord("\\"): "\\\\", ord('"'): '\\"', ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t"}
_ESCAPES.update({c: f"\\u{c:04X}" for c in (*range(0x20), 0x7F) if c not in _ESCAPES})
# Any character _ESCAPES rewrites: a search for one is far quicker than translating text that has none.
_NEEDS_ESCAPE = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_ESCAPES)) + "]")


def _lit(text: str, lang: str | None = None) -> str:
    """A string literal, escaped for Turtle and N-Triples, with an optional language tag.

    >>> _lit('说"好"', "zh"), _lit("plain")
    ('"说\\\\"好\\\\""@zh', '"plain"')
    """
    body = f'"{text.translate(_ESCAPES) if _NEEDS_ESCAPE.search(text) else text}"'
    return f"{body}@{lang}" if lang else body


@functools.lru_cache(maxsize=65536)
def _date(day: dt.date) -> str:
    """An xsd:date literal; cached, as a corpus names the same few hundred days many times over."""
    return f'"{day.isoformat()}"^^{_XSD_DATE}'


def _decimal(value: float) -> str:
    """A coordinate as a canonical xsd:decimal, to 6 places (about 0.1 m): the form stores keep.

    >>> _decimal(39.3783110), _decimal(100.0)
    ('"39.378311"^^xsd:decimal', '"100"^^xsd:decimal')
    """
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return f'"{"0" if text in ("", "-", "-0") else text}"^^{_XSD_DECIMAL}'


A = "a"
_XSD_DATE, _XSD_DECIMAL, _XSD_STRING = _curie(XSD.date), _curie(XSD.decimal), _curie(XSD.string)
_LABEL, _ALT_LABEL, _TITLE = _curie(RDFS.label), _curie(SKOS.altLabel), _curie(DCTERMS.title)
_IDENTIFIER = _curie(DCTERMS.identifier)
_DERIVED, _ENTITY = _curie(PROV.wasDerivedFrom), _curie(PROV.Entity)
_ORG_POST, _ORG_ORG = _curie(ORG.Post), _curie(ORG.Organization)
_HOLDS, _HELD_BY, _POST_IN = _curie(ORG.holds), _curie(ORG.heldBy), _curie(ORG.postIn)
_LAT, _LONG = _curie(GEO.lat), _curie(GEO.long)
_D = {name: _curie(DSJ[name]) for name in DSJ.__annotations__}  # dsj: terms, spelled once

ROLE_TERMS = {Role.CHAIR: _D["Chair"], Role.LEAD: _D["Lead"], Role.SPEAKER: _D["Speaker"],
              Role.ATTENDEE: _D["Attendee"]}
_LEVEL_CLASS = {"province": _D["Province"], "city": _D["City"], "county": _D["County"],
                "township": _D["Township"], "village": _D["Village"]}
_LANG = {"Hans": "zh", "Hant": "zh-Hant"}
_PINYIN_TAG, _HANS_TAG = "zh-Latn-pinyin", "zh-Hans"

# ---------------------------------------------------------------------------------------------
# IRIs
# ---------------------------------------------------------------------------------------------

_IRI_OK = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]*")


def check_base(base: str) -> str:
    """The base IRI for minted IRIs, validated; a trailing "/" is added unless it ends in / or #.

    >>> check_base("https://example.org/kg")
    'https://example.org/kg/'
    >>> check_base("not an iri")
    Traceback (most recent call last):
    ...
    kg.errors.KgError: --base-iri must be an absolute IRI such as https://example.org/kg/, not 'not an iri'
    """
    base = (base or "").strip()
    if not _IRI_OK.fullmatch(base):
        raise KgError(f"--base-iri must be an absolute IRI such as https://example.org/kg/, not {base!r}")
    return base if base.endswith(("/", "#")) else base + "/"


@functools.lru_cache(maxsize=262144)
def _short_hash(text: str, size: int = 8) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:size]


@functools.lru_cache(maxsize=65536)
def _segment(text: str) -> str:
    """One IRI path segment: letters, digits and -._~ kept (any script), everything else %-encoded."""
    return "".join(c if c.isalnum() or c in "-._~" else quote(c, safe="") for c in text)


def _named(prefix: str, name: str, identity: str) -> str:
    readable = text_slug(name)
    return f"{prefix}/{readable}-{_short_hash(identity)}" if readable else f"{prefix}/{_short_hash(identity)}"


def _person_local(person: Person) -> str:
    return _local_name(person.key, person.name_simplified or person.name)


@functools.lru_cache(maxsize=262144)
def _local_name(key: str, name: str) -> str:
    readable = slug(name)
    return f"{readable}-{_short_hash(key)}" if readable else _short_hash(key)


def person_iri(person: Person, base: str = DEFAULT_BASE) -> str:
    """``base/person/<pinyin slug>-<hash of Person.key>``: stable as long as the key is.

    >>> p = Person(key="秦丽华|张掖市|1", name="秦丽华", name_simplified="秦丽华", city="张掖市")
    >>> person_iri(p)
    'https://w3id.org/dashiji/id/person/qin-lihua-1bef9c2b'
    """
    return f"{base}person/{_person_local(person)}"


def document_iri(doc_id: str, base: str = DEFAULT_BASE) -> str:
    """``base/doc/<doc_id>``."""
    return f"{base}doc/{_segment(doc_id)}"


def event_iri(doc_id: str, index: int, base: str = DEFAULT_BASE) -> str:
    """``base/event/<doc_id>/<entry index>``.

    >>> event_iri("zhangye-2024-07", 3)
    'https://w3id.org/dashiji/id/event/zhangye-2024-07/3'
    """
    return f"{base}event/{_segment(doc_id)}/{index}"


def participation_iri(doc_id: str, index: int, ordinal: int, base: str = DEFAULT_BASE) -> str:
    """``base/participation/<doc_id>/<entry index>/<n>``: the n-th participant of the entry."""
    return f"{base}participation/{_segment(doc_id)}/{index}/{ordinal}"


def mention_iri(doc_id: str, index: int, ordinal: int, base: str = DEFAULT_BASE) -> str:
    """``base/mention/<doc_id>/<entry index>/<n>``: the n-th person named but not taking part."""
    return f"{base}mention/{_segment(doc_id)}/{index}/{ordinal}"


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


def post_iri(person: Person, post: "Post", base: str = DEFAULT_BASE) -> str:
    """``base/post/<person>/<hash>``: a post as held by one person, dated by its mentions.

    ``post.organization`` should be unambiguous (the expanded name or the organisation's IRI).
    """
    return f"{base}post/{_person_local(person)}/{_short_hash((post.organization or '') + '|' + post.label)}"


# ---------------------------------------------------------------------------------------------
# Event types and posts (from the text; lexicons, never names)
# ---------------------------------------------------------------------------------------------

EVENT_TYPES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Meeting", ("会议", "座谈会", "常务会议", "会见", "会谈", "推进会", "汇报会", "调度会", "联席会", "交流会")),
    ("Inspection", ("调研", "考察", "检查", "督查", "视察", "察看")),
    ("Ceremony", ("仪式", "开幕", "揭牌", "开工", "典礼", "授牌")),
    ("Signing", ("签约", "签订", "签署")),
    ("Forum", ("论坛", "年会", "研讨会", "峰会")),
    ("Visit", ("慰问", "看望")),
    ("Training", ("培训班", "授课", "培训")),
)
_TYPE_NAMES = {name.lower(): name for name, _ in EVENT_TYPES}


def event_types(text: str) -> tuple[str, ...]:
    """The kinds of event an entry's (Simplified) text makes plain, as dsj: individual names.

    >>> event_types("5日,第三十届兰洽会张掖市招商引资推介暨重点项目签约仪式在兰举行。市委书记韩明远主持签约仪式")
    ('Ceremony', 'Signing')
    >>> event_types("韩明远主持召开市级领导招商引资情况汇报会")
    ('Meeting',)
    """
    return tuple(name for name, words in EVENT_TYPES if any(w in text for w in words))


# Position words that end a post (longest first); modifiers widen the position leftwards.
_HEADS = tuple(sorted((
    "书记", "常委", "委员", "市长", "州长", "县长", "区长", "省长", "旗长", "盟长", "镇长", "乡长",
    "主任", "主席", "部长", "厅长", "局长", "处长", "科长", "司长", "院长", "校长", "所长", "站长",
    "馆长", "社长", "行长", "会长", "理事长", "秘书长", "董事长", "总经理", "经理", "总裁", "检察长",
    "庭长", "参赞", "大使", "代办", "巡视员", "调研员", "专员", "成员", "组长", "队长", "主委", "总监",
    "主编", "台长", "团长", "研究员", "院士", "教授", "政委", "司令员", "负责人", "总工程师", "专家",
    "理事", "监事长", "领事", "总领事", "大臣", "总统", "总理", "议长", "首相", "主席团成员", "指挥长",
), key=len, reverse=True))
_MODIFIERS = ("常务副", "副", "常务", "执行", "党组", "分党组", "党委", "党工委", "党总支", "一级", "二级",
              "三级", "首席", "名誉", "代理", "临时", "驻华", "专职")
_IMPLIED_ORG = {"市长": "市人民政府", "州长": "州人民政府", "县长": "县人民政府", "区长": "区人民政府",
                "省长": "省人民政府", "旗长": "旗人民政府", "盟长": "盟行政公署", "镇长": "镇人民政府",
                "乡长": "乡人民政府"}
_NOT_POSTS = ("领导", "同志", "代表", "嘉宾")
_FORMER = ("原", "前")
_LOCAL_PREFIXES = "市州县区旗盟省镇乡"


@dataclass(frozen=True, order=True)
class Post:
    """A post read from a title: its label (市委副书记) and the organisation it is in, if named or implied."""

    label: str
    organization: str | None = None  # as written in the title: 市委, 省交通运输厅, 河西学院


def split_title(title: str | None) -> tuple[str, ...]:
    """The single titles in a compound title (split on 、, ， and 兼).

    >>> split_title("市委副书记、市长")
    ('市委副书记', '市长')
    """
    return tuple(p.strip() for p in re.split(r"[、，,;；]|兼", title or "") if p.strip())


def _head(piece: str) -> str | None:
    return next((h for h in _HEADS if piece.endswith(h)), None)


def parse_post(title: str | None) -> tuple[Post, ...]:
    """The posts a (Simplified) title names, each with the organisation written or implied.

    A single title without an organisation of its own takes the one before it
    (市政协党组书记、主席 → 主席 of 市政协); 市长, 副州长... imply the people's government.

    >>> parse_post("市委副书记、市长")
    (Post(label='市委副书记', organization='市委'), Post(label='市长', organization='市人民政府'))
    >>> parse_post("中国联合工程有限公司党委书记、董事长")[1]
    Post(label='董事长', organization='中国联合工程有限公司')
    >>> parse_post("市领导"), parse_post("十堰著名画家")
    ((), ())
    """
    posts, previous = [], None
    for piece in split_title(title):
        head = _head(piece)
        if head is None or piece.startswith(_FORMER) or any(piece.endswith(w) for w in _NOT_POSTS):
            continue
        org = piece[: -len(head)]
        changed = True
        while changed:
            changed = False
            for modifier in _MODIFIERS:
                if org.endswith(modifier):
                    org, changed = org[: -len(modifier)], True
                    break
        if not org:
            org = _IMPLIED_ORG.get(head) or previous
        posts.append(Post(piece, org or None))
        previous = org or previous
    return tuple(posts)


def organization_label(name: str, city: AdminPlace | None, province: AdminPlace | None) -> str | None:
    """An organisation's name made unambiguous with the document's city or province; None if it cannot be.

    >>> zhangye = AdminPlace("620700000000", "张掖市", "city", "620000000000")
    >>> gansu = AdminPlace("620000000000", "甘肃省", "province")
    >>> [organization_label(n, zhangye, gansu) for n in ("市委", "省交通运输厅", "河西学院", "县委")]
    ['张掖市委', '甘肃省交通运输厅', '河西学院', None]
    """
    if not name:
        return None
    first = name[0]
    if first not in _LOCAL_PREFIXES or len(name) < 2:
        return name
    if first == "省":
        return province.name + name[1:] if province is not None and province.name.endswith("省") else None
    if city is not None and city.name.endswith(first):
        return city.name + name[1:]
    return None


# ---------------------------------------------------------------------------------------------
# The graph builder
# ---------------------------------------------------------------------------------------------


_KIND_ORDER = {kind: rank for rank, kind in enumerate(
    ("doc", "event", "participation", "mention", "person", "post", "org", "place", "venue"))}


class _Graph:
    """Triples as Turtle tokens, by subject; the same corpus gives the same bytes.

    Subjects are written by kind (documents, events, participations, mentions, persons, posts,
    organisations, places, venues), each kind in the order the corpus gives them. Subjects whose
    triples are all known at once (documents, events, participations, posts) keep the order of
    :meth:`block`; shared nodes (persons, places, organisations) collect lines through :meth:`add`,
    which are de-duplicated and sorted when written.
    """

    def __init__(self, base: str):
        self.base = base
        self.relative = base.endswith("/") and base.startswith(("http://", "https://")) and "?" not in base
        self.subjects: dict[str, list[tuple[str, str]]] = {}
        self.blocks: dict[str, list[tuple[str, str]]] = {}

    def ref(self, iri: str) -> str:
        if self.relative and iri.startswith(self.base):
            return f"<{iri[len(self.base):]}>"
        return f"<{iri}>"

    def add(self, subject: str, predicate: str, obj: str) -> None:
        """Add one triple; ``subject`` is a token from :meth:`ref`, the others Turtle tokens."""
        lines = self.subjects.get(subject)
        if lines is None:
            lines = self.subjects[subject] = []
        lines.append((predicate, obj))

    def block(self, subject: str, pairs: list[tuple[str, str]]) -> None:
        """All the (predicate, object) pairs of a subject minted here, in the order to write them."""
        self.blocks.setdefault(subject, []).extend(pairs)

    def has(self, subject: str) -> bool:
        return subject in self.subjects or subject in self.blocks

    def _kind(self, subject: str) -> int:
        local = subject[1:-1]
        if local.startswith(self.base):
            local = local[len(self.base):]
        return _KIND_ORDER.get(local.split("/", 1)[0], len(_KIND_ORDER))

    def _ordered(self) -> list[str]:
        """Every subject, by kind, each kind in first-seen order (blocks first): a stable sort by bucket."""
        buckets: list[list[str]] = [[] for _ in range(len(_KIND_ORDER) + 1)]
        for subject in self.blocks:
            buckets[self._kind(subject)].append(subject)
        for subject in self.subjects:
            if subject not in self.blocks:
                buckets[self._kind(subject)].append(subject)
        return [subject for bucket in buckets for subject in bucket]

    def _pairs(self, subject: str) -> list[tuple[str, str]]:
        """A subject's (predicate, object) pairs: its block, de-duplicated, then its other pairs sorted.

        Pairs sort as the text "predicate object" would, as a predicate never holds a space.
        """
        block = self.blocks.get(subject)
        pairs = list(dict.fromkeys(block)) if block else []
        lines = self.subjects.get(subject)
        if lines:
            extra = set(lines)
            if pairs:
                extra.difference_update(pairs)
            pairs.extend(sorted(extra))
        return pairs

    def turtle(self) -> tuple[str, int]:
        """The Turtle text and the triple count; objects of a repeated predicate are joined with ``,``.

        Tokens go into one flat list joined once, rather than a string per subject.
        """
        head = ["# Dashiji knowledge graph: written by kg (https://w3id.org/dashiji/ontology).\n"]
        if self.relative:
            head.append(f"@base <{self.base}> .\n")
        head.extend(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items())
        out, count = head, 0
        append = out.append
        for subject in self._ordered():
            pairs = self._pairs(subject)
            count += len(pairs)
            append(f"\n{subject}")
            previous = None
            for predicate, obj in pairs:
                if predicate == previous:
                    append(f" , {obj}")
                else:
                    append(f" {predicate} {obj}" if previous is None else f" ;\n    {predicate} {obj}")
                    previous = predicate
            append(" .\n")
        return "".join(out), count


@dataclass
class _Context:
    """Lookups shared by the builder steps, and caches of nodes already made."""

    graph: _Graph
    base: str
    gazetteer: object | None
    documents: dict[str, Document]
    entries: dict[tuple[str, int], ExtractedEntry]
    ref_by_mention: dict[tuple[str, int, int, int], str]  # (doc, entry, start, end) -> the person's node
    person_refs: dict[str, str]
    cities: dict[str, AdminPlace | None]
    organizations: dict[tuple[str, str | None, bool, str], str | None]


def _lang(doc: Document | None) -> str:
    return _LANG.get(doc.script if doc else "Hans", "zh")


@functools.lru_cache(maxsize=65536)
def _simplify(text: str) -> str:
    try:
        from kg.gazetteer import simplify
    except ImportError:  # pragma: no cover - the gazetteer module ships with kg
        import zhconv

        out = zhconv.convert(text, "zh-cn")
        return out if len(out) == len(text) else text
    return simplify(text)


def _load_gazetteer(gazetteer):
    if gazetteer is False:
        return None
    if gazetteer is not None:
        return gazetteer
    try:
        from kg.gazetteer import load_gazetteer
    except ImportError:
        return None
    try:
        return load_gazetteer()
    except OSError:
        return None


def _level_of_code(code: str) -> str:
    if code.endswith("0" * 10):
        return "province"
    if code.endswith("0" * 8):
        return "city"
    if code.endswith("0" * 6):
        return "county"
    if code.endswith("000"):
        return "township"
    return "village"


def _level_of_name(name: str) -> str | None:
    if name.endswith(("村", "社区", "嘎查")):
        return "village"
    if name.endswith(("镇", "乡", "街道", "苏木")):
        return "township"
    return None


def _place_node(ctx: _Context, code: str, name: str | None = None, doc: Document | None = None,
                where: tuple[str, str] | None = None, surface: str | None = None) -> str:
    """The node of a coded place, with its ancestors; returns its Turtle token."""
    g, gaz = ctx.graph, ctx.gazetteer
    code = code.strip().ljust(12, "0") if code.strip().isdigit() else code.strip()
    admin = gaz.get(code) if gaz is not None else None
    ref = g.ref(place_iri(code, ctx.base))
    if not g.has(ref):
        label = admin.name if admin is not None else (name or code)
        level = admin.level if admin is not None else _level_of_code(code)
        g.add(ref, A, _D["Place"])
        if level in _LEVEL_CLASS:
            g.add(ref, A, _LEVEL_CLASS[level])
        g.add(ref, _LABEL, _lit(label, "zh"))
        g.add(ref, _D["adminCode"], _lit(code))
        if admin is not None:
            _short_forms(g, ref, admin.name)
            if admin.lat is not None and admin.lon is not None:
                g.add(ref, _LAT, _decimal(admin.lat))
                g.add(ref, _LONG, _decimal(admin.lon))
            if admin.parent_code:
                g.add(ref, _D["within"], _place_node(ctx, admin.parent_code))
    if doc is not None and doc.script == "Hant" and where is not None:
        official = admin.name if admin is not None else (name or "")
        _hant_label(g, ref, _as_written(official, *where, surface, name))
    return ref


def _short_forms(g: _Graph, ref: str, name: str) -> None:
    try:
        from kg.gazetteer import short_forms
    except ImportError:  # pragma: no cover
        return
    for form in short_forms(name):
        g.add(ref, _ALT_LABEL, _lit(form, "zh"))


def _as_written(official: str, text: str, simplified: str, *candidates: str | None) -> str | None:
    """A name as a Traditional text writes it: found through the same-length Simplified text.

    >>> _as_written("广东省", "赴廣東省珠海市", "赴广东省珠海市")
    '廣東省'
    """
    if official:
        at = simplified.find(official)
        if at >= 0 and len(simplified) == len(text):
            return text[at: at + len(official)]
    return next((c for c in candidates if c and _simplify(c) == official), None)


def _hant_label(g: _Graph, ref: str, written: str | None) -> None:
    if written:
        g.add(ref, _LABEL, _lit(written, "zh-Hant"))


def _city_of(ctx: _Context, doc: Document) -> AdminPlace | None:
    """The document's own city as a gazetteer place (looked up once per document)."""
    if doc.doc_id not in ctx.cities:
        city = None
        if ctx.gazetteer is not None and doc.place is not None and doc.place.code:
            city = doc.place
        ctx.cities[doc.doc_id] = city
    return ctx.cities[doc.doc_id]


def _province_of(ctx: _Context, city: AdminPlace | None) -> AdminPlace | None:
    if city is None or ctx.gazetteer is None:
        return None
    if city.level == "province":
        return city
    return ctx.gazetteer.get(city.code[:2] + "0" * 10)


def _add_document(ctx: _Context, doc: Document) -> None:
    g = ctx.graph
    ref = g.ref(document_iri(doc.doc_id, ctx.base))
    pairs = [(A, _D["Document"]), (A, _ENTITY), (_IDENTIFIER, _lit(doc.doc_id))]
    if doc.title:
        pairs.append((_TITLE, _lit(doc.title, _lang(doc))))
    if doc.source_url and _IRI_OK.fullmatch(doc.source_url.strip()):
        pairs.append((_D["sourceUrl"], f"<{doc.source_url.strip()}>"))
    if doc.period is not None:
        first, last = _period_days(doc.period)
        pairs += [(_D["period"], _lit(str(doc.period))), (_D["periodStart"], _date(first)),
                  (_D["periodEnd"], _date(last))]
    pairs += [(_D["periodSource"], _lit(doc.period_source)), (_D["script"], _lit(doc.script)),
              (_D["sha256"], _lit(doc.sha256.lower()))]
    if doc.city:
        city = _city_of(ctx, doc)
        if city is not None:
            node = _place_node(ctx, city.code, doc.city, doc, (doc.text, doc.simplified), doc.city)
        else:
            node = g.ref(place_iri(PlaceMention("admin", doc.city, doc.city, 0, 0), ctx.base))
            g.add(node, A, _D["Place"])
            g.add(node, _LABEL, _lit(doc.city, _lang(doc)))
        pairs.append((_D["city"], node))
    g.block(ref, pairs)


def _period_days(period) -> tuple[dt.date, dt.date]:
    first = dt.date(period.year, period.month or 1, 1)
    end_year = period.end_year or period.year
    end_month = period.end_month or (period.month if not period.end_year else 12) or 12
    return first, dt.date(end_year, end_month, calendar.monthrange(end_year, end_month)[1])


def _types_of(item: ExtractedEntry) -> tuple[str, ...]:
    if item.event_types:
        names = (_TYPE_NAMES.get(t.strip().lower()) for t in item.event_types)
        return tuple(sorted({n for n in names if n}))
    return event_types(item.entry.simplified or item.entry.text)


def _add_event(ctx: _Context, item: ExtractedEntry) -> None:
    g, entry = ctx.graph, item.entry
    doc = ctx.documents.get(entry.doc_id)
    lang = _lang(doc)
    ref = g.ref(event_iri(entry.doc_id, entry.index, ctx.base))
    pairs = [(A, _D["Event"])]
    if entry.date is not None:
        pairs.append((_D["date"], _date(entry.date)))
    if entry.end_date is not None and entry.end_date != entry.date:
        pairs.append((_D["endDate"], _date(entry.end_date)))
    if entry.time_of_day:
        pairs.append((_D["timeOfDay"], _lit(entry.time_of_day, lang)))
    if entry.approximate:
        pairs.append((_D["approximateDate"], "true"))
    if entry.date_inherited:
        pairs.append((_D["dateInherited"], "true"))
    pairs.append((_D["entryIndex"], str(int(entry.index))))
    pairs.append((_D["line"], str(int(entry.line))))
    pairs.extend((_D["eventType"], _D[name]) for name in _types_of(item))
    pairs.extend(_places_of(ctx, item, doc))
    pairs.extend(_people_of(ctx, ref, item, doc))
    pairs.append((_D["sourceText"], _lit(entry.text, lang)))
    pairs.append((_DERIVED, g.ref(document_iri(entry.doc_id, ctx.base))))
    g.block(ref, pairs)


def _places_of(ctx: _Context, item: ExtractedEntry, doc: Document | None) -> list[tuple[str, str]]:
    """(predicate, node) pairs for the entry's places, venues and organisations, grouped by predicate."""
    g = ctx.graph
    lang = _lang(doc)
    city = _city_of(ctx, doc) if doc is not None else None
    context = (doc.city or doc.doc_id) if doc is not None else item.entry.doc_id
    coded = [p for p in item.places if p.kind == "admin" and p.code]
    located, venues, orgs = [], [], []
    for place in item.places:
        if place.kind == "admin":
            if place.code:
                where = (item.entry.text, item.entry.simplified)
                located.append(_place_node(ctx, place.code, place.name, doc, where, place.surface))
            else:
                located.append(_uncoded_place(ctx, place, coded, city, doc, item))
        elif place.kind == "venue":
            node = g.ref(venue_iri(place.name, ctx.base, context=context))
            if not g.has(node):
                g.add(node, A, _D["Venue"])
            g.add(node, _LABEL, _lit(place.name, lang))
            venues.append(node)
        elif place.kind == "org":
            node = _organization(ctx, _simplify(place.name), doc, written=True)
            if node is not None:
                orgs.append(node)
    return ([(_D["locatedAt"], n) for n in dict.fromkeys(located)] + [(_D["venue"], n) for n in dict.fromkeys(venues)]
            + [(_D["mentionsOrganization"], n) for n in dict.fromkeys(orgs)])


def _uncoded_place(ctx: _Context, place: PlaceMention, coded: list[PlaceMention], city: AdminPlace | None,
                   doc: Document | None, item: ExtractedEntry) -> str:
    """A township or village below the gazetteer, within the most specific coded place of its entry."""
    g = ctx.graph
    parent = max(coded, key=lambda p: (len(p.code.rstrip("0")), p.code), default=None)
    parent_code = parent.code if parent is not None else (city.code if city is not None else "")
    ref = g.ref(place_iri(place, ctx.base, context=parent_code or ((doc.city or "") if doc else "")))
    if not g.has(ref):
        g.add(ref, A, _D["Place"])
        level = _level_of_name(_simplify(place.name))
        if level:
            g.add(ref, A, _LEVEL_CLASS[level])
        g.add(ref, _LABEL, _lit(_simplify(place.name), "zh"))
        if parent_code:
            g.add(ref, _D["within"], _place_node(ctx, parent_code))
    if doc is not None and doc.script == "Hant":
        entry = item.entry
        _hant_label(g, ref, _as_written(_simplify(place.name), entry.text, entry.simplified, place.surface, place.name))
    return ref


def _organization(ctx: _Context, name: str, doc: Document | None, *, written: bool = False) -> str | None:
    """The node of an organisation, its name expanded with the document's city or province.

    A name that cannot be expanded (县委 in a city's chronicle) is kept, as written, only when the
    text names it (``written``), and then only within its document; from a title it is dropped.
    The node depends on the name, the city and, for a written name, the document: the cache key.
    """
    doc_id = doc.doc_id if doc is not None else ""
    city = _city_of(ctx, doc) if doc is not None else None
    key = (name, city.code if city is not None else None, written, doc_id if written else "")
    if key in ctx.organizations:
        return ctx.organizations[key]
    label = organization_label(name, city, _province_of(ctx, city))
    context = ""
    if label is None and written:
        label, context = name, doc_id
    ref = None
    if label is not None:
        g = ctx.graph
        ref = g.ref(organization_iri(label, ctx.base, context=context))
        if not g.has(ref):
            g.add(ref, A, _ORG_ORG)
            g.add(ref, _LABEL, _lit(label, "zh"))
    ctx.organizations[key] = ref
    return ref


def _strongest(mentions: list[Mention]) -> Mention:
    """The mention with the strongest role (the first of equals); most persons have just one."""
    if len(mentions) == 1:
        return mentions[0]
    return max(mentions, key=lambda m: ((m.role or Role.ATTENDEE).strength, -m.start))


_SPAN = operator.attrgetter("start", "end")


def _people_of(ctx: _Context, ref: str, item: ExtractedEntry, doc: Document | None) -> list[tuple[str, str]]:
    """Participations (present) and person mentions (absent), one per person and entry.

    Returns the event's dsj:mentions pairs; dsj:attended goes on the person.
    """
    g, entry = ctx.graph, item.entry
    lang = _lang(doc)
    by_person: dict[str, list[Mention]] = {}
    ref_by_mention = ctx.ref_by_mention
    for mention in sorted(item.mentions, key=_SPAN):
        person_ref = ref_by_mention.get((mention.doc_id, mention.entry_index, mention.start, mention.end))
        if person_ref is not None:
            by_person.setdefault(person_ref, []).append(mention)
    mentioned, present_n, absent_n = [], 0, 0
    for person_ref, mentions in by_person.items():
        present = [m for m in mentions if m.present]
        title = next((m.title for m in mentions if m.title), None)
        if present:
            present_n += 1
            chosen = _strongest(present)
            node = g.ref(participation_iri(entry.doc_id, entry.index, present_n, ctx.base))
            pairs = [(A, _D["Participation"]), (_D["agent"], person_ref),
                     (_D["role"], ROLE_TERMS[chosen.role or Role.ATTENDEE])]
            g.add(person_ref, _D["attended"], ref)
        else:
            absent_n += 1
            chosen = mentions[0]
            node = g.ref(mention_iri(entry.doc_id, entry.index, absent_n, ctx.base))
            pairs = [(A, _D["PersonMention"]), (_D["person"], person_ref)]
            mentioned.append((_D["mentions"], person_ref))
        pairs += [(_D["event"], ref), (_D["start"], str(int(chosen.start))), (_D["end"], str(int(chosen.end)))]
        if title:
            pairs.append((_D["title"], _lit(title, lang)))
        g.block(node, pairs)
    return mentioned


def _add_person(ctx: _Context, person: Person) -> None:
    g = ctx.graph
    ref = ctx.person_refs[person.key]
    g.add(ref, A, _D["Person"])
    written: dict[tuple[str, str, str], None] = {}  # (name, simplified, script)
    for mention in person.mentions:
        doc = ctx.documents.get(mention.doc_id)
        written[(mention.name, mention.name_simplified or _simplify(mention.name), doc.script if doc else "Hans")] = None
        if mention.title:
            g.add(ref, _D["title"], _lit(mention.title, _lang(doc)))
    if not written:
        script = "Hant" if person.name != person.name_simplified else "Hans"
        written[(person.name, person.name_simplified or person.name, script)] = None
    for name, simplified, script in written:
        g.add(ref, _LABEL, _lit(name, _LANG.get(script, "zh")))
        if script == "Hant":
            g.add(ref, _ALT_LABEL, _lit(simplified, _HANS_TAG))
    romanised = person_pinyin(person.name_simplified or person.name)
    if romanised:
        g.add(ref, _LABEL, _lit(romanised, _PINYIN_TAG))
    for key in person.homonyms:
        other = ctx.person_refs.get(key)
        if other is not None and other != ref:
            g.add(ref, _D["possibleSameNameAs"], other)
            g.add(other, _D["possibleSameNameAs"], ref)
    _add_posts(ctx, ref, person)


@functools.lru_cache(maxsize=65536)
def _posts_in(title: str) -> tuple[Post, ...]:
    return parse_post(_simplify(title))


def _add_posts(ctx: _Context, ref: str, person: Person) -> None:
    """org:Post nodes from the titles at each mention, dated by the first and last entry they were seen in."""
    g = ctx.graph
    seen: dict[tuple[str, str | None], list[dt.date]] = {}
    for mention in person.mentions:
        if not mention.title:
            continue
        posts = _posts_in(mention.title)
        if not posts:
            continue
        item = ctx.entries.get((mention.doc_id, mention.entry_index))
        doc = ctx.documents.get(mention.doc_id)
        days = [d for d in ((item.entry.date, item.entry.end_date) if item else ()) if d is not None]
        for post in posts:
            org = _organization(ctx, post.organization, doc) if post.organization else None
            seen.setdefault((post.label, org), []).extend(days)
    for (label, org), days in seen.items():
        node = g.ref(post_iri(person, Post(label, org), ctx.base))
        pairs = [(A, _ORG_POST), (_LABEL, _lit(label, "zh")), (_HELD_BY, ref)]
        if org is not None:
            pairs.append((_POST_IN, org))
        if days:
            pairs += [(_D["firstSeen"], _date(min(days))), (_D["lastSeen"], _date(max(days)))]
        g.block(node, pairs)
        g.add(ref, _HOLDS, node)


def _build(corpus: Corpus, base_iri: str, gazetteer) -> _Graph:
    base = check_base(base_iri)
    graph = _Graph(base)
    person_refs = {p.key: graph.ref(person_iri(p, base)) for p in corpus.persons}
    ctx = _Context(
        graph=graph, base=base, gazetteer=_load_gazetteer(gazetteer),
        documents={d.doc_id: d for d in corpus.documents},
        entries={(e.entry.doc_id, e.entry.index): e for e in corpus.entries},
        ref_by_mention={(m.doc_id, m.entry_index, m.start, m.end): person_refs[p.key]
                        for p in corpus.persons for m in p.mentions},
        person_refs=person_refs,
        cities={}, organizations={},
    )
    for doc in corpus.documents:
        _add_document(ctx, doc)
    for item in corpus.entries:
        _add_event(ctx, item)
    for person in corpus.persons:
        _add_person(ctx, person)
    return graph


def corpus_to_turtle(corpus: Corpus, *, base_iri: str = DEFAULT_BASE, gazetteer=None) -> tuple[str, int]:
    """The corpus as Turtle text and its number of triples; same corpus → same bytes.

    ``gazetteer`` defaults to :func:`kg.gazetteer.load_gazetteer` (codes, positions, parents);
    pass False to write places with what the extraction found only.
    """
    return _build(corpus, base_iri, gazetteer).turtle()


def corpus_to_store(corpus: Corpus, *, base_iri: str = DEFAULT_BASE, gazetteer=None):
    """The corpus as an in-memory ``pyoxigraph.Store``, ready for SPARQL."""
    import pyoxigraph as ox

    text, _ = corpus_to_turtle(corpus, base_iri=base_iri, gazetteer=gazetteer)
    store = ox.Store()
    store.load(text.encode("utf-8"), format=ox.RdfFormat.TURTLE)
    return store


def write_turtle(corpus: Corpus, path: str | os.PathLike, *, base_iri: str = DEFAULT_BASE, gazetteer=None) -> int:
    """Write the corpus graph as Turtle, atomically (temp file + os.replace); returns the triple count."""
    text, count = corpus_to_turtle(corpus, base_iri=base_iri, gazetteer=gazetteer)
    write_atomic(path, text.encode("utf-8"))
    return count



def validate_graph(graph, *, shapes: str | os.PathLike | None = None) -> tuple[bool, str]:
    """Validate a graph (a Turtle path, Turtle text or rdflib Graph) against ontology/shapes.ttl.

    Returns ``(conforms, report text)``; uses pyshacl without inference, so the graph must
    state its types itself (it does).
    """
    import pyshacl
    import rdflib

    if isinstance(graph, rdflib.Graph):
        data = graph
    elif isinstance(graph, os.PathLike) or (isinstance(graph, str) and "\n" not in graph and Path(graph).is_file()):
        data = rdflib.Graph().parse(str(graph), format="turtle")
    else:
        data = rdflib.Graph().parse(data=graph, format="turtle")
    shape_graph = rdflib.Graph().parse(str(shapes or shapes_path()), format="turtle")
    conforms, _, text = pyshacl.validate(data, shacl_graph=shape_graph, inference="none", advanced=True)
    return bool(conforms), text

