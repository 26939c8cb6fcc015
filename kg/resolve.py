"""Resolve stage: decide which mentions, across entries, documents and cities, are one person.

Mentions of the same name are one person unless their titles place them in organisations that
cannot both be right (中国爱国拥军促进会常务副会长 on the 11th and 省交通运输厅副厅长 on the 27th
are two people called 李树林). Organisations are compared under their full names, read against
each document's place (省委 in a Zhangye chronicle is 中共甘肃省委员会), so a provincial or
national leader named in chronicles of several cities is one person, while the local leadership
of one city (市委…, 副市长, 市领导) is never that of another. A mention without a title joins the
person of its own city's leadership if there is one, else the person of its city mentioned most,
else a person acting above the cities, else the untitled person of that name.

Each person's posts (:class:`HeldPost`) are read from the same titles by the same parser
(:mod:`kg.titles`): one per (role, organisation), whatever the spelling of the organisation.
Two persons whose names differ in one character and who hold the same post are linked as
near matches, with the reason, for a reader to check (a misprint such as 候/侯).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from kg.context import build_context, memoized
from kg.model import AdminPlace, Document, Entry, ExtractedEntry, HeldPost, Mention, Person
from kg.text import simplify
from kg.titles import (LOCAL, affiliation, affiliations, canonical_organization, organization_label, posts,
                       same_organisation)

__all__ = ["resolve", "held_posts", "affiliation", "same_organisation", "resolution_summary", "LOCAL"]


@dataclass(frozen=True)
class _Where:
    """What a mention's title is read against: its document's city and place."""

    city: str | None
    place: AdminPlace | None


def _where(document: Document | None) -> _Where:
    if document is None:
        return _Where(None, None)
    place = document.place if document.place is not None and document.place.code else None
    return _Where(document.city, place)


@memoized
def _title_affiliations(written_title: str) -> frozenset[str]:
    """The organisations a title names (:func:`kg.titles.affiliations` of its Simplified form)."""
    return affiliations(simplify(written_title))


@memoized
def _full_affiliations(written_title: str, where: _Where) -> frozenset[str]:
    """A title's organisations under their full names; the local leadership as ``local|<city>``."""
    found = set()
    for org in _title_affiliations(written_title):
        if org == LOCAL:
            found.add(f"{LOCAL}|{where.city or ''}")
        else:
            found.add(_organization(org, where.place) or f"{org}|{where.city or ''}")
    return frozenset(found)


def _is_local(affiliation_: str) -> bool:
    return affiliation_.startswith(LOCAL + "|")


@dataclass
class _Cluster:
    affiliations: set[str]
    mentions: list[Mention]
    cities: Counter


def _cluster(mentions: list[Mention], where_of: Mapping[str, _Where]) -> list[_Cluster]:
    """Split one name's mentions into people whose affiliations are compatible."""
    clusters: list[_Cluster] = []
    untitled: dict[str | None, list[Mention]] = defaultdict(list)
    for mention in mentions:
        where = where_of.get(mention.doc_id, _Where(None, None))
        orgs = _full_affiliations(mention.title, where) if mention.title else frozenset()
        if not orgs:
            untitled[where.city].append(mention)
            continue
        home = next((c for c in clusters if _compatible(c.affiliations, orgs)), None)
        if home is None:
            clusters.append(_Cluster(set(orgs), [mention], Counter({where.city: 1})))
        else:
            home.affiliations |= orgs
            home.mentions.append(mention)
            home.cities[where.city] += 1
    for city in sorted(untitled, key=lambda c: c or ""):
        home = _home_of_untitled(clusters, city)
        if home is None:
            home = _Cluster(set(), [], Counter())
            clusters.append(home)
        home.mentions.extend(untitled[city])
        home.cities[city] += len(untitled[city])
    return clusters


