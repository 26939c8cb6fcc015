"""The whole build through the library API and the CLI: outputs, determinism, bad input."""

import os
from pathlib import Path

import pytest

from kg.cli import main
from kg.pipeline import build, build_corpus, collect, sample_path
from kg.publish import MANIFEST
from kg.render import FILES

SAMPLE_TEXT = sample_path().read_text(encoding="utf-8")


def test_pipeline_sample_builds_july_dates_without_flags():
    corpus = build_corpus([sample_path()])
    dates = {e.entry.date for e in corpus.entries}
    assert {d.month for d in dates} == {7} and {d.year for d in dates} == {2024}
    assert len(corpus.entries) == 65
    assert any("2024-07" in n.message for n in corpus.notices)


def test_pipeline_writes_every_output_and_is_byte_identical(tmp_path):
    first = build([sample_path()], tmp_path / "a", use_cache=False)
    second = build([sample_path()], tmp_path / "b", use_cache=False)
    names = sorted(first.outputs)
    assert names == sorted(["graph.ttl", "coattendance.html", "coattendance.gexf", "coattendance.graphml",
                            "people.csv", "edges.csv", "coattendance.json", "store"])
    names.remove("store")  # RocksDB's files are not byte-stable; its content is tested in test_store.py
    for name in names:
        assert first.outputs[name].read_bytes() == second.outputs[name].read_bytes(), name


OUTPUTS = sorted(["graph.ttl", *FILES.values(), MANIFEST])


