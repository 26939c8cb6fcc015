"""Resolve stage: decide which mentions, across entries and documents of a city, are one person.

Mentions of the same name in the same city are one person unless their titles place them
in organisations that cannot both be right (中国爱国拥军促进会常务副会长 on the 11th and
省交通运输厅副厅长 on the 27th are two people called 李树林). Local posts (市委…, 副市长,
市领导) are compatible with each other; a mention without a title joins the local person
if there is one, else the person mentioned most.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from kg.lexicon import title_words
from kg.model import Document, ExtractedEntry, Mention, Person

__all__ = ["resolve", "affiliation", "LOCAL"]

#: The affiliation of the document city's own leadership (市委, 市政府, 市人大, 市政协…).
LOCAL = "local"

_LOCAL_PREFIX = re.compile(r"^(?:原)?(?:中共)?(?:市|州|县|区|盟|旗|市委|市政府|我市)")
_COLLECTIVE = {"领导", "市领导", "州领导", "县领导", "区领导", "负责人", "主要负责人"}


def affiliation(title_segment: str) -> str:
    """The organisation a single post title belongs to: :data:`LOCAL` for the city's own,
    "" for a bare post that names no organisation (董事长).

    >>> affiliation("省交通运输厅副厅长"), affiliation("市委副书记"), affiliation("副市长")
    ('省交通运输厅', 'local', 'local')
    >>> affiliation("中国爱国拥军促进会常务副会长"), affiliation("董事长")
    ('中国爱国拥军促进会', '')
    """
    segment = title_segment.strip()
    if segment in _COLLECTIVE or _LOCAL_PREFIX.match(segment):
        return LOCAL
    for word in title_words():
        if segment.endswith(word):
            org = re.sub(r"(?:党组|党委|党总支|党工委)$", "", segment[: -len(word)])
            org = re.sub(r"(?:常务|执行|名誉|首席|一级|二级|副)+$", "", org)
            if not org and _LOCAL_PREFIX.match(word.lstrip("副常务代")):
                return LOCAL
            return org
    return segment


def same_organisation(a: str, b: str) -> bool:
    """Whether two written forms can name one organisation: one is an abbreviation of the
    other (省教育厅 / 甘肃省教育厅, 教育部职成司 / 教育部职业教育与成人教育司).

    >>> same_organisation("教育部职成司", "教育部职业教育与成人教育司")
    True
    >>> same_organisation("中国爱国拥军促进会", "省交通运输厅")
    False
    """
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    if len(short) < 2 or short[-1] != long_[-1]:
        return False
    chars = iter(long_)
    return all(c in chars for c in short)


def _affiliations(mention: Mention) -> frozenset[str]:
    return _title_affiliations(mention.title) if mention.title else frozenset()


@lru_cache(maxsize=16384)
def _title_affiliations(written_title: str) -> frozenset[str]:
    """The organisations a title names; cached, as the same titles recur through a corpus."""
    from zhconv import convert

    title = convert(written_title, "zh-cn")
    orgs: list[str] = []
    for part in re.split(r"[、,，兼]", title):
        org = affiliation(part) if part else ""
        orgs.append(org or (orgs[-1] if orgs else ""))
    return frozenset(o for o in orgs if o)


@dataclass
class _Cluster:
    affiliations: set[str]
    mentions: list[Mention]


def _cluster(mentions: list[Mention]) -> list[_Cluster]:
    """Split one name's mentions into people whose affiliations are compatible."""
    clusters: list[_Cluster] = []
    untitled: list[Mention] = []
    for mention in mentions:
        orgs = _affiliations(mention)
        if not orgs:
            untitled.append(mention)
            continue
        home = next((c for c in clusters if _compatible(c.affiliations, orgs)), None)
        if home is None:
            clusters.append(_Cluster(set(orgs), [mention]))
        else:
            home.affiliations |= orgs
            home.mentions.append(mention)
    if untitled:
        home = next((c for c in clusters if LOCAL in c.affiliations), None)
        if home is None and clusters:
            home = max(clusters, key=lambda c: len(c.mentions))
        if home is None:
            clusters.append(_Cluster(set(), untitled))
        else:
            home.mentions.extend(untitled)
    return clusters


def _compatible(these: set[str], those: frozenset[str]) -> bool:
    return any(same_organisation(a, b) for a in these for b in those)


def _key(city: str | None, name: str, cluster: _Cluster) -> str:
    if not cluster.affiliations or LOCAL in cluster.affiliations:
        tag = LOCAL
    else:
        tag = min(cluster.affiliations)
    return f"{city or ''}|{name}|{tag}"


def _person(key: str, city: str | None, mentions: list[Mention]) -> Person:
    ordered = sorted(mentions, key=lambda m: (m.doc_id, m.entry_index, m.start))
    titles = tuple(dict.fromkeys(m.title for m in ordered if m.title))
    first = ordered[0]
    return Person(key, first.name, first.name_simplified, city, titles, tuple(ordered))


def resolve(documents: tuple[Document, ...], extracted: tuple[ExtractedEntry, ...]) -> tuple[Person, ...]:
    """Group every mention into persons; persons sharing a name list each other as homonyms.

    Persons come out sorted by key, so the same input gives the same order.
    """
    city_of = {d.doc_id: d.city for d in documents}
    by_name: dict[tuple[str | None, str], list[Mention]] = defaultdict(list)
    for item in extracted:
        for mention in item.mentions:
            by_name[(city_of.get(mention.doc_id), mention.name_simplified)].append(mention)
    persons: list[Person] = []
    for (city, name), mentions in sorted(by_name.items(), key=lambda kv: (kv[0][0] or "", kv[0][1])):
        mentions.sort(key=lambda m: (m.doc_id, m.entry_index, m.start))
        for cluster in _cluster(mentions):
            persons.append(_person(_key(city, name, cluster), city, cluster.mentions))
    return _with_homonyms(persons)


def _with_homonyms(persons: list[Person]) -> tuple[Person, ...]:
    keys_by_name: dict[str, list[str]] = defaultdict(list)
    for person in persons:
        keys_by_name[person.name_simplified].append(person.key)
    result = []
    for person in persons:
        keys = keys_by_name[person.name_simplified]
        if len(keys) == 1:  # no homonym: the person as built, without making an equal copy
            result.append(person)
            continue
        others = tuple(sorted(k for k in keys if k != person.key))
        result.append(Person(person.key, person.name, person.name_simplified, person.city,
                             person.titles, person.mentions, others))
    return tuple(sorted(result, key=lambda p: p.key))
