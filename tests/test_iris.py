"""IRIs: minted from safe characters only; IRIs from the input (source URLs, --base-iri) checked first.

The hostile inputs are those of issue 11, written here by the tests.
"""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest
import rdflib

from kg.cli import main
from kg.errors import KgError
from kg.iris import (DEFAULT_BASE, check_base, coattendance_iri, document_iri, event_iri, is_iri, organization_iri,
                     person_iri, place_iri, safe_slug, venue_iri)
from kg.model import AdminLevel, AdminPlace, Person
from kg.pipeline import build

HOSTILE_TEXTS = ["1日,<b>x</b>市长李四出席会议。", "Tom|Jerry公司总经理", "在<b>x</b>大厦举行", 'a"b<c>',
                 "甲\x08乙公司总经理", "丙\x0b丁集团", "x y{z}`^\\|", "%zz", ""]


@pytest.mark.parametrize("text", HOSTILE_TEXTS)
def test_iris_slugs_hold_only_safe_characters(text):
    assert re.fullmatch(r"[a-z0-9-]*", safe_slug(text))


@pytest.mark.parametrize("text", HOSTILE_TEXTS)
def test_iris_minted_from_hostile_text_are_strict_iris(text):
    minted = [organization_iri(text), venue_iri(text, context=text), place_iri(AdminPlace("", text, AdminLevel.CITY)),
              document_iri(text), event_iri(text, 3),
              person_iri(Person(key=f"张掖市|{text}|local", name=text, name_simplified=text, city="张掖市"))]
    for iri in minted:
        assert iri.startswith(DEFAULT_BASE) and is_iri(iri), iri
        ox.NamedNode(iri)  # pyoxigraph's strict RFC 3987 parser


def test_iris_readable_parts_survive():
    assert organization_iri("Tom|Jerry公司").startswith(DEFAULT_BASE + "org/tom-jerry-gong-si-")
    assert place_iri(AdminPlace("", 'a"b<c>', AdminLevel.CITY)).startswith(DEFAULT_BASE + "place/a-b-c-")
    assert document_iri("张掖 2024|07") == DEFAULT_BASE + "doc/张掖%202024%7C07"
    assert event_iri("zhangye-2024-07", 3) == DEFAULT_BASE + "event/zhangye-2024-07/3"
    assert event_iri("..", 3) == DEFAULT_BASE + "event/%2E%2E/3"  # no dot segment for a parser to remove


def test_iris_person_iri_is_stable():
    person = Person(key="秦丽华|张掖市|1", name="秦丽华", name_simplified="秦丽华", city="张掖市")
    assert person_iri(person) == "https://w3id.org/dashiji/id/person/qin-lihua-1bef9c2b"


def test_iris_coattendance_names_the_pair_in_either_order_and_never_collides():
    """Persons with readable names, none (only a hash) and hyphens in the name: every pair its own IRI."""
    names = ["秦丽华", "韩明远", "阿里·哈桑", "الملك", "Tom-Jerry", "秦丽", "丽华", "Tom", "Tom 0a1b2c3d", "Tom-a"]
    persons = [Person(key=f"张掖市|{name}|{i}", name=name, name_simplified=name, city="张掖市")
               for name in names for i in (1, 2)]
    persons += [Person(key=key + name, name=name, name_simplified=name, city="张掖市")
                for name in ("Tom", "") for key in ("0a1b2c3d", "x", "y")]

    def by_key(pair):
        return [next(p for p in persons if p.key == key) for key in pair]
    minted = {}
    for i, one in enumerate(persons):
        for other in persons[i + 1:]:
            iri = coattendance_iri(one, other)
            assert iri == coattendance_iri(other, one) and is_iri(iri)
            assert iri.startswith(DEFAULT_BASE + "coattendance/") and iri.count("--") == 1
            minted.setdefault(iri, []).append((one.key, other.key))
    assert len(minted) == len(persons) * (len(persons) - 1) // 2
    by_persons = sorted(minted, key=lambda iri: sorted(person_iri(p) for p in by_key(minted[iri][0])))
    assert sorted(minted) == by_persons  # links sort as their pairs of persons (who-meets-whom's ties)
    qin, han = (Person(key=f"{name}|张掖市|1", name=name, name_simplified=name, city="张掖市") for name in names[:2])
    assert coattendance_iri(qin, han) == DEFAULT_BASE + "coattendance/han-mingyuan-92f06e0a--qin-lihua-1bef9c2b"


@pytest.mark.parametrize("base", ["http://x/%zz/", "http://x/a\x08b/", "http://x/a b/", "http://[x/", "not an iri",
                                  "", "http://x/<kg>/", " http://x/kg/"])
def test_iris_bad_base_is_a_clear_error(base):
    with pytest.raises(KgError, match=r"--base-iri must be an absolute IRI .*\(.+\)$"):
        check_base(base)


@pytest.mark.parametrize("base, expected", [("https://example.org/kg", "https://example.org/kg/"),
                                            ("https://example.org/kg#", "https://example.org/kg#"),
                                            ("https://例子.cn/图谱/", "https://例子.cn/图谱/")])
