"""Corpus fixtures for the RDF, SHACL and SPARQL tests, built by hand from real chronicle lines and gold.

``gold_corpus()`` reads the shared chronicles and their gold annotations and builds the Corpus a
perfect extraction stage would hand over: documents, entries with offsets, mentions with roles and
titles, absent persons, places with division codes, event types as extraction reads them, and
persons resolved by name within a city (the two 李树峰 of zhangye-2024-07 kept apart as homonyms),
with the posts resolve reads from their titles. No other pipeline stage is needed.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import re
from dataclasses import replace
from pathlib import Path

from kg.dates import lead_end
from kg.extract import event_types
from kg.gazetteer import load_gazetteer, simplify
from kg.resolve import held_posts
from kg.model import AdminLevel, AdminPlace, Corpus, Document, Entry, ExtractedEntry, Mention, Period, Person, PlaceMention, Role

__all__ = ["SHARED", "CORPUS_DIR", "GOLD_DIR", "SAMPLE", "gold_corpus", "gold_paths", "small_corpus"]

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS_DIR, GOLD_DIR = SHARED / "corpus", SHARED / "gold"
SAMPLE = Path(__file__).resolve().parents[1] / "kg" / "data" / "samples" / "zhangye-2024-07.txt"
# Test data, not code: the homonyms of the sample (two different people written 李树峰).
HOMONYM_NAMES = frozenset({"李树峰"})
_DEFAULTS = {"zhangye-2024-07": {"period": "2024-07", "city": "张掖市"}}


def gold_paths(doc_ids=None) -> list[Path]:
    """Gold files, all or those of ``doc_ids``; the calling test is skipped when shared/ is absent."""
    if not GOLD_DIR.is_dir() or not CORPUS_DIR.is_dir():
        import pytest

        pytest.skip(f"shared chronicles and gold not found at {SHARED}")
    paths = sorted(GOLD_DIR.glob("*.jsonl"))
    return [p for p in paths if doc_ids is None or p.stem in doc_ids]


def _corpus_path(doc_id: str) -> Path:
    path = CORPUS_DIR / f"{doc_id}.txt"
    return path if path.is_file() else SAMPLE


def _headers(text: str) -> dict[str, str]:
    return dict(re.findall(r"^# (\w+): *(.+?)\s*$", text, flags=re.M))


def _period(value: str) -> Period:
    year, month = value.split("-")[:2]
    return Period(int(year), int(month))


def _document(doc_id: str) -> Document:
    path = _corpus_path(doc_id)
    text = path.read_text(encoding="utf-8")
    meta = {**_DEFAULTS.get(doc_id, {}), **_headers(text)}
    simplified = simplify(text)
    changed = sum(a != b for a, b in zip(text, simplified))
    title = next((line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")), None)
    return Document(doc_id=doc_id, path=str(path), text=text, simplified=simplified,
                    sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(), encoding="utf-8",
                    script="Hant" if changed > 20 else "Hans", title=title, source_url=meta.get("source"),
                    place=_place(meta.get("city")), period=_period(meta["period"]),
                    period_source="metadata" if "period" in _headers(text) else "evidence")


def _place(name: str | None) -> AdminPlace | None:
    """The document's own unit as the read stage resolves it."""
    if not name:
        return None
    return load_gazetteer().lookup(name) or AdminPlace("", name, AdminLevel.CITY)


def _find_line(doc: Document, head: str, after: int) -> tuple[int, str]:
    offset = 0
    for line in doc.text.splitlines(keepends=True):
        stripped = line.rstrip("\r\n")
        if offset >= after and re.sub(r"\s+", "", stripped).startswith(head):
            return offset, stripped
        offset += len(line)
    raise LookupError(f"{doc.doc_id}: no line starts with {head!r}")


def _entry(doc: Document, gold: dict, after: int) -> Entry:
    start, text = _find_line(doc, gold["head"], after)
    end_date = dt.date.fromisoformat(gold["end_date"]) if gold.get("end_date") else None
    return Entry(doc_id=doc.doc_id, index=gold["n"], start=start, end=start + len(text), text=text,
                 simplified=simplify(text), line=doc.line_of(start), lead_end=lead_end(simplify(text)),
                 date=dt.date.fromisoformat(gold["date"]) if gold.get("date") else None, end_date=end_date,
                 time_of_day="晚" if re.match(r"^\S{0,6}日晚", text) else None,
                 date_inherited=text.lstrip().startswith(("△", "是日")))


