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


def test_resolve_separates_local_leaders_of_different_cities():
    """Issue 12: a city's own leadership (市委副书记) is never another city's: two persons."""
    doc_a, ext_a = build(LINES[:1], doc_id="a", city="张掖市")
    doc_b, ext_b = build(LINES[:1], doc_id="b", city="兰州市")
    persons = [p for p in resolve((doc_a, doc_b), ext_a + ext_b) if p.name == "柴向前"]
    assert len(persons) == 2 and all(p.homonyms for p in persons)
    assert {p.city for p in persons} == {"张掖市", "兰州市"}


def test_resolve_joins_an_untitled_name_across_cities():
    """Issue 12: a leader named without a title in chronicles of two cities (习近平 in Zhangye's and
    Chuxiong's) is one person: nothing in the texts sets the mentions apart."""
    doc_a, ext_a = build(LINES[1:2], doc_id="a", city="张掖市")
    doc_b, ext_b = build(LINES[1:2], doc_id="b", city="兰州市")
    (person,) = [p for p in resolve((doc_a, doc_b), ext_a + ext_b) if p.name == "柴向前"]
    assert {m.doc_id for m in person.mentions} == {"a", "b"} and not person.homonyms


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
    assert set(posts) == {("市委副书记", "中共张掖市委员会"), ("市长", "张掖市人民政府")}
    assert posts[("市委副书记", "中共张掖市委员会")].organization_forms == ("市委", "张掖市委")
    assert {p.role for p in person.posts} == {"副书记", "市长"}
    mayor = posts[("市长", "张掖市人民政府")]
    assert (mayor.first_seen, mayor.last_seen) == (dt.date(2024, 7, 2), dt.date(2024, 7, 9))
    assert [m.entry_index for m in mayor.mentions] == [1, 3]


# --- issue 12 on whole corpora: the shared chronicles and invented ones (tests/fixtures/identity) ----


def _persons(corpus, name):
    return [p for p in corpus.persons if p.name_simplified == name]


def test_resolve_promoted_between_two_chronicles_is_one_person_with_both_posts():
    """闻远航: 副市长 in March 2019, 市委副书记、市长 in June 2021, both in 张掖市's chronicles."""
    from identity_fixtures import built
    (person,) = _persons(built("identity"), "闻远航")
    assert {m.doc_id for m in person.mentions} == {"zhangye-2019-03", "zhangye-2021-06"}
    posts = {(p.role, p.organization): p for p in person.posts}
    assert set(posts) == {("副市长", "张掖市人民政府"), ("市长", "张掖市人民政府"), ("副书记", "中共张掖市委员会")}
    assert posts[("副市长", "张掖市人民政府")].last_seen == dt.date(2019, 3, 5)
    assert posts[("市长", "张掖市人民政府")].first_seen == dt.date(2021, 6, 3)


def test_resolve_provincial_leader_in_two_cities_is_one_person():
    from identity_fixtures import built
    (person,) = _persons(built("identity"), "贺知行")
    assert {m.doc_id for m in person.mentions} == {"zhangye-2019-03", "zhangye-2021-06", "jiuquan-2021-06"}
    [post] = person.posts
    assert (post.role, post.organization) == ("副书记", "中共甘肃省委员会")
    assert (post.first_seen, post.last_seen) == (dt.date(2019, 3, 12), dt.date(2021, 6, 15))


@pytest.mark.parametrize("name, organisations", [
    ("严立群", {"中共张掖市委员会", "中共酒泉市委员会"}),  # each city's own party secretary
    ("蓝启明", {"中共张掖市委员会", "甘肃省农业农村厅"}),  # a city's committee, then a provincial department
])
def test_resolve_real_homonyms_stay_two(name, organisations):
    from identity_fixtures import built
    persons = _persons(built("identity"), name)
    assert len(persons) == 2 and all(p.homonyms for p in persons)
    assert {frozenset(p.organization for p in person.posts) for person in persons} == {
        frozenset({o}) for o in organisations}