def test_iris_good_base_is_kept(base, expected):
    assert check_base(base) == expected


@pytest.mark.parametrize("url, valid", [("http://www.ceposystems.com/2021/1015/750153.shtml", True),
                                        ("http://x/%zz/", False), ("http://x/a\x08b", False),
                                        ("http://[x/y", False), ("http://x/a b", False), ("/relative/path", False)])
def test_iris_is_iri(url, valid):
    assert is_iri(url) is valid


# --- a build of hostile chronicles -------------------------------------------------------------------


def _entries(lines: list[str]) -> str:
    return "".join(f"{line}\n" for line in lines)


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory):
    """Chronicles written with issue 11's hostile inputs; built once."""
    folder = tmp_path_factory.mktemp("hostile")
    body = ["1日,<b>x</b>市长李四出席会议。", "2日,Tom|Jerry公司总经理王五出席会议。",
            "3日,座谈会在<b>x</b>大厦举行,市长李四出席。", "4日,甲\x08乙公司总经理赵六、丙\x0b丁集团董事长钱七出席签约仪式。"]
    (folder / "a.txt").write_text('# city: a"b<c>\n# source: http://x/%zz/\n# period: 2024-07\n2024年7月大事记\n'
                                  + _entries(body), encoding="utf-8")
    routine = [f"{day}日,市长李四出席全市工作会议并讲话,副市长王五主持会议。" for day in range(1, 7)]
    (folder / "b.txt").write_text("# city: 张掖市\n# source: http://x/a\x08b\n# period: 2024-07\n2024年7月张掖市大事记\n"
                                  + _entries(routine), encoding="utf-8")
    (folder / "c.txt").write_text("# city: 张掖市\n# source: http://[x/y\n# period: 2024-07\n2024年7月张掖市大事记\n"
                                  + _entries(routine), encoding="utf-8")
    (folder / "d.html").write_text('<html><head><title>大事记</title><link rel="canonical" href="http://x/%zz/">'
                                   "</head><body><p>2024年7月大事记</p><p>1日,&lt;b&gt;x&lt;/b&gt;市长李四出席会议。</p>"
                                   "</body></html>", encoding="utf-8")
    out = tmp_path_factory.mktemp("hostile-out")
    return build([folder], out, use_cache=False), out / "graph.ttl"


def test_iris_every_iri_of_a_hostile_build_passes_the_strict_parser(hostile_build):
    result, path = hostile_build
    assert not result.failures
    store = ox.Store()
    store.load(path.read_bytes(), format=ox.RdfFormat.TURTLE)  # strict: one bad IRI fails the whole file
    iris = {term.value for quad in store for term in (quad.subject, quad.predicate, quad.object)
            if isinstance(term, ox.NamedNode)}
    for iri in iris:
        ox.NamedNode(iri)
        assert not re.search(r"[<>\"{}|\\^`\s\x00-\x1f]", iri), iri
    graph = rdflib.Graph().parse(str(path), format="turtle")
    assert len(graph) == len(store)


def test_iris_hostile_words_still_reach_the_graph_as_labels(hostile_build):
    _, path = hostile_build
    graph = rdflib.Graph().parse(str(path), format="turtle")
    labels = {str(o) for o in graph.objects(None, rdflib.RDFS.label)}
    assert "Tom|Jerry公司" in labels and 'a"b<c>' in labels
    assert any("\x08" in label for label in labels)  # kept in the literal, escaped in the file
    orgs = [str(s) for s in graph.subjects(rdflib.RDF.type, rdflib.URIRef("http://www.w3.org/ns/org#Organization"))]
    assert any("/org/tom-jerry-gong-si-" in iri for iri in orgs)


def test_iris_invalid_source_urls_are_left_out_with_a_notice(hostile_build):
    result, path = hostile_build
    notices = {r.document.doc_id: [str(n) for n in r.notices] for r in result.results}
    for doc_id, problem in (("a", "%zz"), ("b", "\\x08"), ("c", "'[' in host"), ("d", "%zz")):
        assert any("source URL" in n and problem in n for n in notices[doc_id]), (doc_id, notices[doc_id])
    assert all(not any(c < " " for c in n) for ns in notices.values() for n in ns)  # nothing raw for the terminal
    graph = rdflib.Graph().parse(str(path), format="turtle")
    assert not list(graph.objects(None, rdflib.URIRef("https://w3id.org/dashiji/ontology#sourceUrl")))


def test_iris_bad_base_iri_stops_the_build_before_any_output(tmp_path, capsys):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("# city: 张掖市\n# period: 2024-07\n1日,市长李四出席会议。\n", encoding="utf-8")
    out = tmp_path / "out"
    code = main(["build", str(tmp_path / "in"), "--out", str(out), "--no-cache", "--base-iri", "http://x/%zz/"])
    assert code != 0
    err = capsys.readouterr().err
    assert "--base-iri" in err and "%zz" in err and "Traceback" not in err
    assert not out.exists()