@pytest.mark.parametrize("source", ["sample", "shared corpus"])
def test_pipeline_same_input_same_bytes_across_processes(request, tmp_path, source):
    """Two processes with different hash seeds write byte-identical files: nothing depends on
    set order, object ids or state a previous build left behind."""
    import subprocess
    import sys

    chronicles = sample_path() if source == "sample" else request.getfixturevalue("shared") / "corpus"
    runs = [subprocess.Popen([sys.executable, "-m", "kg.cli", "build", str(chronicles), "--out", str(tmp_path / seed),
                              "--no-cache", "--jobs", "1"], env={**os.environ, "PYTHONHASHSEED": seed},
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            for seed in ("1", "2")]  # side by side
    for run in runs:
        _, err = run.communicate(timeout=600)
        assert run.returncode == 0, err.decode(errors="replace")
    assert sorted(p.name for p in (tmp_path / "1").iterdir() if p.is_file() and not p.name.startswith(".")) == OUTPUTS
    for name in OUTPUTS:
        assert (tmp_path / "1" / name).read_bytes() == (tmp_path / "2" / name).read_bytes(), name


def test_pipeline_cli_build_prints_one_line_per_document(tmp_path, capsys):
    assert main(["build", str(sample_path()), "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("zhangye-2024-07: 65 entries,")
    assert (tmp_path / "graph.ttl").exists()


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("name, data, message", [
    ("empty.txt", b"", "empty"),
    ("blank.txt", b"  \n\n", "empty"),
    ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
    ("undecodable.txt", bytes([0x81, 0x30, 0xFF, 0xFE, 0x85, 0x20, 0xC3]) * 40, "decode"),
    ("undated.txt", "市政府工作要事记\n\n今天天气很好。\n".encode("utf-8"), "no dated"),
])
def test_pipeline_bad_file_gets_one_line_naming_it(tmp_path, capsys, name, data, message):
    path = write(tmp_path / name, data)
    assert main(["build", str(path), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and str(path) in err[0] and "Traceback" not in err[0]
    assert message in err[0].lower()
    assert not (tmp_path / "out" / "graph.ttl").exists()


def test_pipeline_folder_without_chronicles(tmp_path, capsys):
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    assert main(["build", str(tmp_path), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert str(tmp_path) in err and "no .txt, .html or .htm file" in err


def test_pipeline_mixed_folder_builds_the_good_and_names_the_bad(tmp_path, capsys):
    write(tmp_path / "in" / "good.txt", SAMPLE_TEXT.encode("utf-8"))
    write(tmp_path / "in" / "bad.txt", b"")
    assert main(["build", str(tmp_path / "in"), "--out", str(tmp_path / "out")]) == 1
    captured = capsys.readouterr()
    assert "good: 65 entries" in captured.out
    assert "bad.txt" in captured.err
    assert (tmp_path / "out" / "graph.ttl").stat().st_size > 0


def test_pipeline_impossible_day_is_warned_and_kept_undated(tmp_path):
    text = SAMPLE_TEXT.replace("31日,第四次全国文物普查", "32日,第四次全国文物普查")
    path = write(tmp_path / "zhangye-2024-07.txt", text.encode("utf-8"))
    result = collect([path])
    (entry,) = [e.entry for e in result.corpus.entries if "第四次全国文物普查" in e.entry.text]
    assert entry.date is None
    assert any("32" in n.message and n.line for n in result.corpus.notices)


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_pipeline_unwritable_output_folder_user(tmp_path, capsys):
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    assert main(["build", str(sample_path()), "--out", str(locked / "out")]) == 1
    assert str(locked) in capsys.readouterr().err


def test_pipeline_output_folder_that_is_a_file(tmp_path, capsys):
    blocker = tmp_path / "out"
    blocker.write_text("not a folder")
    assert main(["build", str(sample_path()), "--out", str(blocker)]) == 1
    err = capsys.readouterr().err
    assert str(blocker) in err and "Traceback" not in err


def same_facts(corpus):
    return {(e.entry.index, e.entry.date, m.name_simplified, m.role) for e in corpus.entries for m in e.present}


@pytest.mark.parametrize("variant", ["gb18030", "html", "traditional"])
def test_pipeline_encoded_and_converted_copies_give_the_same_facts(tmp_path, variant):
    import zhconv

    if variant == "gb18030":
        path = write(tmp_path / "zhangye-2024-07.txt", SAMPLE_TEXT.encode("gb18030"))
    elif variant == "html":
        body = "".join(f"<p>{line}</p>\n" for line in SAMPLE_TEXT.splitlines() if line.strip())
        page = (f"<html><head><meta charset='utf-8'><title>市政府工作要事记</title><script>var x=1;</script></head>"
                f"<body><nav>首页 &gt; 政府公报</nav><div class='article'>{body}</div>"
                f"<footer>版权所有&nbsp;张掖市人民政府</footer></body></html>")
        path = write(tmp_path / "zhangye-2024-07.html", page.encode("utf-8"))
    else:
        path = write(tmp_path / "zhangye-2024-07.txt", zhconv.convert(SAMPLE_TEXT, "zh-tw").encode("utf-8"))
    original = same_facts(build_corpus([sample_path()]))
    copy = same_facts(build_corpus([path]))
    matched = len(original & copy)
    f1 = 2 * matched / (len(original) + len(copy))
    assert f1 >= 0.98


def test_pipeline_same_file_name_in_two_folders_gives_two_documents(tmp_path):
    write(tmp_path / "in" / "zhangye" / "2024-07.txt", SAMPLE_TEXT.encode("utf-8"))
    write(tmp_path / "in" / "copy" / "2024-07.txt", SAMPLE_TEXT.encode("gb18030"))
    result = collect([tmp_path / "in"])
    assert not result.failures
    assert sorted(d.doc_id for d in result.corpus.documents) == ["copy-2024-07", "zhangye-2024-07"]
    assert {e.entry.doc_id for e in result.corpus.entries} == {"copy-2024-07", "zhangye-2024-07"}


@pytest.mark.parametrize("enabled_before", [True, False])
@pytest.mark.parametrize("freeze", [True, False])
def test_pipeline_cycle_collection_paused_during_a_build_and_restored(enabled_before, freeze):
    import gc

    from kg.pipeline import cycle_collection_paused

    gc.unfreeze()
    (gc.enable if enabled_before else gc.disable)()
    try:
        with cycle_collection_paused(freeze=freeze):
            assert not gc.isenabled()
            records = [{"kept": n} for n in range(1000)]
        assert gc.isenabled() == enabled_before
        if freeze:  # not walked again by the collector's next pass
            assert gc.get_freeze_count() >= len(records)
        else:
            assert gc.get_freeze_count() == 0
        with pytest.raises(ValueError), cycle_collection_paused(freeze=freeze):
            raise ValueError("a failing stage")
        assert gc.isenabled() == enabled_before
    finally:
        gc.unfreeze()
        gc.enable()


def test_pipeline_build_leaves_the_garbage_collector_as_it_found_it(tmp_path):
    import gc

    gc.unfreeze()
    build([sample_path()], tmp_path / "out", use_cache=False)
    assert gc.get_freeze_count() == 0 and gc.isenabled()


def test_pipeline_cli_build_freezes_what_it_leaves_behind(tmp_path):
    import gc

    gc.unfreeze()
    try:
        assert main(["build", str(sample_path()), "--out", str(tmp_path / "out"), "--no-cache"]) == 0
        assert gc.get_freeze_count() > 0 and gc.isenabled()
    finally:
        gc.unfreeze()


def test_pipeline_same_name_with_two_extensions_gives_two_documents(tmp_path):
    write(tmp_path / "in" / "x.txt", SAMPLE_TEXT.encode("utf-8"))
    page = "<html><body>" + "".join(f"<p>{line}</p>" for line in SAMPLE_TEXT.splitlines()[:12]) + "</body></html>"
    write(tmp_path / "in" / "x.html", page.encode("utf-8"))
    result = collect([tmp_path / "in"])
    assert not result.failures
    assert [d.doc_id for d in result.corpus.documents] == ["x-html", "x-txt"]
    by_doc = {doc: [e for e in result.corpus.entries if e.entry.doc_id == doc] for doc in ("x-html", "x-txt")}
    assert len(by_doc["x-txt"]) == 65 and 0 < len(by_doc["x-html"]) < 65  # never merged into one event list


def test_pipeline_document_ids_do_not_depend_on_where_the_folder_lies(tmp_path):
    page = "<html><body>" + "".join(f"<p>{line}</p>" for line in SAMPLE_TEXT.splitlines()) + "</body></html>"
    for top in ("here", "elsewhere/deeper"):
        for name in ("a/2024-07.txt", "b/2024-07.txt", "b/x.txt", "b/x.htm"):
            write(tmp_path / top / "in" / name, (page if name.endswith("htm") else SAMPLE_TEXT).encode("utf-8"))
    results = [collect([tmp_path / top / "in"]) for top in ("here", "elsewhere/deeper")]
    assert not any(result.failures for result in results)
    ids = [sorted(d.doc_id for d in result.corpus.documents) for result in results]
    assert ids[0] == ids[1] == ["a-2024-07", "b-2024-07", "x-htm", "x-txt"]
    assert not any(part in doc for doc in ids[0] for part in tmp_path.parts[1:])


def test_pipeline_document_ids_unique_when_folder_and_name_collide(tmp_path):
    from kg.read import document_ids

    paths = [tmp_path / "a-x.txt", tmp_path / "a" / "x.txt", tmp_path / "b" / "x.txt"]
    ids = document_ids(paths)
    assert len(set(ids.values())) == 3 and ids[paths[0]] == "a-x" and ids[paths[2]] == "b-x"


@pytest.mark.parametrize("stage", ["kg.period.check_period", "kg.segment.segment_with_notices",
                                   "kg.extract.extract_document", "kg.read.read_document"])
def test_pipeline_failure_of_one_input_at_any_stage_is_reported_and_skipped(tmp_path, capsys, monkeypatch, stage):
    import importlib

    module_name, name = stage.rsplit(".", 1)
    module = importlib.import_module(module_name)
    real = getattr(module, name)

    def fails_on_bad(first, *args, **kwargs):
        path = getattr(first, "path", first)
        if Path(path).name == "bad.txt":
            raise RecursionError("maximum recursion depth exceeded")
        return real(first, *args, **kwargs)

    monkeypatch.setattr(module, name, fails_on_bad)
    write(tmp_path / "in" / "bad.txt", SAMPLE_TEXT.encode("utf-8"))
    write(tmp_path / "in" / "good.txt", SAMPLE_TEXT.encode("utf-8"))
    assert main(["build", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--jobs", "1", "--no-cache"]) == 1
    captured = capsys.readouterr()
    assert "good: 65 entries" in captured.out
    assert [line for line in captured.err.splitlines() if not line.startswith("warning:")] == [
        f"error: {tmp_path / 'in' / 'bad.txt'}: cannot be built (RecursionError: maximum recursion depth exceeded)"]
    assert (tmp_path / "out" / "graph.ttl").stat().st_size > 0


def test_pipeline_year_zero_period_line_fails_its_file_only(tmp_path, capsys):
    write(tmp_path / "in" / "zero.txt", "# period: 0000-01\n1日,市长李四出席会议。\n".encode("utf-8"))
    write(tmp_path / "in" / "good.txt", SAMPLE_TEXT.encode("utf-8"))
    assert main(["build", str(tmp_path / "in"), "--out", str(tmp_path / "out")]) == 1
    captured = capsys.readouterr()
    assert "good: 65 entries" in captured.out
    assert captured.err.strip().splitlines()[-1] == (
        f"error: {tmp_path / 'in' / 'zero.txt'}:1: bad period '0000-01' (there is no year 0)")


def test_pipeline_year_zero_period_flag_is_a_usage_error(tmp_path, capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["build", str(sample_path()), "--period", "0000-04", "--out", str(tmp_path / "out")])
    assert stopped.value.code == 2
    assert "there is no year 0" in capsys.readouterr().err.strip().splitlines()[-1]
    assert not (tmp_path / "out").exists()