def test_resolve_summary_says_what_was_split_and_merged():
    from identity_fixtures import built
    from kg.resolve import resolution_summary
    corpus = built("identity")
    assert resolution_summary(corpus.persons, corpus.documents) == (
        "from 4 names: 2 names split into 4 persons (titles in incompatible organisations), "
        "1 person named in several cities kept one (compatible posts), no possible same-person pair")


@pytest.mark.parametrize("corpus_name", ["corpus", "wide", "identity"])
def test_resolve_one_post_per_role_and_organisation(corpus_name):
    from identity_fixtures import built
    for person in built(corpus_name).persons:
        keys = [(p.role, p.organization) for p in person.posts]
        assert len(keys) == len(set(keys)), person.key
        assert all(p.organization and p.role for p in person.posts), person.key


@pytest.mark.parametrize("corpus_name", ["corpus", "wide", "identity"])
def test_resolve_post_and_organisation_names_are_bounded(corpus_name):
    """No count, no phrase of other people joined by a conjunction, no venue in a post or organisation."""
    import re
    from identity_fixtures import built
    from kg.titles import bound_title, names_one_organization
    for person in built(corpus_name).persons:
        for post in person.posts:
            for text in (*post.labels, post.organization):
                assert bound_title(text) == text and not re.search(r"[0-9０-９]", text), (person.key, text)
            assert names_one_organization(post.organization)
            assert not post.organization.endswith(("招待所", "宾馆", "酒店", "广场")), post.organization


def test_resolve_shared_corpus_identities():
    """Issue 12's cases on ../shared/corpus: 习近平 one person across the cities' chronicles, the two
    李树峰 two, 候长安/侯长安 near matches with the reason, 于长学 read Yu Changxue."""
    from identity_fixtures import built
    from kg.pinyin import person_pinyin
    corpus = built("corpus")
    (xi,) = _persons(corpus, "习近平")
    assert len({m.doc_id for m in xi.mentions}) >= 2
    assert len(_persons(corpus, "李树峰")) == 2
    (a,), (b,) = _persons(corpus, "候长安"), _persons(corpus, "侯长安")
    assert dict(a.near_matches).get(b.key) == dict(b.near_matches).get(a.key)
    assert "候" in dict(a.near_matches)[b.key] and "中共甘肃省委组织部" in dict(a.near_matches)[b.key]
    (yu,) = _persons(corpus, "于长学")
    assert person_pinyin(yu.name) == "Yu Changxue"


def test_resolve_outside_a_build_reads_each_title_once(monkeypatch):
    """A notebook calling resolve() without a build still parses each distinct title once (resolve
    opens a build context of its own), and gets the persons a build gets."""
    import kg.resolve
    from kg.context import build_context

    document, extracted = build(LINES)
    expected = resolve((document,), extracted)
    parsed = []
    real_posts = kg.resolve.posts
    monkeypatch.setattr(kg.resolve, "posts", lambda title: parsed.append(title) or real_posts(title))
    assert resolve((document,), extracted) == expected
    assert parsed and len(parsed) == len(set(parsed))
    with build_context():
        assert resolve((document,), extracted) == expected


def test_resolve_near_matches_are_found_in_every_shared_post():
    """Two persons one character apart in names, holding two same posts, are linked once with both
    posts in the reason; a third name two characters apart is not linked."""
    lines = ["3日,省委组织部部长、省委党校校长候建新、侯建新出席会议。",
             "5日,省委组织部部长、省委党校校长侯建新出席会议。省委组织部部长吴建平出席会议。"]
    document, extracted = build(lines)
    persons = {p.name: p for p in resolve((document,), extracted)}
    a, b = persons["候建新"], persons["侯建新"]
    assert [k for k, _ in a.near_matches] == [b.key] and [k for k, _ in b.near_matches] == [a.key]
    reason = dict(a.near_matches)[b.key]
    assert reason.startswith(("names differ in one character (候/侯)", "names differ in one character (侯/候)"))
    assert reason.endswith("same post: 校长 in 中共甘肃省委党校; 部长 in 中共甘肃省委组织部"), reason
    assert not persons["吴建平"].near_matches