def _home_of_untitled(clusters: list[_Cluster], city: str | None) -> _Cluster | None:
    """Where a city's untitled mentions of a name go: that city's leader, else its person mentioned
    most, else a person acting above the cities (no local post), else the untitled person."""
    local = f"{LOCAL}|{city or ''}"
    ranked = sorted(clusters, key=lambda c: -len(c.mentions))  # stable: the first of equals
    return (next((c for c in clusters if local in c.affiliations), None)
            or next((c for c in ranked if c.cities[city]), None)
            or next((c for c in ranked if c.affiliations and not any(map(_is_local, c.affiliations))), None)
            or next((c for c in clusters if not c.affiliations), None))


def _compatible(these: set[str], those: frozenset[str]) -> bool:
    return any(a == b or (not _is_local(a) and not _is_local(b) and same_organisation(a, b))
               for a in these for b in those)


def _person_city(cluster: _Cluster) -> str | None:
    local = sorted(a.split("|", 1)[1] for a in cluster.affiliations if _is_local(a))
    if local:
        return local[0] or None
    return max(sorted(cluster.cities, key=lambda c: c or ""), key=lambda c: cluster.cities[c])


def _key(city: str | None, name: str, cluster: _Cluster) -> str:
    if not cluster.affiliations or any(map(_is_local, cluster.affiliations)):
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
    """The posts the titles at ``mentions`` name, one per (role, organisation), in order of first
    mention, dated by the first and last entry naming each.

    The organisation is read against the document's place and written in full (市委 in a Zhangye
    chronicle is 中共张掖市委员会, 省教育厅 is 甘肃省教育厅); one that cannot be (县委 in a city's
    chronicle) gives no post. Two spellings of one organisation in one person's posts of the same
    role (教育部职成司, 教育部职业教育与成人教育司) are one post, under the longer.
    """
    seen: dict[tuple[str, str], dict] = {}
    for mention in mentions:
        if not mention.title:
            continue
        read = _posts_read(mention.title, _where(documents.get(mention.doc_id)).place)
        if not read:
            continue
        entry = entries.get((mention.doc_id, mention.entry_index))
        days = [d for d in ((entry.date, entry.end_date) if entry is not None else ()) if d is not None]
        for role, organization, label, written, short in read:
            found = seen.setdefault((role, organization), {"days": [], "mentions": [], "labels": [], "forms": []})
            found["days"].extend(days)
            found["mentions"].append(mention)
            found["labels"].append(label)
            found["forms"] += [written, short]
    return _merge_spellings(tuple(
        HeldPost(found["labels"][0], organization, min(found["days"], default=None), max(found["days"], default=None),
                 tuple(dict.fromkeys(found["mentions"])), role, tuple(dict.fromkeys(found["labels"])),
                 _forms(found["forms"], organization))
        for (role, organization), found in seen.items()))


def _forms(forms: list[str | None], organization: str) -> tuple[str, ...]:
    return tuple(f for f in dict.fromkeys(forms) if f and f != organization)


def _merge_spellings(held: tuple[HeldPost, ...], alias: Mapping[str, str] | None = None) -> tuple[HeldPost, ...]:
    """Posts of one role in two spellings of one organisation merged, under the longer spelling
    (or the one ``alias`` gives)."""
    by_role: dict[str, list[HeldPost]] = defaultdict(list)
    for post in held:
        by_role[post.role].append(post)
    if not alias and all(len(group) == 1 for group in by_role.values()):
        return held  # one organisation per role: no two spellings to merge
    target: dict[tuple[str, str], str] = {}
    for role, group in by_role.items():
        names = sorted({p.organization for p in group}, key=lambda n: (-len(n), n))
        for name in names:
            if alias and name in alias:
                target[(role, name)] = alias[name]
                continue
            target[(role, name)] = next((longer for longer in names if len(longer) > len(name)
                                         and same_organisation(name, longer)), name)
    merged: dict[tuple[str, str], HeldPost] = {}
    for post in held:
        organization = target[(post.role, post.organization)]
        while (post.role, organization) in target and target[(post.role, organization)] != organization:
            organization = target[(post.role, organization)]
        key = (post.role, organization)
        if key not in merged:
            forms = post.organization_forms + ((post.organization,) if post.organization != organization else ())
            merged[key] = replace(post, organization=organization, organization_forms=_forms(list(forms), organization))
            continue
        old = merged[key]
        days = [d for d in (old.first_seen, old.last_seen, post.first_seen, post.last_seen) if d is not None]
        merged[key] = replace(old, first_seen=min(days, default=None), last_seen=max(days, default=None),
                              mentions=tuple(dict.fromkeys(old.mentions + post.mentions)),
                              labels=tuple(dict.fromkeys(old.labels + post.labels)),
                              organization_forms=_forms(list(old.organization_forms + post.organization_forms
                                                             + (post.organization,)), organization))
    return tuple(merged.values())