def _mentions(entry: Entry, gold: dict) -> tuple[Mention, ...]:
    out, taken = [], set()
    people = [(p["name"], p.get("title"), Role(p["role"]), True) for p in gold["present"]]
    people += [(name, None, None, False) for name in gold.get("absent", [])]
    for name, title, role, present in people:
        start = entry.text.find(name)
        while start in taken:
            start = entry.text.find(name, start + 1)
        if start < 0:
            continue
        taken.add(start)
        out.append(Mention(doc_id=entry.doc_id, entry_index=entry.index, start=start, end=start + len(name),
                           name=name, name_simplified=simplify(name), title=title, role=role if present else None,
                           evidence="gold"))
    return tuple(sorted(out, key=lambda m: m.start))


def _places(entry: Entry, gold: dict, doc: Document) -> tuple[PlaceMention, ...]:
    gaz = load_gazetteer()
    city = gaz.lookup(doc.city) if doc.city else None
    out = []
    for name in gold.get("places", []):
        place = gaz.lookup(name, within=city) if city else gaz.lookup(name)
        start = max(entry.text.find(name), 0)
        out.append(PlaceMention("admin", place.name if place else name, name, start, start + len(name),
                                code=place.code if place else None, implicit=name not in entry.text))
    for kind in ("venues", "orgs"):
        for name in gold.get(kind, []):
            start = max(entry.text.find(name), 0)
            out.append(PlaceMention(kind[:-1] if kind == "venues" else "org", name, name, start, start + len(name)))
    return tuple(out)


def _resolve(documents: dict[str, Document], entries: list[ExtractedEntry]) -> tuple[Person, ...]:
    by_entry = {(e.entry.doc_id, e.entry.index): e.entry for e in entries}
    """Persons by (name, city); a name in HOMONYM_NAMES gets one person per entry it appears in."""
    groups: dict[str, list[Mention]] = {}
    for item in entries:
        for m in item.mentions:
            city = documents[m.doc_id].city or m.doc_id
            key = f"{m.name_simplified}|{city}"
            if m.name_simplified in HOMONYM_NAMES:
                key += f"|{m.doc_id}#{m.entry_index}"
            groups.setdefault(key, []).append(m)
    same_name: dict[tuple[str, str], list[str]] = {}
    for key in groups:
        name, city = key.split("|")[:2]
        same_name.setdefault((name, city), []).append(key)
    persons = []
    for key, mentions in groups.items():
        first = mentions[0]
        name, city = key.split("|")[:2]
        titles = tuple(dict.fromkeys(m.title for m in mentions if m.title))
        homonyms = tuple(k for k in same_name[(name, city)] if k != key)
        persons.append(Person(key=key, name=first.name, name_simplified=first.name_simplified,
                              city=documents[first.doc_id].city, titles=titles, mentions=tuple(mentions),
                              homonyms=homonyms, posts=held_posts(mentions, documents, by_entry)))
    return tuple(persons)


@functools.lru_cache(maxsize=8)
def gold_corpus(doc_ids: tuple[str, ...] | None = None) -> Corpus:
    """The Corpus of the shared chronicles as the gold annotations describe them."""
    documents, entries = {}, []
    for path in gold_paths(doc_ids):
        golds = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        doc = documents[path.stem] = _document(path.stem)
        after = 0
        for gold in golds:
            entry = _entry(doc, gold, after)
            after = entry.start + 1
            entries.append(ExtractedEntry(entry, _mentions(entry, gold), _places(entry, gold, doc),
                                          event_types(entry.simplified)))
    return Corpus(documents=tuple(documents.values()), entries=tuple(entries),
                  persons=_resolve(documents, entries))


def small_corpus() -> Corpus:
    """A few entries of zhangye-2024-07 and shiyan-2015-01: fast enough for damage tests."""
    full = gold_corpus()
    keep = {("zhangye-2024-07", n) for n in (1, 3, 11, 24, 27, 30, 57, 60)} | {("shiyan-2015-01", n) for n in (3, 4)}
    entries = tuple(e for e in full.entries if (e.entry.doc_id, e.entry.index) in keep)
    docs = tuple(d for d in full.documents if d.doc_id in {k[0] for k in keep})
    persons = []
    kept_keys = set()
    for p in full.persons:
        mentions = tuple(m for m in p.mentions if (m.doc_id, m.entry_index) in keep)
        if mentions:
            kept_keys.add(p.key)
            posts = held_posts(mentions, {d.doc_id: d for d in docs}, {(e.entry.doc_id, e.entry.index): e.entry
                                                                       for e in entries})
            persons.append(replace(p, mentions=mentions, posts=posts))
    persons = [replace(p, homonyms=tuple(k for k in p.homonyms if k in kept_keys)) for p in persons]
    return Corpus(documents=docs, entries=entries, persons=tuple(persons))
