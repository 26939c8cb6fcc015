"""Resolution of mentions into persons, across entries and documents of a city."""

import dataclasses
import datetime as dt

import pytest

from kg.dates import lead_end
from kg.extract import extract_document
from kg.gazetteer import load_gazetteer
from kg.model import AdminLevel, AdminPlace, Document, Entry
from kg.resolve import affiliation, resolve


def _place(name):
    """The document's own unit as the read stage resolves it."""
    if not name:
        return None
    return load_gazetteer().lookup(name) or AdminPlace("", name, AdminLevel.CITY)


LINES = [
    "11日,全国双拥模范创建典型暨服务保障体系建设宣传会在我市召开。中国爱国拥军促进会常务副会长李树峰、市委副书记柴向前出席开幕会并致辞。",
    "△张掖市青年企业家协会成立大会召开。柴向前出席会议并讲话。",
    "27日,全省交通运输系统党建工作推进会在我市召开。省交通运输厅副厅长陈亚民、李树峰,市委副书记柴向前出席。",
]


def build(lines, city="张掖市", doc_id="zhangye-2024-07"):
    text = "\n".join(lines)
    document = Document(doc_id, f"{doc_id}.txt", text, text, "0" * 64, "utf-8", place=_place(city))
    entries, offset = [], 0
    for index, line in enumerate(lines, 1):
        entries.append(Entry(doc_id, index, offset, offset + len(line), line, line, index, lead_end=lead_end(line)))
        offset += len(line) + 1
    return document, extract_document(document, tuple(entries))


def test_resolve_splits_homonyms_with_conflicting_affiliations():
    document, extracted = build(LINES)
    persons = [p for p in resolve((document,), extracted) if p.name == "李树峰"]
    assert len(persons) == 2
    assert {p.titles for p in persons} == {("中国爱国拥军促进会常务副会长",), ("省交通运输厅副厅长",)}
    first, second = persons
    assert first.homonyms == (second.key,) and second.homonyms == (first.key,)


def test_resolve_joins_titled_and_untitled_mentions_of_a_local_leader():
    document, extracted = build(LINES)
    (person,) = [p for p in resolve((document,), extracted) if p.name == "柴向前"]
    assert [m.entry_index for m in person.mentions] == [1, 2, 3]
    assert person.titles == ("市委副书记",)


def test_resolve_keeps_one_person_across_documents_of_a_city():
    doc_a, ext_a = build(LINES[:1], doc_id="a")
    doc_b, ext_b = build(LINES[1:2], doc_id="b")
    (person,) = [p for p in resolve((doc_a, doc_b), ext_a + ext_b) if p.name == "柴向前"]
    assert {m.doc_id for m in person.mentions} == {"a", "b"}


def test_resolve_separates_same_name_in_different_cities():
    doc_a, ext_a = build(LINES[1:2], doc_id="a", city="张掖市")
    doc_b, ext_b = build(LINES[1:2], doc_id="b", city="兰州市")
    persons = [p for p in resolve((doc_a, doc_b), ext_a + ext_b) if p.name == "柴向前"]
    assert len(persons) == 2 and all(p.homonyms for p in persons)


def test_resolve_is_deterministic():
    document, extracted = build(LINES)
    assert resolve((document,), extracted) == resolve((document,), tuple(reversed(extracted)))


@pytest.mark.parametrize("title, expected", [
    ("省交通运输厅副厅长", "省交通运输厅"),
    ("市委副书记", "local"),
    ("副市长", "local"),
    ("州委常委", "local"),
    ("中国爱国拥军促进会常务副会长", "中国爱国拥军促进会"),
    ("省卫生健康委党组成员", "省卫生健康委"),
    ("董事长", ""),
])
def test_resolve_affiliation_of_a_title(title, expected):
    assert affiliation(title) == expected




def test_resolve_acting_and_full_title_in_one_organisation_are_one_person():
    """Issue 9: 甘肃省文联代理主席 was read as organisation 甘肃省文联代理, so the same person became two."""
    lines = ["3日,全市文艺工作座谈会召开。甘肃省文联代理主席王立新出席并讲话。",
             "△甘肃省文联主席王立新来我市调研文艺创作工作。"]
    document, extracted = build(lines)
    assert [m.title for e in extracted for m in e.mentions if m.name == "王立新"] == ["甘肃省文联代理主席", "甘肃省文联主席"]
    (person,) = [p for p in resolve((document,), extracted) if p.name == "王立新"]
    assert {post.organization for post in person.posts} == {"甘肃省文联"}


def test_resolve_posts_are_expanded_with_the_document_place_and_dated():
    lines = ["2日,市委副书记、市长柴向前主持召开市政府常务会议。", "△柴向前出席全市安全生产工作会议。",
             "9日,市长柴向前深入高台县调研。"]
    document, extracted = build(lines)
    extracted = tuple(dataclasses.replace(e, entry=dataclasses.replace(e.entry, date=dt.date(2024, 7, day)))
                      for e, day in zip(extracted, (2, 2, 9)))
    (person,) = [p for p in resolve((document,), extracted) if p.name == "柴向前"]
    posts = {(p.label, p.organization): p for p in person.posts}
    assert set(posts) == {("市委副书记", "张掖市委"), ("市长", "张掖市人民政府")}
    mayor = posts[("市长", "张掖市人民政府")]
    assert (mayor.first_seen, mayor.last_seen) == (dt.date(2024, 7, 2), dt.date(2024, 7, 9))
    assert [m.entry_index for m in mayor.mentions] == [1, 3]
