"""kg.views: the page's events (full text, source, roles, places, types) and its script table.

``rich_corpus`` (two chronicles, one in Traditional, with places, event types and a source URL)
is also used by test_browser.py and test_exports.py.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib

import pytest

from kg.model import (AdminLevel, AdminPlace, Corpus, Document, Entry, ExtractedEntry, Mention, Person, PlaceMention,
                      Role, Script)
from kg.network import coattendance_graph
from kg.views import event_place, page_views, person_roles, safe_url, script_table
from test_network import HOSTILE, IMG, ZHANGYE, corpus_from_lines, person_key

ZHANGYE_URL = "https://www.zhangye.gov.cn/zyszfxxgk/2024-07.html"
# code, name as written, implicit? — places of the gazetteer (张掖市, 甘州区, 高台县)
ZHANGYE_PLACES = {1: ("620724000000", "高台县"), 6: ("620700000000", "张掖市"), 9: ("620702000000", "甘州区")}
ZHANGYE_TYPES = {1: ("Meeting",), 2: ("Forum",), 3: ("Meeting",), 4: ("Meeting",), 6: ("Inspection",),
                 8: ("Meeting", "Signing"), 9: ("Inspection",)}

# A chronicle of our own in Traditional script, another city: people written 黃志遠, 陳明.
TAIPEI_LINES = [
    ("2024-07-08", "8日,市長黃志遠主持召開全市安全生產工作會議,副市長陳明出席會議並講話。",
     [("黃志遠", Role.CHAIR, "市長"), ("陳明", Role.SPEAKER, "副市長")]),
    ("2024-07-15", "15日,黃志遠會見來訪客商,陳明參加會見。",
     [("黃志遠", Role.LEAD, "市長"), ("陳明", Role.ATTENDEE, "副市長")]),
]
OTHER_CITY = "十堰市"


def rich_corpus(rows=ZHANGYE, url: str = ZHANGYE_URL) -> Corpus:
    """The ZHANGYE corpus with its source URL, places and event types, and a second chronicle
    written in Traditional characters in another city."""
    from kg.gazetteer import simplify

    base = corpus_from_lines(rows)
    entries = []
    for x in base.entries:
        place = ZHANGYE_PLACES.get(x.entry.index, ("620700000000", "张掖市"))
        implicit = x.entry.index not in ZHANGYE_PLACES
        at = x.entry.text.find(place[1])
        mention = PlaceMention(kind="admin", name=place[1], surface=place[1], start=max(at, 0),
                               end=max(at, 0) + len(place[1]), code=place[0], implicit=implicit)
        entries.append(dataclasses.replace(x, places=(mention,), event_types=ZHANGYE_TYPES.get(x.entry.index, ())))
    document = dataclasses.replace(base.documents[0], source_url=url, title="市政府工作要事记")
    doc_id = "shiyan-2024-07"
    text = "\n\n".join(line for _, line, _ in TAIPEI_LINES)
    other = Document(doc_id=doc_id, path=f"{doc_id}.txt", text=text, simplified=simplify(text),
                     sha256=hashlib.sha256(text.encode()).hexdigest(), encoding="utf-8", script=Script.HANT,
                     place=AdminPlace("420300000000", OTHER_CITY, AdminLevel.CITY, "420000000000"),
                     title="大事記", source_url="javascript:alert(1)")
    persons, start = {}, 0
    for index, (date, line, people) in enumerate(TAIPEI_LINES, 1):
        entry = Entry(doc_id=doc_id, index=index, start=start, end=start + len(line), text=line,
                      simplified=simplify(line), line=other.line_of(start), date=dt.date.fromisoformat(date))
        start += len(line) + 2
        mentions = []
        for name, role, title in people:
            at = line.find(name)
            mentions.append(Mention(doc_id=doc_id, entry_index=index, start=at, end=at + len(name), name=name,
                                    name_simplified=simplify(name), title=title, role=role))
            persons.setdefault(name, []).append(mentions[-1])
        place = PlaceMention(kind="admin", name="十堰市", surface="", start=0, end=0, code="420300000000",
                             implicit=True)
        entries.append(ExtractedEntry(entry=entry, mentions=tuple(mentions), places=(place,),
                                      event_types=("Meeting",) if index == 1 else ("Visit",)))
    extra = tuple(Person(key=f"{OTHER_CITY}/{simplify(name)}", name=name, name_simplified=simplify(name),
                         city=OTHER_CITY, titles=tuple(dict.fromkeys(m.title for m in ms if m.title)),
                         mentions=tuple(ms)) for name, ms in persons.items())
    return Corpus(documents=(document, other), entries=tuple(entries), persons=base.persons + extra)


@pytest.fixture(scope="module")
def corpus():
    return rich_corpus()


@pytest.fixture(scope="module")
def views(corpus):
    return page_views(corpus, coattendance_graph(corpus))


def test_views_events_carry_full_text_date_document_and_types(views):
    event = views["events"]["zhangye-2024-07#8"]
    assert event["text"] == " ".join(ZHANGYE[7][1].split())  # the whole entry (spaces folded), not a short title
    assert len(event["text"]) > 100
    assert (event["date"], event["doc"], event["types"]) == ("2024-07-04", "zhangye-2024-07", ["Meeting", "Signing"])


def test_views_roles_are_each_persons_strongest_per_event(views):
    zhao = views["roles"][person_key("赵立香")]
    assert zhao["zhangye-2024-07#3"] == "speaker" and zhao["zhangye-2024-07#7"] == "chair"
    assert zhao["zhangye-2024-07#6"] == "lead"
    assert "zhangye-2024-07#1" in views["roles"][person_key("卢小亨")]
    assert person_key("习近平") not in views["roles"]  # named, never present


def test_views_places_have_coordinates_and_prefer_named_places(views):
    places = {row[1]: row for row in views["places"]}
    assert {"张掖市", "高台县", "甘州区", "十堰市"} <= set(places)
    gaotai = places["高台县"]
    assert 38 < gaotai[2] < 41 and 98 < gaotai[3] < 101  # latitude, longitude of Gaotai
    assert views["places"][views["events"]["zhangye-2024-07#1"]["place"]][1] == "高台县"


def test_views_documents_keep_only_web_links(views):
    assert views["docs"]["zhangye-2024-07"]["url"] == ZHANGYE_URL
    assert views["docs"]["shiyan-2024-07"]["url"] == ""  # javascript: is not a link
    assert views["docs"]["shiyan-2024-07"]["city"] == OTHER_CITY


@pytest.mark.parametrize(("url", "expected"), [
    ("https://a.gov.cn/x.html", "https://a.gov.cn/x.html"), ("HTTP://a.gov.cn/", "HTTP://a.gov.cn/"),
    ("javascript:alert(1)", ""), ("data:text/html,<b>", ""), ("//a.gov.cn", ""), ('https://a"onmouseover=x', ""),
    (None, ""),
])
def test_views_safe_url(url, expected):
    assert safe_url(url) == expected


def test_views_script_table_crosses_scripts(views):
    table = views["chars"]
    fold = lambda text: "".join(table.get(c, c) for c in text)  # noqa: E731 - as the page folds
    assert fold("趙立香") == fold("赵立香") == "赵立香"
    assert fold("黄志远") == fold("黃志遠") == "黄志远"
    assert fold("市長") == "市长"


def test_views_script_table_is_small_and_sorted():
    table = script_table(["赵立香", "市委副书记、市长"])
    assert list(table) == sorted(table) and set(table.values()) <= set("赵立香市委副书记、市长")


def test_views_event_place_none_without_coordinates(corpus):
    bare = dataclasses.replace(corpus.entries[0], places=())
    assert event_place(bare) is None


def test_views_person_roles_skip_absent_mentions(corpus):
    xi = next(p for p in corpus.persons if p.name == "习近平")
    assert person_roles(xi) == {}


def test_views_hostile_text_stays_text():
    corpus = corpus_from_lines(HOSTILE)
    views = page_views(corpus, coattendance_graph(corpus))
    assert any(IMG in event["text"] for event in views["events"].values())