@memoized
def _posts_in(written_title: str):
    return posts(simplify(written_title))


@memoized
def _posts_read(written_title: str, place: AdminPlace | None) -> tuple[tuple[str, str, str, str, str | None], ...]:
    """The posts a title names that can be placed, read against a document's place, once per
    (title, place): ``(role, organisation in full, label, organisation as written, as labelled)``."""
    read = []
    for post in _posts_in(written_title):
        organization = _organization(post.organization, place) if post.organization else None
        if organization is not None:
            read.append((post.role, organization, post.label, post.organization,
                         _short_label(post.organization, place)))
    return tuple(read)


def _province(place: AdminPlace | None) -> AdminPlace | None:
    if place is None:
        return None
    from kg.gazetteer import load_gazetteer

    try:
        return load_gazetteer().province_of(place)
    except OSError:  # no gazetteer: a name relative to a province cannot be expanded
        return None


@memoized
def _organization(name: str, place: AdminPlace | None) -> str | None:
    """An organisation's full name, read against the document's place (see :func:`canonical_organization`)."""
    return canonical_organization(name, place, _province(place))


@memoized
def _short_label(name: str | None, place: AdminPlace | None) -> str | None:
    """An organisation as written, with the document's place put in (市委 → 张掖市委)."""
    return organization_label(name, place, _province(place)) if name else None


def resolve(documents: tuple[Document, ...], extracted: tuple[ExtractedEntry, ...]) -> tuple[Person, ...]:
    """Group every mention into persons; persons sharing a name list each other as homonyms, persons
    whose names differ in one character and who hold the same post as near matches.

    Persons come out sorted by key, so the same input gives the same order. Titles are read once
    per build (the build's context, or one opened for this call).
    """
    with build_context():
        return _resolve(documents, extracted)


def _resolve(documents: tuple[Document, ...], extracted: tuple[ExtractedEntry, ...]) -> tuple[Person, ...]:
    where_of = {d.doc_id: _where(d) for d in documents}
    by_doc = {d.doc_id: d for d in documents}
    entries = {(item.entry.doc_id, item.entry.index): item.entry for item in extracted}
    by_name: dict[str, list[Mention]] = defaultdict(list)
    for item in extracted:
        for mention in item.mentions:
            by_name[mention.name_simplified].append(mention)
    persons: list[Person] = []
    for name, mentions in sorted(by_name.items()):
        mentions.sort(key=lambda m: (m.doc_id, m.entry_index, m.start))
        for cluster in _cluster(mentions, where_of):
            city = _person_city(cluster)
            persons.append(_person(_key(city, name, cluster), city, cluster.mentions, by_doc, entries))
    return _with_near_matches(_with_homonyms(_with_one_spelling(persons)))


def _with_one_spelling(persons: list[Person]) -> list[Person]:
    """Every person's posts under the one spelling of an organisation that any person's posts
    showed to be the same (教育部职成司 → 教育部职业教育与成人教育司)."""
    alias: dict[str, set[str]] = defaultdict(set)
    for person in persons:
        for post in person.posts:
            for form in post.organization_forms:
                alias[form].add(post.organization)
    names = {post.organization for person in persons for post in person.posts}
    unique = {form: min(targets) for form, targets in alias.items()
              if len(targets) == 1 and form in names and form not in targets}
    if not unique:
        return persons
    return [replace(p, posts=_merge_spellings(p.posts, unique)) if any(q.organization in unique for q in p.posts)
            else p for p in persons]


