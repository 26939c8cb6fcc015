"""Deterministic Turtle: terms as tokens, escaped literals, and a writer that buckets subjects by kind.

The graph builder hands over Turtle tokens (``dsj:Event``, ``"说"@zh``, ``<event/x/1>``); this
module only spells them and writes them out, so the same triples always give the same bytes.

>>> triples = Triples("https://example.org/kg/")
>>> event = triples.ref("https://example.org/kg/event/x/1")
>>> triples.block(event, [(A, term("Event")), (term("sourceText"), literal("1日,会议", "zh"))])
>>> print(triples.turtle()[0].split("\\n\\n")[1])
<event/x/1> a dsj:Event ;
    dsj:sourceText "1日,会议"@zh .
<BLANKLINE>
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from kg.context import memoized
from kg.model import AdminLevel, Role, Script
from kg.vocab import DCTERMS, DSJ, GEO, ORG, PREFIXES, PROV, RDFS, SKOS, XSD

__all__ = [
    "A",
    "curie",
    "term",
    "literal",
    "date_literal",
    "decimal_literal",
    "year_literal",
    "language_tag",
    "Triples",
    "ROLE_TERMS",
    "LEVEL_CLASSES",
    "LABEL",
    "ALT_LABEL",
    "TITLE",
    "IDENTIFIER",
    "DERIVED_FROM",
    "ENTITY",
    "ORG_POST",
    "ORG_ORGANIZATION",
    "HOLDS",
    "HELD_BY",
    "POST_IN",
    "LAT",
    "LONG",
    "PINYIN_TAG",
    "HANS_TAG",
]

_LOCAL_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")


def curie(iri: str) -> str:
    """A vocabulary IRI as a prefixed name (dsj:attended), else as <IRI>.

    >>> curie("https://w3id.org/dashiji/ontology#attended"), curie("http://example.org/x y")
    ('dsj:attended', '<http://example.org/x y>')
    """
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and _LOCAL_NAME.fullmatch(iri[len(namespace):]):
            return f"{prefix}:{iri[len(namespace):]}"
    return f"<{iri}>"


_DSJ_TERMS = {name: curie(DSJ[name]) for name in DSJ.__annotations__}  # dsj: terms, spelled once


def term(name: str) -> str:
    """A term of the dsj: ontology as a token; a name the ontology lacks is a KeyError.

    >>> term("Participation")
    'dsj:Participation'
    """
    return _DSJ_TERMS[name]


_ESCAPES = {ord("\\"): "\\\\", ord('"'): '\\"', ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t"}
_ESCAPES.update({c: f"\\u{c:04X}" for c in (*range(0x20), 0x7F) if c not in _ESCAPES})
# Any character _ESCAPES rewrites: a search for one is far quicker than translating text that has none.
_NEEDS_ESCAPE = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_ESCAPES)) + "]")


def literal(text: str, lang: str | None = None) -> str:
    """A string literal, escaped for Turtle and N-Triples, with an optional language tag.

    >>> literal('说"好"', "zh"), literal("a\\x08b")
    ('"说\\\\"好\\\\""@zh', '"a\\\\u0008b"')
    """
    body = f'"{text.translate(_ESCAPES) if _NEEDS_ESCAPE.search(text) else text}"'
    return f"{body}@{lang}" if lang else body


A = "a"
_XSD_DATE, _XSD_DECIMAL, _XSD_GYEAR = curie(XSD.date), curie(XSD.decimal), curie(XSD.gYear)
LABEL, ALT_LABEL, TITLE = curie(RDFS.label), curie(SKOS.altLabel), curie(DCTERMS.title)
IDENTIFIER = curie(DCTERMS.identifier)
DERIVED_FROM, ENTITY = curie(PROV.wasDerivedFrom), curie(PROV.Entity)
ORG_POST, ORG_ORGANIZATION = curie(ORG.Post), curie(ORG.Organization)
HOLDS, HELD_BY, POST_IN = curie(ORG.holds), curie(ORG.heldBy), curie(ORG.postIn)
LAT, LONG = curie(GEO.lat), curie(GEO.long)
PINYIN_TAG, HANS_TAG = "zh-Latn-pinyin", "zh-Hans"

#: The dsj: role of a participation, by :class:`Role`.
ROLE_TERMS = {Role.CHAIR: term("Chair"), Role.LEAD: term("Lead"), Role.SPEAKER: term("Speaker"),
              Role.ATTENDEE: term("Attendee")}
#: The dsj: class of an administrative place, by :class:`AdminLevel`.
LEVEL_CLASSES = {level: term(level.value.capitalize()) for level in AdminLevel}
_LANGUAGE_TAGS = {Script.HANS: "zh", Script.HANT: "zh-Hant"}


def language_tag(script: Script | str | None) -> str:
    """The language tag of text written in ``script`` (zh, or zh-Hant for Traditional)."""
    return _LANGUAGE_TAGS.get(script, "zh")


@memoized
def date_literal(day: dt.date) -> str:
    """An xsd:date literal; memoised, as a corpus names the same few hundred days many times over."""
    return f'"{day.isoformat()}"^^{_XSD_DATE}'


def year_literal(year: int) -> str:
    """An xsd:gYear literal (the years of a division of the past).

    >>> year_literal(1990)
    '"1990"^^xsd:gYear'
    """
    return f'"{year:04d}"^^{_XSD_GYEAR}'


def decimal_literal(value: float) -> str:
    """A coordinate as a canonical xsd:decimal, to 6 places (about 0.1 m): the form stores keep.

    >>> decimal_literal(39.3783110), decimal_literal(100.0)
    ('"39.378311"^^xsd:decimal', '"100"^^xsd:decimal')
    """
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return f'"{"0" if text in ("", "-", "-0") else text}"^^{_XSD_DECIMAL}'


_KIND_ORDER = {kind: rank for rank, kind in enumerate(
    ("doc", "event", "participation", "mention", "person", "post", "org", "place", "venue"))}


class Triples:
    """Triples as Turtle tokens, by subject; the same triples give the same bytes.

    Subjects are written by kind (documents, events, participations, mentions, persons, posts,
    organisations, places, venues), each kind in the order they were first given. Subjects whose
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
        """The token of a minted IRI: relative to the base when the file declares ``@base``."""
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
        """Whether the subject has any triple yet."""
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
        """The Turtle text and the triple count; objects of a repeated predicate are joined with ``,``."""
        pieces, count = [], 0
        for text, triples in self.chunks():
            pieces.append(text)
            count += triples
        return "".join(pieces), count

    def chunks(self, size: int = 1 << 16) -> Iterator[tuple[str, int]]:
        """:meth:`turtle` in pieces, each with its number of triples: the text of about ``size``
        tokens at a time, so that a writer streams a large graph to its file.

        Tokens go into one flat list joined once per piece, rather than a string per subject.
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
            if len(out) >= size:
                yield "".join(out), count
                out.clear()
                count = 0
        yield "".join(out), count
