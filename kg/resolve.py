"""Resolve stage: decide which mentions, across entries and documents of a city, are one person.

Mentions of the same name in the same city are one person unless their titles place them
in organisations that cannot both be right (中国爱国拥军促进会常务副会长 on the 11th and
省交通运输厅副厅长 on the 27th are two people called 李树林). Local posts (市委…, 副市长,
市领导) are compatible with each other; a mention without a title joins the local person
if there is one, else the person mentioned most. Each person's posts (:class:`HeldPost`) are
read from the same titles, by the same parser (:mod:`kg.titles`), so the graph writer only writes them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from kg.context import memoized
from kg.model import AdminPlace, Document, Entry, ExtractedEntry, HeldPost, Mention, Person
from kg.text import simplify
from kg.titles import LOCAL, affiliation, affiliations, organization_label, posts, same_organisation

__all__ = ["resolve", "held_posts", "affiliation", "same_organisation", "LOCAL"]


def _affiliations(mention: Mention) -> frozenset[str]:
    return _title_affiliations(mention.title) if mention.title else frozenset()


@memoized
def _title_affiliations(written_title: str) -> frozenset[str]:
    """The organisations a title names (:func:`kg.titles.affiliations` of its Simplified form)."""
    return affiliations(simplify(written_title))


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


def _person(key: str, city: str | None, mentions: list[Mention], documents: Mapping[str, Document],
            entries: Mapping[tuple[str, int], Entry]) -> Person:
    ordered = sorted(mentions, key=lambda m: (m.doc_id, m.entry_index, m.start))
    titles = tuple(dict.fromkeys(m.title for m in ordered if m.title))
    first = ordered[0]
    return Person(key, first.name, first.name_simplified, city, titles, tuple(ordered),
                  posts=held_posts(ordered, documents, entries))


def held_posts(mentions: Iterable[Mention], documents: Mapping[str, Document],
               entries: Mapping[tuple[str, int], Entry]) -> tuple[HeldPost, ...]:
    """The posts the titles at ``mentions`` name, one per (post, organisation), in order of first
    mention, dated by the first and last entry naming each.

    An organisation written relative to the document's place is expanded with it (市委 in a
    Zhangye chronicle is 张掖市委, 省交通运输厅 is 甘肃省交通运输厅); one that cannot be (县委 in a
    city's chronicle) is left out, and the post is then in no organisation.
    """
    seen: dict[tuple[str, str | None], tuple[list, list[Mention]]] = {}
    for mention in mentions:
        if not mention.title:
            continue
        named = _posts_in(mention.title)
        if not named:
            continue
        document = documents.get(mention.doc_id)
        place = document.place if document is not None and document.place is not None and document.place.code else None
        entry = entries.get((mention.doc_id, mention.entry_index))
        days = [d for d in ((entry.date, entry.end_date) if entry is not None else ()) if d is not None]
        for post in named:
            organization = _organization(post.organization, place) if post.organization else None
            found_days, found_mentions = seen.setdefault((post.label, organization), ([], []))
            found_days.extend(days)
            found_mentions.append(mention)
    return tuple(HeldPost(label, organization, min(days, default=None), max(days, default=None),
                          tuple(dict.fromkeys(found)))
                 for (label, organization), (days, found) in seen.items())


@memoized
def _posts_in(written_title: str):
    return posts(simplify(written_title))


@memoized
def _organization(name: str, place: AdminPlace | None) -> str | None:
    """An organisation's name, unambiguous with the document's place (see :func:`organization_label`)."""
    province = None
    if place is not None:
        from kg.gazetteer import load_gazetteer

        try:
            province = load_gazetteer().province_of(place)
        except OSError:  # no gazetteer: a name relative to a province cannot be expanded
            province = None
    return organization_label(name, place, province)


def resolve(documents: tuple[Document, ...], extracted: tuple[ExtractedEntry, ...]) -> tuple[Person, ...]:
    """Group every mention into persons; persons sharing a name list each other as homonyms.

    Persons come out sorted by key, so the same input gives the same order.
    """
    city_of = {d.doc_id: d.city for d in documents}
    by_doc = {d.doc_id: d for d in documents}
    entries = {(item.entry.doc_id, item.entry.index): item.entry for item in extracted}
    by_name: dict[tuple[str | None, str], list[Mention]] = defaultdict(list)
    for item in extracted:
        for mention in item.mentions:
            by_name[(city_of.get(mention.doc_id), mention.name_simplified)].append(mention)
    persons: list[Person] = []
    for (city, name), mentions in sorted(by_name.items(), key=lambda kv: (kv[0][0] or "", kv[0][1])):
        mentions.sort(key=lambda m: (m.doc_id, m.entry_index, m.start))
        for cluster in _cluster(mentions):
            persons.append(_person(_key(city, name, cluster), city, cluster.mentions, by_doc, entries))
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
        result.append(replace(person, homonyms=others))
    return tuple(sorted(result, key=lambda p: p.key))