def _with_homonyms(persons: list[Person]) -> list[Person]:
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
    return result


def _one_character_apart(a: str, b: str) -> tuple[str, str] | None:
    """The differing characters of two names of one length that differ in exactly one place."""
    if len(a) != len(b) or len(a) < 2:
        return None
    diff = [(x, y) for x, y in zip(a, b) if x != y]
    return diff[0] if len(diff) == 1 else None


def _one_apart_pairs(group: list[Person]) -> list[tuple[Person, Person]]:
    """Pairs of persons whose names differ in one character, found through the names with one
    character masked (linear in the group, not quadratic), each pair ordered by key."""
    masked: dict[tuple[int, str], list[Person]] = defaultdict(list)
    for person in group:
        name = person.name_simplified
        for i in range(len(name) if len(name) >= 2 else 0):
            masked[(i, name[:i] + "\0" + name[i + 1:])].append(person)
    pairs: dict[tuple[str, str], tuple[Person, Person]] = {}  # by keys: hashing a person hashes its mentions
    for same in masked.values():
        for i, a in enumerate(same):
            for b in same[i + 1:]:
                if a.key != b.key and a.name_simplified != b.name_simplified:
                    first, second = (a, b) if a.key < b.key else (b, a)
                    pairs[(first.key, second.key)] = (first, second)
    return [pairs[keys] for keys in sorted(pairs)]


def _with_near_matches(persons: list[Person]) -> tuple[Person, ...]:
    """Persons whose names differ in one character and who hold a post of the same role in the
    same organisation, linked both ways with the reason (候建民/侯建民, 省委组织部部长)."""
    holders: dict[tuple[str, str], list[Person]] = defaultdict(list)
    for person in persons:
        for post in person.posts:
            holders[(post.role, post.organization)].append(person)
    shared: dict[tuple[str, str], list[str]] = defaultdict(list)
    named: dict[str, str] = {}
    for (role, organization), group in sorted(holders.items()):
        for a, b in _one_apart_pairs(group):
            shared[(a.key, b.key)].append(f"{role} in {organization}")
            named[a.key], named[b.key] = a.name_simplified, b.name_simplified
    reasons: dict[str, dict[str, str]] = defaultdict(dict)
    for (a, b), held in shared.items():
        x, y = _one_character_apart(named[a], named[b])
        reason = f"names differ in one character ({x}/{y}); same post: {'; '.join(held)}"
        reasons[a][b] = reasons[b][a] = reason
    result = [replace(p, near_matches=tuple(sorted(reasons[p.key].items()))) if reasons.get(p.key) else p
              for p in persons]
    return tuple(sorted(result, key=lambda p: p.key))


def resolution_summary(persons: Iterable[Person], documents: Iterable[Document]) -> str:
    """How resolution turned names into persons, and why: names split into several persons (titles
    in organisations that cannot both be right), persons named in chronicles of several cities
    (kept one: their posts are compatible), pairs linked as possibly the same person.

    >>> resolution_summary((), ())
    'from 0 names: none split, none merged across cities, no possible same-person pair'
    """
    persons = tuple(persons)
    city_of = {d.doc_id: d.city for d in documents}
    per_name = Counter(p.name_simplified for p in persons)
    split = [n for n in per_name.values() if n > 1]
    across = sum(1 for p in persons if len({city_of.get(m.doc_id) for m in p.mentions}) > 1)
    pairs = sum(len(p.near_matches) for p in persons) // 2
    parts = [f"{_count(len(split), 'name')} split into {sum(split)} persons (titles in incompatible organisations)"
             if split else "none split",
             f"{_count(across, 'person')} named in several cities kept one (compatible posts)" if across
             else "none merged across cities",
             f"{_count(pairs, 'possible same-person pair')} (names one character apart, same post)" if pairs
             else "no possible same-person pair"]
    return f"from {_count(len(per_name), 'name')}: " + ", ".join(parts)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")
