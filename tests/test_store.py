"""Tests for kg.store: the build's Oxigraph store, a named graph per document, rewritten graph by graph."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.cli import main
from kg.pipeline import build
from kg.sparql import default_graph, load_query, run_query
from kg.store import SHARED_GRAPH, graph_of, write_nquads, write_store
from kg.vocab import DEFAULT_BASE

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "chronicles"
SHARED = DEFAULT_BASE + SHARED_GRAPH
DOCS = {DEFAULT_BASE + "doc/" + name for name in ("hexi-2010-05", "qingshui-2022-03", "yunshan-2019")}


def chronicles(folder: Path) -> Path:
    folder.mkdir(parents=True)
    for path in FIXTURES.iterdir():
        if path.suffix in (".txt", ".html"):
            shutil.copy(path, folder / path.name)
    return folder


def quads(folder: Path) -> dict[str, set[str]]:
    store = ox.Store.read_only(str(folder))
    graphs: dict[str, set[str]] = {}
    for quad in store:
        graphs.setdefault(quad.graph_name.value, set()).add(f"{quad.subject} {quad.predicate} {quad.object}")
    return graphs


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("store")
    result = build([chronicles(root / "in")], root / "out", use_cache=False, jobs=1, nquads=True)
    return root, result


def test_store_each_document_in_its_own_graph_and_shared_nodes_in_one(built):
    root, result = built
    graphs = quads(result.outputs["store"])
    assert set(graphs) == DOCS | {SHARED}
    for graph, triples in graphs.items():
        subjects = {t.split(" ", 1)[0].strip("<>") for t in triples}
        assert {graph_of(s) for s in subjects} == {graph}
    assert any("/person/" in t.split(" ", 1)[0] for t in graphs[SHARED])
    assert any(t.startswith(f"<{DEFAULT_BASE}coattendance/") for t in graphs[SHARED])  # links span documents
    assert any(t.startswith(f"<{DEFAULT_BASE}event/qingshui-2022-03/") for t in graphs[DEFAULT_BASE + "doc/qingshui-2022-03"])


def test_store_holds_exactly_the_turtle_graph(built):
    root, result = built
    turtle = {f"{q.subject} {q.predicate} {q.object}" for q in ox.parse(path=str(result.outputs["graph.ttl"]),
                                                                     format=ox.RdfFormat.TURTLE)}
    stored = set().union(*quads(result.outputs["store"]).values())
    assert stored == turtle


def test_store_answers_as_the_turtle_file(built):
    root, result = built
    for name in ("who-meets-whom", "who-attended-most", "met-with-person"):
        query = load_query(name)
        assert run_query(query, result.outputs["store"]) == run_query(query, result.outputs["graph.ttl"]), name


def test_store_kg_query_uses_the_store_when_there_is_one(built, monkeypatch, capsys):
    root, result = built
    monkeypatch.chdir(root)
    shutil.copytree(root / "out", root / "output", dirs_exist_ok=True)
    assert default_graph("output") == Path("output/store")
    assert default_graph("output", "rdflib") == Path("output/graph.ttl")
    assert main(["query", "who-meets-whom", "--format", "csv"]) == 0
    assert capsys.readouterr().out.startswith("person1,person2,together\r\n")


def test_store_nquads_are_the_store_graph_by_graph(built):
    root, result = built
    lines = result.outputs["graph.nq"].read_text(encoding="utf-8").splitlines()
    parsed = list(ox.parse(path=str(result.outputs["graph.nq"]), format=ox.RdfFormat.N_QUADS))
    assert len(parsed) == len(lines) == sum(len(t) for t in quads(result.outputs["store"]).values())
    order = [q.graph_name.value for q in parsed]
    runs = [g for i, g in enumerate(order) if i == 0 or order[i - 1] != g]
    assert runs == sorted(DOCS) + [SHARED]  # one run per document, then the shared graph


def test_store_and_nquads_same_bytes_from_a_second_build(built, tmp_path):
    root, result = built
    again = build([root / "in"], tmp_path / "out", use_cache=False, jobs=2, nquads=True)
    assert again.outputs["graph.nq"].read_bytes() == result.outputs["graph.nq"].read_bytes()


def test_store_rebuild_rewrites_only_the_changed_document(tmp_path):
    folder = chronicles(tmp_path / "in")
    build([folder], tmp_path / "out", use_cache=False, jobs=1, store=False)
    first = write_store(tmp_path / "out" / "graph.ttl", tmp_path / "store")
    assert set(first.written) == DOCS | {SHARED} and first.kept == ()
    before = quads(tmp_path / "store")

    unchanged = write_store(tmp_path / "out" / "graph.ttl", tmp_path / "store")
    assert unchanged.written == () and set(unchanged.kept) == DOCS | {SHARED}  # nothing rewritten
    assert quads(tmp_path / "store") == before

    text = (folder / "qingshui-2022-03.txt").read_text(encoding="utf-8")
    (folder / "qingshui-2022-03.txt").write_text(text.replace("传达学习全国两会精神", "传达学习全国两会精神和省委全会精神"),
                                                encoding="utf-8")
    build([folder], tmp_path / "out", use_cache=False, jobs=1, store=False)
    changed = write_store(tmp_path / "out" / "graph.ttl", tmp_path / "store")
    qingshui = DEFAULT_BASE + "doc/qingshui-2022-03"
    assert changed.written == (qingshui,) and changed.removed == ()  # its persons and places are as they were
    after = quads(tmp_path / "store")
    assert after[qingshui] != before[qingshui]
    assert all(after[g] == before[g] for g in DOCS - {qingshui} | {SHARED})
    write_store(tmp_path / "out" / "graph.ttl", tmp_path / "new")
    assert quads(tmp_path / "new") == after


def test_store_removed_document_loses_its_graph(tmp_path):
    folder = chronicles(tmp_path / "in")
    build([folder], tmp_path / "out", use_cache=False, jobs=1)
    (folder / "yunshan-2019.txt").unlink()
    build([folder], tmp_path / "out", use_cache=False, jobs=1)
    assert set(quads(tmp_path / "out" / "store")) == DOCS - {DEFAULT_BASE + "doc/yunshan-2019"} | {SHARED}


def test_store_interrupted_update_is_redone(tmp_path):
    """Digests of graphs about to change are dropped first, so a crash leaves them marked for rewriting."""
    folder = chronicles(tmp_path / "in")
    build([folder], tmp_path / "out", use_cache=False, jobs=1, store=False)
    write_store(tmp_path / "out" / "graph.ttl", tmp_path / "store")
    digests = tmp_path / "store" / "kg-graphs.json"
    digests.write_text("{broken", encoding="utf-8")
    update = write_store(tmp_path / "out" / "graph.ttl", tmp_path / "store")
    assert set(update.written) == DOCS | {SHARED}
    assert quads(tmp_path / "store")[SHARED]


def test_store_custom_base_iri(tmp_path):
    base = "http://example.org/kg/"
    result = build([chronicles(tmp_path / "in")], tmp_path / "out", use_cache=False, jobs=1, base_iri=base)
    assert set(quads(result.outputs["store"])) == {base + "doc/hexi-2010-05", base + "doc/qingshui-2022-03",
                                                   base + "doc/yunshan-2019", base + SHARED_GRAPH}


def test_store_no_store_and_nquads_from_the_cli(tmp_path, capsys):
    folder = chronicles(tmp_path / "in")
    assert main(["build", str(folder), "--out", str(tmp_path / "a"), "--no-store"]) == 0
    assert not (tmp_path / "a" / "store").exists()
    assert main(["build", str(folder), "--out", str(tmp_path / "b"), "--format", "nq"]) == 0
    assert (tmp_path / "b" / "store" / "CURRENT").is_file() and (tmp_path / "b" / "graph.nq").stat().st_size > 0
    write_nquads(tmp_path / "b" / "store", tmp_path / "again.nq")
    assert (tmp_path / "again.nq").read_bytes() == (tmp_path / "b" / "graph.nq").read_bytes()


def test_store_loaded_in_small_chunks_holds_the_same_quads_and_digests(built, tmp_path, monkeypatch):
    import kg.store

    root, result = built
    monkeypatch.setattr(kg.store, "BULK_CHUNK", 7)  # many bulk loads instead of one
    update = write_store(result.outputs["graph.ttl"], tmp_path / "store")
    assert quads(update.path) == quads(result.outputs["store"])
    nquads = write_nquads(update.path, tmp_path / "graph.nq")
    assert nquads.read_bytes() == (root / "out" / "graph.nq").read_bytes()
    assert (update.path / kg.store.DIGESTS_FILE).read_bytes() == \
        (result.outputs["store"] / kg.store.DIGESTS_FILE).read_bytes()


def test_store_nquads_of_graphs_larger_than_a_sort_run_are_sorted_the_same(built, tmp_path, monkeypatch):
    import kg.store

    root, result = built
    monkeypatch.setattr(kg.store, "SORT_RUN", 5)  # every graph sorted in runs on disk, then merged
    written = write_nquads(result.outputs["store"], tmp_path / "graph.nq")
    assert written.read_bytes() == (root / "out" / "graph.nq").read_bytes()
    assert [p.name for p in tmp_path.iterdir()] == ["graph.nq"]


def test_store_updated_shared_graph_is_what_a_new_store_holds(tmp_path):
    """After one document is removed and another added, the updated store (the shared graph brought
    up to date by difference: persons of the removed document gone, those of the added one new)
    holds exactly the quads of a new store built from the same graph.ttl."""
    folder = chronicles(tmp_path / "in")
    kept = tmp_path / "yunshan-2019.txt"
    shutil.move(folder / "yunshan-2019.txt", kept)
    build([folder], tmp_path / "out", use_cache=False, jobs=1, store=False)
    write_store(tmp_path / "out" / "graph.ttl", tmp_path / "store")
    before = quads(tmp_path / "store")[SHARED]
    (folder / "hexi-2010-05.html").unlink()
    shutil.move(kept, folder / "yunshan-2019.txt")
    build([folder], tmp_path / "out", use_cache=False, jobs=1, store=False)
    update = write_store(tmp_path / "out" / "graph.ttl", tmp_path / "store")
    assert update.removed == (DEFAULT_BASE + "doc/hexi-2010-05",)
    write_store(tmp_path / "out" / "graph.ttl", tmp_path / "new")
    updated, new = quads(tmp_path / "store"), quads(tmp_path / "new")
    assert before - new[SHARED] and new[SHARED] - before  # both removals and additions were made
    assert updated == new


@pytest.mark.parametrize("gone", [ox.Literal("1"), ox.BlankNode()])
def test_store_difference_removes_what_is_gone_and_adds_what_is_new(gone):
    """The shared graph's update by difference, on a store of its own: a triple no longer built goes
    (also one with a blank node, which only the stored quad names), a new one is added, others stay."""
    from kg.store import _replace_by_difference

    graph, said = ox.NamedNode("http://example.org/g"), ox.NamedNode("http://example.org/said")
    kept = ox.Quad(ox.NamedNode("http://example.org/a"), said, ox.Literal("可"), graph)
    store = ox.Store()
    store.extend([kept, ox.Quad(ox.NamedNode("http://example.org/b"), said, gone, graph),
                  ox.Quad(ox.NamedNode("http://example.org/b"), said, ox.Literal("别"), ox.NamedNode("http://example.org/h"))])
    new = ox.Quad(ox.NamedNode("http://example.org/c"), said, ox.Literal('新"\n'), graph)
    _replace_by_difference(store, graph, [kept, new])
    assert set(store.quads_for_pattern(None, None, None, graph)) == {kept, new}
    assert len(store) == 3
